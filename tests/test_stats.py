"""Stats: the figures computed from the store, and their terminal rendering."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdrill.study.scheduling import Rating
from factdrill.study.stats import Look, column_chart, hbar, render_stats
from factdrill.study.cards import CardInfo, local_day_start
from factdrill.study.store import Store
from factdrill.study.stats import compute_stats

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc)  # 10:00 in New York


@pytest.fixture(autouse=True)
def new_york(monkeypatch):
    """Day boundaries follow local time: pin a zone where UTC is not local."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def store_cards() -> list[CardInfo]:
    return [CardInfo(f"f{i}:main", f"f{i}", "bone" if i < 5 else "brain") for i in range(10)]


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "factdrill.db", fuzz=False)
    s.sync_deck("d", store_cards(), now=NOW)
    yield s
    s.close()


def review(store, card, rating, now, **kw):
    return store.record_review(
        "d", card, item_id="i", item_kind="mcq", response="a", correct=rating > 1,
        score=float(rating > 1), rating=rating, elapsed_ms=3000, now=now, **kw,
    )  # fmt: skip


def graduate(store, card, now):
    """Take a new card to the review state; returns the last review."""
    rv = review(store, card, Rating.GOOD, now)
    return review(store, card, Rating.GOOD, rv.after.due)


def test_card_counts(store):
    graduate(store, "f0:main", NOW - timedelta(days=5))
    review(store, "f1:main", Rating.AGAIN, NOW)
    store.suspend("d", "f2")
    c = compute_stats(store, "d", now=NOW)["cards"]
    assert c == {"new": 7, "learning": 1, "review": 1, "suspended": 1, "total": 10}


def test_reviews_today_and_streak_use_local_days(store):
    # 01:00 UTC on Mar 2 is still Mar 1 in New York.
    review(store, "f0:main", Rating.GOOD, datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc))
    review(store, "f1:main", Rating.GOOD, datetime(2026, 2, 28, 18, 0, tzinfo=timezone.utc))
    review(store, "f2:main", Rating.GOOD, datetime(2026, 2, 26, 18, 0, tzinfo=timezone.utc))  # gap on 27th
    s = compute_stats(store, "d", now=NOW)
    assert s["reviews_today"] == 0
    assert s["streak_days"] == 2  # Mar 1 and Feb 28; today not studied yet, streak still alive
    review(store, "f3:main", Rating.GOOD, NOW)
    s = compute_stats(store, "d", now=NOW)
    assert s["reviews_today"] == 1
    assert s["streak_days"] == 3


def test_true_retention_counts_matured_cards_only(store):
    t = NOW - timedelta(days=60)
    a = graduate(store, "f0:main", t)  # bone
    b = graduate(store, "f6:main", t)  # brain
    review(store, "f0:main", Rating.GOOD, a.after.due)  # pass
    review(store, "f6:main", Rating.AGAIN, b.after.due)  # fail
    review(store, "f1:main", Rating.AGAIN, NOW)  # learning step: not counted
    review(store, "f0:main", Rating.AGAIN, NOW, practice=True)  # practice: not counted
    ret = compute_stats(store, "d", now=NOW)["retention"]
    assert ret["overall"] == {"reviews": 2, "passed": 1, "rate": 0.5}
    assert ret["topics"]["bone"]["rate"] == 1.0
    assert ret["topics"]["brain"]["rate"] == 0.0
    assert ret["last_30_days"]["reviews"] == 0  # both matured reviews were over a month ago


def test_retention_counters_follow_undo(store):
    a = graduate(store, "f0:main", NOW - timedelta(days=40))
    rv = review(store, "f0:main", Rating.AGAIN, a.after.due)
    assert compute_stats(store, "d", now=NOW)["retention"]["overall"]["reviews"] == 1
    store.undo(rv.id)
    assert compute_stats(store, "d", now=NOW)["retention"]["overall"]["reviews"] == 0


def test_weakest_facts_lowest_recall_first(store):
    t = NOW - timedelta(days=20)
    review(store, "f0:main", Rating.EASY, t)  # strong memory
    review(store, "f1:main", Rating.HARD, t)  # weaker
    review(store, "f2:main", Rating.AGAIN, t)  # weakest
    weak = compute_stats(store, "d", now=NOW)["weakest"]
    assert [w["fact"] for w in weak] == ["f2", "f1", "f0"]
    assert weak[0]["recall"] < weak[1]["recall"] < weak[2]["recall"]


