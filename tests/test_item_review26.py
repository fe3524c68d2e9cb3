"""Review 26's findings, each fixed as a class (docs/reviews/review-26.md)."""

from __future__ import annotations

import re

import pytest

from factdrill.generators import generate
from factdrill.generators.items import ItemKind
from factdrill.generators.wording import word_key

SEEDS = [5, 9]


def _steps(items):
    for it in items:
        yield from (it.steps if it.kind is ItemKind.CASE else (it,))


def _rationales(step):
    for o in step.options:
        yield o.rationale
    for group in step.extra.get("groups", ()):
        yield from group["rationales"]
    for blank in step.extra.get("blanks", ()):
        yield from blank.get("rationales", ())


@pytest.mark.parametrize("seed", SEEDS)
def test_a_borrowed_parameter_says_nothing_false_of_this_client(flagship, seed):
    """#35: "bone metastases like hers" in the pleural case, whose client
    has none; #10: "watched for the compression getting worse" beside a
    client with no compression."""
    borrowed = [r for s in _steps(generate(flagship, seed=seed)) for r in _rationales(s)
                if "nothing in this client's note points to" in r]
    assert borrowed
    for r in borrowed:
        assert not re.search(r"\b(?:she|her|hers)\b", r.split(":", 1)[1]), r
        assert "points to the " not in r, r
        if "watched for the " in r:
            assert re.search(r": in [a-z ]+, watched for the ", r), r


def test_the_low_calcium_client_has_no_bowtie_keying_a_parameter_for_another_problem(flagship, items5):
    """#10: "jaw pain, swelling or sores in the gums" was keyed as a parameter
    for hypocalcemia; it watches for jaw osteonecrosis. Without it her only
    parameters are the calcium her keyed blood test measures and her kidney
    function, so she has no bowtie (one list would give the other away) and
    her case takes the first-action item as its step 5."""
    sit = flagship.fact("hypocalcemia-bma-situation")
    assert not any("jaw" in m.text for m in sit.monitor)
    assert not [i for i in items5 if i.kind is ItemKind.BOWTIE and i.fact_ids[0] == sit.id]
    # nor a case: its step 5 would ask step 3's first action again (review 27 #32)
    assert not [i for i in items5 if i.kind is ItemKind.CASE and i.fact_ids[0] == sit.id]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_pleural_items_name_no_treatment_they_never_introduced(flagship, seed):
    """#35 steps 4-5: "tell her the talc treatment will get rid of the
    cancer" before any pleurodesis was mentioned (a grid and a bowtie)."""
    items = [i for i in generate(flagship, seed=seed) if i.fact_ids[0] == "pleural-effusion-situation"
             and i.kind in (ItemKind.BOWTIE, ItemKind.MATRIX_MC, ItemKind.PRIORITY)]
    assert len(items) >= 2
    for step in items:
        shown = " ".join([step.prompt, *(o.text for o in step.options),
                          *(o for g in step.extra.get("groups", ()) for o in g["options"]),
                          *(o for b in step.extra.get("blanks", ()) for o in b["options"]),
                          *(r.get("text", "") for r in step.extra.get("rows", ()) if isinstance(r, dict))])
        assert "talc" not in shown.lower(), step.id


@pytest.mark.parametrize("seed", SEEDS)
def test_evidence_keys_are_findings_no_offered_rival_shows(flagship, seed):
    """#35 step 2: "breathless even when resting" was keyed as proof of the
    effusion beside a rival clot that causes breathlessness too."""
    for step in _steps(generate(flagship, seed=seed)):
        if step.kind is not ItemKind.RATIONALE or len(step.extra.get("blanks", ())) != 3 \
                or step.fact_ids[0] != "pleural-effusion-situation":
            continue
        keys = {word_key(b["options"][b["key"]]) for b in step.extra["blanks"][1:]}
        assert keys == {word_key("a dull sound when her chest is tapped over one area"),
                        word_key("quieter breath sounds where the chest sounds dull")}


def test_a_teaching_option_presupposes_nothing_the_stem_does_not_say(items5):
    """#2: "If I have another seizure ..." under a stem that never says she
    had one."""
    for it in items5:
        if it.kind is ItemKind.TEACHING and it.fact_ids[0] == "brain-seizure-situation":
            assert not any("another seizure" in o.text.lower() for o in it.options), it.id


def test_a_false_form_naming_an_organ_is_corrected_about_that_organ(items5):
    """#18: the liver form of "metastases keep their name" was corrected
    with a sentence about bone only."""
    tf = [i for i in items5 if i.kind is ItemKind.TRUE_FALSE and i.fact_ids == ("still-breast-cancer",)]
    assert tf
    for it in tf:
        for o in it.options:
            if "liver" in it.prompt.lower():
                assert "liver" in o.rationale.lower(), o.rationale


def test_a_pleural_procedure_is_asked_among_pleural_procedures(items5):
    """#9: two of pleurodesis's three rivals were a drug and an injection
    into the spinal fluid, out at a glance."""
    mcq = next(i for i in items5 if i.kind is ItemKind.MCQ and i.fact_ids == ("pleurodesis",)
               and i.prompt.startswith("Which term means"))
    rivals = {word_key(o.text) for o in mcq.options if not o.correct}
    assert {word_key("thoracentesis"), word_key("pleuroperitoneal shunt")} <= rivals


@pytest.mark.parametrize("fact,said", [
    ("liver-may-be-silent", "liver panel"), ("liver-may-be-silent", "hepatic function panel"),
    ("liver-may-be-silent", "LFTs"), ("most-aggressive-types", "IBC"),
])
def test_the_glossary_takes_other_names_of_a_key(items5, fact, said):
    """P5 (and reviews 24, 25): "liver panel" and "IBC" went to self-rating;
    each group cites a page that gives the names as one."""
    from factdrill.study.grading import grade

    clozes = [i for i in items5 if i.kind is ItemKind.CLOZE and i.fact_ids == (fact,)
              and any(a.lower() in ("liver function tests", "inflammatory breast cancer") for a in i.answers)]
    assert clozes
    assert all(grade(c, said).correct for c in clozes)
    assert not any(grade(c, "kidney function tests").correct for c in clozes)
