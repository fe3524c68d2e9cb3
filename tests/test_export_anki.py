"""The Anki exporter without Anki: notes built, ids, files written, the command.

What Anki itself makes of the files is in test_export_anki_client.py.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import zipfile
from dataclasses import replace

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from export_fixtures import NASTY, edit_item, make_deck, make_items
from factdrill.exporters import ExportError, hierarchical_tag, safe_output_path, slug_tag
from factdrill.exporters import anki as anki_export
from factdrill.exporters.anki import build_notes, export_deck
from factdrill.exporters.anki import models as anki_models
from factdrill.exporters.anki import package as anki_package
from factdrill.exporters.anki.models import MODEL_FIELDS, MODEL_IDS, NoteType
from factdrill.exporters.anki.notes import h
from factdrill.generators.items import ItemKind


def by_type(notes):
    out: dict[NoteType, list] = {}
    for n in notes:
        out.setdefault(n.note_type, []).append(n)
    return out


def test_each_item_kind_becomes_the_documented_note_type():
    notes = build_notes(make_deck(), make_items())
    kinds = {t: len(ns) for t, ns in by_type(notes).items()}
    assert kinds == {NoteType.FLASHCARD: 4, NoteType.CLOZE: 1, NoteType.MCQ: 3,
                     NoteType.SATA: 1, NoteType.TRUE_FALSE: 1}
    for n in notes:
        assert len(n.fields) == len(MODEL_FIELDS[n.note_type])
    # the term's two flashcards are one note: forward on card 1, reverse on card 2
    lepto = [n for n in by_type(notes)[NoteType.FLASHCARD] if n.fields[-1] == "lepto"]
    assert len(lepto) == 1
    front, back, rfront, rback = lepto[0].fields[:4]
    assert "What are" in front and "Which term means" in rfront and "leptomeningeal" in rback


def test_statement_gaps_become_one_cloze_note_with_numbered_gaps_and_hints():
    (note,) = by_type(build_notes(make_deck(), make_items()))[NoteType.CLOZE]
    text = note.fields[0]
    assert re.findall(r"\{\{c(\d)::", text) == ["1", "2"]
    assert "{{c1::breast::tissue}}" in text and "{{c2::metastatic}}" in text


def test_braces_and_colons_in_data_never_form_or_break_a_gap():
    deck = make_deck(statement="Dose {{a::b}} is {{x}}y}} or {{c1::z}} :: }}{{ done")
    (note,) = by_type(build_notes(deck, make_items()))[NoteType.CLOZE]
    assert len(re.findall(r"\{\{c\d+::", note.fields[0])) == 3
    # the answer "x" keeps no stray braces that Anki would read as markup
    assert "{{c2::x}}" in note.fields[0]


def test_guids_follow_item_identity_not_text():
    items = make_items()
    before = {n.fields[-1] + n.note_type.value: n.guid for n in build_notes(make_deck(), items)}
    edited = edit_item(items, ItemKind.MCQ, prompt="Reworded?", explanation="New reason.")
    after = {n.fields[-1] + n.note_type.value: n.guid for n in build_notes(make_deck(), edited)}
    assert before == after
    other_deck = replace(make_deck(), id="other-deck")
    assert {n.guid for n in build_notes(other_deck, items)}.isdisjoint(before.values())


def test_tags_are_slugged_and_nested():
    notes = build_notes(make_deck(), make_items())
    for n in notes:
        assert all(" " not in t and t == t.lower() for t in n.tags)
    mcq = by_type(notes)[NoteType.MCQ][0]
    assert set(mcq.tags) == {"demo-deck::topic::bone", "demo-deck::kind::mcq",
                             "nclex::physiological-adaptation", "demo-deck::tag::bone-mets",
                             "demo-deck::tag::symptoms"}


def test_every_field_escapes_deck_text():
    notes = build_notes(make_deck(nasty=NASTY), make_items(nasty=NASTY))
    for n in notes:
        joined = "".join(n.fields)
        assert "<script" not in joined and "alert(1)" in joined
        assert "]]>" not in joined  # '>' is always escaped


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_html_escaping_round_trips_any_text(text):
    from factdrill.generators.keys import clean

    out = h(text)
    assert "<" not in out.replace("<br>", "") and ">" not in out.replace("<br>", "")
    assert '"' not in out
    # every character comes back, but control characters, which no note may hold, as U+FFFD
    assert html.unescape(out.replace("<br>", "\n")) == clean(text)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_tag_slugs_never_contain_spaces_or_colons(text):
    tag = slug_tag(text)
    assert tag and not re.search(r"[\s:]", tag)
    assert hierarchical_tag("deck", text).count("::") == 1


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_output_names_never_escape_the_output_folder(tmp_path_factory, name):
    base = tmp_path_factory.getbasetemp()
    try:
        path = safe_output_path(base, name)
    except ExportError:
        return
    assert path.parent == base.resolve()


def test_same_deck_gives_byte_identical_apkg(tmp_path):
    a = export_deck(make_deck(), make_items(), tmp_path / "a").path.read_bytes()
    b = export_deck(make_deck(), make_items(), tmp_path / "b").path.read_bytes()
    assert a == b
    # exporting over the previous file (its own baseline) changes nothing either
    again = export_deck(make_deck(), make_items(), tmp_path / "a")
    assert (again.new, again.changed) == (0, 0) and again.path.read_bytes() == a
    with zipfile.ZipFile(again.path) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert sorted(zf.namelist()) == ["collection.anki2", "media"]


def test_only_changed_notes_get_a_newer_mod(tmp_path):
    import sqlite3

    out = tmp_path / "out"
    export_deck(make_deck(), make_items(), out)
    res = export_deck(make_deck(), edit_item(make_items(), ItemKind.SATA, explanation="Changed."), out)
    assert (res.new, res.changed) == (0, 1)
    with zipfile.ZipFile(res.path) as zf:
        db = tmp_path / "c.anki2"
        db.write_bytes(zf.read("collection.anki2"))
    conn = sqlite3.connect(db)
    mods = dict(conn.execute("select mid, max(mod) from notes group by mid"))
    conn.close()
    base = anki_models.BASE_MOD
    assert mods[MODEL_IDS[NoteType.SATA]] == base + 1
    assert all(m == base for mid, m in mods.items() if mid != MODEL_IDS[NoteType.SATA])


def test_a_file_that_is_not_an_apkg_is_not_overwritten(tmp_path):
    target = tmp_path / "demo-deck.apkg"
    target.write_text("my notes")
    with pytest.raises(ExportError, match="not a readable .apkg"):
        export_deck(make_deck(), make_items(), tmp_path)
    assert target.read_text() == "my notes"


def test_deck_ids_with_path_separators_are_refused(tmp_path):
    with pytest.raises(ExportError, match="plain file name"):
        export_deck(replace(make_deck(), id="../evil"), make_items(), tmp_path / "out")
    assert not (tmp_path / "evil.apkg").exists()


@pytest.fixture
def fake_decks(monkeypatch):
    """The command's deck loading replaced by the hand-built deck."""
    monkeypatch.setattr(anki_export, "_open", lambda names, seed: [anki_export.MemoryItems(make_deck(), make_items())])


