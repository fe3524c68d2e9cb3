"""Quizlet sets: the text Quizlet's Export gives (term TAB definition, one card a line)."""

from __future__ import annotations

from pathlib import Path

from .cards import Card, CardSet, ImportProblem
from .files import pair_reverses, read_text


def read(path: Path) -> CardSet:
    """The cards of a Quizlet export; a line without a tab is refused where it is."""
    cards = []
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        if "\t" not in line:
            raise ImportProblem(
                f"{path}:{number}: no tab between term and definition; in Quizlet's export "
                "choose 'Between term and definition: Tab' and 'Between rows: New line'"
            )
        term, _, definition = line.partition("\t")
        term, definition = " ".join(term.split()), " ".join(definition.split())
        if not term or not definition:
            raise ImportProblem(f"{path}:{number}: the card has an empty "
                                f"{'term' if not term else 'definition'}; fill it in or delete the line")
        cards.append(Card(term, definition, number))
    if not cards:
        raise ImportProblem(f"{path}: no cards (expected one 'term<TAB>definition' per line)")
    title = path.stem.replace("-", " ").replace("_", " ").strip() or "Quizlet set"
    return CardSet(path.name, title, pair_reverses(cards),
                   {"title": title, "publisher": f"Quizlet set ({path.name})"}, both_ways=True)
