"""A review store in trouble, as the student meets it through ``factdrill``.

Truncated file, a store from a newer schema, a read-only store, a full disk
and a store locked by another process: each gives one clear line and a
non-zero exit (never a traceback), leaves the file as it was, and never
loses a review that was already stored. (The store's own tests check the
library API; these check the commands.)
"""

from __future__ import annotations

import os
import re
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile.cli import invoke
from factdrill.study.store import DB_NAME, Store

DECK_ID = "breast-cancer-metastasis"
FACTDRILL = str(Path(sys.executable).with_name("factdrill"))
THREE_FLASHCARDS = "\n3\n" * 3 + "q\n"  # reveal, rate Good; three times; quit


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FACTDRILL_HOME", raising=False)




def one_error_line(result) -> str:
    # the error may follow a prompt on its line (the prompt has no newline)
    lines = [line[line.index("Error: "):] for line in result.output.splitlines() if "Error: " in line]
    assert result.exit_code != 0, result.output
    assert len(lines) == 1, result.output
    assert len(lines[0]) < 300
    return lines[0]


def study(home: Path, script: str = THREE_FLASHCARDS):
    return invoke("drill", "--home", str(home), "--kind", "flashcard", "--new", "3", input=script)


def stored(home: Path) -> list:
    with Store.open(home) as store:
        return [(r.card_id, r.item_id, r.rating) for r in store.reviews(DECK_ID)]


@pytest.fixture
def home_with_reviews(tmp_path) -> Path:
    home = tmp_path / "home"
    result = study(home)
    assert result.exit_code == 0, result.output
    assert len(stored(home)) == 3
    return home


def test_truncated_store_is_refused_and_left_unchanged(home_with_reviews):
    db = home_with_reviews / DB_NAME
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    before = db.read_bytes()
    for args in (["drill"], ["stats"], ["export-reviews", str(db.parent / "b.json")]):
        line = one_error_line(invoke(*args, "--home", str(home_with_reviews), input="q\n"))
        assert "damaged" in line or "not a factdrill store" in line, line
        assert "import-reviews" in line or "move it away" in line
    assert db.read_bytes() == before


def test_store_from_a_newer_schema_is_refused_and_keeps_its_reviews(home_with_reviews):
    db = home_with_reviews / DB_NAME
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 999")
    con.commit()
    con.close()
    line = one_error_line(study(home_with_reviews))
    assert "schema newer" in line and "upgrade factdrill" in line
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 3
    assert con.execute("PRAGMA user_version").fetchone()[0] == 999
    con.close()


def _wrap_connect(monkeypatch, setup):
    """Make every store connection run ``setup(conn)`` first (simulating a condition)."""
    import factdrill.study.store as store_mod

    real = sqlite3.connect

    def connect(path, *args, **kwargs):
        conn = real(path, *args, **kwargs)
        if str(path).endswith(DB_NAME):
            setup(conn)
        return conn

    monkeypatch.setattr(store_mod.sqlite3, "connect", connect)


def test_read_only_store_is_a_clear_error_and_loses_nothing(home_with_reviews, monkeypatch):
    # Tests run as root, where chmod does not stop writes: query_only makes
    # SQLite refuse writes exactly as for a read-only file.
    _wrap_connect(monkeypatch, lambda c: c.execute("PRAGMA query_only = ON"))
    line = one_error_line(study(home_with_reviews))
    assert "read-only" in line or "readonly" in line.lower(), line
    monkeypatch.undo()
    assert len(stored(home_with_reviews)) == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_for_real(home_with_reviews):
    db = home_with_reviews / DB_NAME
    os.chmod(db, 0o444)
    os.chmod(home_with_reviews, 0o555)
    try:
        line = one_error_line(study(home_with_reviews))
        assert "read-only" in line or "cannot open" in line
    finally:
        os.chmod(home_with_reviews, 0o755)
        os.chmod(db, 0o644)
    assert len(stored(home_with_reviews)) == 3


def test_full_disk_stops_cleanly_and_keeps_earlier_reviews(home_with_reviews, monkeypatch):
    # max_page_count = the pages in use: the next write that needs a page fails
    # with SQLITE_FULL, as on a full disk.
    def full(conn):
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")

    _wrap_connect(monkeypatch, full)
    many = "\n3\n" * 200 + "q\n"
    result = invoke("drill", "--home", str(home_with_reviews), "--new", "200", "--kind", "flashcard", input=many)
    assert "Traceback" not in result.output
    if result.exit_code:
        line = one_error_line(result)
        assert "free disk space" in line and "damaged" not in line, line
    monkeypatch.undo()
    kept = stored(home_with_reviews)
    assert len(kept) >= 3
    acknowledged = len(re.findall(r"Rated \w+\. Next: ", result.output))
    assert len(kept) == 3 + acknowledged
    con = sqlite3.connect(home_with_reviews / DB_NAME)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_store_locked_by_another_process_is_a_clear_error(home_with_reviews, monkeypatch):
    monkeypatch.setitem(Store.__init__.__kwdefaults__, "timeout", 0.3)
    holder = sqlite3.connect(home_with_reviews / DB_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        start = time.perf_counter()
        line = one_error_line(study(home_with_reviews))
        assert "busy" in line and "try again" in line, line
        assert time.perf_counter() - start < 10
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(stored(home_with_reviews)) == 3


@pytest.mark.slow
def test_answer_given_while_locked_is_stored_once_the_lock_goes(home_with_reviews):
    """A real drill process: another process locks the store while the
    student answers; the answer waits for the lock and is then stored."""
    env = dict(os.environ, NO_COLOR="1", FACTDRILL_HOME=str(home_with_reviews),
               FACTDRILL_CACHE=str(home_with_reviews.parent / "cache"))
    proc = subprocess.Popen([FACTDRILL, "drill", "--kind", "flashcard", "--new", "5"], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = b""

    def wait_for(pattern: bytes, timeout: float = 30) -> bool:
        nonlocal out
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if re.search(pattern, out):
                return True
            ready, _, _ = select.select([proc.stdout], [], [], 0.1)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    return bool(re.search(pattern, out))
                out += chunk
        return False

    try:
        assert wait_for(rb"press Enter to see it\.\n> ")
        proc.stdin.write(b"\n")
        proc.stdin.flush()
        assert wait_for(rb"1-4 \(Enter = 3 Good\) > ")
        holder = sqlite3.connect(home_with_reviews / DB_NAME, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        proc.stdin.write(b"3\n")
        proc.stdin.flush()
        assert not wait_for(rb"Rated \w+\. Next: ", timeout=1.0)  # waiting for the lock
        holder.execute("COMMIT")
        holder.close()
        assert wait_for(rb"Rated \w+\. Next: ", timeout=15)
        proc.stdin.write(b"q\n")
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert len(stored(home_with_reviews)) == 4
