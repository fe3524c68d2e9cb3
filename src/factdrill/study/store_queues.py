"""The study queue's reads of the review store: what is due, what is new,
what to cram, and when the next card falls due. Every query walks an index
(no scan, no sort), so they stay fast on stores of 100,000 cards."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any, Collection

from .cards import CardState, from_us, local_day_start, to_us
from .storefile import CARD_COLUMNS, guarded, state_from_row


def card_filters(topics: Collection[str] | None, tags: Collection[str] | None) -> tuple[str, list[Any]]:
    """SQL (appended to a WHERE on the cards table) and its parameters for the topic and tag filters."""
    sql, params = "", []
    if topics:
        sql += f" AND topic IN ({','.join('?' * len(topics))})"
        params += list(topics)
    if tags:
        sql += " AND (" + " OR ".join("instr(tags, ?) > 0" for _ in tags) + ")"
        params += [f"|{t}|" for t in tags]
    return sql, params


class QueueQueries:
    """The queue reads of :class:`~factdrill.study.store.Store` (its base class)."""

    conn: sqlite3.Connection

    @guarded
    def new_introduced_today(self, deck_id: str, *, now: datetime) -> int:
        """New cards given their first scheduled review today (local day)."""
        start, end = to_us(local_day_start(now)), to_us(local_day_start(now, 1))
        return self.conn.execute(
            "SELECT count(*) FROM reviews WHERE deck = ? AND reviewed_at >= ? AND reviewed_at < ?"
            " AND state_before = 0 AND practice = 0",
            (deck_id, start, end),
        ).fetchone()[0]

    @guarded
    def queue(
        self,
        deck_id: str,
        *,
        now: datetime,
        new_limit: int = 20,
        limit: int | None = None,
        topics: Collection[str] | None = None,
        tags: Collection[str] | None = None,
    ) -> list[CardState]:
        """Cards to study now: due cards, most overdue first, then new cards.

        New cards are capped at ``new_limit`` minus the new cards already
        introduced today; suspended and hidden cards never appear. Both
        queries walk an index (no scan, no sort), so this stays fast on big
        stores.
        """
        filt, params = card_filters(topics, tags)
        cap = -1 if limit is None else max(0, limit)
        due = [
            state_from_row(r)
            for r in self.conn.execute(
                f"SELECT {CARD_COLUMNS} FROM cards WHERE deck = ? AND suspended = 0 AND hidden = 0"
                f" AND due <= ?{filt} ORDER BY due LIMIT ?",
                (deck_id, to_us(now), *params, cap),
            )
        ]
        room = max(0, new_limit - self.new_introduced_today(deck_id, now=now))
        if limit is not None:
            room = min(room, max(0, limit - len(due)))
        if room == 0:
            return due
        new = [
            state_from_row(r)
            for r in self.conn.execute(
                f"SELECT {CARD_COLUMNS} FROM cards WHERE deck = ? AND state = 0 AND suspended = 0"
                f" AND hidden = 0{filt} ORDER BY id LIMIT ?",
                (deck_id, *params, room),
            )
        ]
        return due + new

    @guarded
    def new_cards(
        self,
        deck_id: str,
        *,
        after: int = 0,
        limit: int = 100,
        topics: Collection[str] | None = None,
        tags: Collection[str] | None = None,
    ) -> list[tuple[int, CardState]]:
        """New cards in the order they were added, a page at a time: up to
        ``limit`` (row id, state) pairs after row id ``after``."""
        filt, params = card_filters(topics, tags)
        rows = self.conn.execute(
            f"SELECT id, {CARD_COLUMNS} FROM cards WHERE deck = ? AND state = 0 AND suspended = 0"
            f" AND hidden = 0 AND id > ?{filt} ORDER BY id LIMIT ?",
            (deck_id, after, *params, limit),
        )
        return [(r[0], state_from_row(r[1:])) for r in rows]

    @guarded
    def cram_queue(
        self,
        deck_id: str,
        *,
        now: datetime,
        limit: int | None = None,
        topics: Collection[str] | None = None,
        tags: Collection[str] | None = None,
    ) -> list[CardState]:
        """Studied cards for practice, weakest (lowest recall chance) and
        soonest due first. Practice reviews leave the schedule alone."""
        filt, params = card_filters(topics, tags)
        # fsrs recall falls as (whole days since review) / stability grows
        # (the same parameters for every card), so sorting on that ratio in
        # SQL gives fsrs's order without computing it for every card.
        rows = self.conn.execute(
            f"SELECT {CARD_COLUMNS} FROM cards WHERE deck = ? AND state > 0 AND suspended = 0"
            f" AND hidden = 0{filt} ORDER BY"
            " (? - last_review) / 86400000000 / max(coalesce(stability, 0), 1e-9) DESC, due, card"
            " LIMIT ?",
            (deck_id, *params, to_us(now), -1 if limit is None else max(0, limit)),
        )
        return [state_from_row(r) for r in rows]

    @guarded
    def next_learning_due(
        self,
        deck_id: str,
        *,
        now: datetime,
        topics: Collection[str] | None = None,
        tags: Collection[str] | None = None,
    ) -> datetime | None:
        """When the next (re)learning step falls due, so a session can wait
        for it; may be <= now if one is due already. None if none pending."""
        filt, params = card_filters(topics, tags)
        row = self.conn.execute(
            # INDEXED BY: walking the due index would scan every review card.
            "SELECT min(due) FROM cards INDEXED BY cards_deck_state WHERE deck = ?"
            f" AND state IN (1, 3) AND suspended = 0 AND hidden = 0{filt}",
            (deck_id, *params),
        ).fetchone()
        return from_us(row[0]) if row else None

    @guarded
    def next_due(self, deck_id: str, *, now: datetime) -> datetime | None:
        """The earliest due time of any studied, active card (None if none)."""
        row = self.conn.execute(
            "SELECT min(due) FROM cards WHERE deck = ? AND suspended = 0 AND hidden = 0"
            " AND due IS NOT NULL",
            (deck_id,),
        ).fetchone()
        return from_us(row[0]) if row else None
