"""What a student is told about the queue: the banner of a session, and why
nothing is due with what to do about it.

Every empty state names its cause (the daily new-card limit, a limit of 0,
a topic, tag or kind filter, suspended cards, nothing studied yet for cram)
and the command that lifts it, so a student is never left with "nothing is
due" while new cards wait unseen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from .cards import from_us, to_us
from .queue import QueueCounts, queue_states
from .summary import format_interval, plural

if TYPE_CHECKING:
    from ..deck.facts import Deck
    from .store import Store


class _Plan(Protocol):
    """What the banner reads of a session's deck plan (a DeckPlan)."""

    deck: "Deck"
    new_limit: int
    retention: float
    exam_date: date | None
    parameters: tuple[float, ...] | None


def why_nothing_due(
    store: "Store", decks: Mapping[str, tuple[Mapping[str, object], int]], *, now: datetime, cram: bool,
    topics: Sequence[str] = (), tags: Sequence[str] = (), kinds: Sequence[str] = (),
) -> str:
    """:func:`why_nothing` for a session's decks, given as deck id ->
    (card ids with items, new cards a day)."""
    found = [census(store, deck_id, cards, new_per_day=limit, now=now, topics=topics, tags=tags)
             for deck_id, (cards, limit) in decks.items()]
    return why_nothing(found, now=now, cram=cram, topics=topics, tags=tags, kinds=kinds)


def next_due(store: "Store", deck_ids: Iterable[str], *, now: datetime) -> datetime | None:
    """The earliest due time over some decks (None when nothing is scheduled)."""
    times = [t for t in (store.next_due(d, now=now) for d in deck_ids) if t is not None]
    return min(times, default=None)


def banner(
    plans: Sequence[_Plan], cards: int, counts: QueueCounts | None, *, today: date
) -> tuple[str, list[str], list[str]]:
    """A session's opening lines: what it holds (``counts`` None: cram), each
    deck's settings in force, and each coming exam."""
    from .settings import DeckSettings

    mode = "Drill" if counts is not None else "Cram (practice; the schedule is not changed)"
    names = ", ".join(p.deck.id for p in plans)
    held = f" ({counts.text()})" if counts is not None else ""
    head = f"{mode}: {plural(cards, 'card')}{held} from {names}. Type ? for help."
    settings, exams = [], []
    for plan in plans:
        saved = DeckSettings(plan.new_limit, plan.retention, plan.exam_date, plan.parameters is not None)
        label = f" of {plan.deck.id}" if len(plans) > 1 else ""
        settings.append(f"Settings{label}: {saved.summary(today)} ('factdrill settings' changes them).")
        exam = plan.exam_date
        if exam is not None and exam > today:
            days = (exam - today).days
            exams.append(f"Exam on {exam.isoformat()} (in {plural(days, 'day')}): no interval goes past it.")
    return head, settings, exams


