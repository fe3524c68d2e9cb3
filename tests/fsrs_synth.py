"""A synthetic student whose memory follows known FSRS parameters.

The drill schedules with the defaults (as for any new student); whether
each answer is right is drawn from the recall probability of the *true*
parameters. ``factdrill optimize`` should then find parameters that predict
this student better than the defaults.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import fsrs

from factdrill.study.cards import CardInfo
from factdrill.study.store import Store

DECK = "synthetic"
START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def true_parameters() -> list[float]:
    """FSRS-6 parameters far from the defaults: a student who forgets fast at
    first and whose forgetting curve is steeper."""
    p = list(fsrs.Scheduler().parameters)
    p[0], p[1], p[2], p[3] = 0.6, 1.0, 1.6, 6.0  # initial stabilities by first rating
    p[4] = 7.5  # harder cards
    p[8] = 1.2  # slower stability growth after a success
    p[20] = 0.45  # steeper decay
    return p


def fill_store(store: Store, *, cards: int, days: int = 200, seed: int = 3, max_reviews: int = 12) -> int:
    """Study ``cards`` cards over ``days`` days through the store; returns the
    number of answers logged."""
    rng = random.Random(seed)
    truth = fsrs.Scheduler(parameters=true_parameters(), enable_fuzzing=False)
    ids = [f"f{i:04d}:main" for i in range(cards)]
    store.sync_deck(DECK, [CardInfo(c, c.split(":")[0], "t") for c in ids], now=START)
    end = START + timedelta(days=days)
    n = 0
    for k, cid in enumerate(ids):
        memory = fsrs.Card(card_id=k + 1)
        at = START + timedelta(days=rng.uniform(0, days * 0.6), hours=rng.uniform(0, 10))
        for _ in range(max_reviews):
            if at >= end:
                break
            if memory.last_review is None:
                rating = rng.choice([1, 2, 3, 3, 3, 4])
            else:
                recalled = rng.random() < truth.get_card_retrievability(memory, at)
                rating = rng.choice([2, 3, 3, 3, 4]) if recalled else 1
            memory, _ = truth.review_card(memory, rating, at)
            rv = store.record_review(DECK, cid, item_id=f"i{k}", item_kind="flashcard", response="",
                                     correct=rating > 1, score=float(rating > 1), rating=rating,
                                     elapsed_ms=6000, now=at)
            n += 1
            at = max(rv.after.due, at + timedelta(minutes=1)) + timedelta(hours=rng.uniform(0, 8))
    return n
