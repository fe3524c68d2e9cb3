"""Writing an update into a deck's items database (see :mod:`.incremental`):
the regenerated units, their reads, the memo nodes, the card list, the
parsed files and the metadata, inside the caller's write transaction."""

from __future__ import annotations

import json
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .cardlist import fingerprint, tags_column
from .itemdb import KIND_INDEX, KINDS, NODE_KINDS, card_rows, dumps, loads, set_meta
from .items import ItemKind

if TYPE_CHECKING:
    import sqlite3

    from ..deck.facts import Deck, Fact
    from .common import Skip
    from .filescan import Scan
    from .items import Item
    from .tracking import TrackingContext

SEP = "\x1f"
Units = Mapping[str, Mapping[ItemKind, tuple[list, list, dict]]]  # fact -> kind -> (items, skips, reads)


def _chunks(seq: list[Any], n: int = 500) -> Iterable[list[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


class KeyIds:
    """Key -> kid, inserting keys (with their current value) as they come."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.known: dict[str, int] = {}

    def __call__(self, key: str, value: str | None) -> int:
        kid = self.known.get(key)
        if kid is None:
            # most keys an update's units read are known with this value: a
            # read, not a write, for them
            row = self.conn.execute("SELECT kid, value FROM keys WHERE key = ?", (key,)).fetchone()
            if row is not None and row[1] == value:
                kid = row[0]
            else:
                kid = self.conn.execute(
                    "INSERT INTO keys (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                    " RETURNING kid", (key, value)).fetchone()[0]
            self.known[key] = kid
        return kid


class Writer:
    """The writes of one update, in the order :class:`~.incremental.Updater` calls them.

    ``facts`` are the facts the update works on (all, or those of some kinds),
    with their digests, files and positions in the deck; ``old`` what the
    database had of them (id -> rid, digest, pos, file, kind, topic): of
    every fact, or in an update of some kinds of the re-read files' facts
    only (any other fact it regenerates keeps its place and content).
    """

    def __init__(self, conn: sqlite3.Connection, facts: Mapping[str, Fact], digests: Mapping[str, str],
                 files: Mapping[str, str], positions: Mapping[str, int], old: Mapping[str, tuple],
                 structural: bool) -> None:
        self.conn, self.fact, self.digests, self.file_of, self.pos_of, self.old = (
            conn, facts, digests, files, positions, old)
        self.cards_changed = structural
        self.kid = KeyIds(conn)
        self.rid: dict[str, int] = {fid: v[0] for fid, v in old.items()}

    def remove(self, removed: Sequence[str]) -> None:
        """Forget facts that left the deck (their units' reads, cards and items)."""
        conn, old = self.conn, self.old
        for chunk in _chunks(list(removed)):
            marks = ",".join("?" * len(chunk))
            conn.executemany("DELETE FROM rdeps WHERE node = ?",
                             [(old[fid][0] * NODE_KINDS + k,) for fid in chunk for k in range(len(KINDS))])
            conn.execute(f"DELETE FROM cards WHERE fact IN ({marks})", chunk)
            conn.execute(f"DELETE FROM facts WHERE id IN ({marks})", chunk)
            for fid in chunk:
                self.rid.pop(fid, None)
        if removed:
            self.cards_changed = True

    def key_values(self, changed: Mapping[int, str | None]) -> None:
        self.conn.executemany("UPDATE keys SET value = ? WHERE kid = ?", [(v, k) for k, v in changed.items()])

    def units(self, results: Units) -> None:
        """Store regenerated units: each fact's items and skips (one list per
        kind), its row, its cards, and what each unit read."""
        conn = self.conn
        unknown = [fid for fid in results if fid not in self.rid]
        for chunk in _chunks(unknown):  # facts of files not read (their units read what changed)
            self.rid.update(conn.execute(f"SELECT id, rid FROM facts WHERE id IN ({','.join('?' * len(chunk))})",
                                         chunk).fetchall())
        for fid, fresh in results.items():
            f = self.fact[fid]
            if fid in self.rid and len(fresh) < len(KINDS):
                parts_items, parts_skips = self._stored_parts(fid)
            else:
                parts_items, parts_skips = [[] for _ in KINDS], [[] for _ in KINDS]
            for kind, (items, skips, _) in fresh.items():
                parts_items[KIND_INDEX[kind]] = items
                parts_skips[KIND_INDEX[kind]] = skips
            quiz = int(any(not it.self_judged for part in parts_items for it in part))
            items_blob = dumps(tuple(parts_items)) if any(parts_items) else None
            skips_blob = dumps(tuple(parts_skips)) if any(parts_skips) else None
            if fid in self.rid and fid not in self.old:
                # a fact of a file not read again, regenerated for what it read:
                # only its items are new (its row, and the index over it, stay)
                conn.execute("UPDATE facts SET quiz = ?, items = ?, skips = ? WHERE id = ?",
                             (quiz, items_blob, skips_blob, fid))
            else:
                row = (self.pos_of[fid], self.file_of[fid], f.kind.value, f.topic, self.digests[fid], quiz, dumps(f),
                       items_blob, skips_blob, fid)
                if fid in self.rid:
                    conn.execute("UPDATE facts SET pos = ?, file = ?, kind = ?, topic = ?, digest = ?, quiz = ?,"
                                 " fact = ?, items = ?, skips = ? WHERE id = ?", row)
                    conn.executemany("DELETE FROM rdeps WHERE node = ?",
                                     [(self.rid[fid] * NODE_KINDS + KIND_INDEX[k],) for k in fresh])
                else:
                    cur = conn.execute("INSERT INTO facts (pos, file, kind, topic, digest, quiz, fact, items, skips,"
                                       " id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
                    self.rid[fid] = int(cur.lastrowid or 0)
            base = self.rid[fid] * NODE_KINDS
            conn.executemany(
                "INSERT OR IGNORE INTO rdeps (kid, node) VALUES (?, ?)",
                [(self.kid(key, value), base + KIND_INDEX[k]) for k, (_, _, reads) in fresh.items()
                 for key, value in reads.items()],
            )
            if self._cards(fid, parts_items):
                self.cards_changed = True

    def _stored_parts(self, fid: str) -> tuple[list[list[Item]], list[list[Skip]]]:
        items_blob, skips_blob = self.conn.execute(
            "SELECT items, skips FROM facts WHERE id = ?", (fid,)).fetchone()
        items = list(loads(items_blob)) if items_blob is not None else [[] for _ in KINDS]
        skips = list(loads(skips_blob)) if skips_blob is not None else [[] for _ in KINDS]
        return items, skips

    def _cards(self, fid: str, parts: Sequence[Sequence[Item]]) -> bool:
        """Replace a fact's card rows; True if the card list changed for the
        store (a card added or gone, another topic, tags or order)."""
        rows: dict[str, list] = {}
        n = 0
        for part in parts:
            for it in part:
                row = rows.get(it.card)
                if row is None:
                    rows[it.card] = [it.card, fid, it.topic, tags_column(it.tags), [it.kind.value], n]
                elif it.kind.value not in row[4]:
                    row[4].append(it.kind.value)
                n += 1
        new = [(r[0], r[1], r[2], r[3], ",".join(r[4]), r[5]) for r in rows.values()]
        have = self.conn.execute(
            "SELECT card, fact, topic, tags, kinds, first FROM cards WHERE fact = ? ORDER BY first", (fid,)
        ).fetchall()
        if have == new:
            return False
        self.conn.execute("DELETE FROM cards WHERE fact = ?", (fid,))
        self.conn.executemany("INSERT OR REPLACE INTO cards (card, fact, topic, tags, kinds, first)"
                              " VALUES (?, ?, ?, ?, ?, ?)", new)
        return [r[:4] for r in have] != [r[:4] for r in new]

    def memos(self, ctx: TrackingContext, stale: Container[tuple[str, str]] = ()) -> None:
        """Store the memo nodes computed since the last call, with their reads.

        A node already stored and not in ``stale`` (the nodes that read a key
        whose value changed) read the same keys as when it was stored, and
        found the same value: it is left as it is.
        """
        conn = self.conn
        for (name, fid), reads in ctx.memo_deps.items():
            row = conn.execute("SELECT mid FROM memos WHERE name = ? AND fact = ?", (name, fid)).fetchone()
            if row is None:
                mid = int(conn.execute("INSERT INTO memos (name, fact) VALUES (?, ?)", (name, fid)).lastrowid or 0)
            elif (name, fid) not in stale:
                continue
            else:
                mid = row[0]
                conn.execute("DELETE FROM rdeps WHERE node = ?", (-mid,))
            conn.executemany("INSERT OR IGNORE INTO rdeps (kid, node) VALUES (?, ?)",
                             [(self.kid(key, value), -mid) for key, value in reads.items()])
            self.kid(SEP.join(("m", name, fid)), ctx.memo_digest(name, fid))
        ctx.memo_deps.clear()

    def facts(self, facts: Sequence[Fact]) -> None:
        """Facts read again but not regenerated: where they are now (file,
        position, line) is all that can have changed."""
        self.conn.executemany(
            "UPDATE facts SET pos = ?, file = ?, fact = ? WHERE id = ?",
            [(self.pos_of.get(f.id, self.old[f.id][2]), self.file_of.get(f.id, self.old[f.id][3]), dumps(f), f.id)
             for f in facts],  # (facts of kinds not worked on keep their places)
        )

    def files(self, sc: Scan) -> None:
        """Each deck file's signature and digest."""
        conn = self.conn
        for name in sc.removed:
            conn.execute("DELETE FROM files WHERE name = ?", (name,))
        conn.executemany(
            "INSERT INTO files (name, size, mtime, ino, checked, sha) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET size = excluded.size, mtime = excluded.mtime,"
            " ino = excluded.ino, checked = excluded.checked, sha = excluded.sha",
            [(name, *sc.stats[name], sc.checked, sc.shas[name]) for name in sc.names],
        )

    def term_word_df(self, df: Any, *, kept: bool) -> None:
        """Keep the term definitions' word counts for the next update (see
        :meth:`~.incremental.Updater._term_word_df`); ``kept``: no term was
        worked on, the kept counts hold. Otherwise counts not computed in
        this run are unknown from here on."""
        if df is not None:
            set_meta(self.conn, "term_df", dumps(df))
        elif not kept:
            self.conn.execute("DELETE FROM meta WHERE key = 'term_df'")

    def finish(self, head: Deck, head_digest: str, content: str, inputs: Mapping[str, list[str]]) -> None:
        """The card list's fingerprint (when it changed) and the metadata; the
        database is complete from here on."""
        conn = self.conn
        if self.cards_changed:
            rows = card_rows(conn, head)
            set_meta(conn, "cards_print", fingerprint(rows))
            set_meta(conn, "tags", json.dumps(sorted({t for r in rows for t in r.tags})))
        set_meta(conn, "head", dumps(head))
        set_meta(conn, "head_digest", head_digest)
        set_meta(conn, "content", content)
        set_meta(conn, "inputs", json.dumps(dict(inputs)))
        set_meta(conn, "complete", "1")
