"""CSV export: one tab-separated row (front, back, tags) per quiz item.

The file is ``DECK_ID.tsv``, UTF-8, one item per line:

* **Anki** (default): starts with Anki's file headers (``#separator:tab``,
  ``#html:false``, ``#columns``, ``#tags column:3``, ``#deck``), so File >
  Import needs no settings: the rows become Basic notes in the deck named
  after the deck's title, with the third column as tags. Fields holding a
  double quote are quoted CSV-style, which Anki reads back.
* **Quizlet** (``--no-header``): two columns, front and back, without
  header lines, tags or quoting; paste them with "Between term and
  definition: Tab" (a third column would land in the definition). Anki
  reads this variant too, but then guesses whether the text is HTML, so
  deck text with angle brackets is safe only with the headers.

Fields are plain text (Anki escapes them, as ``#html:false`` tells it); line
breaks and tabs inside deck text become spaces so a row stays one line.
Choice items carry their lettered options on the front and the key with the
explanation on the back. Tags are the Anki export's (``deck::topic::bone``...).
"""

from __future__ import annotations

import csv as _csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import ExportError, output_file

if TYPE_CHECKING:
    from ..deck.facts import Deck
    from ..generators.items import Item



@dataclass(frozen=True)
class CsvResult:
    """What a CSV export wrote."""

    path: Path
    rows: int


def _flat(text: str) -> str:
    """One line of text: tabs and line breaks become single spaces, control characters U+FFFD."""
    from ..generators.keys import flat

    return flat(text)


def _letter(i: int) -> str:
    from ..generators.keys import letter

    return letter(i)  # past Z: AA, AB... (it wrapped round to A before)


def item_row(deck: Deck, item: Item) -> tuple[str, str, str]:
    """The (front, back, tags) of one item, as plain one-line text."""
    from .anki import note_tags

    kind = item.kind.value
    front = item.prompt
    if kind == "sata" and "select all that apply" not in front.lower():
        front += " (Select all that apply.)"
    if kind == "true_false" and not front.lower().startswith("true or false"):
        front = f"True or false: {front}"
    if item.options:
        front += " " + " ".join(f"{_letter(i)}) {o.text}" for i, o in enumerate(item.options))
    from ..generators.judgment_keys import is_judgment, key_lines

    if is_judgment(item) and not item.options:  # grids, drop-downs, bowties, order, cases
        front += " " + " ".join(_layout(item))
        back = "; ".join(key_lines(item))
    elif item.options:
        back = "; ".join(f"{_letter(i)}) {o.text}" for i, o in enumerate(item.options) if o.correct)
    elif kind == "ordering":
        back = "; ".join(f"{i}. {a}" for i, a in enumerate(item.answers, 1))
    elif kind == "matching" and len(item.extra.get("left") or ()) == len(item.answers):
        back = "; ".join(f"{lft} -> {rgt}" for lft, rgt in zip(item.extra["left"], item.answers))
    elif kind == "flashcard" and isinstance(item.extra.get("back"), str):
        back = item.extra["back"]
    else:
        back = item.answers[0] if item.answers else ""
    if item.explanation:
        back += f" | {item.explanation}"
    tags = " ".join(note_tags(deck, item, kind))
    return _flat(front), _flat(back), tags


def _layout(item: Item) -> list[str]:
    """What a judgment item shows besides its stem, as one line of text."""
    extra = item.extra
    if "rows" in extra:
        return [f"{n}. {r}" for n, r in enumerate(extra["rows"], 1)] + \
               ["Columns: " + ", ".join(f"{_letter(i)}) {c}" for i, c in enumerate(extra["columns"]))]
    if "blanks" in extra:
        return [f"[{n}] " + " / ".join(b["options"]) for n, b in enumerate(extra["blanks"], 1)]
    if "groups" in extra:
        return [f"{g['label']}: " + " / ".join(g["options"]) for g in extra["groups"]]
    if "choices" in extra:
        return [f"{_letter(i)}) {c}" for i, c in enumerate(extra["choices"])]
    return [f"Step {n}: {s.prompt}" for n, s in enumerate(item.steps, 1)]


def render(deck: Deck, items: Iterable[Item], *, header: bool = True) -> str:
    """The whole file as text (see module doc for the two variants)."""
    rows = [item_row(deck, it) for it in items]
    buf = io.StringIO()
    if header:
        title = _flat(deck.title.replace("::", ":")) or deck.id
        buf.write("#separator:tab\n#html:false\n#columns:Front\tBack\tTags\n#tags column:3\n")
        buf.write(f"#deck:{title}\n")
        writer = _csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=_csv.QUOTE_MINIMAL)
        writer.writerows(rows)
    else:
        buf.writelines(f"{front}\t{back}\n" for front, back, _tags in rows)
    return buf.getvalue()


def export_csv(deck: Deck, items: Iterable[Item], out_dir: str | Path,
               *, header: bool = True, file_name: str | None = None) -> CsvResult:
    """Write ``out_dir/DECK_ID.tsv`` (or ``file_name`` there) and say how many rows it holds."""
    from .outputs import write_file

    items = list(items)
    path = output_file(out_dir, file_name or f"{deck.id}.tsv")
    write_file(path, render(deck, items, header=header).encode("utf-8"))
    return CsvResult(path, len(items))


@click.command("csv")
@click.argument("decks", nargs=-1)
@click.option("-o", "--output", "out_dir", type=click.Path(),
              help="File for one deck, or a folder for DECK.tsv files (default: exports/).")
@click.option("--header/--no-header", default=True, show_default=True,
              help="Anki's import headers; --no-header for Quizlet.")
@click.option("--seed", default=0, show_default=True, type=int,
              help="Seed for option order and distractors.")
def command(decks: Sequence[str], out_dir: str, header: bool, seed: int) -> None:
    """Write a tab-separated front/back/tags file per deck (default: flagship).

    \b
    Anki: File > Import the .tsv (settings come from its header lines).
    Quizlet: export with --no-header and paste the file's text.
    """
    from ..errors import FactdrillError
    from .anki import _load
    from .outputs import file_target, folder_target

    from ..terminal import printable

    try:
        loaded = list(_load(decks, seed))
        for deck, items in loaded:
            if len(loaded) > 1:
                folder, name = folder_target(out_dir or "exports", what="a CSV export of several decks writes"), None
            else:
                target = file_target(out_dir, f"{deck.id}.tsv", what="a CSV export", default_dir="exports",
                                     suffixes=(".tsv", ".csv", ".txt"))
                assert target is not None
                folder, name = target.parent, target.name
            res = export_csv(deck, items, folder, header=header, file_name=name)
            click.echo(printable(f"{folder / res.path.name}: {res.rows} rows", one_line=True))
    except FactdrillError as exc:
        error = click.ClickException(str(exc))
        error.exit_code = exc.exit_code
        raise error from None
