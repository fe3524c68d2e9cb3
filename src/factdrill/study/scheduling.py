"""Scheduling: how answers become FSRS ratings, and ratings become due dates.

All interval arithmetic is done by the `fsrs` package (FSRS-6: default
parameters, or the student's own once ``factdrill optimize`` fitted them);
this module only translates between factdrill's types and fsrs's, and
applies two policies fsrs does not have: the exam-date cap and the
answer-to-rating mapping.

Answer -> rating mapping (auto-graded items; flashcards are self-rated 1-4
and the student may always override an automatic rating with a key):

==================  ==========================================================
item kind           rating
==================  ==========================================================
any, wrong          AGAIN
any, right          GOOD
right but slow      HARD  (slower than 20 s for choice items, 30 s for typed
                    answers, 45 s for matching and ordering)
right with a typo   HARD  (a typed answer accepted only thanks to typo
                    tolerance)
SATA                all right -> GOOD; exactly one error (one missed key or
                    one wrong pick) -> HARD; more -> AGAIN
matching, ordering  all right -> GOOD; one slip (one pair/position wrong, or
                    two swapped) -> HARD; more -> AGAIN
highlight           as SATA
grids, drop-downs,  full marks -> GOOD; one point lost, or at least 80% of
bowtie, case        the points -> HARD; less -> AGAIN (slow: over 60 s, 90 s
                    for a bowtie, 10 minutes for a case)
==================  ==========================================================

Leeches: every scheduled review rated AGAIN counts as a lapse (a failure);
the 8th failure tags the card a leech and suspends it, and every 4 further
failures after it is unsuspended suspend it again (Anki's rule).
"""

from __future__ import annotations

import dataclasses
import zlib
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta, timezone
from enum import IntEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:  # pragma: no cover - typing only; keeps imports light
    from ..generators.items import Item
    from .cards import CardState

LEECH_THRESHOLD = 8
"""Failures (AGAIN ratings) after which a card becomes a leech."""
LEECH_REPEAT = 4
"""After the threshold, a leech is suspended again every this many failures."""

DEFAULT_RETENTION = 0.9


