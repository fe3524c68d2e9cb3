"""A deck's remembered study settings: new cards a day, desired retention,
exam date, and whether the scheduler uses the student's own parameters.

The drill, ``plan``, ``stats`` and ``factdrill settings`` read and write
them here only, so a value is checked the same way wherever it is given (a
past exam date is refused everywhere, before anything is stored) and a
student always sees what is in force: the drill's banner and ``stats``
print :meth:`DeckSettings.summary`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..errors import UsageProblem

if TYPE_CHECKING:
    from .store import Store

DEFAULT_NEW = 20
MAX_NEW = 100_000  # beyond it SQLite integers and int(float) overflow
DEFAULT_RETENTION = 0.9
RETENTION_RANGE = (0.7, 0.99)
CLEAR_WORDS = ("off", "none", "clear")

NEW_KEY, RETENTION_KEY, EXAM_KEY = "new_per_day", "retention", "exam_date"


@dataclass(frozen=True)
class DeckSettings:
    """What the drill uses for one deck (defaults where nothing is remembered)."""

    new_per_day: int = DEFAULT_NEW
    retention: float = DEFAULT_RETENTION
    exam_date: date | None = None
    own_parameters: bool = False  # fitted by 'factdrill optimize'

    def exam_phrase(self, today: date) -> str:
        """The exam date as a student reads it, with the days left."""
        if self.exam_date is None:
            return "no exam date"
        days = (self.exam_date - today).days
        if days < 0:
            return f"exam date {self.exam_date.isoformat()} has passed (ignored)"
        if days == 0:
            return f"exam today ({self.exam_date.isoformat()})"
        return f"exam {self.exam_date.isoformat()} (in {days} day{'s' if days != 1 else ''})"

    def summary(self, today: date) -> str:
        """One line: ``20 new cards a day, retention 90%, no exam date, default scheduler``."""
        model = "your own scheduler parameters" if self.own_parameters else "default scheduler"
        return (
            f"{self.new_per_day} new card{'s' if self.new_per_day != 1 else ''} a day, "
            f"retention {self.retention * 100:g}%, {self.exam_phrase(today)}, {model}"
        )


def load_settings(store: "Store", deck_id: str) -> DeckSettings:
    """The deck's remembered settings; a hand-edited bad value reads as its default
    (a damaged setting must never stop a student from studying)."""
    from .params import load_parameters

    return DeckSettings(
        new_per_day=_stored_new(store.get_setting(deck_id, NEW_KEY)),
        retention=_stored_retention(store.get_setting(deck_id, RETENTION_KEY)),
        exam_date=_stored_date(store.get_setting(deck_id, EXAM_KEY)),
        own_parameters=load_parameters(store, deck_id) is not None,
    )


class _Keep:
    """The "leave it as it is" value of :func:`save_settings` (None clears the exam date)."""


KEEP = _Keep()


def save_settings(
    store: "Store",
    deck_id: str,
    *,
    new_per_day: int | None = None,
    retention: float | None = None,
    exam_date: date | None | _Keep = KEEP,
    today: date,
) -> DeckSettings:
    """Check every given value, then remember them; nothing is stored if one is bad."""
    if new_per_day is not None:
        check_new(new_per_day)
    if retention is not None:
        check_retention(retention)
    if isinstance(exam_date, date):
        check_exam_date(exam_date, today=today)
    if new_per_day is not None:
        store.set_setting(deck_id, NEW_KEY, str(new_per_day))
    if retention is not None:
        store.set_setting(deck_id, RETENTION_KEY, repr(float(retention)))
    if not isinstance(exam_date, _Keep):
        store.set_setting(deck_id, EXAM_KEY, exam_date.isoformat() if exam_date else None)
    return load_settings(store, deck_id)


def parse_exam_date(text: str, *, today: date | None = None) -> date | None:
    """``YYYY-MM-DD`` as a date, or None for ``off`` (forget it); with
    ``today``, a date before it is refused."""
    if text.strip().lower() in CLEAR_WORDS:
        return None
    try:
        when = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageProblem(f"--exam-date {text!r} is not a date; write it as YYYY-MM-DD (or 'off')") from None
    if today is not None:
        check_exam_date(when, today=today)
    return when


def check_exam_date(when: date, *, today: date) -> None:
    """Refuse an exam date in the past: stored, it would cap every interval
    at a day that is gone (it cut Easy from 8 days to 1)."""
    if when < today:
        raise UsageProblem(
            f"--exam-date {when.isoformat()} is in the past (today is {today.isoformat()}); "
            "give the coming exam's date, or 'off' to clear it"
        )


def check_new(value: int) -> None:
    if not 0 <= value <= MAX_NEW:
        raise UsageProblem(f"--new {value} is out of range; use 0 to {MAX_NEW} (20 is usual)")


def check_retention(value: float) -> None:
    lo, hi = RETENTION_RANGE
    if not lo <= value <= hi:  # NaN fails too
        raise UsageProblem(f"--retention {value} is out of range; use {lo} to {hi} (0.9 is usual)")


def _stored_new(saved: str | None) -> int:
    try:
        return min(max(int(saved), 0), MAX_NEW) if saved else DEFAULT_NEW
    except ValueError:
        return DEFAULT_NEW


def _stored_retention(saved: str | None) -> float:
    try:
        value = float(saved) if saved else DEFAULT_RETENTION
    except ValueError:
        return DEFAULT_RETENTION
    lo, hi = RETENTION_RANGE
    return value if lo <= value <= hi else DEFAULT_RETENTION


def _stored_date(saved: str | None) -> date | None:
    try:
        return date.fromisoformat(saved) if saved else None
    except ValueError:
        return None
