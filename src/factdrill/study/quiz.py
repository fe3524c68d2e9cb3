"""Test mode: a practice test like a question bank, scored at the end.

No feedback is shown while answering. The student may leave items blank,
flag items, go back, and review the list before submitting; the report then
gives the score overall, per topic and per NCLEX client-needs category, and
every item's answer and rationale. The schedule is only touched when the
caller asks to record the answers (``factdrill quiz --record``).

Like :class:`factdrill.study.session.Session`, a :class:`Quiz` reads lines from an
injected ``read`` and writes through ``write``, so it runs without a terminal.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from ..deck.facts import NCLEX_CATEGORIES
from ..generators.items import Item, ItemKind
from ..generators.overlap import conflicts
from .queue import shuffle_options
from . import stepwise

if TYPE_CHECKING:
    from ..deck.facts import Source
    from .grading import Grade, Scoring

DEFAULT_ITEMS = 20
UNCATEGORISED = "Not categorised"

QUIZ_HELP = """\
Answer each question in its form (shown under it), or use these keys:
  Enter        leave it blank for now and go to the next question
  :f           flag or unflag this question to come back to it
  :p  :n       previous / next question
  :g N         go to question N
  :r           review the list of questions (answered, blank, flagged)
  :submit      hand the test in and see your score
  :?           this help
