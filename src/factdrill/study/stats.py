"""Progress statistics of a deck, and their terminal rendering.

:func:`compute_stats` reads the store with indexed queries only (card
counts from the (deck, state) index, the forecast from the (deck, due) index,
reviews today and the streak from (deck, reviewed_at) probes, retention from
per-card counters the store keeps with every review), so it stays fast on a
store of 100,000 cards and 1,000,000 reviews. :func:`render_stats` lays the
result out in at most 80 columns, with bar charts for the due forecast.

"True retention" (Anki's term) is the share of scheduled reviews of cards in
the review state (not learning steps, not practice) answered with anything
but Again: how often the student actually remembered a matured card.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .store import Store
from .storefile import guarded

FORECAST_DAYS = 30
WEAKEST = 10
CONFUSED = 10
STREAK_MAX_DAYS = 3650
MATURE_STATE = 2  # fsrs Review state: what true retention measures


@guarded
def compute_stats(store: Store, deck_id: str, *, now: datetime) -> dict[str, Any]:
    """Every figure ``factdrill stats`` shows, as JSON-ready data."""
    from .scheduling import retrievability
    from .cards import CardState, local_day_start, to_us, utc
    from .storefile import CARD_COLUMNS, state_from_row

    now = utc(now)
    db = store.conn
    counts = {"new": 0, "learning": 0, "review": 0, "suspended": 0}
    for state, suspended, n in db.execute(
        "SELECT state, suspended, count(*) FROM cards WHERE deck = ? AND hidden = 0"
        " GROUP BY state, suspended",
        (deck_id,),
    ):
        if suspended:
            counts["suspended"] += n
        else:
            counts[("new", "learning", "review", "learning")[state]] += n
    counts["total"] = sum(counts.values())

    today = local_day_start(now)
    tomorrow = local_day_start(now, 1)
    # one statement for the single figures (each statement costs a round trip)
    t30, p30, reviews_today, due_now = db.execute(
        "SELECT count(*), coalesce(sum(rating > 1), 0),"
        " (SELECT count(*) FROM reviews WHERE deck = ?1 AND reviewed_at >= ?2 AND reviewed_at < ?3),"
        " (SELECT count(*) FROM cards WHERE deck = ?1 AND suspended = 0 AND hidden = 0 AND due <= ?5)"
        " FROM reviews WHERE deck = ?1 AND reviewed_at >= ?4 AND reviewed_at <= ?5"
        " AND state_before = ?6 AND practice = 0",
        (deck_id, to_us(today), to_us(tomorrow), to_us(now - timedelta(days=30)), to_us(now), MATURE_STATE),
    ).fetchone()
    # A streak still counts if today's study has not happened yet.
    streak = _streak(db, deck_id, now, 0 if reviews_today else -1)

    by_topic = db.execute(
        "SELECT topic, sum(rv_total), sum(rv_pass) FROM cards WHERE deck = ?"
        " GROUP BY topic ORDER BY topic",
        (deck_id,),
    ).fetchall()
    topics = {topic: _rate(t, p) for topic, t, p in by_topic if t}
    total = sum(t for _, t, _ in by_topic)
    passed = sum(p for _, _, p in by_topic)

    # Weakest: rank by elapsed/stability in SQL (recall falls as it grows),
    # then let fsrs compute the exact recall chance for the few shown.
    rows = db.execute(
        f"SELECT {CARD_COLUMNS} FROM cards WHERE deck = ? AND hidden = 0 AND state > 0"
        " AND stability > 0 ORDER BY (? - last_review) / 86400000000 / stability DESC,"
        " stability, lapses DESC LIMIT ?",
        (deck_id, to_us(now), WEAKEST * 4),
    ).fetchall()
    weakest: dict[str, dict[str, Any]] = {}
    for r in rows:
        st: CardState = state_from_row(r)
        rec = retrievability(st, now=now)
        cur = weakest.get(st.fact_id)
        if cur is None or rec < cur["recall"]:
            weakest[st.fact_id] = {
                "fact": st.fact_id,
                "topic": st.topic,
                "recall": round(rec, 4),
                "stability_days": round(st.stability or 0.0, 2),
                "lapses": st.lapses,
                "reps": st.reps,
            }
    weak = sorted(weakest.values(), key=lambda w: (w["recall"], w["stability_days"], -w["lapses"], w["fact"]))[:WEAKEST]

    leeches = [
        {"fact": f, "card": c, "failures": lapses, "suspended": bool(s)}
        for f, c, lapses, s in db.execute(
            "SELECT fact, card, lapses, suspended FROM cards WHERE deck = ? AND leech = 1"
            " AND hidden = 0 ORDER BY lapses DESC, fact",
            (deck_id,),
        )
    ]
    confused = [
        {"facts": [a, b], "count": n}
        for a, b, n in db.execute(
            "SELECT pair_a, pair_b, count(*) AS n FROM confusions"
            " WHERE deck = ? GROUP BY pair_a, pair_b ORDER BY n DESC, pair_a, pair_b LIMIT ?",
            (deck_id, CONFUSED),
        )
    ]

    # the next 30 local days (today includes overdue cards): one statement
    days = [local_day_start(now, d) for d in range(FORECAST_DAYS + 1)]
    spans = json.dumps([[-(2**62) if d == 0 else to_us(days[d]), to_us(days[d + 1])] for d in range(FORECAST_DAYS)])
    counts_by_day = db.execute(
        "SELECT (SELECT count(*) FROM cards WHERE deck = ? AND suspended = 0 AND hidden = 0"
        " AND due >= j.value ->> 0 AND due < j.value ->> 1) FROM json_each(?) AS j ORDER BY j.key",
        (deck_id, spans),
    ).fetchall()
    forecast = [
        {"date": days[d].astimezone().date().isoformat(), "due": n} for d, (n,) in enumerate(counts_by_day)
    ]
    return {
        "exam": _exam_outlook(store, deck_id, now=now),
        "deck": deck_id,
        "now": now.isoformat(),
        "cards": counts,
        "due_now": due_now,
        "reviews_today": reviews_today,
        "streak_days": streak,
        "retention": {
            "overall": _rate(total, passed),
            "last_30_days": _rate(t30, p30),
            "topics": topics,
        },
        "weakest": weak,
        "leeches": leeches,
        "confused": confused,
        "forecast": forecast,
    }


def _streak(db: Any, deck_id: str, now: datetime, first: int) -> int:
    """Local days in a row with a review, counting back from day ``first``
    (0 today, -1 yesterday): a chunk of days per statement, each day an
    index probe, instead of one statement a day."""
    from .cards import local_day_start, to_us

    streak, day, chunk = 0, first, 64
    while streak < STREAK_MAX_DAYS:
        n = min(chunk, STREAK_MAX_DAYS - streak)
        bounds = [to_us(local_day_start(now, day + 1 - k)) for k in range(n + 1)]  # start of day + 1 - k
        spans = json.dumps([[bounds[k + 1], bounds[k]] for k in range(n)])  # day - k
        (gap,) = db.execute(
            "SELECT min(CAST(j.key AS INTEGER)) FROM json_each(?) AS j WHERE NOT EXISTS (SELECT 1 FROM reviews"
            " WHERE deck = ? AND reviewed_at >= j.value ->> 0 AND reviewed_at < j.value ->> 1)",
            (spans, deck_id),
        ).fetchone()
        if gap is not None:
            return streak + gap
        streak += n
        day -= n
    return streak


def _exam_outlook(store: Store, deck_id: str, *, now: datetime) -> dict[str, Any] | None:
    """Predicted recall on the exam day if the student stopped studying now:
    fsrs's recall probability (with the deck's parameters) at the start of
    the exam day, averaged over studied cards and over the whole deck."""
    from .params import load_parameters
    from .scheduling import exam_cap, retrievability
    from .storefile import CARD_COLUMNS, state_from_row

    exam = store.exam_date(deck_id)
    at = exam_cap(exam, now=now)
    if exam is None or at is None:
        return None
    params = load_parameters(store, deck_id)
    cards = studied = 0
    total = 0.0
    for row in db_rows(store, deck_id, CARD_COLUMNS):
        cards += 1
        st = state_from_row(row)
        if st.state != "new":
            studied += 1
            total += retrievability(st, now=at, parameters=params)
    days = (exam - now.astimezone().date()).days
    return {
        "date": exam.isoformat(),
        "days": days,
        "cards": cards,
        "studied": studied,
        "recall_studied": round(total / studied, 4) if studied else None,
        "recall_deck": round(total / cards, 4) if cards else None,
    }


def db_rows(store: Store, deck_id: str, columns: str) -> Any:
    """The active (not suspended, not hidden) cards of a deck."""
    return store.conn.execute(
        f"SELECT {columns} FROM cards WHERE deck = ? AND suspended = 0 AND hidden = 0", (deck_id,)
    )


def _rate(total: int, passed: int) -> dict[str, Any]:
    total, passed = int(total or 0), int(passed or 0)
    return {"reviews": total, "passed": passed, "rate": round(passed / total, 4) if total else None}


# -- rendering ---------------------------------------------------------------------


@dataclass(frozen=True)
class Look:
    """How to draw: width, colour, and whether Unicode blocks are safe."""

    width: int = 80
    color: bool = False
    unicode: bool = True


def _pct(rate: dict[str, Any]) -> str:
    if rate["rate"] is None:
        return "no matured reviews yet"
    return f"{rate['rate'] * 100:3.0f}% ({rate['passed']}/{rate['reviews']})"


def _days(d: float) -> str:
    if d < 1:
        return f"{max(1, round(d * 24))}h"
    return f"{d:.0f}d" if d < 365 else f"{d / 365:.1f}y"


def hbar(value: int, peak: int, cells: int, *, unicode: bool = True) -> str:
    """A horizontal bar ``cells`` wide at most, scaled so ``peak`` fills it.

    Any non-zero value gets at least a sliver, so "a few" never looks like none.
    """
    if peak <= 0 or value <= 0 or cells <= 0:
        return ""
    eighths = max(1, round(value / peak * cells * 8))
    if not unicode:
        return "#" * max(1, round(eighths / 8))
    full, rest = divmod(eighths, 8)
    return "\u2588" * full + ("" if rest == 0 else " \u258f\u258e\u258d\u258c\u258b\u258a\u2589"[rest])


def column_chart(values: list[int], height: int = 5, *, unicode: bool = True) -> list[str]:
    """A vertical bar chart, one column per value, ``height`` rows tall."""
    peak = max(values, default=0)
    if peak <= 0:
        return []
    blocks = " \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
    rows = []
    for level in range(height, 0, -1):
        line = []
        for v in values:
            fill = v / peak * height  # rows this column fills
            part = fill - (level - 1)
            if part >= 1:
                line.append("\u2588" if unicode else "#")
            elif part > 0 or (level == 1 and v > 0):
                line.append(blocks[max(1, round(part * 8))] if unicode else ("#" if part >= 0.5 else "."))
            else:
                line.append(" ")
        rows.append("".join(line).rstrip())
    return rows


def render_stats(
    data: dict[str, Any],
    *,
    look: Look = Look(),
    title: str | None = None,
    topic_titles: dict[str, str] | None = None,
) -> str:
    """The stats as text for a terminal, no line wider than ``look.width``."""
    from ..terminal import printable, style, truncate, wrap

    w = max(40, min(look.width, 80))
    topic_titles = topic_titles or {}

    def head(text: str, note: str = "") -> str:
        """A bold section title and a plain note, clipped together to the width."""
        text = clip(text)
        if note and len(text) + 1 + len(note) <= w:
            return style(text, bold=True, enabled=look.color) + " " + note
        return style(text, bold=True, enabled=look.color)  # the note is dropped when narrow

    def clip(text: str) -> str:
        # Keeps indentation (terminal.truncate would collapse it).
        text = printable(text).replace("\n", " ")
        return text if len(text) <= w else text[: w - 3].rstrip() + "..."

    c = data["cards"]
    out = [head(title or data["deck"])]
    def para(text: str) -> None:
        out.extend(wrap(printable(text), w, subsequent_indent="  ").splitlines())

    para(
        f"Cards: {c['new']} new, {c['learning']} learning, {c['review']} review,"
        f" {c['suspended']} suspended ({len(data['leeches'])} leeches)"
    )
    days = data["streak_days"]
    para(
        f"Today: {data['reviews_today']} review{'s' if data['reviews_today'] != 1 else ''},"
        f" {data['due_now']} due now; streak {days} day{'s' if days != 1 else ''}"
    )
    now_ = data.get("study_now")
    if now_:
        para(f"Study now: {now_['due']} due, {now_['learning']} learning, {now_['new']} new"
             " (as 'factdrill drill' counts them)")
    if data.get("settings"):
        para(f"Settings: {data['settings']['summary']} ('factdrill settings' changes them)")
    exam = data.get("exam")
    if exam:
        out.append("")
        days = exam["days"]
        out.append(head(f"Exam {exam['date']}", f"(in {days} day{'s' if days != 1 else ''})"))
        if exam["studied"]:
            para(
                f"  With no more study you would recall {exam['recall_studied'] * 100:.0f}% of the"
                f" {exam['studied']} cards studied ({exam['recall_deck'] * 100:.0f}% of all"
                f" {exam['cards']}) on the day; 'factdrill plan' plans the rest."
            )
        else:
            para("  Nothing studied yet; 'factdrill plan' tells how many new cards a day to take.")
    ret = data["retention"]
    out.append("")
    out.append(head("True retention", "(matured cards, from your log)"))
    out.append(clip(f"  all time      {_pct(ret['overall'])}"))
    out.append(clip(f"  last 30 days  {_pct(ret['last_30_days'])}"))
    if ret["topics"]:
        name_w = min(36, max(len(topic_titles.get(t, t)) for t in ret["topics"]))
        for topic, rate in ret["topics"].items():
            name = truncate(printable(topic_titles.get(topic, topic)), name_w)
            out.append(clip(f"  {name:<{name_w}}  {_pct(rate)}"))

    if data["weakest"]:
        out.append("")
        out.append(head("Weakest facts", "(lowest chance of recall now; 'holds' = memory span)"))
        fact_w = min(34, max(len(x["fact"]) for x in data["weakest"]))
        for x in data["weakest"]:
            fact = truncate(printable(x["fact"]), fact_w)
            # Stability: days until recall falls to 90%; small = fragile even if fresh.
            out.append(
                clip(
                    f"  {fact:<{fact_w}}  recall {x['recall'] * 100:3.0f}%"
                    f"  holds {_days(x['stability_days'])}  failures {x['lapses']}"
                )
            )
    if data["confused"]:
        out.append("")
        out.append(head("Most confused", "(wrong option chosen)"))
        arrow = "<->"
        for x in data["confused"]:
            a, b = (printable(f) for f in x["facts"])
            out.append(clip(f"  {a} {arrow} {b}  {x['count']}x"))
    if data["leeches"]:
        out.append("")
        out.append(head("Leeches", "('factdrill unsuspend FACT' to study again)"))
        for x in data["leeches"]:
            tail = "suspended" if x["suspended"] else "active"
            out.append(clip(f"  {printable(x['fact'])}  {x['failures']} failures, {tail}"))

    if data.get("flags"):
        out.append("")
        out.append(head(f"Flagged ({len(data['flags'])})", "(':f' in the drill; ':f' again unflags)"))
        for x in data["flags"]:
            note = f": {x['note']}" if x["note"] else ""
            out.append(clip(f"  {printable(x['fact'])}  {printable(x['item'])}{printable(note)}"))

    fc = data["forecast"]
    out.append("")
    out.append(head("Due in the next 7 days", "(today includes overdue)"))
    week = fc[:7]
    peak = max((d["due"] for d in week), default=0)
    label_w, num_w = 10, max(len(str(d["due"])) for d in week) if week else 1
    cells = w - 2 - label_w - 1 - num_w - 1
    for i, d in enumerate(week):
        day = datetime.fromisoformat(d["date"])
        label = "today" if i == 0 else day.strftime("%a %d %b")
        bar = hbar(d["due"], peak, cells, unicode=look.unicode)
        out.append(f"  {label:<{label_w}} {d['due']:>{num_w}} {style(bar, 'cyan', enabled=look.color)}".rstrip())
    month = [d["due"] for d in fc]
    total30 = sum(month)
    out.append("")
    out.append(head("Due in the next 30 days", f"({total30} in all, peak {max(month, default=0)} a day)"))
    chart = column_chart(month, unicode=look.unicode)
    if chart:
        for line in chart:
            out.append("  " + style(line, "cyan", enabled=look.color))
        axis = "".join("|" if i % 7 == 0 else "-" for i in range(len(month)))
        out.append("  " + axis)
        first = datetime.fromisoformat(fc[0]["date"]) if fc else None
        if first is not None:
            marks = [
                (i, (first + timedelta(days=i)).strftime("%d %b")) for i in range(0, len(month), 7)
            ]
            line = ""
            for i, text in marks:
                line = line.ljust(i) + text + " "
            out.append(("  " + line).rstrip())
    else:
        out.append("  nothing scheduled")
    return "\n".join(line.rstrip() for line in out)
