"""Asking a structured clinical-judgment item part by part, in the drill and the quiz.

A grid is answered row by row, a drop-down sentence blank by blank, a bowtie
list by list, and a case step by step (each step in its own form: one line
for a priority, highlight or ordering step, part by part for its grids and
blanks), with the client's note shown again as it stands at each step. Each
part is checked as it is typed, so a slip is caught at once and nothing
answered so far is lost; the parts are then joined into the one-line
answer :func:`factdrill.study.grading.grade` scores (the form
``factdrill grade`` takes too).

The session and the quiz pass their own handling of the keys (``:q``,
``:s``, ``:f``...) as ``intercept``. The whole one-line answer (a key
copied from a report: ``a b a b``, ``b / ad / ce``, steps joined by ``|``)
is taken at the first input too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from ..generators.items import Item, ItemKind
from . import grading, judgment, judgment_render, render


class Then(str, Enum):
    """What the caller's key handling decided about a typed line."""

    ANSWER = "answer"  # not a key: check it as this part's answer
    AGAIN = "again"  # handled (help shown...): ask the same part again
    STOP = "stop"  # the item is left (skip, undo, quit, another question)


@dataclass(frozen=True)
class Ask:
    """One input of a stepwise answer."""

    show: str  # printed before asking: a case step, the row, what to type
    prompt: str  # the input prompt (always "> ", as for one-line answers)
    check: Callable[[str], str]  # the answer as stored; raises InvalidResponse
    step: int = -1  # the case step it belongs to (-1: not a case)
    whole: Callable[[str], str | None] | None = None  # the first input: a complete one-line answer?


def is_stepwise(item: Item) -> bool:
    return ItemKind(item.kind) in judgment.STRUCTURED


def asks(item: Item, *, width: int = 80, color: bool = False) -> list[Ask] | None:
    """The inputs of a structured item, or None for a one-line item."""
    made = _asks(item, width, color)
    if made:
        first = made[0]
        made[0] = Ask(first.show, first.prompt, first.check, first.step, _whole(item))
    return made


def _asks(item: Item, width: int, color: bool) -> list[Ask] | None:
    kind = ItemKind(item.kind)
    if kind is ItemKind.CASE:
        out: list[Ask] = []
        for n, step in enumerate(item.steps):
            shown = "\n".join(["", judgment_render.step_heading(item, n + 1, width, color),
                               render.render_question(step, width=width, color=color)])
            own = _part_asks(step, width) if is_stepwise(step) else [_line_ask(step)]
            out.extend(Ask(shown + ("\n" + a.show if a.show else "") if i == 0 else a.show, a.prompt, a.check, n)
                       for i, a in enumerate(own))
        return out
    if kind in judgment.PARTED:
        return _part_asks(item, width)
    return None


def _part_asks(item: Item, width: int) -> list[Ask]:
    out = []
    for part in judgment.parts(item):
        what = part.label
        if part.text and ItemKind(item.kind) in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
            what += f": {part.text}"
        show = judgment_render._w(f"{what} ({judgment.part_hint(part)})", width)
        out.append(Ask(show, "> ", _part_check(part)))
    return out


def _part_check(part: judgment.Part) -> Callable[[str], str]:
    def check(text: str) -> str:
        try:
            return judgment.canonical(judgment.parse_part(part, text))
        except judgment.BadAnswer as exc:
            raise grading.InvalidResponse(str(exc)) from None

    return check


def _whole(item: Item) -> Callable[[str], str | None]:
    """Recognizes a complete one-line answer typed at the first input."""
    slots = judgment.parts(item)

    def whole(text: str) -> str | None:
        t = " ".join(text.split())
        if ItemKind(item.kind) is ItemKind.CASE:
            looks = judgment.STEP_SEP in t
        else:
            letters = "".join(c for c in t.lower() if c.isalpha())
            looks = judgment.PART_SEP in t or (len(slots) > 1 and all(p.pick == 1 for p in slots)
                                                 and len(letters) == len(slots))
        if not looks:
            return None
        try:
            grading.grade(item, t)
        except grading.InvalidResponse:
            return None
        return t

    return whole


def _line_ask(step: Item) -> Ask:
    def check(text: str) -> str:
        grading.grade(step, text)  # the form only; raises InvalidResponse
        return " ".join(text.split())

    return Ask("", "> ", check)


def opening(item: Item, *, width: int = 80, color: bool = False, rated: bool = True) -> str:
    """What is shown before the first input: the question (a case shows its
    steps one at a time, so only its heading here); ``rated`` adds how the
    answer will be rated, as for any drill question (a quiz scores instead)."""
    if ItemKind(item.kind) is ItemKind.CASE:
        from .scheduling import rating_rule

        help_text = f"{judgment_render.answer_help(item)} {rating_rule(item.kind) if rated else ''}".rstrip()
        return "\n".join([render._paint(render._w(item.prompt, width), color, bold=True),
                          render._paint(render._w(help_text, width), color, dim=True)])
    return render.render_question(item, width=width, color=color, rated=rated)


def join(item: Item, answers: Sequence[str] | str, inputs: Sequence[Ask]) -> str:
    """The one-line answer of the parts typed (or the whole answer typed at once)."""
    if isinstance(answers, str):
        return answers
    if ItemKind(item.kind) is not ItemKind.CASE:
        return f" {judgment.PART_SEP} ".join(answers)
    steps: list[list[str]] = [[] for _ in item.steps]
    for ask, answer in zip(inputs, answers):
        steps[ask.step].append(answer)
    return f" {judgment.STEP_SEP} ".join(f" {judgment.PART_SEP} ".join(s) for s in steps)


def collect(
    inputs: Sequence[Ask],
    read: Callable[[str], str],
    say: Callable[[str], None],
    intercept: Callable[[str], Then],
) -> list[str] | str | None:
    """Ask each input until it is answered in form; None when a key ended
    it; the one-line answer itself when the first input was a complete one."""
    answers: list[str] = []
    for ask in inputs:
        if ask.show:
            say(ask.show)
        while True:
            line = read(ask.prompt)
            then = intercept(line)
            if then is Then.STOP:
                return None
            if then is Then.AGAIN:
                continue
            whole = ask.whole(line) if ask.whole else None
            if whole is not None:
                return whole
            try:
                answers.append(ask.check(line))
            except grading.InvalidResponse as exc:
                say(str(exc))
                continue
            break
    return answers
