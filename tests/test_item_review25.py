"""Review 25's findings, each fixed as a class (docs/reviews/review-25.md)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from factdrill.audit import audit
from factdrill.generators import generate
from factdrill.generators.items import ItemKind
from factdrill.generators.wording import word_key

# situations whose first note charts a finding her own care explains
WITH_ABNORMAL = ["mscc-situation", "fracture-situation", "hypercalcemia-situation", "liver-jaundice-situation",
                 "hypocalcemia-bma-situation", "pleural-effusion-situation"]


def _abnormal(flagship, fact: str) -> set[str]:
    return {word_key(e.text) for e in flagship.fact(fact).expected_first if e.abnormal}


@pytest.mark.parametrize("fact", WITH_ABNORMAL)
def test_the_deck_marks_and_cites_a_finding_her_care_explains(flagship, fact):
    (e,) = [e for e in flagship.fact(fact).expected_first if e.abnormal]
    assert e.why and e.sources and not e.later
    assert "since" in e.text  # it dates from the care that explains it


@pytest.mark.parametrize("seed", [5, 9])
@pytest.mark.parametrize("fact", WITH_ABNORMAL)
def test_a_first_note_offers_a_finding_that_looks_like_trouble_but_is_explained(flagship, fact, seed):
    """#1: the first note's wrong findings were all plainly normal lines, so
    "select every abnormal line" scored full marks."""
    items = [it for it in generate(flagship, seed=seed) if it.fact_ids and it.fact_ids[0] == fact]
    steps = [s for it in items for s in (it.steps if it.kind is ItemKind.CASE else (it,))
             if s.kind is ItemKind.HIGHLIGHT and s.extra.get("ncjmm") != "evaluate outcomes"]
    assert steps
    for step in steps:
        (odd,) = [o for o in step.options if word_key(o.text) in _abnormal(flagship, fact)]
        assert not odd.correct
        (e,) = [e for e in flagship.fact(fact).expected_first if e.abnormal]
        assert odd.rationale == f"No follow-up needed: {e.why}"


@pytest.mark.parametrize("seed", [5, 9])
def test_evidence_blanks_offer_it_beside_the_normal_lines(flagship, seed):
    """#1 step 2: each "as shown by" blank had two filler normal lines."""
    triads = [s for it in generate(flagship, seed=seed) if it.fact_ids and it.fact_ids[0] == "mscc-situation"
              for s in (it.steps if it.kind is ItemKind.CASE else (it,))
              if s.kind is ItemKind.RATIONALE and len(s.extra.get("blanks", ())) == 3]
    assert triads
    for t in triads:
        for b in t.extra["blanks"][1:]:
            assert _abnormal(flagship, "mscc-situation") & {word_key(o) for o in b["options"]}, b["options"]


def test_the_outcomes_note_does_not_call_it_normal(flagship, items5):
    case = next(it for it in items5 if it.kind is ItemKind.CASE and it.fact_ids[0] == "mscc-situation")
    step = next(s for s in case.steps if s.extra.get("ncjmm") == "evaluate outcomes")
    (odd,) = [o for o in step.options if word_key(o.text) in _abnormal(flagship, "mscc-situation")]
    assert "explained by a treatment she has had" in odd.rationale.lower() and "Normal" not in odd.rationale


def test_the_audit_flags_a_first_note_of_normal_lines_where_the_deck_has_an_explained_one(flagship, items5):
    highlight = next(it for it in items5 if it.kind is ItemKind.HIGHLIGHT and it.fact_ids[0] == "mscc-situation")
    assert list(audit(flagship, [highlight], ["rivals-only-normal"])) == []
    keep = _abnormal(flagship, "mscc-situation")
    bad = replace(highlight, options=tuple(o for o in highlight.options if word_key(o.text) not in keep))
    (f,) = audit(flagship, [bad], ["rivals-only-normal"])
    assert f.severity == "error" and "explained by the care" in f.message


def test_a_study_figure_is_offered_among_its_siblings_figures(items5):
    """#13: the 2013 study's bone share (41%) was offered among 33%, 65% and
    79%; the study's lung (22%) or liver and brain (7.3%) figures test the
    point. Two siblings at most, each said to be what it is."""
    item = next(i for i in items5 if i.kind is ItemKind.NUMERIC_MCQ and i.fact_ids == ("first-site-bone",))
    real = [o for o in item.options if not o.correct and o.fact_id != "first-site-bone"]
    assert len(real) == 2
    assert all(o.fact_id.startswith(("first-site-", "several-organs")) for o in real)


def test_numeric_reuse_counts_made_up_values_not_real_figures(flagship, items5):
    from factdrill.audit.deck_rules import MAX_NUMERIC_REUSE

    numeric = [i for i in items5 if i.kind is ItemKind.NUMERIC_MCQ]
    assert not list(audit(flagship, items5, ["numeric-reuse"]))
    # the same made-up value in more items than allowed is a pool
    made_up = [replace(i, options=tuple(replace(o, text="50%") if not o.correct and o.fact_id == i.fact_ids[0]
                                        else o for o in i.options)) for i in numeric]
    (f,) = audit(flagship, made_up, ["numeric-reuse"])
    assert "50%" in f.message and len(numeric) > MAX_NUMERIC_REUSE


@pytest.mark.parametrize("seed", [5, 9])
def test_a_first_action_list_offers_no_option_that_rules_itself_out(flagship, seed):
    """#24: two rivals ended "if it is offered" and one reassured about a
    normal X-ray the note never shows; the key's reason read as surgery's."""
    sit = flagship.fact("fracture-situation")
    items = [i for i in generate(flagship, seed=seed) if i.fact_ids and i.fact_ids[0] == sit.id]
    firsts = [i for i in items if i.kind is ItemKind.PRIORITY]
    firsts += [i for i in items if i.kind is ItemKind.RATIONALE and len(i.extra["blanks"]) == 2]
    assert len(firsts) >= 2
    for it in firsts:
        actions = [o.text for o in it.options] or it.extra["blanks"][0]["options"]
        rationales = [o.rationale for o in it.options] or it.extra["blanks"][0]["rationales"]
        assert not any("if it is offered" in a or "normal X-ray" in a for a in actions), actions
        assert sum("only if the team offers it" in r for r in rationales) == 2
    # the key's reason is a reason to report, sharing no word with the key
    from factdrill.generators.wording import content_stems

    assert "red flags" in sit.priority.why
    assert not content_stems(sit.priority.why) & content_stems(sit.priority.text)
