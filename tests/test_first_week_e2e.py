"""A student's first week in a real 80x24 pseudo-terminal (pexpect): line
editing in the answer prompt, the settings in the banner, a stuck state
explained, a past exam date refused, the card on screen suspended."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from factdrill.study.store import Store  # noqa: E402

FACTDRILL = str(Path(sys.executable).with_name("factdrill"))
DECK_ID = "breast-cancer-metastasis"
QUESTION = r"\[(\w+) ([\w-]+)\]\r\n"

pytestmark = pytest.mark.skipif(not os.path.exists(FACTDRILL), reason="console script not installed")

LEFT, DELETE = "\x1b[D", "\x1b[3~"


def spawn(home: Path, *args: str, term: str = "xterm"):
    env = dict(os.environ, TERM=term, FACTDRILL_HOME=str(home), NO_COLOR="1")
    return pexpect.spawn(FACTDRILL, ["drill", *args], env=env, encoding="utf-8", timeout=30, dimensions=(24, 80))


def finish(child) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def test_arrow_keys_edit_an_answer_in_place(tmp_path):
    child = spawn(tmp_path, "--new", "1", "--kind", "cloze")
    child.expect(QUESTION)
    child.expect_exact("> ")
    # type "xyz", go back two characters, insert "Q", delete the "y" after it
    child.send("xyz" + LEFT + LEFT + "Q" + DELETE + "\r")
    child.expect("Wrong|Correct|Not a listed answer")
    if child.expect_exact(["q: quit > ", "1-4 > "]) == 1:
        child.sendline("1")  # an open blank: the student rates the attempt
        child.expect_exact("q: end the session > ")  # the one card waits in its learning step
    child.sendline("q")
    finish(child)
    with Store.open(tmp_path) as store:
        (review,) = store.reviews(DECK_ID)
    assert review.response == "xQz"  # edited, with no escape sequence in it


def test_up_arrow_brings_back_the_previous_line(tmp_path):
    child = spawn(tmp_path, "--new", "2", "--kind", "cloze")
    child.expect(QUESTION)
    child.expect_exact("> ")
    child.sendline("first guess")
    # a graded blank asks to go on; an open one (not a listed answer) for a rating
    if child.expect_exact(["q: quit > ", "1-4 > "]) == 1:
        child.sendline("1")
    else:
        child.sendline("")
    child.expect(QUESTION)
    child.expect_exact("> ")
    child.send("\x1b[A" * 3 + "\r")  # Up: past the empty line or the rating, to "first guess"
    if child.expect_exact(["q: quit > ", "1-4 > "]) == 1:
        child.sendline("1")  # rated; then the next question
        child.expect_exact("> ")
    child.sendline("q")
    finish(child)
    with Store.open(tmp_path) as store:
        assert [r.response for r in store.reviews(DECK_ID)] == ["first guess", "first guess"]


def test_banner_shows_the_settings_and_new_0_then_plain_drill_explains_the_limit(tmp_path):
    child = spawn(tmp_path, "--new", "0")
    out = finish(child)
    assert "Starting a new review history in" in out  # said on a terminal, with where
    text = " ".join(out.split())
    assert "new-card limit is 0 a day" in text and "Lift it: 'factdrill drill --new 20'" in text
    child = spawn(tmp_path)  # the limit is remembered: a plain drill says why nothing comes
    out = finish(child)
    text = " ".join(out.split())
    assert "Nothing is due right now." in text
    assert re.search(r"\b\d{3} new cards wait because your new-card limit is 0 a day\.", text)
    assert "'factdrill settings --new 20'" in out  # a command is never split over lines
    assert max(len(line) for line in out.splitlines()) <= 80
    child = spawn(tmp_path, "--new", "5", "--exam-date", "2099-05-14")
    child.expect(r"Drill: 5 cards \(0 due, 0 learning, 5 new\) from breast-cancer-metastasis\.")
    child.expect(r"Settings: 5 new cards a day, retention 90%, exam 2099-05-14 \(in \d+ days\),")
    child.expect(QUESTION)
    child.sendline(":q")
    finish(child)


def test_a_past_exam_date_is_refused_and_nothing_is_stored(tmp_path):
    child = spawn(tmp_path, "--exam-date", "2020-01-01")
    out = finish_failing(child)
    assert "--exam-date 2020-01-01 is in the past" in out
    assert "Traceback" not in out
    with Store.open(tmp_path) as store:
        assert store.get_setting(DECK_ID, "exam_date") is None


def finish_failing(child) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    return child.before


def test_the_card_on_screen_is_suspended_with_its_fact(tmp_path):
    child = spawn(tmp_path, "--new", "3")
    child.expect(QUESTION)
    first = child.match.group(2)
    child.expect_exact("> ")
    child.sendline(":x")
    child.expect(r"Suspended fact '([\w-]+)'")
    fact = child.match.group(1)
    child.expect(QUESTION)
    assert child.match.group(2) != first  # the next card comes at once
    child.expect_exact("> ")
    child.sendline(":q")
    finish(child)
    with Store.open(tmp_path) as store:
        cards = [c for c in store.cards(DECK_ID) if c.fact_id == fact]
    assert cards and all(c.suspended for c in cards)