def counts_now(
    store: "Store",
    cards: Mapping[str, Mapping[str, object]],
    new_limits: Mapping[str, int],
    *,
    now: datetime,
    topics: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> QueueCounts:
    """Due, learning and new cards a plain ``drill`` would take now: the same
    queue the drill builds, so ``stats`` and the drill's status line agree."""
    states = queue_states(store, cards, new_limits, now=now, topics=topics, tags=tags)
    return QueueCounts.of([st.state for st in states])


@dataclass(frozen=True)
class DeckCensus:
    """One deck's cards in the session's filters, for an empty-state message."""

    deck_id: str
    new_per_day: int
    new_today: int  # new cards already introduced today
    unseen: int  # new cards (with items of the chosen kinds)
    unseen_any_kind: int  # new cards whatever their items
    due: int  # studied cards due now (with items of the chosen kinds)
    due_any_kind: int
    studied: int  # cards seen at least once, not suspended
    suspended: int
    next_due: datetime | None


def census(
    store: "Store", deck_id: str, with_items: Mapping[str, object], *, new_per_day: int, now: datetime,
    topics: Sequence[str] = (), tags: Sequence[str] = (),
) -> DeckCensus:
    """Count a deck's active cards within the topic and tag filters; ``with_items``
    holds the card ids that have items of the chosen kinds."""
    sql = "SELECT card, state, suspended, due FROM cards WHERE deck = ? AND hidden = 0"
    from .store_queues import card_filters  # (store_queues brings sqlite3; status stays light)

    filt, extra = card_filters(topics, tags)
    sql += filt
    params: list[object] = [deck_id, *extra]
    unseen = unseen_any = due = due_any = studied = suspended = 0
    nxt: int | None = None
    now_us = to_us(now)
    for card, state, susp, when in store.conn.execute(sql, params):
        if susp:
            suspended += 1
            continue
        shown = card in with_items
        if state == 0:
            unseen_any += 1
            unseen += shown
            continue
        studied += 1
        if when is not None and when <= now_us:
            due_any += 1
            due += shown
        elif when is not None and shown and (nxt is None or when < nxt):
            nxt = when
    return DeckCensus(
        deck_id=deck_id, new_per_day=new_per_day, new_today=store.new_introduced_today(deck_id, now=now),
        unseen=unseen, unseen_any_kind=unseen_any, due=due, due_any_kind=due_any, studied=studied,
        suspended=suspended, next_due=from_us(nxt) if nxt is not None else None,
    )  # fmt: skip


def _filters(topics: Sequence[str], tags: Sequence[str], kinds: Sequence[str]) -> str:
    parts = []
    if topics:
        parts.append(f"topic {', '.join(topics)}")
    if tags:
        parts.append(f"tag {', '.join(tags)}")
    if kinds:
        parts.append(f"kind {', '.join(kinds)}")
    return f" ({'; '.join(parts)})" if parts else ""


def why_nothing(
    decks: Sequence[DeckCensus], *, now: datetime, cram: bool,
    topics: Sequence[str] = (), tags: Sequence[str] = (), kinds: Sequence[str] = (),
) -> str:
    """Why the session has no card to show, and what the student can do."""
    where = _filters(topics, tags, kinds)
    unseen = sum(d.unseen for d in decks)
    studied = sum(d.studied for d in decks)
    suspended = sum(d.suspended for d in decks)
    lines: list[str] = []
    if cram:
        lines.append(f"Nothing to cram{where}: no card has been studied yet." if not studied else
                     f"Nothing to cram{where}: every studied card is filtered out or suspended.")
        if unseen:
            lines.append(f"{plural(unseen, 'new card')} wait: learn them first with 'factdrill drill'.")
            lines += _limit_advice(decks)
        return "\n".join(lines)
    lines.append(f"Nothing is due right now{where}.")
    due_other = sum(d.due_any_kind - d.due for d in decks)
    if kinds and due_other:
        lines.append(f"{plural(due_other, 'card')} without a {'/'.join(kinds)} item "
                     f"{'is' if due_other == 1 else 'are'} due: leave out --kind to study them.")
    if unseen:
        lines += _limit_advice(decks)  # the daily limit, not the kind, may be why
    elif kinds and any(d.unseen_any_kind and d.new_today < d.new_per_day for d in decks):
        lines.append(f"No new card has a {'/'.join(kinds)} item: leave out --kind for the others.")
    elif studied and not suspended:
        lines.append("Every card has been seen.")
    nxt = min((d.next_due for d in decks if d.next_due is not None), default=None)
    if nxt is not None:
        lines.append(f"Next review {format_interval(nxt - now)} ({nxt.astimezone():%Y-%m-%d %H:%M}).")
    if suspended:
        lines.append(
            f"{plural(suspended, 'card')} suspended: 'factdrill stats' lists leeches and flags; "
            "'factdrill unsuspend FACT' brings a fact back."
        )
    if studied:
        lines.append("Practise studied cards anyway: 'factdrill drill --cram' (the schedule is not changed).")
    if (topics or tags) and not (unseen or studied):
        lines.append("No card matches the filters: check --topic and --tag ('factdrill items' lists them).")
    return "\n".join(lines)


def _limit_advice(decks: Sequence[DeckCensus]) -> list[str]:
    """Why new cards wait: a limit of 0, or today's new cards already taken."""
    out = []
    for d in decks:
        if not d.unseen:
            continue
        name = f" of {d.deck_id}" if len(decks) > 1 else ""
        if d.new_per_day == 0:
            out.append(
                f"{plural(d.unseen, 'new card')}{name} wait because your new-card limit is 0 a day. "
                f"Lift it: 'factdrill drill --new 20' or 'factdrill settings --new 20' (remembered)."
            )
        elif d.new_today >= d.new_per_day:
            out.append(
                f"Today's {d.new_per_day} new cards{name} are done; {d.unseen} more wait for "
                f"tomorrow. More today: 'factdrill drill --new {d.new_per_day + 10}' (remembered)."
            )
    return out
