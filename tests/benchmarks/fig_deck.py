"""Deck figures: ``check``, the items cache and ``items --json``, each measured
in a fresh child process, ours and the floor in rotating order."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from harness import Figure, child, env, med, spread, synth_folder


def child_deck(which: str, path: str, extra: str) -> dict:
    """One measurement (``run.py --child deck WHICH PATH EXTRA``).

    ``parse``: libyaml's CSafeLoader building plain objects from every file
    of the deck, the collector paused as our loader runs (its best time).
    ``check``: what ``factdrill check DECK`` does (parse and validate, the
    lints, the skipped kinds from the items cache), output to /dev/null.
    ``generate``: ``load_deck`` + ``generate``, no cache: generation itself.
    ``cold``: a first build of the items cache (``open_items`` on an empty one).
    ``cached``: ``deck_and_items`` from a warm cache; ``unpickle``, its
    floor: one ``pickle.loads`` of the same deck and items (file ``extra``).
    ``json``: ``factdrill items DECK --json`` to /dev/null; ``dumps``, its
    floor: ``json.dumps`` of the same dicts, built beforehand.
    """
    import gc
    import json
    import pickle

    from factdrill.deck.gcpause import gc_paused

    if which == "cold":
        os.environ["FACTDRILL_CACHE"] = extra
    data = b""
    dicts: list = []
    if which == "unpickle":
        data = Path(extra).read_bytes()
    if which == "dumps":
        from factdrill.generators.cache import deck_and_items

        dicts = [it.to_dict() for it in deck_and_items(path)[1]]
    if which == "parse":
        import yaml

        from factdrill.deck.files import deck_files

        blobs = [p.read_bytes() for p in deck_files(Path(path))]
    import factdrill.commands.check  # noqa: F401  (imports are start-up, not the work)
    import factdrill.commands.items  # noqa: F401
    import factdrill.deck.checker  # noqa: F401
    from factdrill.generators.registry import GENERATORS

    for kind in GENERATORS:  # each generator module is imported on first use: before the clock here
        GENERATORS[kind]
    gc.collect()
    devnull = open(os.devnull, "w")
    stdout, sys.stdout = sys.stdout, devnull
    t0 = time.perf_counter()
    n = 0
    try:
        if which == "parse":
            with gc_paused():
                for b in blobs:
                    yaml.load(b, Loader=yaml.CSafeLoader)
        elif which == "check":
            from factdrill.commands.check import check

            try:
                check.callback(paths=(path,), strict=False, skips=False)
            except SystemExit:
                pass
        elif which == "generate":
            from factdrill.deck.loader import load_deck
            from factdrill.generators import generate

            with gc_paused():
                n = len(generate(load_deck(path)))
        elif which == "cold":
            from factdrill.generators.cache import open_items

            open_items(path).close()
        elif which == "cached":
            from factdrill.generators.cache import deck_and_items

            n = len(deck_and_items(path)[1])
        elif which == "unpickle":
            with gc_paused():
                n = len(pickle.loads(data)[1])
        elif which == "json":
            from factdrill.commands.items import _open, write_json

            with _open(path, 0) as view:  # what `factdrill items DECK --json` does
                write_json(view)
        elif which == "dumps":
            for d in dicts:
                json.dumps(d, sort_keys=True, ensure_ascii=False)
            n = len(dicts)
        secs = time.perf_counter() - t0
    finally:
        sys.stdout = stdout
        devnull.close()
    return {"seconds": secs, "items": n}


def _rounds(e: dict[str, str], pairs: list[tuple[str, str, str]], rounds: int) -> dict[str, list[float]]:
    """Each (which, path, extra) measured ``rounds`` times, the order rotating."""
    times: dict[str, list[float]] = {p[0]: [] for p in pairs}
    for i in range(rounds):
        for which, path, extra in pairs[i % len(pairs):] + pairs[: i % len(pairs)]:
            times[which].append(child("deck", which, path, extra, environ=e)["seconds"])
    return times


def figures(tmp: Path, quick: bool) -> list[Figure]:
    e = env(tmp)
    out: list[Figure] = []
    per_fact: dict[tuple[str, int], float] = {}
    for n in (1000, 10_000):
        path = str(synth_folder(tmp, n))
        child("deck", "check", path, "", environ=e)  # fills the items cache
        rounds = (3 if quick else 5) if n == 1000 else (2 if quick else 3)
        t = _rounds(e, [("parse", path, ""), ("check", path, ""), ("generate", path, "")], rounds)
        per_fact[("check", n)] = med(t["check"]) / n
        per_fact[("generate", n)] = med(t["generate"]) / n
        if n == 10_000:
            out.append(Figure("check 10k facts", med(t["check"]), med(t["parse"]), "s", 3.0,
                              note="parse, validate, lints, skips from the items cache; floor: CSafeLoader parse "
                                   f"(spread {spread(t['check'])} / {spread(t['parse'])})"))
        # a first build of the cache against generating without one
        colds = []
        for i in range(1 if n == 10_000 else 3):
            cache = tmp / f"cold-{n}-{i}"
            colds.append(child("deck", "cold", path, str(cache), environ=e)["seconds"])
            shutil.rmtree(cache, ignore_errors=True)
        out.append(Figure(f"items {n // 1000}k, first build", med(colds), med(t["generate"]), "s", 1.3,
                          note="open_items on an empty cache (generate, record reads, write); "
                               "floor: load_deck + generate"))
    out.append(Figure("generate per fact 10k", per_fact[("generate", 10_000)] * 1e6,
                      per_fact[("generate", 1000)] * 1e6, "us/fact", 1.3, note="floor: per fact at 1k (linear)"))
    out.append(Figure("check per fact 10k", per_fact[("check", 10_000)] * 1e6,
                      per_fact[("check", 1000)] * 1e6, "us/fact", 1.3, note="floor: per fact at 1k (linear)"))
    path = str(synth_folder(tmp, 10_000))
    blob = tmp / "items-10k.pickle"
    _pickle_deck(path, blob, e)
    t = _rounds(e, [("cached", path, ""), ("unpickle", path, str(blob))], 3 if quick else 7)
    out.append(Figure("items 10k, cached", med(t["cached"]), med(t["unpickle"]), "s", 1.5,
                      note="deck_and_items from a warm cache; floor: one pickle.loads of the same deck and items"))
    t = _rounds(e, [("json", path, ""), ("dumps", path, "")], 3 if quick else 5)
    out.append(Figure("items --json 10k", med(t["json"]), med(t["dumps"]), "s", 2.0,
                      note="the command's output to /dev/null; floor: json.dumps of the same dicts"))
    if not quick:
        path = str(synth_folder(tmp, 100_000))
        child("deck", "check", path, "", environ=e)  # fills the items cache (long: a first build)
        t = _rounds(e, [("check", path, "")], 2)
        out.append(Figure("check per fact 100k", med(t["check"]) / 100_000 * 1e6,
                          per_fact[("check", 10_000)] * 1e6, "us/fact", 1.3,
                          note=f"check of 100k facts: {med(t['check']):.1f} s; floor: per fact at 10k"))
    return out


def _pickle_deck(path: str, blob: Path, e: dict[str, str]) -> None:
    import subprocess

    from harness import PY, ROOT

    code = ("import pickle, sys; from factdrill.generators.cache import deck_and_items;"
            f"open({str(blob)!r}, 'wb').write(pickle.dumps(deck_and_items({path!r}), protocol=5))")
    subprocess.run([PY, "-c", code], env=e, check=True, cwd=ROOT)
