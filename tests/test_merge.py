"""Merging answers from elsewhere (Anki) into the log: properties of the store."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from factdrill.study.cards import CardInfo
from factdrill.study.merge import IncomingReview, merge_reviews
from factdrill.study.scheduling import Rating, next_state
from factdrill.study.store import Store

T0 = datetime(2026, 2, 1, 9, 0, tzinfo=timezone.utc)
DECK = "d"

answers = st.lists(
    st.tuples(st.integers(0, 60 * 24 * 40), st.sampled_from([1, 2, 3, 4]), st.booleans()),
    max_size=12,
    unique_by=lambda a: a[0],
)


@settings(max_examples=40, deadline=None)
@given(ours=answers, theirs=answers)
def test_a_merge_is_a_replay_in_time_order_and_a_second_merge_adds_nothing(ours, theirs):
    taken = {m for m, _, _ in ours}
    theirs = [a for a in theirs if a[0] not in taken]  # one answer per minute
    with tempfile.TemporaryDirectory() as tmp, Store.open(tmp, fuzz=False) as store:
        store.sync_deck(DECK, [CardInfo("f:main", "f", "t")], now=T0)
        for minute, rating, cram in sorted(ours):
            store.record_review(DECK, "f:main", item_id="mine", item_kind="mcq", response="",
                                correct=rating > 1, score=1.0, rating=rating, elapsed_ms=1,
                                now=T0 + timedelta(minutes=minute), practice=cram)
        incoming = [IncomingReview("f:main", "anki", "flashcard", T0 + timedelta(minutes=m), r, 5, cram)
                    for m, r, cram in theirs]
        first = merge_reviews(store, DECK, incoming)
        again = merge_reviews(store, DECK, incoming)
        assert (first.added, again.added, again.already) == (len(theirs), 0, len(theirs))
        log = list(store.reviews(DECK))
        assert len(log) == len(ours) + len(theirs)
        final = store.card(DECK, "f:main")

        in_time = sorted(log, key=lambda r: r.reviewed_at)
        expected = in_time[0].before if log else final
        assert expected.state == "new"
        for rv in in_time:
            assert rv.before.state == expected.state and rv.before.due == expected.due
            if not rv.practice:
                expected = next_state(expected, Rating(rv.rating), now=rv.reviewed_at, fuzz=False)
        assert (final.state, final.due, final.reps, final.lapses) == (
            expected.state, expected.due, expected.reps, expected.lapses)
        if final.stability is not None:
            assert abs(final.stability - expected.stability) < 1e-9
