"""What a session studies and in which order: the card queue, which of a
card's items to show, and the option order of the one shown."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Container, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Sequence

from ..generators.items import Item, ItemKind

if TYPE_CHECKING:
    from ..deck.facts import Deck
    from .cards import CardInfo, CardState
    from .store import Store

CardKey = tuple[str, str]  # (deck id, card id)

#: Items whose option order is reshuffled per showing, so the student learns
#: the fact and not the letter. True/false and numeric options keep their
#: conventional order (true first; numbers ascending).
SHUFFLED_KINDS = frozenset({ItemKind.MCQ, ItemKind.SATA, ItemKind.SCENARIO, ItemKind.PRIORITY, ItemKind.TEACHING,
                            ItemKind.HIGHLIGHT})


def build_queue(
    store: "Store",
    cards: Mapping[str, Container[str]],
    new_limits: Mapping[str, int],
    *,
    now: datetime,
    cram: bool = False,
    limit: int | None = None,
    topics: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> list[CardKey]:
    """Cards to study, in order (see :func:`queue_states`), as (deck id, card id)."""
    states = queue_states(store, cards, new_limits, now=now, cram=cram, limit=limit, topics=topics, tags=tags)
    return [(st.deck_id, st.card_id) for st in states]


def queue_states(
    store: "Store",
    cards: Mapping[str, Container[str]],
    new_limits: Mapping[str, int],
    *,
    now: datetime,
    cram: bool = False,
    limit: int | None = None,
    topics: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> list["CardState"]:
    """Cards to study, in order: due (most overdue first), then new.

    ``cards`` maps each deck id to the card ids that have items (anything
    with ``in``); ``new_limits`` gives each deck's new cards per day. In
    cram mode: studied cards, weakest first. Only one card per fact is
    queued (siblings are buried until the next session), and cards without
    items (e.g. filtered out) are left alone. New cards are read from the
    store a page at a time until today's allowance is met, so a deck of
    100,000 unseen cards costs no more than one of 100.
    """
    topic_filter = topics or None
    tag_filter = tags or None
    due: list["CardState"] = []
    new_allowed: dict[str, int] = {}
    for deck_id in cards:
        if cram:
            due += store.cram_queue(deck_id, now=now, topics=topic_filter, tags=tag_filter)
        else:
            due += store.queue(deck_id, now=now, new_limit=0, topics=topic_filter, tags=tag_filter)
            # today's allowance; burying siblings must not shrink the new intake
            new_allowed[deck_id] = max(0, new_limits[deck_id] - store.new_introduced_today(deck_id, now=now))
    if not cram and len(cards) > 1:
        far = datetime.max.replace(tzinfo=timezone.utc)
        due.sort(key=lambda s: s.due or far)
    out: list["CardState"] = []
    facts: set[tuple[str, str]] = set()

    def take(st: "CardState") -> None:
        if st.card_id not in cards[st.deck_id] or (st.deck_id, st.fact_id) in facts:
            return
        facts.add((st.deck_id, st.fact_id))
        out.append(st)

    for st in due:
        take(st)
    for deck_id in new_allowed:
        after = 0
        while new_allowed[deck_id] > 0 and (limit is None or len(out) < limit):
            page = store.new_cards(deck_id, after=after, limit=max(64, 4 * new_allowed[deck_id]),
                                   topics=topic_filter, tags=tag_filter)
            for ref, st in page:
                after = ref
                if new_allowed[deck_id] <= 0:
                    break
                before = len(out)
                take(st)
                new_allowed[deck_id] -= len(out) - before
            if not page:
                break
    return out if limit is None else out[:limit]


@dataclass(frozen=True)
class QueueCounts:
    """What is left to study now, as the drill's status line and ``stats``
    both show it: review cards due, cards in (re)learning steps, new cards
    today's limit still allows."""

    due: int = 0
    learning: int = 0
    new: int = 0

    @property
    def total(self) -> int:
        return self.due + self.learning + self.new

    def text(self) -> str:
        """``3 due, 1 learning, 15 new``."""
        return f"{self.due} due, {self.learning} learning, {self.new} new"

    @classmethod
    def of(cls, states: Sequence[str]) -> "QueueCounts":
        """Counts of card state names ("new", "learning", "review", "relearning")."""
        return cls(
            due=sum(s == "review" for s in states),
            learning=sum(s in ("learning", "relearning") for s in states),
            new=sum(s == "new" for s in states),
        )


