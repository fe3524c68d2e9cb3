"""Hostile answers: what a student types (or pastes) never crashes a session.

Every hostile string is graded against every kind of item from the flagship
deck, and fed line by line to the real ``factdrill drill`` over a pipe.
Grading either returns a grade or asks again (``InvalidResponse``); the
session exits 0 without a traceback, never echoes an escape sequence it was
sent, and stores exactly the answers it acknowledged.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factdrill.study.grading import Grade, InvalidResponse, Scoring, grade
from factdrill.generators.items import ItemKind
from hostile import HOSTILE_ANSWERS, TERMINAL_UNSAFE

FACTDRILL = str(Path(sys.executable).with_name("factdrill"))
DECK_ID = "breast-cancer-metastasis"


@pytest.fixture(scope="module")
def one_item_per_kind():
    from factdrill.generators.cache import deck_and_items
    from factdrill.deck.loader import resolve_deck

    _, items = deck_and_items(resolve_deck(None))
    by_kind = {}
    for it in items:
        by_kind.setdefault(it.kind, it)
    assert set(by_kind) == set(ItemKind), "the flagship deck should have every item kind"
    return by_kind


@pytest.mark.parametrize("kind", list(ItemKind), ids=lambda k: k.value)
def test_every_hostile_answer_is_graded_or_asked_again(kind, one_item_per_kind):
    item = one_item_per_kind[kind]
    for answer in HOSTILE_ANSWERS:
        for scoring in Scoring:
            start = time.perf_counter()
            try:
                result = grade(item, answer, scoring=scoring)
            except InvalidResponse as exc:
                # the re-prompt message is one short line naming the answer form
                assert "\n" not in str(exc) and 0 < len(str(exc)) <= 200, repr(str(exc))[:300]
            else:
                assert isinstance(result, Grade)
                assert 0.0 <= result.score <= 1.0
                assert result.correct == (result.score == 1.0) or kind is ItemKind.FLASHCARD
            assert time.perf_counter() - start < 2, f"{kind.value}: {answer[:40]!r} took too long"


def _drill(home: Path, lines: list[str], *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="80", FACTDRILL_HOME=str(home),
               FACTDRILL_CACHE=str(home / "cache"))
    # surrogatepass: lone surrogates go down the pipe as the invalid bytes they are
    data = "".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass")
    return subprocess.run([FACTDRILL, "drill", *args], input=data, capture_output=True,
                          env=env, timeout=120)


def _stored(home: Path) -> int:
    from factdrill.study.store import Store

    with Store.open(home) as store:
        return store.review_count(DECK_ID)


@pytest.mark.slow
@pytest.mark.parametrize("kind", [k.value for k in ItemKind])
def test_hostile_answer_lines_through_the_session(tmp_path, kind):
    # every hostile line, answered to whatever prompt is on screen, then quit
    lines = [a.replace("\n", " ") for a in HOSTILE_ANSWERS] * 2 + [":q"]
    proc = _drill(tmp_path, lines, "--kind", kind, "--new", "5")
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, err[-2000:]
    assert "Traceback" not in out + err
    assert err == ""
    bad = sorted({repr(c) for c in out if c in TERMINAL_UNSAFE})
    assert bad == [], bad
    assert "Session summary" in out
    # every answer the session acknowledged is stored, and nothing else
    assert _stored(tmp_path) == len(re.findall(r"Rated \w+(?:: [^\n]*?)?\. Next: ", out))


@pytest.mark.slow
def test_hostile_lines_through_a_quiz_and_its_review_list(tmp_path):
    """The quiz reads answers, question numbers and ':g N' from the same hostile lines."""
    lines = [a.replace("\n", " ") for a in HOSTILE_ANSWERS]
    lines += [":g " + a.replace("\n", " ") for a in HOSTILE_ANSWERS[:20]]
    lines += [":r"] + lines + [":submit", ":submit", "y", "", "q"]
    env = dict(os.environ, NO_COLOR="1", COLUMNS="80", FACTDRILL_HOME=str(tmp_path),
               FACTDRILL_CACHE=str(tmp_path / "cache"))
    data = "".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass")
    proc = subprocess.run([FACTDRILL, "quiz", "--items", "6"], input=data, capture_output=True,
                          env=env, timeout=120)
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, err[-2000:]
    assert "Traceback" not in out + err
    assert sorted({repr(c) for c in out if c in TERMINAL_UNSAFE}) == []
