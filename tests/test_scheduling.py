"""Scheduling: the documented answer->rating mapping and the fsrs bridge."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdrill.study.grading import Grade
from factdrill.generators.items import Item, ItemKind, Option
from factdrill.study.scheduling import (
    Rating,
    exam_cap,
    format_interval,
    next_state,
    parse_rating,
    preview_intervals,
    rating_for,
    retrievability,
)
from factdrill.study.cards import CardState

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc)


def item(kind: ItemKind, n_options: int = 0, keys: tuple[int, ...] = ()) -> Item:
    options = tuple(
        Option(text=f"o{i}", correct=i in keys, rationale="r", fact_id=f"f{i}") for i in range(n_options)
    )
    return Item(
        id="x", kind=kind, card="f:main", deck="d", prompt="?", answers=("a",), explanation="",
        fact_ids=("f",), sources=("s",), topic="t", options=options,
    )  # fmt: skip


def grade(correct: bool, *, earned: int = 1, possible: int = 1, chosen=(), typo=False) -> Grade:
    return Grade(
        correct=correct, score=earned / possible if possible else 0.0, earned=earned,
        possible=possible, chosen=tuple(chosen), typo=typo,
    )  # fmt: skip


def new_card(card_id: str = "f:main") -> CardState:
    return CardState(
        deck_id="d", card_id=card_id, fact_id="f", topic="t", state="new", due=None, stability=None,
        difficulty=None, step=None, last_review=None, reps=0, lapses=0, suspended=False, leech=False,
        hidden=False,
    )  # fmt: skip


# -- answer -> rating -----------------------------------------------------------


@pytest.mark.parametrize(
    "kind, g, elapsed, expected",
    [
        (ItemKind.MCQ, grade(False, earned=0), 3, Rating.AGAIN),
        (ItemKind.MCQ, grade(True), 3, Rating.GOOD),
        (ItemKind.MCQ, grade(True), 21, Rating.HARD),  # slow for a choice item
        (ItemKind.TRUE_FALSE, grade(True), 19, Rating.GOOD),
        (ItemKind.CLOZE, grade(True), 25, Rating.GOOD),  # typed items get 30 s
        (ItemKind.CLOZE, grade(True), 31, Rating.HARD),
        (ItemKind.CLOZE, grade(True, typo=True), 2, Rating.HARD),  # accepted typo
        (ItemKind.NUMERIC, grade(False, earned=0), 2, Rating.AGAIN),
        (ItemKind.ORDERING, grade(True, earned=4, possible=4), 40, Rating.GOOD),  # 45 s allowed
        (ItemKind.ORDERING, grade(True, earned=4, possible=4), 50, Rating.HARD),
        (ItemKind.ORDERING, grade(False, earned=2, possible=4), 5, Rating.HARD),  # one swap
        (ItemKind.ORDERING, grade(False, earned=1, possible=4), 5, Rating.AGAIN),
        (ItemKind.MATCHING, grade(False, earned=3, possible=4), 5, Rating.HARD),  # one pair wrong
        (ItemKind.MATCHING, grade(False, earned=0, possible=4), 5, Rating.AGAIN),
    ],
)
def test_rating_for_follows_the_documented_table(kind, g, elapsed, expected):
    assert rating_for(g, elapsed_s=elapsed, item=item(kind)) == expected


@pytest.mark.parametrize(
    "chosen, expected",
    [
        ((0, 1, 2), Rating.GOOD),  # all keys, nothing wrong
        ((0, 1), Rating.HARD),  # one missed key
        ((0, 1, 2, 3), Rating.HARD),  # one wrong pick
        ((0,), Rating.AGAIN),  # two missed
        ((0, 1, 3, 4), Rating.AGAIN),  # one missed + one wrong
        ((), Rating.AGAIN),
    ],
)
def test_sata_partial_scores_map_explicitly(chosen, expected):
    sata = item(ItemKind.SATA, n_options=5, keys=(0, 1, 2))
    right = len(set(chosen) & {0, 1, 2})
    wrong = len(set(chosen) - {0, 1, 2})
    g = grade(right == 3 and wrong == 0, earned=max(0, right - wrong), possible=3, chosen=chosen)
    assert rating_for(g, elapsed_s=5, item=sata) == expected


def test_rating_keys_override():
    assert parse_rating("1") == Rating.AGAIN
    assert parse_rating(" Easy ") == Rating.EASY
    assert parse_rating("h") == Rating.HARD
    assert parse_rating("5") is None


# -- fsrs bridge --------------------------------------------------------------------


def test_next_state_matches_fsrs_itself():
    """Our state after a review equals what fsrs computes for the same card."""
    s = new_card()
    sched = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=1, due=NOW)
    t = NOW
    for r in [Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY]:
        s = next_state(s, r, now=t, fuzz=False)
        card, _ = sched.review_card(card, fsrs.Rating(int(r)), t)
        assert s.due == card.due
        assert s.stability == card.stability
        assert s.difficulty == card.difficulty
        assert s.step == card.step
        assert s.state == card.state.name.lower()
        t = card.due
    assert s.reps == 5
    assert s.lapses == 1


def test_first_answers_follow_learning_steps():
    s = next_state(new_card(), Rating.GOOD, now=NOW, fuzz=False)
    assert s.state == "learning"
    assert s.due == NOW + timedelta(minutes=10)
    s2 = next_state(new_card(), Rating.AGAIN, now=NOW, fuzz=False)
    assert s2.due == NOW + timedelta(minutes=1)


def test_higher_retention_means_shorter_intervals():
    s = next_state(new_card(), Rating.EASY, now=NOW, fuzz=False)
    later = s.due
    loose = next_state(s, Rating.GOOD, now=later, retention=0.8, fuzz=False)
    strict = next_state(s, Rating.GOOD, now=later, retention=0.97, fuzz=False)
    assert strict.due < loose.due


def test_exam_date_caps_the_interval():
    s = next_state(new_card(), Rating.EASY, now=NOW, fuzz=False)
    free = next_state(s, Rating.EASY, now=s.due, fuzz=False)
    assert free.due - s.due > timedelta(days=10)
    exam = (s.due + timedelta(days=4)).date()
    capped = next_state(s, Rating.EASY, now=s.due, exam_date=exam, fuzz=False)
    cap = exam_cap(exam, now=s.due)
    assert cap is not None and capped.due == cap
    assert capped.due.astimezone().date() <= exam
    # The memory model is untouched; only the due date is pulled in.
    assert capped.stability == free.stability


def test_past_exam_date_does_not_cap():
    s = next_state(new_card(), Rating.EASY, now=NOW, fuzz=False)
    free = next_state(s, Rating.EASY, now=s.due, fuzz=False)
    past = next_state(s, Rating.EASY, now=s.due, exam_date=date(2020, 1, 1), fuzz=False)
    assert past.due == free.due


def test_preview_intervals_grow_with_the_rating():
    s = next_state(new_card(), Rating.GOOD, now=NOW, fuzz=False)
    s = next_state(s, Rating.GOOD, now=s.due, fuzz=False)
    assert s.state == "review"
    iv = preview_intervals(s, now=s.due + timedelta(days=2))
    assert iv[Rating.AGAIN] < iv[Rating.HARD] <= iv[Rating.GOOD] < iv[Rating.EASY]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=12), st.integers(0, 30))
def test_due_is_always_after_the_review_and_before_a_future_exam(ratings, exam_in):
    s = new_card()
    t = NOW
    exam = (NOW + timedelta(days=exam_in + 1)).date()
    for r in ratings:
        s = next_state(s, r, now=t, exam_date=exam)
        assert s.due is not None and s.due > t - timedelta(seconds=1)
        cap = exam_cap(exam, now=t)
        if cap is not None:
            assert s.due <= cap
        t = max(s.due, t + timedelta(minutes=1))
    assert s.reps == len(ratings)
    assert s.lapses == ratings.count(Rating.AGAIN)


def test_retrievability_decays_over_time():
    s = next_state(new_card(), Rating.EASY, now=NOW, fuzz=False)
    assert retrievability(new_card(), now=NOW) == 0.0
    r1 = retrievability(s, now=NOW + timedelta(days=1))
    r30 = retrievability(s, now=NOW + timedelta(days=30))
    assert 0 < r30 < r1 <= 1


def test_format_interval():
    assert format_interval(timedelta(minutes=10)) == "10m"
    assert format_interval(timedelta(days=3)) == "3d"
    assert format_interval(timedelta(days=90)) == "3mo"
