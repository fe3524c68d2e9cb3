"""Terminal text of one item: the question as a student sees it, and the answer.

Used by ``factdrill preview`` and by the drill/quiz session, which also takes
from here the line saying what a rating did and the rating menu. Every function
returns plain text lines no wider than ``width``; ANSI colour is added only
when ``color`` is true (and ``NO_COLOR`` is not set), after wrapping, so
escape codes never count against the width.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from . import judgment_render
from .grading import (
    MULTI_CHOICE,
    ORDER_KINDS,
    SINGLE_CHOICE,
    Grade,
    key_response,
    letter,
    matching_left,
    matching_right,
    names_figure,
    ordering_choices,
)
from ..generators.items import Item, ItemKind
from ..generators.keys import fresh_explanation
from ..terminal import printable, style, wrap

if TYPE_CHECKING:
    from .cards import CardState, Review
    from ..deck.facts import Source

CHOICE_KINDS = SINGLE_CHOICE | MULTI_CHOICE
# Notes that only repeat what the answer lines below already say.
_QUIET_NOTES = ("correct", "all right", "the answer is", "expected '")


def answer_help(item: Item) -> str:
    """One line telling the student how to type an answer to ``item``."""
    kind = ItemKind(item.kind)
    if kind in judgment_render.KINDS:
        return judgment_render.answer_help(item)
    if kind is ItemKind.TRUE_FALSE:
        return "Answer with a letter (a-b), or t / f."
    if kind in SINGLE_CHOICE:
        return f"Answer with a letter (a-{letter(max(0, len(item.options) - 1))})."
    if kind is ItemKind.SATA:
        return "Type letters in any form: a c d / acd / a,c,d."
    if kind is ItemKind.MATCHING:
        return "Match: one letter per number, in order, e.g. 'b a c' (1->b, 2->a, 3->c)."
    if kind is ItemKind.ORDERING:
        return "Order: type the letters from first to last, e.g. 'c a b'."
    if kind is ItemKind.NUMERIC:
        return numeric_rule(item)
    if kind is ItemKind.CLOZE:
        return "Type the missing word(s)."
    return "Think of the answer, then type it or press Enter to see it."


def numeric_rule(item: Item) -> str:
    """How a typed number will be graded, said before it is answered."""
    unit = item.extra.get("unit") or ""
    tol = float(item.extra.get("tolerance") or 0.0)
    number = _example(item, tol)
    example = f"{number}%" if unit == "%" else f"{number} {unit}".rstrip()
    margin = _margin(tol, unit)
    if item.extra.get("high") is not None:
        rule = "a number inside the range, or the range itself"
        if tol:
            rule += f" (within {margin})"
    elif tol:
        span = _span(item, tol)
        rule = (f"within {margin} of the figure{f' ({span})' if span else ''}; a range counts if it holds the "
                f"figure and spans at most {2 * tol:g}")
    else:
        rule = "the exact figure"
    return f"Type a number, e.g. {example}. Graded right: {rule}."


# the format example: the first that is no right answer to the item (an
# example inside the accepted range would hint at it, review 27 #22)
_EXAMPLES = (12, 40, 85, 3)


def _example(item: Item, tol: float) -> int:
    value = item.extra.get("value")
    if value is None:
        return _EXAMPLES[0]
    low = float(value) - tol
    high = float(item.extra.get("high") if item.extra.get("high") is not None else value) + tol
    return next((x for x in _EXAMPLES if not low <= x <= high), _EXAMPLES[-1])


def _margin(tol: float, unit: str) -> str:
    """A tolerance in words: on a percentage it is points, not a share of
    the figure ("within 5% of 70%" reads as 66.5-73.5, review 26 #3)."""
    if unit == "%":
        return f"{tol:g} percentage point" + ("" if tol == 1 else "s")
    return f"{tol:g} {unit}".rstrip()


def _span(item: Item, tol: float) -> str:
    """The answers a tolerance takes: "65% to 75%" (empty without a figure)."""
    value = item.extra.get("value")
    if value is None:
        return ""
    unit = item.extra.get("unit") or ""
    sep = "" if unit == "%" else " "
    return " to ".join(f"{v:g}{sep}{unit}".rstrip() for v in (float(value) - tol, float(value) + tol))


def render_question(item: Item, *, width: int = 80, color: bool = False, rated: bool = True) -> str:
    """The prompt, its options (or matching table / ordering list) and the answer-form hint;
    ``rated`` adds how the answer will be rated (a quiz scores instead)."""
    kind = ItemKind(item.kind)
    if kind in judgment_render.KINDS:  # a client's note, grids, blanks, bowties, cases
        return judgment_render.render_question(item, width=width, color=color)
    lines = [_paint(_w(item.prompt, width), color, bold=True)]
    hint = item.extra.get("hint")
    if kind is ItemKind.CLOZE and hint and str(hint) not in item.prompt:
        lines.append(_w(f"Hint: {hint}", width))
    body: list[str] = []
    if kind in CHOICE_KINDS:
        body = [_lettered(i, o.text, width) for i, o in enumerate(item.options)]
    elif kind is ItemKind.MATCHING:
        body = _matching_table(item, width)
    elif kind is ItemKind.ORDERING:
        body = [_lettered(i, text, width) for i, text in enumerate(ordering_choices(item))]
    if body:
        lines.append("")
        lines.extend(body)
    lines.append("")
    from .scheduling import rating_rule

    # how the answer will be rated, before it is given (numbers: their tolerance too)
    rule = rating_rule(item.kind) if rated else ""
    if rated and item.open_answer:  # other words are not graded wrong: the student compares
        rule = rule.replace(", Again if wrong.", "; any other answer you judge against the key.")
    elif rated and ItemKind(item.kind) is ItemKind.CLOZE and item.answers and names_figure(item.answers[0]):
        # a closed figure: another figure is wrong, words naming none are judged
        rule = rule.replace(", Again if wrong.", ", Again if another figure; words naming none you judge.")
    lines.append(_paint(_w(f"{answer_help(item)} {rule}".rstrip(), width), color, dim=True))
    return "\n".join(lines)


def render_answer(
    item: Item,
    grade: Grade | None,
    *,
    width: int = 80,
    color: bool = False,
    sources: dict[str, Source] | None = None,
) -> str:
    """Feedback after an answer (or the key alone when ``grade`` is None).

    A right/wrong line, the correct answer(s), each option's rationale for
    choice items (marking the correct ones and the student's choices), the
    explanation and the source references.
    """
    lines: list[str] = []
    if grade is not None:
        lines.append(_verdict(grade, width, color))
    lines.extend(_answer_lines(item, grade, width, color))
    why = fresh_explanation(item)
    if why:
        lines.append("")
        lines.append(_w(f"Why: {why}", width))
    for key in item.sources:
        src = (sources or {}).get(key)
        text = src.citation() if src is not None else key
        lines.append(_paint(_w(f"Source: {text}", width, subsequent_indent="  "), color, dim=True))
    return "\n".join(lines)


def _answer_lines(item: Item, grade: Grade | None, width: int, color: bool) -> list[str]:
    """The key and the rationales of one item, by kind (a case: of each step)."""
    kind = ItemKind(item.kind)
    if kind in CHOICE_KINDS:
        return _choice_answer(item, grade, width, color)
    if kind is ItemKind.MATCHING:
        return _matching_answer(item, grade, width, color)
    if kind in ORDER_KINDS:
        return _ordering_answer(item, grade, width, color)
    if kind in judgment_render.KINDS:
        return judgment_render.answer_lines(item, grade, width, color,
                                            lambda it, g: _answer_lines(it, g, width, color))
    return _typed_answer(item, width, color)


# -- pieces -----------------------------------------------------------------------


def _w(text: str, width: int, **kw: str) -> str:
    """Deck text wrapped to ``width``, its control characters neutralised."""
    return wrap(printable(str(text)), width, **kw)


def _paint(text: str, color: bool, fg: str | None = None, *, bold: bool = False, dim: bool = False) -> str:
    """Style each line on its own, so wrapped text never carries codes across lines."""
    if not color:
        return text
    return "\n".join(style(line, fg, bold=bold, dim=dim, enabled=True) for line in text.split("\n"))


def _lettered(index: int, text: str, width: int, marks: str = "") -> str:
    tag = f"{letter(index)}) "
    return _w(f"{text}{marks}", width, indent=tag, subsequent_indent=" " * len(tag))


def _verdict(grade: Grade, width: int, color: bool) -> str:
    if grade.correct:
        head, fg = "Correct", "green"
    elif grade.earned > 0:
        head, fg = f"Partly right ({grade.earned} of {grade.possible} points)", "yellow"
    else:
        head, fg = "Wrong", "red"
    note = grade.note
    if note and not note.startswith(_QUIET_NOTES):
        head = f"{head}: {note}"
    return _paint(_w(head + ".", width), color, fg, bold=True)


def _choice_answer(item: Item, grade: Grade | None, width: int, color: bool) -> list[str]:
    keys = item.correct_options
    chosen = set(grade.chosen) if grade is not None else set()
    if ItemKind(item.kind) in MULTI_CHOICE:
        head = "Correct choices: " + ", ".join(letter(i) for i in keys)
    else:
        head = "Answer: " + ", ".join(f"{letter(i)}) {item.options[i].text}" for i in keys)
    lines = [_w(head, width), ""]
    for i, option in enumerate(item.options):
        tags = ["correct"] if option.correct else []
        if i in chosen:
            tags.append("your choice")
        marks = f"  [{', '.join(tags)}]" if tags else ""
        fg = "green" if option.correct else ("red" if i in chosen else None)
        lines.append(_paint(_lettered(i, option.text, width, marks), color, fg))
        if option.rationale:
            lines.append(_w(option.rationale, width, indent="   "))
    return lines


def _matching_table(item: Item, width: int) -> list[str]:
    # Cells are one line each: deck text with line breaks would tear the table.
    left = [" ".join(printable(t).split()) for t in matching_left(item)]
    right = [" ".join(printable(t).split()) for t in matching_right(item)]
    lcells = [f"{n}. {text}" for n, text in enumerate(left, 1)]
    rcells = [f"{letter(i)}) {text}" for i, text in enumerate(right)]
    lw = max((len(c) for c in lcells), default=0)
    rw = max((len(c) for c in rcells), default=0)
    if lw + 4 + rw <= width:
        rows = max(len(lcells), len(rcells))
        lcells += [""] * (rows - len(lcells))
        rcells += [""] * (rows - len(rcells))
        return [f"{a:<{lw}}    {b}".rstrip() for a, b in zip(lcells, rcells)]
    # Too wide for two columns: numbered list, then lettered list.
    out = [_w(text, width, indent=f"{n}. ", subsequent_indent=" " * len(f"{n}. ")) for n, text in enumerate(left, 1)]
    out.append("")
    out.extend(_lettered(i, text, width) for i, text in enumerate(right))
    return out


def _matching_answer(item: Item, grade: Grade | None, width: int, color: bool) -> list[str]:
    left, right = matching_left(item), matching_right(item)
    lines = [_w(f"Answer: {key_response(item)}", width)]
    for pos, answer in enumerate(item.answers):
        name = left[pos] if pos < len(left) else str(pos + 1)
        code = letter(right.index(answer)) if answer in right else "?"
        text = f"{name} -> {answer} ({code})"
        fg = None
        if grade is not None and pos < len(grade.picks):
            pick = grade.picks[pos]
            if right[pick] != answer:
                text += f"; you chose {letter(pick)}) {right[pick]}"
                fg = "red"
        tag = f"{pos + 1}. "
        lines.append(_paint(_w(text, width, indent=tag, subsequent_indent=" " * len(tag)), color, fg))
    return lines


def _ordering_answer(item: Item, grade: Grade | None, width: int, color: bool) -> list[str]:
    choices = ordering_choices(item)
    lines = [_w(f"Answer: {key_response(item)}", width)]
    for pos, answer in enumerate(item.answers):
        code = letter(choices.index(answer)) if answer in choices else "?"
        text = f"{answer} ({code})"
        fg = None
        if grade is not None and pos < len(grade.picks) and choices[grade.picks[pos]] != answer:
            text += f"; you put {letter(grade.picks[pos])}) {choices[grade.picks[pos]]} here"
            fg = "red"
        tag = f"{pos + 1}. "
        lines.append(_paint(_w(text, width, indent=tag, subsequent_indent=" " * len(tag)), color, fg))
    return lines


def _typed_answer(item: Item, width: int, color: bool) -> list[str]:
    if not item.answers:
        return []
    main = item.answers[0]
    if ItemKind(item.kind) is ItemKind.NUMERIC and item.extra.get("tolerance"):
        tol = float(item.extra["tolerance"])
        unit = item.extra.get("unit") or ""
        span = _span(item, tol)
        main += f" (any answer from {span} counts)" if span else f" (answers within {_margin(tol, unit)} count)"
    lines = [_paint(_w(f"Answer: {main}", width, subsequent_indent="  "), color, "green")]
    if item.also_accepted:
        lines.append(_w("Also accepted: " + "; ".join(item.also_accepted), width, subsequent_indent="  "))
    return lines


RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def review_outcome(r: "Review", *, progress: str, reason: str | None = None) -> str:
    """What a recorded answer did to its card: the rating (with why, when the
    student did not choose it) and the next review."""
    from .summary import format_interval

    name = RATING_NAMES.get(r.rating, str(r.rating)) + (f": {reason}" if reason else "")
    if r.practice:
        return f"Rated {name}. Practice: the schedule is not changed."
    if r.after.leech and not r.before.leech:
        return (
            f"Rated {name}. This card failed {r.after.lapses} times: it is now a leech and suspended."
            f"\nRewrite or re-read it, then 'factdrill unsuspend {r.after.fact_id}'."
        )
    due = r.after.due
    when = format_interval(due - r.reviewed_at) if due is not None else "not scheduled"
    return f"Rated {name}. Next: {when}.  ({progress})"


def rating_menu(
    state: "CardState",
    *,
    now: datetime,
    retention: float,
    exam_date: date | None,
    cram: bool,
    parameters: tuple[float, ...] | None = None,
    fuzz: bool = False,
) -> str:
    """The four ratings with the interval each would give (plain in cram mode);
    with ``fuzz`` as the store schedules, exactly what the answer will get."""
    from .scheduling import format_interval as short
    from .scheduling import preview_intervals

    if cram:
        return "1 Again  2 Hard  3 Good  4 Easy"
    intervals = preview_intervals(
        state, now=now, retention=retention, exam_date=exam_date, parameters=parameters, fuzz=fuzz
    )
    return "  ".join(f"{int(r)} {RATING_NAMES[int(r)]} {short(d)}" for r, d in sorted(intervals.items()))
