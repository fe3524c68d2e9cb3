"""The store's reads at scale: the same answers from fewer, bounded reads.

A session's queue reads new cards a page at a time (not every new card of a
100,000-card deck); ``stats`` counts the streak and the 30-day forecast in a
few statements (not one per day); closing the store does not ANALYZE a table
again because an empty index has no statistics. Each is checked against the
straightforward version it replaced.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdrill.study.cards import CardInfo, local_day_start, to_us
from factdrill.study.queue import build_queue
from factdrill.study.scheduling import Rating
from factdrill.study.stats import FORECAST_DAYS, STREAK_MAX_DAYS, compute_stats
from factdrill.study.store import Store

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def queue_as_before(store, cards, new_limits, *, now, limit=None):
    """build_queue as it was: every new card read, then today's allowance taken."""
    due, new, new_allowed = [], [], {}
    for deck_id in cards:
        allowed = store.queue(deck_id, now=now, new_limit=new_limits[deck_id])
        new_allowed[deck_id] = sum(st.state == "new" for st in allowed)
        for st in store.queue(deck_id, now=now, new_limit=10**9):
            (new if st.state == "new" else due).append(st)
    if len(cards) > 1:
        far = datetime.max.replace(tzinfo=timezone.utc)
        due.sort(key=lambda s: s.due or far)
    keys, facts = [], set()
    for st in due + new:
        if st.card_id not in cards[st.deck_id] or (st.deck_id, st.fact_id) in facts:
            continue
        if st.state == "new":
            if new_allowed.get(st.deck_id, 0) <= 0:
                continue
            new_allowed[st.deck_id] -= 1
        facts.add((st.deck_id, st.fact_id))
        keys.append((st.deck_id, st.card_id))
    return keys if limit is None else keys[:limit]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_paged_queue_is_the_queue_of_every_card(tmp_path_factory, data):
    store = Store(tmp_path_factory.mktemp("s") / "f.db", fuzz=False)
    decks = data.draw(st.lists(st.sampled_from(["a", "b"]), min_size=1, max_size=2, unique=True))
    cards, limits = {}, {}
    for deck in decks:
        n_facts = data.draw(st.integers(1, 150))
        infos = [CardInfo(f"f{i}:{side}", f"f{i}", "t") for i in range(n_facts)
                 for side in ("main", "reverse")[: data.draw(st.integers(1, 2))]]
        store.sync_deck(deck, infos, now=NOW)
        for info in data.draw(st.lists(st.sampled_from(infos), max_size=30)):  # studied, some due
            store.record_review(deck, info.card_id, item_id="i", item_kind="mcq", response="a", correct=True,
                                score=1.0, rating=Rating.GOOD, elapsed_ms=1000,
                                now=NOW - timedelta(days=data.draw(st.integers(0, 40))))
        shown = data.draw(st.sets(st.sampled_from([i.card_id for i in infos])))
        cards[deck] = shown if data.draw(st.booleans()) else {i.card_id for i in infos}
        limits[deck] = data.draw(st.integers(0, 120))
    limit = data.draw(st.one_of(st.none(), st.integers(1, 60)))
    later = NOW + timedelta(days=data.draw(st.integers(0, 30)))
    assert build_queue(store, cards, limits, now=later, limit=limit) == queue_as_before(
        store, cards, limits, now=later, limit=limit)
    store.close()


def test_a_queue_of_20_new_cards_reads_a_page_not_the_deck(tmp_path):
    store = Store(tmp_path / "f.db")
    store.sync_deck("d", [CardInfo(f"f{i}:main", f"f{i}", "t") for i in range(20_000)], now=NOW)
    rows = []
    store.conn.set_trace_callback(rows.append)
    keys = build_queue(store, {"d": {f"f{i}:main" for i in range(20_000)}}, {"d": 20}, now=NOW)
    assert len(keys) == 20
    assert sum("state = 0" in sql for sql in rows) == 1  # one page of new cards
    store.close()


