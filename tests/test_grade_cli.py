"""``factdrill grade``: right answers in other words are graded right, and the
command says how and why (what instructors use to check a key)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdrill.cli import cli
from factdrill.generators.cache import deck_and_items
from factdrill.generators.items import ItemKind
from factdrill.generators.synonyms import Glossary
from factdrill.study.grading import grade

FLAGSHIP = Path(__file__).resolve().parents[1] / "decks" / "breast-cancer-metastasis"


@pytest.fixture(scope="module")
def flagship():
    return deck_and_items(FLAGSHIP)


def cloze(items, fact_id, card_side="main"):
    """The typed items of a fact's side: its blanks, or, where it has none
    (a mapping of open phrases is not asked as a blank), its flashcards,
    whose typed attempts the same grader matches."""
    side = [i for i in items if i.fact_ids[0] == fact_id and i.card.endswith(":" + card_side)]
    found = ([i for i in side if i.kind is ItemKind.CLOZE]
             or [i for i in side if i.kind is ItemKind.FLASHCARD])
    assert found, fact_id
    return found


def run(*args):
    return CliRunner().invoke(cli, ["grade", *args])


# the answers the instructor review found graded wrong, each with the item it was typed for
SAID_RIGHT = [
    ("bone-radiation-rapid-relief", "main", "radiotherapy"),
    ("bone-radiation-rapid-relief", "main", "radiation"),
    ("brain-treatment-purposes", "reverse", "corticosteroids"),
    ("brain-treatment-purposes", "reverse", "WBRT"),
    ("lobular-bone-most-frequent", "main", "the bones"),
    ("lymph-nodes-first-stop", "main", "lymph nodes"),
    ("lymph-nodes-first-stop", "main", "lymph glands"),
]


@pytest.mark.parametrize("fact_id, side, said", SAID_RIGHT)
def test_grade_accepts_right_answers_in_other_words(flagship, fact_id, side, said):
    _, items = flagship
    results = [run(it.id, said) for it in cloze(items, fact_id, side)]
    assert any(r.exit_code == 0 and (": correct (1/1 points)" in r.output or "matches the back" in r.output)
               for r in results), [r.output for r in results]


def test_every_glossary_group_of_the_flagship_is_accepted_both_ways(flagship):
    deck, items = flagship
    assert len(deck.synonyms) >= 10
    for group in deck.synonyms:
        for key in group.terms:
            typed = next((it for it in items if it.kind is ItemKind.CLOZE and it.answers[0].casefold() == key.casefold()),
                         None)
            if typed is None:
                continue  # no item asks for this word; the glossary still holds for every other word
            for other in group.terms:
                assert grade(typed, other).correct, (typed.id, key, other)


def test_the_glossary_swaps_words_inside_longer_answers(flagship):
    deck, _ = flagship
    glossary = Glossary(deck.synonyms)
    spelled = {v.casefold() for v in glossary.variants("yellowing of the whites of the eyes")}
    assert "yellowing of the sclera" in spelled


def test_grade_says_why_in_text_and_json(flagship):
    _, items = flagship
    item = next(i for i in cloze(items, "bone-radiation-rapid-relief") if "radiotherapy" in i.answers)
    text = run(item.id, "radiotherpy")  # a typo of an accepted synonym
    assert text.exit_code == 0 and "despite a" in text.output and "also accepted:" in text.output
    wrong = run(item.id, "chemotherapy", "--json")
    data = json.loads(wrong.output)
    assert wrong.exit_code == 1 and data["correct"] is False and "radiotherapy" in data["accepted_answers"]
    assert data["key"] == item.answers[0] and data["valid"] is True


def test_grade_refuses_unknown_ids_and_answers_not_in_the_form(flagship):
    _, items = flagship
    missing = run("mcq-000000000000", "a")
    assert missing.exit_code == 2 and "no item 'mcq-000000000000'" in missing.output
    mcq = next(i for i in items if i.kind is ItemKind.MCQ)
    bad = run(mcq.id, "z")
    assert bad.exit_code == 2 and "not an answer to this item" in bad.output
    assert "Traceback" not in bad.output + missing.output


@pytest.mark.parametrize("kind", [ItemKind.DROPDOWN, ItemKind.MATRIX_MC, ItemKind.BOWTIE])
def test_grade_shows_a_multi_part_item_key_per_part_not_as_other_answers(flagship, kind):
    # review 5 P7: a drop-down's "also accepted:" listed the other blanks' keys
    from factdrill.study.grading import key_response
    from factdrill.study.judgment import key_by_part, parts

    _, items = flagship
    item = next(i for i in items if i.kind is kind)
    result = run(item.id, key_response(item))
    assert result.exit_code == 0 and "also accepted:" not in result.output
    slots = parts(item)
    assert len(key_by_part(item)) == len(slots) >= 2
    for part, (label, shown) in zip(slots, key_by_part(item)):
        assert label == part.label and f"{label}:" in result.output
        assert shown.split(") ", 1)[1].split(";")[0] in part.choices
    data = json.loads(run(item.id, key_response(item), "--json").output)
    assert data["accepted_answers"] == [] and [p["part"] for p in data["key_by_part"]] == [p.label for p in slots]


# review 5 (seed 471447): typed answers graded wrong, one class each
REVIEW5_RIGHT = [
    # a verb-phrase side: the article's own words and the common equivalents
    ("brain-treatment-purposes", "forward", "decrease swelling in the brain"),
    ("brain-treatment-purposes", "forward", "reduce brain swelling"),
    ("brain-treatment-purposes", "forward", "reducing cerebral edema"),
    # a mapping side asked as a typed answer: the organ alone, synonyms
    ("site-specific-treatments", "forward", "the liver"),
    ("site-specific-treatments", "forward", "hepatic metastases"),
    ("site-specific-treatments", "forward", "liver mets"),
    ("site-specific-treatments", "forward", "leptomeningeal carcinomatosis"),
    ("site-specific-treatments", "forward", "neoplastic meningitis"),
    # a trailing head noun after the key
    ("leptomeningeal-late-and-rising", "main", "survival time"),
    ("bone-pain-not-always", "main", "fractured bone"),
]


@pytest.mark.parametrize("fact_id, side, said", REVIEW5_RIGHT)
def test_grade_accepts_the_fair_answers_review_5_found_rejected(flagship, fact_id, side, said):
    _, items = flagship
    graded = [grade(it, said) for it in cloze(items, fact_id, side)]
    assert any(g.correct and not g.typo for g in graded), [g.note for g in graded]


@pytest.mark.parametrize("fact_id, side, said", [
    ("brain-treatment-purposes", "forward", "increase brain swelling"),
    ("site-specific-treatments", "forward", "the lung"),
    ("leptomeningeal-late-and-rising", "main", "survival rate"),
])
def test_grade_still_refuses_wrong_answers_near_them(flagship, fact_id, side, said):
    _, items = flagship
    assert not any(grade(it, said).correct for it in cloze(items, fact_id, side))


def test_flagship_two_of_and_sbrt_flashcards(flagship):
    _, items = flagship
    cards = {it.fact_ids[0] + ":" + it.card.rsplit(":", 1)[1]: it for it in items if it.kind is ItemKind.FLASHCARD}
    two_of = cards["pleural-effusion-management:main"]
    for said in ("shunt and pleurodesis", "thoracentesis, pleurodesis", "indwelling pleural catheter and shunt"):
        assert grade(two_of, said).correct, said
    sbrt = cards["sbrt:reverse"]
    assert grade(sbrt, "SABR").correct and grade(sbrt, "stereotactic ablative radiotherapy").correct
    assert not grade(sbrt, "gamma knife").correct
    lepto = cards["leptomeningeal-metastases:reverse"]
    assert grade(lepto, "leptomeningeal disease").correct


def test_an_abbreviation_is_swapped_in_only_for_a_whole_answer():
    """Review 10: 'a particle of XRT' was listed as an accepted answer."""
    from factdrill.deck.facts import SynonymGroup

    glossary = Glossary([SynonymGroup(terms=("radiation therapy", "XRT", "radiotherapy"))])
    assert "XRT" in glossary.variants("radiation therapy")
    inside = glossary.variants("a particle of radiation therapy")
    assert "a particle of radiotherapy" in inside and not any("XRT" in v for v in inside)
