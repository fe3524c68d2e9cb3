"""``factdrill check`` and ``factdrill decks``: validate and list decks."""

from __future__ import annotations

import json
import os
import textwrap
from collections import Counter
from pathlib import Path

import click

WIDTH = 80


def _color() -> bool | None:
    """``False`` when NO_COLOR is set; else let click decide (TTY or not)."""
    return False if os.environ.get("NO_COLOR") else None


def _targets(paths: tuple[str, ...]) -> list[Path]:
    """The decks named by the PATH arguments (default: every deck)."""
    from factdrill.deck.loader import DECK_FILE, decks_dir, find_decks

    if not paths:
        root = decks_dir()
        found = find_decks(root, include_broken=True)
        if not found:
            raise click.UsageError(
                f"no decks found in {root}; pass a deck path, or set FACTDRILL_DECKS "
                "to your folder of decks"
            )
        return found
    from factdrill.deck.loader import resolve_deck

    targets: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            path = resolve_deck(str(given))  # a deck name, as every other command takes (DeckNotFound: exit 2)
        if path.is_dir() and not (path / DECK_FILE).is_file():
            found = find_decks(path, include_broken=True)
            if not found:
                raise click.UsageError(
                    f"no decks in {path}: a deck is a NAME.yaml file or a folder with {DECK_FILE}"
                )
            targets.extend(found)
        elif path.is_file() and (path.parent / DECK_FILE).is_file():
            targets.append(path.parent)  # a file of a folder deck: check the deck
        else:
            targets.append(path)
    return list(dict.fromkeys(targets))


def _skips(deck):
    """The deck's skipped item kinds from the items cache (only what an edit
    changed is generated again), or None to generate them all here."""
    from ..generators.cache import cached_skips

    try:
        return cached_skips(deck)
    except Exception:  # noqa: BLE001 - lint_skips generates them again and reports what failed
        return None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@click.command()
@click.argument("paths", nargs=-1, metavar="[DECK]...")
@click.option(
    "--strict", is_flag=True, help="Fail (exit 1) on warnings too, and so on unreviewed drafts."
)
@click.option(
    "--skips",
    is_flag=True,
    help="List each fact that yields no item of some kinds, and why (else one summary line).",
)
def check(paths: tuple[str, ...], strict: bool, skips: bool) -> None:
    """Validate decks and report every problem with its file, line and column.

    Each DECK is a deck name (see 'factdrill decks') or a path: a NAME.yaml
    file, a folder with deck.yaml, or a folder of decks; with none, all
    decks are checked. One line per problem, 'FILE:LINE:COL: error:
    MESSAGE', then a summary.

    \b
    Exit status: 0 valid (warnings allowed unless --strict),
    1 problems found, 2 usage error (missing path, folder with no decks).
    """
    from ..audit.deck_text import deck_text_problems
    from ..deck.gcpause import gc_paused
    from ..deck.lints import run_lints
    from ..deck.loader import check_deck
    from ..errors import FactdrillError
    from ..generators.skips import is_crash, lint_skips

    try:
        targets = _targets(paths)
    except FactdrillError as exc:
        raise click.UsageError(str(exc)) from None

    problems = []
    drafted: list[tuple[Path, int]] = []  # decks that still hold draft facts
    skipped: list[tuple[Path, int]] = []  # facts with skipped kinds, when not listed
    for target in targets:
        deck, found = check_deck(target)
        problems.extend(found)
        if deck is not None:  # only a deck that loaded has items to look at
            # the lints and the cached skips build many small acyclic objects
            # beside the whole loaded deck: each collection would walk the deck
            # again (the per-fact cost grew with its size: 1.2x at 100k facts)
            with gc_paused():
                problems.extend(run_lints(deck) + deck_text_problems(deck))
                skip_problems = lint_skips(deck, _skips(deck))
            # A skip is the generator declining a weak item: worth a look, not
            # a fault, so it is listed on request and otherwise counted.
            if skips or any(map(is_crash, skip_problems)):
                problems.extend(skip_problems)
            elif skip_problems:
                skipped.append((target, len(skip_problems)))
            n_drafts = sum(f.draft is not None for f in deck.facts)
            if n_drafts:
                drafted.append((target, n_drafts))
    problems.sort(key=lambda p: p.sort_key())

    from ..terminal import printable

    color = _color()
    for p in problems:
        style = {"fg": "red", "bold": True} if p.is_error else {"fg": "yellow"}
        severity = click.style(p.severity, **style)
        # the message is already one safe line (Problem); the file name is data too
        click.echo(f"{printable(str(p.loc), one_line=True)}: {severity}: {p.message}", color=color)
    for target, n in skipped:
        click.echo(
            f"{printable(str(target), one_line=True)}: note: {_plural(n, 'fact')} "
            f"{'yields' if n == 1 else 'yield'} no item of some kinds "
            "(too few siblings, or a weak item declined); 'factdrill check --skips' lists them"
        )
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    click.echo(
        f"checked {_plural(len(targets), 'deck')}: {_plural(errors, 'error')}, "
        f"{_plural(warnings, 'warning')}"
    )
    if strict:
        for target, n in drafted:
            # Drafts are warnings, so --strict fails on them anyway; say why plainly.
            click.echo(
                f"{target}: {_plural(n, 'draft fact')} not reviewed yet; run "
                f"'factdrill draft --review {target}'",
                err=True,
            )
    if errors or (strict and warnings):
        raise SystemExit(1)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON array of decks instead of text.")
