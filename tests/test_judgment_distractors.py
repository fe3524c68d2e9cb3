"""Where the wrong choices of clinical-judgment items come from (item review
5): findings in the client's note that do not support the condition, rivals
that fit part of the picture, the client's own actions and reasons, never
a choice that presupposes an event she has not had, never an option beside
its own mirror image; and the audit rules that catch each of these."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import judgment_fixtures as jf
from factdrill.audit import audit
from factdrill.deck.facts import Claim, Deck
from factdrill.generators import generate
from factdrill.generators.items import Item, ItemKind
from factdrill.generators.situations import presupposes
from factdrill.generators.wording import mirrors, word_key

FLAGSHIP = Path(__file__).resolve().parent.parent / "decks" / "breast-cancer-metastasis"


def _deck(*sits) -> Deck:
    return replace(jf.DECK, facts=tuple(sits))


def _of(items, kind, fact, facet=None):
    found = [i for i in items if i.kind is kind and i.fact_ids[0] == fact
             and (facet is None or len(i.extra.get("pairs", ())) == facet)]
    assert found, f"no {kind.value} item of {fact}"
    return found[0]


def _in_note(text: str, item: Item) -> bool:
    return any(word_key(text) in word_key(line) for line in item.extra["note"]["lines"])


def _blanks_with_note(items):
    """(item, blank) of every drop-down part shown with a note, case steps too."""
    for it in items:
        for step in (it.steps if it.kind is ItemKind.CASE else (it,)):
            if step.kind in (ItemKind.RATIONALE, ItemKind.DROPDOWN) and step.extra.get("note"):
                for b in step.extra["blanks"]:
                    yield step, b


# -- the triad: "most consistent with [1], as shown by [2] and [3]" ------------


def test_triad_evidence_blanks_offer_findings_that_point_elsewhere_then_normal_note_lines():
    items = jf.items()
    triad = _of(items, ItemKind.RATIONALE, "glorb", facet=2)
    s = jf.DECK.fact("glorb")
    expected = {word_key(e.text) for e in s.expected}
    elsewhere = {word_key(la.text) for la in s.look_alikes if la.points_to}
    assert elsewhere
    for b in triad.extra["blanks"][1:]:
        wrong = {word_key(o) for i, o in enumerate(b["options"]) if i != b["key"]}
        # the look-alike's abnormal finding (a sign of the rival condition)
        # first, then normal lines of the note: never only normal lines
        # (review 16 #38), and never only the key in the note
        assert elsewhere <= wrong and wrong <= expected | elsewhere
        assert len([o for o in b["options"] if _in_note(o, triad)]) >= 2, b["options"]
        assert len(b["options"]) == 4


def test_condition_blank_offers_only_rivals_that_fit_part_of_the_picture():
    items = jf.items()
    triad = _of(items, ItemKind.RATIONALE, "glorb", facet=2)
    s = jf.DECK.fact("glorb")
    b = triad.extra["blanks"][0]
    wrong = {word_key(o) for i, o in enumerate(b["options"]) if i != b["key"]}
    # glorb's look-alike points to glorb freckling; zent shares "dizzy spells";
    # quaff and mirrow share nothing with glorb and are never offered
    assert wrong == {word_key(s.look_alikes[0].points_to), "zentosis"}


def test_a_situation_without_two_rivals_skips_its_triad_with_a_reason():
    lone = jf.situation("lone", "lone")
    from factdrill.generators import generate_report

    items, skips = generate_report(_deck(lone, jf.situation("other", "other", "blood")), seed=0)
    assert not [i for i in items if i.kind is ItemKind.RATIONALE and len(i.extra.get("pairs", ())) == 2]
    assert any(s.fact_id == "lone" and "rival conditions" in s.reason for s in skips)


# -- borrowed choices: only those that fit this client's note --------------------


def test_a_borrowed_parameter_never_presupposes_an_event_the_client_has_not_had():
    zent = jf.situation("zent", "zent", "blood", shared=("dizzy spells",),
                        monitor=(Claim(text="how many minutes the convulsion lasts", why="zentosis convulsions harm"),
                                 Claim(text="zent pulse rate", why="zentosis slows the pulse"),
                                 Claim(text="zent skin color", why="zentosis pales the skin")))
    deck = _deck(jf.situation("glorb", "glorb", shared=("dizzy spells",)), zent, jf.DECK.fact("quaff"),
                 jf.DECK.fact("mirrow"))
    items = generate(deck, seed=3)
    offered = [o for it in items if it.fact_ids[0] == "glorb"
               for part in [*(b["options"] for b in it.extra.get("blanks", ())),
                            *(g["options"] for g in it.extra.get("groups", ()))] for o in part]
    assert offered and not any("convulsion" in o.lower() for o in offered)
    assert presupposes("how many minutes the convulsion lasts", deck.fact("glorb")) == "convulsion"
    assert presupposes("glorb rash size", deck.fact("glorb")) is None


def test_action_and_reason_blanks_draw_on_the_clients_own_situation():
    items = jf.items()
    s = jf.DECK.fact("glorb")
    dyad = _of(items, ItemKind.RATIONALE, "glorb", facet=1)
    actions, reasons = dyad.extra["blanks"]
    own = {word_key(a.text) for a in (*s.actions, *s.avoid)}
    assert {word_key(o) for i, o in enumerate(actions["options"]) if i != actions["key"]} <= own
    whys = {word_key(a.why) for a in s.actions}
    assert {word_key(o) for i, o in enumerate(reasons["options"]) if i != reasons["key"]} <= whys


# -- priority: each distractor its own reason ---------------------------------------


def test_priority_distractors_give_their_own_reason_not_the_keys():
    items = jf.items()
    item = _of(items, ItemKind.PRIORITY, "glorb")
    s = jf.DECK.fact("glorb")
    wrong = [o for o in item.options if not o.correct]
    assert len({o.rationale for o in wrong}) == len(wrong)
    for o in wrong:
        claim = next(a for a in (*s.actions, *s.avoid) if word_key(a.text) == word_key(o.text))
        # its own reason first; one that can wait then says what comes first and why
        assert claim.why in o.rationale and not o.rationale.split(claim.why)[0].count(s.priority.why)
        if claim in s.actions:
            assert f"first, {s.priority.text}, because {s.priority.why}" in o.rationale


# -- mirror images -----------------------------------------------------------------


def test_teaching_never_offers_the_correct_teaching_on_the_gaps_own_point():
    g = jf.DECK.fact("glorb")
    point = Claim(text=f"{g.gaps[0].why}, so do not wait", says="I'll let the glorb team treat it.")
    sit = replace(g, teaching=(*g.teaching, point))
    for seed in range(5):
        items = generate(_deck(sit, *jf.SITUATIONS[1:]), seed=seed)
        item = _of(items, ItemKind.TEACHING, "glorb")
        assert not any("let the glorb team" in o.text for o in item.options)


def test_a_grid_never_shows_a_row_beside_its_contrapositive():
    g = jf.DECK.fact("glorb")
    rule = "glorbosis spreads unless the glorb cream goes on first"
    sit = replace(g, actions=(Claim(text="apply the glorb cream before the tablet", why=rule), *g.actions),
                  avoid=(Claim(text="give the glorb tablet before the cream", why=rule), *g.avoid))
    for seed in range(5):
        items = generate(_deck(sit, *jf.SITUATIONS[1:]), seed=seed)
        grid = _of(items, ItemKind.MATRIX_MC, "glorb")
        whys = grid.extra["row_rationales"]
        assert sum(rule in w for w in whys) <= 1


# -- the audit -----------------------------------------------------------------------


def _findings(deck, items, rule):
    return [f for f in audit(deck, items, [rule])]


def test_audit_flags_a_part_whose_key_is_the_only_option_in_the_note():
    items = jf.items()
    triad = _of(items, ItemKind.RATIONALE, "glorb", facet=2)
    assert _findings(jf.DECK, [triad], "key-only-in-note") == []
    blanks = [dict(b) for b in triad.extra["blanks"]]
    key = blanks[1]["options"][blanks[1]["key"]]
    blanks[1] = {"options": [key, "Zent fever spikes", "Quaff tremor"], "key": 0,
                 "rationales": ["in the note", "not here", "not here"]}
    bad = replace(triad, extra={**triad.extra, "blanks": blanks})
    found = _findings(jf.DECK, [bad], "key-only-in-note")
    assert [f.severity for f in found] == ["error"] and "blank [2]" in found[0].message


def test_audit_flags_a_teaching_gap_beside_its_own_teaching():
    items = jf.items()
    item = _of(items, ItemKind.TEACHING, "glorb")
    assert _findings(jf.DECK, [item], "mirror-options") == []
    key = next(o for o in item.options if o.correct)
    twin = replace(next(o for o in item.options if not o.correct),
                   rationale=f"Shows understanding: {key.rationale.split(':', 1)[1]}")
    bad = replace(item, options=(key, twin, *[o for o in item.options if not o.correct][1:]))
    assert [f.rule for f in _findings(jf.DECK, [bad], "mirror-options")] == ["mirror-options"]


def test_audit_flags_priority_keys_that_are_mostly_the_longest_or_an_escalation():
    items = [i for i in jf.items() if i.kind is ItemKind.PRIORITY]
    assert len(items) == 4
    report = [replace(i, options=tuple(replace(o, text="Report the findings to the provider") if o.correct else o
                                       for o in i.options)) for i in items]
    found = _findings(jf.DECK, report, "judgment-key-pattern")
    assert any("4 of 4 priority keys report" in f.message for f in found)
    spread = [replace(i, options=tuple(replace(o, text="Turn the client onto the side") if o.correct else o
                                       for o in i.options)) for i in items]
    assert _findings(jf.DECK, spread, "judgment-key-pattern") == []


def test_audit_warns_when_a_distractor_says_as_prescribed_beside_a_report_key():
    item = _of(jf.items(), ItemKind.PRIORITY, "glorb")
    wrong = next(o for o in item.options if not o.correct)
    bad = replace(item, options=tuple(
        replace(o, text="Give the glorb tablet as prescribed") if o is wrong
        else replace(o, text="Report the findings to the provider") if o.correct else o for o in item.options))
    assert [f.rule for f in _findings(jf.DECK, [bad], "ordered-before-report")] == ["ordered-before-report"]


# -- the flagship deck at several seeds ------------------------------------------------


@pytest.fixture(scope="module")
def flagship():
    from factdrill.deck.loader import load_deck

    return load_deck(FLAGSHIP)


@pytest.mark.parametrize("seed", [5, 120840, 471447])
def test_flagship_no_note_part_keys_the_only_option_the_note_shows(flagship, seed):
    items = generate(flagship, seed=seed)
    parts = list(_blanks_with_note(items))
    assert len(parts) > 40
    lone = [(it.id, b["options"][b["key"]]) for it, b in parts
            if [i for i, o in enumerate(b["options"]) if _in_note(o, it)] == [b["key"]]]
    assert lone == []


@pytest.mark.parametrize("seed", [5, 471447])
def test_flagship_borrowed_choices_presuppose_nothing_absent_from_the_clients_note(flagship, seed):
    sits = {f.id: f for f in flagship.facts if f.kind.value == "situation"}
    items = generate(flagship, seed=seed)
    for it in items:
        if it.fact_ids[0] not in sits or it.kind is ItemKind.CASE:
            continue
        sit = sits[it.fact_ids[0]]
        own = {word_key(t) for t in [sit.condition, *(c.text for g in (sit.cues, sit.expected, sit.actions, sit.avoid,
                                                                       sit.monitor, sit.look_alikes) for c in g),
                                     sit.priority.text, sit.priority.why or "",
                                     *(c.why or "" for c in (*sit.actions, *sit.avoid, *sit.monitor)),
                                     *(c.points_to or "" for c in sit.look_alikes)]}
        for part in [*(b for b in it.extra.get("blanks", ())), *(g for g in it.extra.get("groups", ()))]:
            for i, o in enumerate(part["options"]):
                if word_key(o) not in own:
                    assert presupposes(o, sit) is None, (it.id, o)


@pytest.mark.parametrize("seed", [5, 471447])
def test_flagship_teaching_and_grids_show_no_mirror_images(flagship, seed):
    items = generate(flagship, seed=seed)
    found = [f.line() for f in audit(flagship, items, ["mirror-options"])]
    assert found == []
    teaching = [i for i in items if i.kind is ItemKind.TEACHING]
    for it in teaching:
        key = next(o for o in it.options if o.correct)
        for o in it.options:
            if not o.correct:
                assert not mirrors(key.rationale.split(":", 1)[1], o.rationale.split(":", 1)[1]), (it.id, o.text)


def test_flagship_priority_keys_are_single_actions_and_rarely_the_longest(flagship):
    items = [i for i in generate(flagship, seed=471447) if i.kind is ItemKind.PRIORITY]
    keys = [next(o for o in i.options if o.correct) for i in items]
    assert not any(" and alert " in k.text or " and have her " in k.text for k in keys)
    longest = sum(len(k.text) > max(len(o.text) for o in i.options if not o.correct) for k, i in zip(keys, items))
    assert longest <= len(items) // 3
    assert _findings(flagship, items, "judgment-key-pattern") == []
