"""Merging answers given elsewhere (Anki on the phone) into the review log.

Each incoming answer becomes one review of ours, at its own time, with its
own rating. A card answered on both sides is then replayed with FSRS from
its first incoming answer on, in time order, so its schedule is what it
would be had every answer been given here; the reviews before that point
keep their logged states. Everything happens in one transaction: a failure
leaves the store as it was.

An answer already in the log is skipped, so merging the same file twice
adds nothing: one of the card's reviews with the same rating at the same
millisecond, or up to :data:`SAME_ANSWER_MS` before it (Anki's revlog ids
are unique, so an export moves answers logged in the same millisecond, as
``quiz --record`` logs a whole test, a few milliseconds apart). Each
logged review matches one incoming answer at most.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from ..errors import StoreError
from .cards import STATE_CODES, CardState, from_us, state_from_dict, state_to_dict, to_us, utc
from .scheduling import DEFAULT_RETENTION, Rating, next_state
from .store import Store, leech_due
from .storefile import CARD_COLUMNS, guarded, state_from_row

_US_PER_MS = 1000
SAME_ANSWER_MS = 1000
"""How far after one of our reviews an answer with its rating is that review
(moved by an export): no one answers one fact twice within a second."""


@dataclass(frozen=True)
class IncomingReview:
    """An answer given outside factdrill, mapped to one of our cards."""

    card_id: str
    item_id: str
    item_kind: str
    at: datetime  # aware
    rating: int  # 1-4
    elapsed_ms: int = 0
    practice: bool = False  # a cram answer: logged, schedule unchanged
    response: str = ""


@dataclass
class MergeResult:
    """What a merge did."""

    added: int = 0
    already: int = 0  # already in the log (an earlier pull, or our own export)
    cards: set[str] = field(default_factory=set)  # cards whose schedule was replayed


@guarded
def merge_reviews(
    store: Store,
    deck_id: str,
    incoming: Iterable[IncomingReview],
    *,
    retention: float = DEFAULT_RETENTION,
) -> MergeResult:
    """Add ``incoming`` answers to the deck's log and replay the touched cards.

    The deck's cards must be synced first (an unknown card is an error).
    """
    from .params import load_parameters

    result = MergeResult()
    exam = store.exam_date(deck_id)
    parameters = load_parameters(store, deck_id)
    with store.transaction() as db:
        first_new: dict[int, int] = {}  # card ref -> earliest new answer time (us)
        refs: dict[str, int] = {}
        logged: dict[int, list[tuple[int, int]]] = {}  # card ref -> unmatched (ms, rating)
        for rv in sorted(incoming, key=lambda r: (r.at, r.card_id)):
            ref = refs.get(rv.card_id)
            if ref is None:
                row = db.execute(
                    "SELECT id FROM cards WHERE deck = ? AND card = ?", (deck_id, rv.card_id)
                ).fetchone()
                if row is None:
                    raise StoreError(f"no card {rv.card_id!r} of deck {deck_id!r} in the store; sync first")
                ref = refs[rv.card_id] = row[0]
            at = to_us(utc(rv.at))
            rating = int(Rating(int(rv.rating)))
            if ref not in logged:
                logged[ref] = [
                    (us // _US_PER_MS, r)
                    for us, r in db.execute("SELECT reviewed_at, rating FROM reviews WHERE card_ref = ?", (ref,))
                ]
            if _claim(logged[ref], at // _US_PER_MS, rating):
                result.already += 1
                continue
            placeholder = json.dumps({"state": "new"})
            db.execute(
                "INSERT INTO reviews (deck, card_ref, item_id, item_kind, reviewed_at, response,"
                " correct, score, rating, elapsed_ms, confused_with, practice, state_before,"
                " before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, 0, ?, ?)",
                (
                    deck_id, ref, rv.item_id, rv.item_kind, at, rv.response, int(rating > 1),
                    1.0 if rating > 1 else 0.0, rating, max(0, int(rv.elapsed_ms)),
                    int(rv.practice), placeholder, placeholder,
                ),
            )  # fmt: skip
            first_new[ref] = min(first_new.get(ref, at), at)
            result.added += 1
        for ref, since in first_new.items():
            card = _replay(store, db, ref, since, retention=retention, exam=exam, parameters=parameters)
            result.cards.add(card)
    return result


def _claim(logged: list[tuple[int, int]], ms: int, rating: int) -> bool:
    """Remove and report the logged review an incoming answer repeats: the
    same rating at ``ms`` exactly, else the latest within SAME_ANSWER_MS before."""
    best = None
    for i, (at, r) in enumerate(logged):
        if r != rating or not ms - SAME_ANSWER_MS <= at <= ms:
            continue
        if best is None or at > logged[best][0]:
            best = i
    if best is None:
        return False
    del logged[best]
    return True


def _replay(
    store: Store,
    db: sqlite3.Connection,
    ref: int,
    since: int,
    *,
    retention: float,
    exam: object,
    parameters: tuple[float, ...] | None,
) -> str:
    """Recompute a card's reviews from time ``since`` on, then its state."""
    current = state_from_row(db.execute(f"SELECT {CARD_COLUMNS} FROM cards WHERE id = ?", (ref,)).fetchone())
    ident = replace(
        current, state="new", due=None, stability=None, difficulty=None, step=None,
        last_review=None, reps=0, lapses=0, suspended=False, leech=False,
    )  # fmt: skip
    prior = db.execute(
        "SELECT after FROM reviews WHERE card_ref = ? AND reviewed_at < ? AND practice = 0"
        " ORDER BY reviewed_at DESC, id DESC LIMIT 1",
        (ref, since),
    ).fetchone()
    state: CardState = ident if prior is None else state_from_dict(json.loads(prior[0]), ident=ident)
    leeched = False
    rows = db.execute(
        "SELECT id, reviewed_at, rating, practice FROM reviews WHERE card_ref = ? AND reviewed_at >= ?"
        " ORDER BY reviewed_at, id",
        (ref, since),
    ).fetchall()
    for rid, at, rating, practice in rows:
        before = state
        if not practice:
            when = from_us(at)
            state = next_state(
                before, Rating(rating), now=when, retention=retention, exam_date=exam,  # type: ignore[arg-type]
                fuzz=store.fuzz, parameters=parameters,
            )  # fmt: skip
            if rating == Rating.AGAIN and leech_due(state.lapses):
                state = replace(state, leech=True, suspended=True)
                leeched = True
        db.execute(
            "UPDATE reviews SET state_before = ?, before = ?, after = ? WHERE id = ?",
            (STATE_CODES[before.state], json.dumps(state_to_dict(before)), json.dumps(state_to_dict(state)), rid),
        )
    # A card suspended by hand stays suspended; a replayed leech is suspended.
    final = replace(state, suspended=current.suspended or leeched, leech=current.leech or state.leech)
    total, passed = db.execute(
        "SELECT count(*), coalesce(sum(rating > 1), 0) FROM reviews"
        " WHERE card_ref = ? AND practice = 0 AND state_before = ?",
        (ref, STATE_CODES["review"]),
    ).fetchone()
    db.execute("UPDATE cards SET rv_total = 0, rv_pass = 0 WHERE id = ?", (ref,))
    store.write_state(ref, final, rv=(total, passed))
    return current.card_id
