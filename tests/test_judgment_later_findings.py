"""Findings that look like trouble but need no follow-up for this client at
this time (review 16 #38 and P1): ``expected`` findings marked ``later``,
expected only after her treatment.

An outcomes highlight whose only wrong findings were plainly normal lines
("breathing comfortably at rest") tested normal against abnormal, not
judgment. The deck now marks findings expected after the care (a calcium
still high the day after the bisphosphonate, which takes 2 to 4 days); the
note written after the care offers them first, each explained by why it
needs no follow-up, and the first assessment, written before any
treatment, never charts them.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from factdrill.audit import audit
from factdrill.deck.facts import Claim
from factdrill.generators import generate
from factdrill.generators.items import Item, ItemKind, Option
from factdrill.generators.wording import word_key

SEEDS = [5, 9]
# situations whose sources name a finding expected after her treatment
WITH_LATER = ["mscc-situation", "hypercalcemia-situation", "pleural-effusion-situation"]
# those of them with a case (a ``sequence`` for its step 5)
WITH_CASE = ["mscc-situation", "hypercalcemia-situation"]


def _case(items, fact: str) -> Item:
    return next(it for it in items if it.kind is ItemKind.CASE and it.fact_ids[0] == fact)


def _outcomes_step(case: Item) -> Item:
    (step,) = [s for s in case.steps if s.kind is ItemKind.HIGHLIGHT and s.extra["ncjmm"] == "evaluate outcomes"]
    return step


def _wrong(step: Item) -> list[str]:
    return [word_key(o.text) for o in step.options if not o.correct]


# -- the deck ------------------------------------------------------------------


@pytest.mark.parametrize("fact", WITH_LATER)
def test_situations_with_sourced_later_findings_mark_and_cite_them(flagship, fact):
    sit = flagship.fact(fact)
    assert sit.expected_later, fact
    for e in sit.expected_later:
        assert e.why and e.sources, e.text
        assert e not in sit.expected_first


# -- the items -----------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fact", WITH_CASE)
def test_the_outcomes_note_offers_findings_expected_after_her_care_first(flagship, fact, seed):
    """Before: its wrong findings were two plainly normal lines."""
    step = _outcomes_step(_case(list(generate(flagship, seed=seed)), fact))
    sit = flagship.fact(fact)
    later = {word_key(e.text) for e in sit.expected_later}
    normal = {word_key(e.text) for e in sit.expected_first}
    wrong = _wrong(step)
    assert later <= set(wrong) or len(later & set(wrong)) == 2, wrong
    assert sum(w in normal for w in wrong) == 1, wrong  # one plainly normal line, after them
    for o in step.options:
        if word_key(o.text) in later:
            assert "needs no follow-up" in o.rationale and "does not show the care has worked" in o.rationale
            why = next(e.why for e in sit.expected_later if word_key(e.text) == word_key(o.text))
            assert why in o.rationale


@pytest.mark.parametrize("seed", SEEDS)
def test_the_first_assessment_never_charts_a_finding_expected_after_care(flagship, seed):
    items = list(generate(flagship, seed=seed))
    for it in items:
        if not it.fact_ids or it.fact_ids[0] not in WITH_LATER:
            continue
        sit = flagship.fact(it.fact_ids[0])
        later = [word_key(e.text) for e in sit.expected_later]
        for step in (it.steps if it.kind is ItemKind.CASE else (it,)):
            if step.extra.get("ncjmm") == "evaluate outcomes":
                continue
            shown = [*map(str, (step.extra.get("note") or {}).get("lines", ())), *(o.text for o in step.options)]
            assert not any(k in word_key(line) for k in later for line in shown), (step.id, shown)


def test_a_situation_without_later_findings_keeps_its_first_two_expected_lines(flagship):
    """Unchanged where no source names such a finding (the fracture): the
    first note's expected lines, the one her own care explains first."""
    from factdrill.generators.case import later_rivals

    sit = flagship.fact("fracture-situation")
    assert not sit.expected_later
    assert later_rivals(sit) == list(sit.expected_first[:2]) and sit.expected_first[0].abnormal


@pytest.mark.parametrize("seed", SEEDS)
def test_the_flagship_breaks_neither_rule(flagship, seed):
    found = audit(flagship, list(generate(flagship, seed=seed)), ["rivals-only-normal", "later-finding-early"])
    assert found == [], [f.message for f in found]


# -- the audit rules, each on an item made to break it ----------------------------


def _found(flagship, item, rule):
    return list(audit(flagship, [item], [rule]))


def test_rivals_only_normal_flags_an_outcomes_note_of_normal_lines_only(flagship, items5):
    """The rule checked only evidence blanks before; an outcomes highlight of
    normal lines passed though the deck had findings expected after care."""
    case = _case(items5, "hypercalcemia-situation")
    assert _found(flagship, case, "rivals-only-normal") == []
    sit = flagship.fact("hypercalcemia-situation")
    step = _outcomes_step(case)
    normal = [Option(text=e.text.capitalize(), correct=False, rationale="normal", fact_id=sit.id)
              for e in sit.expected_first if not e.abnormal][:2]
    bad_step = replace(step, options=(*(o for o in step.options if o.correct), *normal))
    bad = replace(case, extra={**case.extra, "steps": tuple(bad_step if s is step else s for s in case.steps)})
    (f,) = _found(flagship, bad, "rivals-only-normal")
    assert f.severity == "error" and "expected after her treatment" in f.message


def test_rivals_only_normal_leaves_a_first_assessment_of_normal_lines_where_the_deck_has_no_other(flagship, items5):
    """A first note written before any treatment, for a situation whose deck
    has no finding her care explains: its normal lines are its only rivals."""
    sit = flagship.fact("pleural-effusion-situation")
    plain = replace(sit, expected=tuple(replace(e, abnormal=False) for e in sit.expected))
    deck = replace(flagship, facts=tuple(plain if f is sit else f for f in flagship.facts))
    highlight = next(it for it in items5 if it.kind is ItemKind.HIGHLIGHT and it.fact_ids[0] == sit.id)
    normal = {word_key(e.text) for e in sit.expected_first if not e.abnormal}
    only_normal = replace(highlight, options=tuple(o for o in highlight.options
                                                   if o.correct or word_key(o.text) in normal))
    assert _found(deck, only_normal, "rivals-only-normal") == []
    assert _found(flagship, only_normal, "rivals-only-normal")  # the deck as it is has one


def test_later_finding_early_flags_one_charted_in_the_first_assessment(flagship, items5):
    sit = flagship.fact("hypercalcemia-situation")
    highlight = next(it for it in items5 if it.kind is ItemKind.HIGHLIGHT and it.fact_ids[0] == sit.id)
    assert _found(flagship, highlight, "later-finding-early") == []
    early = Option(text=sit.expected_later[0].text.capitalize(), correct=False, rationale="r", fact_id=sit.id)
    bad = replace(highlight, options=(*highlight.options, early))
    (f,) = _found(flagship, bad, "later-finding-early")
    assert f.severity == "error" and "before" in f.message


def test_expected_first_and_later_split_the_expected_findings():
    from factdrill.deck.facts import Situation

    now, after = Claim(text="a", why="w"), Claim(text="b", why="w", later=True)
    sit = Situation(id="s", topic="t", condition="c", priority=Claim(text="p", why="w"),
                    cues=(Claim(text="x"),), expected=(now, after), sources=("s",))
    assert sit.expected_first == (now,) and sit.expected_later == (after,)