Grids, drop-downs and bowties are answered part by part, a case study
step by step; Enter at any part leaves the whole question blank.
The test is handed in by :submit, at the end of the input (Ctrl-D) or on
Ctrl-C; with a time limit, when the time is up."""


def select_items(
    items: Sequence[Item],
    *,
    count: int = DEFAULT_ITEMS,
    topics: Sequence[str] = (),
    seed: int | None = None,
) -> list[Item]:
    """Questions for one test: at most one per fact, spread over the topics.

    Flashcards and open-answer blanks are left out (a grader cannot judge
    them: :attr:`~factdrill.generators.items.Item.self_judged`). Facts are drawn at
    random (``seed`` makes it repeatable), taking topics in turn so a short
    test still covers the deck; each fact is asked with the item kind used
    least so far, and option orders are shuffled. No question gives another
    away (:func:`~factdrill.generators.overlap.conflicts`).
    """
    by_fact: dict[str, list[Item]] = {}
    for it in items:
        if it.self_judged or (topics and it.topic not in topics):
            continue
        by_fact.setdefault(it.fact_ids[0], []).append(it)
    return pick_questions([(fid, its[0].topic) for fid, its in by_fact.items()], by_fact.__getitem__,
                          count=count, seed=seed)


def pick_questions(
    facts: Sequence[tuple[str, str]],
    items_of: Callable[[str], list[Item]],
    *,
    count: int = DEFAULT_ITEMS,
    seed: int | None = None,
) -> list[Item]:
    """:func:`select_items` over (fact id, topic) pairs in deck order, asking
    ``items_of`` only for the gradable items of the facts it draws (a test of
    20 questions reads 20-odd facts, whatever the deck's size)."""
    rng = random.Random(seed)
    by_topic: dict[str, list[str]] = {}
    for fact_id, topic in facts:
        by_topic.setdefault(topic, []).append(fact_id)
    pools = [by_topic[t] for t in sorted(by_topic)]
    for pool in pools:
        rng.shuffle(pool)
    # Facts in turn from each topic; each asks the kind used least so far, so
    # a test mixes item kinds instead of following the deck's mix. An item
    # whose question states another's answer is left out: a test shows every
    # question before any feedback.
    used: dict[ItemKind, int] = {}
    picked: list[Item] = []
    while len(picked) < count and any(pools):
        for pool in pools:
            if not pool or len(picked) >= count:
                continue
            fair = [i for i in items_of(pool.pop()) if not any(conflicts(i, p) for p in picked)]
            if fair:
                it = min(fair, key=lambda i: (used.get(i.kind, 0), rng.random()))
                used[it.kind] = used.get(it.kind, 0) + 1
                picked.append(it)
    rng.shuffle(picked)
    return [shuffle_options(it, f"{seed}:{it.id}") for it in picked]


@dataclass
class Answer:
    """One question of the test and what the student did with it."""

    item: Item
    response: str | None = None
    flagged: bool = False
    elapsed_s: float = 0.0
    grade: "Grade | None" = None

    @property
    def answered(self) -> bool:
        return self.response is not None


@dataclass(frozen=True)
class Tally:
    """Points in one report row (a topic or an NCLEX category)."""

    name: str
    earned: float
    possible: float
    items: int

    @property
    def percent(self) -> float:
        return 100.0 * self.earned / self.possible if self.possible else 0.0


@dataclass(frozen=True)
class QuizReport:
    answers: tuple[Answer, ...]
    total: Tally
    by_topic: tuple[Tally, ...]
    by_nclex: tuple[Tally, ...]
    duration_s: float
    timed_out: bool = False


def score(
    answers: Sequence[Answer],
    *,
    scoring: "Scoring",
    topic_titles: Mapping[str, str] | None = None,
    duration_s: float = 0.0,
    timed_out: bool = False,
) -> QuizReport:
    """Grade every answer and add up the points (blank answers earn 0).

    SATA items are worth one point per key under NCLEX scoring (+/-, floor 0)
    and one point all-or-nothing otherwise; clinical-judgment items their
    NCSBN points (a grid a point per row, a bowtie five...), a case the
    points of its steps, each counted in its step's NCLEX category.
    """
    from .grading import grade, key_response

    titles = topic_titles or {}
    topics: dict[str, list[float]] = {}
    nclex: dict[str, list[float]] = {}
    earned = possible = 0.0
    for a in answers:
        full = grade(a.item, key_response(a.item), scoring=scoring)
        if a.response is not None:
            a.grade = grade(a.item, a.response, scoring=scoring)
        got = float(a.grade.earned) if a.grade else 0.0
        worth = float(full.possible)
        earned += got
        possible += worth
        row = topics.setdefault(titles.get(a.item.topic, a.item.topic), [0.0, 0.0, 0])
        row[0], row[1], row[2] = row[0] + got, row[1] + worth, row[2] + 1
        steps = a.item.steps or (a.item,)  # a case counts each step in its own category
        for n, step in enumerate(steps):
            part = a.grade.parts[n] if a.grade and a.grade.parts else (a.grade if a.item is step else None)
            step_full = full.parts[n] if full.parts else full
            row = nclex.setdefault(NCLEX_CATEGORIES.get(step.nclex or "", UNCATEGORISED), [0.0, 0.0, 0])
            row[0] += float(part.earned) if part else 0.0
            row[1] += float(step_full.possible)
            row[2] += 1

    def rows(bucket: dict[str, list[float]]) -> tuple[Tally, ...]:
        return tuple(Tally(n, e, p, int(c)) for n, (e, p, c) in sorted(bucket.items()))

    return QuizReport(
        answers=tuple(answers),
        total=Tally("Total", earned, possible, len(answers)),
        by_topic=rows(topics),
        by_nclex=rows(nclex),
        duration_s=duration_s,
        timed_out=timed_out,
    )


class _Submit(Exception):
    """The test is handed in."""


class TimeUp(Exception):
    """Raised from ``read`` when the time limit ends while waiting for input
    (the ``quiz`` command arranges it with a timer on a terminal)."""


@dataclass
class Quiz:
    """One sitting of a test over ``items`` (already selected and shuffled)."""

    items: Sequence[Item]
    read: Callable[[str], str]
    write: Callable[[str], None]
    scoring: "Scoring | str" = "nclex"
    time_limit_s: float | None = None
    topic_titles: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, "Source"] = field(default_factory=dict)
    clock: Callable[[], float] = time.monotonic
    width: int = 80
    color: bool = False

    def __post_init__(self) -> None:
        self.answers = [Answer(it) for it in self.items]
        self._pos = 0
        self._back_to_review = False  # revisiting from the review list
        self._started = 0.0
        self._timed_out = False

    # -- sitting the test -------------------------------------------------------

    def run(self) -> QuizReport:
        """Ask until the student submits (or input ends, or time is up); score."""
        from .grading import Scoring

        self._started = self.clock()
        limit = f", {self.time_limit_s / 60:g} minutes" if self.time_limit_s else ""
        self._say(f"Practice test: {len(self.answers)} questions{limit}. No feedback until you submit.")
        self._say("Enter skips a question; :f flags it; :r reviews; :submit hands in; :? help.")
        try:
            while True:
                if self._pos >= len(self.answers):
                    self._review()
                else:
                    self._ask(self._pos)
        except (_Submit, KeyboardInterrupt):
            pass
        duration = self.clock() - self._started
        report = score(
            self.answers,
            scoring=Scoring(self.scoring),
            topic_titles=self.topic_titles,
            duration_s=duration,
            timed_out=self._timed_out,
        )
        self._say("")
        self._say(format_report(report, width=self.width, color=self.color, sources=self.sources))
        return report

    def _ask(self, pos: int) -> None:
        from .grading import InvalidResponse, grade
        from .render import render_question
        from ..terminal import printable, truncate

        a = self.answers[pos]
        self._say("")
        head = f"Question {pos + 1} of {len(self.answers)}"
        if a.flagged:
            head += "  [flagged]"
        if a.answered:
            head += f"  (your answer: {a.response})"
        left = self._time_left()
        if left is not None:
            head += f"  {_clock(left)} left"
        self._say(self._dim(truncate(printable(head), self.width)))
        inputs = stepwise.asks(a.item, width=self.width, color=self.color)  # grids, bowties, cases
        self._say(stepwise.opening(a.item, width=self.width, color=self.color, rated=False) if inputs
                  else render_question(a.item, width=self.width, color=self.color, rated=False))
        shown = self.clock()
        while True:
            if inputs:
                pending: list[str] = []
                parts = stepwise.collect(inputs, self._input, self._say, lambda typed: self._part_key(typed, a, pending))
                if parts is not None:
                    a.elapsed_s += self.clock() - shown
                    self._check_time()
                    a.response = stepwise.join(a.item, parts, inputs)
                    self._advance(pos)
                    return
                line = pending[0]
            else:
                line = self._input("> ")
            a.elapsed_s += self.clock() - shown
            shown = self.clock()
            self._check_time()
            text = line.strip()
            low = text.lower()
            if low in (":f", "!", ":flag"):
                a.flagged = not a.flagged
                self._say("Flagged." if a.flagged else "Flag removed.")
                continue
            if low in (":?", ":h", ":help", "?"):
                self._say(QUIZ_HELP)
                continue
            if low in (":p", ":prev", "<"):
                self._back_to_review = False
                self._pos = max(0, pos - 1)
                return
            if low in (":n", ":next", ">"):
                self._back_to_review = False
                self._pos = pos + 1
                return
            if low == "":
                self._advance(pos)
                return
            if low in (":r", ":review"):
                self._pos = len(self.answers)
                return
            if low.startswith(":g"):
                self._goto(low[2:])
                return
            if low in (":submit", ":done", ":q"):
                raise _Submit
            if low.startswith(":"):
                self._say("Unknown key; type :? for the list.")
                continue
            try:
                grade(a.item, text)  # checks the form only; the result stays hidden
            except InvalidResponse as exc:
                self._say(str(exc))
                continue
            a.response = text
            self._advance(pos)
            return

    def _part_key(self, line: str, a: Answer, pending: list[str]) -> "stepwise.Then":
        """Quiz keys typed while answering in parts: flag and help keep the
        parts answered so far; any other key (or Enter) leaves the question."""
        low = line.strip().lower()
        if low in (":f", "!", ":flag"):
            a.flagged = not a.flagged
            self._say("Flagged." if a.flagged else "Flag removed.")
            return stepwise.Then.AGAIN
        if low in (":?", ":h", ":help", "?"):
            self._say(QUIZ_HELP)
            return stepwise.Then.AGAIN
        if low == "" or low.startswith(":") or low in ("<", ">"):
            pending.append(line)
            return stepwise.Then.STOP
        return stepwise.Then.ANSWER

    def _advance(self, pos: int) -> None:
        """On to the next question, or back to the list when revisiting from it."""
        self._pos = len(self.answers) if self._back_to_review else pos + 1

    def _review(self) -> None:
        """The list before submitting: what is blank, answered, flagged."""
        self._say("")
        self._say("Review before you submit:")
        cells = []
        for i, a in enumerate(self.answers, 1):
            mark = ("answered" if a.answered else "BLANK") + (" FLAG" if a.flagged else "")
            cells.append(f"{i:>3}. {mark:<14}")
        per_row = max(1, self.width // 20)
        for r in range(0, len(cells), per_row):
            self._say("".join(cells[r : r + per_row]).rstrip())
        blank = sum(not a.answered for a in self.answers)
        flagged = sum(a.flagged for a in self.answers)
        self._say(f"{blank} blank, {flagged} flagged.")
        while True:
            line = self._input("Question number to revisit, or 'submit' to hand in > ").strip().lower()
            self._check_time()
            if line in ("submit", ":submit", "s", ":s", ":done", "done", ":q", "q"):
                raise _Submit
            if line in ("", ":r", "r"):
                return  # show the list again
            if line.startswith(":g"):
                line = line[2:]
            number = _question_number(line)
            if number is not None and 1 <= number <= len(self.answers):
                self._pos = number - 1
                self._back_to_review = True
                return
            if line in ("?", ":?"):
                self._say(QUIZ_HELP)
                continue
            self._say(f"Type a number from 1 to {len(self.answers)}, or 'submit'.")

    def _goto(self, arg: str) -> None:
        arg = arg.strip()
        number = _question_number(arg)
        if number is not None and 1 <= number <= len(self.answers):
            self._pos = number - 1
        else:
            self._say(f"Type ':g N' with N from 1 to {len(self.answers)}.")

    # -- time ----------------------------------------------------------------

    def _time_left(self) -> float | None:
        if self.time_limit_s is None:
            return None
        return max(0.0, self.time_limit_s - (self.clock() - self._started))

    def _check_time(self) -> None:
        """Hand the test in once time is up (an answer typed late is not kept)."""
        left = self._time_left()
        if left is not None and left <= 0:
            self._timed_out = True
            self._say("Time is up: the test is handed in.")
            raise _Submit

    # -- output ----------------------------------------------------------------

    def _input(self, prompt: str) -> str:
        try:
            return self.read(prompt)
        except EOFError:
            self._say("")
            raise _Submit from None
        except TimeUp:
            self._say("")
            self._timed_out = True
            self._say("Time is up: the test is handed in.")
            raise _Submit from None

    def _say(self, text: str) -> None:
        self.write(text + "\n")

    def _dim(self, text: str) -> str:
        from ..terminal import style

        return style(text, dim=True, enabled=self.color)


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m}:{s:02d}"


