"""The items database of one deck: its parsed files, its items by fact and
card, and what each fact's items were built from.

One SQLite file per deck path and seed in the cache folder (see
:mod:`.cache`). Tables:

* ``meta``: format, code fingerprint, the deck's metadata (``head``, a
  :class:`~factdrill.deck.facts.Deck` without facts), its content hash,
  the card list's fingerprint and tags, which fact kinds each aggregate
  reads (see :mod:`.incremental`);
* ``files``: each deck file's stat signature and content digest, so an
  edit re-reads only the edited file;
* ``facts``: one row per fact in deck order: the fact, its digest, file,
  kind and topic, its items (one list per item kind) and skips;
* ``cards``: card -> fact, topic, tags and item kinds: what a drill needs
  to read only the items of the cards it shows;
* ``keys``, ``rdeps``, ``memos``: the dependency index (key -> the units
  and memo nodes that read it; see :mod:`.tracking`);
* ``texts``: a fact's items as ``items --json`` writes them, kept from the
  first run that wrote them (:meth:`DeckItems.fact_texts`); triggers drop
  a fact's text whenever its items are written or it is removed.
* ``renders``: an exporter's rendering of each fact's items (the Anki
  export's note rows, :mod:`factdrill.exporters.anki.kept`), in runs by
  label (its subdeck), for one rendering key (meta ``renders_key``: what
  besides the fact and its items the rendering read); dropped by triggers
  as ``texts`` are (:meth:`DeckItems.keep_renders`).

Blobs are pickles, acceptable for the same reason as Python's own
``__pycache__``: the file is the user's own, in their private cache folder,
written only by factdrill; a file not owned by the user or writable by
others is never opened (:func:`private`).
"""

from __future__ import annotations

import os
import stat
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cardlist import CardRow, teaching_order
from .items import Item, ItemKind

if TYPE_CHECKING:
    from ..deck.facts import Deck, Fact
    from .common import Skip

FORMAT = "7"  # bump when the layout changes: older files are rebuilt
KINDS: tuple[ItemKind, ...] = tuple(ItemKind)
KIND_INDEX = {k: i for i, k in enumerate(KINDS)}
NODE_KINDS = 32  # unit node id = fact rowid * NODE_KINDS + kind index; memo nodes are negative
assert len(KINDS) <= NODE_KINDS, "unit node ids of two facts would collide: raise NODE_KINDS (and FORMAT)"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value);
CREATE TABLE files (name TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, ino INTEGER,
                    checked INTEGER, sha TEXT);
CREATE TABLE facts (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, pos INTEGER NOT NULL,
                    file TEXT NOT NULL, kind TEXT NOT NULL, topic TEXT NOT NULL,
                    digest TEXT NOT NULL, quiz INTEGER NOT NULL, fact BLOB NOT NULL, items BLOB, skips BLOB);
CREATE INDEX facts_file ON facts (file);
-- covering: an update after an edit reads every fact of the edited kinds
-- (their ids, places, digests and contents) from the index alone, not from
-- rows spread among the items' pages
CREATE INDEX facts_kind ON facts (kind, pos, id, file, digest, fact);
CREATE INDEX facts_pos ON facts (pos);
CREATE TABLE cards (card TEXT PRIMARY KEY, fact TEXT NOT NULL, topic TEXT NOT NULL,
                    tags TEXT NOT NULL, kinds TEXT NOT NULL, first INTEGER NOT NULL);
