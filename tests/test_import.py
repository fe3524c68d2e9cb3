"""``factdrill import quizlet|csv|anki``: card sets in, facts out, and back again.

The round trips start from the flagship deck's own exports: importing a
Quizlet TSV, a CSV and an .apkg that factdrill wrote must give facts whose
regenerated items have the same fronts and backs as the exported ones. The
one difference allowed is the first letter of a back: a flashcard's back is
a term's definition, which the flashcard generator always capitalises
("about 70%" comes back as "About 70%").
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdrill.cli import cli
from factdrill.deck.facts import Statement, Term
from factdrill.deck.loader import load_deck
from factdrill.generators.common import cap

FLAGSHIP = Path(__file__).resolve().parents[1] / "decks" / "breast-cancer-metastasis"


def _run(*args: str, env: dict | None = None):
    result = CliRunner().invoke(cli, list(args), env=env or {})
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("imports")
    cache = {"FACTDRILL_CACHE": str(root / "cache")}
    assert _run("export", "quizlet", str(FLAGSHIP), "-o", str(root / "cards.tsv"), env=cache).exit_code == 0
    assert _run("export", "csv", str(FLAGSHIP), "-o", str(root / "csv"), env=cache).exit_code == 0
    assert _run("export", "anki", str(FLAGSHIP), "-o", str(root / "apkg"), env=cache).exit_code == 0
    for fmt, src in (("quizlet", root / "cards.tsv"),
                     ("csv", root / "csv" / "breast-cancer-metastasis.tsv"),
                     ("anki", root / "apkg" / "breast-cancer-metastasis.apkg")):
        result = _run("import", fmt, str(src), "-o", str(root / "decks" / fmt), env=cache)
        assert result.exit_code == 0, result.output
        assert "check: 0 errors" in result.output
    return root


def _tsv(path: Path) -> list[tuple[str, str]]:
    return [tuple(line.split("\t")) for line in path.read_text().splitlines()]


def test_quizlet_round_trip(work):
    original = _tsv(work / "cards.tsv")
    out = work / "again.tsv"
    assert _run("export", "quizlet", str(work / "decks" / "quizlet"), "-o", str(out)).exit_code == 0
    assert _tsv(out) == [(front, cap(back)) for front, back in original]


def _csv_rows(path: Path) -> list[tuple[str, str, str]]:
    lines = [line for line in path.read_text().splitlines(keepends=True) if not line.startswith("#")]
    return [tuple(r) for r in csv.reader(io.StringIO("".join(lines)), delimiter="\t")]


def _kind(tags: str) -> str:
    return next(t.split("::")[2] for t in tags.split() if "::kind::" in t)


def _topic(tags: str) -> str:
    return next(t.split("::")[2] for t in tags.split() if "::topic::" in t)


def test_csv_round_trip_of_flashcards_and_statement_clozes(work):
    original = _csv_rows(work / "csv" / "breast-cancer-metastasis.tsv")
    assert _run("export", "csv", str(work / "decks" / "csv"), "-o", str(work / "csv2") + "/").exit_code == 0
    again = _csv_rows(work / "csv2" / "csv.tsv")

    def picked(rows, fix_back):
        out = set()
        for front, back, tags in rows:
            kind = _kind(tags)
            # a term's and a mapping's clozes come back from their flashcards
            of_statement = not front.startswith("The term ") and "that goes with the" not in front
            if kind == "flashcard" or (kind == "cloze" and of_statement):
                out.add((kind, front, cap(back) if fix_back and kind == "flashcard" else back,
                         _topic(tags)))
        return out

    before, after = picked(original, True), picked(again, False)
    flash = {r for r in before if r[0] == "flashcard"}
    clozes = before - flash
    assert len(flash) > 80 and len(clozes) > 50
    assert flash == {r for r in after if r[0] == "flashcard"}
    # every statement cloze comes back (imported question cards add clozes of their own)
    assert clozes <= after


def _notes(apkg: Path, tmp: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(note type, front or fact id) -> fields of the flashcard and cloze notes of an .apkg."""
    with zipfile.ZipFile(apkg) as z:
        z.extract("collection.anki2", tmp)
    db = sqlite3.connect(tmp / "collection.anki2")
    models = json.loads(db.execute("select models from col").fetchone()[0])
    out = {}
    for mid, tags, flds in db.execute("select mid, tags, flds from notes"):
        model = models[str(mid)]
        name = model["name"]
        if name not in ("factdrill Flashcard", "factdrill Cloze") or "::kind::flashcard" not in tags \
                and "::kind::cloze" not in tags:
            continue
        values = dict(zip([f["name"] for f in model["flds"]], flds.split("\x1f")))
        # a mapping has a flashcard note per pair: tell them apart by their front
        out[(name, values["Front"] if name.endswith("Flashcard") else values["FactId"])] = values
    db.close()
    return out


