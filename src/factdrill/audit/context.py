"""What the rules need to know about the deck besides the item in hand:
where each fact was written, and what the deck holds true (so a distractor
that another fact makes true is caught)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from dataclasses import dataclass, field

from ..deck.files import DECK_FILE
from ..deck.facts import Deck, Fact, FactSet, Location, Mapping, Statement, Term
from ..generators.items import Item, ItemKind
from ..generators.wording import word_key as norm

ONE_BEST = frozenset({ItemKind.MCQ, ItemKind.SCENARIO, ItemKind.NUMERIC_MCQ, ItemKind.PRIORITY, ItemKind.TEACHING})
CHOICE = ONE_BEST | {ItemKind.SATA}


@dataclass
class Truths:
    """What the deck states as true, normalised for lookups."""

    statements: set[str] = field(default_factory=set)
    # a set's name (and its ``signs_of``) -> its members
    set_members: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # findings -> the conditions whose sign sets list them
    sign_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # (given label, wanted label, key) -> the values paired with it
    pairs: dict[tuple[str, str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    # a term's definition -> its names, and a name -> its definitions
    names_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    definitions_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def of(cls, deck: Deck) -> Truths:
        t = cls()
        for f in deck.facts:
            if isinstance(f, Statement):
                t.statements.add(norm(f.plain))
            elif isinstance(f, FactSet):
                members = {norm(m) for m in f.members}
                t.set_members[norm(f.name)] |= members
                if f.signs_of:
                    t.set_members[norm(f.signs_of)] |= members
                    for m in members:
                        t.sign_of[m].add(norm(f.signs_of))
            elif isinstance(f, Mapping):
                for left, right in f.pairs:
                    t.pairs[(norm(f.left), norm(f.right), norm(left))].add(norm(right))
                    t.pairs[(norm(f.right), norm(f.left), norm(right))].add(norm(left))
            elif isinstance(f, Term):
                for name in (f.term, *f.aliases):
                    t.names_of[norm(f.definition)].add(norm(name))
                    t.definitions_of[norm(name)].add(norm(f.definition))
        return t


class AuditContext:
    """The deck, its facts by id, its truths and every item, built once."""

    def __init__(self, deck: Deck, items: Sequence[Item]) -> None:
        self.deck = deck
        self.items = list(items)
        self.facts: dict[str, Fact] = {f.id: f for f in deck.facts}
        self.truths = Truths.of(deck)

    def fact_of(self, item: Item) -> Fact | None:
        return self.facts.get(item.fact_ids[0]) if item.fact_ids else None

    def loc_of(self, item: Item | None = None) -> Location:
        fact = self.fact_of(item) if item is not None else None
        if fact is not None and fact.loc is not None:
            return fact.loc
        path = Path(self.deck.path or self.deck.id)
        return Location(str(path / DECK_FILE if path.is_dir() else path), 1, 1)
