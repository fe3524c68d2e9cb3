"""Crash safety: SIGKILL a real drill session at random moments, many times.

A scripted student answers the flagship deck through ``factdrill drill``
over pipes; the process is killed after a random number of answers and a
random delay (often while an answer is being committed), or during
start-up. After every kill the store must pass ``PRAGMA integrity_check``
and hold every review the screen acknowledged ("Rated ... Next:"), with at
most the one answer in flight on top.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections import Counter

import pytest

import drill_keys
from hostile.driver import PipedDrill

DECK_ID = "breast-cancer-metastasis"
KILLS = 32


@pytest.fixture(scope="module")
def items():
    return drill_keys.flagship_items()


def stored_items(db) -> Counter:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return Counter(r[0] for r in con.execute("SELECT item_id FROM reviews WHERE deck = ?", (DECK_ID,)))
    finally:
        con.close()


@pytest.mark.slow
def test_sigkill_at_random_points_loses_no_acknowledged_review(tmp_path, items):
    rng = random.Random(20261125)
    home, cache = tmp_path / "home", tmp_path / "cache"
    acked: Counter = Counter()
    in_flight = 0
    started = time.monotonic()
    for run in range(KILLS):
        drill = PipedDrill(home, items, "--new", "100", cache=cache)
        if run % 4 == 3:  # some kills land during start-up (store opening, deck sync)
            time.sleep(rng.uniform(0, 0.3))
            drill.kill()
            acked += drill.acked()
            assert not (acked - stored_items(home / "factdrill.db"))
            continue
        for _ in range(rng.randrange(0, 12)):
            if not drill.step():
                break
        if not drill.eof:
            # send one more answer and kill while it may be committing
            if drill.wait_prompt():
                drill.send(drill.reply())
                in_flight += 1
            time.sleep(rng.choice([0, 0, 0.001, 0.003, 0.01, 0.03]))
        drill.kill()
        acked += drill.acked()
        have = stored_items(home / "factdrill.db")
        missing = acked - have
        assert not missing, f"kill {run}: acknowledged but not stored: {dict(missing)}"
        assert sum(have.values()) <= sum(acked.values()) + in_flight
    assert sum(acked.values()) >= KILLS  # the runs really answered questions
    assert time.monotonic() - started < 120
