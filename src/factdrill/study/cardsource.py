"""Where a session finds the items of a card: a list in memory, or the deck's
items database read one card at a time (so the first question of a drill
costs the same on a deck of 100 facts and of 100,000)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ..generators.itemdb import DeckItems
    from ..generators.items import Item


@runtime_checkable
class CardSource(Protocol):
    """The cards of one deck a session may show, and their items."""

    def __contains__(self, card: object) -> bool: ...

    def items(self, card: str) -> list[Item]: ...


class ItemCards:
    """Cards of a list of items (every card that has an item in it)."""

    def __init__(self, items: Iterable[Item]) -> None:
        self._by_card: dict[str, list[Item]] = {}
        for it in items:
            self._by_card.setdefault(it.card, []).append(it)

    def __contains__(self, card: object) -> bool:
        return card in self._by_card

    def items(self, card: str) -> list[Item]:
        return self._by_card.get(card, [])


class StoredCards:
    """Cards of a deck's items database, optionally only those with items of
    ``kinds``; the items of the last cards read are kept (a card comes back
    in learning steps)."""

    KEEP = 256

    def __init__(self, view: DeckItems, kinds: Sequence[str] = ()) -> None:
        self._view = view
        self._kinds = list(kinds) or None
        self._recent: OrderedDict[str, list[Item]] = OrderedDict()

    def __contains__(self, card: object) -> bool:
        return isinstance(card, str) and self._view.has_card(card, self._kinds)

    def items(self, card: str) -> list[Item]:
        hit = self._recent.get(card)
        if hit is None:
            hit = self._recent[card] = self._view.card_items(card, self._kinds)
            if len(self._recent) > self.KEEP:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(card)
        return hit


def card_source(items: Sequence[Item] | CardSource) -> CardSource:
    """``items`` as a card source (a list of items is indexed by card)."""
    if isinstance(items, CardSource) and not isinstance(items, (list, tuple)):
        return items
    return ItemCards(items)  # type: ignore[arg-type]
