"""Opening the review store: every command refuses a damaged store before
writing anything, read-only commands included (``PRAGMA quick_check`` at
open); a full disk or a file size limit says "disk full", not "damaged";
a pipe, an empty file or a device as the store is refused, never waited on
or silently started afresh.
"""

from __future__ import annotations

from functools import partial

import hashlib
import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hostile.cli import invoke as run
from factdrill.safeio import STORE_APPLICATION_ID
from factdrill.study import migrations
from factdrill.study.store import DB_NAME

FACTDRILL = str(Path(sys.executable).with_name("factdrill"))
PAGE = 4096


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FACTDRILL_HOME", raising=False)


invoke = partial(run, input="q\n")  # each run ends a drill at its first question


def error_line(result) -> str:
    lines = [line[line.index("Error: "):] for line in result.output.splitlines() if "Error: " in line]
    assert result.exit_code != 0 and len(lines) == 1, result.output
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def store_commands(home: Path, tmp_path: Path) -> list[tuple]:
    """Every command that opens the store, the read-only ones included."""
    backup = tmp_path / "in.json"
    backup.write_text('{"format": "factdrill-reviews", "version": 1, "reviews": []}', encoding="utf-8")
    return [
        ("stats", "--home", home), ("stats", "--json", "--home", home),
        ("drill", "--home", home), ("quiz", "--items", "2", "--record", "--home", home),
        ("suspend", "first-site-bone", "--home", home), ("unsuspend", "first-site-bone", "--home", home),
        ("export-reviews", tmp_path / "out.json", "--home", home), ("export-reviews", "--home", home),
        ("import-reviews", backup, "--home", home),
    ]


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    result = invoke("drill", "--home", home, "--kind", "flashcard", "--new", "2", input="\n3\n" * 2 + "q\n")
    assert result.exit_code == 0, result.output
    return home


def grow(db: Path, rows: int = 3000) -> None:
    """Many reviews, so the file has pages that opening it never reads."""
    con = sqlite3.connect(db)
    cols = ("deck, card_ref, item_id, item_kind, reviewed_at, response, correct, score, rating, elapsed_ms,"
            " confused_with, practice, state_before, before, after")
    row = list(con.execute(f"SELECT {cols} FROM reviews LIMIT 1").fetchone())
    con.executemany(f"INSERT INTO reviews ({cols}) VALUES ({', '.join('?' * 15)})",
                    [row[:4] + [row[4] + i + 1, "x" * 200] + row[6:] for i in range(rows)])
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def damage(db: Path, page_from_end: int) -> None:
    n = db.stat().st_size // PAGE
    with open(db, "r+b") as f:
        f.seek((n - page_from_end) * PAGE)
        f.write(b"\xff" * 64)
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError:
        pass  # so damaged that the check itself stops: damaged all the same
    finally:
        con.close()


@pytest.mark.parametrize("page_from_end", [3, 10, 40])
def test_damage_far_from_the_pages_read_at_open_is_refused_by_every_command(home, tmp_path, page_from_end):
    db = home / DB_NAME
    grow(db)
    damage(db, page_from_end)
    before = digest(db)
    for args in store_commands(home, tmp_path):
        line = error_line(invoke(*args))
        assert "damaged" in line and "import-reviews" in line, (args, line)
        assert digest(db) == before, f"{args[0]} changed a damaged store"


def test_the_store_and_factdrill_agree_on_the_application_id():
    assert STORE_APPLICATION_ID == migrations.APPLICATION_ID


def _limited(size: int):
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


@pytest.mark.parametrize("args", [["stats"], ["drill"], ["suspend", "first-site-bone"], ["export-reviews"]],
                         ids=lambda a: a[0])
def test_a_file_size_limit_at_open_is_disk_full_not_damaged(home, tmp_path, args):
    db = home / DB_NAME
    before = digest(db)
    env = dict(os.environ, FACTDRILL_CACHE=str(tmp_path / "cache"), NO_COLOR="1")
    proc = subprocess.run([FACTDRILL, *args, "--home", str(home)], input=b"q\n", capture_output=True,
                          env=env, preexec_fn=_limited(1024), timeout=120)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err, err
    assert "disk full" in err and "free disk space" in err and "damaged" not in err, err
    assert digest(db) == before
    assert invoke("stats", "--home", home).exit_code == 0  # the store is fine once the disk is


def test_a_full_disk_while_creating_a_store_is_disk_full(tmp_path):
    env = dict(os.environ, FACTDRILL_CACHE=str(tmp_path / "cache"), NO_COLOR="1")
    proc = subprocess.run([FACTDRILL, "stats", "--home", str(tmp_path / "new")], capture_output=True, env=env,
                          preexec_fn=_limited(2048), timeout=120)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err and "damaged" not in err, err
    assert "disk" in err and "free disk space" in err, err
    assert not (tmp_path / "new" / DB_NAME).exists()


@pytest.mark.parametrize("which", [DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"])
def test_a_named_pipe_as_the_store_is_refused_without_waiting(tmp_path, which):
    home = tmp_path / "home"
    if which != DB_NAME:
        assert invoke("stats", "--home", home).exit_code == 0
        for leftover in home.glob(DB_NAME + "-*"):
            leftover.unlink()
    home.mkdir(exist_ok=True)
    os.mkfifo(home / which)
    env = dict(os.environ, FACTDRILL_CACHE=str(tmp_path / "cache"), NO_COLOR="1")
    proc = subprocess.run([FACTDRILL, "stats", "--home", str(home)], capture_output=True, env=env, timeout=60)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "named pipe, not a factdrill store" in err, err


def test_an_empty_store_file_is_refused_not_started_afresh(home, tmp_path):
    db = home / DB_NAME
    db.write_bytes(b"")
    for extra in home.glob(DB_NAME + "-*"):
        extra.unlink()
    for args in store_commands(home, tmp_path):
        line = error_line(invoke(*args))
        assert "is empty (0 bytes)" in line, (args, line)
        assert db.read_bytes() == b""


def test_two_new_stores_opened_at_once_never_leave_an_empty_file(tmp_path):
    home = tmp_path / "home"
    env = dict(os.environ, FACTDRILL_CACHE=str(tmp_path / "cache"), NO_COLOR="1")
    procs = [subprocess.Popen([FACTDRILL, "stats", "--home", str(home)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env=env) for _ in range(4)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    assert (home / DB_NAME).stat().st_size > 0
    assert not list(home.glob(".*new-*"))
