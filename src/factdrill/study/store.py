"""The review store: card states and the review log, in one SQLite file.

Where: ``factdrill.db`` in the user data folder (platformdirs), or in the
folder given by ``--home`` / ``$FACTDRILL_HOME``.

Durability: WAL journal, and every review is one ``BEGIN IMMEDIATE`` ...
``COMMIT`` transaction that returns only after the commit, so killing the
process at any moment (Ctrl-C, closed terminal, kill -9) loses at most the
answer not yet recorded: a committed WAL frame is in the operating system's
hands once ``COMMIT`` returns. ``synchronous=NORMAL`` by default: it keeps
that guarantee and never corrupts the file; only an OS crash or power cut can
drop the last few reviews. FULL (an fsync per review) measured 3-9 ms per
review on a busy shared disk against 0.4 ms for NORMAL, over the 5 ms budget;
pass ``synchronous="FULL"`` for power-cut durability.
Concurrency: a busy timeout plus BEGIN IMMEDIATE for every write, so two
sessions on one store queue up instead of failing or losing reviews.

Identity: a card is (deck id, card id) where the card id is ``FACT:SIDE``;
a fact's text can change without touching its cards. Cards of facts that
vanish from the deck are hidden, never deleted, so their log stays.

Safety: a file that is not SQLite, a foreign SQLite file (wrong
``application_id``), a store written by a newer factdrill, or a damaged
file raise :class:`~factdrill.errors.StoreError` and are left unchanged.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..errors import StoreError
from ..generators.cardlist import tags_column
from .cards import STATE_CODES, CardInfo, CardState, Review, from_us, state_from_dict, state_to_dict, to_us, utc
from .scheduling import (
    DEFAULT_RETENTION,
    LEECH_REPEAT,
    LEECH_THRESHOLD,
    Rating,
    next_state,
)
from .params import load_parameters
from .store_flags import FlagQueries
from .store_queues import QueueQueries
from .storefile import CARD_COLUMNS, connect, describe_error, guarded, state_from_row

DB_NAME = "factdrill.db"
SYNC_KEY = "_synced_cards"  # setting: fingerprint of the card list last synced


class Store(QueueQueries, FlagQueries):
    """The SQLite review store. Use as a context manager or call close()."""

    def __init__(
        self, path: str | Path, *, fuzz: bool = True, timeout: float = 10.0, synchronous: str = "NORMAL"
    ) -> None:
        if synchronous.upper() not in ("NORMAL", "FULL", "EXTRA"):
            raise ValueError("synchronous must be NORMAL, FULL or EXTRA")
        self.path = Path(path)
        self.fuzz = fuzz
        self.created = False  # set by open(): the file did not exist before
        self.conn: sqlite3.Connection = connect(self.path, timeout=timeout, synchronous=synchronous.upper())

    # -- opening and errors -----------------------------------------------------

    @classmethod
    def open(cls, home: str | Path | None = None, **kwargs: Any) -> Store:
        """Open the store in ``home``, else the chosen home (``--home``,
        $FACTDRILL_HOME), else the user data folder (:mod:`factdrill.paths`).

        ``created`` on the result tells whether the file was new, so a
        command can say that a history starts there (a mistyped home would
        otherwise start an empty history without a word).
        """
        from ..paths import data_dir

        folder = data_dir(home)
        if folder.exists() and not folder.is_dir():
            raise StoreError(f"{folder} is a file; --home and FACTDRILL_HOME name a folder")
        existed = (folder / DB_NAME).exists()
        store = cls(folder / DB_NAME, **kwargs)
        store.created = not existed
        return store

    def _error(self, e: sqlite3.Error) -> StoreError:
        return describe_error(self.path, e)

    def close(self) -> None:
        """Close the connection (the last one out folds the WAL into the file)."""
        conn = getattr(self, "conn", None)
        if conn is not None:
            try:
                # keeps planner statistics fresh; analysis_limit bounds what an
                # ANALYZE it runs reads (SQLite's advice for applications)
                conn.execute("PRAGMA analysis_limit = 1000")
                conn.execute("PRAGMA optimize")
                _stat_empty_indexes(conn)
            except sqlite3.Error:
                pass  # closing must not fail over an optimisation hint
            conn.close()
            del self.conn

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; takes the write lock up front (BEGIN IMMEDIATE)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- deck sync --------------------------------------------------------------

    @guarded
    def sync_deck(
        self,
        deck_id: str,
        cards: Iterable[CardInfo] | Callable[[], Iterable[CardInfo]],
        *,
        now: datetime,
        fingerprint: str | None = None,
    ) -> None:
        """Make the store's cards match the deck's.

        New cards are added (state new); cards whose fact vanished are hidden
        (kept, with their log); hidden cards that return are shown again with
        their old state; a changed topic or tags are updated. An unchanged
        card list is recognised by its fingerprint
        (:func:`~factdrill.generators.cardlist.fingerprint`) and costs no
        write; given ``fingerprint`` (the items cache keeps it) and a
        callable ``cards``, an unchanged list is not even read.
        """
        from ..generators.cardlist import CardRow
        from ..generators.cardlist import fingerprint as card_print

        if fingerprint is not None and self.get_setting(deck_id, SYNC_KEY) == fingerprint:
            return
        wanted = {c.card_id: c for c in (cards() if callable(cards) else cards)}
        now_us = to_us(now)
        if fingerprint is None:
            fingerprint = card_print(CardRow(c.card_id, c.fact_id, c.topic, c.tags) for c in wanted.values())
            if self.get_setting(deck_id, SYNC_KEY) == fingerprint:
                return
        with self.transaction() as db:
            have = {
                r[0]: r[1:]
                for r in db.execute(
                    "SELECT card, id, fact, topic, tags, hidden FROM cards WHERE deck = ?", (deck_id,)
                )
            }
            new_rows = []
            for cid, info in wanted.items():
                tags = tags_column(info.tags)
                old = have.get(cid)
                if old is None:
                    new_rows.append((deck_id, cid, info.fact_id, info.topic, tags, now_us))
                elif old[1:] != (info.fact_id, info.topic, tags, 0):
                    db.execute(
                        "UPDATE cards SET fact = ?, topic = ?, tags = ?, hidden = 0 WHERE id = ?",
                        (info.fact_id, info.topic, tags, old[0]),
                    )
            db.executemany(
                "INSERT INTO cards (deck, card, fact, topic, tags, added) VALUES (?, ?, ?, ?, ?, ?)",
                new_rows,
            )
            gone = [(old[0],) for cid, old in have.items() if cid not in wanted and not old[4]]
            db.executemany("UPDATE cards SET hidden = 1 WHERE id = ?", gone)
            db.execute(
                "INSERT INTO settings (deck, key, value) VALUES (?, ?, ?)"
                " ON CONFLICT (deck, key) DO UPDATE SET value = excluded.value",
                (deck_id, SYNC_KEY, fingerprint),
            )

    # -- reading ----------------------------------------------------------------

    @guarded
    def card(self, deck_id: str, card_id: str) -> CardState:
        """The state of one card (StoreError if the store has no such card)."""
        row = self.conn.execute(
            f"SELECT {CARD_COLUMNS} FROM cards WHERE deck = ? AND card = ?", (deck_id, card_id)
        ).fetchone()
        if row is None:
            raise StoreError(f"no card {card_id!r} of deck {deck_id!r} in the store")
        return state_from_row(row)

    @guarded
    def cards(self, deck_id: str, *, include_hidden: bool = False) -> list[CardState]:
        """All cards of a deck, in the order they were added."""
        hidden = "" if include_hidden else " AND hidden = 0"
        rows = self.conn.execute(
            f"SELECT {CARD_COLUMNS} FROM cards WHERE deck = ?{hidden} ORDER BY id", (deck_id,)
        )
        return [state_from_row(r) for r in rows]

    # -- writing reviews ------------------------------------------------------------

    @guarded
    def record_review(
        self,
        deck_id: str,
        card_id: str,
        *,
        item_id: str,
        item_kind: str,
        response: str,
        correct: bool,
        score: float,
        rating: Rating | int,
        elapsed_ms: int,
        confused_with: Sequence[str] = (),
        now: datetime,
        retention: float = DEFAULT_RETENTION,
        practice: bool = False,
        replaces: int | None = None,
    ) -> Review:
        """Log one answer and reschedule its card, committed before returning.

        ``practice`` (cram, quiz) logs the answer but leaves the schedule
        untouched. The deck's ``exam_date`` setting caps the new due date.
        A card's 8th failure makes it a leech: tagged and suspended. The
        deck's fitted FSRS parameters (``factdrill optimize``) apply if set.
        ``replaces`` names a review to undo in the same transaction (a
        changed rating), so a kill in between cannot lose the answer.
        """
        rating = Rating(int(rating))
        now = utc(now)
        kind = getattr(item_kind, "value", item_kind)
        confused = tuple(dict.fromkeys(str(c) for c in confused_with if c))
        with self.transaction() as db:
            if replaces is not None:
                self._undo_in(db, replaces)
            row = db.execute(
                f"SELECT id, {CARD_COLUMNS} FROM cards WHERE deck = ? AND card = ?", (deck_id, card_id)
            ).fetchone()
            if row is None:
                raise StoreError(
                    f"no card {card_id!r} of deck {deck_id!r} in the store; sync the deck first"
                )
            ref, before = row[0], state_from_row(row[1:])
            after = before
            if not practice:
                after = next_state(
                    before,
                    rating,
                    now=now,
                    retention=retention,
                    exam_date=self.exam_date(deck_id),
                    fuzz=self.fuzz,
                    parameters=load_parameters(self, deck_id),
                )
                if rating == Rating.AGAIN and leech_due(after.lapses):
                    after = replace(after, leech=True, suspended=True)
            counted = not practice and before.state == "review"
            cur = db.execute(
                "INSERT INTO reviews (deck, card_ref, item_id, item_kind, reviewed_at, response,"
                " correct, score, rating, elapsed_ms, confused_with, practice, state_before,"
                " before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    deck_id, ref, item_id, kind, to_us(now), response, int(bool(correct)),
                    float(score), int(rating), int(elapsed_ms), json.dumps(list(confused)),
                    int(practice), STATE_CODES[before.state],
                    json.dumps(state_to_dict(before)), json.dumps(state_to_dict(after)),
                ),
            )  # fmt: skip
            review_id = cur.lastrowid
            self.write_state(ref, after, rv=(int(counted), int(counted and rating > Rating.AGAIN)))
            add_confusions(db, review_id, deck_id, before.fact_id, confused)
        return Review(
            id=int(review_id or 0),
            deck_id=deck_id,
            card_id=card_id,
            item_id=item_id,
            item_kind=kind,
            reviewed_at=now,
            response=response,
            correct=bool(correct),
            score=float(score),
            rating=int(rating),
            elapsed_ms=int(elapsed_ms),
            confused_with=confused,
            before=before,
            after=after,
            practice=practice,
        )

    def write_state(self, ref: int, s: CardState, *, rv: tuple[int, int] = (0, 0)) -> None:
        """Set card ``ref``'s state; ``rv`` adds to its retention counters."""
        self.conn.execute(
            "UPDATE cards SET state = ?, due = ?, stability = ?, difficulty = ?, step = ?,"
            " last_review = ?, reps = ?, lapses = ?, suspended = ?, leech = ?,"
            " rv_total = rv_total + ?, rv_pass = rv_pass + ? WHERE id = ?",
            (
                STATE_CODES[s.state], None if s.due is None else to_us(s.due), s.stability,
                s.difficulty, s.step, None if s.last_review is None else to_us(s.last_review),
                s.reps, s.lapses, int(s.suspended), int(s.leech), rv[0], rv[1], ref,
            ),
        )  # fmt: skip

    def exam_date(self, deck_id: str) -> date | None:
        """The deck's remembered exam date (None when unset or unreadable)."""
        value = self.get_setting(deck_id, "exam_date")
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            return None  # a hand-edited bad value must not block studying

    @guarded
    def undo(self, review_id: int) -> CardState:
        """Delete a review and restore its card's state from before it.

        Only the newest review of a card can be undone (older ones are the
        base of later scheduling decisions).
        """
        with self.transaction() as db:
            return self._undo_in(db, review_id)

    def _undo_in(self, db: sqlite3.Connection, review_id: int) -> CardState:
        """The body of :meth:`undo`, inside a write transaction the caller holds."""
        row = db.execute(
            "SELECT r.card_ref, r.before, r.practice, r.state_before, r.rating,"
            f" {', '.join('c.' + c.strip() for c in CARD_COLUMNS.split(','))}"
            " FROM reviews r JOIN cards c ON c.id = r.card_ref WHERE r.id = ?",
            (review_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no review {review_id} to undo")
        ref, before_json, practice, state_before, rating = row[:5]
        newer = db.execute(
            "SELECT 1 FROM reviews WHERE card_ref = ? AND id > ? LIMIT 1", (ref, review_id)
        ).fetchone()
        if newer:
            raise StoreError(
                f"review {review_id} is not the newest review of its card; undo newer ones first"
            )
        current = state_from_row(row[5:])
        before = state_from_dict(json.loads(before_json), ident=current)
        counted = not practice and state_before == STATE_CODES["review"]
        self.write_state(ref, before, rv=(-int(counted), -int(counted and rating > 1)))
        db.execute("DELETE FROM confusions WHERE review_id = ?", (review_id,))
        db.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return before

    # -- suspend and settings -------------------------------------------------------

    @guarded
    def suspend(self, deck_id: str, fact_id: str) -> int:
        """Suspend every card of a fact; returns how many changed."""
        with self.transaction() as db:
            return db.execute(
                "UPDATE cards SET suspended = 1 WHERE deck = ? AND fact = ? AND suspended = 0",
                (deck_id, fact_id),
            ).rowcount

    @guarded
    def unsuspend(self, deck_id: str, fact_id: str) -> int:
        """Unsuspend every card of a fact (leeches keep their leech tag)."""
        with self.transaction() as db:
            return db.execute(
                "UPDATE cards SET suspended = 0 WHERE deck = ? AND fact = ? AND suspended = 1",
                (deck_id, fact_id),
            ).rowcount

    @guarded
    def fact_cards(self, deck_id: str, fact_id: str) -> int:
        """How many cards (hidden included) the store has for a fact."""
        return self.conn.execute(
            "SELECT count(*) FROM cards WHERE deck = ? AND fact = ?", (deck_id, fact_id)
        ).fetchone()[0]

    @guarded
    def get_setting(self, deck_id: str, key: str) -> str | None:
        """A per-deck setting (``exam_date``, ``retention``, ``new_per_day``)."""
        row = self.conn.execute(
            "SELECT value FROM settings WHERE deck = ? AND key = ?", (deck_id, key)
        ).fetchone()
        return row[0] if row else None

    @guarded
    def set_setting(self, deck_id: str, key: str, value: str | None) -> None:
        """Remember a per-deck setting; None forgets it."""
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM settings WHERE deck = ? AND key = ?", (deck_id, key))
            else:
                db.execute(
                    "INSERT INTO settings (deck, key, value) VALUES (?, ?, ?)"
                    " ON CONFLICT (deck, key) DO UPDATE SET value = excluded.value",
                    (deck_id, key, str(value)),
                )

    # -- the log -------------------------------------------------------------------

    def reviews(self, deck_id: str | None = None, *, card_id: str | None = None) -> Iterator[Review]:
        """Every logged review, oldest first (optionally of one deck or card)."""
        where, params = [], []
        if deck_id is not None:
            # Both sides named so the planner can use cards' (deck, card) key.
            where.append("r.deck = ? AND c.deck = ?")
            params += [deck_id, deck_id]
        if card_id is not None:
            where.append("c.card = ?")
            params.append(card_id)
        sql = (
            "SELECT r.id, r.deck, c.card, r.item_id, r.item_kind, r.reviewed_at, r.response,"
            " r.correct, r.score, r.rating, r.elapsed_ms, r.confused_with, r.practice,"
            " r.before, r.after, c.fact, c.topic, c.hidden"
            " FROM reviews r JOIN cards c ON c.id = r.card_ref"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY r.id"
        )
        try:
            for r in self.conn.execute(sql, params):
                yield review_from_row(r)
        except sqlite3.Error as e:
            raise self._error(e) from e

    @guarded
    def review_count(self, deck_id: str | None = None) -> int:
        if deck_id is None:
            return self.conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
        return self.conn.execute("SELECT count(*) FROM reviews WHERE deck = ?", (deck_id,)).fetchone()[0]

    @guarded
    def item_history(
        self, deck_id: str, card_ids: Iterable[str], *, per_card: int = 50
    ) -> dict[str, list[tuple[datetime, str, str]]]:
        """(time, item id, item kind) of the latest reviews of some cards,
        oldest first: what item rotation needs, via the (card) index instead
        of reading the whole log (which is slow at a million reviews)."""
        out: dict[str, list[tuple[datetime, str, str]]] = {}
        for cid in card_ids:
            rows = self.conn.execute(
                "SELECT r.reviewed_at, r.item_id, r.item_kind FROM reviews r"
                " WHERE r.card_ref = (SELECT id FROM cards WHERE deck = ? AND card = ?)"
                " ORDER BY r.id DESC LIMIT ?",
                (deck_id, cid, per_card),
            ).fetchall()
            if rows:
                out[cid] = [(from_us(at), item, kind) for at, item, kind in reversed(rows)]  # type: ignore[misc]
        return out


def _stat_empty_indexes(conn: sqlite3.Connection) -> None:
    """Give an analyzed table's empty indexes statistics (ANALYZE writes
    none for an index without entries, such as the leeches' before the
    first leech), so ``PRAGMA optimize`` does not see an index without
    statistics and ANALYZE the whole table again at every close (~40 ms on
    100,000 cards)."""
    missing = conn.execute(
        "SELECT m.tbl_name, m.name FROM sqlite_master m WHERE m.type = 'index'"
        " AND m.tbl_name IN (SELECT tbl FROM sqlite_stat1)"
        " AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.idx = m.name)"
    ).fetchall() if conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() else []
    for table, index in missing:
        columns = len(conn.execute(f'PRAGMA index_info("{index}")').fetchall())
        conn.execute("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)",
                     (table, index, " ".join(["1"] * (columns + 1))))


def add_confusions(
    db: sqlite3.Connection, review_id: int | None, deck_id: str, fact: str, others: Iterable[str]
) -> None:
    """Log which facts a wrong answer mixed up with ``fact`` (never itself)."""
    db.executemany(
        "INSERT INTO confusions (review_id, deck, fact, other, pair_a, pair_b) VALUES (?, ?, ?, ?, ?, ?)",
        [(review_id, deck_id, fact, o, min(fact, o), max(fact, o)) for o in others if o != fact],
    )


def leech_due(lapses: int) -> bool:
    """Whether this failure count suspends the card as a leech."""
    if lapses < LEECH_THRESHOLD:
        return False
    return (lapses - LEECH_THRESHOLD) % LEECH_REPEAT == 0


def review_from_row(r: Sequence[Any]) -> Review:
    ident = CardState(
        deck_id=r[1], card_id=r[2], fact_id=r[15], topic=r[16], state="new", due=None,
        stability=None, difficulty=None, step=None, last_review=None, reps=0, lapses=0,
        suspended=False, leech=False, hidden=bool(r[17]),
    )  # fmt: skip
    return Review(
        id=r[0],
        deck_id=r[1],
        card_id=r[2],
        item_id=r[3],
        item_kind=r[4],
        reviewed_at=from_us(r[5]),  # type: ignore[arg-type]
        response=r[6],
        correct=bool(r[7]),
        score=r[8],
        rating=r[9],
        elapsed_ms=r[10],
        confused_with=tuple(json.loads(r[11])),
        before=state_from_dict(json.loads(r[13]), ident=ident),
        after=state_from_dict(json.loads(r[14]), ident=ident),
        practice=bool(r[12]),
    )


