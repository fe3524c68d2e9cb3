"""NCSBN's three scoring rules (0/1, +/- with floor 0, rationale pairs), alone
and as the grader applies them to each clinical-judgment item kind."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import judgment_fixtures as jf
from factdrill.generators.items import ItemKind
from factdrill.study import judgment, ncsbn
from factdrill.study.grading import InvalidResponse, grade, key_response

# -- the rules ----------------------------------------------------------------------------


def test_zero_one_gives_a_point_per_right_response_and_never_takes_one_away():
    assert ncsbn.zero_one(["a", "b", "c"], ["a", "b", "c"]) == (3, 3)
    assert ncsbn.zero_one(["a", "x", None], ["a", "b", "c"]) == (1, 3)
    assert ncsbn.zero_one(["x", "y", "z"], ["a", "b", "c"]) == (0, 3)


def test_plus_minus_subtracts_wrong_picks_and_stops_at_zero():
    keys = {1, 2, 3, 4}
    assert ncsbn.plus_minus({1, 2, 3, 4, 7, 8}, keys) == (2, 4)  # 4 keys + 2 wrong = 2/4
    assert ncsbn.plus_minus({1}, keys) == (1, 4)  # a missed key costs only its point
    assert ncsbn.plus_minus({1, 7, 8, 9}, keys) == (0, 4)  # 1 - 3, floored
    assert ncsbn.plus_minus(set(), keys) == (0, 4)


def test_rationale_counts_a_pair_only_when_both_parts_are_right():
    assert ncsbn.rationale([True, True], [(0, 1)]) == (1, 1)
    assert ncsbn.rationale([True, False], [(0, 1)]) == (0, 1)  # right action, wrong reason
    assert ncsbn.rationale([False, True], [(0, 1)]) == (0, 1)
    assert ncsbn.rationale([True, True, False], [(0, 1), (0, 2)]) == (1, 2)  # triad: one pair
    assert ncsbn.rationale([False, True, True], [(0, 1), (0, 2)]) == (0, 2)  # the shared part wrong


def test_select_n_scores_each_key_picked():
    assert ncsbn.select_n({0, 3}, {0, 3}) == (2, 2)
    assert ncsbn.select_n({0, 1}, {0, 3}) == (1, 2)


SETS = st.sets(st.integers(0, 9))


@given(selected=SETS, keys=SETS.filter(bool))
def test_plus_minus_properties(selected, keys):
    earned, possible = ncsbn.plus_minus(selected, keys)
    assert 0 <= earned <= possible == len(keys)
    assert ncsbn.plus_minus(keys, keys) == (possible, possible)  # the key scores max
    assert ncsbn.plus_minus(set(range(10, 20)), keys) == (0, possible)  # only wrong picks: floor at 0


@given(data=st.data(), n=st.integers(1, 8))
def test_zero_one_properties(data, n):
    keys = data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    picks = data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    earned, possible = ncsbn.zero_one(picks, keys)
    assert 0 <= earned <= possible == n and ncsbn.zero_one(keys, keys) == (n, n)


@given(right=st.lists(st.booleans(), min_size=3, max_size=3))
def test_rationale_properties(right):
    pairs = [(0, 1), (0, 2)]
    earned, possible = ncsbn.rationale(right, pairs)
    assert 0 <= earned <= possible == 2
    assert ncsbn.rationale([True] * 3, pairs) == (2, 2)
    if not right[0]:
        assert earned == 0


# -- the rules applied to items -----------------------------------------------------------

ITEMS = jf.items()


def first(kind, fact="glorb"):
    return next(i for i in ITEMS if i.kind is kind and i.fact_ids[0] == fact)


def test_matrix_multiple_choice_scores_each_row_0_1():
    item = first(ItemKind.MATRIX_MC)
    keys = [k[0] for k in item.extra["row_keys"]]
    wrong_first = [1 - keys[0]] + keys[1:]
    g = grade(item, " ".join("ab"[k] for k in wrong_first))
    assert (g.earned, g.possible) == (len(keys) - 1, len(keys)) and not g.correct
    assert grade(item, "/".join("ab"[k] for k in keys)).correct  # "/" between rows works too


def test_matrix_multiple_response_scores_plus_minus_over_the_grid():
    item = first(ItemKind.MATRIX_MR, "zent")
    cols = len(item.extra["columns"])
    everything = " / ".join("abc"[:cols] for _ in item.extra["rows"])
    g = grade(item, everything)
    keyed = sum(len(k) for k in item.extra["row_keys"])
    wrong = cols * len(item.extra["rows"]) - keyed
    assert g.possible == keyed and g.earned == max(0, keyed - wrong)
    none = grade(item, " / ".join("-" for _ in item.extra["rows"]))
    assert none.earned == 0 and none.possible == keyed


def test_rationale_items_score_linked_pairs():
    dyad = next(i for i in ITEMS if i.kind is ItemKind.RATIONALE and "because" in i.prompt)
    action, why = (b["key"] for b in dyad.extra["blanks"])
    wrong_why = (why + 1) % len(dyad.extra["blanks"][1]["options"])
    assert grade(dyad, f"{'abcd'[action]} {'abcd'[wrong_why]}").earned == 0  # right action, wrong reason
    triad = next(i for i in ITEMS if i.kind is ItemKind.RATIONALE and "as shown by" in i.prompt)
    k = [b["key"] for b in triad.extra["blanks"]]
    g = grade(triad, f"{'abcd'[k[0]]} {'abcd'[k[1]]} {'abcd'[(k[2] + 1) % 3]}")
    assert (g.earned, g.possible) == (1, 2)


def test_dropdown_scores_each_blank():
    item = first(ItemKind.DROPDOWN)
    k = [b["key"] for b in item.extra["blanks"]]
    g = grade(item, " ".join("abcd"[(x + 1) % 3] if i == 0 else "abcd"[x] for i, x in enumerate(k)))
    assert (g.earned, g.possible) == (len(k) - 1, len(k))


def test_bowtie_scores_five_targets_and_refuses_extra_picks():
    item = first(ItemKind.BOWTIE)
    assert grade(item, key_response(item)).possible == 5
    groups = item.extra["groups"]
    cond = "abcde"[groups[0]["keys"][0]]
    one_action = "abcde"[groups[1]["keys"][0]] + "abcde"[next(i for i in range(5) if i not in groups[1]["keys"])]
    params = "".join("abcde"[k] for k in groups[2]["keys"])
    assert grade(item, f"{cond} / {one_action} / {params}").earned == 4
    with pytest.raises(InvalidResponse, match="choose 2"):
        grade(item, f"{cond} / abc / {params}")


def test_a_case_scores_the_sum_of_its_steps_and_names_a_bad_step():
    case = first(ItemKind.CASE)
    key = key_response(case)
    full = grade(case, key)
    assert full.correct and len(full.parts) == 6
    steps = key.split("|")
    steps[0] = " ".join(sorted(set("abcdefg"[: len(case.steps[0].options)]) - set(steps[0].split())))
    worse = grade(case, "|".join(steps))
    assert worse.earned < full.earned and worse.parts[0].earned == 0 and worse.parts[1:] == full.parts[1:]
    with pytest.raises(InvalidResponse, match="Step 2"):
        grade(case, "|".join([key.split("|")[0], " z ", *key.split("|")[2:]]))
    with pytest.raises(InvalidResponse, match="all 6 steps"):
        grade(case, "a")


PARTED = [i for i in ITEMS if i.kind in judgment.STRUCTURED]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_response_in_form_scores_between_zero_and_max(data):
    """Random answers in each item's form: 0 <= score <= max, the key scores max."""
    item = data.draw(st.sampled_from(PARTED))
    key = grade(item, key_response(item))
    if item.kind is ItemKind.CASE:
        return  # its steps are items of the other kinds, drawn too
    answers = []
    for part in judgment.parts(item):
        n = len(part.choices)
        if part.pick is None:
            picks = data.draw(st.sets(st.integers(0, n - 1)))
        else:
            picks = data.draw(st.sets(st.integers(0, n - 1), min_size=part.pick, max_size=part.pick))
        answers.append(judgment.canonical(sorted(picks)))
    g = grade(item, " / ".join(answers))
    assert 0 <= g.earned <= g.possible == key.possible == key.earned
    assert g.score == pytest.approx(g.earned / g.possible)


@given(text=st.text(max_size=30))
def test_any_text_either_grades_or_asks_again(text):
    for item in PARTED[:6]:
        try:
            g = grade(item, text)
        except InvalidResponse as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            assert 0 <= g.earned <= g.possible
