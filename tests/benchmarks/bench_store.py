"""Benchmark the review store at scale: next card, record review, stats.

Budgets (issue 5): choosing the next card and recording a review under 5 ms
each with 100,000 cards and 1,000,000 reviews; stats under 300 ms.

    .venv/bin/python tests/benchmarks/bench_store.py [DB_PATH] [--cards N] [--reviews N]

Builds the store once (cards through the API, the review history by bulk
SQL inserts, ~30 s for the default size) and reuses DB_PATH afterwards.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from factdrill.study.cards import CardInfo, to_us

from factdrill.study.store import Store

NOW = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)
DECK = "big"


def build(path: Path, n_cards: int, n_reviews: int) -> None:
    with Store(path) as s:
        s.sync_deck(
            DECK,
            [CardInfo(f"f{i}:main", f"f{i}", f"t{i % 20}") for i in range(n_cards)],
            now=NOW - timedelta(days=400),
        )
    con = sqlite3.connect(path, isolation_level=None)
    rng = random.Random(1)
    studied = int(n_cards * 0.8)
    con.execute("BEGIN")
    con.executemany(
        "UPDATE cards SET state = 2, stability = ?, difficulty = ?, due = ?, last_review = ?,"
        " reps = 10, lapses = ?, rv_total = ?, rv_pass = ? WHERE id = ?",
        [
            (
                rng.uniform(1, 100), rng.uniform(1, 10),
                to_us(NOW + timedelta(hours=rng.uniform(-240, 1440))),
                to_us(NOW - timedelta(days=rng.uniform(1, 60))),
                rng.randint(0, 3), 12, rng.randint(6, 12), i + 1,
            )
            for i in range(studied)
        ],
    )  # fmt: skip
    state = json.dumps({"state": "review", "due": None, "stability": 5.0, "difficulty": 5.0, "step": None,
                        "last_review": None, "reps": 1, "lapses": 0, "suspended": False, "leech": False})  # fmt: skip
    start = to_us(NOW - timedelta(days=365))
    span = to_us(NOW) - start
    con.executemany(
        "INSERT INTO reviews (deck, card_ref, item_id, item_kind, reviewed_at, response, correct,"
        " score, rating, elapsed_ms, confused_with, practice, state_before, before, after)"
        " VALUES (?, ?, 'mcq-x', 'mcq', ?, 'b', 1, 1.0, ?, 3000, '[]', 0, 2, ?, ?)",
        (
            (DECK, rng.randint(1, studied), start + span * k // n_reviews, rng.choice([1, 2, 3, 3, 3, 4]),
             state, state)
            for k in range(n_reviews)
        ),
    )  # fmt: skip
    con.executemany(
        "INSERT INTO confusions (review_id, deck, fact, other, pair_a, pair_b) VALUES (?, ?, ?, ?, ?, ?)",
        (
            (rng.randint(1, n_reviews), DECK, a, b, min(a, b), max(a, b))
            for a, b in ((f"f{rng.randint(0, 500)}", f"f{rng.randint(0, 500)}") for _ in range(n_reviews // 10))
        ),
    )
    con.execute("COMMIT")
    con.close()


def timed(fn, n: int) -> str:
    out = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t) * 1000)
    out.sort()
    p95 = out[max(0, int(len(out) * 0.95) - 1)]
    return f"median {statistics.median(out):7.3f} ms   p95 {p95:7.3f} ms   (n={n})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db", nargs="?", default="/tmp/factdrill-bench/factdrill.db")
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--reviews", type=int, default=1_000_000)
    args = ap.parse_args()
    path = Path(args.db)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        build(path, args.cards, args.reviews)
        print(f"built {args.cards} cards / {args.reviews} reviews in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    s = Store(path)
    print(f"open                 {(time.perf_counter() - t) * 1000:7.3f} ms")
    print("next card (queue 20) ", timed(lambda i: s.queue(DECK, now=NOW, limit=20), 50))
    print("next learning due    ", timed(lambda i: s.next_learning_due(DECK, now=NOW), 50))
    print("record review        ", timed(lambda i: s.record_review(
        DECK, f"f{i}:main", item_id="x", item_kind="mcq", response="b", correct=True, score=1.0,
        rating=3, elapsed_ms=100, now=NOW + timedelta(seconds=i)), 200))  # fmt: skip
    newest = lambda: s.conn.execute("SELECT max(id) FROM reviews").fetchone()[0]  # noqa: E731
    print("undo                 ", timed(lambda i: s.undo(newest()), 50))
    print("stats                ", timed(lambda i: s.stats(DECK, now=NOW), 5))
    print("cram queue (20)      ", timed(lambda i: s.cram_queue(DECK, now=NOW, limit=20), 5))
    s.close()


if __name__ == "__main__":
    main()