def test_anki_round_trip_keeps_fronts_backs_clozes_ids_and_topics(work, tmp_path):
    original = _notes(work / "apkg" / "breast-cancer-metastasis.apkg", tmp_path / "a")
    assert _run("export", "anki", str(work / "decks" / "anki"), "-o", str(work / "apkg2")).exit_code == 0
    again = _notes(work / "apkg2" / "anki.apkg", tmp_path / "b")
    flash = [k for k in original if k[0] == "factdrill Flashcard"]
    clozes = [k for k in original if k[0] == "factdrill Cloze" and k in again]
    statements = {f.id for f in load_deck(FLAGSHIP).facts if isinstance(f, Statement) and f.gaps}
    assert len(flash) > 60 and statements <= {k[1] for k in clozes}
    for key in flash:
        o, n = original[key], again[key]
        assert (n["Front"], n["ReverseFront"], n["ReverseBack"]) == (o["Front"], o["ReverseFront"], o["ReverseBack"])
        assert n["Back"] == cap(o["Back"])
        assert n["Explanation"] == o["Explanation"]
    for key in clozes:
        # a term's cloze blanks the word rarest among the deck's definitions, which
        # depends on the other facts; a statement's gaps are its own
        if key[1] in statements:
            assert again[key]["Text"] == original[key]["Text"]
    flagship, imported = load_deck(FLAGSHIP), load_deck(work / "decks" / "anki")
    assert {t.id for t in imported.topics} <= {t.id for t in flagship.topics}
    for fact in imported.facts:  # ids come back (a mapping's pair cards get -2, -3...)
        original_id = fact.id if fact.id in {f.id for f in flagship.facts} else fact.id.rsplit("-", 1)[0]
        assert fact.topic == flagship.fact(original_id).topic


def test_anki_import_brings_back_false_variants_and_references(work):
    flagship, imported = load_deck(FLAGSHIP), load_deck(work / "decks" / "anki")
    # the false variants an export shows (a statement's true/false item asks
    # one) come back as written; none is invented
    back = set()
    for fact in imported.facts:
        if isinstance(fact, Statement):
            assert set(fact.false_variants) <= set(flagship.fact(fact.id).false_variants)
            back |= set(fact.false_variants)
    assert len(back) >= 20
    # the references of every fact an .apkg carries as a flashcard or cloze
    # come back (a figure asked only as a multiple choice is not imported)
    dois = {s.doi for s in imported.sources.values() if s.doi}
    assert dois <= {s.doi for s in flagship.sources.values() if s.doi} and len(dois) >= 7
    berman = next(s for s in imported.sources.values() if s.doi == "10.1016/j.clbc.2012.11.001")
    assert berman.year == 2013 and berman.journal == "Clin Breast Cancer"
    term = imported.fact("sbrt")
    assert isinstance(term, Term)
    assert set(term.aliases) == set(flagship.fact("sbrt").aliases)


def test_imported_facts_are_drafts_pointing_at_their_card(work):
    deck = load_deck(work / "decks" / "quizlet")
    first = deck.facts[0]
    assert first.draft is not None and first.draft.at == "cards.tsv:1"
    lines = (work / "cards.tsv").read_text().splitlines()
    assert lines[0].split("\t")[0] == first.term


def test_no_draft_imports_reviewed_facts(tmp_path, work):
    result = _run("import", "quizlet", str(work / "cards.tsv"), "-o", str(tmp_path / "q"), "--no-draft",
                  "--title", "Breast cancer cards")
    assert result.exit_code == 0, result.output
    deck = load_deck(tmp_path / "q")
    assert deck.title == "Breast cancer cards"
    assert all(f.draft is None for f in deck.facts)
    assert "draft --review" not in result.output


def test_question_fronts_are_never_asked_in_reverse(work):
    deck = load_deck(work / "decks" / "quizlet")
    for fact in deck.facts:
        if fact.term.endswith("?") or fact.term.startswith(("Name ", "List ")):
            assert fact.reverse is False, fact.term


