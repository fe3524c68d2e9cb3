"""How a clinical-judgment item's key reads, and its scoring rule, the same
in every printed or exported form (drill feedback aside): exams and answer
keys, Anki, GIFT and Moodle Cloze, Canvas QTI.

A case study is printed and exported as its six steps, in order, each
step's stem saying which step of which case it is (:func:`expand_cases`);
only the drill and the quiz keep a case as one question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .items import Item, ItemKind, JUDGMENT_KINDS

#: Kinds answered with one option letter (printed and exported as multiple choice).
ONE_BEST = frozenset({ItemKind.PRIORITY, ItemKind.TEACHING})
#: Kinds scored per part: their points are the parts' (see :func:`points`).
GRIDS = frozenset({ItemKind.MATRIX_MC, ItemKind.MATRIX_MR})
BLANKS = frozenset({ItemKind.DROPDOWN, ItemKind.RATIONALE})


def letter(i: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[i]


def expand_cases(items: Iterable[Item]) -> list[Item]:
    """``items`` with every case replaced by its six steps, each stem naming
    its place ("Case study 'hypercalcemia', step 2 of 6 (analyze cues): ...")."""
    out: list[Item] = []
    for it in items:
        if it.kind is ItemKind.CASE:
            out.extend(case_steps(it))
        else:
            out.append(it)
    return out


def case_steps(case: Item) -> list[Item]:
    steps = case.steps
    head = case.extra.get("question", "")
    return [
        replace(s, prompt=f"Case study, step {n} of {len(steps)} ({s.extra.get('ncjmm', '')}): {s.prompt}",
                extra={**s.extra, "case": case.id, "case_head": head, "step": n})
        for n, s in enumerate(steps, 1)
    ]


def points(item: Item) -> int:
    """What the item is worth under NCSBN's rules."""
    kind = ItemKind(item.kind)
    extra = item.extra
    if kind is ItemKind.CASE:
        return sum(points(s) for s in item.steps)
    if kind is ItemKind.HIGHLIGHT:
        return max(1, len(item.correct_options))
    if kind is ItemKind.MATRIX_MC:
        return len(extra.get("rows", ()))
    if kind is ItemKind.MATRIX_MR:
        return sum(len(k) for k in extra.get("row_keys", ()))
    if kind is ItemKind.DROPDOWN:
        return len(extra.get("blanks", ()))
    if kind is ItemKind.RATIONALE:
        return len(extra.get("pairs", ()))
    if kind is ItemKind.BOWTIE:
        return sum(int(g["pick"]) for g in extra.get("groups", ()))
    if kind is ItemKind.ACTION_ORDER:
        return len(item.answers)
    return 1


def rule(item: Item) -> str:
    """The scoring rule a grader applies, in NCSBN's terms."""
    kind = ItemKind(item.kind)
    n = points(item)
    if kind is ItemKind.HIGHLIGHT or kind is ItemKind.MATRIX_MR:
        where = "finding" if kind is ItemKind.HIGHLIGHT else "cell"
        return (f"NCSBN +/- scoring: +1 for each correct {where} marked, -1 for each incorrect {where} "
                f"marked; an item score below 0 counts as 0; maximum {n} points.")
    if kind is ItemKind.MATRIX_MC:
        return f"NCSBN 0/1 scoring per row: 1 point for each row answered right; maximum {n} points."
    if kind is ItemKind.DROPDOWN:
        return f"NCSBN 0/1 scoring per blank: 1 point for each blank right; maximum {n} points."
    if kind is ItemKind.RATIONALE:
        pairs = ", ".join(f"[{a + 1}]+[{b + 1}]" for a, b in item.extra.get("pairs", ()))
        return (f"NCSBN rationale scoring: 1 point for each linked pair ({pairs}) only when both "
                f"blanks of the pair are right; maximum {n} point{'s' if n != 1 else ''}.")
    if kind is ItemKind.BOWTIE:
        return "NCSBN 0/1 scoring per target: 1 condition, 2 actions, 2 parameters; maximum 5 points."
    if kind is ItemKind.ACTION_ORDER:
        return f"0/1 scoring per position: 1 point for each action in its right place; maximum {n} points."
    return "1 point for the correct option, 0 otherwise (0/1)."


