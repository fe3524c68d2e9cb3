"""Learning progress in an ``.apkg``: card schedules and the review log.

``factdrill export anki --with-progress`` writes what the drill knows into
the package so that Anki's "Import any learning progress" option gives the
student the same cards due on the same days, with the history in Anki's
statistics. The facts used here are Anki's own (rslib, 26.x):

* cards: ``type``/``queue`` 0 new, 1 learning, 2 review, 3 relearning
  (queue 1 for both (re)learning, -1 suspended). A review card's ``due`` is
  a day number counted from the collection's creation day; a learning
  card's ``due`` is a Unix time in seconds; ``left`` is the learning steps
  still to go. ``data`` holds the FSRS memory state as JSON (``s``
  stability, ``d`` difficulty, ``lrt`` last review in seconds).
* revlog: ``id`` is the answer time in milliseconds (unique in a
  collection), ``ease`` the button 1-4, ``ivl``/``lastIvl`` days (negative:
  seconds), ``type`` 0 learn, 1 review, 2 relearn, 3 cram.
* importing (``import/cards.rs``) adds a card only when Anki does not have
  it yet, shifts review ``due`` days by how far the package's day count is
  ahead of the collection's, and adds the revlog rows of the cards it added.
  So the package states its day count: scheduler v2 with a 4 am rollover and
  the student's time zone as ``creationOffset``; a due day is then counted
  from the package's creation date in that zone.

One of our cards (a fact seen from one side) is asked in Anki by several
cards (one per item: flashcard, cloze, multiple choice...). Each of them
takes the card's schedule, so none is new to a student who knows the fact;
each answer goes into the revlog of the Anki card of the item that was
asked, so the revlog holds every answer exactly once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from .notes import card_items

if TYPE_CHECKING:
    import sqlite3

    from ...deck.facts import Deck
    from ...generators.items import Item

ROLLOVER_HOUR = 4  # Anki's default start of the day
LEARNING_STEPS = 2  # the drill's (and Anki's default) 1 m and 10 m steps
RELEARNING_STEPS = 1  # 10 m
DEFAULT_EASE = 2500  # Anki's starting ease (per mille), for SM-2 users
_TYPES = {"new": 0, "learning": 1, "review": 2, "relearning": 3}
_REVLOG_TYPES = {"new": 0, "learning": 0, "review": 1, "relearning": 2}


@dataclass(frozen=True)
class Answer:
    """One logged answer of a card, as the revlog needs it."""

    at: datetime  # aware
    rating: int  # 1-4
    item_id: str
    elapsed_ms: int
    state_before: str  # "new" | "learning" | "review" | "relearning"
    state_after: str
    due_after: datetime | None
    practice: bool  # cram: logged, schedule unchanged


@dataclass(frozen=True)
class CardProgress:
    """A card's schedule now and its answers, oldest first."""

    state: str  # "new" | "learning" | "review" | "relearning"
    due: datetime | None
    stability: float | None
    difficulty: float | None
    step: int | None
    last_review: datetime | None
    suspended: bool
    answers: tuple[Answer, ...] = ()


@dataclass
class ProgressCounts:
    """What an export with progress carried over."""

    cards: int = 0  # Anki cards given a schedule
    answers: int = 0  # revlog rows written


def anki_day(when: datetime, created: date) -> int:
    """Anki's day number of ``when``: days since ``created``, the day
    starting at the rollover hour in the student's local time."""
    local = when.astimezone() - timedelta(hours=ROLLOVER_HOUR)
    return (local.date() - created).days