def test_confused_pairs_and_leeches(store):
    review(store, "f0:main", Rating.AGAIN, NOW, confused_with=["f1"])
    review(store, "f1:main", Rating.AGAIN, NOW, confused_with=["f0"])
    review(store, "f2:main", Rating.AGAIN, NOW, confused_with=["f3"])
    t = NOW
    for _ in range(8):
        review(store, "f4:main", Rating.AGAIN, t)
        t += timedelta(minutes=2)
    s = compute_stats(store, "d", now=t)
    assert s["confused"][0] == {"facts": ["f0", "f1"], "count": 2}
    assert {"facts": ["f2", "f3"], "count": 1} in s["confused"]
    assert s["leeches"] == [{"fact": "f4", "card": "f4:main", "failures": 8, "suspended": True}]


def test_forecast_counts_due_cards_per_local_day(store):
    review(store, "f0:main", Rating.AGAIN, NOW - timedelta(days=3))  # overdue -> today
    graduate(store, "f1:main", NOW)  # due in a few days
    s = compute_stats(store, "d", now=NOW)
    fc = s["forecast"]
    assert len(fc) == 30
    assert fc[0]["date"] == "2026-03-02"
    assert fc[0]["due"] == 1
    due1 = store.card("d", "f1:main").due
    day = (due1.astimezone().date() - NOW.astimezone().date()).days
    assert fc[day]["due"] == 1
    assert sum(d["due"] for d in fc) == 2
    assert s["due_now"] == 1


# -- rendering ------------------------------------------------------------------------


def _sample(store):
    t = NOW - timedelta(days=10)
    for i in range(10):
        graduate(store, f"f{i}:main", t + timedelta(hours=i))
    review(store, "f0:main", Rating.AGAIN, NOW, confused_with=["f1"])
    return compute_stats(store, "d", now=NOW)


def test_render_fits_80_columns_even_with_long_names(store):
    long = "x" * 120
    store.sync_deck("d", [*store_cards(), CardInfo(f"{long}:main", long, long)], now=NOW)
    review(store, f"{long}:main", Rating.AGAIN, NOW - timedelta(days=2), confused_with=["y" * 90])
    data = _sample(store)
    for width in (80, 60, 40):
        text = render_stats(data, look=Look(width=width), topic_titles={long: "T" * 100})
        assert max(len(line) for line in text.splitlines()) <= width, width
        assert "Due in the next 7 days" in text and "Due in the next 30 days" in text


def test_render_respects_no_color(store, monkeypatch):
    data = _sample(store)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" in render_stats(data, look=Look(color=True))
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in render_stats(data, look=Look(color=True))


def test_render_ascii_fallback(store):
    text = render_stats(_sample(store), look=Look(unicode=False))
    assert text.isascii()
    assert "#" in text


def test_render_shows_the_numbers(store):
    data = _sample(store)
    text = render_stats(data, title="My deck", topic_titles={"bone": "Bone metastases"})
    assert text.splitlines()[0] == "My deck"
    assert "Bone metastases" in text
    assert f"{data['cards']['review']} review" in text
    assert "f0 <-> f1" in text


def test_deck_text_cannot_inject_escape_codes(store):
    evil = "f\x1b[2J"
    store.sync_deck("d", [*store_cards(), CardInfo(f"{evil}:main", evil, "t")], now=NOW)
    review(store, f"{evil}:main", Rating.AGAIN, NOW - timedelta(days=1), confused_with=["f1"])
    assert "\x1b" not in render_stats(compute_stats(store, "d", now=NOW))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 10_000), st.integers(1, 70), st.booleans())
def test_hbar_is_proportional_and_bounded(value, peak, cells, unicode):
    value = min(value, peak)
    bar = hbar(value, peak, cells, unicode=unicode)
    assert len(bar) <= cells
    if value > 0:
        assert bar  # a few is never drawn as none
    else:
        assert bar == ""
    if value == peak:
        assert len(bar) == cells


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 500), min_size=1, max_size=30))
def test_column_chart_shape(values):
    rows = column_chart(values, height=5)
    if max(values) == 0:
        assert rows == []
        return
    assert len(rows) == 5
    assert all(len(r) <= len(values) for r in rows)
    top = values.index(max(values))
    assert all(len(r) > top and r[top] == "\u2588" for r in rows)  # the peak fills its column
    for i, v in enumerate(values):
        if v == 0:
            assert all(len(r) <= i or r[i] == " " for r in rows)
        else:
            assert rows[-1][i] != " "  # every non-zero day shows


def test_local_day_start_is_local_midnight():
    start = local_day_start(NOW)
    assert start == datetime(2026, 3, 2, 5, 0, tzinfo=timezone.utc)  # EST is UTC-5
    assert os.environ["TZ"] == "America/New_York"
