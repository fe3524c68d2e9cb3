"""The exam plan as terminal text: a table of choices and a daily chart,
no line wider than 80 columns (see :mod:`factdrill.study.plan`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from .plan import Option
from .stats import Look, column_chart

CHART_HEIGHT = 6


def _when(d: date | None) -> str:
    return "not by exam" if d is None else d.strftime("%d %b")


def render_plan(
    options: Sequence[Option],
    chosen: Option,
    *,
    title: str,
    exam: date,
    today: date,
    cards: int,
    new_cards: int,
    own_model: bool,
    own_habits: bool,
    look: Look = Look(),
) -> str:
    """The table of choices (the recommended one marked) and the chart of
    daily reviews for it."""
    from ..terminal import printable, style, wrap

    w = max(40, min(look.width, 80))
    days = (exam - today).days
    out = [style(printable(title)[:w], bold=True, enabled=look.color)]
    model = "your fitted FSRS parameters" if own_model else "FSRS default parameters"
    habits = "your answer habits" if own_habits else "average answer habits"
    intro = (
        f"Exam {exam.isoformat()} ({days} day{'s' if days != 1 else ''} away): {cards} cards,"
        f" {new_cards} not studied yet. Simulated with {model} and {habits};"
        " 'remembered' is the share of the deck you would recall at the start of the exam day."
    )
    out.extend(wrap(intro, w).splitlines())
    out.append("")
    out.append("   new/day  all seen   remembered   reviews/day   minutes/day")
    out.append("                                     avg  peak     avg  peak")
    for o in options:
        mark = ">" if o is chosen else " "
        line = (
            f" {mark} {o.new_per_day:>6}  {_when(o.all_seen):<11}  {o.retention * 100:5.0f}%"
            f"    {o.reviews_avg:>6.0f} {o.reviews_peak:>5}  {o.minutes_avg:>6.0f} {o.minutes_peak:>5.0f}"
        )
        out.append(line.rstrip()[:w])
    out.append("")
    out.extend(
        wrap(
            f"Recommended: {chosen.new_per_day} new cards a day (the lightest choice within"
            " 2 points of the best).",
            w,
        ).splitlines()
    )
    out.append("")
    out.extend(_chart(chosen, today=today, width=w, look=look))
    return "\n".join(line.rstrip() for line in out)


def _chart(option: Option, *, today: date, width: int, look: Look) -> list[str]:
    """Daily reviews for one choice, days bucketed to fit the width."""
    from ..terminal import style

    daily = option.daily_reviews
    cols = width - 8
    per = max(1, -(-len(daily) // cols))  # days per column, rounded up
    values = [
        round(sum(daily[i : i + per]) / len(daily[i : i + per])) for i in range(0, len(daily), per)
    ]
    head = f"Reviews a day with {option.new_per_day} new a day"
    head += f" (one column = {per} days)" if per > 1 else ""
    rows = [style(head, bold=True, enabled=look.color)]
    chart = column_chart(values, height=CHART_HEIGHT, unicode=look.unicode)
    peak = max(values, default=0)
    for n, line in enumerate(chart):
        label = f"{peak:>5} " if n == 0 else "      "
        rows.append(label + "  " + style(line, "cyan", enabled=look.color))
    if not chart:
        rows.append("  no reviews")
        return rows
    axis = "".join("|" if i % 7 == 0 else "-" for i in range(len(values)))
    rows.append("        " + axis)
    marks = ""
    for i in range(0, len(values), 14):
        marks = marks.ljust(i) + (today + timedelta(days=i * per)).strftime("%d %b") + " "
    rows.append(("        " + marks).rstrip()[:width])
    return rows


def plan_json(options: Sequence[Option], chosen: Option, **meta: Any) -> dict[str, Any]:
    """The plan as JSON-ready data (``factdrill plan --json``)."""
    return {
        **meta,
        "recommended": chosen.new_per_day,
        "options": [
            {
                "new_per_day": o.new_per_day,
                "remembered": round(o.retention, 4),
                "all_seen": None if o.all_seen is None else o.all_seen.isoformat(),
                "reviews_avg": round(o.reviews_avg, 1),
                "reviews_peak": o.reviews_peak,
                "minutes_avg": round(o.minutes_avg, 1),
                "minutes_peak": round(o.minutes_peak, 1),
                "daily_reviews": [round(x, 1) for x in o.daily_reviews],
            }
            for o in options
        ],
    }
