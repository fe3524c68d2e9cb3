"""Review 28's findings, each fixed as a class (docs/reviews/review-28.md)."""

from __future__ import annotations

import pytest

from factdrill.generators import generate
from factdrill.generators.items import ItemKind
from factdrill.generators.wording import word_key
from factdrill.study.grading import grade

SEEDS = [5, 9]


def test_a_false_form_makes_one_claim_that_does_not_contradict_itself(flagship):
    """#4: "Brain metastases that cause no symptoms ... come to light
    through headaches first" was rejected on logic alone."""
    for variant in flagship.fact("brain-may-be-silent").false_variants:
        assert not ("no symptoms" in variant and "headache" in variant), variant


def test_a_blank_is_not_where_another_true_answer_fits(items5):
    """#6: "cancer cells float in [which form of spread?]": the spinal fluid
    is what they float in."""
    cloze = next(i for i in items5 if i.kind is ItemKind.CLOZE and i.fact_ids == ("subarachnoid-space",))
    before = cloze.prompt.split("_____")[0] if "_____" in cloze.prompt else cloze.prompt.split("[")[0]
    assert not before.rstrip().endswith("float in")
    assert cloze.answers[0] == "leptomeningeal metastases"  # the article's name first
    assert grade(cloze, "leptomeningeal spread").correct
    assert not grade(cloze, "cerebrospinal fluid").correct


@pytest.mark.parametrize("seed", SEEDS)
def test_a_rival_is_explained_by_the_pattern_pointing_here_not_by_its_own_clients_reason(flagship, seed):
    """#19: "Brain metastases is less likely: high calcium can also cause
    confusion, drowsiness and seizures" (the seizure client's reason)."""
    brain_why = next(la.why for la in flagship.fact("brain-seizure-situation").look_alikes
                     if la.points_to == "hypercalcemia")
    seen = 0
    for it in generate(flagship, seed=seed):
        if it.fact_ids[0] != "hypercalcemia-situation":
            continue
        for step in (it.steps if it.kind is ItemKind.CASE else (it,)):
            for part in [*step.extra.get("blanks", ()), *step.extra.get("groups", ())]:
                for text, why in zip(part["options"], part["rationales"]):
                    if word_key(text) == word_key("brain metastases"):
                        seen += 1
                        assert brain_why not in why and "metastases is " not in why, why
                        assert "points to hypercalcemia" in why
    assert seen


@pytest.mark.parametrize("seed", SEEDS)
def test_evidence_blanks_offer_no_finding_absent_from_the_note_beside_an_explained_one(flagship, seed):
    """#19 (and review 27 #28): "tiredness and a poor appetite with a normal
    corrected calcium level" was offered as evidence though no calcium was
    charted; it fell to reading alone."""
    triads = [s for it in generate(flagship, seed=seed)
              for s in (it.steps if it.kind is ItemKind.CASE else (it,))
              if s.kind is ItemKind.RATIONALE and len(s.extra.get("blanks", ())) == 3]
    assert triads
    for t in triads:
        lines = {word_key(line) for line in t.extra["note"]["lines"]}
        sit = flagship.fact(t.fact_ids[0])
        if not any(e.abnormal and word_key(e.text) in lines for e in sit.expected_first):
            continue
        for b in t.extra["blanks"][1:]:
            for o in b["options"]:
                assert any(word_key(o) in line for line in lines), (t.id, o)


def test_a_rival_finding_claims_no_more_than_its_source(flagship):
    """#24: "sudden leg weakness with no back pain" hardened Harrison's
    "more likely ... without antecedent symptoms" into a rule."""
    texts = [la.text for la in flagship.fact("mscc-situation").look_alikes]
    assert not any("no back pain" in t for t in texts)


def test_a_lobular_card_asks_for_what_is_lobular_cancers_own(items5):
    """#40: "Name two places lobular breast cancer can spread to" took
    "bone, liver", sites of any breast cancer."""
    card = next(i for i in items5 if i.kind is ItemKind.FLASHCARD and i.fact_ids == ("lobular-spread-sites",))
    assert not grade(card, "bone, liver").correct
    assert grade(card, "peritoneum and stomach").correct


def test_a_condition_among_conditions_is_named_like_them(items5):
    """#18: "Fluid returning around the lungs" among three "... metastases"
    fell out as the one lay phrase."""
    for it in items5:
        if it.kind is ItemKind.MCQ and it.fact_ids == ("site-specific-treatments",):
            texts = [o.text for o in it.options]
            assert "Recurrent malignant effusion" in texts and not any("around the lungs" in t for t in texts)