def decks(as_json: bool) -> None:
    """List decks with their fact counts per kind and per topic.

    Decks are read from $FACTDRILL_DECKS, else ./decks, else the bundled
    folder. A deck with errors is listed as invalid (exit 1); run
    'factdrill check PATH' for its problems.
    """
    from factdrill.errors import FactdrillError
    from factdrill.deck.facts import FactKind
    from factdrill.deck.loader import check_deck, decks_dir, find_decks

    root = decks_dir()
    rows = []
    try:
        found = find_decks(root, include_broken=True)
    except FactdrillError as exc:
        raise click.ClickException(str(exc)) from None
    for path in found:
        deck, problems = check_deck(path)
        errors = sum(p.is_error for p in problems)
        if deck is None:
            rows.append(
                {
                    "id": None,
                    "title": None,
                    "path": str(path),
                    "valid": False,
                    "errors": errors,
                    "facts": 0,
                    "kinds": {},
                    "topics": {},
                }
            )
            continue
        count = Counter(f.kind for f in deck.facts)
        kinds = {k.value: count[k] for k in FactKind if count[k]}
        topics = Counter(f.topic for f in deck.facts)
        rows.append(
            {
                "id": deck.id,
                "title": deck.title,
                "path": str(path),
                "valid": True,
                "errors": 0,
                "facts": len(deck.facts),
                "kinds": kinds,
                # In the deck's topic order, so the listing reads like the deck.
                "topics": {t.id: topics[t.id] for t in deck.topics if topics[t.id]},
            }
        )
    from ..terminal import json_text, printable

    invalid = sum(not r["valid"] for r in rows)
    if as_json:
        click.echo(json_text(json.dumps(rows, indent=2, ensure_ascii=False)))
    elif not rows:
        click.echo(printable(f"no decks in {root}; create decks/NAME.yaml or set FACTDRILL_DECKS", one_line=True))
    else:
        for i, row in enumerate(rows):
            if i:
                click.echo("")
            click.echo("\n".join(_deck_block(row)), color=_color())
    if invalid:
        raise SystemExit(1)


def _fit_path(path: str, width: int) -> str:
    """A path cut at the front to ``width`` (the tail names the deck; --json has it whole)."""
    from ..terminal import printable

    path = printable(path, one_line=True)  # a file name is data: it may hold escapes
    return path if len(path) <= width else "..." + path[-(width - 3) :]


def _deck_block(row: dict) -> list[str]:
    """A deck as a few lines, each at most 80 columns."""
    if not row["valid"]:
        head = f"{_fit_path(row['path'], WIDTH - 9)}  " + click.style(
            "INVALID", fg="red", bold=True
        )
        advice = f"  {_plural(row['errors'], 'error')}; run 'factdrill check' to see them"
        return [head, advice]
    from ..terminal import printable

    # ids are slugs, but titles are deck text: never raw to the terminal
    head = f"{printable(row['id'], one_line=True)}  {_plural(row['facts'], 'fact')}"
    title = textwrap.shorten(printable(row["title"]), WIDTH - 2, placeholder="...")
    lines = [head if len(head) <= WIDTH else head[: WIDTH - 3] + "...", f"  {title}"]
    lines.append(f"  path: {_fit_path(row['path'], WIDTH - 8)}")
    for label, counts in (("kinds", row["kinds"]), ("topics", row["topics"])):
        # A no-break space keeps each "name count" pair on one line.
        text = ", ".join(f"{k}\xa0{n}" for k, n in counts.items()) or "none"
        wrapped = textwrap.wrap(
            f"{label}: {text}",
            WIDTH,
            initial_indent="  ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
        lines += [line.replace("\xa0", " ") for line in wrapped]
    return lines
