#!/usr/bin/env python
"""factdrill benchmarks: every figure is a ratio against a floor doing the
same work, measured in the same run on the same machine, or an absolute
bound (see README.md in this folder).

Run from the repository root with the project's interpreter:

    .venv/bin/python tests/benchmarks/run.py            # everything (long: builds 100k-fact caches)
    .venv/bin/python tests/benchmarks/run.py --quick    # fewer runs, no 100k figures
    .venv/bin/python tests/benchmarks/run.py --only startup --only store
    .venv/bin/python tests/benchmarks/run.py --keep /tmp/fd-bench   # reuse decks, caches, store

Prints one line per figure (ours, floor, ratio, goal, PASS/FAIL) and exits 1
if any goal is missed. Not part of the default test run (pytest ignores
tests/benchmarks).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Figure, machine, maxrss_mib  # noqa: E402

GROUPS = ("startup", "deck", "export", "store")


def _child(mode: str, rest: list[str]) -> dict:
    if mode == "deck":
        from fig_deck import child_deck

        return child_deck(*rest)
    if mode == "export":
        from fig_export import child_export

        return child_export(*rest)
    if mode == "build-store":
        from fig_store import build_store

        build_store(Path(rest[0]), int(rest[1]), int(rest[2]))
        return {}
    if mode == "store":
        from fig_store import child_store

        return child_store(*rest)
    if mode == "stats":
        from fig_store import child_stats

        return child_stats(*rest)
    raise SystemExit(f"unknown child {mode}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs; no 100k figures")
    ap.add_argument("--only", action="append", choices=GROUPS, help="run only this group (repeatable)")
    ap.add_argument("--runs", type=int, default=None, help="A/B rounds of whole processes (default 11, quick 5)")
    ap.add_argument("--keep", metavar="DIR", help="reuse/keep work files here (decks, caches, stores)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        res = _child(args.child[0], args.child[1:])
        res.setdefault("maxrss_mib", maxrss_mib())
        print(json.dumps(res))
        return 0

    groups = args.only or list(GROUPS)
    runs = args.runs or (5 if args.quick else 11)
    started = time.perf_counter()
    print(f"factdrill benchmarks on {machine()}")
    print(f"{'figure':<26} {'ours':>11} {'floor':>11} {'ratio':>7} {'goal':>10}  result")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="factdrill-bench-") as scratch:
        tmp = Path(args.keep) if args.keep else Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        for group in groups:
            if group == "startup":
                from fig_startup import figures as make

                new = make(tmp, runs, args.quick)
            elif group == "deck":
                from fig_deck import figures as make

                new = make(tmp, args.quick)
            elif group == "export":
                from fig_export import figures as make

                new = make(tmp, args.quick)
            else:
                from fig_store import figures as make

                new = make(tmp, args.quick)
            for f in new:
                print(f.line() + (f"\n{'':<4}{f.note}" if f.note else ""), flush=True)
            figures.extend(new)
    failed = [f.name for f in figures if not f.passed]
    print(f"{len(figures) - len(failed)}/{len(figures)} figures within their goals"
          + (f"; missed: {', '.join(failed)}" if failed else "")
          + f" ({(time.perf_counter() - started) / 60:.1f} min)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
