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
    # its pattern, which points here; not its reason, written for its own
    # client (review 28 #19: "high calcium can also cause ... seizures")
    assert whys and all("plain zent freckles with glorb rash points to glorbosis" in w for w in whys)
    assert not any("a rash with freckles" in w for w in whys)


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


# -- 2. no list of straw men: actions that can wait, at most one to avoid ----------


def _avoids(whys) -> int:
    return sum(w.startswith("Avoid:") for w in whys)


def _first_action_lists(items):
    """(item, options, rationales) of every list that asks for the first action."""
    for it in items:
        for step in (it.steps if it.kind is ItemKind.CASE else (it,)):
            if step.kind is ItemKind.DROPDOWN or (step.kind is ItemKind.RATIONALE and len(step.extra["pairs"]) == 1):
                b = next(b for b in step.extra["blanks"] if any(w.startswith("First") for w in b["rationales"]))
                yield step, b["options"], b["rationales"]
            elif step.kind is ItemKind.BOWTIE and "take first" in step.extra["question"]:
                # a bowtie without a sequence asks for two right actions, not
                # the first: its rivals are her own actions to avoid (review 16)
                g = step.extra["groups"][1]
                yield step, g["options"], g["rationales"]


def test_first_action_lists_offer_the_clients_own_later_actions_and_at_most_one_to_avoid():
    s = jf.DECK.fact("glorb")
    later = {word_key(a.text) for a in s.actions}
    lists = [(it, o, w) for it, o, w in _first_action_lists(jf.items()) if it.fact_ids[0] == "glorb"]
    assert {it.kind for it, _, _ in lists} == {ItemKind.DROPDOWN, ItemKind.RATIONALE, ItemKind.BOWTIE}
    for it, options, whys in lists:
        assert _avoids(whys) <= 1, (it.kind, options)
        assert sum(word_key(o) in later and w.startswith("Indicated, but not the first action") for o, w in
                   zip(options, whys)) >= 1, (it.kind, options)


def test_a_bowtie_with_a_sequence_asks_for_the_first_two_actions_in_that_order():
    items = jf.items()
    glorb = next(i for i in items if i.kind is ItemKind.BOWTIE and i.fact_ids[0] == "glorb")
    assert "actions the nurse should take first" in glorb.extra["question"]
    g = glorb.extra["groups"][1]
    keys = {word_key(g["options"][k]) for k in g["keys"]}
    # the sequence: call the team, apply the cream, give the tablet
    assert keys == {word_key(jf.DECK.fact("glorb").priority.text), word_key(jf.DECK.fact("glorb").actions[0].text)}
    assert word_key(jf.DECK.fact("glorb").actions[2].text) in {word_key(o) for o in g["options"]}
    quaff = next(i for i in items if i.kind is ItemKind.BOWTIE and i.fact_ids[0] == "quaff")
    assert "take first" not in quaff.extra["question"]
    # no order to ask for: the wrong actions are her own actions to avoid,
    # each wrong for a reason about her, none borrowed from another client
    g = quaff.extra["groups"][1]
    wrong = [w for i, w in enumerate(g["rationales"]) if i not in g["keys"]]
    assert 4 <= len(g["options"]) <= 5 and wrong and all(w.startswith("Avoid:") for w in wrong)


@pytest.mark.parametrize("seed", SEEDS)
def test_flagship_first_action_lists_hold_at_most_one_action_to_avoid(flagship, seed):
    lists = list(_first_action_lists(generate(flagship, seed=seed)))
    assert len(lists) > 12
    assert [(it.id, o) for it, o, w in lists if _avoids(w) > 1] == []
    mscc = next(it for it, _, _ in lists if it.kind is ItemKind.BOWTIE and it.fact_ids[0] == "mscc-situation")
    g = mscc.extra["groups"][1]
    assert any("MRI" in o for i, o in enumerate(g["options"]) if i not in g["keys"])  # right, but later


# -- 3, 4. nothing she is not given; actions that wait for an order worded alike -------


@pytest.mark.parametrize("seed", SEEDS)
def test_flagship_denosumab_client_is_offered_no_bisphosphonate_and_no_preventive_key(flagship, seed):
    items = [i for i in generate(flagship, seed=seed) if i.fact_ids[0] == "hypocalcemia-bma-situation"]
    assert items
    for it in items:
        for step in (it.steps if it.kind is ItemKind.CASE else (it,)):
            for g in step.extra.get("groups", ()):
                assert not any("bisphosphonate" in o.lower() for o in g["options"]), (step.id, g["options"])
                # a client with symptoms is not keyed the supplements that prevent low calcium
                assert not any("supplement" in g["options"][k].lower() for k in g["keys"]), step.id
            for b in step.extra.get("blanks", ()):
                assert not any("bisphosphonate" in o.lower() for o in b["options"]), (step.id, b["options"])
            rows = zip(step.extra.get("rows", ()), step.extra.get("row_keys", ()))
            assert not any("supplement" in r.lower() and k == [0] for r, k in rows), step.id


@pytest.mark.parametrize("seed", SEEDS)
def test_flagship_actions_that_wait_for_an_order_are_worded_alike(flagship, seed):
    items = generate(flagship, seed=seed)
    assert [f.line() for f in audit(flagship, items, ["order-wording"])] == []
    grid = next(i for i in items if i.kind is ItemKind.MATRIX_MC and i.fact_ids[0] == "hypercalcemia-situation")
    sit = flagship.fact("hypercalcemia-situation")
    bis = next(a.text for a in sit.actions if "bisphosphonate" in a.text)
    # CMDT: given if kidney function is normal or only marginally impaired
    assert "kidney function" in bis
    # NGN read 5: "once it is ordered" on every action but the key was a cue;
    # no action says it now, so none says it alone either
    assert not any("ordered" in r.lower() for r in grid.extra["rows"])
    assert [f.line() for f in audit(flagship, items, ["shared-phrase"])] == []


def test_audit_warns_when_one_action_names_no_order_beside_others_that_wait_for_one():
    grid = next(i for i in jf.items() if i.kind is ItemKind.MATRIX_MC and i.fact_ids[0] == "glorb")
    rows = list(grid.extra["rows"])
    keys = grid.extra["row_keys"]
    good = [n for n, k in enumerate(keys) if k == [0]]
    rows[good[0]] = "Set up the glorb drip once it is ordered"
    rows[good[1]] = "Give the glorb tablet after the drip"
    bad = replace(grid, extra={**grid.extra, "rows": rows})
    assert [f.rule for f in audit(jf.DECK, [bad], ["order-wording"])] == ["order-wording"]
    rows[good[1]] = "Give the glorb tablet once it is ordered"
    fine = replace(grid, extra={**grid.extra, "rows": rows})
    assert list(audit(jf.DECK, [fine], ["order-wording"])) == []
