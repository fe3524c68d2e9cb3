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
