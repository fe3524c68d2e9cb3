"""Schema migrations of the review store, applied in order on open.

Each migration is a small function taking a connection; registration order
is apply order and names never change once released. Applied names are
recorded in ``_factdrill_migrations``; a migration and its record commit in
one transaction, so a crash leaves the store either before or after it.
``PRAGMA user_version`` mirrors the number applied, and ``application_id``
marks the file as ours so a foreign SQLite file is never touched.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Callable

APPLICATION_ID = 0x46445231  # "FDR1"

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration."""
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(conn: sqlite3.Connection) -> None:
    # Times are integer microseconds since the epoch (UTC): exact round trips
    # for undo, and cheap range scans. Card state: 0 new, 1 learning,
    # 2 review, 3 relearning (fsrs's numbers, plus 0).
    run_script(
        conn,
        """
        CREATE TABLE cards (
            id INTEGER PRIMARY KEY,
            deck TEXT NOT NULL,
            card TEXT NOT NULL,
            fact TEXT NOT NULL,
            topic TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            state INTEGER NOT NULL DEFAULT 0,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due INTEGER,
            last_review INTEGER,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            suspended INTEGER NOT NULL DEFAULT 0,
            leech INTEGER NOT NULL DEFAULT 0,
            hidden INTEGER NOT NULL DEFAULT 0,
            added INTEGER NOT NULL,
            rv_total INTEGER NOT NULL DEFAULT 0,
            rv_pass INTEGER NOT NULL DEFAULT 0,
            UNIQUE (deck, card)
        );
        CREATE INDEX cards_active_due ON cards (deck, due) WHERE suspended = 0 AND hidden = 0;
        CREATE INDEX cards_deck_state ON cards (deck, state, suspended, hidden);
        CREATE INDEX cards_deck_fact ON cards (deck, fact);

        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            deck TEXT NOT NULL,
            card_ref INTEGER NOT NULL REFERENCES cards (id),
            item_id TEXT NOT NULL,
            item_kind TEXT NOT NULL,
            reviewed_at INTEGER NOT NULL,
            response TEXT NOT NULL,
            correct INTEGER NOT NULL,
            score REAL NOT NULL,
            rating INTEGER NOT NULL,
            elapsed_ms INTEGER NOT NULL,
            confused_with TEXT NOT NULL DEFAULT '[]',
            practice INTEGER NOT NULL DEFAULT 0,
            state_before INTEGER NOT NULL,
            before TEXT NOT NULL,
            after TEXT NOT NULL
        );
        CREATE INDEX reviews_card ON reviews (card_ref, id);
        CREATE INDEX reviews_deck_time ON reviews (deck, reviewed_at);

        CREATE TABLE confusions (
            review_id INTEGER NOT NULL REFERENCES reviews (id),
            deck TEXT NOT NULL,
            fact TEXT NOT NULL,
            other TEXT NOT NULL
        );
        CREATE INDEX confusions_deck ON confusions (deck, fact, other);
        CREATE INDEX confusions_review ON confusions (review_id);

        CREATE TABLE settings (
            deck TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (deck, key)
        );
        """,
    )


@migration
def m002_fast_stats(conn: sqlite3.Connection) -> None:
    # Stats on 100k cards / 1M reviews must stay under ~300 ms: covering
    # indexes for retention and the recent-review scans, a tiny partial
    # index for leeches, and confusion pairs stored unordered (a <= b) so
    # counting them walks an index instead of sorting every row.
    run_script(
        conn,
        """
        ALTER TABLE confusions ADD COLUMN pair_a TEXT;
        ALTER TABLE confusions ADD COLUMN pair_b TEXT;
        UPDATE confusions SET pair_a = min(fact, other), pair_b = max(fact, other);
        DROP INDEX confusions_deck;
        CREATE INDEX confusions_pairs ON confusions (deck, pair_a, pair_b);
        CREATE INDEX cards_leech ON cards (deck) WHERE leech = 1;
        CREATE INDEX cards_topic_retention ON cards (deck, topic, rv_total, rv_pass);
        DROP INDEX reviews_deck_time;
        CREATE INDEX reviews_deck_time ON reviews (deck, reviewed_at, state_before, practice, rating);
        """,
    )


@migration
def m003_flags(conn: sqlite3.Connection) -> None:
    # A card the student flagged in the drill (":f" with an optional note):
    # a question to fix or look at later, listed by `factdrill stats`. One
    # row per card; the item shown and the note say what was wrong.
    run_script(
        conn,
        """
        CREATE TABLE flags (
            deck TEXT NOT NULL,
            card TEXT NOT NULL,
            fact TEXT NOT NULL,
            item_id TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            flagged_at INTEGER NOT NULL,
            PRIMARY KEY (deck, card)
        );
        """,
    )


SCHEMA_VERSION = len(MIGRATIONS)


def applied(conn: sqlite3.Connection) -> set[str]:
    """Names of the migrations already applied."""
    try:
        return {r[0] for r in conn.execute("SELECT name FROM _factdrill_migrations")}
    except sqlite3.OperationalError:
        return set()


def migrate(conn: sqlite3.Connection) -> int:
    """Apply pending migrations; returns how many ran.

    The connection must be in autocommit mode (``isolation_level=None``).
    Each step takes the write lock first (BEGIN IMMEDIATE) and re-reads what
    is applied, so two processes opening a new store at once do not race.
    """
    ran = 0
    for index, fn in enumerate(MIGRATIONS, start=1):
        if fn.__name__ in applied(conn):
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS _factdrill_migrations"
                " (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            if fn.__name__ in applied(conn):
                conn.execute("ROLLBACK")
                continue
            fn(conn)
            conn.execute(
                "INSERT INTO _factdrill_migrations (name, applied_at) VALUES (?, ?)",
                (fn.__name__, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
            )
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {index}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        ran += 1
    return ran


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the caller's transaction.

    (``executescript`` would COMMIT the open transaction first.)
    """
    for stmt in _statements(script):
        conn.execute(stmt)


def _statements(script: str) -> list[str]:
    """Split a script into complete SQL statements."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