def test_a_plain_anki_deck_with_basic_reversed_and_cloze_notes(tmp_path):
    genanki = pytest.importorskip("genanki")
    parent = genanki.Deck(2059400110, "Pharm")
    sub = genanki.Deck(2059400111, "Pharm::Cardiac drugs")
    parent.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=["Bradycardia", "a slow <b>heart</b> rate &amp; rhythm"],
                                 tags=["vital-signs"]))
    sub.add_note(genanki.Note(model=genanki.BASIC_AND_REVERSED_CARD_MODEL, fields=["Digoxin", "a cardiac glycoside"]))
    parent.add_note(genanki.Note(model=genanki.CLOZE_MODEL,
                                 fields=["Hold digoxin when the pulse is below {{c1::60::rate}} per {{c2::minute}}.", "check apical pulse"],
                                 tags=["pharm::safety"]))
    apkg = tmp_path / "pharm.apkg"
    genanki.Package([parent, sub]).write_to_file(apkg)
    result = _run("import", "anki", str(apkg), "-o", str(tmp_path / "decks" / "pharm"))
    assert result.exit_code == 0, result.output
    deck = load_deck(tmp_path / "decks" / "pharm")
    by_kind = {type(f).__name__: f for f in deck.facts}
    terms = {f.term: f for f in deck.facts if isinstance(f, Term)}
    assert terms["Bradycardia"].definition == "a slow heart rate & rhythm"
    assert terms["Bradycardia"].reverse is False  # Basic: one way, as in Anki
    assert terms["Digoxin"].reverse is True  # "and reversed card"
    statement = by_kind["Statement"]
    assert statement.text == "Hold digoxin when the pulse is below {{60::rate}} per {{minute}}."
    assert statement.explanation == "check apical pulse"
    topics = {t.id: t.title for t in deck.topics}
    assert deck.fact(terms["Bradycardia"].id).topic == "vital-signs"
    assert deck.fact(statement.id).topic == "safety"
    assert topics[terms["Digoxin"].topic] == "Cardiac drugs"  # no tags: its subdeck


def test_a_csv_with_a_header_row_and_tags(tmp_path):
    src = tmp_path / "cards.csv"
    src.write_text('term,definition,tags\nTachycardia,"a fast heart rate, over 100",vitals\n'
                   "Apnea,a pause in breathing,resp\n")
    result = _run("import", "csv", str(src), "-o", str(tmp_path / "d"))
    assert result.exit_code == 0, result.output
    deck = load_deck(tmp_path / "d")
    assert [(f.term, f.definition, f.topic) for f in deck.facts] == [
        ("Tachycardia", "a fast heart rate, over 100", "vitals"), ("Apnea", "a pause in breathing", "resp")]
    assert deck.facts[0].draft.at == "cards.csv:2"


BAD = {
    ("quizlet", "notab.tsv", b"alpha\tfirst\nbeta first\n"): "notab.tsv:2: no tab between term and definition",
    ("quizlet", "bin.tsv", b"\x00\x01"): "binary data",
    ("quizlet", "latin.tsv", "caf\u00e9\tcoffee\n".encode("latin-1")): "latin.tsv:1:4: not UTF-8",
    ("quizlet", "empty.tsv", b"\n\n"): "no cards",
    ("csv", "short.csv", b"front,back\nonly one column\n"): "short.csv:2: the row has 1 column(s)",
    ("anki", "fake.apkg", b"not a zip"): "not an Anki package",
}


@pytest.mark.parametrize("fmt, name, data", list(BAD), ids=[k[1] for k in BAD])
def test_bad_card_files_get_one_line(tmp_path, fmt, name, data):
    src = tmp_path / name
    src.write_bytes(data)
    result = _run("import", fmt, str(src), "-o", str(tmp_path / "decks" / "x"))
    assert result.exit_code == 1
    assert BAD[(fmt, name, data)] in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "decks" / "x").exists()


def test_the_newest_anki_format_is_refused_with_the_way_out(tmp_path):
    src = tmp_path / "new.apkg"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd")
        z.writestr("collection.anki2", b"")
    result = _run("import", "anki", str(src), "-o", str(tmp_path / "decks" / "x"))
    assert result.exit_code == 1
    assert "Support older Anki versions" in result.output


def test_an_existing_deck_is_never_overwritten(tmp_path, work):
    out = tmp_path / "decks" / "q"
    out.mkdir(parents=True)
    (out / "deck.yaml").write_text("id: q\n")
    result = _run("import", "quizlet", str(work / "cards.tsv"), "-o", str(out))
    assert result.exit_code == 1 and "exists already" in result.output
    assert (out / "deck.yaml").read_text() == "id: q\n"


def test_question_cards_are_asked_as_questions_not_as_terms(work):
    result = _run("items", str(work / "decks" / "quizlet"), "--json")
    assert result.exit_code == 0, result.output
    items = [json.loads(line) for line in result.output.splitlines()]
    questions = {f.term for f in load_deck(work / "decks" / "quizlet").facts if f.term.endswith("?")}
    assert questions
    for item in items:
        assert not (item["prompt"].startswith("The term ") and "? means" in item["prompt"]), item["prompt"]
        assert "describes the term \u201cWh" not in item["prompt"]
    asked = {item["prompt"] for item in items if item["kind"] == "mcq"}
    assert questions & asked  # the MCQ is the card's own question