def test_command_writes_the_package_and_reports_counts(tmp_path, fake_decks, monkeypatch):
    from factdrill.cli import cli

    monkeypatch.chdir(tmp_path)
    out = tmp_path / "exp"
    result = CliRunner().invoke(cli, ["export", "anki", "-o", "exp"])
    assert result.exit_code == 0, result.output
    assert (out / "demo-deck.apkg").is_file()
    assert "10 notes, 12 cards (10 new, 0 changed)" in result.output
    assert all(len(line) <= 80 for line in result.output.splitlines())
    # a first export into an empty folder starts every note's version again: said
    assert "warning: no earlier export at exp/demo-deck.apkg" in result.stderr
    again = CliRunner().invoke(cli, ["export", "anki", "-o", "exp"])
    assert "(0 new, 0 changed)" in again.output
    assert "warning" not in again.stderr  # continued from the file it replaced
    named = CliRunner().invoke(cli, ["export", "anki", "-o", "exp/renamed.apkg"])
    assert named.exit_code == 0 and (out / "renamed.apkg").is_file()  # -o FILE for one deck


def test_command_bad_output_is_one_clear_line(tmp_path, fake_decks):
    from factdrill.cli import cli

    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["export", "anki", "-o", str(blocker / "sub")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "cannot create output folder" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_help_does_not_import_genanki():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from factdrill.cli import cli\n"
        "r = CliRunner().invoke(cli, ['export', 'anki', '--help'])\n"
        "assert r.exit_code == 0 and 'apkg' in r.output, r.output\n"
        "print(sorted(m for m in ('genanki', 'sqlite3', 'fsrs', 'anki') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_note_type_ids_and_field_names_stay_pinned():
    """Changing any of these forks the note type in every student's collection."""
    assert {t.value: i for t, i in MODEL_IDS.items()} == {
        "flashcard": 2052675619, "cloze": 1551924740, "mcq": 1375437994,
        "sata": 1189378085, "true_false": 2065697976,
        "matrix": 1269194771, "bowtie": 1807248560, "case": 1384832745,
    }
    assert MODEL_FIELDS[NoteType.MATRIX] == (
        "Question", "Grid", "AnswerGrid", "Rationales", "Explanation", "Source", "FactId")
    assert MODEL_FIELDS[NoteType.BOWTIE] == (
        "Question", "Actions", "Condition", "Parameters", "Answer", "Rationales", "Explanation", "Source", "FactId")
    assert MODEL_FIELDS[NoteType.CASE] == ("Client", "Steps", "Answers", "Explanation", "Source", "FactId")
    assert MODEL_FIELDS[NoteType.FLASHCARD] == (
        "Front", "Back", "ReverseFront", "ReverseBack", "Explanation", "Source", "FactId")
    assert MODEL_FIELDS[NoteType.CLOZE] == ("Text", "Explanation", "Source", "FactId")
    assert MODEL_FIELDS[NoteType.MCQ] == MODEL_FIELDS[NoteType.SATA] == (
        "Question", "Options", "Answer", "Rationales", "Explanation", "Source", "FactId")
    assert MODEL_FIELDS[NoteType.TRUE_FALSE] == ("Statement", "Answer", "Explanation", "Source",
                                                 "FactId")
    assert [[t[0] for t in anki_models.MODEL_TEMPLATES[nt]] for nt in NoteType] == [
        ["Card 1", "Card 2"], ["Cloze"], ["Multiple choice"], ["Select all that apply"],
        ["True or false"], ["Matrix"], ["Bowtie"], ["Case study"]]
    assert anki_package._anki_deck_id("breast-cancer-metastasis", "bone") == \
        anki_package._anki_deck_id("breast-cancer-metastasis", "bone")
    assert len({anki_package._anki_deck_id("d", t) for t in ("", "a", "b", "c")}) == 4


_answer = st.text(st.characters(blacklist_characters="{}|", blacklist_categories=("Cs",)),
                  min_size=1, max_size=12).filter(lambda t: t.strip() and "::" not in t)
_filler = st.text(st.characters(blacklist_characters="{}", blacklist_categories=("Cs",)), max_size=15)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_filler, _answer), min_size=1, max_size=5), _filler)
def test_a_statement_makes_one_cloze_card_per_gap(parts, tail):
    from factdrill.deck.markup import parse_gaps, plain_text

    text = "".join(f"{f}{{{{{a}}}}}" for f, a in parts) + tail
    n_gaps = len([g for _, g in parse_gaps(text) if g.answers])
    deck = make_deck(statement=text)
    (spec,) = by_type(build_notes(deck, make_items()))[NoteType.CLOZE]
    models = anki_package._genanki_models(anki_package.Baseline.empty())
    import genanki

    note = genanki.Note(model=models[NoteType.CLOZE], fields=list(spec.fields), guid=spec.guid)
    assert len(note.cards) == n_gaps
    # shown with every gap filled in, the field reads as the statement
    filled = re.sub(r"\{\{c\d+::(.*?)\}\}", lambda m: m.group(1), spec.fields[0])
    from factdrill.generators.keys import clean

    assert html.unescape(filled.replace("<br>", "\n")) == clean(plain_text(text))