CREATE INDEX cards_fact ON cards (fact);
CREATE TABLE keys (kid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value TEXT);
CREATE TABLE rdeps (kid INTEGER NOT NULL, node INTEGER NOT NULL, PRIMARY KEY (kid, node)) WITHOUT ROWID;
CREATE INDEX rdeps_node ON rdeps (node);
CREATE TABLE memos (mid INTEGER PRIMARY KEY, name TEXT NOT NULL, fact TEXT NOT NULL, UNIQUE (name, fact));
CREATE TABLE texts (rid INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TRIGGER texts_new AFTER INSERT ON facts BEGIN DELETE FROM texts WHERE rid = NEW.rid; END;
CREATE TRIGGER texts_items AFTER UPDATE OF items ON facts BEGIN DELETE FROM texts WHERE rid = OLD.rid; END;
CREATE TRIGGER texts_gone AFTER DELETE ON facts BEGIN DELETE FROM texts WHERE rid = OLD.rid; END;
CREATE TABLE renders (rid INTEGER NOT NULL, seq INTEGER NOT NULL, label TEXT, kinds TEXT NOT NULL,
                      blob BLOB NOT NULL, PRIMARY KEY (rid, seq));
CREATE TRIGGER renders_new AFTER INSERT ON facts BEGIN DELETE FROM renders WHERE rid = NEW.rid; END;
CREATE TRIGGER renders_items AFTER UPDATE OF items ON facts BEGIN DELETE FROM renders WHERE rid = OLD.rid; END;
CREATE TRIGGER renders_gone AFTER DELETE ON facts BEGIN DELETE FROM renders WHERE rid = OLD.rid; END;
"""


def _statements(script: str) -> Iterator[str]:
    """The statements of ``script`` (a trigger's body keeps its own ``;``)."""
    stmt = ""
    for line in script.strip().splitlines(keepends=True):
        stmt += line
        if sqlite3.complete_statement(stmt):
            yield stmt
            stmt = ""


def private(st: os.stat_result) -> bool:
    """Whether a cache file is the user's own and writable only by them.

    Unpickling runs code, so a file someone else could have planted (a
    shared or world-writable ``$FACTDRILL_CACHE``) is never read.
    """
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & 0o022


def dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def loads(blob: bytes) -> Any:
    return pickle.loads(blob)


class Unusable(Exception):
    """The file cannot serve as this deck's cache (foreign, damaged, another format)."""


def connect(path: Path, code: str, *, timeout: float = 120.0) -> sqlite3.Connection:
    """Open (creating if needed) the items database at ``path``.

    Raises :class:`Unusable` for a file that is not private, not ours or of
    other code; the caller removes it (when it may) and starts afresh.
    """
    memory = str(path) == ":memory:"
    if not memory:
        try:  # created private (sqlite3 would follow the umask), never through a link
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
        except FileExistsError:
            pass
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            try:
                # lstat: a link planted in a shared cache folder is refused (and
                # removed by the caller), never followed to the file it names
                st = p.lstat()
            except FileNotFoundError:
                continue
            if not stat.S_ISREG(st.st_mode) or not private(st):
                raise Unusable(f"{p} is not a private regular file")
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=timeout, check_same_thread=False)
    try:
        if not memory:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = OFF")  # a cache: a lost write is rebuilt, never wrong
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            conn.execute("BEGIN IMMEDIATE")
            if not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                for stmt in _statements(SCHEMA):
                    conn.execute(stmt)
                conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                                 [("format", FORMAT), ("code", code)])
            conn.execute("COMMIT")
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('format', 'code')"))
        if meta.get("format") != FORMAT or meta.get("code") != code:
            raise Unusable("another format or another build of factdrill")
    except (sqlite3.Error, Unusable):
        conn.close()
        raise
    return conn


@dataclass(frozen=True)
class FileRow:
    """What the database remembers of one deck file."""

    name: str
    size: int
    mtime: int
    ino: int
    checked: int  # when its stat signature was taken (ns): a file changed since is re-read
    sha: str


def file_rows(conn: sqlite3.Connection) -> dict[str, FileRow]:
    return {r[0]: FileRow(*r) for r in conn.execute("SELECT name, size, mtime, ino, checked, sha FROM files")}


def get_meta(conn: sqlite3.Connection, key: str) -> Any:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def set_meta(conn: sqlite3.Connection, key: str, value: Any) -> None:
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
                 " SET value = excluded.value", (key, value))


def empty_log(conn: sqlite3.Connection) -> None:
    """Checkpoint the write-ahead log and truncate it, after an update.

    A first build writes the whole database into the log (one transaction).
    Left there it doubles the cache's size on disk for the whole session,
    and if the session is killed (a closed terminal window) every later
    open replays all of it (~0.6 s at 100,000 facts) until a command ends
    cleanly. Never waits: when another process is reading, the log is left
    for the last one to close.
    """
    (waited,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.Error:
        pass  # busy or not in WAL mode: nothing lost, only not truncated
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(waited)}")


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taking the lock first (another process updating
    the same deck is waited for, then its result is seen)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# -- reading ---------------------------------------------------------------------


def card_rows(conn: sqlite3.Connection, head: Deck) -> list[CardRow]:
    """Every card of the database, in teaching order (see :mod:`.cardlist`)."""
    rows = conn.execute(
        "SELECT c.card, c.fact, c.topic, c.tags, f.pos FROM cards c JOIN facts f ON f.id = c.fact"
        " ORDER BY f.pos, c.first").fetchall()
    cards = [CardRow(card, fact, topic, tuple(t for t in tags.split("|") if t)) for card, fact, topic, tags, _ in rows]
    rank = {t.id: n for n, t in enumerate(head.topics)}
    return teaching_order(cards, rank, {r[1]: r[4] for r in rows})


def chunks(seq: Sequence[Any], n: int = 500) -> Iterator[Sequence[Any]]:
    """``seq`` in slices of ``n`` (SQLite caps a statement's parameters)."""
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def marks(seq: Sequence[Any]) -> str:
    return ",".join("?" * len(seq))


def flatten(blob: bytes | None) -> list[Item]:
    """A fact's items (stored one list per kind) in generation order."""
    if blob is None:
        return []
    return [it for part in loads(blob) for it in part]


