#!/usr/bin/env python
"""factdrill benchmarks: every figure is a ratio against a floor measured in
the same run on the same machine (see README.md in this folder).

Run from the repository root with the project's interpreter:

    .venv/bin/python tests/benchmarks/run.py            # everything (~3-6 min)
    .venv/bin/python tests/benchmarks/run.py --quick    # fewer runs, smaller sizes skipped
    .venv/bin/python tests/benchmarks/run.py --only startup --only store

Prints one line per figure (ours, floor, ratio, goal, PASS/FAIL) and exits 1
if any goal is missed. Method: whole-process timings get one warm-up and
then alternate ours and the floor (A/B, B/A...) so machine noise hits both
alike; the median of each side is reported. Peak memory of a child process
comes from ``os.wait4`` (its own ``ru_maxrss``, not the sum of all children).

Not part of the default test run (pytest ignores tests/benchmarks).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PY = sys.executable
FACTDRILL = str(Path(PY).parent / "factdrill")
GROUPS = ("startup", "generation", "export", "store")


@dataclass
class Figure:
    """One measured figure and its goal."""

    name: str
    ours: float
    floor: float
    unit: str  # "s", "ms", "MiB", "us/fact"
    goal: float | None  # max ratio, or max absolute value when ``absolute``; None: for information
    absolute: bool = False
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.floor if self.floor else float("inf")

    @property
    def passed(self) -> bool:
        if self.goal is None:
            return True
        return (self.ours if self.absolute else self.ratio) <= self.goal

    def line(self) -> str:
        ratio = f"{self.ratio:.2f}x" if self.ratio < 1000 else ">999x"
        if self.goal is None:
            goal, verdict = "-", "info"
        else:
            goal = f"< {self.goal:g} {self.unit}" if self.absolute else f"<= {self.goal:g}x"
            verdict = "PASS" if self.passed else "FAIL"
        return (
            f"{self.name[:24]:<24} {_fmt(self.ours, self.unit):>11} {_fmt(self.floor, self.unit):>11} "
            f"{ratio:>7} {goal:>10}  {verdict}"
        )


def _fmt(v: float, unit: str) -> str:
    if unit == "s" and v < 1:
        return f"{v * 1000:.1f} ms"
    if unit == "s":
        return f"{v:.2f} s"
    if unit == "ms":
        return f"{v:.3f} ms"
    if unit == "MiB":
        return f"{v:.0f} MiB"
    return f"{v:.1f} {unit}"


# ----------------------------------------------------------------------------- processes


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        FACTDRILL_HOME=str(tmp / "home"),
        FACTDRILL_CACHE=str(tmp / "cache"),
        NO_COLOR="1",
        COLUMNS="80",
        PYTHONDONTWRITEBYTECODE="",
    )
    env.pop("PYTHONPATH", None)
    return env


def run_process(cmd: list[str], env: dict[str, str], stdin: bytes = b"") -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one whole process, which must succeed."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{err.decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024


_QUESTION = re.compile(rb"answered, \d+ left[^\n]*\n[^\n]*\S[^\n]*\n")


def until_first_question(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawning a drill until its first question line is on stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None
    out = b""
    fd = proc.stdout.fileno()
    wall = None
    deadline = t0 + 30
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        out += chunk
        if _QUESTION.search(out):
            wall = time.perf_counter() - t0
            break
    proc.send_signal(signal.SIGKILL)
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = -9
    if wall is None:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"no question appeared from: {' '.join(cmd)}\n{out.decode(errors='replace')}\n{err}")
    return wall, usage.ru_maxrss / 1024


def ab(ours, floor, runs: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """Alternate ours/floor (one warm-up each, order flipped every round)."""
    ours()
    floor()
    o_t, o_m, f_t, f_m = [], [], [], []
    for i in range(runs):
        pair = [(ours, o_t, o_m), (floor, f_t, f_m)]
        for fn, ts, ms in pair if i % 2 == 0 else pair[::-1]:
            t, m = fn()
            ts.append(t)
            ms.append(m)
    return o_t, o_m, f_t, f_m


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def child(mode: str, *args: str, env: dict[str, str]) -> tuple[dict, float]:
    """Run ``run.py --child MODE ARGS`` and return its JSON output and peak RSS (MiB)."""
    proc = subprocess.Popen([PY, str(HERE / "run.py"), "--child", mode, *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    out, err = proc.communicate()
    # communicate() reaped it; re-read peak RSS from the child's own report instead
    if proc.returncode:
        raise SystemExit(f"child {mode} failed:\n{err.decode(errors='replace')}")
    data = json.loads(out)
    return data, data.get("maxrss_mib", 0.0)


def _reset_peak() -> float:
    """Reset this process's peak RSS to its current RSS (Linux: clear_refs 5); return it in MiB.

    Without it, a transient peak before the measured part (reading the
    items) would hide what the measured part itself needs.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status_mib("VmRSS")
    except OSError:
        return _maxrss_mib()


