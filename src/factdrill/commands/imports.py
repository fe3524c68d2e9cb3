"""``factdrill import quizlet|csv|anki FILE``: a card set as a new deck."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from .options import SuggestingGroup

WIDTH = 80


def _options(fn):
    fn = click.option("--no-draft", "reviewed", is_flag=True,
                      help="Do not mark the facts as drafts (the cards are reviewed already).")(fn)
    fn = click.option("--title", help="Deck title (default: the set's name).")(fn)
    fn = click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
                      help="Deck folder to create (default: decks/NAME after the file).")(fn)
    fn = click.argument("file", type=click.Path(path_type=Path))(fn)
    return fn


def _run(fmt: str, file: Path, output: Path | None, title: str | None, reviewed: bool) -> None:
    from ..deck.imports import import_cards
    from ..deck.imports.cards import slug

    out = output or Path("decks") / slug(file.stem)
    result = import_cards(fmt, file, out, title=title, draft=not reviewed)
    kinds = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(result.counts.items()))
    lines = [f"imported {file.name} into {out}: {result.title}", f"  facts: {kinds}"]
    for what, n in sorted(result.skipped.items()):
        lines.append(f"  left out: {n} {what}")
    errors = result.errors
    lines.append(f"check: {errors} errors, {len(result.problems) - errors} warnings")
    if errors:
        lines.append(f"next: fix them (factdrill check {out})")
    elif not reviewed:
        lines.append(f"next: factdrill draft --review {out}")
    for line in lines:
        click.echo(textwrap.fill(line, WIDTH, subsequent_indent="    ", break_long_words=False,
                                 break_on_hyphens=False))
    if errors:
        raise SystemExit(1)


@click.group(name="import", cls=SuggestingGroup)
def import_cards() -> None:
    """Import a Quizlet set, a CSV file or an Anki package as a new deck.

    Front/back cards become term facts, cloze cards statement facts, tags
    topics. Facts are marked as drafts for 'factdrill draft --review' unless
    --no-draft is given.
    """


@import_cards.command()
@_options
def quizlet(file: Path, output: Path | None, title: str | None, reviewed: bool) -> None:
    """Import Quizlet's export text (term<TAB>definition lines)."""
    _run("quizlet", file, output, title, reviewed)


@import_cards.command(name="csv")
@_options
def csv_cards(file: Path, output: Path | None, title: str | None, reviewed: bool) -> None:
    """Import a CSV/TSV file of front, back (and tags) columns.

    Anki's header lines (#separator, #columns, #tags column, #deck) are read,
    so files from 'factdrill export csv' or Anki's text export keep their tags.
    """
    _run("csv", file, output, title, reviewed)


@import_cards.command()
@_options
def anki(file: Path, output: Path | None, title: str | None, reviewed: bool) -> None:
    """Import the Basic and Cloze notes of an Anki package (.apkg)."""
    _run("anki", file, output, title, reviewed)
