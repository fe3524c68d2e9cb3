"""Start-up figures: whole ``factdrill`` processes, A/B against their floors.

A drill is timed from spawning it until its first question is on stdout
(then it is killed); its peak memory is its own ``ru_maxrss``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from harness import FACTDRILL, FLAGSHIP, HERE, PY, Figure, ab, env, med, run_process, spread, synth_folder
from harness import until_first_question as first_q

# a term's definition reworded, back and forth (fact-5004 of the 10k deck is a term)
EDIT = ("meaning 5004 of", "meaning 5004 about")


def figures(tmp: Path, runs: int, quick: bool) -> list[Figure]:
    e = env(tmp)
    out: list[Figure] = []
    floor_help = [PY, str(HERE / "min_click.py"), "--help"]
    for name, cmd in (("help", [FACTDRILL, "--help"]), ("drill --help", [FACTDRILL, "drill", "--help"])):
        o_t, o_m, f_t, f_m = ab(lambda: run_process(cmd, e), lambda: run_process(floor_help, e), runs)
        out.append(Figure(f"start {name}", med(o_t), med(f_t), "s", 1.3,
                          note=f"peak RSS {med(o_m):.0f} vs {med(f_m):.0f} MiB; floor: click group, one command"))
    drill = [FACTDRILL, "drill"]
    o_t, o_m, f_t, f_m = ab(lambda: first_q(drill, e), lambda: run_process([PY, "-c", "import click, yaml"], e), runs)
    flagship = o_t
    out.append(Figure("start drill to 1st q", med(o_t), med(f_t), "s", 2.0,
                      note=f"flagship, warm; peak RSS {med(o_m):.0f} vs {med(f_m):.0f} MiB; floor: import click, yaml"))
    out.append(_cold(tmp, e, max(3, runs // 3)))
    sizes = (10_000,) if quick else (10_000, 100_000)
    for n in sizes:
        deck = [FACTDRILL, "drill", str(synth_folder(tmp, n))]
        o_t, o_m, f_t, f_m = ab(lambda: first_q(deck, e), lambda: first_q(drill, e), runs)
        label = f"{n // 1000}k"
        out.append(Figure(f"drill warm {label} facts", med(o_t), med(f_t), "s", 1.3,
                          note=f"to the 1st question; floor: the flagship's warm start (spread {spread(o_t)} / "
                               f"{spread(f_t)})"))
        if n == 100_000:
            out.append(Figure("drill 100k peak memory", med(o_m), med(f_m), "MiB", 100, absolute=True,
                              note="peak RSS of the warm 100k drill; floor: the flagship's"))
    out.append(_edited(tmp, e, runs))
    del flagship
    return out


def _cold(tmp: Path, e: dict[str, str], runs: int) -> Figure:
    """The first start after an install or a deck edit: nothing cached."""
    fresh = itertools.count()

    def cold():
        return first_q([FACTDRILL, "drill"], dict(e, FACTDRILL_CACHE=str(tmp / f"cold-cache-{next(fresh)}")))

    # the same parse and generation (and the drill's imports), without cache or store
    same = (f"import factdrill.commands.drill, factdrill.study.session, factdrill.study.store;"
            f"from factdrill.deck.loader import load_deck; from factdrill.generators import generate;"
            f"from factdrill.deck.gcpause import gc_paused\nwith gc_paused(): generate(load_deck({str(FLAGSHIP)!r}))")
    o_t, _, f_t, _ = ab(cold, lambda: run_process([PY, "-c", same], e), runs)
    return Figure("start drill, cold cache", med(o_t), med(f_t), "s", 1.5,
                  note="flagship, empty cache; floor: a process parsing and generating it, no cache")


def _edited(tmp: Path, e: dict[str, str], runs: int) -> Figure:
    """The first drill after editing one fact of the 10k deck, against a warm start."""
    path = synth_folder(tmp, 10_000)
    part = path / "part-00050.yaml"
    text = part.read_text(encoding="utf-8")
    if EDIT[0] not in text and EDIT[1] not in text:
        raise SystemExit(f"{part} has no '{EDIT[0]}' to edit")
    flip = itertools.count()
    deck = [FACTDRILL, "drill", str(path)]

    def edited():
        old, new = EDIT if next(flip) % 2 == 0 else EDIT[::-1]
        current = part.read_text(encoding="utf-8")
        part.write_text(current.replace(old, new) if old in current else current.replace(new, old), encoding="utf-8")
        return first_q(deck, e)

    o_t, _, f_t, _ = ab(edited, lambda: first_q(deck, e), runs)
    return Figure("drill 10k after an edit", med(o_t), med(f_t), "s", 1.5,
                  note=f"one term's definition reworded; floor: the warm 10k start (spread {spread(o_t)} / "
                       f"{spread(f_t)})")
