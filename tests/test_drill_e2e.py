"""End to end: the real `factdrill drill` in a pseudo-terminal, driven as a student would.

Each test spawns the installed console script with pexpect on the bundled
flagship deck and a fresh store folder, reads what is on screen (the dim
``[KIND ITEM_ID]`` line names the item), answers, undoes, quits, restarts,
or kills the process, then checks the review store itself.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

import drill_keys  # noqa: E402
from factdrill.study.store import Store  # noqa: E402

FACTDRILL = str(Path(sys.executable).with_name("factdrill"))
DECK_ID = "breast-cancer-metastasis"
QUESTION = r"\[(\w+) ([\w-]+)\](?:\x1b\[0m)?\r\n"
PROMPT = "\r\n> "
FEEDBACK = "1-4: change rating  u: undo  q: quit > "
SELF_RATE = "1-4 (Enter = 3 Good) > "
AHEAD = "Enter: study them now  q: end the session > "

pytestmark = pytest.mark.skipif(not os.path.exists(FACTDRILL), reason="console script not installed")


@pytest.fixture(scope="module")
def items():
    return drill_keys.flagship_items()


def reviews(home) -> list:
    with Store.open(home) as store:
        return list(store.reviews(DECK_ID))


class Student:
    """One `factdrill drill` process in a pty, and what was answered in it."""

    def __init__(self, home, items, *args, color=False):
        env = dict(os.environ, TERM="xterm" if color else "dumb", FACTDRILL_HOME=str(home))
        env.pop("NO_COLOR", None)
        if not color:
            env["NO_COLOR"] = "1"
        self.items = items
        self.child = pexpect.spawn(
            FACTDRILL, ["drill", *args], env=env, encoding="utf-8", timeout=30, dimensions=(24, 80)
        )
        self.acked = 0  # answers whose feedback (so their commit) was seen
        self.kinds: list[str] = []
        self.current: tuple[str, str, str] | None = None

    def next_question(self) -> bool:
        """Wait for the next question (studying learning steps early); False at the end."""
        while True:
            i = self.child.expect([QUESTION, AHEAD, "Session summary"])
            if i == 1:
                self.child.sendline("")
                continue
            if i == 2:
                return False
            kind, item_id = self.child.match.group(1), self.child.match.group(2)
            self.child.expect_exact(PROMPT)
            self.current = (kind, item_id, self.child.before)
            return True

    def answer(self, right=True, *, wait=True) -> str:
        """Answer the question on screen; with ``wait``, until its feedback is shown."""
        kind, item_id, question = self.current
        item = self.items[item_id]
        self.child.sendline(drill_keys.answer(item, question, right=right))
        self.kinds.append(kind)
        if not wait:
            return kind
        if kind == "flashcard" or (item.open_answer and not right):
            # flashcards are self-rated; so is an open blank typed in words the key does not list
            if kind != "flashcard":
                self.child.expect_exact("Not a listed answer: compare it with the key")
            self.child.expect_exact(SELF_RATE if kind == "flashcard" else "1-4 > ")
            self.child.sendline("3" if right else "1")
            self.child.expect(r"Rated \w+(?:: [^\r\n]*?)?\. Next: ")
        else:
            self.child.expect(r"Rated \w+(?:: [^\r\n]*?)?\. Next: ")
            verdict = self.child.before
            assert ("Correct" in verdict) if right else ("Wrong" in verdict or "Partly" in verdict), verdict
            self.child.expect_exact(FEEDBACK)
            self.child.sendline("")
        self.acked += 1
        return kind

    def quit(self, key=":q") -> str:
        self.child.sendline(key)
        self.child.expect("Session summary")
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.exitstatus == 0
        return self.child.before


def test_new_student_answers_undoes_quits_and_finds_everything_kept(tmp_path, items):
    s = Student(tmp_path, items, "--new", "8")
    s.child.expect(r"Drill: (\d+) cards")
    assert s.child.match.group(1) == "8"
    for n in range(5):
        assert s.next_question()
        s.answer(right=n % 2 == 0)
    assert len(reviews(tmp_path)) == 5

    # Undo at the feedback prompt: the review and the card roll back and
    # the same item is asked again.
    assert s.next_question()
    kind, item_id, _ = s.current
    item = items[item_id]
    s.child.sendline(drill_keys.answer(item, s.current[2]))
    if kind == "flashcard":
        s.child.expect_exact(SELF_RATE)
        s.child.sendline("3")
        s.child.expect(r"Rated \w+(: [^\r\n]*?)?\. Next: ")  # a rating not chosen says why
        assert s.next_question()
        s.child.sendline(":u")  # undo from the next question instead
    else:
        s.child.expect_exact(FEEDBACK)
        assert len(reviews(tmp_path)) == 6
        s.child.sendline("u")
    s.child.expect("Undone")
    assert len(reviews(tmp_path)) == 5
    with Store.open(tmp_path) as store:
        assert store.card(DECK_ID, item.card).state == "new"
    assert s.next_question()
    assert s.current[1] == item_id
    s.answer()
    summary = s.quit()
    assert "Answered 6 items" in summary
    assert "By topic:" in summary and "Still to study now: 0 due, 0 learning, 2 new" in summary

    logged = reviews(tmp_path)
    assert len(logged) == s.acked == 6
    studied = {r.card_id for r in logged}
    assert len(s.kinds) >= 6 and len(set(s.kinds)) >= 3  # a first session mixes item kinds

    # Restart: the answers are all there, and today's new-card allowance
    # has shrunk by the cards already introduced.
    again = Student(tmp_path, items, "--new", "8")
    again.child.expect(r"Drill: (\d+) cards")
    assert int(again.child.match.group(1)) == 8 - len(studied)
    assert again.next_question()
    # Studied cards wait for their 1-10 minute steps: a new card comes first.
    assert items[again.current[1]].card not in studied
    again.quit()
    assert len(reviews(tmp_path)) == 6


KINDS = [
    "flashcard", "cloze", "mcq", "sata", "true_false", "numeric", "numeric_mcq", "matching", "ordering", "scenario",
]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_every_answer_form_in_the_terminal(tmp_path, items, kind):
    """Two new cards of one item kind, answered right until the session ends."""
    s = Student(tmp_path, items, "--new", "2", "--kind", kind)
    answered = 0
    while answered < 10 and s.next_question():
        s.answer(right=answered != 1)  # the second answer is a wrong one
        answered += 1
    if answered == 10:
        s.quit()
    else:
        s.child.expect(pexpect.EOF)
    assert answered >= 2 and set(s.kinds) == {kind}
    logged = reviews(tmp_path)
    assert len(logged) == s.acked
    assert [r.correct for r in logged[:2]] == [True, False]


def test_sata_letters_in_any_form(tmp_path, items):
    s = Student(tmp_path, items, "--kind", "sata", "--new", "3")
    forms = [lambda ls: " ".join(ls), lambda ls: "".join(ls), lambda ls: ",".join(ls)]
    for form in forms:
        assert s.next_question()
        kind, item_id, question = s.current
        letters = drill_keys.answer(items[item_id], question).split()
        s.child.sendline(form(letters))
        s.child.expect(r"Rated \w+(: [^\r\n]*?)?\. Next: ")  # a rating not chosen says why
        assert "Correct" in s.child.before
        s.child.expect_exact(FEEDBACK)
        s.child.sendline("")
    s.quit()
    assert [r.correct for r in reviews(tmp_path)] == [True, True, True]


def test_kill_9_mid_session_loses_no_acknowledged_review(tmp_path, items):
    s = Student(tmp_path, items, "--new", "20")
    for _ in range(6):
        assert s.next_question()
        s.answer(right=True)
    assert s.next_question()  # an unanswered item on screen
    s.child.kill(signal.SIGKILL)
    s.child.close(force=True)
    assert len(reviews(tmp_path)) == s.acked == 6

    # Killed right after an answer is sent: that answer is either fully
    # recorded or not at all, and the store opens cleanly.
    s2 = Student(tmp_path, items, "--new", "20")
    assert s2.next_question()
    s2.answer(wait=False)
    s2.child.kill(signal.SIGKILL)
    s2.child.close(force=True)
    assert len(reviews(tmp_path)) in (6, 7)
    con = sqlite3.connect(tmp_path / "factdrill.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()

    # The next session starts cleanly and counts what was kept.
    s3 = Student(tmp_path, items, "--new", "20")
    assert s3.next_question()
    s3.answer()
    s3.quit()
    assert len(reviews(tmp_path)) in (7, 8)


@pytest.mark.parametrize("how", ["ctrl-c", "ctrl-d", "q"])
def test_ctrl_c_ctrl_d_and_q_end_with_a_summary(tmp_path, items, how):
    s = Student(tmp_path, items)
    assert s.next_question()
    s.answer()
    assert s.next_question()
    if how == "ctrl-c":
        s.child.sendintr()
    elif how == "ctrl-d":
        s.child.sendeof()
    else:
        s.child.sendline(":q")
    s.child.expect("Session summary")
    s.child.expect(pexpect.EOF)
    out = s.child.before
    s.child.close()
    assert s.child.exitstatus == 0
    assert "Traceback" not in out
    assert len(reviews(tmp_path)) == 1


def test_colour_on_a_terminal_but_never_with_no_color(tmp_path, items):
    coloured = Student(tmp_path, items, color=True)
    coloured.child.expect(QUESTION)
    assert "\x1b[" in coloured.child.before + coloured.child.after
    coloured.child.expect_exact(PROMPT)
    coloured.quit()
    plain = Student(tmp_path, items)
    plain.child.expect(QUESTION)
    plain.child.expect_exact(PROMPT)
    out = plain.child.before
    plain.quit()
    assert "\x1b[" not in out


def test_piped_stdin_is_read_line_by_line(tmp_path):
    env = dict(os.environ, NO_COLOR="1", FACTDRILL_HOME=str(tmp_path))
    proc = subprocess.run(
        [FACTDRILL, "drill"], input="a\n\nq\n", capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "Session summary" in proc.stdout
    assert max(len(line) for line in proc.stdout.splitlines()) <= 80
    assert "\x1b[" not in proc.stdout
    # Piped input that simply ends (no q) also ends the session cleanly.
    proc = subprocess.run([FACTDRILL, "drill"], input="", capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0 and "Session summary" in proc.stdout


def test_timed_quiz_hands_in_while_waiting_for_an_answer(tmp_path):
    env = dict(os.environ, NO_COLOR="1", TERM="dumb", FACTDRILL_HOME=str(tmp_path))
    child = pexpect.spawn(
        FACTDRILL, ["quiz", "--items", "3", "--timed", "0.05"], env=env, encoding="utf-8", timeout=20
    )
    child.expect("Question 1 of 3")
    child.expect_exact(PROMPT)  # ...and the student never answers
    child.expect("Time is up: the test is handed in.")
    child.expect("Test results")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "time ran out" in child.before


def test_a_case_study_end_to_end_in_a_real_terminal(tmp_path, items):
    """A case in the drill: step after step, the note growing, one review for the whole case."""
    s = Student(tmp_path, items, "--kind", "case", "--new", "1")
    assert s.next_question()
    kind, item_id, shown = s.current
    case = items[item_id]
    assert kind == "case" and "Step 1 of 6: Recognize cues" in shown
    lines = drill_keys.answer_lines(case, right=False)  # step 1 answered wrong
    screen = shown
    for n, line in enumerate(lines):
        s.child.sendline(line)
        if n + 1 < len(lines):
            s.child.expect_exact(PROMPT)  # each row, blank, list and step asks in turn
            screen += s.child.before
    s.child.expect(r"Rated \w+(: [^\r\n]*?)?\. Next: ")  # a rating not chosen says why
    screen += s.child.before
    for n in range(2, 7):
        assert f"Step {n} of 6" in screen
    assert "08:30:" in screen and "some days later" in screen  # the note changes between steps
    assert "Partly right" in screen and max(len(x) for x in screen.splitlines()) <= 80
    s.child.expect_exact(FEEDBACK)
    s.child.sendline("")
    s.acked += 1
    s.quit()
    logged = reviews(tmp_path)
    assert len(logged) == 1 and logged[0].card_id == case.card and not logged[0].correct
    assert 0 < logged[0].score < 1 and logged[0].response.count("|") == 5


def test_a_grid_row_by_row_and_keys_in_the_middle(tmp_path, items):
    s = Student(tmp_path, items, "--kind", "matrix_mc", "--new", "1")
    assert s.next_question()
    kind, item_id, shown = s.current
    item = items[item_id]
    assert "Row 1 of" in shown and "[ ]" in shown
    rows = drill_keys.answer_lines(item)
    s.child.sendline("z")  # no such column: asked again, nothing lost
    s.child.expect("no choice z")
    s.child.expect_exact(PROMPT)
    s.child.sendline(rows[0])
    s.child.expect_exact(PROMPT)
    s.child.sendline("?")  # help mid-grid keeps the rows answered so far
    s.child.expect("Keys")
    s.child.expect_exact(PROMPT)
    for row in rows[1:]:
        s.child.sendline(row)
    s.child.expect(r"Rated \w+(: [^\r\n]*?)?\. Next: ")  # a rating not chosen says why
    assert "Correct" in s.child.before
    s.child.expect_exact(FEEDBACK)
    s.child.sendline("")
    s.acked += 1
    s.quit()
    assert [r.correct for r in reviews(tmp_path)] == [True]
