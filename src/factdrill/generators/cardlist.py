"""A deck's cards (scheduling units) as the review store is told about them:
their order and the fingerprint that tells whether the list changed.

Kept here, below both the items cache and the store, so the cache can hand
the store a fingerprint computed once when the items were generated, and a
start-up compares one string instead of hashing every card again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple


class CardRow(NamedTuple):
    """What the deck says about a card: identity, fact, topic and tags."""

    card: str
    fact: str
    topic: str
    tags: tuple[str, ...]


def tags_column(tags: Iterable[str]) -> str:
    """Tags as the store keeps them: ``|a|b|`` (empty without tags)."""
    tags = [t for t in tags if t]
    return "|" + "|".join(tags) + "|" if tags else ""


def fingerprint(cards: Iterable[CardRow]) -> str:
    """A digest of the card list in order (ids, facts, topics, tags)."""
    digest = hashlib.sha256()
    for c in cards:
        digest.update(f"{c.card}\x1f{c.fact}\x1f{c.topic}\x1f{tags_column(c.tags)}\x1e".encode())
    return digest.hexdigest()


def teaching_order(
    cards: Sequence[CardRow], topic_rank: Mapping[str, int], fact_pos: Mapping[str, int]
) -> list[CardRow]:
    """``cards`` (in the order their first items were generated) sorted by the
    deck's topic order, then fact order: new cards are introduced in the order
    the store first saw them, so a first session starts with the deck's first
    topic, not with whichever fact file sorts first."""
    last = len(topic_rank)
    return sorted(cards, key=lambda c: (topic_rank.get(c.topic, last), fact_pos.get(c.fact, 0)))
