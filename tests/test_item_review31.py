"""Review 31's findings, each fixed as a class (docs/reviews/review-31.md)."""

from __future__ import annotations

import pytest

from factdrill.generators.items import ItemKind
from factdrill.generators.wording import word_key
from factdrill.study.grading import grade


def _stage_blank(items):
    return next(i for i in items if i.kind is ItemKind.CLOZE and "which stage?" in i.prompt)


@pytest.mark.parametrize("said", ["metastatic", "metastatic disease", "advanced"])
def test_a_closed_figure_blank_leaves_words_naming_no_figure_to_the_student(items5, said):
    """#36: "metastatic" for "stage 4" was rated Again on a closed blank."""
    verdict = grade(_stage_blank(items5), said)
    assert verdict.judge and not verdict.correct


@pytest.mark.parametrize("said", ["stage 3", "3", "III", "stage two"])
def test_a_closed_figure_blank_still_refuses_another_figure(items5, said):
    verdict = grade(_stage_blank(items5), said)
    assert not verdict.correct and not verdict.judge


def test_a_finding_both_conditions_show_is_keyed_to_both(items5):
    """#34: "changes in mood or personality" was keyed to brain metastases
    alone; high calcium causes them too (RCEM: apathy, irritability,
    depression)."""
    grid = next(i for i in items5 if i.kind is ItemKind.MATRIX_MR and i.fact_ids[0] == "hypercalcemia-situation")
    rows = [r["text"] if isinstance(r, dict) else r for r in grid.extra["rows"]]
    for row, keys in zip(rows, grid.extra["row_keys"]):
        if "mood or personality" in row:
            assert len(keys) == 2


def test_teaching_keys_are_confident_misreadings_not_shrugs(flagship):
    """#9, #11, #16: the key was the one statement that waited or withheld
    ("I'll see how they are tomorrow", "not worth mentioning", "doesn't have
    to know")."""
    shrugs = ("see how they are", "not worth mentioning", "doesn't have to know", "put up with")
    from factdrill.deck.facts import FactKind

    for fact in flagship.facts_of(FactKind.SITUATION):
        for gap in fact.gaps:
            assert not any(s in gap.text for s in shrugs), gap.text


def test_a_narrower_range_inside_a_key_range_is_right(items5):
    """Review 32 #10: "2-4%" was rated Again for "1-5%", where "3%" is right."""
    item = next(i for i in items5 if i.kind is ItemKind.NUMERIC and i.fact_ids == ("inflammatory-share",))
    assert grade(item, "2-4%").correct and grade(item, "2-4%").note == "correct"
    for said in ("0-6%", "4-8%", "6%"):
        assert not grade(item, said).correct, said


def test_an_effusion_that_has_not_come_back_is_not_pleurodesis_condition(items5):
    """Review 32 #21: a bare "pleural effusion" suggested Good for what
    pleurodesis treats; the article keeps it for effusions that recur."""
    card = next(i for i in items5 if i.kind is ItemKind.FLASHCARD and i.fact_ids == ("site-specific-treatments",)
                and "pleurodesis" in i.prompt.lower())
    assert not grade(card, "pleural effusion").correct and grade(card, "recurring pleural effusion").correct


def test_the_grade_command_says_why_a_closed_blank_is_left_to_the_student(items5):
    from click.testing import CliRunner

    from factdrill.cli import cli

    out = CliRunner().invoke(cli, ["grade", _stage_blank(items5).id, "metastatic", "--seed", "5"]).output
    assert "judged by the student (a figure's blank, answered without one)" in " ".join(out.split())
    assert "open-answer blank" not in out
