"""Backups of the review log: export to JSON or CSV, and import them back.

An export holds every review with the card state before and after it, so an
import rebuilds the schedule exactly. Imports are all or nothing and
idempotent: a review already present (same card, time, item and rating) is
skipped, so importing the same backup twice adds nothing.
"""

from __future__ import annotations

import csv
import json
import math
import sqlite3
from typing import IO, Any, Iterator

from ..errors import StoreError
from .cards import CardState, Review, parse_dt, state_from_dict, state_to_dict, to_us
from .scheduling import Rating
from .cards import STATE_CODES
from .store import SYNC_KEY, Store, add_confusions
from .storefile import CARD_COLUMNS, guarded, state_from_row

EXPORT_FORMAT = "factdrill-reviews"
EXPORT_VERSION = 1
CSV_FIELDS = (
    "deck", "card", "fact", "topic", "item_id", "item_kind", "reviewed_at", "response",
    "correct", "score", "rating", "elapsed_ms", "confused_with", "practice", "before", "after",
)  # fmt: skip


@guarded
def export_reviews(store: Store, fp: IO[str], fmt: str = "json", *, deck_id: str | None = None) -> int:
    """Write the review log to ``fp`` as JSON or CSV; returns the count."""
    if fmt not in ("json", "csv"):
        raise StoreError(f"unknown export format {fmt!r}; use json or csv")
    n = 0
    if fmt == "json":
        fp.write(
            '{"format": "%s", "version": %d, "reviews": [' % (EXPORT_FORMAT, EXPORT_VERSION)
        )
        for rv in store.reviews(deck_id):
            fp.write(("\n" if n == 0 else ",\n") + json.dumps(_review_record(rv), ensure_ascii=False))
            n += 1
        fp.write("\n]}\n")
        return n
    # RFC 4180 line ends: with "\n" the csv module leaves a lone "\r" in a
    # typed response unquoted, and the backup would not read back.
    writer = csv.DictWriter(fp, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for rv in store.reviews(deck_id):
        rec = _review_record(rv)
        rec["correct"] = int(rec["correct"])
        rec["practice"] = int(rec["practice"])
        rec["confused_with"] = " ".join(rec["confused_with"])
        rec["before"] = json.dumps(rec["before"])
        rec["after"] = json.dumps(rec["after"])
        writer.writerow(rec)
        n += 1
    return n


@guarded
def import_reviews(store: Store, fp: IO[str], fmt: str = "json") -> int:
    """Add the reviews of an export to the log; returns how many were new.

    Reviews already present (same card, time, item and rating) are
    skipped, so importing twice is harmless. Cards not in the store are
    created; each touched card takes the state after its latest review
    when that is newer than what the store has. All or nothing: a bad
    record aborts the import with the record's number.
    """
    try:
        records = list(_read_records(fp, fmt))
    except (csv.Error, ValueError, TypeError, OverflowError) as e:
        shown = " ".join(str(e).split())[:200]
        raise StoreError(f"unreadable review export ({shown}); expected a factdrill export-reviews file") from None
    added = 0
    touched: set[int] = set()
    decks: set[str] = set()
    refs: dict[tuple[str, str], int] = {}
    # (time, item, rating) of each touched card's reviews, read once per card:
    # a query per record scanned all of a card's reviews each time (20,000
    # reviews of one card took 30 s)
    present: dict[int, set[tuple[int, str, int]]] = {}
    with store.transaction() as db:
        for n, rec in enumerate(records, start=1):
            try:
                r = _check_record(rec)
            except (KeyError, TypeError, ValueError, OverflowError) as e:
                raise StoreError(
                    f"review {n}: {e}; this is not a valid factdrill review export"
                ) from None
            ref = refs.get((r["deck"], r["card"]))
            if ref is None:
                ref = refs[(r["deck"], r["card"])] = _card_ref(db, r)
            decks.add(r["deck"])
            at = to_us(r["reviewed_at"])
            seen = present.get(ref)
            if seen is None:
                seen = present[ref] = set(db.execute(
                    "SELECT reviewed_at, item_id, rating FROM reviews WHERE card_ref = ?", (ref,)
                ).fetchall())
            if (at, r["item_id"], r["rating"]) in seen:
                continue
            seen.add((at, r["item_id"], r["rating"]))
            cur = db.execute(
                "INSERT INTO reviews (deck, card_ref, item_id, item_kind, reviewed_at, response,"
                " correct, score, rating, elapsed_ms, confused_with, practice, state_before,"
                " before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    r["deck"], ref, r["item_id"], r["item_kind"], at, r["response"],
                    int(r["correct"]), r["score"], r["rating"], r["elapsed_ms"],
                    json.dumps(list(r["confused_with"])), int(r["practice"]),
                    STATE_CODES[r["before"]["state"]], json.dumps(r["before"]),
                    json.dumps(r["after"]),
                ),
            )  # fmt: skip
            add_confusions(db, cur.lastrowid, r["deck"], r["fact"], r["confused_with"])
            touched.add(ref)
            added += 1
        for ref in touched:
            _settle_imported(store, ref)
        # Imported cards may be ones the deck no longer has: the next sync must look.
        db.executemany(
            "DELETE FROM settings WHERE deck = ? AND key = ?",
            [(d, SYNC_KEY) for d in decks],
        )
    return added

