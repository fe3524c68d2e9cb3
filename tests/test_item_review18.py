"""Review 18's findings, each fixed as a class (docs/reviews/review-18.md)."""

from __future__ import annotations

import pytest

from factdrill.generators.items import ItemKind
from factdrill.generators.wording import content_stems
from factdrill.study.grading import grade
from factdrill.study.typed import match_typed, turns_meaning


def _typed(items5, key: str):
    return next(i for i in items5 if i.kind in (ItemKind.CLOZE, ItemKind.FLASHCARD) and i.answers
                and i.answers[0] == key)


def test_a_prefix_that_makes_another_word_is_no_typo(items5):
    """#17: "spinal cord decompression" (the treatment) was accepted as a typo
    of "spinal cord compression" (the condition)."""
    cloze = _typed(items5, "spinal cord compression")
    assert not grade(cloze, "spinal cord decompression").correct
    assert not grade(cloze, "cord decompression").correct
    slip = grade(cloze, "spinal cord compresion")
    assert slip.correct and slip.typo  # a real slip still passes
    assert match_typed("hypocalcemia", ["hypercalcemia"]) is None
    assert match_typed("hypercalcaemia", ["hypocalcemia"]) is None
    assert match_typed("hypercalcemai", ["hypercalcemia"]).typo


@pytest.mark.parametrize("said,key,turned", [
    ("decompression", "compression", True), ("hypocalcemia", "hypercalcemia", True),
    ("noninvasive", "invasive", True), ("postoperative", "preoperative", True),
    ("compresion", "compression", False), ("leptomeningial", "leptomeningeal", False),
    ("inflamatory", "inflammatory", False), ("metastases", "metastasis", False),
])
def test_turns_meaning(said, key, turned):
    assert turns_meaning(said, key) is turned


def test_a_hint_naming_the_answers_noun_accepts_the_answer_without_it(items5):
    """#19: "what kind of effects?" over "anti-cancer effects": "anti-cancer"
    answers the hint's own question."""
    cloze = next(i for i in items5 if i.kind is ItemKind.CLOZE and i.extra.get("hint") == "what kind of effects?")
    for answer in ("anti-cancer", "anticancer", "antitumor", "anti-cancer effects"):
        assert grade(cloze, answer).correct, answer
    assert not grade(cloze, "anti-inflammatory").correct


def test_no_bowtie_parameter_repeats_a_keyed_action(items5):
    """#18: the keyed action "draw blood to check her calcium" gave away the
    keyed parameter "blood calcium level"."""
    bowties = [i for i in items5 if i.kind is ItemKind.BOWTIE]
    assert bowties
    for bowtie in bowties:
        actions, params = bowtie.extra["groups"][1], bowtie.extra["groups"][2]
        keyed = [actions["options"][k] for k in actions["keys"]]
        for k in params["keys"]:
            for a in keyed:
                assert len(content_stems(params["options"][k]) & content_stems(a)) < 2, (bowtie.id, a)


def test_the_first_site_ranking_asks_for_organs_in_plain_words(items5):
    """#14: "List the single organs that were the first site ..." read as
    organs that were the only site."""
    card = next(i for i in items5 if i.kind is ItemKind.FLASHCARD and "first-site-order" in i.fact_ids)
    assert "single" not in card.prompt and card.prompt.startswith("List the organs most often the first site")
