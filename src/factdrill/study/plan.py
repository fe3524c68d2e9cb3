"""Planning for an exam: how many new cards a day cover the deck in time.

:func:`simulate` plays the coming days, one study session a day, with the
drill's own scheduling (:func:`~factdrill.study.scheduling.next_state`:
fsrs with the deck's parameters, retention and exam cap, without fuzz) and
the leech rule and the drill's queue (due cards first, then new ones up to
the day's limit, one card per fact a day), starting from the cards as the
store has them now. Each
answer is drawn at random: right with fsrs's probability of recall at that
moment (a new card's first rating and the button of a right answer follow
the student's own habits, or fsrs-rs's simulator defaults until the log
has enough of them), and it costs the seconds such answers take.
The predicted share of the deck remembered on the exam day is the mean
probability of recall of every active card at the start of that day (a
card never studied counts 0). A run's answers are returned, so replaying
them through the store gives the same figure.

Why not fsrs-rs's simulator: its Python binding starts from an empty
deck (it cannot take the cards a student has already studied), and it does
not know the exam cap, which changes every interval near the exam.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from statistics import median

from .cards import CardState, Review
from .scheduling import DEFAULT_RETENTION, Rating, exam_cap, next_state, retrievability
from .store import leech_due

SESSION_HOUR = 9  # a future day's session starts at 9:00 local time
MAX_ANSWERS_A_DAY = 20  # per card: learning steps end long before this
MIN_SAMPLES = 30  # answers of a kind before the student's own habits replace the defaults
RUNS = 3
CLOSE_TO_BEST = 0.02  # recommend the lightest rate within 2 points of the best

# fsrs-rs ``SimulatorConfig::default()`` (fsrs-rs 6.6, as fsrs-rs-python
# 0.9.3 reports it): what Anki users do on average.
DEFAULT_FIRST = (0.24, 0.094, 0.495, 0.171)  # Again, Hard, Good, Easy on a new card
DEFAULT_PASS = (0.224, 0.631, 0.145)  # Hard, Good, Easy when right
DEFAULT_SECONDS = {  # by state before the answer, then rating 1-4
    "learning": (19.58, 18.79, 13.78, 10.71),
    "review": (19.38, 17.59, 12.38, 8.94),
    "relearning": (16.44, 15.25, 12.32, 8.03),
}


@dataclass(frozen=True)
class Habits:
    """How a student answers: rating shares and seconds per answer."""

    first: tuple[float, ...] = DEFAULT_FIRST
    passed: tuple[float, ...] = DEFAULT_PASS
    seconds: dict[str, tuple[float, ...]] = field(default_factory=lambda: dict(DEFAULT_SECONDS))
    own: bool = False  # any of it from the student's log

    def cost(self, state: str, rating: int) -> float:
        return self.seconds["learning" if state == "new" else state][rating - 1]


def habits_from_log(reviews: Iterable[Review]) -> Habits:
    """The student's rating shares and answer times, where the log has
    :data:`MIN_SAMPLES` of them; fsrs-rs's defaults elsewhere."""
    first = [0] * 4
    passed = [0] * 3
    times: dict[tuple[str, int], list[int]] = {}
    for rv in reviews:
        if rv.practice:
            continue
        state = rv.before.state
        if state == "new":
            first[rv.rating - 1] += 1
        elif state == "review" and rv.rating > 1:
            passed[rv.rating - 2] += 1
        key = ("learning" if state == "new" else state, rv.rating)
        times.setdefault(key, []).append(rv.elapsed_ms)
    own = False
    h = Habits()
    if sum(first) >= MIN_SAMPLES:
        h, own = replace(h, first=tuple(n / sum(first) for n in first)), True
    if sum(passed) >= MIN_SAMPLES:
        h, own = replace(h, passed=tuple(n / sum(passed) for n in passed)), True
    seconds = dict(h.seconds)
    for state, row in DEFAULT_SECONDS.items():
        mine = list(row)
        for rating in range(1, 5):
            got = times.get((state, rating), [])
            if len(got) >= MIN_SAMPLES:
                mine[rating - 1] = min(60.0, median(got) / 1000)  # a pause is not study time
                own = True
        seconds[state] = tuple(mine)
    return replace(h, seconds=seconds, own=own)


