"""Review imports: impossible states, overflowing numbers and dates, lone
surrogates and special files are refused in one line, the store unchanged;
a drill after any accepted import still works; duplicates are found in
time linear in the file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hostile.cli import invoke
from factdrill.study.store import Store

FACTDRILL = str(Path(sys.executable).with_name("factdrill"))


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FACTDRILL_HOME", raising=False)




@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    # a card reviewed twice, so the second review's states are 'review' states
    result = invoke("drill", "--home", home, "--kind", "flashcard", "--new", "2", input="\n4\n" * 2 + "q\n")
    assert result.exit_code == 0, result.output
    return home


@pytest.fixture
def good(home, tmp_path) -> dict:
    path = tmp_path / "good.json"
    assert invoke("export-reviews", path, "--home", home).exit_code == 0
    return json.loads(path.read_text(encoding="utf-8"))


def reviews(home: Path) -> list:
    with Store.open(home) as store:
        return [(r.card_id, r.item_id, r.reviewed_at, r.rating) for r in store.reviews()]


def review_state(good: dict) -> dict:
    after = dict(good["reviews"][0]["after"])
    assert after["state"] in ("learning", "review"), after
    return after


def mutate(good: dict, *, after=None, **fields) -> str:
    # a new review (not a duplicate) unless the test changes its time
    rec = dict(good["reviews"][0], reviewed_at="2031-01-01T00:00:00+00:00")
    rec.update(fields)
    if after is not None:
        rec["after"] = after
    return json.dumps(dict(good, reviews=[rec]), allow_nan=True)


IMPOSSIBLE_STATES = {
    "stability-null": {"stability": None},
    "stability-nan": {"stability": float("nan")},
    "stability-negative": {"stability": -3.0},
    "stability-zero": {"stability": 0.0},
    "stability-infinite": {"stability": float("inf")},
    "difficulty-nan": {"difficulty": float("nan")},
    "difficulty-out-of-range": {"difficulty": 42.0},
    "no-due-date": {"due": None},
    "lapses-negative": {"lapses": -1},
    "reps-huge": {"reps": 10**30},
    "step-negative": {"step": -5},
}


@pytest.mark.parametrize("case", list(IMPOSSIBLE_STATES))
def test_impossible_card_states_are_refused_and_never_reach_a_drill(home, good, tmp_path, case):
    after = dict(review_state(good), **IMPOSSIBLE_STATES[case])
    path = tmp_path / "bad.json"
    path.write_text(mutate(good, after=after), encoding="utf-8")
    before = reviews(home)
    result = invoke("import-reviews", path, "--home", home)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code != 0 and len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert reviews(home) == before
    drill = invoke("drill", "--home", home, "--kind", "flashcard", input="\n3\n" * 3 + "q\n")
    assert drill.exit_code == 0, drill.output


@pytest.mark.parametrize(
    "fields",
    [
        {"elapsed_ms": 10**30}, {"elapsed_ms": -5}, {"rating": 1e400}, {"rating": float("nan")},
        {"score": float("nan")}, {"score": 7}, {"reviewed_at": "9999-12-31T23:59:59-23:59"},
        {"reviewed_at": "0001-01-01T00:00:00+23:59"}, {"response": "\ud800 lone"}, {"deck": "a\udcff"},
        {"confused_with": ["\ud800"]}, {"response": "x" * 200_000},
    ],
    ids=lambda f: next(iter(f)) + "=" + repr(next(iter(f.values())))[:12],
)
def test_overflows_and_lone_surrogates_are_one_line(home, good, tmp_path, fields):
    path = tmp_path / "bad.json"
    path.write_text(mutate(good, **fields), encoding="utf-8")
    before = reviews(home)
    result = invoke("import-reviews", path, "--home", home)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code != 0 and len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert reviews(home) == before


def test_a_json_version_too_big_for_an_integer_is_one_line(home, good, tmp_path):
    path = tmp_path / "v.json"
    path.write_text(json.dumps(good).replace('"version": 1', '"version": 1e400'), encoding="utf-8")
    result = invoke("import-reviews", path, "--home", home)
    assert result.exit_code != 0 and result.output.startswith("Error: ")


def test_twenty_thousand_reviews_of_one_card_import_and_dedupe(home, good, tmp_path):
    rec = good["reviews"][0]
    many = [dict(rec, reviewed_at=f"2030-01-01T00:00:00.{i:06d}+00:00") for i in range(20_000)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(dict(good, reviews=many)), encoding="utf-8")
    first = invoke("import-reviews", path, "--home", home)
    assert first.exit_code == 0 and "Imported 20000 reviews" in first.output, first.output
    again = invoke("import-reviews", path, "--home", home)
    assert again.exit_code == 0 and "Imported 0 reviews (20000 already present)" in again.output


def test_the_duplicate_check_reads_each_card_once_not_once_per_review(home, good):
    """Linear work (speed itself is the benchmarks' business): the check used
    to query a card's reviews once per imported review, 20,000 times for
    20,000 reviews of one card (30 s)."""
    import io

    from factdrill.study.backup import import_reviews

    rec = good["reviews"][0]
    many = [dict(rec, reviewed_at=f"2030-01-01T00:00:00.{i:06d}+00:00") for i in range(2_000)]
    text = json.dumps(dict(good, reviews=many))
    with Store.open(home) as store:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        assert import_reviews(store, io.StringIO(text)) == 2_000
        store.conn.set_trace_callback(None)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "FROM REVIEWS" in s.upper()]
    assert len(reads) < 50, f"{len(reads)} reads of the review log for one card"


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "/dev/null-link"])
def test_special_files_as_backups_are_refused_without_waiting(home, tmp_path, special):
    if special == "fifo":
        path = tmp_path / "pipe.json"
        os.mkfifo(path)
    elif special == "/dev/zero":
        path = Path("/dev/zero")
    else:
        path = tmp_path / "link.json"
        path.symlink_to("/dev/zero")
    env = dict(os.environ, FACTDRILL_CACHE=str(tmp_path / "cache"))
    proc = subprocess.run([FACTDRILL, "import-reviews", str(path), "--home", str(home)], capture_output=True,
                          env=env, timeout=60)
    err = proc.stderr.decode()
    assert proc.returncode != 0 and "Traceback" not in err
    assert "named pipe" in err or "a device" in err, err
