"""The Anki exporter's fast paths write what genanki itself would, byte for byte.

The exporter writes genanki's note and card rows through one batched
statement, hashes GUIDs and escapes text without genanki's helpers; each is
held here against genanki's own code, so a faster export is never a
different file.
"""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdrill.exporters.anki import export_deck, package
from factdrill.exporters.anki.notes import _guid, h
from factdrill.generators.keys import clean

REPO = Path(__file__).resolve().parents[1]


def _genanki_write(self: Any, cursor: Any, timestamp: float, id_gen: Any) -> None:
    """``_StreamedDeck.write_to_db`` as it was: a genanki Note per note row,
    written by genanki's own ``Note.write_to_db`` (two executes a note)."""
    import genanki

    class Note(genanki.Note):
        def write_to_db(self, cursor, timestamp, deck_id, id_gen):
            super().write_to_db(cursor, self.mod, deck_id, id_gen)

    deck = self._deck
    self.write_header(cursor, timestamp)  # the rows below are what is compared
    for row in self._rows():
        type_index, guid, flds, _, tags, _, ords = row
        note = Note(model=deck.models[self._mids[type_index]], fields=flds.split("\x1f"),
                    tags=tags.split(), guid=guid)
        note.mod = self._mod_of(row)
        assert note._format_tags() == tags
        assert [c.ord for c in note.cards] == list(ords)  # the cards genanki would make, in its order
        note.write_to_db(cursor, timestamp, deck.deck_id, id_gen)


@pytest.fixture(scope="module")
def flagship_seed5():
    from factdrill.deck.loader import load_deck
    from factdrill.generators import generate

    deck = load_deck(REPO / "decks" / "breast-cancer-metastasis")
    return deck, generate(deck, seed=5)


def test_export_at_seed_5_is_the_file_genanki_writes(flagship_seed5, tmp_path, monkeypatch):
    deck, items = flagship_seed5
    # some notes changed since the previous file: their mod times move on
    edited = [replace(it, prompt=it.prompt + " (edited)") if i % 7 == 0 else it for i, it in enumerate(items)]
    ours, ref = tmp_path / "ours", tmp_path / "genanki"
    fast = [export_deck(deck, items, ours), export_deck(deck, edited, ours)]
    files = [fast[0].path.read_bytes(), fast[1].path.read_bytes()]
    monkeypatch.setattr(package._StreamedDeck, "write_to_db", _genanki_write)
    slow = [export_deck(deck, items, ref), export_deck(deck, edited, ref)]
    assert slow[1].changed == fast[1].changed > 0
    assert [r.cards for r in slow] == [r.cards for r in fast]
    assert [slow[0].path.read_bytes(), slow[1].path.read_bytes()] == files


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=4))
def test_guids_are_genankis(parts):
    from genanki import guid_for

    assert _guid(*parts) == guid_for("factdrill", *parts)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("&<>\"'\n\x00\x1f\x7f\x9f"), max_size=40))
def test_h_escapes_as_html_escape_of_the_cleaned_text(text):
    h.cache_clear()
    assert h(text) == html.escape(clean(text), quote=True).replace("\n", "<br>")
