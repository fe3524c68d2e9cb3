"""Review 23's findings, each fixed as a class (docs/reviews/review-23.md)."""

from __future__ import annotations

import pytest

from factdrill.generators.first_actions import unhedged
from factdrill.generators.items import ItemKind
from factdrill.study.grading import grade


def _dyads(items):
    return [i for i in items if i.kind is ItemKind.RATIONALE and "because [2]" in i.extra.get("text", "")]


def test_a_first_action_reason_belongs_to_an_action_on_screen(items5, flagship):
    """#10, #13: "It lowers blood calcium ..." (the bisphosphonate's reason)
    and "Bone pain can almost always be controlled" (the pain relief's) were
    offered beside actions that did not include theirs."""
    checked = 0
    for item in _dyads(items5):
        sit = flagship.fact(item.fact_ids[0])
        actions, reasons = item.extra["blanks"][:2]
        shown = {a.casefold() for a in actions["options"]}
        # as shown: an action waiting for the team's offer without its hedge
        owners = {a.why.casefold(): unhedged(a.text)[0].casefold() for a in sit.actions if a.why}
        listed = [r for i, r in enumerate(reasons["options"]) if i != reasons["key"]
                  and owners.get(r.casefold()) in shown]
        for i, reason in enumerate(reasons["options"]):
            if i == reasons["key"] or reason.casefold() not in owners:
                continue
            checked += 1
            if len(listed) >= 2:
                assert owners[reason.casefold()] in shown, (item.id, reason)
            assert not reason.casefold().startswith(("it ", "they ", "this ")) or owners[reason.casefold()] in shown
    assert checked


def test_a_list_of_stages_is_a_closed_blank(items5):
    """#21: "II, III or IV" was an open blank, so "IV", the misconception the
    sentence warns against, was left to the student instead of graded wrong."""
    cloze = next(i for i in items5 if i.kind is ItemKind.CLOZE and i.answers and i.answers[0] == "II, III or IV")
    assert not cloze.open_answer
    for right in ("II, III or IV", "2-4", "II-IV", "two to four", "2,3,4"):
        assert grade(cloze, right).correct, right
    for wrong in ("IV", "3 or 4", "II, III", "1, 2, 3 or 4"):
        assert not grade(cloze, wrong).correct, wrong


def test_what_strontium_carries_is_not_a_treatment_name(items5):
    """#27: "radiation" (the particle) was expanded to the glossary's names of
    the treatment, so "XRT" and "radiotherapy" were accepted for what
    strontium 89 carries."""
    cloze = next(i for i in items5 if i.kind is ItemKind.CLOZE and i.answers
                 and i.answers[0] == "a particle of radiation")
    assert "XRT" not in cloze.answers and "radiotherapy" not in cloze.answers
    assert not grade(cloze, "XRT").correct


def test_the_glossary_still_expands_the_treatments_longer_names():
    from factdrill.deck.facts import SynonymGroup
    from factdrill.generators.synonyms import Glossary

    g = Glossary([SynonymGroup(terms=("radiation therapy", "radiotherapy", "radiation", "XRT"), sources=())])
    assert "radiotherapy" in g.variants("radiation therapy")
    assert "radiation" in g.variants("radiation therapy")
    assert g.variants("radiation") == ["radiation"]


@pytest.mark.parametrize("said", ["fracture, routine scan", "after a fracture and a routine scan"])
def test_situations_of_discovery_are_asked_as_situations_and_named_in_short(items5, said):
    """#33: "Name two ways bone metastases are found" asked for tests; short
    names of the members got no suggestion."""
    card = next(i for i in items5 if i.kind is ItemKind.FLASHCARD and i.fact_ids == ("bone-detection",))
    assert "situations" in card.prompt
    assert grade(card, said).correct


def test_every_situations_correct_teaching_has_a_statement_of_what_she_wont_do(flagship):
    """#23, #38 (and reviews 21 #18, 22 #15): the key was the only negative
    statement, found by its tone."""
    checked = 0
    for sit in flagship.facts:
        if sit.kind.value != "situation" or not sit.gaps:
            continue
        says = [t.says or "" for t in sit.teaching]
        checked += 1
        assert any("n't" in s or " not " in f" {s} " for s in says), sit.id
    assert checked