def stats_as_before(store, deck, now):
    """The streak and forecast as counted before: one statement a day."""
    db = store.conn

    def any_review(day):
        a, b = local_day_start(now, day), local_day_start(now, day + 1)
        return db.execute("SELECT 1 FROM reviews WHERE deck = ? AND reviewed_at >= ? AND reviewed_at < ? LIMIT 1",
                          (deck, to_us(a), to_us(b))).fetchone() is not None

    today = db.execute("SELECT count(*) FROM reviews WHERE deck = ? AND reviewed_at >= ? AND reviewed_at < ?",
                       (deck, to_us(local_day_start(now)), to_us(local_day_start(now, 1)))).fetchone()[0]
    streak, day = 0, (0 if today else -1)
    while streak < STREAK_MAX_DAYS and any_review(day):
        streak += 1
        day -= 1
    forecast = []
    for d in range(FORECAST_DAYS):
        end = local_day_start(now, d + 1)
        lo = None if d == 0 else to_us(local_day_start(now, d))
        n = db.execute("SELECT count(*) FROM cards WHERE deck = ? AND suspended = 0 AND hidden = 0 AND due < ?"
                       + ("" if lo is None else " AND due >= ?"), (deck, to_us(end)) + (() if lo is None else (lo,))
                       ).fetchone()[0]
        forecast.append({"date": local_day_start(now, d).astimezone().date().isoformat(), "due": n})
    return today, streak, forecast


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.lists(st.integers(0, 150), max_size=60), cards=st.integers(1, 60))
def test_streak_and_forecast_are_those_of_one_statement_a_day(tmp_path_factory, days, cards):
    store = Store(tmp_path_factory.mktemp("s") / "f.db", fuzz=False)
    store.sync_deck("d", [CardInfo(f"f{i}:main", f"f{i}", "t") for i in range(cards)], now=NOW)
    for n, back in enumerate(sorted(days, reverse=True)):  # reviews on those days before now, oldest first
        store.record_review("d", f"f{n % cards}:main", item_id="i", item_kind="mcq", response="a", correct=True,
                            score=1.0, rating=Rating.GOOD, elapsed_ms=1000, now=NOW - timedelta(days=back, hours=1))
    got = compute_stats(store, "d", now=NOW)
    today, streak, forecast = stats_as_before(store, "d", NOW)
    assert (got["reviews_today"], got["streak_days"], got["forecast"]) == (today, streak, forecast)
    store.close()


def test_stats_run_a_few_statements_not_one_a_day(tmp_path):
    store = Store(tmp_path / "f.db")
    store.sync_deck("d", [CardInfo("f:main", "f", "t")], now=NOW)
    for back in range(100):  # a 100-day streak
        store.record_review("d", "f:main", item_id="i", item_kind="mcq", response="a", correct=True, score=1.0,
                            rating=Rating.GOOD, elapsed_ms=1000, now=NOW - timedelta(days=back, minutes=1))
    statements = []
    store.conn.set_trace_callback(statements.append)
    data = compute_stats(store, "d", now=NOW)
    assert data["streak_days"] >= 100
    assert len(statements) <= 14  # was about 30 + one per day of the streak
    store.close()


def test_closing_the_store_does_not_analyze_again(tmp_path):
    path = tmp_path / "f.db"
    with Store(path) as store:
        store.sync_deck("d", [CardInfo(f"f{i}:main", f"f{i}", "t") for i in range(500)], now=NOW)
        store.conn.execute("ANALYZE")  # as an earlier close's PRAGMA optimize would
    for _ in range(2):
        store = Store(path)
        store.queue("d", now=NOW, new_limit=5)
        compute_stats(store, "d", now=NOW)  # the leeches' index is empty: no statistics of its own
        planned = store.conn.execute("PRAGMA optimize(-1)").fetchall()
        store.close()
    # the second close found no reason to read all the cards again (empty
    # tables may be looked at: that costs nothing)
    assert ('ANALYZE "main"."cards"',) not in planned
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sqlite_stat1 WHERE idx = 'cards_leech'").fetchone() == (1,)
    conn.close()
