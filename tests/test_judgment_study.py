"""Clinical-judgment items in the drill and the quiz: shown within 80 columns,
answered part by part (a grid row by row, a case step by step), scored by
NCSBN's rules, recorded as one review per card, rated by the points lost."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

import judgment_fixtures as jf
from factdrill.deck.loader import load_deck, resolve_deck
from factdrill.generators import generate
from factdrill.generators.items import JUDGMENT_KINDS, ItemKind
from factdrill.study import judgment, stepwise
from factdrill.study.cards import CardInfo
from factdrill.study.grading import grade, key_response
from factdrill.study.quiz import Quiz, format_report
from factdrill.study.render import render_answer, render_question
from factdrill.study.scheduling import Rating, rating_for
from factdrill.study.session import DeckPlan, Session, SessionConfig
from factdrill.study.store import Store

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def flagship():
    deck = load_deck(resolve_deck(None))
    return deck, [i for i in generate(deck) if i.kind in JUDGMENT_KINDS]


def _wide(text: str) -> list[str]:
    return [line for line in text.split("\n") if len(re.sub(r"\x1b\[[0-9;]*m", "", line)) > 80]


def test_every_flagship_judgment_item_shows_and_explains_itself_in_80_columns(flagship):
    deck, items = flagship
    assert {i.kind for i in items} == set(JUDGMENT_KINDS)
    for item in items:
        shown = render_question(item, width=80, color=True)
        right = render_answer(item, grade(item, key_response(item)), width=80, color=True, sources=deck.sources)
        assert not _wide(shown) and not _wide(right), item.id
        assert "Source:" in right


def test_a_grid_is_a_grid_and_its_feedback_marks_each_cell(flagship):
    _, items = flagship
    item = next(i for i in items if i.kind is ItemKind.MATRIX_MC)
    shown = render_question(item, width=80)
    assert "Columns: a) Indicated   b) Contraindicated" in shown
    assert shown.count("[ ]") == 2 * len(item.extra["rows"])
    keys = [k[0] for k in item.extra["row_keys"]]
    wrong = " ".join("ab"[1 - k] if n == 0 else "ab"[k] for n, k in enumerate(keys))
    feedback = render_answer(item, grade(item, wrong), width=80)
    assert "Partly right" in feedback and "[!]" in feedback and "[+]" in feedback


def test_a_bowtie_is_three_short_lists(flagship):
    _, items = flagship
    item = next(i for i in items if i.kind is ItemKind.BOWTIE)
    shown = render_question(item, width=80)
    for label in ("Condition most likely experiencing (choose 1):", "Actions to take (choose 2):",
                  "Parameters to monitor (choose 2):"):
        assert label in shown


def test_asking_a_grid_row_by_row_checks_each_row_as_it_is_typed():
    item = next(i for i in jf.items() if i.kind is ItemKind.MATRIX_MC)
    inputs = stepwise.asks(item)
    assert len(inputs) == len(item.extra["rows"]) and all(a.prompt == "> " for a in inputs)
    keys = [judgment.LETTERS[k[0]] for k in item.extra["row_keys"]]
    typed = iter(["z", keys[0], "a b", *keys[1:]])
    said: list[str] = []
    got = stepwise.collect(inputs, lambda p: next(typed), said.append, lambda line: stepwise.Then.ANSWER)
    assert got == keys
    assert any("no choice z" in s for s in said) and any("choose 1" in s for s in said)
    assert grade(item, stepwise.join(item, got, inputs)).correct


# -- the drill ----------------------------------------------------------------------------


class Script:
    def __init__(self, *lines):
        self.lines = list(lines)
        self.out: list[str] = []
        self.now = T0
        self.mono = 0.0

    def read(self, prompt):
        if not self.lines:
            self.out.append(prompt)
            raise EOFError
        self.now += timedelta(seconds=5)
        self.mono += 5
        line = self.lines.pop(0)
        self.out.append(f"{prompt}{line}\n")  # as a terminal shows it
        return line

    def write(self, text):
        self.out.append(text)

    @property
    def text(self):
        return "".join(self.out)


def _case_lines(case, *, wrong_first_step=False):
    lines = []
    for n, step in enumerate(case.steps):
        key = key_response(step)
        if stepwise.is_stepwise(step):
            lines += judgment.split_parts(step, key)
        elif wrong_first_step and n == 0:
            lines.append(" ".join(sorted(set("abcdefg"[: len(step.options)]) - set(key.split()))))
        else:
            lines.append(key)
    return lines


def _drill(tmp_path, items, script):
    with Store(tmp_path / "factdrill.db", fuzz=False) as store:
        store.sync_deck(jf.DECK.id, [CardInfo(i.card, i.fact_ids[0], i.topic, i.tags) for i in items], now=T0)
        session = Session(store, [DeckPlan(jf.DECK, items)], SessionConfig(), read=script.read,
                          write=script.write, now=lambda: script.now, clock=lambda: script.mono)
        summary = session.run()
        return summary, list(store.reviews(jf.DECK.id))


def test_a_case_is_taken_step_by_step_and_recorded_as_one_review(tmp_path):
    case = next(i for i in jf.items() if i.kind is ItemKind.CASE)
    script = Script(*_case_lines(case, wrong_first_step=True), "", "q")
    _, logged = _drill(tmp_path, [case], script)
    assert len(logged) == 1
    review = logged[0]
    full = grade(case, key_response(case)).possible
    first = grade(case.steps[0], key_response(case.steps[0])).possible
    assert review.card_id == "glorb:case" and not review.correct
    assert review.score == pytest.approx((full - first) / full)
    assert review.response.count("|") == 5
    text = script.text
    for n in range(1, 7):
        assert f"Step {n} of 6" in text
    assert "08:30:" in text and "some days later" in text  # the note grows between steps
    assert f"Partly right ({full - first} of {full} points)" in text
    assert not _wide(text)


def test_skipping_or_quitting_mid_case_records_nothing(tmp_path):
    case = next(i for i in jf.items() if i.kind is ItemKind.CASE)
    lines = _case_lines(case)
    _, logged = _drill(tmp_path, [case], Script(*lines[:3], ":s", "q"))
    assert logged == []
    (tmp_path / "again").mkdir()
    _, logged = _drill(tmp_path / "again", [case], Script(*lines[:4], ":q"))
    assert logged == []


def test_ratings_follow_the_points_lost():
    case = next(i for i in jf.items() if i.kind is ItemKind.CASE)
    full = grade(case, key_response(case))
    assert rating_for(full, elapsed_s=100, item=case) is Rating.GOOD
    assert rating_for(full, elapsed_s=900, item=case) is Rating.HARD  # a slow case
    steps = key_response(case).split("|")
    step4 = case.steps[3]
    keys = [k[0] for k in step4.extra["row_keys"]]
    steps[3] = " ".join("ab"[1 - k] if n == 0 else "ab"[k] for n, k in enumerate(keys))
    one_off = grade(case, "|".join(steps))
    assert full.possible - one_off.earned == 1 and rating_for(one_off, elapsed_s=100, item=case) is Rating.HARD
    steps[3] = " ".join("ab"[1 - k] for k in keys)
    worse = grade(case, "|".join(steps))
    assert rating_for(worse, elapsed_s=100, item=case) is Rating.AGAIN


# -- the quiz -----------------------------------------------------------------------------


def test_a_quiz_takes_a_case_and_a_grid_and_counts_each_step_in_its_category():
    items = jf.items()
    case = next(i for i in items if i.kind is ItemKind.CASE and i.fact_ids[0] == "zent")
    grid = next(i for i in items if i.kind is ItemKind.MATRIX_MC and i.fact_ids[0] == "glorb")
    grid_keys = [judgment.LETTERS[k[0]] for k in grid.extra["row_keys"]]
    lines = [*_case_lines(case), ":f", *grid_keys, ":submit"]
    script = Script(*lines)
    quiz = Quiz([case, grid], read=script.read, write=script.write, clock=lambda: script.mono)
    report = quiz.run()
    full = grade(case, key_response(case)).possible + len(grid_keys)
    assert report.total.earned == report.total.possible == full
    assert quiz.answers[1].flagged  # :f while answering a grid keeps its rows
    categories = {t.name for t in report.by_nclex}
    assert {"Management of Care", "Reduction of Risk Potential", "Safety and Infection Control"} <= categories
    text = format_report(report, width=80)
    assert "Step 6 of 6" in text and not _wide(text + script.text)


def test_enter_in_the_middle_of_a_grid_leaves_the_question_blank():
    grid = next(i for i in jf.items() if i.kind is ItemKind.MATRIX_MC)
    script = Script("a", "", ":submit")
    quiz = Quiz([grid], read=script.read, write=script.write, clock=lambda: script.mono)
    report = quiz.run()
    assert not quiz.answers[0].answered and report.total.earned == 0


def test_the_whole_one_line_answer_is_taken_at_the_first_input():
    items = jf.items()
    grid = next(i for i in items if i.kind is ItemKind.MATRIX_MC)
    case = next(i for i in items if i.kind is ItemKind.CASE)
    for item in (grid, case):
        key = key_response(item)
        got = stepwise.collect(stepwise.asks(item), lambda p: key, lambda s: None, lambda line: stepwise.Then.ANSWER)
        assert got == " ".join(key.split()) and grade(item, stepwise.join(item, got, [])).correct


def test_factdrill_quiz_takes_a_case_and_reports_its_steps(tmp_path):
    from click.testing import CliRunner

    from factdrill.cli import cli

    runner = CliRunner()
    args = ["quiz", "--home", str(tmp_path), "--kind", "case", "--items", "1", "--seed", "3"]
    peek = runner.invoke(cli, args, input=":submit\n")
    assert peek.exit_code == 0, peek.output
    key = re.search(r"Key: (.+)", peek.output).group(1).strip()
    assert key.count("|") == 5  # the report gives the key in the one-line form
    taken = runner.invoke(cli, args, input=f"{key}\nsubmit\n")
    assert taken.exit_code == 0, taken.output
    assert "(100%), 1 of 1 answered" in taken.output and "Step 1 of 6" in taken.output
    assert "Management of Care" in taken.output and not _wide(taken.output)