@dataclass(frozen=True)
class SimAnswer:
    """One simulated answer, replayable through the store."""

    card_id: str
    at: datetime
    rating: int


@dataclass
class Run:
    """One simulated future."""

    exam_retention: float  # mean recall of the deck at the start of the exam day
    reviews: list[int]  # answers per day
    seconds: list[float]  # study time per day
    introduced: list[int]  # new cards per day
    answers: list[SimAnswer]


@dataclass(frozen=True)
class Settings:
    """What the drill schedules with."""

    exam: date
    retention: float = DEFAULT_RETENTION
    parameters: tuple[float, ...] | None = None


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0)).astimezone().astimezone(timezone.utc)


def simulate(
    cards: Sequence[CardState],
    *,
    new_per_day: int,
    settings: Settings,
    now: datetime,
    habits: Habits = Habits(),
    introduced_today: int = 0,
    seed: int = 0,
) -> Run:
    """Play the days from ``now`` to the exam (see module doc).

    ``cards`` are the deck's active cards (not suspended, not hidden), new
    ones in the order the drill introduces them.
    """
    rng = random.Random(seed)
    today = now.astimezone().date()
    days = (settings.exam - today).days
    if days <= 0:
        raise ValueError("the exam must be after today")
    states = list(cards)
    suspended = [False] * len(states)
    fresh = [i for i, s in enumerate(states) if s.state == "new"]
    fresh.reverse()  # pop() takes them in order
    run = Run(0.0, [0] * days, [0.0] * days, [0] * days, [])
    for d in range(days):
        day = today + timedelta(days=d)
        end = _local_midnight(day + timedelta(days=1))
        start = now if d == 0 else _local_midnight(day) + timedelta(hours=SESSION_HOUR)
        # The drill's queue: due cards (most overdue first), then new ones, one
        # card per fact a day (siblings wait for the next day).
        due = sorted(
            (s.due, i) for i, s in enumerate(states)
            if s.state != "new" and not suspended[i] and s.due is not None and s.due < end
        )  # fmt: skip
        facts: set[str] = set()
        heap: list[tuple[datetime, int]] = []
        for when, i in due:
            if states[i].fact_id not in facts:
                facts.add(states[i].fact_id)
                heap.append((max(when, start), i))
        room = max(0, new_per_day - (introduced_today if d == 0 else 0))
        waiting = []
        while room and fresh:
            i = fresh.pop()
            if states[i].fact_id in facts:
                waiting.append(i)  # a sibling is studied today: tomorrow
                continue
            facts.add(states[i].fact_id)
            heap.append((start, i))
            run.introduced[d] += 1
            room -= 1
        fresh.extend(reversed(waiting))
        heapq.heapify(heap)
        answered = [0] * len(states)
        while heap:
            at, i = heapq.heappop(heap)
            s = states[i]
            rating = _draw(s, at, rng, habits, settings)
            run.seconds[d] += habits.cost(s.state, rating)
            run.reviews[d] += 1
            run.answers.append(SimAnswer(s.card_id, at, rating))
            s = next_state(s, Rating(rating), now=at, retention=settings.retention,
                           exam_date=settings.exam, fuzz=False, parameters=settings.parameters)
            states[i] = s
            answered[i] += 1
            if rating == Rating.AGAIN and leech_due(s.lapses):
                suspended[i] = True  # as the store does: a leech leaves the queue
            elif s.due is not None and s.due < end and answered[i] < MAX_ANSWERS_A_DAY:
                heapq.heappush(heap, (max(s.due, at), i))
    run.exam_retention = exam_retention(states, settings=settings, now=now)
    return run


def exam_retention(states: Sequence[CardState], *, settings: Settings, now: datetime) -> float:
    """Mean probability of recall of ``states`` at the start of the exam day."""
    at = exam_cap(settings.exam, now=now) or _local_midnight(settings.exam)
    if not states:
        return 0.0
    total = sum(
        retrievability(s, now=at, retention=settings.retention, parameters=settings.parameters)
        for s in states
    )
    return total / len(states)