def key_lines(item: Item) -> list[str]:
    """The key, one line per part (letters as printed, A, B, C...)."""
    kind = ItemKind(item.kind)
    extra = item.extra
    up = lambda i: letter(i).upper()  # noqa: E731
    if kind in ONE_BEST or kind is ItemKind.HIGHLIGHT:
        return [f"{up(i)}. {o.text}" for i, o in enumerate(item.options) if o.correct]
    if kind in GRIDS:
        cols = extra.get("columns", ())
        return [f"{n}. {row}: {', '.join(cols[k] for k in keys)}"
                for n, (row, keys) in enumerate(zip(extra.get("rows", ()), extra.get("row_keys", ())), 1)]
    if kind in BLANKS:
        return [f"[{n}] {up(b['key'])}. {b['options'][b['key']]}" for n, b in enumerate(extra.get("blanks", ()), 1)]
    if kind is ItemKind.BOWTIE:
        return [f"{g['label']}: " + "; ".join(f"{up(k)}. {g['options'][k]}" for k in g["keys"])
                for g in extra.get("groups", ())]
    if kind is ItemKind.ACTION_ORDER:
        choices = list(extra.get("choices", item.answers))
        return [f"{n}. {up(choices.index(a))}. {a}" for n, a in enumerate(item.answers, 1)]
    if kind is ItemKind.CASE:
        return [f"Step {n}: " + "; ".join(key_lines(s)) for n, s in enumerate(item.steps, 1)]
    return list(item.answers)


def rationales(item: Item) -> list[tuple[str, str, bool]]:
    """(choice as printed, why, is a key) for every choice of every part."""
    kind = ItemKind(item.kind)
    extra = item.extra
    up = lambda i: letter(i).upper()  # noqa: E731
    if item.options:
        return [(f"{up(i)}. {o.text}", o.rationale, o.correct) for i, o in enumerate(item.options)]
    if kind in GRIDS:
        cols = extra.get("columns", ())
        return [(f"{n}. {row} ({', '.join(cols[k] for k in keys)})", why, True)
                for n, (row, keys, why) in enumerate(zip(extra.get("rows", ()), extra.get("row_keys", ()),
                                                          extra.get("row_rationales", ())), 1)]
    if kind in BLANKS:
        return [(f"[{n}] {up(i)}. {o}", why, i == b["key"])
                for n, b in enumerate(extra.get("blanks", ()), 1)
                for i, (o, why) in enumerate(zip(b["options"], b["rationales"]))]
    if kind is ItemKind.BOWTIE:
        return [(f"{g['label']}: {up(i)}. {o}", why, i in g["keys"])
                for g in extra.get("groups", ())
                for i, (o, why) in enumerate(zip(g["options"], g["rationales"]))]
    return []


def is_judgment(item: Item) -> bool:
    return ItemKind(item.kind) in JUDGMENT_KINDS


def note_and_question(item: Item) -> tuple[list[str], str, str]:
    """(note lines with its head first, the question, the sentence with blanks)
    for formats that lay a judgment item out themselves."""
    note = item.extra.get("note") or {}
    lines = [str(note.get("head", ""))] + [str(x) for x in note.get("lines", ())] if note else []
    if ItemKind(item.kind) is ItemKind.HIGHLIGHT and lines:
        lines = lines[:1]  # its findings are its options
    question = str(item.extra.get("question") or item.prompt)
    if "step" in item.extra:
        question = f"Case study, step {item.extra['step']} of 6 ({item.extra.get('ncjmm', '')}): {question}"
    return lines, question, str(item.extra.get("text", ""))

