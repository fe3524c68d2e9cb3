"""Clinical-judgment item classes found by item review 6 (seed 27021): a
rival condition explained with another client's findings, action lists
padded with unsafe straw men, borrowed parameters and rivals that name a
drug the client is not given, actions that wait for an order worded
unevenly; and the audit rules that catch them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import judgment_fixtures as jf
from factdrill.audit import audit
from factdrill.deck.facts import Claim, Deck
from factdrill.generators import generate
from factdrill.generators.items import ItemKind
from factdrill.generators.wording import word_key

FLAGSHIP = Path(__file__).resolve().parent.parent / "decks" / "breast-cancer-metastasis"
SEEDS = [5, 27021, 471447]


def _deck(*sits) -> Deck:
    return replace(jf.DECK, facts=tuple(sits))


def _whys(item):
    for step in (item.steps if item.kind is ItemKind.CASE else (item,)):
        yield from ((o.text, o.rationale) for o in step.options)
        yield from zip(step.extra.get("rows", ()), step.extra.get("row_rationales", ()))
        for part in [*step.extra.get("blanks", ()), *step.extra.get("groups", ())]:
            yield from zip(part["options"], part["rationales"])


@pytest.fixture(scope="module")
def flagship():
    from factdrill.deck.loader import load_deck

    return load_deck(FLAGSHIP)


# -- 1. a rival condition is never explained by another client's findings --------


def test_a_rival_from_another_situation_never_quotes_that_clients_findings():
    zent = jf.DECK.fact("zent")
    theirs = [word_key(c.text) for c in zent.cues if c.text != "dizzy spells"]
    rivals = [(text, why) for it in jf.items() if it.fact_ids[0] == "glorb" for text, why in _whys(it)
              if word_key(text) == "zentosis"]
    assert rivals
    for _, why in rivals:
        assert not any(t in word_key(why) for t in theirs), why


def test_a_rival_is_explained_by_its_own_look_alike_pointing_back_when_it_has_one():
    back = Claim(text="plain zent freckles with glorb rash", why="a rash with freckles points to glorbosis",
                 points_to="glorbosis")
    zent = replace(jf.DECK.fact("zent"), look_alikes=(*jf.DECK.fact("zent").look_alikes, back))
    items = generate(_deck(jf.DECK.fact("glorb"), zent, *jf.SITUATIONS[2:]), seed=0)
    whys = {why for it in items if it.fact_ids[0] == "glorb" for text, why in _whys(it)
            if word_key(text) == "zentosis"}
    assert whys and all("a rash with freckles points to glorbosis" in w for w in whys)


@pytest.mark.parametrize("seed", SEEDS)
def test_flagship_rationales_never_quote_another_clients_findings(flagship, seed):
    items = generate(flagship, seed=seed)
    assert [f.line() for f in audit(flagship, items, ["foreign-cue"])] == []
    mscc = [why for it in items if it.fact_ids[0] == "mscc-situation" for _, why in _whys(it)]
    # the fracture client's thigh, and a shared ache the spinal note never shows
    assert not any("thigh" in w or "shares an ache" in w for w in mscc)


def test_audit_flags_a_rationale_quoting_another_situations_finding():
    item = next(i for i in jf.items() if i.kind is ItemKind.PRIORITY and i.fact_ids[0] == "glorb")
    assert [f for f in audit(jf.DECK, [item], ["foreign-cue"])] == []
    wrong = next(o for o in item.options if not o.correct)
    cue = jf.DECK.fact("zent").cues[2].text  # zent's itching at dusk
    bad = replace(item, options=tuple(replace(o, rationale=f"Would also show {cue}.") if o is wrong
                                      else o for o in item.options))
    found = list(audit(jf.DECK, [bad], ["foreign-cue"]))
    assert [f.severity for f in found] == ["error"] and "zent" in found[0].message