def test_deck_and_topic_titles_never_add_subdeck_levels():
    deck = replace(make_deck(), title="Onc::Nursing")
    assert anki_package._deck_name(deck.title) == "Onc:Nursing"
    assert anki_package._deck_name("  spaced   out ") == "spaced out"


def test_previous_export_elsewhere_is_continued(tmp_path, monkeypatch):
    from factdrill.cli import cli

    committed = export_deck(make_deck(), make_items(), tmp_path / "committed").path
    edited = edit_item(make_items(), ItemKind.MCQ, prompt="Reworded?")
    monkeypatch.setattr(anki_export, "_open", lambda names, seed: [anki_export.MemoryItems(make_deck(), edited)])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "anki", "-o", "desk", "--previous", str(committed)])
    assert result.exit_code == 0, result.output
    assert "(0 new, 1 changed)" in result.output
    fresh = CliRunner().invoke(cli, ["export", "anki", "-o", "empty"])
    assert "(10 new, 0 changed)" in fresh.output


@pytest.mark.parametrize("content", [b"PK\x05\x06" + b"\0" * 18, b"", b"SQLite format 3\0"])
def test_damaged_previous_exports_give_one_clear_error(tmp_path, content):
    import io

    target = tmp_path / "demo-deck.apkg"
    if content.startswith(b"SQLite"):  # a zip holding something that is not a collection
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("collection.anki2", content + b"junk" * 100)
        content = buf.getvalue()
    target.write_bytes(content)
    with pytest.raises(ExportError, match="not a readable .apkg"):
        export_deck(make_deck(), make_items(), tmp_path)
    assert target.read_bytes() == content
