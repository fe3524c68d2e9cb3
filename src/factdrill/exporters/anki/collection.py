"""Reading a student's Anki collection: which cards it has and their reviews.

Accepted: the ``collection.anki2`` file of a closed Anki profile (plain
SQLite), and ``.colpkg`` / ``.apkg`` packages exported with scheduling (zip
files holding ``collection.anki21b``, zstd-compressed since Anki 2.1.50, or
the older uncompressed ``collection.anki21`` / ``collection.anki2``). Only
three tables are read, and their columns have not changed in a decade:
``notes`` (``id``, ``guid``), ``cards`` (``id``, ``nid``, ``ord``) and
``revlog`` (``id`` = answer time in ms, ``cid``, ``ease`` = button 1-4,
``time`` = ms taken, ``type`` 0 learn, 1 review, 2 relearn, 3 filtered or
cram, 4 manual, 5 rescheduled). The file itself is never written.

zstd needs the optional ``zstandard`` package (``pip install
'factdrill[anki]'``) on Pythons without ``compression.zstd`` (before 3.14).
"""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ...errors import ExportError

SQLITE_MAGIC = b"SQLite format 3\x00"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
# newest first: a package from a recent Anki also holds a stub collection.anki2
# ("please update Anki") next to the real collection.anki21b
PACKAGE_MEMBERS = ("collection.anki21b", "collection.anki21", "collection.anki2")
MANUAL_TYPES = frozenset({4, 5})  # Manual, Rescheduled: no answer was given
CRAM_TYPE = 3


class AnkiReadError(ExportError):
    """A file that is not a readable Anki collection (one line, what to do)."""


@dataclass(frozen=True)
class Revlog:
    """One row of Anki's review log."""

    id: int  # answer time, ms since the epoch (unique in a collection)
    cid: int
    ease: int  # button: 1 Again .. 4 Easy; 0 for manual changes
    taken_ms: int
    type: int  # 0 learn, 1 review, 2 relearn, 3 filtered/cram, 4 manual, 5 rescheduled
    factor: int = 0  # ease factor (per mille); 0 on a cram row

    @property
    def is_answer(self) -> bool:
        """A button was pressed (not a manual change or a reschedule)."""
        return 1 <= self.ease <= 4 and self.type not in MANUAL_TYPES

    @property
    def is_cram(self) -> bool:
        """An answer that left the schedule alone (Anki's ``is_cramming``:
        a filtered-deck row without an ease factor)."""
        return self.type == CRAM_TYPE and self.factor == 0


@dataclass(frozen=True)
class AnkiLog:
    """The cards of a collection (card id -> note GUID and ordinal) and its
    review log, oldest first."""

    cards: dict[int, tuple[str, int]]
    revlog: tuple[Revlog, ...]


def read_collection(path: str | Path) -> AnkiLog:
    """The cards and review log of an Anki collection or package at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise AnkiReadError(f"{path}: no such file; give a collection.anki2, .colpkg or .apkg")
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as e:
        raise AnkiReadError(f"{path}: cannot read it ({e.strerror})") from None
    if head == SQLITE_MAGIC:
        return _read_sqlite_file(path)
    if head[:4] == b"PK\x03\x04":
        with _unpacked(path) as db:
            return _read_sqlite_file(db, shown=path)
    raise AnkiReadError(
        f"{path} is not an Anki collection; give the collection.anki2 of your profile"
        " folder, or a .colpkg / .apkg exported with scheduling"
    )


@contextmanager
def _unpacked(path: Path) -> Iterator[Path]:
    """The collection inside a package, as a temporary SQLite file."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise AnkiReadError(f"{path} is not a readable Anki package ({e})") from None
    with zf, tempfile.TemporaryDirectory() as tmp:
        names = set(zf.namelist())
        member = next((m for m in PACKAGE_MEMBERS if m in names), None)
        if member is None:
            raise AnkiReadError(f"{path} holds no Anki collection; export it from Anki again")
        out = Path(tmp) / "collection.sqlite"
        try:
            with zf.open(member) as src, open(out, "wb") as dst:
                if member.endswith("21b"):
                    _unzstd(src, dst, path)
                else:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
        except (zipfile.BadZipFile, OSError, EOFError) as e:
            raise AnkiReadError(f"{path}: its collection is damaged ({e})") from None
        yield out


def _unzstd(src: object, dst: object, shown: Path) -> None:
    """Decompress a zstd stream (Anki's collection.anki21b)."""
    try:
        from compression import zstd  # type: ignore[import-not-found]  # Python 3.14+

        reader = zstd.ZstdFile(src)
    except ImportError:
        try:
            import zstandard
        except ImportError:
            raise AnkiReadError(
                f"{shown} is compressed with zstd (Anki 2.1.50 and later); install the"
                " reader with: pip install 'factdrill[anki]' (or give the collection.anki2"
                " of your profile folder)"
            ) from None
        reader = zstandard.ZstdDecompressor().stream_reader(src)
    try:
        while chunk := reader.read(1 << 20):
            dst.write(chunk)  # type: ignore[attr-defined]
    except Exception as e:  # zstd libraries raise their own error types
        raise AnkiReadError(f"{shown}: its collection is damaged ({e})") from None


def _read_sqlite_file(db: Path, *, shown: Path | None = None) -> AnkiLog:
    """Read notes, cards and revlog from an Anki SQLite file, read-only."""
    shown = shown or db
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0)
    except sqlite3.Error as e:
        raise AnkiReadError(f"{shown}: cannot open it ({e})") from None
    try:
        cards = {
            cid: (guid, ord_)
            for cid, guid, ord_ in conn.execute(
                "SELECT c.id, n.guid, c.ord FROM cards c JOIN notes n ON n.id = c.nid"
            )
        }
        revlog = tuple(
            Revlog(int(rid), int(cid), int(ease), int(taken or 0), int(kind), int(factor or 0))
            for rid, cid, ease, taken, kind, factor in conn.execute(
                "SELECT id, cid, ease, time, type, factor FROM revlog ORDER BY id"
            )
        )
    except sqlite3.Error as e:
        low = str(e).lower()
        if "locked" in low or "busy" in low:
            raise AnkiReadError(
                f"{shown} is in use; close Anki (or switch profile) and try again"
            ) from None
        raise AnkiReadError(
            f"{shown} is not a readable Anki collection ({e}); give the collection.anki2"
            " of a closed profile, or a .colpkg / .apkg exported with scheduling"
        ) from None
    finally:
        conn.close()
    return AnkiLog(cards, revlog)
