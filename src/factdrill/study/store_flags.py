"""Flags on cards: what a student marked in the drill (``:f``) to fix or look
at later, with the item shown and a note; ``factdrill stats`` lists them."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any
from contextlib import AbstractContextManager

from ..errors import StoreError
from .cards import from_us, to_us, utc
from .storefile import guarded


class FlagQueries:
    """The flag reads and writes of :class:`~factdrill.study.store.Store` (a base class)."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:  # pragma: no cover - Store's
        raise NotImplementedError

    @guarded
    def toggle_flag(self, deck_id: str, card_id: str, *, item_id: str, note: str = "", now: datetime) -> bool:
        """Flag a card (with the item shown and a note), or unflag a flagged
        one when no note is given; True when the card is flagged afterwards."""
        with self.transaction() as db:
            row = db.execute("SELECT fact FROM cards WHERE deck = ? AND card = ?", (deck_id, card_id)).fetchone()
            if row is None:
                raise StoreError(f"no card {card_id!r} of deck {deck_id!r} in the store")
            had = db.execute("SELECT 1 FROM flags WHERE deck = ? AND card = ?", (deck_id, card_id)).fetchone()
            if had and not note:
                db.execute("DELETE FROM flags WHERE deck = ? AND card = ?", (deck_id, card_id))
                return False
            db.execute(
                "INSERT INTO flags (deck, card, fact, item_id, note, flagged_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (deck, card) DO UPDATE SET item_id = excluded.item_id, note = excluded.note,"
                " flagged_at = excluded.flagged_at",
                (deck_id, card_id, row[0], item_id, note, to_us(utc(now))),
            )
            return True

    @guarded
    def flags(self, deck_id: str) -> list[dict[str, Any]]:
        """The deck's flagged cards, oldest first: card, fact, item id, note, when."""
        rows = self.conn.execute(
            "SELECT card, fact, item_id, note, flagged_at FROM flags WHERE deck = ? ORDER BY flagged_at, card",
            (deck_id,),
        )
        return [
            {"card": c, "fact": f, "item": i, "note": n, "flagged_at": from_us(at).isoformat()}  # type: ignore[union-attr]
            for c, f, i, n, at in rows
        ]