def _minutes_west(now: datetime) -> int:
    offset = now.astimezone().utcoffset() or timedelta(0)
    return -int(offset.total_seconds() // 60)


def _interval(at: datetime, due: datetime | None, state: str) -> int:
    """A revlog interval: whole days for review cards, else negative seconds."""
    if due is None:
        return 0
    secs = max(0, round((due - at).total_seconds()))
    if state == "review":
        return max(1, round(secs / 86400))
    return -secs


def _card_row(p: CardProgress, created: date) -> dict[str, object]:
    """The scheduling columns of an Anki card for a card's progress."""
    ctype = _TYPES[p.state]
    data: dict[str, object] = {}
    if p.stability is not None and p.difficulty is not None:
        data = {"s": round(p.stability, 4), "d": round(p.difficulty, 3)}
    if p.last_review is not None:
        data["lrt"] = int(p.last_review.timestamp())
    due = p.due or datetime.now(timezone.utc)
    ivl, left = 0, 0
    if ctype == 2:
        queue, due_value = 2, anki_day(due, created)
        start = p.last_review or due
        ivl = max(1, anki_day(due, created) - anki_day(start, created))
    else:
        queue, due_value = 1, int(due.timestamp())
        steps = LEARNING_STEPS if ctype == 1 else RELEARNING_STEPS
        left = max(1, steps - (p.step or 0))
        ivl = 1 if ctype == 3 else 0
    return {
        "type": ctype, "queue": -1 if p.suspended else queue, "due": due_value, "ivl": ivl,
        "factor": DEFAULT_EASE if ctype in (2, 3) else 0, "left": left,
        "data": json.dumps(data, separators=(",", ":")),
    }  # fmt: skip


def write_progress(
    conn: sqlite3.Connection,
    deck: Deck,
    items: Iterable[Item],
    progress: Mapping[str, CardProgress],
    *,
    now: datetime,
) -> ProgressCounts:
    """Give the package's cards (written by genanki) their schedules and
    revlog rows, and state the package's day count (see module doc)."""
    items = list(items)
    by_card: dict[str, list[tuple[int, str]]] = {}  # our card -> [(anki card id, item id)]
    asks = card_items(deck, items)
    for cid, guid, ord_ in conn.execute("SELECT c.id, n.guid, c.ord FROM cards c JOIN notes n ON n.id = c.nid"):
        item = asks.get((guid, ord_))
        if item is not None:
            by_card.setdefault(item.card, []).append((cid, item.id))
    (crt, conf_json) = conn.execute("SELECT crt, conf FROM col").fetchone()
    conf = json.loads(conf_json)
    conf.update(schedVer=2, rollover=ROLLOVER_HOUR, creationOffset=_minutes_west(now))
    conn.execute("UPDATE col SET conf = ?", (json.dumps(conf),))
    created = datetime.fromtimestamp(crt, timezone(timedelta(minutes=-conf["creationOffset"]))).date()

    counts = ProgressCounts()
    used_ids: set[int] = set()
    for card_id in sorted(by_card):
        p = progress.get(card_id)
        if p is None or (p.state == "new" and not p.answers):
            continue
        anki_cards = sorted(by_card[card_id])
        per_card = _revlog_rows(p, anki_cards, used_ids)
        if p.state != "new":
            row = _card_row(p, created)
            for cid, _item in anki_cards:
                # row: id, cid, ease, ivl, lastIvl, factor, time, type
                reps = sum(1 for r in per_card if r[1] == cid and r[7] != 3)
                lapses = sum(1 for r in per_card if r[1] == cid and r[2] == 1 and r[7] == 1)
                conn.execute(
                    "UPDATE cards SET type = :type, queue = :queue, due = :due, ivl = :ivl,"
                    " factor = :factor, left = :left, data = :data, reps = :reps, lapses = :lapses"
                    " WHERE id = :id",
                    {**row, "reps": reps, "lapses": lapses, "id": cid},
                )
                counts.cards += 1
        conn.executemany("INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)", per_card)
        counts.answers += len(per_card)
    return counts


def _revlog_rows(
    p: CardProgress, anki_cards: list[tuple[int, str]], used_ids: set[int]
) -> list[tuple[int, ...]]:
    """One revlog row per answer, on the Anki card of the item asked (the
    card's first Anki card when that item is gone)."""
    of_item = {item: cid for cid, item in anki_cards}
    rows = []
    last_ivl = 0
    for a in p.answers:
        rid = int(a.at.timestamp() * 1000)
        while rid in used_ids:  # Anki's revlog ids are unique; two answers in one ms are not
            rid += 1
        used_ids.add(rid)
        cid = of_item.get(a.item_id, anki_cards[0][0])
        if a.practice:
            rows.append((rid, cid, a.rating, 0, 0, 0, min(a.elapsed_ms, 60_000), 3))
            continue
        ivl = _interval(a.at, a.due_after, a.state_after)
        factor = DEFAULT_EASE if a.state_before in ("review", "relearning") else 0
        rows.append((rid, cid, a.rating, ivl, last_ivl, factor, min(a.elapsed_ms, 60_000),
                     _REVLOG_TYPES[a.state_before]))
        last_ivl = ivl
    return rows