def _card_ref(db: sqlite3.Connection, r: dict[str, Any]) -> int:
    row = db.execute(
        "SELECT id FROM cards WHERE deck = ? AND card = ?", (r["deck"], r["card"])
    ).fetchone()
    if row:
        return row[0]
    cur = db.execute(
        "INSERT INTO cards (deck, card, fact, topic, added) VALUES (?, ?, ?, ?, ?)",
        (r["deck"], r["card"], r["fact"], r["topic"], to_us(r["reviewed_at"])),
    )
    return int(cur.lastrowid or 0)

def _settle_imported(store: Store, ref: int) -> None:
    """Bring a card up to its latest scheduled review and recount retention."""
    row = store.conn.execute(f"SELECT {CARD_COLUMNS} FROM cards WHERE id = ?", (ref,)).fetchone()
    current = state_from_row(row)
    latest = store.conn.execute(
        "SELECT after, reviewed_at FROM reviews WHERE card_ref = ? AND practice = 0"
        " ORDER BY reviewed_at DESC, id DESC LIMIT 1",
        (ref,),
    ).fetchone()
    state = current
    if latest and (current.last_review is None or latest[1] > to_us(current.last_review)):
        state = state_from_dict(json.loads(latest[0]), ident=current)
    total, passed = store.conn.execute(
        "SELECT count(*), coalesce(sum(rating > 1), 0) FROM reviews"
        " WHERE card_ref = ? AND practice = 0 AND state_before = 2",
        (ref,),
    ).fetchone()
    store.conn.execute("UPDATE cards SET rv_total = 0, rv_pass = 0 WHERE id = ?", (ref,))
    store.write_state(ref, state, rv=(total, passed))


def _review_record(rv: Review) -> dict[str, Any]:
    """A review as an export record (plain JSON types, ISO times)."""
    return {
        "deck": rv.deck_id,
        "card": rv.card_id,
        "fact": rv.before.fact_id,
        "topic": rv.before.topic,
        "item_id": rv.item_id,
        "item_kind": rv.item_kind,
        "reviewed_at": rv.reviewed_at.isoformat(),
        "response": rv.response,
        "correct": rv.correct,
        "score": rv.score,
        "rating": rv.rating,
        "elapsed_ms": rv.elapsed_ms,
        "confused_with": list(rv.confused_with),
        "practice": rv.practice,
        "before": state_to_dict(rv.before),
        "after": state_to_dict(rv.after),
    }


def _read_records(fp: IO[str], fmt: str) -> Iterator[dict[str, Any]]:
    if fmt == "json":
        try:
            doc = json.load(fp)
        except json.JSONDecodeError as e:
            raise StoreError(f"not JSON ({e.msg} at line {e.lineno}); expected a factdrill review export") from None
        except RecursionError:  # a hostile file of deeply nested lists
            raise StoreError("not a factdrill review export (nested too deeply)") from None
        if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
            raise StoreError("not a factdrill review export (no \"format\": \"factdrill-reviews\")")
        if int(doc.get("version", 0)) > EXPORT_VERSION:
            raise StoreError("this review export is from a newer factdrill; upgrade factdrill")
        recs = doc.get("reviews")
        if not isinstance(recs, list):
            raise StoreError("not a factdrill review export (\"reviews\" is not a list)")
        yield from recs
        return
    if fmt != "csv":
        raise StoreError(f"unknown import format {fmt!r}; use json or csv")
    reader = csv.DictReader(fp)
    missing = [f for f in CSV_FIELDS if f not in (reader.fieldnames or ())]
    if missing:
        raise StoreError(f"not a factdrill review CSV (missing columns: {', '.join(missing)})")
    for row in reader:
        rec: dict[str, Any] = dict(row)
        rec["confused_with"] = (row.get("confused_with") or "").split()
        for key in ("before", "after"):
            try:
                rec[key] = json.loads(row.get(key) or "")
            except (json.JSONDecodeError, RecursionError):
                rec[key] = None
        rec["correct"] = _boolish(row.get("correct"))
        rec["practice"] = _boolish(row.get("practice"))
        yield rec


