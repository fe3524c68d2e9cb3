"""The Anki export checked with Anki's own Python core (the ``anki`` package).

Each test imports our ``.apkg`` into a fresh collection the way Anki's
"Import" does, then looks at what a student would see: notes, cards per note
type, cloze cards, subdecks, tags, the rendered question and answer HTML,
and what a re-import after an edit does to notes and review history.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from export_fixtures import NASTY, make_deck, make_items, edit_item
from factdrill.exporters.anki import export_deck
from factdrill.generators.items import ItemKind

anki_collection = pytest.importorskip("anki.collection")
Collection = anki_collection.Collection
ImportAnkiPackageRequest = anki_collection.ImportAnkiPackageRequest
ImportAnkiPackageOptions = anki_collection.ImportAnkiPackageOptions


def import_apkg(col, path: Path, merge_notetypes: bool = True):
    """Import like Anki's dialog does (default: update notes if newer)."""
    req = ImportAnkiPackageRequest(
        package_path=str(path),
        options=ImportAnkiPackageOptions(with_scheduling=False, merge_notetypes=merge_notetypes),
    )
    log = col.import_anki_package(req).log
    return {k: len(getattr(log, k)) for k in ("new", "updated", "duplicate", "conflicting")}


@pytest.fixture
def col(tmp_path):
    c = Collection(str(tmp_path / "collection.anki2"))
    yield c
    c.close()


def visible_text(fragment: str) -> str:
    """What a browser shows for an HTML fragment (tags dropped, entities decoded)."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", fragment)).split())


def card_body(rendered: str) -> str:
    """A rendered card without Anki's injected <style> block."""
    return re.sub(r"<style>.*?</style>", "", rendered, flags=re.S)


def cards_of(col, model_name: str):
    return [col.get_card(cid) for cid in col.find_cards(f'"note:{model_name}"')]


def test_every_kind_imports_with_the_expected_notes_cards_decks_and_tags(col, tmp_path):
    res = export_deck(make_deck(), make_items(), tmp_path / "out")
    counts = import_apkg(col, res.path)
    assert counts == {"new": 10, "updated": 0, "duplicate": 0, "conflicting": 0}
    assert col.note_count() == 10 and col.card_count() == 12

    per_type = {name: len(cards_of(col, name)) for name in res.cards_by_type}
    assert per_type == {
        "factdrill Flashcard": 5,  # lepto forward+reverse, numeric, ordering, matching
        "factdrill Cloze": 2,  # one statement note with two gaps
        "factdrill Multiple choice": 3,  # mcq, scenario, numeric_mcq
        "factdrill Select all that apply": 1,
        "factdrill True or false": 1,
    }
    cloze = cards_of(col, "factdrill Cloze")
    assert len({c.nid for c in cloze}) == 1 and sorted(c.ord for c in cloze) == [0, 1]
    model = col.models.by_name("factdrill Cloze")
    assert model["type"] == 1  # declared as a cloze note type

    names = set(col.decks.all_names())
    assert {"Demo deck", "Demo deck::Bone metastases", "Demo deck::Brain"} <= names
    lepto = [c for c in cards_of(col, "factdrill Flashcard") if c.note()["FactId"] == "lepto"]
    assert {col.decks.name(c.did) for c in lepto} == {"Demo deck::Brain"}
    assert len({c.nid for c in lepto}) == 1 and len(lepto) == 2  # one note, two cards

    tags = set(col.tags.all())
    assert {"demo-deck::topic::bone", "demo-deck::kind::sata", "nclex::physiological-adaptation",
            "demo-deck::tag::bone-mets"} <= tags
    assert all(" " not in t for t in tags)


def test_rendered_questions_and_answers_show_what_a_student_needs(col, tmp_path):
    res = export_deck(make_deck(), make_items(), tmp_path / "out")
    import_apkg(col, res.path)

    def one(model: str, fact: str | None = None, ord_: int = 0):
        cards = [c for c in cards_of(col, model)
                 if c.ord == ord_ and (fact is None or c.note()["FactId"] == fact)]
        c = cards[0]
        return visible_text(card_body(c.question())), visible_text(card_body(c.answer()))

    q, a = one("factdrill Flashcard", "lepto", 0)
    assert "What are leptomeningeal metastases?" in q and "cerebrospinal fluid" not in q
    assert "cancer cells in the cerebrospinal fluid" in a and "Because it is so." in a
    assert "Berman AT" in a
    q, a = one("factdrill Flashcard", "lepto", 1)
    assert "Which term means" in q and "leptomeningeal metastases" in a
    assert "carcinomatous meningitis" in a  # alias shown as accepted

    q, a = one("factdrill Cloze", ord_=0)
    assert "[tissue]" in q and "breast cells" not in q and "metastatic breast cancer" in q
    assert "made of breast cells" in a
    q, a = one("factdrill Cloze", ord_=1)
    assert "[...]" in q and "made of breast cells" in q

    q, a = one("factdrill Select all that apply")
    assert q.count("Select all that apply.") == 1 and "pain" in q and "rash" in q
    assert "A. pain" in a and "B. fracture" in a and "not a sign" in a

    for c in cards_of(col, "factdrill Multiple choice"):
        q, a = visible_text(card_body(c.question())), visible_text(card_body(c.answer()))
        assert "Correct" not in q and "Correct" in a

    q, a = one("factdrill True or false")
    assert "True or false?" in q and "becomes bone cancer" in q
    assert "False" in a.split("becomes bone cancer.")[-1]

    # the source links to its DOI
    raw = card_body(cards_of(col, "factdrill True or false")[0].answer())
    assert 'href="https://doi.org/10.1016/j.clbc.2012.11.001"' in raw
    # no JavaScript anywhere in our templates
    for name in res.cards_by_type:
        for t in col.models.by_name(name)["tmpls"]:
            assert "<script" not in t["qfmt"] + t["afmt"]


def test_markup_in_deck_text_renders_literally(col, tmp_path):
    deck = make_deck(nasty=NASTY)
    res = export_deck(deck, make_items(nasty=NASTY), tmp_path / "out")
    counts = import_apkg(col, res.path)
    assert counts["new"] == res.notes
    assert col.card_count() == res.cards  # no gap was invented or lost
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        for rendered in (card.question(), card.answer()):
            body = card_body(rendered)
            assert "<script" not in body.lower()
            assert "alert(1)" in visible_text(body)
        assert NASTY in visible_text(card_body(card.answer()))
    assert any("<script>" in name for name in col.decks.all_names())  # a name, not markup


def test_reimport_unchanged_changes_nothing_and_keeps_student_edits(col, tmp_path):
    out = tmp_path / "out"
    first = export_deck(make_deck(), make_items(), out)
    import_apkg(col, first.path)
    nid = col.find_notes('"note:factdrill True or false"')[0]
    note = col.get_note(nid)
    note["Explanation"] = "my own mnemonic"
    col.update_note(note)

    again = export_deck(make_deck(), make_items(), out)
    assert (again.new, again.changed) == (0, 0)
    counts = import_apkg(col, again.path)
    assert counts == {"new": 0, "updated": 0, "duplicate": 10, "conflicting": 0}
    assert col.get_note(nid)["Explanation"] == "my own mnemonic"
    assert col.note_count() == 10


