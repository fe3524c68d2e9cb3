"""Quizlet import text: ``factdrill export quizlet [DECK] [-o FILE]``.

Quizlet's Import box takes one card per line, term and definition separated
by a tab (its default separators). Quizlet studies a card both ways, so only
the forward flashcard of each fact side is written, never its reverse twin.
Text is plain; tabs and line breaks inside deck text become spaces so they
cannot split a card. Quizlet has no random-selection groups.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from ..generators.items import Item, ItemKind
from ..errors import ExportError
from ..generators.keys import flat


def card(item: Item) -> tuple[str, str]:
    """(term, definition) of a flashcard item."""
    extra = item.extra or {}
    front = extra.get("front") or item.prompt
    back = extra.get("back") or (item.answers[0] if item.answers else "")
    return flat(front), flat(back)


def to_quizlet(items: Sequence[Item]) -> str:
    """TSV of the deck's forward flashcards (term, definition)."""
    rows = []
    seen: set[tuple[str, str]] = set()
    for it in items:
        if it.kind is not ItemKind.FLASHCARD or it.card.endswith(":reverse"):
            continue
        term, definition = card(it)
        if not term or not definition or (term, definition) in seen:
            continue
        seen.add((term, definition))
        rows.append(f"{term}\t{definition}\n")
    if not rows:
        raise ExportError("the deck has no flashcards to export to Quizlet")
    return "".join(rows)


@click.command(name="quizlet")
@click.argument("deck", required=False)
@click.option("-o", "--output", type=click.Path(), help="File to write, or a folder for DECK-quizlet.txt (default: stdout).")
def command(deck: str | None, output: str | None) -> None:
    """Write term<TAB>definition lines for Quizlet's Import box.

    In Quizlet choose "Between term and definition: Tab" and "Between
    cards: New line" (the defaults).
    """
    from .outputs import file_target, write_text_output
    from .lms import load_items

    d, items = load_items(deck, kinds=[ItemKind.FLASHCARD])
    text = to_quizlet(items)
    target = file_target(output, f"{d.id}-quizlet.txt", what="a Quizlet set", suffixes=(".txt", ".tsv"))
    write_text_output(text, None if target is None else str(target), what=f"{text.count(chr(10))} cards")
    situations = sum(f.kind.value == "situation" for f in d.facts)
    if situations:
        click.echo(f"left out the clinical-judgment items of {situations} situations: a Quizlet set holds "
                   "term/definition cards only (use anki, gift or qti for them)", err=True)
