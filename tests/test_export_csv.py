"""The tab-separated export, checked with Anki's own CSV importer."""

from __future__ import annotations

from dataclasses import replace

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from export_fixtures import NASTY, make_deck, make_items
from factdrill.exporters import anki as anki_export
from factdrill.exporters.csv import export_csv, item_row, render
from factdrill.generators.items import ItemKind

HEADER_LINES = 5


def test_rows_hold_front_back_and_tags():
    deck, items = make_deck(), make_items()
    rows = {it.kind: item_row(deck, it) for it in items}
    front, back, tags = rows[ItemKind.SATA]
    assert front.startswith("Which are signs of bone metastases? Select all that apply. A) pain")
    assert front.lower().count("select all that apply") == 1
    assert "A) pain B) fracture C) rash" in front
    assert back == "A) pain; B) fracture | Because it is so."
    assert tags.split() == ["demo-deck::topic::bone", "demo-deck::kind::sata",
                            "nclex::physiological-adaptation", "demo-deck::tag::bone-mets",
                            "demo-deck::tag::symptoms"]
    assert rows[ItemKind.ORDERING][1].startswith("1. bone; 2. lung; 3. liver")
    assert rows[ItemKind.MATCHING][1].startswith("Zometa -> zoledronic acid; Xgeva -> denosumab")
    assert rows[ItemKind.TRUE_FALSE][0].startswith("True or false: ")


@settings(max_examples=100, deadline=None)
@given(st.text(), st.booleans())
def test_any_deck_text_stays_one_row_of_three_columns(text, header):
    items = [replace(it, prompt=text, explanation=text) for it in make_items()]
    out = render(make_deck(), items, header=header)
    lines = out.split("\n")
    assert lines[-1] == ""
    body = lines[HEADER_LINES:-1] if header else lines[:-1]
    assert len(body) == len(items)
    if not header:  # Quizlet reads raw lines: no quoting, term and definition only
        assert all(line.count("\t") == 1 for line in body)


def test_anki_imports_every_row_with_text_shown_literally(tmp_path):
    collection = pytest.importorskip("anki.collection")
    items = make_items(nasty=NASTY)
    res = export_csv(make_deck(nasty=NASTY), items, tmp_path / "out")
    assert res.path.name == "demo-deck.tsv" and res.rows == len(items)

    col = collection.Collection(str(tmp_path / "c.anki2"))
    try:
        meta = col.get_csv_metadata(path=str(res.path), delimiter=None)
        assert meta.tags_column == 3
        log = col.import_csv(collection.ImportCsvRequest(path=str(res.path), metadata=meta)).log
        assert len(log.new) == len(items) and col.note_count() == len(items)
        notes = [col.get_note(n) for n in col.find_notes("")]
        fronts = {n.fields[0] for n in notes}
        # Anki escaped our plain text, quotes included: it shows literally
        assert any(f.startswith("Which are signs of bone metastases?") for f in fronts)
        assert all("<script>" not in f and "&lt;script&gt;" in f for f in fronts)
        assert all("&quot;q&quot;" in n.fields[1] for n in notes)  # CSV quoting undone
        assert all(any(t.startswith("demo-deck::kind::") for t in n.tags) for n in notes)
        assert {col.decks.name(n.cards()[0].did) for n in notes} == {"Demo deck" + NASTY}
    finally:
        col.close()


def test_the_quizlet_variant_still_imports_into_anki(tmp_path):
    """Without headers Anki guesses tab-separated front and back (but also
    guesses HTML from angle brackets: that is why the Anki variant has them)."""
    collection = pytest.importorskip("anki.collection")
    res = export_csv(make_deck(), make_items(), tmp_path, header=False)
    col = collection.Collection(str(tmp_path / "c.anki2"))
    try:
        meta = col.get_csv_metadata(path=str(res.path), delimiter=None)
        assert meta.tags_column == 0  # no tags column: Quizlet would take it as part of the definition
        col.import_csv(collection.ImportCsvRequest(path=str(res.path), metadata=meta))
        assert col.note_count() == res.rows
    finally:
        col.close()


def test_no_header_writes_two_columns_for_quizlet():
    """Quizlet's import takes term<TAB>definition: a third column (the tags)
    ended up inside every definition."""
    out = render(make_deck(), make_items(), header=False)
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows and all(len(r) == 2 for r in rows)
    assert not any("demo-deck::" in r[1] for r in rows)


def test_command_writes_both_variants(tmp_path, monkeypatch):
    from factdrill.cli import cli

    monkeypatch.setattr(anki_export, "_load", lambda names, seed: [(make_deck(), make_items())])
    result = CliRunner().invoke(cli, ["export", "csv", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "12 rows" in result.output
    text = (tmp_path / "demo-deck.tsv").read_text(encoding="utf-8")
    assert text.startswith("#separator:tab\n")
    result = CliRunner().invoke(cli, ["export", "csv", "--no-header", "-o", str(tmp_path)])
    text = (tmp_path / "demo-deck.tsv").read_text(encoding="utf-8")
    assert not text.startswith("#") and len(text.splitlines()) == 12


def test_command_error_is_one_line(tmp_path, monkeypatch):
    from factdrill.cli import cli

    monkeypatch.setattr(anki_export, "_load",
                        lambda names, seed: [(replace(make_deck(), id="a/b"), make_items())])
    result = CliRunner().invoke(cli, ["export", "csv", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "plain file name" in result.output
