"""Ordering items from rankings: put the shuffled items in the ranked order.

``extra["choices"]`` holds the items shuffled (never already in order);
``answers`` the correct order; ``extra["order"]`` the ranking's direction.
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Deck, Ranking
from .items import Item, ItemKind
from .common import Context, Skip, make_item, shuffled_not_identity, the

KIND = ItemKind.ORDERING
MIN_ITEMS = 3  # two items make a coin toss


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for fact in deck.facts:
        if not isinstance(fact, Ranking):
            continue
        if len(fact.items) < MIN_ITEMS:
            yield Skip(fact.id, KIND, f"only {len(fact.items)} ranked items (need {MIN_ITEMS})")
            continue
        choices = shuffled_not_identity(ctx, f"{fact.id}:ordering", fact.items)
        yield make_item(ctx, fact, KIND, "main", "main",
                        f"Put {the(fact.name)} in order, {fact.order}.",
                        answers=fact.items, extra={"choices": choices, "order": fact.order})