def _peak_mib() -> float:
    """Peak RSS since the last reset (VmHWM), in MiB."""
    try:
        return _status_mib("VmHWM")
    except OSError:
        return _maxrss_mib()


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise OSError(f"no {field} in /proc/self/status")


def _maxrss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------------------- start-up


def bench_startup(tmp: Path, runs: int) -> list[Figure]:
    env = _env(tmp)
    floor_help = [PY, str(HERE / "min_click.py"), "--help"]
    figures = []
    for name, cmd in (("help", [FACTDRILL, "--help"]), ("drill --help", [FACTDRILL, "drill", "--help"])):
        o_t, o_m, f_t, f_m = ab(lambda: run_process(cmd, env), lambda: run_process(floor_help, env), runs)
        figures.append(Figure(f"start {name}", med(o_t), med(f_t), "s", 1.3,
                              note=f"peak RSS {med(o_m):.0f} vs {med(f_m):.0f} MiB"))
    # first question of a drill on the flagship deck (store and cache warm after the warm-up)
    drill = [FACTDRILL, "drill"]
    floor = [PY, "-c", "import click, yaml"]
    o_t, o_m, f_t, f_m = ab(lambda: until_first_question(drill, env), lambda: run_process(floor, env), runs)
    figures.append(Figure("start drill to 1st q", med(o_t), med(f_t), "s", 2.0,
                          note=f"peak RSS {med(o_m):.0f} vs {med(f_m):.0f} MiB"))
    # the first start after installing or editing the deck: nothing cached yet
    cold = iter(range(10**6))

    def cold_start():
        cold_env = dict(env, FACTDRILL_CACHE=str(tmp / f"cold-cache-{next(cold)}"))
        return until_first_question(drill, cold_env)

    o_t, _, f_t, _ = ab(cold_start, lambda: run_process(floor, env), max(3, runs // 3))
    figures.append(Figure("start drill, cold cache", med(o_t), med(f_t), "s", None,
                          note="first start after an install or a deck edit (parse and generate)"))
    return figures


# ----------------------------------------------------------------------------- generation


def _synth(tmp: Path, n: int) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from synthdeck import write_synth_deck

    path = tmp / f"synth-{n}.yaml"
    if not path.exists():
        write_synth_deck(tmp, n)
    return path


def child_generation(which: str, path: str, cache_dir: str) -> dict:
    """One measurement in a fresh process (so one run's heap never slows the next).

    ``parse``: the floor, libyaml's ``CSafeLoader`` building plain Python
    objects, with the garbage collector paused as our loader runs (its best
    time; with the collector on, the 10k parse is ~3x slower).
    ``generate``: ``load_deck`` + ``generate`` as the cache runs them (GC
    paused), no cache involved: the cost of generation itself.
    ``cold``: items on an empty cache (load, validate, generate, write the
    entry): the first command after an edit.
    ``cached``: items from the cache (hash the files, read the entry), as
    every later command gets them (warmed by the parent, and again here
    only if factdrill's code changed meanwhile, which changes the key).
    """
    import gc

    import yaml

    import factdrill.generators  # noqa: F401  (imports are start-up cost, not generation)
    import factdrill.deck.loader  # noqa: F401
    import factdrill.deck.yamlnodes  # noqa: F401
    from factdrill.generators import cache

    os.environ["FACTDRILL_CACHE"] = cache_dir
    data = Path(path).read_bytes() if which == "parse" else b""
    if which == "cached":
        # The parent warmed the cache; if factdrill's code changed since (the
        # key has a fingerprint of its files), warm it again first.
        where, key, _ = cache.cache_key(Path(path), 0)
        if not (cache.cache_dir() / f"{where}-{key[:32]}{cache.SUFFIX}").exists():
            cache.deck_and_items(path)
        cache._code_print = None  # the timed call walks the source files, as a new process does
    gc.collect()
    t0 = time.perf_counter()
    n_items = 0
    if which == "parse":
        with cache.gc_paused():
            yaml.load(data, Loader=yaml.CSafeLoader)
    elif which == "generate":
        with cache.gc_paused():
            n_items = len(factdrill.generators.generate(factdrill.deck.loader.load_deck(path), seed=0))
    else:
        n_items = len(cache.deck_and_items(path)[1])
    return {"seconds": time.perf_counter() - t0, "items": n_items}


def bench_generation(tmp: Path, quick: bool) -> list[Figure]:
    import shutil

    env = _env(tmp)
    figures = []
    per_fact: dict[tuple[str, int], float] = {}
    order = ["parse", "generate", "cold", "cached"]
    for n, reps, extra in ((1000, 3 if quick else 5, 0 if quick else 4), (10000, 1 if quick else 3, 2 if quick else 6)):
        path = _synth(tmp, n)
        warm = tmp / f"gen-cache-{n}"
        child("generation", "cold", str(path), str(warm), env=env)  # fills the warm cache
        times: dict[str, list[float]] = {k: [] for k in order}
        n_items = 0
        for i in range(reps + extra):
            # the cheap measurements get more rounds: one process each is noisy
            modes = order if i < reps else ["parse", "cached"]
            for which in modes[i % len(modes):] + modes[: i % len(modes)]:
                cache_dir = tmp / f"gen-cold-{n}-{i}" if which == "cold" else warm
                data, _ = child("generation", which, str(path), str(cache_dir), env=env)
                times[which].append(data["seconds"])
                n_items = data["items"] or n_items
                if which == "cold":
                    shutil.rmtree(cache_dir, ignore_errors=True)
        floor = med(times["parse"])
        for which in order[1:]:
            per_fact[(which, n)] = med(times[which]) / n
        k = f"{n // 1000}k"
        figures.append(Figure(f"items {k} facts", med(times["cached"]), floor, "s", 3.0,
                              note=f"{n_items} items from the items cache; floor = CSafeLoader parse"))
        figures.append(Figure(f"generate {k} facts", med(times["generate"]), floor, "s", None,
                              note="load, validate and generate, no cache"))
        figures.append(Figure(f"items {k} facts, cold", med(times["cold"]), floor, "s", None,
                              note="first command after an edit: generate and write the cache"))
    for which, label, goal in (("generate", "generate", 1.3), ("cached", "items", 1.3), ("cold", "cold items", None)):
        figures.append(Figure(f"{label} per fact 10k", per_fact[(which, 10000)] * 1e6,
                              per_fact[(which, 1000)] * 1e6, "us/fact", goal,
                              note="floor = cost per fact at 1k (linear scaling)"))
    return figures


# ----------------------------------------------------------------------------- export


def _export_deck(tmp: Path, notes: int) -> Path:
    # ~8.3 Anki notes per synthetic fact
    return _synth(tmp, max(1, round(notes / 8.3)))


def child_export(mode: str, path: str, out: str) -> dict:
    """Write the deck's .apkg with factdrill (ours) or with a plain genanki script (floor).

    Both start from the same cached deck and items, with genanki already
    imported (not timed). The floor is what a hand-written genanki script
    does with the finished note texts (factdrill's own, so the notes are the
    same): ``guid_for`` each note's identity, build Note objects in per-topic
    decks of the same note types, ``Package.write_to_file``. Ours is the
    whole exporter: items to note HTML, note ids, mod times, the package.
    Peak memory counts from the same point in both (items loaded), so the
    floor's note texts count against it like our own.
    """
    import genanki

    from factdrill.generators.cache import deck_and_items
    from factdrill.exporters import anki

    deck, items = deck_and_items(path)
    import gc

    gc.collect()
    base = _reset_peak()  # loading the items peaks higher than holding them
    if mode == "ours":
        t0 = time.perf_counter()
        res = anki.export_deck(deck, items, out, baseline=anki.Baseline.empty())
        secs = time.perf_counter() - t0
        n = res.notes
    else:
        specs = anki.build_notes(deck, items)  # the note texts a genanki script starts from
        if mode == "floor-nogc":  # the same script with the cyclic GC paused, as ours runs
            import gc

            gc.disable()
        t0 = time.perf_counter()
        models = {
            nt: genanki.Model(
                anki.MODEL_IDS[nt], anki.MODEL_NAMES[nt],
                fields=[{"name": f} for f in anki.MODEL_FIELDS[nt]],
                templates=[{"name": a, "qfmt": q, "afmt": b} for a, q, b in anki.MODEL_TEMPLATES[nt]],
                css=anki.CSS,
                model_type=genanki.Model.CLOZE if nt is anki.NoteType.CLOZE else genanki.Model.FRONT_BACK,
            )
            for nt in anki.NoteType
        }
        decks: dict[str, genanki.Deck] = {}
        for spec in specs:
            d = decks.get(spec.subdeck)
            if d is None:
                d = decks[spec.subdeck] = genanki.Deck(anki.package._anki_deck_id(deck.id, spec.subdeck),
                                                        f"{deck.title}::{spec.subdeck}")
            d.add_note(genanki.Note(model=models[spec.note_type], fields=list(spec.fields),
                                    tags=list(spec.tags), guid=genanki.guid_for(deck.id, spec.guid)))
        genanki.Package(list(decks.values())).write_to_file(str(Path(out) / "floor.apkg"))
        secs = time.perf_counter() - t0
        n = len(specs)
    return {"seconds": secs, "notes": n, "base_mib": base, "maxrss_mib": _peak_mib()}


def bench_export(tmp: Path, quick: bool) -> list[Figure]:
    env = _env(tmp)
    figures = []
    sizes = (10_000,) if quick else (10_000, 100_000)
    for notes in sizes:
        path = _export_deck(tmp, notes)
        out = tmp / f"export-{notes}"
        out.mkdir(exist_ok=True)
        child("export", "floor", str(path), str(out), env=env)  # warm-up: fills the items cache
        runs = 1 if quick else 3  # memory at 100k varies with the allocator's state: take medians
        ours, floor, ours_mem, floor_mem, n = [], [], [], [], 0
        for i in range(runs):
            for mode in ("ours", "floor") if i % 2 == 0 else ("floor", "ours"):
                data, _ = child("export", mode, str(path), str(out), env=env)
                # memory of the export itself: peak minus what holding the items took
                mem = data["maxrss_mib"] - data["base_mib"]
                (ours if mode == "ours" else floor).append(data["seconds"])
                (ours_mem if mode == "ours" else floor_mem).append(mem)
                n = data["notes"]
        label = f"{notes // 1000}k"
        figures.append(Figure(f"export {label} notes", med(ours), med(floor), "s", 1.2,
                              note=f"{n} notes; floor = a plain genanki script writing them"))
        figures.append(Figure(f"export {label} peak mem", med(ours_mem), med(floor_mem), "MiB", 1.5,
                              note="peak RSS above the loaded items (VmHWM after clear_refs)"))
        data, _ = child("export", "floor-nogc", str(path), str(out), env=env)
        figures.append(Figure(f"export {label}, GC-off floor", med(ours), data["seconds"], "s", None,
                              note="the genanki script with the cyclic GC paused too (once)"))
    return figures


# ----------------------------------------------------------------------------- store


def build_store(path: Path, cards: int, reviews: int) -> None:
    """A store with the real schema (the store's own migrations) and bulk rows."""
    import random

    from factdrill.study.store import Store

    Store(path).close()  # creates the file and runs the migrations
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    rng = random.Random(7)
    now = int(time.time() * 1e6)
    day = 86_400 * 10**6
    deck = "bench"
    with_state = []
    for i in range(cards):
        studied = i < cards * 0.9
        due = now + rng.randint(-30, 120) * day if studied else None
        with_state.append((
            deck, f"fact-{i}:main", f"fact-{i}", f"topic-{i % 20}", "", 2 if studied else 0,
            None, rng.uniform(1, 100) if studied else None, rng.uniform(1, 10) if studied else None,
            due, (now - rng.randint(1, 60) * day) if studied else None, 10 if studied else 0,
            rng.randint(0, 3) if studied else 0, now - 200 * day,
        ))
    before = json.dumps({"state": "review", "due": "2026-01-01T00:00:00+00:00", "stability": 12.5,
                         "difficulty": 5.1, "step": None, "last_review": "2025-12-20T00:00:00+00:00",
                         "reps": 9, "lapses": 1, "suspended": False, "leech": False})
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO cards (deck, card, fact, topic, tags, state, step, stability, difficulty, due,"
        " last_review, reps, lapses, added) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        with_state,
    )
    studied = int(cards * 0.9)

    def rows():
        for j in range(reviews):
            ref = 1 + j % studied
            ok = rng.random() < 0.85
            yield (deck, ref, f"mcq-{ref:012x}", "mcq", now - (reviews - j) * 5_000_000, "b",
                   int(ok), 1.0 if ok else 0.0, 3 if ok else 1, 4000, "[]", 0, 2, before, before)

    conn.executemany(
        "INSERT INTO reviews (deck, card_ref, item_id, item_kind, reviewed_at, response, correct,"
        " score, rating, elapsed_ms, confused_with, practice, state_before, before, after)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows(),
    )
    # confusions of one review in ten (the stats' "often confused" pairs)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(confusions)")]
    pairs = ((f"fact-{rng.randrange(500)}", f"fact-{rng.randrange(500)}") for _ in range(reviews // 10))
    rows2 = ((rng.randint(1, reviews), deck, a, b, min(a, b), max(a, b)) for a, b in pairs)
    if "pair_a" in cols:
        conn.executemany("INSERT INTO confusions (review_id, deck, fact, other, pair_a, pair_b)"
                         " VALUES (?, ?, ?, ?, ?, ?)", rows2)
    else:
        conn.executemany("INSERT INTO confusions (review_id, deck, fact, other) VALUES (?, ?, ?, ?)",
                         (r[:4] for r in rows2))
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def child_store(path: str, reps: str) -> dict:
    """Time choosing the next card, recording a review and stats on a big store."""
    import sqlite3

    from factdrill.study.scheduling import Rating
    from factdrill.study.cards import utc
    from factdrill.study.store import Store
    from datetime import datetime, timezone

    deck = "bench"
    now = datetime.now(timezone.utc)
    n = int(reps)
    out: dict[str, list[float]] = {k: [] for k in ("next", "next_floor", "review", "review_floor",
                                                    "stats", "stats_floor")}
    with Store(path) as store:
        raw = sqlite3.connect(path, isolation_level=None)
        # the floor commits with the store's own durability setting
        raw.execute(f"PRAGMA synchronous = {store.conn.execute('PRAGMA synchronous').fetchone()[0]}")
        us = int(now.timestamp() * 1e6)
        for i in range(max(3, n // 20)):
            # what a session does once at start: today's allowance, then every candidate
            t0 = time.perf_counter()
            store.queue(deck, now=utc(now), new_limit=20)
            start = store.queue(deck, now=utc(now), new_limit=10**9)
            out.setdefault("session_queue", []).append(time.perf_counter() - t0)
        out["queue_size"] = [float(len(start))]
        for i in range(n):
            # the next card, and its item history (which item of the card to show)
            t0 = time.perf_counter()
            q = store.queue(deck, now=utc(now), new_limit=20, limit=1)
            store.item_history(deck, [q[0].card_id])
            out["next"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            raw.execute("SELECT * FROM cards WHERE deck = ? AND suspended = 0 AND hidden = 0 AND due <= ?"
                        " ORDER BY due LIMIT 1", (deck, us)).fetchall()
            out["next_floor"].append(time.perf_counter() - t0)
            card = q[0].card_id
            t0 = time.perf_counter()
            store.record_review(deck, card, item_id="mcq-bench", item_kind="mcq", response="b",
                                correct=True, score=1.0, rating=Rating.GOOD, elapsed_ms=3000, now=now)
            out["review"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("INSERT INTO reviews (deck, card_ref, item_id, item_kind, reviewed_at, response,"
                        " correct, score, rating, elapsed_ms, state_before, before, after)"
                        " VALUES (?, 1, 'x', 'mcq', ?, 'b', 1, 1.0, 3, 3000, 2, '{}', '{}')", (deck, us))
            raw.execute("UPDATE cards SET reps = reps + 1 WHERE id = 1")
            raw.execute("COMMIT")
            out["review_floor"].append(time.perf_counter() - t0)
        for i in range(max(3, n // 20)):
            t0 = time.perf_counter()
            store.stats(deck, now=now)
            out["stats"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            raw.execute("SELECT state, count(*) FROM cards WHERE deck = ? GROUP BY state", (deck,)).fetchall()
            raw.execute("SELECT count(*), sum(correct) FROM reviews WHERE deck = ? AND reviewed_at >= ?",
                        (deck, us - 30 * 86_400 * 10**6)).fetchall()
            out["stats_floor"].append(time.perf_counter() - t0)
        raw.close()
    return out


def bench_store(tmp: Path, quick: bool) -> list[Figure]:
    env = _env(tmp)
    path = tmp / "store" / "factdrill.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        child("build-store", str(path), "100000", "1000000", env=env)
        print(f"  (built a store of 100,000 cards and 1,000,000 reviews in {time.perf_counter() - t0:.1f} s)")
    data, _ = child("store", str(path), "50" if quick else "200", env=env)
    ms = {k: [x * 1000 for x in v] for k, v in data.items() if isinstance(v, list)}
    return [
        Figure("store next card", med(ms["next"]), med(ms["next_floor"]), "ms", 5.0, absolute=True,
               note="queue head + its item history; floor = raw indexed SELECT"),
        Figure("store record review", med(ms["review"]), med(ms["review_floor"]), "ms", 5.0, absolute=True,
               note=f"p95 {sorted(ms['review'])[int(len(ms['review']) * 0.95)]:.2f} ms; floor = raw INSERT+UPDATE"),
        Figure("store stats", med(ms["stats"]), med(ms["stats_floor"]), "ms", 300.0, absolute=True,
               note="floor = two raw aggregate queries"),
        Figure("store session queue", med(ms["session_queue"]), med(ms["next_floor"]), "ms", None,
               note=f"once per session: {int(data['queue_size'][0])} due+new cards read"),
    ]


# ----------------------------------------------------------------------------- main


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs; skip the 100k export")
    ap.add_argument("--only", action="append", choices=GROUPS, help="run only this group (repeatable)")
    ap.add_argument("--runs", type=int, default=None, help="A/B rounds for start-up (default 15, quick 5)")
    ap.add_argument("--keep", metavar="DIR", help="reuse/keep work files here (decks, stores, caches)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, rest = args.child[0], args.child[1:]
        if mode == "generation":
            res = child_generation(*rest)
        elif mode == "export":
            res = child_export(*rest)
        elif mode == "build-store":
            build_store(Path(rest[0]), int(rest[1]), int(rest[2]))
            res = {}
        elif mode == "store":
            res = child_store(*rest)
        else:
            raise SystemExit(f"unknown child {mode}")
        res.setdefault("maxrss_mib", _maxrss_mib())
        print(json.dumps(res))
        return 0

    groups = args.only or list(GROUPS)
    runs = args.runs or (5 if args.quick else 15)
    print(f"factdrill benchmarks on {machine()}")
    print(f"{'figure':<24} {'ours':>11} {'floor':>11} {'ratio':>7} {'goal':>10}  result")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="factdrill-bench-") as scratch:
        tmp = Path(args.keep) if args.keep else Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        for group in groups:
            if group == "startup":
                new = bench_startup(tmp, runs)
            elif group == "generation":
                new = bench_generation(tmp, args.quick)
            elif group == "export":
                new = bench_export(tmp, args.quick)
            else:
                new = bench_store(tmp, args.quick)
            for f in new:
                print(f.line() + (f"\n{'':<4}{f.note}" if f.note else ""), flush=True)
            figures.extend(new)
    failed = [f.name for f in figures if not f.passed]
    print(f"{len(figures) - len(failed)}/{len(figures)} figures within their goals"
          + (f"; missed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