def format_report(
    report: QuizReport,
    *,
    width: int = 80,
    color: bool = False,
    sources: Mapping[str, "Source"] | None = None,
) -> str:
    """The score sheet: totals, per topic, per NCLEX category, then each item."""
    from .grading import key_response
    from .render import render_answer
    from ..terminal import printable, rule, style, truncate

    t = report.total
    answered = sum(a.answered for a in report.answers)
    lines = [
        "Test results",
        rule(min(width, 40)),
        f"Score: {_pts(t.earned)} of {_pts(t.possible)} points ({t.percent:.0f}%), "
        f"{answered} of {t.items} answered, in {_clock(report.duration_s)}"
        + (" (time ran out)" if report.timed_out else "")
        + ".",
    ]
    for title, rows in (("By topic:", report.by_topic), ("By NCLEX client need:", report.by_nclex)):
        lines.append("")
        lines.append(title)
        name_w = max(10, width - 26)
        for row in rows:
            lines.append(
                f"  {truncate(printable(row.name), name_w):<{name_w}} {_pts(row.earned):>5}/{_pts(row.possible):<5}"
                f" {row.percent:>4.0f}%"
            )
    lines.append("")
    lines.append("Questions and rationales:")
    for i, a in enumerate(report.answers, 1):
        lines.append("")
        if a.grade is None:
            verdict = "BLANK"
        elif a.grade.correct:
            verdict = style("RIGHT", "green", enabled=color)
        elif a.grade.earned:
            verdict = style(f"PARTIAL {a.grade.earned}/{a.grade.possible}", "yellow", enabled=color)
        else:
            verdict = style("WRONG", "red", enabled=color)
        flag = "  [flagged]" if a.flagged else ""
        head = truncate(f"{i}. {_plain(verdict)}{flag}: {printable(a.item.prompt)}", width)
        lines.append(head.replace(_plain(verdict), verdict, 1))
        said = printable(a.response or "(blank)")
        lines.append(truncate(f"   Your answer: {said}   Key: {printable(key_response(a.item))}", width))
        if a.grade is not None:
            lines.append(render_answer(a.item, a.grade, width=width, color=color, sources=sources))
        else:
            lines.append(render_answer(a.item, None, width=width, color=color, sources=sources))
    return "\n".join(lines)


def _plain(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _pts(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def _question_number(text: str) -> int | None:
    """``text`` as a question number, or None.

    ASCII digits only, and few: ``int()`` raises for superscripts ("²"
    passes ``isdigit``) and for numbers of thousands of digits.
    """
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None
