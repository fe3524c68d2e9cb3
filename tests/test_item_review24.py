"""Review 24's findings, each fixed as a class (docs/reviews/review-24.md)."""

from __future__ import annotations

from factdrill.generators.items import ItemKind
from factdrill.study.typed import match_typed


def test_a_treatments_purpose_fits_it_alone(items5):
    """#27: "treating the tumors themselves" fitted radiosurgery and surgery
    as well as whole-brain radiation."""
    card = next(i for i in items5 if i.kind is ItemKind.FLASHCARD and i.fact_ids == ("brain-treatment-purposes",)
                and "whole-brain radiation" in i.answers)
    assert "throughout the brain" in card.prompt


def test_a_linked_blank_says_what_kind_of_answer_fills_it(items5):
    """#34: "Intrathecal chemotherapy is used ... for _____." had no hint,
    though a condition, a place or a purpose all fit."""
    linked = [i for i in items5 if i.kind is ItemKind.CLOZE and i.fact_ids == ("site-specific-treatments",)]
    assert linked and all(i.extra.get("hint") == "which condition?" for i in linked)


def test_a_short_word_ending_like_a_procedure_is_still_a_slip():
    """Found by review 21's slip property: "deses" for "doses" read as the
    folded "-desis" swapped for "-osis", with next to no stem before them."""
    assert match_typed("high deses of radiation", ["high doses of radiation"]).typo
    assert match_typed("pleurolysis", ["pleurodesis"]) is None


def test_a_closed_blank_reads_percent_spelled_out(items5):
    """Review 25 #2: "70 percent", "almost 70 percent" and "67 percent" were
    graded Again for "two-thirds | almost 70%"."""
    from factdrill.study.grading import grade

    cloze = next(i for i in items5 if i.kind is ItemKind.CLOZE and i.answers and i.answers[0] == "two-thirds")
    for said in ("70 percent", "almost 70 percent", "67 percent", "70 per cent"):
        assert grade(cloze, said).correct, said
    assert not grade(cloze, "50 percent").correct


def test_a_hedged_true_text_is_refuted_by_its_false_form(items5):
    """Review 25 #5: "radiation is usually kept away from liver metastases"
    was not refuted by "can ease pain"."""
    tf = [i for i in items5 if i.kind is ItemKind.TRUE_FALSE and i.fact_ids == ("liver-radiation",)]
    assert tf and not any("usually kept away" in i.prompt for i in tf)
