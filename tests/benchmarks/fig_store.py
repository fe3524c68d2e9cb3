"""Store figures on 100,000 cards and 1,000,000 reviews: the next card, a
review, the session's queue, closing, and ``stats`` against the same SQL in
the ``sqlite3`` shell."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import time
from pathlib import Path

from harness import Figure, child, env, med, spread

DECK = "bench"


def build_store(path: Path, cards: int, reviews: int) -> None:
    """A store with the real schema (the store's own migrations) and bulk rows."""
    import sqlite3

    from factdrill.study.store import Store

    Store(path).close()  # creates the file and runs the migrations
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    rng = random.Random(7)
    now = int(time.time() * 1e6)
    day = 86_400 * 10**6
    rows = []
    for i in range(cards):
        studied = i < cards * 0.9
        rows.append((
            DECK, f"fact-{i}:main", f"fact-{i}", f"topic-{i % 20}", "", 2 if studied else 0, None,
            rng.uniform(1, 100) if studied else None, rng.uniform(1, 10) if studied else None,
            now + rng.randint(-30, 120) * day if studied else None,
            (now - rng.randint(1, 60) * day) if studied else None, 10 if studied else 0,
            rng.randint(0, 3) if studied else 0, now - 200 * day,
        ))
    before = json.dumps({"state": "review", "due": "2026-01-01T00:00:00+00:00", "stability": 12.5,
                         "difficulty": 5.1, "step": None, "last_review": "2025-12-20T00:00:00+00:00",
                         "reps": 9, "lapses": 1, "suspended": False, "leech": False})
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO cards (deck, card, fact, topic, tags, state, step, stability, difficulty, due,"
        " last_review, reps, lapses, added) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    studied = int(cards * 0.9)

    def review_rows():
        for j in range(reviews):
            ref = 1 + j % studied
            ok = rng.random() < 0.85
            yield (DECK, ref, f"mcq-{ref:012x}", "mcq", now - (reviews - j) * 5_000_000, "b",
                   int(ok), 1.0 if ok else 0.0, 3 if ok else 1, 4000, "[]", 0, 2, before, before)

    conn.executemany(
        "INSERT INTO reviews (deck, card_ref, item_id, item_kind, reviewed_at, response, correct,"
        " score, rating, elapsed_ms, confused_with, practice, state_before, before, after)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", review_rows())
    pairs = ((f"fact-{rng.randrange(500)}", f"fact-{rng.randrange(500)}") for _ in range(reviews // 10))
    conn.executemany("INSERT INTO confusions (review_id, deck, fact, other, pair_a, pair_b) VALUES (?,?,?,?,?,?)",
                     ((rng.randint(1, reviews), DECK, a, b, min(a, b), max(a, b)) for a, b in pairs))
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


class _Every:
    """A deck that has every card (the queue's membership test)."""

    def __contains__(self, card: object) -> bool:
        return True


def child_store(path: str, reps: str, sql_out: str) -> dict:
    """Time choosing the next card, recording a review, a session's queue and
    closing; write the SQL ``compute_stats`` runs to ``sql_out``."""
    import sqlite3
    from datetime import datetime, timezone

    from factdrill.study.cards import utc
    from factdrill.study.queue import build_queue
    from factdrill.study.scheduling import Rating
    from factdrill.study.stats import compute_stats
    from factdrill.study.store import Store
    from factdrill.study.storefile import CARD_COLUMNS

    now = datetime.now(timezone.utc)
    n = int(reps)
    out: dict[str, list[float]] = {k: [] for k in ("next", "review", "queue", "queue_floor", "close")}
    with Store(path) as store:
        us = int(now.timestamp() * 1e6)
        for _ in range(max(3, n // 20)):
            t0 = time.perf_counter()
            keys = build_queue(store, {DECK: _Every()}, {DECK: 20}, now=utc(now))
            out["queue"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()  # the same rows, fetched raw: every due card, then 20 new
            store.conn.execute(f"SELECT {CARD_COLUMNS} FROM cards WHERE deck = ? AND suspended = 0 AND hidden = 0"
                               " AND due <= ? ORDER BY due", (DECK, us)).fetchall()
            store.conn.execute(f"SELECT id, {CARD_COLUMNS} FROM cards WHERE deck = ? AND state = 0 AND"
                               " suspended = 0 AND hidden = 0 ORDER BY id LIMIT 20", (DECK,)).fetchall()
            out["queue_floor"].append(time.perf_counter() - t0)
        out["queue_size"] = [float(len(keys))]
        for _ in range(n):
            t0 = time.perf_counter()
            q = store.queue(DECK, now=utc(now), new_limit=20, limit=1)
            store.item_history(DECK, [q[0].card_id])
            out["next"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            store.record_review(DECK, q[0].card_id, item_id="mcq-bench", item_kind="mcq", response="b",
                                correct=True, score=1.0, rating=Rating.GOOD, elapsed_ms=3000, now=now)
            out["review"].append(time.perf_counter() - t0)
        statements: list[str] = []  # the SQL stats runs (timed by child_stats, against the shell)
        store.conn.set_trace_callback(statements.append)
        compute_stats(store, DECK, now=now)
        store.conn.set_trace_callback(None)
    Path(sql_out).write_text("".join(s.rstrip().rstrip(";") + ";\n" for s in statements))
    for _ in range(5):  # open, read a little (the planner uses the tables), close
        store = Store(path)
        store.queue(DECK, now=utc(now), new_limit=20, limit=1)
        t0 = time.perf_counter()
        store.close()
        out["close"].append(time.perf_counter() - t0)
    raw = sqlite3.connect(path)
    out["statements"] = [float(len(statements))]
    raw.close()
    return out


def child_stats(path: str, reps: str) -> dict:
    """``compute_stats`` timed ``reps`` times in a fresh process, after one
    untimed call (as the shell's first repetition reads the pages first)."""
    from datetime import datetime, timezone

    from factdrill.study.stats import compute_stats
    from factdrill.study.store import Store

    now = datetime.now(timezone.utc)
    out: list[float] = []
    with Store(path) as store:
        compute_stats(store, DECK, now=now)
        for _ in range(int(reps)):
            t0 = time.perf_counter()
            compute_stats(store, DECK, now=now)
            out.append(time.perf_counter() - t0)
    return {"stats": out}


def shell_seconds(db: Path, script: Path, repeat: int = 5) -> float:
    """The time the ``sqlite3`` shell takes for the statements of ``script``
    (its own ``.timer``, summed over the statements, per repetition)."""
    sql = script.read_text() * repeat
    proc = subprocess.run(["sqlite3", "-cmd", ".timer on", str(db)], input=sql, capture_output=True, text=True,
                          check=True)
    real = [float(m) for m in re.findall(r"Run Time: real ([0-9.]+)", proc.stdout)]
    return sum(real) / repeat


def figures(tmp: Path, quick: bool) -> list[Figure]:
    e = env(tmp)
    path = tmp / "store" / "factdrill.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        child("build-store", str(path), "100000", "1000000", environ=e)
        print(f"  (built a store of 100,000 cards and 1,000,000 reviews in {time.perf_counter() - t0:.1f} s)")
    work = tmp / "store-run.db"  # reviews are recorded into a copy: the next run starts the same
    shutil.copy(path, work)
    script = tmp / "stats.sql"
    data = child("store", str(work), "50" if quick else "200", str(script), environ=e)
    ms = {k: [x * 1000 for x in v] for k, v in data.items() if isinstance(v, list) and k not in ("statements", "queue_size")}
    # stats against the shell in alternation (ours, shell, shell, ours...):
    # measured one after the other, a change of load on a shared machine
    # between the two moved the ratio from 0.84x to 1.43x between runs
    ours_stats: list[float] = []
    shell_stats: list[float] = []
    for i in range(3 if quick else 5):
        for side in ("ours", "shell") if i % 2 == 0 else ("shell", "ours"):
            if side == "ours":
                ours_stats.append(med(child("stats", str(work), "3", environ=e)["stats"]) * 1000)
            else:
                shell_stats.append(shell_seconds(work, script, repeat=3) * 1000)
    p95 = sorted(ms["review"])[int(len(ms["review"]) * 0.95)]
    return [
        Figure("store next card", med(ms["next"]), 5.0, "ms", 5.0, absolute=True,
               note="queue head + its item history"),
        Figure("store record review", med(ms["review"]), 5.0, "ms", 5.0, absolute=True,
               note=f"FSRS step, log, state, one transaction; p95 {p95:.2f} ms"),
        Figure("store session queue", med(ms["queue"]), med(ms["queue_floor"]), "ms", 3.0,
               note=f"{int(data['queue_size'][0])} cards queued: every due card and 20 new; floor: their rows "
                    "fetched raw"),
        Figure("store stats", med(ours_stats), med(shell_stats), "ms", 1.3,
               note=f"{int(data['statements'][0])} statements; floor: the same SQL in the sqlite3 shell, "
                    f"alternated (spread {spread(ours_stats)} / {spread(shell_stats)})"),
        Figure("store close", med(ms["close"]), 10.0, "ms", 10.0, absolute=True,
               note="PRAGMA optimize with nothing to analyze"),
    ]