def pick_item(
    items: Sequence[Item], history: Sequence[tuple[datetime, str, str]], session_kinds: Sequence[str] = ()
) -> Item:
    """The item of a card to show next: the kind shown least recently first.

    ``history`` is the card's past showings as (time, item id, item kind).
    Kinds never shown come first; among items of one kind the least recently
    shown variant wins, so a card cycles through all of its items. Ties go
    to the kind this session has shown least (``session_kinds``, the kinds
    answered so far), then round the card's items from a start that depends
    on the card id, so a session of new cards mixes item kinds instead of
    opening every card with the same kind.
    """
    import zlib

    start = zlib.crc32(items[0].card.encode()) % len(items) if items else 0
    never = datetime.min.replace(tzinfo=timezone.utc)
    last_kind: dict[str, datetime] = {}
    last_item: dict[str, datetime] = {}
    for when, iid, kind in history:
        last_kind[kind] = max(last_kind.get(kind, never), when)
        last_item[iid] = max(last_item.get(iid, never), when)
    used = {k: session_kinds.count(k) for k in set(session_kinds)}

    def key(pair: tuple[int, Item]) -> tuple[datetime, datetime, int, int]:
        i, it = pair
        return (last_kind.get(it.kind.value, never), last_item.get(it.id, never), used.get(it.kind.value, 0),
                (i - start) % len(items))

    return min(enumerate(items), key=key)[1]


def shuffle_options(item: Item, seed: str) -> Item:
    """``item`` with its options in a seeded order (same id, same key).

    Only kinds in :data:`SHUFFLED_KINDS` are reshuffled; the grader and the
    renderer both read the returned item, so letters stay consistent.
    """
    if item.kind not in SHUFFLED_KINDS or len(item.options) < 2:
        return item
    options = list(item.options)
    random.Random(seed).shuffle(options)
    return replace(item, options=tuple(options))


def deck_cards(deck: "Deck", items: Sequence[Item]) -> list["CardInfo"]:
    """The deck's cards for :meth:`Store.sync_deck`, in teaching order
    (:func:`~factdrill.generators.cardlist.teaching_order`)."""
    from ..generators.cardlist import CardRow, teaching_order
    from .cards import CardInfo

    rows: dict[str, CardRow] = {}
    for it in items:
        if it.card not in rows:
            rows[it.card] = CardRow(it.card, it.fact_ids[0], it.topic, tuple(it.tags))
    ordered = teaching_order(list(rows.values()), {t.id: n for n, t in enumerate(deck.topics)},
                             {f.id: n for n, f in enumerate(deck.facts)})
    return [CardInfo(card_id=c.card, fact_id=c.fact, topic=c.topic, tags=c.tags) for c in ordered]


class Spacing:
    """Keeps cards that give each other away apart within a session.

    After a card's feedback states another card's answer (see
    :class:`~factdrill.generators.overlap.RevealIndex`), that other card is
    held back until :data:`GIVEAWAY_WINDOW` more cards have been answered;
    when only held-back cards are left, the nearest one is shown anyway (a
    session never stalls over a giveaway). Learning steps are not held back:
    they re-test the very card just seen.
    """

    def __init__(self, cards: Mapping[CardKey, Sequence[Item]]) -> None:
        from ..generators.overlap import RevealIndex

        self._index = RevealIndex({_name(k): items for k, items in cards.items()})
        self._held: dict[str, int] = {}  # card -> answers counted when it was given away

    def answered(self, key: CardKey, count: int) -> None:
        """The card ``key`` was answered (``count`` answers so far): hold back
        the cards its feedback gave away."""
        for other in self._index.reveals(_name(key)):
            self._held[other] = count

    def take(self, queue: deque[CardKey], count: int) -> CardKey:
        """The next card of ``queue`` not given away in the last
        GIVEAWAY_WINDOW answers (removed from the queue); the first if none."""
        for i, key in enumerate(queue):
            since = self._held.get(_name(key))
            if since is None or count - since >= GIVEAWAY_WINDOW:
                del queue[i]
                return key
        return queue.popleft()


# Answers between a card that states another card's answer and that card.
GIVEAWAY_WINDOW = 10


def _name(key: CardKey) -> str:
    return f"{key[0]}\x1f{key[1]}"
