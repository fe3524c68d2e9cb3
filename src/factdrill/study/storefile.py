"""Opening a review store file safely: nothing is written to a file until
it is known to be ours, and every SQLite error reads as what to do."""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path
from typing import Any, Callable, Concatenate, ParamSpec, Sequence, TypeVar

from . import migrations
from ..errors import StoreError
from .cards import STATE_NAMES, CardState, from_us

SQLITE_MAGIC = b"SQLite format 3\x00"


def _enable_wal(conn: sqlite3.Connection, timeout: float) -> str:
    """Switch the file to WAL, waiting for a concurrent opener.

    SQLite answers "database is locked" at once, without the busy handler,
    when two processes switch a new file's journal mode together (a student
    starting two drills on a fresh store), so the wait is done here.
    """
    from time import monotonic, sleep

    deadline = monotonic() + timeout
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as e:
            if "locked" not in str(e).lower() or monotonic() > deadline:
                raise
            sleep(0.01)


def check_header(path: Path) -> None:
    """Refuse a file that exists but is not SQLite, before SQLite touches it."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as e:
        raise StoreError(f"cannot read {path} ({e.strerror}); check its permissions") from e
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not a factdrill store; move it away or use --home")


def check_identity(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a foreign SQLite file or a store written by a newer factdrill."""
    # Only reads here: nothing may be written before we know the file is ours.
    # One read transaction, so a concurrent opener's first migration is seen
    # whole or not at all (tables without the application id looked foreign).
    conn.execute("BEGIN")
    try:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.execute("COMMIT")
    if app_id != migrations.APPLICATION_ID:
        if app_id != 0 or version != 0 or tables:
            raise StoreError(f"{path} is not a factdrill store; move it away or use --home")
    elif version > migrations.SCHEMA_VERSION:
        raise StoreError(
            f"{path}: schema newer than this version (store v{version}, this factdrill"
            f" reads up to v{migrations.SCHEMA_VERSION}); upgrade factdrill"
        )


def describe_error(path: Path, e: sqlite3.Error) -> StoreError:
    """A sqlite3 error as a StoreError that says what to do."""
    msg = str(e)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return StoreError(
            f"the review store {path} is busy (another factdrill is writing); try again"
        )
    if "readonly" in low or "read-only" in low:
        return StoreError(f"the review store {path} is read-only; fix its permissions or use --home")
    if "disk is full" in low:  # SQLITE_FULL: the file is fine, the disk (or quota) is not
        return StoreError(
            f"cannot write to the review store {path} ({msg}); free disk space and try again"
        )
    if "unable to open" in low:
        return StoreError(f"cannot open the review store {path}; check the folder or use --home")
    if isinstance(e, sqlite3.DatabaseError) and not isinstance(e, sqlite3.IntegrityError):
        return StoreError(
            f"the review store {path} is damaged ({msg}); nothing was written:"
            " move it away and restore from a backup (factdrill import-reviews)"
        )
    return StoreError(f"review store {path}: {msg}")


def connect(path: Path, *, timeout: float, synchronous: str) -> sqlite3.Connection:
    """Open (or create) the store at ``path``: checked, in WAL mode, migrated."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(
            f"cannot create the store folder {path.parent} ({e.strerror});"
            " choose another with --home or FACTDRILL_HOME"
        ) from e
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a factdrill store; use --home FOLDER")
    check_header(path)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=timeout)
    except sqlite3.Error as e:
        raise describe_error(path, e) from e
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        check_identity(conn, path)
        mode = _enable_wal(conn, timeout)
        if str(mode).lower() != "wal":
            raise StoreError(f"cannot use WAL mode on {path} (got {mode}); use --home on a local disk")
        conn.execute(f"PRAGMA synchronous = {synchronous}")
        migrations.migrate(conn)
    except sqlite3.Error as e:
        conn.close()
        raise describe_error(path, e) from e
    except BaseException:
        conn.close()
        raise
    return conn


# The card columns every state query reads, in :func:`state_from_row` order.
CARD_COLUMNS = (
    "deck, card, fact, topic, state, due, stability, difficulty, step, last_review,"
    " reps, lapses, suspended, leech, hidden"
)


def state_from_row(r: Sequence[Any]) -> CardState:
    """A :class:`CardState` from a row of :data:`CARD_COLUMNS`."""
    return CardState(
        deck_id=r[0],
        card_id=r[1],
        fact_id=r[2],
        topic=r[3],
        state=STATE_NAMES[r[4]],
        due=from_us(r[5]),
        stability=r[6],
        difficulty=r[7],
        step=r[8],
        last_review=from_us(r[9]),
        reps=r[10],
        lapses=r[11],
        suspended=bool(r[12]),
        leech=bool(r[13]),
        hidden=bool(r[14]),
    )


T = TypeVar("T")
P = ParamSpec("P")


def guarded(fn: Callable[Concatenate[Any, P], T]) -> Callable[Concatenate[Any, P], T]:
    """Turn sqlite3 errors of a store method into a StoreError that says what to do."""

    @functools.wraps(fn)
    def wrapper(self: Any, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return fn(self, *args, **kwargs)
        except sqlite3.Error as e:
            raise describe_error(self.path, e) from e

    return wrapper