def _boolish(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes"):
        return True
    if text in ("0", "false", "no", ""):
        return False
    raise ValueError(f"{value!r} is not a yes/no value")


# Bounds of a plausible record: an id, a typed answer, a time spent (ms).
MAX_ID_CHARS = 1_000
MAX_RESPONSE_CHARS = 100_000
MAX_ELAPSED_MS = 10**10  # about four months
MAX_COUNT = 10**7  # reps, lapses


def _text(value: Any, what: str, limit: int) -> str:
    """A string field: no lone surrogates (no UTF-8 file or SQLite text can hold one)."""
    text = str(value)
    if len(text) > limit:
        raise ValueError(f"{what} is {len(text):,} characters long (at most {limit:,})")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} holds an invalid character (a lone surrogate)") from None
    return text


def _whole(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{what} must be a whole number, not {type(value).__name__}")
    number = int(value)  # ValueError for NaN or text, OverflowError for infinity
    if not low <= number <= high or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(f"{what} {str(value)[:30]} is not a whole number from {low:,} to {high:,}")
    return number


def check_state(s: CardState, what: str) -> None:
    """Refuse a card state no review could produce (it would crash every drill).

    A card that has been studied (learning, review, relearning) needs a
    finite positive stability, a difficulty from 1 to 10, a due date and a
    last review; numbers must be finite and counts not negative.
    """
    for name in ("stability", "difficulty"):
        value = getattr(s, name)
        if value is not None and not math.isfinite(value):
            raise ValueError(f"{what} {name} is {value}, not a finite number")
    if s.state != "new":
        if s.stability is None or s.stability <= 0:
            raise ValueError(f"{what} is a {s.state} card with stability {s.stability} (must be above 0)")
        if s.difficulty is None or not 1 <= s.difficulty <= 10:
            raise ValueError(f"{what} is a {s.state} card with difficulty {s.difficulty} (must be 1 to 10)")
        if s.due is None or s.last_review is None:
            raise ValueError(f"{what} is a {s.state} card without a due date or last review")
    if s.step is not None and not 0 <= s.step <= 100:
        raise ValueError(f"{what} learning step {s.step} is out of range")
    if not (0 <= s.reps <= MAX_COUNT and 0 <= s.lapses <= MAX_COUNT):
        raise ValueError(f"{what} reps or lapses out of range ({s.reps}, {s.lapses})")


def _check_record(rec: Any) -> dict[str, Any]:
    """Validate and normalise one export record (raises on a problem)."""
    if not isinstance(rec, dict):
        raise TypeError("a review must be an object")
    out: dict[str, Any] = {}
    for key in ("deck", "card", "item_id", "item_kind"):
        value = rec.get(key)
        if not isinstance(value, str) or not value:
            raise ValueError(f"missing or empty {key!r}")
        out[key] = _text(value, repr(key), MAX_ID_CHARS)
    out["fact"] = _text(rec.get("fact") or out["card"].split(":")[0], "'fact'", MAX_ID_CHARS)
    out["topic"] = _text(rec.get("topic") or "", "'topic'", MAX_ID_CHARS)
    out["response"] = _text(rec.get("response") or "", "'response'", MAX_RESPONSE_CHARS)
    at = parse_dt(rec.get("reviewed_at"), "reviewed_at")
    if at is None:
        raise ValueError("missing 'reviewed_at'")
    out["reviewed_at"] = at
    out["correct"] = _boolish(rec.get("correct"))
    out["practice"] = _boolish(rec.get("practice", False))
    score = float(rec.get("score", 1.0 if out["correct"] else 0.0))
    if not 0.0 <= score <= 1.0:  # NaN fails this too
        raise ValueError(f"'score' {score} is not from 0 to 1")
    out["score"] = score
    out["rating"] = int(Rating(_whole(rec.get("rating"), "'rating'", 1, 4)))
    out["elapsed_ms"] = _whole(rec.get("elapsed_ms") or 0, "'elapsed_ms'", 0, MAX_ELAPSED_MS)
    confused = rec.get("confused_with") or []
    if not isinstance(confused, list) or len(confused) > 100:
        raise ValueError("'confused_with' must be a list of at most 100 fact ids")
    out["confused_with"] = [_text(c, "'confused_with'", MAX_ID_CHARS) for c in confused]
    ident = CardState(
        deck_id=out["deck"], card_id=out["card"], fact_id=out["fact"], topic=out["topic"],
        state="new", due=None, stability=None, difficulty=None, step=None, last_review=None,
        reps=0, lapses=0, suspended=False, leech=False, hidden=False,
    )  # fmt: skip
    for key in ("before", "after"):
        if rec.get(key) is None:
            raise ValueError(f"missing {key!r} state")
        state = state_from_dict(rec[key], ident=ident)
        check_state(state, f"the {key!r} state")
        out[key] = state_to_dict(state)
    return out
