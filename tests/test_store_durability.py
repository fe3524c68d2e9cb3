"""Durability: concurrent writers and kill -9 lose no acknowledged review."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

from factdrill.study.cards import CardInfo

from factdrill.study.store import Store

START = datetime(2026, 1, 10, 9, 0, tzinfo=timezone.utc)
CARDS = [CardInfo(f"f{i}:main", f"f{i}", "t") for i in range(5)]
N = 60


def _writer(path: str, who: int, n: int, go) -> None:
    with Store(path) as s:
        go.wait(30)  # both sessions start writing at the same moment
        for i in range(n):
            s.record_review(
                "d", CARDS[i % len(CARDS)].card_id, item_id=f"w{who}", item_kind="mcq",
                response=str(i), correct=i % 3 != 0, score=1.0, rating=1 + i % 4, elapsed_ms=1000,
                now=START + timedelta(minutes=i, seconds=who),
            )  # fmt: skip
            time.sleep(0.003)  # "think time", so the two sessions' writes interleave


def test_two_sessions_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "factdrill.db")
    with Store(path) as s:
        s.sync_deck("d", CARDS, now=START)
    ctx = multiprocessing.get_context("fork")
    go = ctx.Event()
    procs = [ctx.Process(target=_writer, args=(path, who, N, go)) for who in (1, 2)]
    for p in procs:
        p.start()
    time.sleep(0.3)
    go.set()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    with Store(path) as s:
        assert s.review_count("d") == 2 * N
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        by_writer = {
            w: n for w, n in s.conn.execute("SELECT item_id, count(*) FROM reviews GROUP BY item_id")
        }
        assert by_writer == {"w1": N, "w2": N}
        order = [r[0] for r in s.conn.execute("SELECT item_id FROM reviews ORDER BY id")]
        assert sum(a != b for a, b in zip(order, order[1:])) > 5, "the writers never overlapped"
        _assert_cards_match_their_last_review(s)


def _assert_cards_match_their_last_review(s: Store) -> None:
    """A review and its card update commit together: the card is in the
    'after' state of its newest review."""
    newest = {}
    for rv in s.reviews("d"):
        newest[rv.card_id] = rv
    for card_id, rv in newest.items():
        card = s.card("d", card_id)
        assert (card.state, card.due, card.reps, card.lapses) == (
            rv.after.state,
            rv.after.due,
            rv.after.reps,
            rv.after.lapses,
        )


CHILD = r"""
import sys
from datetime import datetime, timedelta, timezone
from factdrill.study.store import Store
path, start = sys.argv[1], int(sys.argv[2])
t0 = datetime(2026, 1, 10, 9, 0, tzinfo=timezone.utc)
with Store(path) as s:
    i = start
    while True:
        rv = s.record_review("d", f"f{i % 5}:main", item_id="k", item_kind="mcq", response=str(i),
                             correct=True, score=1.0, rating=1 + i % 4, elapsed_ms=10,
                             now=t0 + timedelta(minutes=i))
        print(rv.id, flush=True)
        i += 1
"""


@pytest.mark.slow
def test_kill_9_loses_no_acknowledged_review(tmp_path):
    path = str(tmp_path / "factdrill.db")
    with Store(path) as s:
        s.sync_deck("d", CARDS, now=START)
    rng = random.Random(1234)
    acknowledged: set[int] = set()
    start = 0
    for _round in range(4):
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, path, str(start)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert proc.stdout is not None
        for _ in range(rng.randint(3, 40)):
            line = proc.stdout.readline()
            assert line, "writer died early"
            acknowledged.add(int(line))
        time.sleep(rng.random() * 0.01)  # land the kill anywhere in a write
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        acknowledged.update(int(x) for x in rest.split())
        assert proc.returncode == -signal.SIGKILL
        start += 1000
        # The next session opens cleanly and has every acknowledged review.
        with Store(path) as s:
            assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            ids = {r[0] for r in s.conn.execute("SELECT id FROM reviews")}
            assert acknowledged <= ids
            _assert_cards_match_their_last_review(s)
    assert len(acknowledged) >= 12


def _open_fresh(path: str, barrier, errors) -> None:
    barrier.wait()
    try:
        Store(path).close()
    except Exception as exc:  # reported to the parent, which fails the test
        errors.put(f"{type(exc).__name__}: {exc}")


def test_two_processes_opening_a_new_store_at_once_both_succeed(tmp_path):
    # Two drills started together on a fresh store used to fail one of them:
    # SQLite's WAL switch answers "locked" without waiting, and a half-seen
    # first migration made the file look foreign.
    ctx = multiprocessing.get_context("fork")
    errors = ctx.Queue()
    for n in range(15):
        path = str(tmp_path / f"s{n}" / "factdrill.db")
        barrier = ctx.Barrier(2)
        procs = [ctx.Process(target=_open_fresh, args=(path, barrier, errors)) for _ in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(30)
        assert [p.exitcode for p in procs] == [0, 0]
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == []
