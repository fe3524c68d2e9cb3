"""The end of a session: what the student did, as data and as text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cards import Review
    from .queue import QueueCounts


@dataclass(frozen=True)
class TopicResult:
    topic: str
    title: str
    answered: int
    correct: int


@dataclass(frozen=True)
class SessionSummary:
    """What the student did: shown at the end and returned to callers."""

    answered: int
    correct: int
    skipped: int
    duration_s: float
    topics: tuple[TopicResult, ...]
    next_due: datetime | None
    reviews: tuple["Review", ...]
    left: "QueueCounts | None" = None  # what a new session would take now


    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


def summarize(
    answers: Sequence[tuple[str, str, "Review"]],
    topic_title: Callable[[str, str], str],
    *,
    skipped: int,
    duration_s: float,
    next_due: datetime | None,
    left: "QueueCounts | None" = None,
) -> SessionSummary:
    """A session's summary from its answers as (deck id, topic, review)."""
    per: dict[tuple[str, str], list[int]] = {}
    for deck_id, topic, review in answers:
        counts = per.setdefault((deck_id, topic), [0, 0])
        counts[0] += 1
        counts[1] += int(review.correct)
    topics = tuple(TopicResult(topic, topic_title(deck_id, topic), n, ok) for (deck_id, topic), (n, ok) in per.items())
    return SessionSummary(
        answered=len(answers),
        correct=sum(int(r.correct) for _, _, r in answers),
        skipped=skipped,
        duration_s=duration_s,
        topics=topics,
        next_due=next_due,
        reviews=tuple(r for _, _, r in answers),
        left=left,
    )


def format_interval(delta: timedelta) -> str:
    """A next-review interval as a student reads it: ``in 10 min``, ``in 3 days``.

    The same units and rounding as the rating menu's short form
    (:func:`factdrill.study.scheduling.format_interval`), so "4 Easy 8d"
    is followed by "in 8 days" and "3 Good 10mo" by "in 10 months".
    """
    seconds = max(0.0, delta.total_seconds())
    minutes = seconds / 60
    if minutes < 1:
        return "in under a minute"
    if minutes < 60:
        return f"in {round(minutes)} min"
    hours = minutes / 60
    if hours < 24:
        n = round(hours)
        return f"in {n} hour" + ("s" if n != 1 else "")
    days = hours / 24
    if days < 30:
        n = round(days)
        return f"in {n} day" + ("s" if n != 1 else "")
    if days < 365:
        n = round(days / 30)
        return f"in {n} month" + ("s" if n != 1 else "")
    return f"in {days / 365:.1f} years"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def format_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def format_summary(summary: SessionSummary, *, now: datetime, width: int = 80) -> str:
    """The end-of-session report, every line within ``width`` columns."""
    from ..terminal import printable, truncate

    lines = ["Session summary", "-" * 15]
    if summary.answered:
        acc = summary.accuracy or 0.0
        lines.append(
            f"Answered {plural(summary.answered, 'item')}, {summary.correct} right ({acc:.0%}) "
            f"in {format_duration(summary.duration_s)}."
        )
    else:
        lines.append("No items answered.")
    if summary.skipped:
        lines.append(f"Skipped {summary.skipped}.")
    if summary.topics:
        lines.append("By topic:")
        name_w = max(10, width - 24)
        for t in sorted(summary.topics, key=lambda t: t.title):
            title = truncate(printable(t.title), name_w)
            lines.append(f"  {title:<{name_w}} {t.correct:>3}/{t.answered:<3} {t.correct / t.answered:>5.0%}")
    if summary.left is not None and summary.left.total:
        # cards due now are not "due in under a minute": say what is left, as stats does
        lines.append(f"Still to study now: {summary.left.text()} ('factdrill drill' goes on).")
    elif summary.next_due is not None and summary.next_due > now:
        local = summary.next_due.astimezone()
        lines.append(f"Next card due {format_interval(summary.next_due - now)} ({local:%Y-%m-%d %H:%M}).")
    return "\n".join(line[:width] for line in lines)