def _draw(s: CardState, at: datetime, rng: random.Random, habits: Habits, settings: Settings) -> int:
    """A rating: a new card's by the first-rating shares; else right with
    fsrs's recall probability, with the button by the pass shares."""
    if s.state == "new":
        return rng.choices((1, 2, 3, 4), weights=habits.first)[0]
    recall = retrievability(s, now=at, retention=settings.retention, parameters=settings.parameters)
    if rng.random() >= recall:
        return 1
    return rng.choices((2, 3, 4), weights=habits.passed)[0]


@dataclass(frozen=True)
class Option:
    """One new-cards-a-day choice, summarised over several runs."""

    new_per_day: int
    retention: float  # predicted share of the deck remembered on the exam day
    reviews_avg: float
    reviews_peak: int
    minutes_avg: float
    minutes_peak: float
    all_seen: date | None  # the day the last new card is introduced (None: not by the exam)
    runs: tuple[Run, ...]

    @property
    def daily_reviews(self) -> list[float]:
        return [sum(r.reviews[d] for r in self.runs) / len(self.runs) for d in range(len(self.runs[0].reviews))]

    @property
    def daily_minutes(self) -> list[float]:
        return [sum(r.seconds[d] for r in self.runs) / 60 / len(self.runs) for d in range(len(self.runs[0].seconds))]


def evaluate_option(
    cards: Sequence[CardState],
    new_per_day: int,
    *,
    settings: Settings,
    now: datetime,
    habits: Habits = Habits(),
    introduced_today: int = 0,
    runs: int = RUNS,
    seed: int = 0,
) -> Option:
    """Simulate one choice ``runs`` times (seeds ``seed``, ``seed + 1``...)."""
    done = tuple(
        simulate(cards, new_per_day=new_per_day, settings=settings, now=now, habits=habits,
                 introduced_today=introduced_today, seed=seed + k)
        for k in range(runs)
    )  # fmt: skip
    reviews = [sum(r.reviews[d] for r in done) / runs for d in range(len(done[0].reviews))]
    minutes = [sum(r.seconds[d] for r in done) / 60 / runs for d in range(len(done[0].seconds))]
    new_total = sum(1 for c in cards if c.state == "new")
    seen = None
    if new_total == 0:
        seen = now.astimezone().date()
    else:
        got = 0
        for d, n in enumerate(done[0].introduced):
            got += n
            if got >= new_total:
                seen = now.astimezone().date() + timedelta(days=d)
                break
    return Option(
        new_per_day=new_per_day,
        retention=sum(r.exam_retention for r in done) / runs,
        reviews_avg=sum(reviews) / len(reviews),
        reviews_peak=max(max(r.reviews) for r in done),
        minutes_avg=sum(minutes) / len(minutes),
        minutes_peak=max(minutes),
        all_seen=seen,
        runs=done,
    )


def candidate_rates(new_cards: int, days: int, current: int) -> list[int]:
    """A few new-cards-a-day choices around the rate that shows every new
    card by two thirds of the way to the exam (leaving the rest for review)."""
    if new_cards <= 0:
        return [current]
    cover = math.ceil(new_cards / max(1, days * 2 // 3))
    rates = {max(1, cover // 2), cover, math.ceil(cover * 1.5), 2 * cover, 3 * cover, current}
    return sorted(r for r in rates if 0 < r <= max(new_cards, current))


def recommend(options: Sequence[Option], minutes_budget: float | None = None) -> Option:
    """The lightest choice whose predicted exam-day share is within
    :data:`CLOSE_TO_BEST` of the best; within the daily time budget when one
    is given (the lightest choice of all if none fits)."""
    fits = [o for o in options if minutes_budget is None or o.minutes_avg <= minutes_budget]
    if not fits:
        return min(options, key=lambda o: (o.minutes_avg, o.new_per_day))
    best = max(o.retention for o in fits)
    return min((o for o in fits if o.retention >= best - CLOSE_TO_BEST), key=lambda o: o.new_per_day)
