"""The Anki export of a deck from its items database: each fact's note rows
are kept there between exports, so an export after the first only reads
them (and renders again the facts whose items changed since).

Building a note's texts (fields, rationale HTML, escaping, its GUID, tags
and digest) was most of a warm export's time (~50 us a note); they depend
only on the fact, its items and the deck's id and references (the
rendering key), so they are kept per fact like ``items --json``'s texts
(:meth:`factdrill.generators.itemdb.DeckItems.keep_renders`). The file
written is the one :func:`.package.export_deck` writes from the items,
byte for byte (tests/test_export_anki_kept.py).
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .. import output_file
from .models import NoteType
from .notes import build_notes
from .package import NOTE_TYPES, Baseline, ExportResult, NoteRow, NoteSource, card_orders, export_deck, note_row
from .package import read_baseline, write_package

if TYPE_CHECKING:
    from ...deck.facts import Deck, Fact
    from ...generators.itemdb import DeckItems
    from ...generators.items import Item

ROWS_FORMAT = "1"  # bump when NoteRow changes (kept rows are then rendered again)


def render_key(deck: Deck) -> str:
    """What a fact's notes read besides the fact and its items: the deck's id
    (GUIDs, tags) and its references (the Source field)."""
    refs = repr((ROWS_FORMAT, deck.id, sorted(deck.sources.items())))
    return "anki:" + hashlib.blake2b(refs.encode(), digest_size=16).hexdigest()


def render_fact(deck: Deck, fact: Fact, items: list[Item]) -> list[tuple[str, str, bytes]]:
    """A fact's notes as runs of one subdeck each: (topic, its note types by
    index in order of first appearance, the rows marshalled)."""
    cards_of = card_orders()
    runs: list[tuple[str, dict[int, None], list[NoteRow]]] = []
    for spec in build_notes(deck, items, {fact.id: fact}):
        row = note_row(spec, cards_of)
        if not runs or runs[-1][0] != spec.subdeck:
            runs.append((spec.subdeck, {}, []))
        runs[-1][1][row[0]] = None
        runs[-1][2].append(row)
    return [(topic, ",".join(map(str, types)), marshal.dumps(tuple(rows))) for topic, types, rows in runs]


def kept_notes(view: DeckItems | MemoryItems) -> NoteSource | None:
    """The deck's notes read from the items database (facts rendered where
    their items changed), or None when it cannot be written now."""
    head = view.head

    def render(fact: Fact, items: list[Item]) -> list[tuple[str, str, bytes]]:
        return render_fact(head, fact, items)

    if not view.keep_renders(render_key(head), render):
        return None
    runs: dict[str, list[tuple[int, int]]] = {}
    types: dict[str, dict[NoteType, None]] = {}
    for rid, seq, topic, kinds in view.render_runs():
        runs.setdefault(topic, []).append((rid, seq))
        seen = types.setdefault(topic, {})
        for i in kinds.split(","):
            seen[NOTE_TYPES[int(i)]] = None

    def rows(topic: str) -> Iterator[NoteRow]:
        for blob in view.render_blobs(runs[topic]):
            yield from marshal.loads(blob)

    return NoteSource([(topic, tuple(types[topic])) for topic in runs], rows, unique=False)


class MemoryItems:
    """A deck and its items already in memory, read as an items database is
    by :func:`export_view` (nothing to keep rows in: they are built each time)."""

    def __init__(self, deck: Deck, items: list[Item]) -> None:
        self.head = deck
        self._items = items

    def deck(self) -> Deck:
        return self.head

    def all_items(self) -> list[Item]:
        return self._items

    def keep_renders(self, key: str, render: object) -> bool:
        return False

    def close(self) -> None:
        pass


def export_view(view: DeckItems | MemoryItems, out_dir: str | Path, *, baseline: Baseline | None = None,
                file_name: str | None = None) -> ExportResult:
    """:func:`.package.export_deck` of the deck ``view`` reads, from its kept
    note rows: the same file, without unpickling an item when none changed."""
    from ...generators.cache import gc_paused

    with gc_paused():
        path = output_file(out_dir, file_name or f"{view.head.id}.apkg")
        if baseline is None:
            baseline = read_baseline(path)
        notes = kept_notes(view)
        if notes is None:  # the database is busy: build them in memory, as without it
            return export_deck(view.deck(), view.all_items(), out_dir, baseline=baseline, file_name=file_name)
        return write_package(view.head, notes, path, baseline)


__all__ = ["MemoryItems", "export_view", "kept_notes", "render_fact", "render_key"]
