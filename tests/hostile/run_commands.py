"""Run every factdrill command over one hostile input; one JSON line per run.

    python run_commands.py KIND CLASS NAME WORK_FOLDER

KIND is ``deck``, ``store``, ``target``, ``backup`` or ``previous`` (see
:mod:`hostile.corpus`). The input is built in WORK_FOLDER, then each command
runs in this process through click's CliRunner (fast: one interpreter for
all of them). ``tests/test_hostile_corpus.py`` starts this script with a
memory limit and a timeout, so a hang or unbounded memory is a failed test
whose last ``start:`` line on stderr names the command that caused it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from hostile import TERMINAL_UNSAFE  # noqa: E402
from hostile import corpus  # noqa: E402

ANSWERS = "a\n\n3\n\n1\n\nq\n"


# Runs whose stdout is a file's content (GIFT, a sheet): exact bytes for a
# pipe, so deck text such as RTL marks is data there, not terminal output.
DATA_ON_STDOUT = (["export", "gift"], ["sheet"], ["items", "--json"])


def deck_commands(deck: Path, out: Path) -> list[list[str]]:
    """Every command that reads a deck, pointed at ``deck`` (their option
    variants, --json and the like, are in the class tests)."""
    d = str(deck)
    return [
        ["check", d], ["decks"], ["items", d], ["preview", d],
        ["drill", d, "--new", "3"], ["quiz", d, "--items", "3"], ["stats", d],
        ["suspend", "t1", "--deck", d], ["unsuspend", "t1", "--deck", d],
        ["export", "anki", d, "-o", str(out)], ["export", "csv", d, "-o", str(out)],
        ["export", "gift", d, "-o", str(out / "q.gift")], ["export", "gift", d],
        ["export", "qti", d, "-o", str(out / "q.zip")], ["export", "blackboard", d, "-o", str(out / "bb.txt")],
        ["export", "quizlet", d, "-o", str(out / "ql.tsv")],
        ["sheet", d, "-o", str(out / "s.html")], ["sheet", d],
        ["exam", d, "--items", "3", "-o", str(out / "exam")],
        ["export-reviews", str(out / "r.json")], ["import-reviews", str(out / "r.json")],
        ["new", "fresh-deck", "--dir", str(out / "decks")],
    ]


def store_commands(home: Path, out: Path) -> list[list[str]]:
    """Every command that opens the store."""
    backup = out / "empty.json"
    backup.write_text('{"format": "factdrill-reviews", "version": 1, "reviews": []}', encoding="utf-8")
    h = ["--home", str(home)]
    return [
        ["drill", *h], ["quiz", "--items", "2", "--record", *h], ["stats", *h], ["stats", "--json", *h],
        ["suspend", "first-site-bone", *h], ["unsuspend", "first-site-bone", *h],
        ["export-reviews", str(out / "r.json"), *h], ["export-reviews", "--format", "csv", *h],
        ["import-reviews", str(backup), *h],
    ]


def target_commands(target: Path, out: Path) -> list[list[str]]:
    """Every command that writes a file the user names, pointed at ``target``."""
    t = str(target)
    return [
        ["export-reviews", t], ["export", "gift", "-o", t], ["export", "qti", "-o", t],
        ["export", "blackboard", "-o", t], ["export", "quizlet", "-o", t], ["sheet", "-o", t],
        ["sheet", "--format", "html", "-o", t],
    ]


def planted_folder_commands(out: Path, target: Path) -> list[list[str]]:
    """Commands that name their own files in a folder, each file planted as ``target``."""
    names = ["breast-cancer-metastasis.apkg", "breast-cancer-metastasis.tsv",
             "breast-cancer-metastasis-exam-A.html", "breast-cancer-metastasis-bone-pool.txt"]
    for name in names:
        (out / name).symlink_to(target)
    o = str(out)
    return [["export", "anki", "-o", o], ["export", "csv", "-o", o],
            ["exam", "--items", "3", "-o", o], ["export", "blackboard", "--by-topic", "-o", o]]


def find(kind: str, klass: str, name: str) -> corpus.Input:
    lists = {"deck": corpus.DECK_INPUTS, "store": corpus.STORE_INPUTS, "target": corpus.TARGET_INPUTS,
             "backup": corpus.BACKUP_INPUTS, "previous": corpus.PREVIOUS_APKG_INPUTS}
    (found,) = [i for i in lists[kind] if i.klass == klass and i.name == name]
    return found


def main() -> None:
    kind, klass, name, work_arg = sys.argv[1:5]
    work = Path(work_arg)
    os.environ.update(NO_COLOR="1", COLUMNS="80", FACTDRILL_HOME=str(work / "home"),
                      FACTDRILL_CACHE=str(work / "cache"))
    from click.testing import CliRunner

    from factdrill.cli import cli

    source = work / "input"
    source.mkdir(parents=True)
    out = work / "out"
    out.mkdir()
    built = find(kind, klass, name).build(source if kind != "store" else work / "store")
    if kind == "deck":
        decks_dir = work / "decks-dir"
        decks_dir.mkdir()
        # listed by 'decks' under a name of its own (a link named deck.yaml
        # would make the folder look like a folder deck)
        (decks_dir / ("listed.yaml" if built.suffix == ".yaml" else "listed")).symlink_to(built)
        os.environ["FACTDRILL_DECKS"] = str(decks_dir)
        runs = deck_commands(built, out)
    elif kind == "store":
        runs = store_commands(built, out)
    elif kind == "target":
        runs = target_commands(built, out) + planted_folder_commands(out, built)
    elif kind == "backup":
        runs = [["import-reviews", str(built)], ["drill", "--kind", "flashcard"], ["stats"]]
    else:
        runs = [["export", "anki", "--previous", str(built), "-o", str(out / "anki")]]
    for args in runs:
        print("start: " + " ".join(args), file=sys.stderr, flush=True)
        began = time.perf_counter()
        result = CliRunner().invoke(cli, args, input=ANSWERS)
        took = time.perf_counter() - began
        exc = result.exception
        record = {
            "args": args,
            "code": result.exit_code,
            "uncaught": None if exc is None or isinstance(exc, SystemExit) else repr(exc)[:500],
            "traceback": "Traceback" in result.output,
            "unsafe": sorted({repr(c) for c in result.output if c in TERMINAL_UNSAFE}),
            "data": len(args) <= 3 and any(args[: len(p)] == p or args[::2][: len(p)] == p for p in DATA_ON_STDOUT)
            and "-o" not in args,
            "seconds": 0.0,
            "output": result.output[-1500:],
        }
        record["seconds"] = round(took, 2)
        print(json.dumps(record), flush=True)
        if kind == "deck":
            shutil.rmtree(out / "decks", ignore_errors=True)  # 'new' may run again next time
    print("done", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