@pytest.mark.parametrize("merge_notetypes", [True, False])
def test_edited_fact_updates_only_its_notes_and_keeps_review_history(col, tmp_path, merge_notetypes):
    out = tmp_path / "out"
    items = make_items()
    first = export_deck(make_deck(), items, out)
    import_apkg(col, first.path, merge_notetypes)

    # the student answers the reverse lepto card once
    card = next(c for c in cards_of(col, "factdrill Flashcard")
                if c.note()["FactId"] == "lepto" and c.ord == 1)
    card.start_timer()
    col.sched.answerCard(card, 3)  # Good
    before = col.get_card(card.id)
    assert before.reps == 1

    # the instructor fixes the lepto flashcard wording and re-exports
    edited = edit_item(items, ItemKind.FLASHCARD, prompt="What does leptomeningeal mean?")
    second = export_deck(make_deck(), edited, out)
    assert (second.new, second.changed) == (0, 1)
    counts = import_apkg(col, second.path, merge_notetypes)
    assert counts == {"new": 0, "updated": 1, "duplicate": 9, "conflicting": 0}

    assert col.note_count() == 10 and col.card_count() == 12
    after = col.get_card(card.id)
    assert after.reps == 1 and after.type == before.type and after.due == before.due
    assert col.db.scalar("select count() from revlog where cid = ?", card.id) == 1
    assert after.note()["Front"] == "What does leptomeningeal mean?"

    # and the next unchanged export is again a no-op
    third = export_deck(make_deck(), edited, out)
    assert third.path.read_bytes() == second.path.read_bytes()
    assert import_apkg(col, third.path, merge_notetypes)["updated"] == 0


def test_edited_statement_updates_its_cloze_note_and_adds_a_card_for_a_new_gap(col, tmp_path):
    out = tmp_path / "out"
    import_apkg(col, export_deck(make_deck(), make_items(), out).path)
    deck = make_deck(statement="Breast cancer in bone is made of {{breast::tissue}} cells, treated as "
                               "{{metastatic}} breast cancer, often in the {{spine}}.")
    res = export_deck(deck, make_items(), out)
    assert res.changed == 1
    counts = import_apkg(col, res.path)
    assert counts["updated"] == 1 and counts["new"] == 0
    cloze = cards_of(col, "factdrill Cloze")
    assert len({c.nid for c in cloze}) == 1
    assert "spine" in cloze[0].note()["Text"]
    assert sorted(c.ord for c in cloze) == [0, 1, 2]  # the new gap got its card


@pytest.mark.parametrize("merge_notetypes", [True, False])
def test_a_style_change_reaches_the_note_type_without_touching_notes(col, tmp_path, monkeypatch,
                                                                     merge_notetypes):
    from factdrill.exporters import anki as anki_export

    out = tmp_path / "out"
    import_apkg(col, export_deck(make_deck(), make_items(), out).path, merge_notetypes)
    monkeypatch.setattr(anki_export.package, "CSS", anki_export.package.CSS + ".fd-q { color: teal; }\n")
    res = export_deck(make_deck(), make_items(), out)
    counts = import_apkg(col, res.path, merge_notetypes)
    assert counts["updated"] == 0 and counts["new"] == 0
    assert "teal" in col.models.by_name("factdrill Cloze")["css"]


@pytest.mark.parametrize("nasty", ["", NASTY])
def test_a_terms_two_cloze_items_are_one_note_with_two_cards(col, tmp_path, nasty):
    from export_fixtures import term_cloze_items

    res = export_deck(make_deck(), make_items() + term_cloze_items(nasty), tmp_path / "out")
    assert import_apkg(col, res.path)["new"] == res.notes
    cards = [c for c in cards_of(col, "factdrill Cloze") if c.note()["FactId"] == "lepto"]
    assert len(cards) == 2 and len({c.nid for c in cards}) == 1
    by_ord = {c.ord: (visible_text(card_body(c.question())), visible_text(card_body(c.answer())))
              for c in cards}
    q, a = by_ord[0]  # forward: the term shown, the key word of its definition hidden
    assert f"leptomeningeal metastases{nasty} means" in q and "[...] fluid" in q
    assert "cerebrospinal fluid" in a
    q, a = by_ord[1]  # reverse: the term hidden, the definition shown
    assert "The term [...] means cancer cells in the cerebrospinal fluid." in q
    assert f"The term leptomeningeal metastases{nasty} means" in a
    # a mapping's sentences differ per side: one note each, one card each
    brands = [c for c in cards_of(col, "factdrill Cloze") if c.note()["FactId"] == "drug-brands"]
    assert len(brands) == 2 and len({c.nid for c in brands}) == 2
