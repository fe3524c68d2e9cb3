"""The committed flagship ``.apkg``: fresh, and correct in Anki itself."""

from __future__ import annotations

import html
import re
import sqlite3
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdrill.exporters.anki import export_deck, read_baseline
from factdrill.exporters.anki.models import MODEL_NAMES

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "exports" / "breast-cancer-metastasis.apkg"
REBUILD = "rebuild it with `factdrill export anki -o exports` and commit it"


@pytest.fixture(scope="module")
def flagship():
    from factdrill.generators import generate
    from factdrill.deck.loader import load_deck

    deck = load_deck(REPO / "decks" / "breast-cancer-metastasis")
    return deck, generate(deck, seed=0)


def _collection_rows(apkg: Path, tmp: Path) -> dict[str, list]:
    """Everything Anki imports from a package, independent of SQLite's file layout."""
    db = tmp / (apkg.name + ".anki2")
    with zipfile.ZipFile(apkg) as zf:
        db.write_bytes(zf.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        return {
            "notes": conn.execute("select * from notes order by id").fetchall(),
            "cards": conn.execute("select * from cards order by id").fetchall(),
            "col": conn.execute("select models, decks, dconf, conf from col").fetchall(),
        }
    finally:
        conn.close()


def _writer(apkg: Path) -> bytes:
    """Which SQLite wrote the package (recorded in the zip comment)."""
    with zipfile.ZipFile(apkg) as zf:
        return zf.comment


def test_committed_apkg_is_up_to_date_with_the_deck(flagship, tmp_path):
    assert COMMITTED.is_file(), f"{COMMITTED} is missing; {REBUILD}"
    deck, items = flagship
    fresh = export_deck(deck, items, tmp_path, baseline=read_baseline(COMMITTED))
    stale = (f"{COMMITTED.name} is out of date with the deck "
             f"({fresh.new} new, {fresh.changed} changed notes); {REBUILD}")
    assert (fresh.new, fresh.changed) == (0, 0), stale
    assert _collection_rows(fresh.path, tmp_path) == _collection_rows(COMMITTED, tmp_path), stale
    if _writer(COMMITTED) == _writer(fresh.path):
        # same SQLite as the committer: the file must be byte-identical too
        assert fresh.path.read_bytes() == COMMITTED.read_bytes(), stale


def test_command_exports_the_flagship_by_default(tmp_path, monkeypatch):
    from factdrill.cli import cli

    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["export", "anki", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / COMMITTED.name).is_file()
    assert re.search(r"\d+ notes, \d+ cards \(\d+ new, 0 changed\)", result.output)


anki_collection = pytest.importorskip("anki.collection")


def _import(col, path):
    req = anki_collection.ImportAnkiPackageRequest(
        package_path=str(path),
        options=anki_collection.ImportAnkiPackageOptions(with_scheduling=False, merge_notetypes=True),
    )
    log = col.import_anki_package(req).log
    return {k: len(getattr(log, k)) for k in ("new", "updated", "duplicate", "conflicting")}


def _visible(rendered: str) -> str:
    body = re.sub(r"<style>.*?</style>", "", rendered, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", body)).split())


def test_flagship_imports_and_every_kind_renders(flagship, tmp_path):
    deck, items = flagship
    res = export_deck(deck, items, tmp_path / "out")
    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    try:
        assert _import(col, res.path) == {"new": res.notes, "updated": 0, "duplicate": 0,
                                          "conflicting": 0}
        assert col.note_count() == res.notes and col.card_count() == res.cards
        for name in MODEL_NAMES.values():
            cids = col.find_cards(f'"note:{name}"')
            assert len(cids) == res.cards_by_type.get(name, 0) > 0, name
            for cid in cids[:25]:
                card = col.get_card(cid)
                q, a = _visible(card.question()), _visible(card.answer())
                assert q and len(a) > len(q), (name, q)
                assert card.note()["FactId"] in a
        # one subdeck per topic that has items
        names = {d.name for d in col.decks.all_names_and_ids()}
        topics = {it.topic for it in items}
        assert {f"{deck.title}::{deck.topic(t).title}" for t in topics} <= names
        assert col.find_cards('"tag:breast-cancer-metastasis::topic::bone"')
    finally:
        col.close()


def test_flagship_edit_of_one_fact_updates_only_its_notes(flagship, tmp_path):
    from factdrill.generators import generate

    deck, items = flagship
    out = tmp_path / "out"
    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    try:
        first = export_deck(deck, items, out)
        _import(col, first.path)
        fact = next(f for f in deck.facts if f.explanation)
        edited_deck = replace(deck, facts=tuple(
            replace(f, explanation=f.explanation + " Edited.") if f is fact else f
            for f in deck.facts))
        second = export_deck(edited_deck, generate(edited_deck, seed=0), out)  # over the first
        assert second.new == 0 and second.changed > 0
        counts = _import(col, second.path)
        assert counts["new"] == 0 and counts["conflicting"] == 0
        assert counts["updated"] == second.changed
        assert counts["updated"] == len(col.find_notes(f'"FactId:{fact.id}"'))
        assert col.note_count() == first.notes
    finally:
        col.close()
