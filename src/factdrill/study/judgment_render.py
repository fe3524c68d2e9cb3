"""Terminal text of the clinical-judgment items, within ``width`` columns.

The client's note comes first as a list of findings, then the question and
its form: lettered options (priority, teaching, highlight, action order),
a grid whose rows are answered one by one (``[ ]`` cells under lettered
column heads), a sentence with numbered blanks and a lettered list under
each, or a bowtie as three short lists. A case shows its six steps, each
with the note as it stands at that step. Feedback marks the key and the
student's picks part by part, with each option's rationale.

:mod:`factdrill.study.render` dispatches here; this module imports nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..generators.items import Item, ItemKind, JUDGMENT_KINDS
from ..terminal import printable, style, wrap
from . import judgment

if TYPE_CHECKING:
    from .grading import Grade

KINDS = JUDGMENT_KINDS
LETTERS = judgment.LETTERS
CELL = 5  # width of one grid column: " [ ] "


def _w(text: str, width: int, **kw: str) -> str:
    return wrap(printable(str(text)), width, **kw)


def _paint(text: str, color: bool, fg: str | None = None, *, bold: bool = False, dim: bool = False) -> str:
    if not color:
        return text
    return "\n".join(style(line, fg, bold=bold, dim=dim, enabled=True) for line in text.split("\n"))


def _cap(text: str) -> str:
    text = " ".join(str(text).split())
    return text[:1].upper() + text[1:]


def _lettered(index: int, text: str, width: int, marks: str = "", indent: str = "") -> str:
    tag = f"{indent}{LETTERS[index]}) "
    return _w(f"{text}{marks}", width, indent=tag, subsequent_indent=" " * len(tag))


def note_lines(item: Item, width: int) -> list[str]:
    """The client's note: who, then one finding per line (a highlight item's
    findings are its lettered options, shown with the question instead)."""
    note = item.extra.get("note")
    if not isinstance(note, dict):
        return []
    out = [_w(str(note.get("head", "")), width)]
    if ItemKind(item.kind) is not ItemKind.HIGHLIGHT:
        out += [_w(_cap(line), width, indent="  - ", subsequent_indent="    ") for line in note.get("lines", ())]
    return out


def question_of(item: Item) -> str:
    return str(item.extra.get("question") or item.prompt)


def render_question(item: Item, *, width: int = 80, color: bool = False) -> str:
    """The whole item as a student first sees it (a case: all six steps)."""
    if ItemKind(item.kind) is ItemKind.CASE:
        blocks = [_paint(_w(item.prompt, width), color, bold=True)]
        for n, step in enumerate(item.steps, 1):
            blocks.append("")
            blocks.append(step_heading(item, n, width, color))
            blocks.append(render_question(step, width=width, color=color))
        return "\n".join(blocks)
    lines = note_lines(item, width)
    if lines:
        lines.append("")
    lines.append(_paint(_w(question_of(item), width), color, bold=True))
    body = question_body(item, width)
    if body:
        lines.append("")
        lines.extend(body)
    lines.append("")
    lines.append(_paint(_w(answer_help(item), width), color, dim=True))
    return "\n".join(lines)


def step_heading(case: Item, n: int, width: int, color: bool) -> str:
    step = case.steps[n - 1]
    what = str(step.extra.get("ncjmm", "")).capitalize()
    return _paint(_w(f"Step {n} of {len(case.steps)}: {what}", width), color, bold=True)


def question_body(item: Item, width: int) -> list[str]:
    """Options, grid, blanks or bowtie lists (no note, no question)."""
    kind = ItemKind(item.kind)
    if kind in (ItemKind.PRIORITY, ItemKind.TEACHING, ItemKind.HIGHLIGHT):
        return [_lettered(i, o.text, width) for i, o in enumerate(item.options)]
    if kind is ItemKind.ACTION_ORDER:
        return [_lettered(i, str(c), width) for i, c in enumerate(item.extra.get("choices", ()))]
    if kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
        return grid(item, width)
    if kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        return blanks(item, width)
    if kind is ItemKind.BOWTIE:
        out: list[str] = []
        for g in item.extra.get("groups", ()):
            if out:
                out.append("")
            out.append(_w(f"{g['label']} (choose {g['pick']}):", width))
            out += [_lettered(i, o, width, indent="  ") for i, o in enumerate(g["options"])]
        return out
    return []


def grid(item: Item, width: int, marks: Sequence[Sequence[str]] | None = None) -> list[str]:
    """Rows as numbered text with one ``[ ]`` cell per lettered column;
    ``marks`` fills the cells (``[x]`` key, ``[!]`` wrong pick...)."""
    cols = [str(c) for c in item.extra.get("columns", ())]
    rows = [str(r) for r in item.extra.get("rows", ())]
    legend = "Columns: " + "   ".join(f"{LETTERS[i]}) {c}" for i, c in enumerate(cols))
    out = [_w(legend, width, subsequent_indent="         ")]
    cells_w = CELL * len(cols)
    text_w = max(12, width - cells_w)
    head = " " * text_w + "".join(f"{LETTERS[i]:^{CELL}}" for i in range(len(cols)))
    out.append(head.rstrip())
    for n, row in enumerate(rows, 1):
        tag = f"{n}. "
        wrapped = _w(_cap(row), text_w - 1, indent=tag, subsequent_indent=" " * len(tag)).split("\n")
        cells = "".join(f"{(marks[n - 1][c] if marks else '[ ]'):^{CELL}}" for c in range(len(cols)))
        out.append(f"{wrapped[0]:<{text_w}}{cells}".rstrip())
        out.extend(wrapped[1:])
    return out


def blanks(item: Item, width: int) -> list[str]:
    out = [_w(str(item.extra.get("text", "")), width), ""]
    for n, b in enumerate(item.extra.get("blanks", ()), 1):
        out.append(_w(f"[{n}]", width))
        out += [_lettered(i, o, width, indent="  ") for i, o in enumerate(b["options"])]
    return out


def answer_help(item: Item) -> str:
    """One line on how to answer (the drill and quiz then ask part by part)."""
    kind = ItemKind(item.kind)
    if kind in (ItemKind.PRIORITY, ItemKind.TEACHING):
        return f"Answer with a letter (a-{LETTERS[max(0, len(item.options) - 1)]})."
    if kind is ItemKind.HIGHLIGHT:
        return "Type the letters of every finding that applies: a c d / acd / a,c,d."
    if kind is ItemKind.ACTION_ORDER:
        return "Order: type the letters from first to last, e.g. 'c a b'."
    if kind is ItemKind.MATRIX_MC:
        return "Answer row by row: one column letter for each row."
    if kind is ItemKind.MATRIX_MR:
        return "Answer row by row: every column letter that applies, or - for none."
    if kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        return "Answer blank by blank: one letter for each numbered blank."
    if kind is ItemKind.BOWTIE:
        return "Answer list by list: 1 condition, 2 actions, 2 parameters."
    if kind is ItemKind.CASE:
        return "Answer each step in turn; the case is scored as a whole."
    return ""


# -- feedback -------------------------------------------------------------------------


def answer_lines(
    item: Item,
    grade: "Grade | None",
    width: int,
    color: bool,
    step_answer: Callable[[Item, "Grade | None"], list[str]],
) -> list[str]:
    """The key, the student's picks and every rationale of a structured item.

    ``step_answer`` renders a case step's own answer lines (render.py's,
    for the kinds it renders itself)."""
    kind = ItemKind(item.kind)
    if kind is ItemKind.CASE:
        return _case_answer(item, grade, width, color, step_answer)
    if kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
        return _grid_answer(item, grade, width, color)
    if kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        return _blank_answer(item, grade, width, color)
    if kind is ItemKind.BOWTIE:
        return _bowtie_answer(item, grade, width, color)
    return []


def _chosen(item: Item, grade: "Grade | None") -> list[set[int]]:
    """Per part, the choices the student picked (from the grade's picks)."""
    parts = judgment.parts(item)
    if grade is None or not grade.picks:
        return [set() for _ in parts]
    kind = ItemKind(item.kind)
    if kind is ItemKind.MATRIX_MR:
        return [{c for c in range(len(p.choices)) if mask >> c & 1} for p, mask in zip(parts, grade.picks)]
    if kind is ItemKind.BOWTIE:
        out, pos = [], 0
        for p in parts:
            out.append(set(grade.picks[pos: pos + (p.pick or 0)]))
            pos += p.pick or 0
        return out
    return [{pick} for pick in grade.picks]


def _grid_answer(item: Item, grade: "Grade | None", width: int, color: bool) -> list[str]:
    keys = [set(int(c) for c in k) for k in item.extra.get("row_keys", ())]
    chosen = _chosen(item, grade)
    marks = []
    for key, picked in zip(keys, chosen):
        row = []
        for c in range(len(item.extra.get("columns", ()))):
            row.append("[x]" if c in key and (grade is None or c in picked) else
                       "[+]" if c in key else "[!]" if c in picked else "[ ]")
        marks.append(row)
    lines = [_w("Key: [x] right, [+] missed, [!] wrong choice.", width), ""]
    lines += grid(item, width, marks)
    lines.append("")
    for n, why in enumerate(item.extra.get("row_rationales", ()), 1):
        lines.append(_w(str(why), width, indent=f"{n}. ", subsequent_indent=" " * len(f"{n}. ")))
    return lines


def _blank_answer(item: Item, grade: "Grade | None", width: int, color: bool) -> list[str]:
    chosen = _chosen(item, grade)
    filled = str(item.extra.get("text", ""))
    for n, b in enumerate(item.extra.get("blanks", ()), 1):
        filled = filled.replace(f"[{n}]", f"[{n}: {b['options'][b['key']]}]")
    lines = [_paint(_w(f"Answer: {filled}", width), color, "green")]
    pairs = item.extra.get("pairs")
    if pairs:
        linked = ", ".join(f"[{a + 1}]+[{b + 1}]" for a, b in pairs)
        lines.append(_w(f"Scored by linked pairs ({linked}): a pair counts only when both parts are right.",
                        width))
    for n, b in enumerate(item.extra.get("blanks", ()), 1):
        lines.append("")
        lines.append(_w(f"[{n}]", width))
        for i, (text, why) in enumerate(zip(b["options"], b["rationales"])):
            tags = ["correct"] if i == b["key"] else []
            if i in chosen[n - 1]:
                tags.append("your choice")
            marks = f"  [{', '.join(tags)}]" if tags else ""
            fg = "green" if i == b["key"] else ("red" if i in chosen[n - 1] else None)
            lines.append(_paint(_lettered(i, text, width, marks, indent="  "), color, fg))
            lines.append(_w(str(why), width, indent="      "))
    return lines


def _bowtie_answer(item: Item, grade: "Grade | None", width: int, color: bool) -> list[str]:
    chosen = _chosen(item, grade)
    lines: list[str] = []
    for g, picked in zip(item.extra.get("groups", ()), chosen):
        if lines:
            lines.append("")
        keys = [g["options"][k] for k in g["keys"]]
        lines.append(_paint(_w(f"{g['label']}: {'; '.join(keys)}", width), color, "green"))
        for i, (text, why) in enumerate(zip(g["options"], g["rationales"])):
            tags = ["correct"] if i in g["keys"] else []
            if i in picked:
                tags.append("your choice")
            marks = f"  [{', '.join(tags)}]" if tags else ""
            fg = "green" if i in g["keys"] else ("red" if i in picked else None)
            lines.append(_paint(_lettered(i, text, width, marks, indent="  "), color, fg))
            lines.append(_w(str(why), width, indent="      "))
    return lines


def _case_answer(item: Item, grade: "Grade | None", width: int, color: bool,
                 step_answer: Callable[[Item, Any], list[str]]) -> list[str]:
    lines: list[str] = []
    grades = list(grade.parts) if grade is not None else []
    for n, step in enumerate(item.steps, 1):
        g = grades[n - 1] if n - 1 < len(grades) else None
        head = step_heading(item, n, width, color)
        if g is not None:
            head += f"  ({g.earned} of {g.possible} point{'s' if g.possible != 1 else ''})"
        lines += ["", head]
        lines += step_answer(step, g)
    return lines
