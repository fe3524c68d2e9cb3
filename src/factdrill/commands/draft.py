"""``factdrill draft``: a deck draft from an article, and the review of drafts."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import click

from ..terminal import style, truncate, wrap

WIDTH = 80


@click.command()
@click.argument("target", metavar="SOURCE|DECK")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Deck folder to create (default: decks/NAME after the source file).")
@click.option("--review", is_flag=True, help="Review the drafts of deck DECK instead.")
def draft(target: str, output: Path | None, review: bool) -> None:
    """Draft a deck from an article (.txt, .md, .html), or review a draft.

    \b
    factdrill draft article.html -o decks/heart-failure
        reads the article's numbered references (sources), headings (topics),
        figures (statistics), lists (sets) and definitions (terms) into a new
        folder deck; every fact is marked 'draft:' with its source line.
    factdrill draft --review decks/heart-failure
        shows each draft fact: keep it, edit it in $EDITOR, drop it, or skip.
        Works from a pipe too (one answer per line); each answer is saved at once.

    'factdrill check' lists drafts as warnings; 'check --strict' fails while any
    is left.
    """
    if review:
        if output is not None:
            raise click.UsageError("--review takes a DECK and no -o")
        _review(target)
        return
    from ..deck.draft import draft_deck
    from ..deck.draft.topics import slug

    source = Path(target)
    out = output or Path("decks") / slug(source.stem)
    result = draft_deck(source, out)
    kinds = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(result.kinds.items()))
    lines = [
        f"drafted {out} from {source.name}: {result.title}",
        f"  sources: {result.sources} references ({result.dois} with a DOI) and the article",
        f"  topics: {result.topics} with facts",
        f"  facts: {sum(result.kinds.values())} drafts ({kinds})",
    ]
    lines += [f"  note: {n}" for n in result.notes]
    if result.dropped:
        lines.append(f"  dropped {result.dropped} candidate(s) that did not pass check")
    lines.append(f"check: {result.errors} errors, {result.warnings} warnings")
    lines.append(f"next: factdrill draft --review {out}")
    for line in lines:
        # paths and commands are never cut, so they can be copied
        click.echo(textwrap.fill(line, WIDTH, subsequent_indent="    ", break_long_words=False,
                                 break_on_hyphens=False))


def _review(target: str) -> None:
    from ..deck.draft.review import ReviewIO, review
    from ..deck.loader import check_deck, resolve_deck

    deck = resolve_deck(target)
    color = None if not os.environ.get("NO_COLOR") else False

    def ask(prompt: str) -> str | None:
        try:
            return click.prompt(prompt, default="", show_default=False, prompt_suffix=" ")
        except (click.Abort, EOFError):
            return None

    def say(text: str) -> None:
        click.echo(wrap(text, WIDTH))

    def edit(text: str) -> str | None:
        if not (os.environ.get("VISUAL") or os.environ.get("EDITOR")):
            say("set $EDITOR (or $VISUAL) to the editor to use; the fact is still a draft")
            return None
        try:
            return click.edit(text, extension=".yaml", require_save=True)
        except click.ClickException as exc:
            say(f"the editor did not run ({exc.message}); the fact is still a draft")
            return None

    def errors():
        return [p for p in check_deck(deck)[1] if p.is_error]

    def show(span, text: str, n: int, total: int) -> None:
        where = f"{span.file.name}:{span.start + 1}"
        head = f"draft {n} of {total}: {span.kind or 'fact'} '{span.name}' ({where})"
        click.echo("")
        click.echo(style(truncate(head, WIDTH), bold=True, enabled=sys.stdout.isatty()), color=color)
        if span.at:
            say(f"from {span.at}" + (f": {' '.join(span.quote.split())}" if span.quote else ""))
        if span.note:
            say(f"note: {span.note}")
        for line in text.rstrip("\n").splitlines():
            click.echo(truncate(line.rstrip(), WIDTH) if len(line) > WIDTH else line.rstrip())

    counts = review(deck, ReviewIO(ask, say, edit, errors), show)
    click.echo("")
    click.echo(
        f"kept {counts.kept}, edited {counts.edited}, dropped {counts.dropped}, "
        f"skipped {counts.skipped}; {counts.left} draft(s) left"
    )
    problems = check_deck(deck)[1]
    n_errors = sum(p.is_error for p in problems)
    if n_errors:
        click.echo(f"check: {n_errors} error(s); run 'factdrill check {deck}'", err=True)
        raise SystemExit(1)
