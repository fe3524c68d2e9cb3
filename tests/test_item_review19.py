"""Review 19's findings, each fixed as a class (docs/reviews/review-19.md)."""

from __future__ import annotations

import pytest

from factdrill.generators.items import ItemKind
from factdrill.study.grading import grade
from factdrill.study.typed import match_typed


def _cloze(items5, key: str):
    return next(i for i in items5 if i.kind is ItemKind.CLOZE and i.answers and i.answers[0] == key)


@pytest.mark.parametrize("answer", ["breast lung cancer", "metastatic lung cancer", "lung cancer metastasis",
                                    "spread lung cancer", "lung cancer spread"])
def test_words_that_move_a_named_cancer_elsewhere_are_no_match(items5, answer):
    """#14: "metastatic lung cancer" was graded Good for "primary lung cancer",
    the very thing the blank is contrasted with."""
    cloze = _cloze(items5, "primary lung cancer")
    assert not grade(cloze, answer).correct
    assert grade(cloze, "lung cancer").correct and grade(cloze, "new primary lung cancer").correct


def test_an_ending_that_names_another_procedure_is_no_typo():
    """#30: "pleurolysis" (freeing the lung) passed as a typo of "pleurodesis"."""
    assert match_typed("pleurolysis", ["pleurodesis"]) is None
    assert match_typed("thoracotomy", ["thoracostomy"]) is None
    assert match_typed("pleurodisis", ["pleurodesis"]).typo  # a slip still passes


@pytest.mark.parametrize("answer,right", [("stage four", True), ("four", True), ("Stage IV", True),
                                          ("stage 4", True), ("stage three", False), ("3", False)])
def test_a_closed_blank_reads_a_small_number_spelled_out(items5, answer, right):
    """#34: "stage four" and "four" were graded Again on a closed blank keyed
    "stage 4" (Roman numerals were already read)."""
    cloze = _cloze(items5, "stage 4")
    assert not cloze.open_answer and cloze.extra["hint"] == "which stage?"
    assert grade(cloze, answer).correct is right


def test_a_borrowed_parameter_names_what_it_detects(items5, flagship):
    """#1: "Blood calcium level: watched for impending pathologic fracture" (the
    situation it came from), though the deck says it detects hypercalcemia."""
    detects: dict[str, set[str]] = {}
    for f in flagship.facts:
        for c in (f.monitor if f.kind.value == "situation" else ()):
            if c.detects:
                detects.setdefault(c.text.casefold(), set()).add(c.detects)
    seen = 0
    for item in items5:
        if item.kind is not ItemKind.BOWTIE:
            continue
        params = item.extra["groups"][2]
        for i, (option, why) in enumerate(zip(params["options"], params["rationales"])):
            if i not in params["keys"] and option.casefold() in detects and "nothing in this client" in why:
                seen += 1
                assert any(f"watched for {d}" in why for d in detects[option.casefold()]), why
    assert seen
