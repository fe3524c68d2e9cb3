"""Review 29's findings, each fixed as a class (docs/reviews/review-29.md)."""

from __future__ import annotations

import pytest

from factdrill.generators.items import ItemKind
from factdrill.generators.wording import word_key
from factdrill.study.grading import grade


def _cloze(items, fact):
    return next(i for i in items if i.kind is ItemKind.CLOZE and i.fact_ids == (fact,))


@pytest.mark.parametrize("said", ["thoracocentesis", "pleurocentesis", "pleural tap"])
def test_another_name_of_the_procedure_is_no_typo(items5, said):
    """#23: "thoracocentesis", a dictionary spelling, was rated Hard as a typo."""
    verdict = grade(_cloze(items5, "thoracentesis"), said)
    assert verdict.correct and not verdict.typo


@pytest.mark.parametrize("said", ["a radioisotope", "radioactive material", "radioactivity"])
def test_what_strontium_carries_takes_the_precise_words(items5, said):
    """#6: "radioisotope" and "radioactive material" went to self-rating."""
    assert grade(_cloze(items5, "strontium-89"), said).correct
    assert not grade(_cloze(items5, "strontium-89"), "calcium").correct


def test_a_set_question_offers_no_rival_named_for_another_organ(items5):
    """#31: whole-brain radiation, intrathecal chemotherapy and pleurodesis
    were struck out by the anatomy in their names; #9: strontium 89 among
    the ways of managing pleural effusions."""
    liver = [i for i in items5 if i.fact_ids == ("liver-local-treatments",) and i.kind in (ItemKind.MCQ, ItemKind.SATA)]
    assert liver
    for it in liver:
        wrong = {word_key(o.text) for o in it.options if not o.correct}
        assert not wrong & {word_key(t) for t in ("pleurodesis", "intrathecal chemotherapy", "whole-brain radiation")}
    pleural = [i for i in items5 if i.fact_ids == ("pleural-effusion-management",)]
    assert pleural and not any("Strontium 89" in (o.text for o in i.options) for i in pleural)


def test_each_finding_of_a_note_says_what_it_means(items5):
    """#38: five keys of the MSCC highlight shared one line, and the back pain
    was called a sign of compression, which NICE calls a sign of spinal
    metastases."""
    highlight = next(i for i in items5 if i.kind is ItemKind.HIGHLIGHT and i.fact_ids[0] == "mscc-situation")
    keys = [o.rationale for o in highlight.options if o.correct]
    assert len(set(keys)) == len(keys) >= 3
    back = next(o.rationale for o in highlight.options if o.correct and o.text.startswith("Back pain"))
    assert "spinal metastases" in back and "24 hours" in back


def test_the_liver_grid_holds_no_row_resting_on_an_uncharted_treatment(items5):
    """#17: "tell her the side effects of her chemotherapy will stay the same"
    named a treatment her note never charts; the report row borrowed the
    stent's reason; the stent row waited for no offer."""
    grid = next(i for i in items5 if i.kind is ItemKind.MATRIX_MC and i.fact_ids[0] == "liver-jaundice-situation")
    rows = [r["text"] if isinstance(r, dict) else r for r in grid.extra["rows"]]
    assert not any("chemotherapy" in r.lower() or "stent" in r.lower() for r in rows)
    whys = grid.extra["row_rationales"]
    assert len(set(whys)) == len(whys)


def test_a_rival_conditions_reason_points_away_from_it(flagship):
    """#33: "high calcium can also cause confusion, drowsiness and seizures"
    argued for the rival; "other causes, such as chemotherapy" for a
    chemotherapy option read in a circle."""
    sit = flagship.fact("brain-seizure-situation")
    whys = {la.points_to: la.why for la in sit.look_alikes}
    assert whys["hypercalcemia"].startswith("without thirst, constipation or a high calcium level")
    assert "other causes, such as chemotherapy" not in whys["a side effect of chemotherapy"]