class DeckItems:
    """A deck's cached items, read as they are needed.

    Holds a read snapshot of the database (a transaction) from the first
    read on, so a deck edited meanwhile in another window never mixes into
    a session; :meth:`close` ends it.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        conn.execute("BEGIN")
        self.head: Deck = loads(get_meta(conn, "head"))
        self.content_hash: str = get_meta(conn, "content")
        self.cards_fingerprint: str = get_meta(conn, "cards_print")
        self._deck: Deck | None = None

    def close(self) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
        except sqlite3.Error:
            pass
        self.conn.close()

    def __enter__(self) -> DeckItems:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the whole deck

    def deck(self) -> Deck:
        """The deck with all its facts (read from the parsed files)."""
        if self._deck is None:
            from dataclasses import replace

            facts = [loads(blob) for (blob,) in self.conn.execute("SELECT fact FROM facts ORDER BY pos")]
            self._deck = replace(self.head, facts=tuple(facts), content_hash=self.content_hash)
        return self._deck

    def items(self, kinds: Iterable[str] | None = None) -> Iterator[Item]:
        """Every item in generation order (facts in deck order, then kinds),
        optionally only of ``kinds``; one fact at a time in memory."""
        rows = self.conn.execute("SELECT items FROM facts WHERE items IS NOT NULL ORDER BY pos")
        if kinds is None:
            for (blob,) in rows:
                yield from chain.from_iterable(loads(blob))
            return
        wanted = sorted(KIND_INDEX[ItemKind(k)] for k in kinds)
        for (blob,) in rows:
            parts = loads(blob)
            for i in wanted:
                yield from parts[i]

    def all_items(self) -> list[Item]:
        """Every item in generation order, as a list (as fast as it gets)."""
        rows = self.conn.execute("SELECT items FROM facts WHERE items IS NOT NULL ORDER BY pos")
        return [it for (blob,) in rows for part in loads(blob) for it in part]

    def fact_texts(self, render: Callable[[list[Item]], str]) -> Iterator[str]:
        """``render(items)`` of each fact's items, in deck order (facts without
        items skipped), from the ``texts`` table where a previous run left it.

        For ``items --json``: unpickling every item and serialising it again
        cost twice the serialising itself; a warm run only reads text. Texts
        rendered here are kept as they are made, in this read snapshot's
        transaction, when the database can be written at once and has not
        changed since (else the next run renders them again: a cache).
        ``render`` must depend on the items only: one text per fact.
        """
        conn = self.conn
        order = conn.execute("SELECT f.rid, t.rid IS NOT NULL FROM facts f LEFT JOIN texts t ON t.rid = f.rid"
                             " WHERE f.items IS NOT NULL ORDER BY f.pos").fetchall()
        keep, wrote = True, False
        for part in chunks(order, 256):  # a part's rows are read whole before any is written
            have = [rid for rid, has in part if has]
            kept = dict(conn.execute(f"SELECT rid, text FROM texts WHERE rid IN ({marks(have)})",
                                     have).fetchall()) if have else {}
            missing = [rid for rid, _ in part if rid not in kept]
            blobs = dict(conn.execute(f"SELECT rid, items FROM facts WHERE rid IN ({marks(missing)})",
                                      missing).fetchall()) if missing else {}
            fresh = []
            for rid, _ in part:
                text = kept.get(rid)
                if text is None:
                    text = render(flatten(blobs[rid]))
                    fresh.append((rid, text))
                yield text
            if fresh and keep:
                keep = self._keep_texts(fresh)
                wrote = wrote or keep
        if wrote:
            self._restart()

    def _keep_texts(self, rows: list[tuple[int, str]]) -> bool:
        """Store rendered texts without waiting for a lock; False if it cannot."""
        return self._try_write(lambda: self.conn.executemany(
            "INSERT OR REPLACE INTO texts (rid, text) VALUES (?, ?)", rows))

    def _restart(self) -> None:
        """Commit what this transaction wrote, then hold a read snapshot again."""
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error:
            self.conn.execute("ROLLBACK")
        self.conn.execute("BEGIN")

    def keep_renders(self, key: str,
                     render: Callable[[Fact, list[Item]], Sequence[tuple[str, str, bytes]]]) -> bool:
        """Make sure every fact with items has ``render(fact, items)`` kept in
        the ``renders`` table, for rendering ``key``; False when they cannot be
        written now (busy, or changed since this snapshot: render in memory).

        ``render`` gives the fact's runs: (label, kinds, blob) each; ``key``
        names everything else it reads (a new key drops every kept run).
        Only the facts whose items were written since are rendered again.
        """
        conn = self.conn
        wrote = get_meta(conn, "renders_key") != key
        if wrote and not self._try_write(lambda: (conn.execute("DELETE FROM renders"),
                                                  set_meta(conn, "renders_key", key))):
            return False
        missing = [rid for (rid,) in conn.execute(
            "SELECT rid FROM facts f WHERE items IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM renders r WHERE r.rid = f.rid)")]
        for part in chunks(missing, 256):
            rows: list[tuple[int, int, str | None, str, bytes]] = []
            for rid, fact, items in conn.execute(
                    f"SELECT rid, fact, items FROM facts WHERE rid IN ({marks(part)})", part).fetchall():
                runs = render(loads(fact), flatten(items)) or [(None, "", b"")]  # rendered, to nothing
                rows.extend((rid, seq, *run) for seq, run in enumerate(runs))
            if not self._try_write(lambda: conn.executemany(
                    "INSERT OR REPLACE INTO renders (rid, seq, label, kinds, blob) VALUES (?, ?, ?, ?, ?)", rows)):
                return False
            wrote = True
        if wrote:
            self._restart()
        return True

    def render_runs(self) -> list[tuple[int, int, str, str]]:
        """(rid, seq, label, kinds) of every kept run, in deck order (see
        :meth:`keep_renders`)."""
        return self.conn.execute(
            "SELECT r.rid, r.seq, r.label, r.kinds FROM renders r JOIN facts f ON f.rid = r.rid"
            " WHERE r.label IS NOT NULL ORDER BY f.pos, r.seq").fetchall()

    def render_blobs(self, runs: Sequence[tuple[int, int]]) -> Iterator[bytes]:
        """The blobs of the kept ``runs`` (rid, seq), in that order, a part at a time."""
        conn = self.conn
        for part in chunks(runs, 256):
            rids = list({rid for rid, _ in part})
            got = {(rid, seq): blob for rid, seq, blob in conn.execute(
                f"SELECT rid, seq, blob FROM renders WHERE rid IN ({marks(rids)})", rids)}
            for run in part:
                yield got[run]

    def _try_write(self, do: Callable[[], Any]) -> bool:
        """Run ``do`` (writes) in this snapshot's transaction without waiting
        for a lock; False if it cannot."""
        conn = self.conn
        (waited,) = conn.execute("PRAGMA busy_timeout").fetchone()
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            do()
            return True
        except sqlite3.Error:  # busy, or the database changed since the snapshot
            return False
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(waited)}")

    def skips(self) -> list[Skip]:
        """Every skip (fact order, then kind order)."""
        out: list[Skip] = []
        for (blob,) in self.conn.execute("SELECT skips FROM facts WHERE skips IS NOT NULL ORDER BY pos"):
            for part in loads(blob):
                out.extend(part)
        return out

    # -- what a drill or a quiz reads

    def card_items(self, card: str, kinds: Iterable[str] | None = None) -> list[Item]:
        """The items of one card (in generation order), optionally only of ``kinds``."""
        row = self.conn.execute(
            "SELECT f.items FROM cards c JOIN facts f ON f.id = c.fact WHERE c.card = ?", (card,)
        ).fetchone()
        if row is None:
            return []
        out = [it for it in flatten(row[0]) if it.card == card]
        if kinds is not None:
            wanted = set(kinds)
            out = [it for it in out if it.kind.value in wanted]
        return out

    def has_card(self, card: str, kinds: Iterable[str] | None = None) -> bool:
        """Whether the deck has ``card`` (with an item of ``kinds``, if given)."""
        row = self.conn.execute("SELECT kinds FROM cards WHERE card = ?", (card,)).fetchone()
        if row is None:
            return False
        return kinds is None or bool(set(row[0].split(",")) & set(kinds))

    def card_rows(self) -> list[CardRow]:
        """Every card in teaching order (see :func:`.cardlist.teaching_order`)."""
        return card_rows(self.conn, self.head)

    def tags(self) -> set[str]:
        """Every tag a card of the deck has."""
        import json

        return set(json.loads(get_meta(self.conn, "tags") or "[]"))

    def quiz_facts(self, topics: Sequence[str] = ()) -> list[tuple[str, str]]:
        """(fact id, topic) of the facts with items a test can grade, in deck order."""
        sql = "SELECT id, topic FROM facts WHERE quiz = 1"
        params: list[str] = []
        if topics:
            sql += f" AND topic IN ({','.join('?' * len(topics))})"
            params = list(topics)
        return self.conn.execute(sql + " ORDER BY pos", params).fetchall()

    def has_fact(self, fact_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM facts WHERE id = ?", (fact_id,)).fetchone() is not None

    def fact_items(self, fact_id: str) -> list[Item]:
        """The items of one fact, in generation order."""
        row = self.conn.execute("SELECT items FROM facts WHERE id = ?", (fact_id,)).fetchone()
        return [] if row is None else flatten(row[0])
