"""Bringing a deck's items database up to date: re-read only the edited
files, regenerate only the units (fact, item kind) whose inputs changed.

Steps (all in one write transaction, see :func:`refresh`):

1. **Files** (:mod:`.filescan`): one ``stat`` per file; only changed files
   are read.
2. **Facts.** An edited fact file of a folder deck is checked alone against
   the deck's metadata (:func:`~factdrill.deck.loader.check_fact_file`);
   any problem, an edit to ``deck.yaml`` or a one-file deck loads the whole
   deck as before (which raises :class:`~factdrill.errors.DeckError` for a
   bad deck: bad decks are never cached).
3. **Changed keys** (:mod:`.tracking`): the facts whose digest changed;
   when facts were added, removed or moved, the sibling lists and counts;
   the deck-wide aggregates (word counts, true statements, sign sets) that
   read a kind of fact that changed; memo nodes reading a changed key are
   recomputed, and changed only if their value is.
4. **Units.** Every unit that read a changed key is generated again, its
   reads recorded (:mod:`.itemwrite`).

An edit that changes only what facts say (the usual edit: ids, kinds,
topics and order stay) works on the facts of the kinds involved only: the
generators read siblings of their own kind, and a context that is asked
for another kind (:class:`~.tracking.NeedMore`) is built again with it.
A change to the deck's metadata, or no usable state, regenerates all.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import itemdb
from .filescan import Scan, scan
from .itemdb import KINDS, NODE_KINDS, chunks, get_meta, loads, marks
from .items import ItemKind

if TYPE_CHECKING:
    import sqlite3

    from ..deck.facts import Deck, Fact
    from .tracking import TrackingContext

SEP = "\x1f"  # as in tracking (imported only when something changed: a warm start stays light)
CHUNK = 2000  # facts generated and written at a time
# Families of keys whose value is a deck-wide aggregate, or depends on the
# order of the facts (see tracking).
AGGREGATES = ("w", "p", "g", "c")
STRUCTURAL = ("s", "n", "K")


@dataclass
class Loaded:
    """The deck after an edit: the files that were read, with their facts."""

    head: Deck
    by_file: dict[str, list[Fact]]
    digests: dict[str, str]  # fact id -> digest, for the facts read
    full: bool  # every file was read


def load(root: Path, sc: Scan, conn: sqlite3.Connection) -> Loaded:
    """Read what changed: each edited fact file alone when it can, else the deck."""
    from ..deck.files import DECK_FILE
    from ..deck.loader import check_fact_file
    from .tracking import fact_digest

    head_blob = get_meta(conn, "head")
    if (head_blob is not None and root.is_dir() and get_meta(conn, "complete") == "1"
            and DECK_FILE not in sc.changed and DECK_FILE not in sc.removed):
        head = loads(head_blob)
        by_file: dict[str, list[Fact]] = {}
        for name in sc.changed:
            facts = check_fact_file(root, root / name, head)
            if facts is None:
                break
            by_file[name] = facts
        else:
            if not _duplicate_ids(conn, by_file, sc.removed):
                return Loaded(head, by_file, {f.id: fact_digest(f) for fs in by_file.values() for f in fs}, False)
    return _load_whole(root)


def _duplicate_ids(conn: sqlite3.Connection, by_file: Mapping[str, Sequence[Fact]], removed: Sequence[str]) -> bool:
    """Whether a re-read file uses an id another file has (the whole deck
    check reports it)."""
    seen: dict[str, str] = {}
    for name, facts in by_file.items():
        for f in facts:
            if seen.setdefault(f.id, name) != name:
                return True
    gone = set(by_file) | set(removed)
    for chunk in chunks(list(seen)):
        rows = conn.execute(f"SELECT file FROM facts WHERE id IN ({marks(chunk)})", chunk)
        if any(r[0] not in gone for r in rows):
            return True
    return False


def _load_whole(root: Path) -> Loaded:
    from ..deck.loader import load_deck
    from .tracking import fact_digest

    deck = load_deck(root)
    by_file: dict[str, list[Fact]] = {name: [] for name in _names(root)}
    for f in deck.facts:
        by_file.setdefault(Path(f.loc.file).name if f.loc else "", []).append(f)
    return Loaded(replace(deck, facts=(), content_hash=""), by_file,
                  {f.id: fact_digest(f) for f in deck.facts}, True)


def _names(root: Path) -> list[str]:
    from ..deck.files import deck_files

    return [p.name for p in deck_files(root)]


def head_digest(head: Deck) -> str:
    """What of the deck's metadata generators may read (everything but facts,
    path and content hash)."""
    from .tracking import value_digest

    return value_digest(repr(replace(head, facts=(), path=None, content_hash="")))


# -- the update ------------------------------------------------------------------


def refresh(conn: sqlite3.Connection, root: Path, seed: int) -> bool:
    """Bring the database up to date with the deck at ``root``; True if it was.

    Raises :class:`~factdrill.errors.DeckError` (and changes nothing) for a
    bad deck. Runs in one write transaction: another process refreshing the
    same deck waits, then finds it current.
    """
    with itemdb.write(conn):
        try:
            sc = scan(root, itemdb.file_rows(conn))
        except OSError:  # an unreadable folder: the loader reports it
            from ..deck.loader import load_deck

            load_deck(root)
            raise
        if get_meta(conn, "complete") == "1" and not sc.any_change:
            conn.executemany("UPDATE files SET size = ?, mtime = ?, ino = ?, checked = ? WHERE name = ?",
                             [(*sc.stats[n], sc.checked, n) for n in sc.touched])
            return True
        from ..deck.gcpause import gc_paused

        # facts, items and reads are acyclic: the cyclic collector would walk
        # every one of them again at each collection (superlinear)
        with gc_paused():
            Updater(conn, seed, sc, load(root, sc, conn)).run()
        return False


class Updater:
    """One update of an items database (see the module docstring)."""

    def __init__(self, conn: sqlite3.Connection, seed: int, sc: Scan, loaded: Loaded) -> None:
        self.conn, self.seed, self.sc, self.loaded = conn, seed, sc, loaded
        self.rebuild = get_meta(conn, "complete") != "1" or get_meta(conn, "head_digest") != head_digest(loaded.head)
        self.inputs: dict[str, set[str]] = {
            k: set(v) for k, v in json.loads(get_meta(conn, "inputs") or "{}").items()
        }

    def run(self) -> None:
        from .tracking import NeedMore

        if not self.rebuild and not self.loaded.full:
            old = self._old_of(list(self.loaded.by_file))
            if self._same_structure(old):
                digests = self.loaded.digests
                kinds = {v[4] for fid, v in old.items() if digests[fid] != v[1]}  # of the facts that changed
                for _ in range(len(KINDS) + 1):
                    self.conn.execute("SAVEPOINT kinds")
                    try:
                        self._update(old, kinds)
                    except NeedMore as more:
                        self.conn.execute("ROLLBACK TO kinds")
                        self.conn.execute("RELEASE kinds")
                        if more.kinds is None:
                            break
                        kinds |= more.kinds
                        continue
                    self.conn.execute("RELEASE kinds")
                    return
        self._update(None, None)

    # -- what changed

    def _old_of(self, files: list[str] | None) -> dict[str, tuple]:
        """The database's facts (of ``files``; all when None): id -> (rid,
        digest, pos, file, kind, topic)."""
        sql = "SELECT id, rid, digest, pos, file, kind, topic FROM facts"
        if files is None:
            return {r[0]: r[1:] for r in self.conn.execute(sql)}
        out: dict[str, tuple] = {}
        for chunk in chunks(files):
            out.update((r[0], r[1:]) for r in self.conn.execute(f"{sql} WHERE file IN ({marks(chunk)})", chunk))
        return out

    def _same_structure(self, old: Mapping[str, tuple]) -> bool:
        """Whether the read files hold the same facts (ids, kinds, topics) in
        the same order as before, and no file came or went."""
        if self.sc.removed or any(name not in self.loaded.by_file for name in self.sc.changed):
            return False
        by_file: dict[str, list[tuple]] = {}
        for fid, v in sorted(old.items(), key=lambda kv: kv[1][2]):
            by_file.setdefault(v[3], []).append((fid, v[4], v[5]))
        return all(by_file.get(name, []) == [(f.id, f.kind.value, f.topic) for f in facts]
                   for name, facts in self.loaded.by_file.items())

    # -- the run

    def _update(self, old: dict[str, tuple] | None, kinds: set[str] | None) -> None:
        """Update with the facts of ``kinds`` only (their order unchanged,
        ``old`` the read files' previous facts), or the whole deck (None)."""
        from .itemwrite import Writer
        from .tracking import TrackingContext

        partial = kinds is not None
        self.stale_memos: set[tuple[str, str]] = set()  # memo nodes reading a key whose value changed
        deck, digests, files, positions = self._deck(kinds)
        self.deck = deck
        ctx = TrackingContext(deck, self.seed, digests, kinds=None if kinds is None else frozenset(kinds))
        if partial and not self.rebuild and "term" in kinds:
            ctx.known_term_word_df(self._term_word_df())
        facts = {f.id: f for f in deck.facts}
        changed: dict[int, str | None] = {}
        if self.rebuild:
            self._clear()
            old, structural = {}, True
            dirty = {(f.id, k) for f in deck.facts for k in KINDS}
        else:
            if old is None:
                old = self._old_of(None)
            structural = not partial and self._moved(old, facts)
            dirty = self._dirty(ctx, facts, digests, old, changed, structural)
        writer = Writer(self.conn, facts, digests, files, positions, old, structural)
        if not partial:
            writer.remove([fid for fid in old if fid not in facts])
        writer.key_values(changed)
        by_fact: dict[str, set[ItemKind]] = {}
        for fid, kind in dirty:
            by_fact.setdefault(fid, set()).add(kind)
        todo = [f for f in deck.facts if f.id in by_fact]
        for part in chunks(todo, CHUNK):  # a first build of 100,000 facts never holds all items at once
            writer.units(self._generate(ctx, part, by_fact))
            writer.memos(ctx, self.stale_memos)
        read = [f for fs in self.loaded.by_file.values() for f in fs]
        writer.facts([f for f in (deck.facts if not partial else read) if f.id not in by_fact])
        writer.files(self.sc)
        inputs = {k: sorted(self.inputs.get(k, set()) | ctx.inputs.get(k, set()))
                  for k in set(self.inputs) | set(ctx.inputs)}
        writer.term_word_df(ctx.computed_term_word_df(), kept=partial and "term" not in kinds)  # type: ignore[operator]
        writer.finish(self.loaded.head, head_digest(self.loaded.head), self._content_hash(), inputs)

    def _deck(self, kinds: set[str] | None) -> tuple[Deck, dict[str, str], dict[str, str], dict[str, int]]:
        """The deck to generate from (its facts of ``kinds`` only, unless None),
        every fact's digest, file and position."""
        by_file = self.loaded.by_file
        stored: dict[str, list[tuple[int, Fact, str]]] = {}
        positions: dict[str, int] = {}
        if not self.loaded.full:
            if kinds is None:
                rows = self.conn.execute("SELECT id, pos, file, fact, digest FROM facts")
            else:  # one pass over the covering index (kind, pos, ...)
                rows = self.conn.execute(f"SELECT id, pos, file, fact, digest FROM facts WHERE kind IN"
                                         f" ({marks(list(kinds))}) ORDER BY kind, pos", sorted(kinds))
            for fid, pos, file, blob, digest in rows:
                positions[fid] = pos
                if file not in by_file:
                    stored.setdefault(file, []).append((pos, loads(blob), digest))
            for facts_of_file in stored.values():
                facts_of_file.sort(key=lambda row: row[0])
        facts: list[Fact] = []
        digests = dict(self.loaded.digests)
        files: dict[str, str] = {}
        for name in self.sc.names:
            if name in by_file:
                new = [f for f in by_file[name] if kinds is None or f.kind.value in kinds]
            else:
                new = [f for _, f, _ in stored.get(name, ())]
                digests.update((f.id, d) for _, f, d in stored.get(name, ()))
            for f in new:
                facts.append(f)
                files[f.id] = name
        if kinds is None:
            positions = {f.id: n for n, f in enumerate(facts)}
        # else the order is unchanged: the stored positions hold
        return replace(self.loaded.head, facts=tuple(facts)), digests, files, positions

    def _term_word_df(self) -> Counter[str] | None:
        """The term definitions' word counts kept by the last update, brought
        up to date with the terms of the files read again (None: none kept)."""
        from .common import definition_words

        blob = get_meta(self.conn, "term_df")
        if blob is None:
            return None
        df: Counter[str] = loads(blob)
        names = list(self.loaded.by_file)
        for chunk in chunks(names):  # what they said before
            for (fact,) in self.conn.execute(
                    f"SELECT fact FROM facts WHERE kind = 'term' AND file IN ({marks(chunk)})", chunk):
                df.subtract(definition_words(loads(fact).definition))
        for facts in self.loaded.by_file.values():  # what they say now
            for f in facts:
                if f.kind.value == "term":
                    df.update(definition_words(f.definition))  # type: ignore[attr-defined]
        for word in [w for w, n in df.items() if n <= 0]:  # as a fresh count has them: absent
            del df[word]
        return df

    def _content_hash(self) -> str:
        from ..deck.files import combine_digests

        return combine_digests(self.sc.shas.items())

    def _clear(self) -> None:
        for table in ("facts", "cards", "keys", "rdeps", "memos"):
            self.conn.execute(f"DELETE FROM {table}")

    def _moved(self, old: Mapping[str, tuple], facts: Mapping[str, Fact]) -> bool:
        """Whether facts were added, removed, moved, or changed kind or topic."""
        if set(old) != set(facts):
            return True
        for pos, f in enumerate(self.deck.facts):
            o = old[f.id]
            if o[2] != pos or o[4] != f.kind.value or o[5] != f.topic:
                return True
        return False

    def _dirty(self, ctx: TrackingContext, facts: Mapping[str, Fact], digests: Mapping[str, str],
               old: Mapping[str, tuple], changed: dict[int, str | None], structural: bool) -> set[tuple[str, ItemKind]]:
        """The units to generate again: readers of every key whose value changed
        (through memo nodes whose value changed), and every unit of a new fact.
        ``changed`` receives each changed key's new value."""
        from .tracking import NeedMore, key_values

        read = {f.id for fs in self.loaded.by_file.values() for f in fs}
        changed_ids = {fid for fid in read if fid not in old or old[fid][1] != digests[fid]}
        changed_ids |= {fid for fid in old if fid not in facts and fid not in read}  # removed
        changed_kinds = {old[fid][4] for fid in changed_ids if fid in old}
        changed_kinds |= {facts[fid].kind.value for fid in changed_ids if fid in facts}
        rows = self._keys_named(["f" + SEP + fid for fid in changed_ids])
        families = list(STRUCTURAL) if structural else []
        families += [a for a in AGGREGATES if structural or self.inputs.get(a, set()) & changed_kinds]
        if changed_ids or structural:
            families.append("D")
        for fam in families:
            rows += self._keys_family(fam)
        for (kid, _, value), new in zip(rows, key_values(ctx, [r[1] for r in rows], facts)):
            if new != value:
                changed[kid] = new
        units: set[tuple[str, ItemKind]] = {(fid, k) for fid in read if fid not in old for k in KINDS}
        frontier = set(changed)
        recomputed: set[int] = set()
        while frontier:
            nodes = self._readers(frontier)
            frontier = set()
            unit_rids = {n // NODE_KINDS for n in nodes if n >= 0}
            owners = self._facts_of_rids(unit_rids)
            missing = {kind for _, kind in owners.values() if not ctx.has_kind(kind)}
            if missing:
                raise NeedMore(missing)
            for node in nodes:
                if node >= 0:
                    fid = owners.get(node // NODE_KINDS, (None,))[0]
                    if fid is not None and fid in facts:
                        units.add((fid, KINDS[node % NODE_KINDS]))
                elif -node not in recomputed:
                    recomputed.add(-node)
                    kid_value = self._memo_recompute(ctx, -node, facts)
                    if kid_value is not None:
                        changed[kid_value[0]] = kid_value[1]
                        frontier.add(kid_value[0])
        return units

    def _keys_named(self, keys: list[str]) -> list[tuple[int, str, str | None]]:
        out: list[tuple[int, str, str | None]] = []
        for chunk in chunks(keys):
            out += self.conn.execute(f"SELECT kid, key, value FROM keys WHERE key IN ({marks(chunk)})", chunk)
        return out

    def _keys_family(self, fam: str) -> list[tuple[int, str, str | None]]:
        if fam in ("c", "D"):
            return self.conn.execute("SELECT kid, key, value FROM keys WHERE key = ?", (fam,)).fetchall()
        return self.conn.execute("SELECT kid, key, value FROM keys WHERE key >= ? AND key < ?",
                                 (fam + SEP, fam + chr(ord(SEP) + 1))).fetchall()

    def _readers(self, kids: Iterable[int]) -> set[int]:
        out: set[int] = set()
        for chunk in chunks(list(kids)):
            out.update(r[0] for r in self.conn.execute(f"SELECT node FROM rdeps WHERE kid IN ({marks(chunk)})", chunk))
        return out

    def _facts_of_rids(self, rids: set[int]) -> dict[int, tuple[str, str]]:
        out: dict[int, tuple[str, str]] = {}
        for chunk in chunks(list(rids)):
            out.update((r[0], (r[1], r[2])) for r in self.conn.execute(
                f"SELECT rid, id, kind FROM facts WHERE rid IN ({marks(chunk)})", chunk))
        return out

    def _memo_recompute(self, ctx: TrackingContext, mid: int, facts: Mapping[str, Fact]) -> tuple[int, str | None] | None:
        """Recompute a memo node; (kid, new value) of its key if the value changed."""
        from .tracking import NeedMore, memo_function

        name, fid = self.conn.execute("SELECT name, fact FROM memos WHERE mid = ?", (mid,)).fetchone()
        self.stale_memos.add((name, fid))
        row = self.conn.execute("SELECT kid, value FROM keys WHERE key = ?", (SEP.join(("m", name, fid)),)).fetchone()
        fn = memo_function(name)  # its module may not be imported yet
        fact = facts.get(fid)
        if fact is None and fn is not None:
            kind = self.conn.execute("SELECT kind FROM facts WHERE id = ?", (fid,)).fetchone()
            if kind is not None and not ctx.has_kind(kind[0]):
                raise NeedMore({kind[0]})
        new = None
        if fn is not None and fact is not None:
            ctx.memo_value(name, fn, fact)
            new = ctx.memo_digest(name, fid)
        if row is None or row[1] == new:
            return None
        return row[0], new

    # -- generating

    def _generate(self, ctx: TrackingContext, facts: Sequence[Fact],
                  kinds: Mapping[str, set[ItemKind]]) -> dict[str, dict[ItemKind, tuple[list, list, dict]]]:
        """Generate the dirty units of ``facts``: fact id -> kind -> (items, skips, reads)."""
        from .common import Skip
        from .registry import GENERATORS, serves

        out: dict[str, dict[ItemKind, tuple[list, list, dict]]] = {}
        for f in facts:  # deck order, kind order: as a full run would
            view = _OneFact(self.deck, f)
            for kind in KINDS:
                if kind not in kinds[f.id]:
                    continue
                with ctx.unit(f) as reads:
                    # a generator makes nothing of another fact kind and reads
                    # only the fact (the unit's first read): not imported for it
                    produced = list(GENERATORS[kind](view, ctx)) if serves(kind, f.kind) else []  # type: ignore[arg-type]
                items = [x for x in produced if not isinstance(x, Skip)]
                skips = list(dict.fromkeys(x for x in produced if isinstance(x, Skip)))
                out.setdefault(f.id, {})[kind] = (items, skips, dict(reads))
        return out


class _OneFact:
    """The deck as one generator call sees it: only ``fact`` to generate for."""

    def __init__(self, deck: Deck, fact: Fact) -> None:
        self._deck = deck
        self.facts = (fact,)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._deck, name)