class Rating(IntEnum):
    """An FSRS rating; the same integers as ``fsrs.Rating``."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


# Seconds after which a right answer counts as "slow" (-> HARD), per item kind.
CHOICE_KINDS = frozenset({"mcq", "sata", "true_false", "numeric_mcq", "scenario"})
TYPED_KINDS = frozenset({"cloze", "numeric", "flashcard"})
ARRANGE_KINDS = frozenset({"matching", "ordering", "action_order"})
# Clinical-judgment items read a client's note before the question.
NOTE_KINDS = frozenset({"priority", "teaching", "highlight"})
POINT_KINDS = frozenset({"matrix_mc", "matrix_mr", "dropdown", "rationale", "bowtie", "case"})
SLOW_SECONDS: dict[str, float] = {
    **{k: 20.0 for k in CHOICE_KINDS},
    **{k: 30.0 for k in TYPED_KINDS},
    **{k: 45.0 for k in ARRANGE_KINDS | NOTE_KINDS},
    **{k: 60.0 for k in POINT_KINDS},
    "action_order": 60.0,
    "bowtie": 90.0,
    "case": 600.0,
}
# A partial-credit item this close to full marks is HARD, not AGAIN.
NEAR_FULL = 0.8

# Keys a student may press to set or override a rating.
RATING_KEYS: dict[str, Rating] = {
    "1": Rating.AGAIN, "again": Rating.AGAIN, "a": Rating.AGAIN,
    "2": Rating.HARD, "hard": Rating.HARD, "h": Rating.HARD,
    "3": Rating.GOOD, "good": Rating.GOOD, "g": Rating.GOOD,
    "4": Rating.EASY, "easy": Rating.EASY, "e": Rating.EASY,
}  # fmt: skip


def parse_rating(text: str) -> Rating | None:
    """The rating a key names (``1``-``4``, ``a/h/g/e`` or the word), else None."""
    return RATING_KEYS.get(text.strip().lower())


def _kind(item: Any) -> str:
    kind = getattr(item, "kind", "")
    return getattr(kind, "value", kind)


def rating_for(grade: Any, *, elapsed_s: float, item: Item) -> Rating:
    """The FSRS rating an auto-graded answer earns (see the module table).

    ``grade`` is a :class:`factdrill.study.grading.Grade` (read duck-typed so this
    module needs no grading import): ``correct``, ``score``, ``earned``,
    ``possible``, ``chosen``, ``wrong_chosen`` and ``typo`` are used.
    """
    kind = _kind(item)
    slow = elapsed_s > SLOW_SECONDS.get(kind, 30.0)
    if kind in POINT_KINDS:
        possible = int(getattr(grade, "possible", 0) or 0)
        lost = possible - int(getattr(grade, "earned", 0) or 0)
        if lost <= 0:
            return Rating.HARD if slow else Rating.GOOD
        return Rating.HARD if lost == 1 or (possible and 1 - lost / possible >= NEAR_FULL) else Rating.AGAIN
    if kind in ("sata", "highlight"):
        keys = set(item.correct_options)
        chosen = set(getattr(grade, "chosen", ()) or ())
        wrong = len(chosen - keys)
        missed = len(keys - chosen)
        errors = wrong + missed
        if errors == 0 and getattr(grade, "correct", False):
            return Rating.HARD if slow else Rating.GOOD
        return Rating.HARD if errors == 1 else Rating.AGAIN
    if kind in ARRANGE_KINDS:
        possible = int(getattr(grade, "possible", 0) or 0)
        earned = int(getattr(grade, "earned", 0) or 0)
        errors = possible - earned
        if getattr(grade, "correct", False) and errors <= 0:
            return Rating.HARD if slow else Rating.GOOD
        # A swap of two entries puts two positions wrong but is one slip.
        return Rating.HARD if errors == 1 or (errors == 2 and possible >= 3) else Rating.AGAIN
    if not getattr(grade, "correct", False):
        return Rating.AGAIN
    if slow or getattr(grade, "typo", False):
        return Rating.HARD
    return Rating.GOOD


def rating_reason(grade: Any, *, elapsed_s: float, item: Item) -> str | None:
    """Why :func:`rating_for` chose its rating, said after "Rated Hard:" so a
    student never wonders why a right answer was not Good; None for a plain
    right answer rated Good."""
    kind = _kind(item)
    limit = SLOW_SECONDS.get(kind, 30.0)
    rating = rating_for(grade, elapsed_s=elapsed_s, item=item)
    if rating == Rating.GOOD:
        return None
    slow = f"after {elapsed_s:.0f} s (Good within {limit:g} s)"
    correct = getattr(grade, "correct", False)
    if kind in POINT_KINDS:
        lost = int(getattr(grade, "possible", 0) or 0) - int(getattr(grade, "earned", 0) or 0)
        if lost <= 0:
            return f"all right, but {slow}"
        return "one point lost" if lost == 1 else f"{lost} of {int(getattr(grade, 'possible', 0))} points lost"
    if kind in ("sata", "highlight"):
        keys = set(item.correct_options)
        chosen = set(getattr(grade, "chosen", ()) or ())
        errors = len(chosen - keys) + len(keys - chosen)
        if errors == 0:
            return f"all right, but {slow}"
        return f"{'one choice' if errors == 1 else f'{errors} choices'} wrong or missed"
    if kind in ARRANGE_KINDS:
        errors = int(getattr(grade, "possible", 0) or 0) - int(getattr(grade, "earned", 0) or 0)
        if correct and errors <= 0:
            return f"all right, but {slow}"
        return "one slip" if rating == Rating.HARD else f"{errors} places wrong"
    if not correct:
        return "wrong"
    if getattr(grade, "typo", False):
        return "right, with a typo"
    return f"right, but {slow}"


def rating_rule(kind: str) -> str:
    """How an answer to an item of ``kind`` will be rated, said before it is
    answered (flashcards are self-rated: empty)."""
    kind = getattr(kind, "value", kind)
    if kind == "flashcard":
        return ""
    limit = SLOW_SECONDS.get(kind, 30.0)
    if kind in ("sata", "highlight"):
        return f"Rated Good if all right within {limit:g} s, Hard for one slip or slower, else Again."
    if kind in POINT_KINDS:
        return (f"Rated Good if every point is earned within {limit:g} s, Hard for one point lost "
                f"(or {NEAR_FULL:.0%} of them earned) or slower, else Again.")
    if kind in ARRANGE_KINDS:
        return f"Rated Good if all right within {limit:g} s, Hard for one slip or slower, else Again."
    typo = " or only a typo off" if kind == "cloze" else ""
    return f"Rated Good if right within {limit:g} s, Hard if slower{typo}, Again if wrong."


# -- FSRS bridge ---------------------------------------------------------------

_STATE_NAMES = {1: "learning", 2: "review", 3: "relearning"}
_STATE_VALUES = {v: k for k, v in _STATE_NAMES.items()}


Parameters = tuple[float, ...]
"""FSRS-6 model parameters (21 numbers); None everywhere means fsrs's defaults."""


@lru_cache(maxsize=16)
def scheduler(
    retention: float = DEFAULT_RETENTION, fuzz: bool = True, parameters: Parameters | None = None
) -> Any:
    """One cached ``fsrs.Scheduler`` per (retention, fuzzing, parameters).

    ``parameters`` are a student's fitted FSRS parameters (``factdrill
    optimize``); None uses fsrs's defaults.
    """
    import fsrs

    if not 0.5 <= retention < 1.0:
        from ..errors import UsageProblem

        raise UsageProblem(f"desired retention {retention} is out of range; use 0.5 to 0.99")
    if parameters is None:
        return fsrs.Scheduler(desired_retention=retention, enable_fuzzing=fuzz)
    return fsrs.Scheduler(parameters=parameters, desired_retention=retention, enable_fuzzing=fuzz)


