"""Benchmark deck loading against its floor: libyaml parsing the same file.

Goal (research/performance-floors.md, 2a/2b): load + validate a deck of 1k
or 10k facts in at most 1.5x the time of ``yaml.load(..., CSafeLoader)``,
which builds plain dicts and checks nothing. Also times refusing a
billion-laughs document.

    .venv/bin/python tests/benchmarks/bench_loader.py [--facts 1000 10000] [--reps 5]

Prints one JSON line per size; the two timings of a size are interleaved so
load on a shared machine hits both alike. Quote medians and the ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parents[1]))

from synthdeck import write_synth_deck  # noqa: E402

from factdrill.deck.loader import check_deck  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_size(folder: Path, n_facts: int, reps: int) -> dict:
    path = write_synth_deck(folder, n_facts)
    raw, ours = [], []
    for _ in range(reps):
        raw.append(timed(lambda: yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)))
        ours.append(timed(lambda: check_deck(path)))
    deck, problems = check_deck(path)
    assert deck is not None and not problems, problems[:3]
    floor, mine = statistics.median(raw), statistics.median(ours)
    return {
        "facts": n_facts,
        "csafeloader_ms": round(floor * 1000, 1),
        "check_deck_ms": round(mine * 1000, 1),
        "ratio": round(mine / floor, 2),
        "goal": 1.5,
    }


def bench_bomb(folder: Path, reps: int) -> dict:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path = folder / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    times = [timed(lambda: check_deck(path)) for _ in range(reps)]
    return {"billion_laughs_refused_ms": round(statistics.median(times) * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.facts:
            print(json.dumps(bench_size(Path(tmp), n, args.reps)), flush=True)
        print(json.dumps(bench_bomb(Path(tmp), args.reps)))


if __name__ == "__main__":
    main()
