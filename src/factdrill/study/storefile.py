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


def check_file(path: Path) -> None:
    """Refuse a store path that is not a regular file, or a file that is not
    SQLite, before SQLite touches it (a named pipe would block the open)."""
    import os
    import stat

    from ..safeio import kind_of

    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            st = os.stat(name)
        except FileNotFoundError:
            continue
        except OSError as e:
            raise StoreError(f"cannot read {name} ({e.strerror}); check its permissions") from e
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(
                f"{name} is {kind_of(st.st_mode)}, not a factdrill store; move it away or use --home"
            )
    check_header(path)


def check_header(path: Path) -> None:
    """Refuse a file that exists but is not SQLite, or is empty."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as e:
        raise StoreError(f"cannot read {path} ({e.strerror}); check its permissions") from e
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not a factdrill store; move it away or use --home")
    if not head and not _has_wal(path):
        # New stores are created whole (see create_store), so an empty file is
        # one whose reviews were lost (a failed copy, a truncation): starting
        # afresh in it silently would hide that.
        raise StoreError(
            f"the review store {path} is empty (0 bytes): its history is gone; restore a backup"
            " with 'factdrill import-reviews', or delete the file to start afresh"
        )


def _has_wal(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


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


# SQLite result codes (the low byte of an extended code) that say what failed.
_FULL, _IOERR, _CORRUPT, _NOTADB = 13, 10, 11, 26


def describe_error(path: Path, e: sqlite3.Error) -> StoreError:
    """A sqlite3 error as a StoreError that says what to do.

    Only SQLite's own verdict (corrupt, not a database) says "damaged": a
    full disk or a file size limit (``ulimit -f``) is a failed write to an
    intact file, and calling it damaged would push a student to throw away
    intact history.
    """
    msg = str(e)
    low = msg.lower()
    code = getattr(e, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if "locked" in low or "busy" in low:
        return StoreError(
            f"the review store {path} is busy (another factdrill is writing); try again"
        )
    if "readonly" in low or "read-only" in low:
        return StoreError(f"the review store {path} is read-only; fix its permissions or use --home")
    if primary == _FULL or "disk is full" in low:
        return StoreError(
            f"cannot write to the review store {path}: the disk is full ({msg});"
            " free disk space and try again"
        )
    if primary == _IOERR or "disk i/o error" in low:
        return StoreError(
            f"cannot write to the review store {path} ({msg}): disk full, or a file size limit"
            " (ulimit -f) reached; free disk space and try again (nothing in the store changed)"
        )
    if "unable to open" in low:
        return StoreError(f"cannot open the review store {path}; check the folder or use --home")
    damaged = primary in (_CORRUPT, _NOTADB) if primary is not None else (
        isinstance(e, sqlite3.DatabaseError) and not isinstance(e, sqlite3.IntegrityError)
    )
    if damaged:
        return StoreError(
            f"the review store {path} is damaged ({msg}); nothing was written:"
            " move it away and restore from a backup (factdrill import-reviews)"
        )
    return StoreError(f"review store {path}: {msg}")


def check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a store whose pages are damaged, before anything is written.

    Reading a few tables at open finds damage only in the pages it reads;
    damage elsewhere would be written to (and spread) by the first command
    that changes the store. ``quick_check`` reads every page once.
    """
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows and rows[0][0] != "ok":
        first = " ".join(str(rows[0][0]).split())[:120]
        raise StoreError(
            f"the review store {path} is damaged ({first}); nothing was written:"
            " move it away and restore from a backup (factdrill import-reviews)"
        )


def create_store(path: Path, *, timeout: float) -> None:
    """Create a new, empty, migrated store at ``path`` in one step.

    Built under a temporary name and linked into place, so ``path`` never
    exists half made: an empty store file can then only mean lost data (see
    :func:`check_header`). Losing the race to another opener is fine.
    """
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.new-")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None, timeout=timeout)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            migrations.migrate(conn)
        finally:
            conn.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process created it first: use theirs
        except OSError:
            # no hard links here (some network or FAT file systems): a rename
            # only if nobody created the store meanwhile
            if not path.exists():
                os.replace(tmp, path)
    finally:
        for name in (tmp, tmp + "-wal", tmp + "-shm"):
            try:
                os.unlink(name)
            except OSError:
                pass


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
    check_file(path)
    if not path.exists():
        try:
            create_store(path, timeout=timeout)
        except sqlite3.Error as e:
            raise describe_error(path, e) from e
        except OSError as e:
            raise StoreError(
                f"cannot create the review store {path} ({e.strerror}); free disk space, or"
                " choose another folder with --home"
            ) from e
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=timeout)
    except sqlite3.Error as e:
        raise describe_error(path, e) from e
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        check_identity(conn, path)
        check_integrity(conn, path)
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
