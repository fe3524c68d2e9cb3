"""Stateful property test: random review / undo / suspend sequences against a
simple model of what the store must remember."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from factdrill.errors import StoreError
from factdrill.study.scheduling import LEECH_THRESHOLD, Rating, next_state
from factdrill.study.cards import CardInfo, CardState
from factdrill.study.store import Store

START = datetime(2026, 1, 10, 9, 0, tzinfo=timezone.utc)
CARDS = ("a:main", "a:rev", "b:main")
FACT = {"a:main": "a", "a:rev": "a", "b:main": "b"}
# Failures are over-represented so sequences reach the leech threshold.
RATINGS = st.sampled_from([Rating.AGAIN, Rating.AGAIN, Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY])


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="factdrill-state-"))
        self.store = Store(self.dir / "factdrill.db", fuzz=False)
        self.store.sync_deck("d", [CardInfo(c, FACT[c], "t") for c in CARDS], now=START)
        self.now = START
        self.state: dict[str, CardState] = {c: self.store.card("d", c) for c in CARDS}
        # Per card: (review id, state before it) for each logged review, oldest first.
        self.log: dict[str, list[tuple[int, CardState]]] = {c: [] for c in CARDS}

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @rule(card=st.sampled_from(CARDS), rating=RATINGS, practice=st.booleans(),
          wait=st.integers(min_value=0, max_value=60 * 24 * 20))  # fmt: skip
    def review(self, card: str, rating: Rating, practice: bool, wait: int) -> None:
        self.now += timedelta(minutes=wait)
        before = self.state[card]
        rv = self.store.record_review(
            "d", card, item_id="i", item_kind="mcq", response="x", correct=rating > 1,
            score=float(rating > 1), rating=rating, elapsed_ms=1000, now=self.now, practice=practice,
        )  # fmt: skip
        assert rv.before == before
        if practice:
            expected = before
        else:
            expected = next_state(before, rating, now=self.now, fuzz=False)
            lapses = expected.lapses
            if rating == Rating.AGAIN and lapses >= LEECH_THRESHOLD and (lapses - LEECH_THRESHOLD) % 4 == 0:
                expected = replace(expected, leech=True, suspended=True)
                event("a card became a leech")
        assert rv.after == expected
        self.state[card] = expected
        self.log[card].append((rv.id, before))

    @rule(card=st.sampled_from(CARDS), times=st.integers(1, 4))
    def fail_repeatedly(self, card: str, times: int) -> None:
        # Struggling with one card: several failures in a row (reaches leeches).
        for _ in range(times):
            self.review(card, Rating.AGAIN, False, 5)

    @precondition(lambda self: any(self.log.values()))
    @rule(data=st.data())
    def undo_newest(self, data) -> None:
        card = data.draw(st.sampled_from([c for c in CARDS if self.log[c]]))
        review_id, before = self.log[card].pop()
        assert self.store.undo(review_id) == before
        self.state[card] = before

    @precondition(lambda self: any(len(v) >= 2 for v in self.log.values()))
    @rule(data=st.data())
    def undo_older_is_refused(self, data) -> None:
        card = data.draw(st.sampled_from([c for c in CARDS if len(self.log[c]) >= 2]))
        review_id, _ = self.log[card][-2]
        with pytest.raises(StoreError):
            self.store.undo(review_id)

    @rule(fact=st.sampled_from(["a", "b"]), on=st.booleans())
    def toggle_suspension(self, fact: str, on: bool) -> None:
        mine = [c for c in CARDS if FACT[c] == fact]
        expected = sum(self.state[c].suspended != on for c in mine)
        changed = self.store.suspend("d", fact) if on else self.store.unsuspend("d", fact)
        assert changed == expected
        for c in mine:
            self.state[c] = replace(self.state[c], suspended=on)

    @invariant()
    def store_matches_model(self) -> None:
        for c in CARDS:
            assert self.store.card("d", c) == self.state[c]
        assert self.store.review_count("d") == sum(len(v) for v in self.log.values())

    @invariant()
    def only_repeated_failures_make_a_leech(self) -> None:
        for c in CARDS:
            s = self.store.card("d", c)
            assert not s.leech or s.lapses >= LEECH_THRESHOLD


StoreMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=40, deadline=None)
TestStoreMachine = StoreMachine.TestCase


def test_integrity_after_a_long_mixed_run(tmp_path):
    """A quick sanity run outside hypothesis: many writes, then integrity_check."""
    with Store(tmp_path / "s.db", fuzz=True) as s:
        s.sync_deck("d", [CardInfo(c, FACT[c], "t") for c in CARDS], now=START)
        t = START
        for i in range(300):
            rv = s.record_review(
                "d", CARDS[i % 3], item_id="i", item_kind="mcq", response="x", correct=True, score=1.0,
                rating=Rating(1 + i % 4), elapsed_ms=1, now=t,
            )  # fmt: skip
            t = max(t + timedelta(minutes=1), rv.after.due or t)
            if i % 7 == 0:
                s.undo(rv.id)
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
