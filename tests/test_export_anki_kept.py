"""The Anki export from note rows kept in the items database writes the file
an export from freshly generated items writes, byte for byte, after any
edits; a fact's kept rows are what rendering it afresh gives.
"""

from __future__ import annotations

import marshal
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdrill.deck.loader import load_deck
from factdrill.exporters.anki import export_deck, export_view
from factdrill.exporters.anki.kept import render_fact
from factdrill.generators import cache, filescan, generate
from synthdeck import write_synth_folder
from test_cache_incremental import OPS, edit

REPO = Path(__file__).resolve().parents[1]


def _export_both(path: Path, kept_dir: Path, fresh_dir: Path, seed: int = 0) -> bytes:
    """Export the deck at ``path`` both ways (each over its own previous file);
    return the file after checking the two are identical."""
    with cache.open_items(path, seed) as view:
        kept = export_view(view, kept_dir)
    deck = load_deck(path)
    fresh = export_deck(deck, generate(deck, seed=seed), fresh_dir)
    assert (kept.notes, kept.cards, kept.new, kept.changed) == (fresh.notes, fresh.cards, fresh.new, fresh.changed)
    assert kept.cards_by_type == fresh.cards_by_type
    data = kept.path.read_bytes()
    assert data == fresh.path.read_bytes()
    return data


def _assert_rows_are_fresh_renders(path: Path) -> None:
    """Every fact's kept runs equal rendering its fact and items now."""
    deck = load_deck(path)
    items = generate(deck, seed=0)
    by_fact: dict[str, list] = {}
    for it in items:
        by_fact.setdefault(it.fact_ids[0], []).append(it)
    with cache.open_items(path) as view:
        kept: dict[str, list] = {}
        for fid, label, kinds, blob in view.conn.execute(
                "SELECT f.id, r.label, r.kinds, r.blob FROM renders r JOIN facts f ON f.rid = r.rid"
                " WHERE r.label IS NOT NULL ORDER BY f.pos, r.seq"):
            kept.setdefault(fid, []).append((label, kinds, marshal.loads(blob)))
    facts = {f.id: f for f in deck.facts}
    assert set(kept) == set(by_fact)
    for fid, its in by_fact.items():
        fresh = [(label, kinds, marshal.loads(blob)) for label, kinds, blob in render_fact(deck, facts[fid], its)]
        assert kept[fid] == fresh, fid


def test_the_flagship_from_kept_rows_is_the_file_from_its_items(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    path = REPO / "decks" / "breast-cancer-metastasis"
    first = _export_both(path, tmp_path / "kept", tmp_path / "fresh", seed=5)
    # again over the previous file, now reading the rows kept by the first run
    assert _export_both(path, tmp_path / "kept", tmp_path / "fresh", seed=5) == first


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 10**6)), min_size=1, max_size=3))
def test_after_edits_the_kept_rows_give_the_fresh_file(tmp_path_factory, monkeypatch, edits):
    root = tmp_path_factory.mktemp("deck")
    monkeypatch.setenv("FACTDRILL_CACHE", str(root / "cache"))
    monkeypatch.setattr(filescan, "RACY_NS", 0)  # trust signatures: each edit changes size or mtime
    path = write_synth_folder(root, 36, per_file=9, topics=3)
    _export_both(path, root / "kept", root / "fresh")
    for op, n in edits:
        edit(path, op, n)
        _export_both(path, root / "kept", root / "fresh")  # over the previous file: changed notes move on
        _assert_rows_are_fresh_renders(path)


def test_a_busy_items_database_still_gives_the_same_file(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    path = write_synth_folder(tmp_path, 20, per_file=10, topics=2)
    with cache.open_items(path) as view:
        other = sqlite3.connect(cache.entry_path(path, 0), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process writing: rows cannot be kept now
        try:
            busy = export_view(view, tmp_path / "busy").path.read_bytes()
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert not view.conn.execute("SELECT count(*) FROM renders").fetchone()[0]
    deck = load_deck(path)
    assert busy == export_deck(deck, generate(deck), tmp_path / "fresh").path.read_bytes()
