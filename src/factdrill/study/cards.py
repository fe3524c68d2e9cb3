"""Cards and reviews as the study layer sees them, and their JSON form.

A card is one fact seen from one side (``FACT:SIDE``); :class:`CardState` is
its scheduling state (the fsrs Card fields plus our flags) and :class:`Review`
one logged answer with the states before and after it. Times are aware UTC
datetimes; the store keeps them as integer microseconds (:func:`to_us`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, timezone
from typing import Any, Callable

STATE_NAMES = ("new", "learning", "review", "relearning")
STATE_CODES = {name: i for i, name in enumerate(STATE_NAMES)}

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_US = timedelta(microseconds=1)


@dataclass(frozen=True)
class CardInfo:
    """What the deck says about a card: identity, fact, topic and tags."""

    card_id: str
    fact_id: str
    topic: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardState:
    """A card's scheduling state (the fsrs Card fields plus our flags)."""

    deck_id: str
    card_id: str
    fact_id: str
    topic: str
    state: str  # "new" | "learning" | "review" | "relearning"
    due: datetime | None  # UTC aware; None for new cards
    stability: float | None
    difficulty: float | None
    step: int | None
    last_review: datetime | None
    reps: int
    lapses: int
    suspended: bool
    leech: bool
    hidden: bool


@dataclass(frozen=True)
class Review:
    """One answered item as logged; ``before``/``after`` allow exact undo."""

    id: int
    deck_id: str
    card_id: str
    item_id: str
    item_kind: str
    reviewed_at: datetime
    response: str
    correct: bool
    score: float
    rating: int
    elapsed_ms: int
    confused_with: tuple[str, ...]
    before: CardState
    after: CardState
    practice: bool


# -- time ----------------------------------------------------------------------


def utc(dt: datetime) -> datetime:
    """``dt`` as an aware UTC datetime (naive datetimes are refused)."""
    if dt.tzinfo is None:
        raise ValueError("datetimes passed to the store must be timezone-aware")
    return dt.astimezone(timezone.utc)


def to_us(dt: datetime) -> int:
    """Exact integer microseconds since the epoch (the column format)."""
    return (utc(dt) - _EPOCH) // _US


def from_us(us: int | None) -> datetime | None:
    return None if us is None else _EPOCH + timedelta(microseconds=us)


def local_day_start(now: datetime, days: int = 0) -> datetime:
    """Start (UTC) of the local calendar day ``days`` after the day of ``now``.

    "Today" for the new-card limit, reviews today and the streak follows the
    student's clock, not UTC.
    """
    day = utc(now).astimezone().date() + timedelta(days=days)
    return datetime.combine(day, time(0, 0)).astimezone(timezone.utc)


# -- JSON form of a state -----------------------------------------------------


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.isoformat()


def state_to_dict(s: CardState) -> dict[str, Any]:
    """The scheduling part of a state, JSON-ready (the log and export format)."""
    return {
        "state": s.state,
        "due": _iso(s.due),
        "stability": s.stability,
        "difficulty": s.difficulty,
        "step": s.step,
        "last_review": _iso(s.last_review),
        "reps": s.reps,
        "lapses": s.lapses,
        "suspended": s.suspended,
        "leech": s.leech,
    }


def parse_dt(value: Any, what: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return utc(datetime.fromisoformat(str(value)))
    except (ValueError, OverflowError) as e:  # "9999-12-31T23:59-23:00" overflows in UTC
        shown = str(value)[:40]
        raise ValueError(f"{what} {shown!r} is not an ISO date-time with a UTC offset") from e


def state_from_dict(d: dict[str, Any], *, ident: CardState) -> CardState:
    """Rebuild a state from :func:`state_to_dict` output plus the card's identity."""
    if not isinstance(d, dict):
        raise ValueError("a card state must be an object")
    name = d.get("state")
    if name not in STATE_CODES:
        raise ValueError(f"unknown card state {name!r}")

    def num(key: str, cast: Callable[[Any], Any]) -> Any:
        v = d.get(key)
        return None if v is None else cast(v)

    return replace(
        ident,
        state=name,
        due=parse_dt(d.get("due"), "due"),
        stability=num("stability", float),
        difficulty=num("difficulty", float),
        step=num("step", int),
        last_review=parse_dt(d.get("last_review"), "last_review"),
        reps=int(d.get("reps", 0)),
        lapses=int(d.get("lapses", 0)),
        suspended=bool(d.get("suspended", False)),
        leech=bool(d.get("leech", False)),
    )
