"""Review 17's findings, each fixed as a class (docs/reviews/review-17.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factdrill.deck.loader import load_deck
from factdrill.generators import generate
from factdrill.generators.items import ItemKind
from factdrill.study.grading import grade

FLAGSHIP = Path(__file__).resolve().parent.parent / "decks" / "breast-cancer-metastasis"


@pytest.fixture(scope="module")
def items():
    return generate(load_deck(FLAGSHIP), seed=5)


def test_a_teaching_item_on_her_drug_does_not_name_a_condition_it_never_asks_about(items):
    """#26: "now diagnosed with hypocalcemia" over four statements on dental care,
    one the mirror of the key ("I'll tell my dentist I'm having Xgeva ...")."""
    dental = [i for i in items if i.kind is ItemKind.TEACHING
              and any("tooth" in o.text for o in i.options if o.correct)]
    assert dental
    for item in dental:
        assert "hypocalcemia" not in item.prompt and "Xgeva" in item.prompt
        assert not any("tell my dentist" in o.text for o in item.options)
    # a gap on the condition keeps it in the stem
    calcium = [i for i in items if i.kind is ItemKind.TEACHING
               and any("calcium and vitamin D" in o.text for o in i.options if o.correct)]
    assert calcium and all("now diagnosed with hypocalcemia" in i.prompt for i in calcium)


def test_a_first_action_list_offers_an_action_to_avoid_only_when_too_few_can_wait(items):
    """#2: "tell her the fluid will not come back once it is drained" was offered
    as a first action beside three indicated ones nobody would rule out at a glance."""
    firsts = [i for i in items if i.kind is ItemKind.RATIONALE and "first [1]" in i.extra.get("text", "")]
    pleural = [i for i in firsts if "pleural-effusion-situation" in i.fact_ids]
    assert pleural
    for item in pleural:
        options = item.extra["blanks"][0]["options"]
        assert len(options) == 4 and not any("will not come back" in o for o in options)
        assert not any(r.startswith("Avoid") for r in item.extra["blanks"][0]["rationales"])


def test_first_action_rationales_are_sentences(items):
    """#2's "First: It helps ..." (a capital after the colon, no stop)."""
    for item in items:
        if item.kind is ItemKind.PRIORITY:
            key = next(o.rationale for o in item.options if o.correct)
            assert key.startswith("First: ") and key[7].islower() and key.endswith(".")


@pytest.mark.parametrize("answer", ["skin, ovary", "adrenals, ovary", "contralateral breast, ovaries",
                                    "marrow and pancreas", "the other breast, soft tissue"])
def test_less_common_sites_accept_the_short_forms_students_type(items, answer):
    """#40: "skin", "adrenals", "marrow", "other/contralateral breast" never matched."""
    card = next(i for i in items if i.kind is ItemKind.FLASHCARD and "less-common-sites" in i.fact_ids)
    assert grade(card, answer).correct
    assert not grade(card, "bones, lungs").correct
