"""Two drill sessions answering at once on one store lose nothing.

Two real ``factdrill drill`` processes share a store folder (a student with
two terminals, or a synced folder). Their answers are sent together so the
commits race; afterwards every answer either screen acknowledged is in the
store, nothing else is, and the file is intact.
"""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

import drill_keys
from hostile.driver import PipedDrill

DECK_ID = "breast-cancer-metastasis"


@pytest.fixture(scope="module")
def items():
    return drill_keys.flagship_items()


@pytest.mark.slow
def test_two_sessions_answering_at_once_lose_nothing(tmp_path, items):
    home, cache = tmp_path / "home", tmp_path / "cache"
    first = PipedDrill(home, items, "--new", "60", cache=cache)
    second = PipedDrill(home, items, "--new", "60", "--kind", "mcq", cache=cache)
    sessions = [first, second]
    for _ in range(40):
        live = [s for s in sessions if not s.eof and s.wait_prompt()]
        if not live:
            break
        for s in live:  # both replies go out before either is read back
            s.send(s.reply())
            s.raw += b"\n"
    codes = [s.quit() for s in sessions]
    assert codes == [0, 0], [s.proc.stderr and s.text[-500:] for s in sessions]
    acked = first.acked() + second.acked()
    assert sum(first.acked().values()) >= 5 and sum(second.acked().values()) >= 5
    con = sqlite3.connect(home / "factdrill.db")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = Counter(r[0] for r in con.execute("SELECT item_id FROM reviews WHERE deck = ?", (DECK_ID,)))
    finally:
        con.close()
    assert stored == acked