def fsrs_card_id(card_id: str) -> int:
    """A stable integer id for fsrs (it only copies it into its logs)."""
    return zlib.crc32(card_id.encode())


def to_fsrs(state: CardState, *, now: datetime) -> Any:
    """The ``fsrs.Card`` for a card state (a new card is fsrs Learning, step 0)."""
    import fsrs

    if state.state == "new":
        return fsrs.Card(card_id=fsrs_card_id(state.card_id), state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=fsrs_card_id(state.card_id),
        state=fsrs.State(_STATE_VALUES[state.state]),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due or now,
        last_review=state.last_review,
    )


def exam_cap(exam_date: date | None, *, now: datetime) -> datetime | None:
    """The latest due time the exam allows: the start of the exam day (local
    time), or None when there is no exam or it is not in the future."""
    if exam_date is None:
        return None
    local_tz = now.astimezone().tzinfo
    start = datetime.combine(exam_date, time(0, 0), tzinfo=local_tz).astimezone(timezone.utc)
    return start if start > now else None


def next_state(
    state: CardState,
    rating: Rating,
    *,
    now: datetime,
    retention: float = DEFAULT_RETENTION,
    exam_date: date | None = None,
    fuzz: bool = True,
    parameters: Parameters | None = None,
) -> CardState:
    """The card state after one scheduled review, computed by fsrs.

    Counts the review (``reps``) and a failure (``lapses`` on AGAIN). With a
    future ``exam_date`` the due time is capped at the start of the exam day
    so no interval jumps past the exam. Leech policy is the store's job.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(timezone.utc)
    sched = scheduler(retention, fuzz, parameters)
    with _seeded_fuzz(state.card_id, state.reps, fuzz):
        card, _log = sched.review_card(to_fsrs(state, now=now), int(rating), now)
    due = card.due
    cap = exam_cap(exam_date, now=now)
    if cap is not None and due > cap:
        due = cap
    return dataclasses.replace(
        state,
        state=_STATE_NAMES[int(card.state)],
        due=due,
        stability=card.stability,
        difficulty=card.difficulty,
        step=card.step,
        last_review=card.last_review,
        reps=state.reps + 1,
        lapses=state.lapses + (1 if rating == Rating.AGAIN else 0),
    )


def preview_intervals(
    state: CardState,
    *,
    now: datetime,
    retention: float = DEFAULT_RETENTION,
    exam_date: date | None = None,
    parameters: Parameters | None = None,
    fuzz: bool = False,
) -> dict[Rating, timedelta]:
    """How long until the card is due again for each rating. With ``fuzz``
    (as the store schedules), exactly the interval each rating will give:
    the fuzz is seeded per card and review (:func:`_seeded_fuzz`)."""
    return {
        r: next_state(
            state, r, now=now, retention=retention, exam_date=exam_date, fuzz=fuzz, parameters=parameters
        ).due
        - now
        for r in Rating
    }


@contextmanager
def _seeded_fuzz(card_id: str, reps: int, on: bool) -> Iterator[None]:
    """Make fsrs's interval fuzz a function of the card and its review count.

    fsrs spreads intervals with ``random.random()``; seeded per (card, reps),
    the rating menu's preview ("4 Easy 8d") and the interval the answer then
    gets are the same numbers, while different cards still spread apart.
    The global generator's state is restored afterwards.
    """
    if not on:
        yield
        return
    import random

    saved = random.getstate()
    random.seed(f"factdrill-fuzz\x1f{card_id}\x1f{reps}")
    try:
        yield
    finally:
        random.setstate(saved)


def retrievability(
    state: CardState,
    *,
    now: datetime,
    retention: float = DEFAULT_RETENTION,
    parameters: Parameters | None = None,
) -> float:
    """fsrs's predicted probability of recall now (0 for a new card)."""
    if state.state == "new" or state.stability is None:
        return 0.0
    sched = scheduler(retention, False, parameters)
    return float(sched.get_card_retrievability(to_fsrs(state, now=now), now))


def format_interval(delta: timedelta) -> str:
    """A short human interval: ``45s``, ``10m``, ``3h``, ``4d``, ``2mo``, ``1.5y``."""
    s = delta.total_seconds()
    if s < 60:
        return f"{max(0, round(s))}s"
    if s < 3600:
        return f"{round(s / 60)}m"
    if s < 86400:
        return f"{round(s / 3600)}h"
    days = s / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30)}mo"
    return f"{days / 365:.1f}y"
