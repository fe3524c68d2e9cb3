"""Clinical-judgment generators on a small deck of made-up situations: what
each item asks, where its key and distractors come from, its category and
its card; and properties over random situations."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import judgment_fixtures as jf
from factdrill.deck.facts import Deck
from factdrill.generators import generate_report
from factdrill.generators.items import JUDGMENT_KINDS, Item, ItemKind
from factdrill.generators.situations import NCJMM_STEPS
from factdrill.study.grading import grade, key_response


@pytest.fixture(scope="module")
def items() -> list[Item]:
    return jf.items()


def of(items, kind, fact="glorb", variant=None):
    found = [i for i in items if i.kind is kind and i.fact_ids[0] == fact]
    assert found, f"no {kind.value} item of {fact}"
    return found[0]


def sit(fid="glorb"):
    return jf.DECK.fact(fid)


def test_every_judgment_kind_is_generated(items):
    assert {i.kind for i in items} == set(JUDGMENT_KINDS)


def test_priority_keys_the_first_action_among_other_indicated_actions(items):
    item = of(items, ItemKind.PRIORITY)
    s = sit()
    assert item.prompt.endswith("Which action should the nurse take first?")
    assert [o.text.lower() for o in item.options if o.correct] == [s.priority.text]
    wrong = {o.text.lower() for o in item.options if not o.correct}
    assert wrong <= {a.text for a in s.actions} | {a.text for a in s.avoid} and len(wrong) >= 2
    assert all(o.rationale for o in item.options)
    assert all(cue.text in item.prompt.lower() for cue in s.cues[:3])  # the client's note
    assert item.card == "glorb:actions" and item.nclex == "management-of-care"


def test_teaching_keys_each_gap_among_statements_of_understanding(items):
    teaching = [i for i in items if i.kind is ItemKind.TEACHING and i.fact_ids[0] == "glorb"]
    s = sit()
    assert len(teaching) == len(s.gaps)
    item = teaching[0]
    assert "need for further teaching" in item.prompt
    key = [o for o in item.options if o.correct]
    assert len(key) == 1 and s.gaps[0].text in key[0].text and s.gaps[0].why in key[0].rationale
    says = {t.says for t in s.teaching}
    assert all(o.text.strip("\u201c\u201d") in says for o in item.options if not o.correct)
    assert item.nclex == "health-promotion-and-maintenance" and item.card == "glorb:teaching"


def test_highlight_note_mixes_cues_to_follow_up_with_expected_findings(items):
    item = of(items, ItemKind.HIGHLIGHT)
    s = sit()
    keys = {o.text.lower() for o in item.options if o.correct}
    others = {o.text.lower() for o in item.options if not o.correct}
    assert keys == {c.text for c in s.cues[:5]} and others == {e.text for e in s.expected}
    assert item.extra["note"]["lines"] == [o.text.lower() for o in item.options]
    assert item.nclex == "reduction-of-risk-potential" and item.extra["ncjmm"] == "recognize cues"


def test_matrix_rows_are_indicated_or_contraindicated_actions(items):
    item = of(items, ItemKind.MATRIX_MC)
    s = sit()
    indicated = {s.priority.text, *(a.text for a in s.actions)}
    for row, keys in zip(item.extra["rows"], item.extra["row_keys"]):
        col = item.extra["columns"][keys[0]]
        assert col == ("Indicated" if row.lower() in indicated else "Contraindicated")
    assert item.nclex == "safety-and-infection-control"
    assert len(item.extra["row_rationales"]) == len(item.extra["rows"])


def test_matrix_multiple_response_keys_a_shared_cue_to_both_conditions(items):
    item = of(items, ItemKind.MATRIX_MR, "zent")
    rows = item.extra["rows"]
    shared = rows.index("Dizzy spells")
    cols = [item.extra["columns"][k] for k in item.extra["row_keys"][shared]]
    assert set(cols) == {"Glorbosis", "Zentosis"}
    assert all(item.extra["row_keys"])  # every finding points somewhere


def test_dropdown_blanks_key_condition_first_action_and_parameter(items):
    item = of(items, ItemKind.DROPDOWN)
    s = sit()
    keys = [b["options"][b["key"]].lower() for b in item.extra["blanks"]]
    assert keys == [s.condition, s.priority.text, s.monitor[0].text]
    assert "[1]" in item.extra["text"] and "[3]" in item.prompt
    for b in item.extra["blanks"]:
        assert len(b["options"]) >= 3 and len(b["rationales"]) == len(b["options"])


def test_rationale_dyad_and_triad_pair_their_parts(items):
    dyad = next(i for i in items if i.kind is ItemKind.RATIONALE and "because" in i.prompt)
    triad = next(i for i in items if i.kind is ItemKind.RATIONALE and "as shown by" in i.prompt)
    assert dyad.extra["pairs"] == [[0, 1]] and dyad.nclex == "management-of-care"
    assert triad.extra["pairs"] == [[0, 1], [0, 2]] and triad.nclex == "physiological-adaptation"
    s = jf.DECK.fact(triad.fact_ids[0])
    cond, a, b = (bl["options"][bl["key"]].lower() for bl in triad.extra["blanks"])
    assert cond == s.condition and {a, b} <= {c.text.lower() for c in s.cues}


def test_bowtie_has_one_condition_two_actions_two_parameters(items):
    item = of(items, ItemKind.BOWTIE)
    groups = item.extra["groups"]
    assert [g["pick"] for g in groups] == [1, 2, 2]
    assert [len(g["keys"]) for g in groups] == [1, 2, 2]
    s = sit()
    assert groups[0]["options"][groups[0]["keys"][0]].lower() == s.condition
    actions = {groups[1]["options"][k].lower() for k in groups[1]["keys"]}
    assert actions == {s.priority.text, s.actions[0].text}
    wrong_actions = {o.lower() for i, o in enumerate(groups[1]["options"]) if i not in groups[1]["keys"]}
    # review 6: an action the sequence puts later and one action to avoid,
    # not a list of unsafe acts whose keys fall out by elimination
    assert s.actions[2].text in wrong_actions
    assert len(wrong_actions & {a.text for a in s.avoid}) == 1


def test_action_order_asks_the_sequence_shown_out_of_order(items):
    item = of(items, ItemKind.ACTION_ORDER)
    s = sit()
    assert [a.lower() for a in item.answers] == [c.text for c in s.sequence]
    assert item.extra["choices"] != list(item.answers)
    assert not any(i.kind is ItemKind.ACTION_ORDER and i.fact_ids[0] == "quaff" for i in items)  # no sequence


def test_case_is_one_card_of_six_steps_one_per_judgment_step_with_a_growing_note(items):
    case = of(items, ItemKind.CASE)
    steps = case.steps
    assert [s.extra["ncjmm"] for s in steps] == list(NCJMM_STEPS)
    assert case.card == "glorb:case" and {s.card for s in steps} == {"glorb:case"}
    notes = [s.extra["note"]["lines"] for s in steps]
    assert len(notes[1]) > len(notes[0]) and set(notes[0]) < set(notes[1])  # 08:30 adds findings
    assert notes[5] != notes[1] and "some days later" in steps[5].extra["note"]["head"]
    assert len({s.id for s in steps}) == 6 and case.id not in {s.id for s in steps}
    full = grade(case, key_response(case))
    assert full.correct and full.possible == sum(grade(s, key_response(s)).possible for s in steps)


def test_a_situation_without_a_sequence_has_no_case(items):
    """Its step 5 would be a bowtie re-asking step 2's condition and step 3's
    first action, or the first-action item again (review 27 #18, #32)."""
    assert not [it for it in items if it.kind is ItemKind.CASE and it.fact_ids[0] == "quaff"]
    assert of(items, ItemKind.BOWTIE, "quaff")  # the bowtie stands alone


def test_case_survives_the_json_contract(items):
    case = of(items, ItemKind.CASE)
    back = Item.from_dict(json.loads(json.dumps(case.to_dict())))
    assert [s.id for s in back.steps] == [s.id for s in case.steps]
    assert grade(back, key_response(back)).correct


def test_claims_own_sources_are_cited_and_others_fall_back_to_the_situation(items):
    highlight = of(items, ItemKind.HIGHLIGHT)
    assert {"ref", "own"} <= set(highlight.sources)  # the first cue cites 'own'
    assert of(items, ItemKind.TEACHING).sources == ("ref",)


def test_a_drug_situation_puts_all_but_prioritizing_under_pharmacology(items):
    cats = {i.kind: i.nclex for i in items if i.fact_ids[0] == "mirrow"}
    pharm = "pharmacological-and-parenteral-therapies"
    assert cats[ItemKind.PRIORITY] == "management-of-care"
    assert cats[ItemKind.TEACHING] == cats[ItemKind.HIGHLIGHT] == cats[ItemKind.MATRIX_MC] == pharm


def test_missing_parts_skip_with_a_reason_instead_of_weak_items():
    bare = replace(sit(), expected=(), sequence=(), gaps=(), monitor=())
    deck = replace(jf.DECK, facts=(bare, *jf.SITUATIONS[1:]))
    got, skips = generate_report(deck)
    kinds = {i.kind for i in got if i.fact_ids[0] == "glorb"}
    assert ItemKind.HIGHLIGHT not in kinds and ItemKind.BOWTIE not in kinds and ItemKind.TEACHING not in kinds
    reasons = {s.kind: s.reason for s in skips if s.fact_id == "glorb"}
    assert "expected" in reasons[ItemKind.HIGHLIGHT] and "monitor" in reasons[ItemKind.BOWTIE]
    assert "step 1" in reasons[ItemKind.CASE]


def test_items_are_the_same_for_a_seed_and_ids_do_not_depend_on_it():
    a, b, c = jf.items(seed=3), jf.items(seed=3), jf.items(seed=4)
    assert [i.to_dict() for i in a] == [i.to_dict() for i in b]
    assert [i.id for i in a] == [i.id for i in c]


WORDS = st.sampled_from(["amber", "cobalt", "umber", "violet", "saffron", "teal", "crimson", "ochre"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(WORDS, min_size=2, max_size=5, unique=True), seed=st.integers(0, 50),
       sizes=st.tuples(st.integers(1, 3), st.integers(0, 2), st.integers(0, 3)))
def test_every_item_of_random_situations_is_keyed_and_scores_full_with_its_key(words, seed, sizes):
    n_actions, n_expected, n_outcomes = sizes
    facts = []
    for n, w in enumerate(words):
        s = jf.situation(f"s{n}", w, shared=("dizzy spells",) if n < 2 else ())
        facts.append(replace(s, actions=s.actions[:n_actions], expected=s.expected[:n_expected],
                             outcomes=s.outcomes[:n_outcomes]))
    deck = Deck(id="random", title="R", sources=jf.SRC, topics=jf.TOPICS, facts=tuple(facts))
    got, _ = generate_report(deck, seed=seed)
    for item in got:
        full = grade(item, key_response(item))
        assert full.correct and full.earned == full.possible > 0, item.id
        assert item.sources and item.fact_ids[0] in {f.id for f in facts}
        texts = [o.text.lower() for o in item.options]
        assert len(texts) == len(set(texts)), item.id  # no option twice
        for blank in item.extra.get("blanks", ()):
            assert len(set(blank["options"])) == len(blank["options"])
