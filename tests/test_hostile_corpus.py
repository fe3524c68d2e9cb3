"""Every command over the hostile corpus (``tests/hostile/corpus.py``).

Each input runs in its own process under a memory limit (RLIMIT_AS) and a
timeout, so a hang or unbounded memory fails the test (naming the command
that was running) instead of stalling or swapping the machine. Every run
must end without an uncaught exception or traceback, exit 0, 1 or 2, say
what went wrong in an ``Error:`` (or ``error:``) line when it fails, and
print nothing that could drive the terminal. Writing commands must leave
pipes, devices, links out of the folder and the review store as they were.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from hostile import corpus

DRIVER = Path(__file__).parent / "hostile" / "run_commands.py"
MEMORY_LIMIT = 3 * 1024 ** 3  # address space: a runaway allocation fails fast
TIMEOUT = 240  # seconds for all the commands of one input


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


KINDS = {
    "deck": corpus.DECK_INPUTS, "store": corpus.STORE_INPUTS, "target": corpus.TARGET_INPUTS,
    "backup": corpus.BACKUP_INPUTS, "previous": corpus.PREVIOUS_APKG_INPUTS,
}
WORKERS = 2  # the inputs run two at a time: the suite's machine has two cores


def _run(kind: str, item: corpus.Input, work: Path) -> tuple[list[dict], str | None]:
    """The runs of one input, or why the driver process failed (hang, crash, memory)."""
    work.mkdir(parents=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(Path(__file__).parent),
                                                                    os.environ.get("PYTHONPATH")])))
    try:
        proc = subprocess.run([sys.executable, str(DRIVER), kind, item.klass, item.name, str(work)],
                              capture_output=True, env=env, preexec_fn=_limits, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        started = [line for line in (exc.stderr or b"").decode().splitlines() if line.startswith("start:")]
        return [], f"{item.klass}/{item.name}: no end within {TIMEOUT} s; last {started[-1:]}"
    err = proc.stderr.decode("utf-8", "replace")
    started = [line for line in err.splitlines() if line.startswith("start:")]
    if proc.returncode != 0 or not err.rstrip().endswith("done"):
        return [], (f"{item.klass}/{item.name}: the driver died (exit {proc.returncode}) during"
                    f" {started[-1:]}:\n{err[-3000:]}")
    return [json.loads(line) for line in proc.stdout.decode().splitlines()], None


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    """Every input of the corpus run once (two at a time), by (kind, class, name)."""
    from concurrent.futures import ThreadPoolExecutor

    root = tmp_path_factory.mktemp("corpus")
    jobs = [(kind, item, root / f"{kind}-{item.klass}-{item.name}") for kind, items in KINDS.items() for item in items]
    with ThreadPoolExecutor(WORKERS) as pool:
        done = list(pool.map(lambda job: _run(*job), jobs))
    return {(kind, item.klass, item.name): (runs, failure, work)
            for (kind, item, work), (runs, failure) in zip(jobs, done)}


def run_input(results: dict, kind: str, item: corpus.Input) -> list[dict]:
    runs, failure, _ = results[(kind, item.klass, item.name)]
    if failure:
        pytest.fail(failure)
    return runs


def check_runs(item: corpus.Input, runs: list[dict]) -> None:
    assert runs, item
    for r in runs:
        where = f"{item.klass}/{item.name}: factdrill {' '.join(r['args'])}"
        assert r["uncaught"] is None, f"{where}: {r['uncaught']}\n{r['output']}"
        assert not r["traceback"], f"{where}:\n{r['output']}"
        assert r["code"] in (0, 1, 2), f"{where}: exit {r['code']}\n{r['output']}"
        # a file's content on stdout is data (the terminal case is tested apart)
        assert r["data"] or r["unsafe"] == [], f"{where}: {r['unsafe']} reached the terminal"
        if r["code"]:
            said = ("Error:", "error:", "INVALID", "\"valid\": false")  # how decks marks a broken deck
            assert any(s in r["output"] for s in said) or r["args"][:2] == ["check", "--strict"], (
                f"{where}: failed without saying why:\n{r['output']}")


@pytest.mark.parametrize("item", corpus.DECK_INPUTS, ids=lambda i: f"{i.klass}/{i.name}")
def test_every_command_over_each_hostile_deck(item, results):
    check_runs(item, run_input(results, "deck", item))


@pytest.mark.parametrize("item", corpus.STORE_INPUTS, ids=lambda i: f"{i.klass}/{i.name}")
def test_every_store_command_refuses_a_hostile_store_and_changes_nothing(item, results):
    runs = run_input(results, "store", item)
    check_runs(item, runs)
    for r in runs:
        assert r["code"] != 0, f"{item.name}: factdrill {' '.join(r['args'])} accepted it:\n{r['output']}"


@pytest.mark.parametrize("item", corpus.TARGET_INPUTS, ids=lambda i: f"{i.klass}/{i.name}")
def test_no_command_writes_into_a_hostile_target(item, results):
    runs = run_input(results, "target", item)
    check_runs(item, runs)
    for r in runs:
        if item.name == "folder" and r["code"] == 0:
            # the -o convention: a folder takes the format's usual file name inside it, never replaced itself
            assert "/a-folder/" in r["output"], r["output"]
            continue
        assert r["code"] != 0, f"{item.name}: factdrill {' '.join(r['args'])} wrote to it:\n{r['output']}"
    work = results[("target", item.klass, item.name)][2]
    outside = work / "outside-precious.txt"
    if outside.exists():
        assert outside.read_text(encoding="utf-8") == "precious"
    special = {"fifo": "pipe", "device": "device", "null-device": "null", "folder": "a-folder"}
    target = work / "input" / special.get(item.name, "")
    if item.name in special:
        assert not target.is_file() and not target.is_symlink(), "a special file was replaced"
    if item.name == "folder":
        assert target.is_dir() and all(p.is_file() and not p.is_symlink() for p in target.iterdir())


@pytest.mark.parametrize("item", corpus.BACKUP_INPUTS + corpus.PREVIOUS_APKG_INPUTS,
                         ids=lambda i: f"{i.klass}/{i.name}")
def test_hostile_backups_and_previous_exports(item, results):
    kind = "backup" if item in corpus.BACKUP_INPUTS else "previous"
    runs = run_input(results, kind, item)
    check_runs(item, runs)
    assert runs[0]["code"] != 0, runs[0]["output"]
    for r in runs[1:]:
        assert r["code"] == 0, r["output"]  # the store is still fine to study from


def test_every_class_has_at_least_three_inputs():
    inputs = (corpus.DECK_INPUTS + corpus.STORE_INPUTS + corpus.TARGET_INPUTS + corpus.BACKUP_INPUTS
              + corpus.PREVIOUS_APKG_INPUTS)
    counts: dict[str, int] = {}
    for i in inputs:
        counts[i.klass] = counts.get(i.klass, 0) + 1
    assert min(counts.values()) >= 3, counts
