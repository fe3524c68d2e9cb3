"""Answering and scoring the structured clinical-judgment items: matrix
grids, drop-down sentences, bowties and unfolding cases.

An item of these kinds is answered in **parts** (:func:`parts`): one per
grid row, per drop-down blank or per bowtie list; a case is answered step by
step, each step in its own item's form. The drill and the quiz ask part by
part; the whole answer is also one line, which ``factdrill grade`` and the
quiz store:

- matrix multiple-choice, drop-downs: one letter per row or blank,
  ``a b a b`` (or ``a/b/a/b``);
- matrix multiple-response: the letters of each row, rows separated by
  ``/``, ``-`` for a row left empty: ``ab / c / - / a``;
- bowtie: condition / actions / parameters: ``b / a d / c e``;
- case: the steps separated by ``|``: ``a c e | b a c | a b | ...``.

Scores follow NCSBN's rules (:mod:`factdrill.study.ncsbn`): matrix
multiple-choice and drop-down cloze 0/1 per row or blank, matrix
multiple-response +/- over the grid, rationale items by pairs, bowtie 0/1
per target. A case scores the sum of its steps. This module does not know
about :mod:`factdrill.study.grading` (which calls it); case steps are graded
through the ``step`` callback it is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..generators.items import Item, ItemKind
from . import ncsbn

LETTERS = "abcdefghijklmnopqrstuvwxyz"
PARTED = frozenset({ItemKind.MATRIX_MC, ItemKind.MATRIX_MR, ItemKind.DROPDOWN, ItemKind.RATIONALE,
                    ItemKind.BOWTIE})
STRUCTURED = PARTED | {ItemKind.CASE}
NONE_MARKS = frozenset({"-", "none", "0", "nothing"})
STEP_SEP = "|"
PART_SEP = "/"


class BadAnswer(ValueError):
    """The response is not in the item's form (the caller re-prompts)."""


@dataclass(frozen=True)
class Part:
    """One answer slot: a grid row, a drop-down blank or a bowtie list.

    ``pick`` is how many letters the slot takes (None: any number, none
    included, as in a multiple-response row)."""

    label: str
    text: str
    choices: tuple[str, ...]
    pick: int | None = 1


@dataclass(frozen=True)
class Score:
    """Points of one response, and what was chosen where."""

    earned: int
    possible: int
    picks: tuple[int, ...] = ()  # per part: the index chosen (bowtie: every pick in turn; MR: a bit mask)
    note: str = ""
    parts: tuple[Any, ...] = ()  # case: the grade of each step
    chosen: tuple[tuple[int, ...], ...] = field(default=(), compare=False)  # per part, the letters chosen


def letter(i: int) -> str:
    return LETTERS[i]


def parts(item: Item) -> list[Part]:
    """The answer slots of a parted item, in order."""
    kind = ItemKind(item.kind)
    extra = item.extra
    if kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
        rows = [str(r) for r in extra.get("rows", ())]
        cols = tuple(str(c) for c in extra.get("columns", ()))
        pick = 1 if kind is ItemKind.MATRIX_MC else None
        return [Part(f"Row {n} of {len(rows)}", r, cols, pick) for n, r in enumerate(rows, 1)]
    if kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        return [Part(f"Blank [{n}]", "", tuple(str(o) for o in b["options"]), 1)
                for n, b in enumerate(extra.get("blanks", ()), 1)]
    if kind is ItemKind.BOWTIE:
        return [Part(str(g["label"]), str(g["label"]), tuple(str(o) for o in g["options"]), int(g["pick"]))
                for g in extra.get("groups", ())]
    return []


def part_hint(part: Part) -> str:
    """How to answer one slot, e.g. ``a or b`` / ``2 letters, a-e`` / ``letters a-c, or - for none``."""
    last = letter(max(0, len(part.choices) - 1))
    if part.pick == 1:
        return "one letter, a or b" if last == "b" else f"one letter, a-{last}"
    if part.pick:
        return f"{part.pick} letters, a-{last}"
    return f"letters a-{last}, or - for none"


_SEP = re.compile(r"[\s,;.:()\[\]+&]+|\band\b")


def parse_part(part: Part, text: str) -> tuple[int, ...]:
    """The choices one slot's answer names (sorted; empty for "none")."""
    raw = text.strip().lower()
    if part.pick is None and raw in NONE_MARKS:
        return ()
    letters = _SEP.sub("", raw)
    last = letter(max(0, len(part.choices) - 1))
    if not letters:
        raise BadAnswer(f"{part.label}: type {part_hint(part)}.")
    if not (letters.isascii() and letters.isalpha()):
        raise BadAnswer(f"{part.label}: use only the letters a to {last}.")
    idx = [ord(c) - ord("a") for c in letters]
    bad = sorted({letter(i) for i in idx if i >= len(part.choices)})
    if bad:
        raise BadAnswer(f"{part.label}: there is no choice {', '.join(bad)}; use a to {last}.")
    if len(set(idx)) != len(idx):
        raise BadAnswer(f"{part.label}: use each letter once.")
    if part.pick is not None and len(idx) != part.pick:
        raise BadAnswer(f"{part.label}: choose {part.pick} ({part_hint(part)}); you chose {len(idx)}.")
    return tuple(sorted(idx))


def canonical(picks: Sequence[int]) -> str:
    """One slot's answer as typed in the one-line form."""
    return "".join(letter(i) for i in picks) or "-"


def split_parts(item: Item, response: str) -> list[str]:
    """A one-line answer cut into its slots: at ``/`` when there is one,
    else (one letter per slot) at each letter."""
    slots = parts(item)
    text = response.strip()
    if PART_SEP in text:
        out = [p.strip() for p in text.split(PART_SEP)]
    elif all(p.pick == 1 for p in slots):
        out = list(_SEP.sub("", text.lower()))
    else:
        out = [text] if len(slots) == 1 else text.split()
    if len(out) != len(slots):
        what = "row" if ItemKind(item.kind) in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR) else "part"
        raise BadAnswer(f"Answer every {what}: {len(slots)} answers separated by '/' "
                        f"(you gave {len(out)}), e.g. {key_shape(item)}.")
    return out


def key_shape(item: Item) -> str:
    """An example of the one-line form (never the key)."""
    return f" {PART_SEP} ".join("a" * (p.pick or 1) for p in parts(item))


def parse(item: Item, response: str) -> list[tuple[int, ...]]:
    slots = parts(item)
    return [parse_part(p, t) for p, t in zip(slots, split_parts(item, response))]


def score(item: Item, response: str, *, step: Callable[[Item, str], Any] | None = None) -> Score:
    """Score ``response`` to a structured item (a case needs ``step``, which
    grades one step's answer and raises :class:`BadAnswer` for a bad form)."""
    kind = ItemKind(item.kind)
    if kind is ItemKind.CASE:
        return _case(item, response, step)
    chosen = parse(item, response)
    extra = item.extra
    if kind is ItemKind.MATRIX_MC:
        keys = [int(k[0]) for k in extra["row_keys"]]
        picks = [c[0] for c in chosen]
        earned, possible = ncsbn.zero_one(picks, keys)
        return Score(earned, possible, tuple(picks), f"{earned} of {possible} rows right", chosen=tuple(chosen))
    if kind is ItemKind.MATRIX_MR:
        keyed = {(r, int(c)) for r, cols in enumerate(extra["row_keys"]) for c in cols}
        selected = {(r, c) for r, cs in enumerate(chosen) for c in cs}
        earned, possible = ncsbn.plus_minus(selected, keyed)
        wrong = len(selected - keyed)
        note = f"{len(selected & keyed)} of {possible} right cells" + (f", {wrong} wrong" if wrong else "")
        masks = tuple(sum(1 << c for c in cs) for cs in chosen)
        return Score(earned, possible, masks, note, chosen=tuple(chosen))
    if kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        keys = [int(b["key"]) for b in extra["blanks"]]
        picks = [c[0] for c in chosen]
        if kind is ItemKind.RATIONALE:
            right = [p == k for p, k in zip(picks, keys)]
            earned, possible = ncsbn.rationale(right, [tuple(p) for p in extra["pairs"]])
            note = f"{earned} of {possible} linked pair{'s' if possible != 1 else ''} right"
        else:
            earned, possible = ncsbn.zero_one(picks, keys)
            note = f"{earned} of {possible} blanks right"
        return Score(earned, possible, tuple(picks), note, chosen=tuple(chosen))
    if kind is ItemKind.BOWTIE:
        earned = possible = 0
        for group, picks in zip(extra["groups"], chosen):
            e, p = ncsbn.select_n(picks, [int(k) for k in group["keys"]])
            earned, possible = earned + e, possible + p
        flat = tuple(i for c in chosen for i in c)
        return Score(earned, possible, flat, f"{earned} of {possible} targets right", chosen=tuple(chosen))
    raise BadAnswer(f"{kind.value} items are not answered in parts")


def _case(item: Item, response: str, step: Callable[[Item, str], Any] | None) -> Score:
    steps = item.steps
    answers = [a.strip() for a in response.split(STEP_SEP)]
    if len(answers) != len(steps):
        raise BadAnswer(f"Answer all {len(steps)} steps, separated by '{STEP_SEP}' (you gave {len(answers)}).")
    if step is None:
        raise BadAnswer("a case needs a step grader")
    grades = []
    for n, (s, a) in enumerate(zip(steps, answers), 1):
        try:
            grades.append(step(s, a))
        except BadAnswer as exc:
            raise BadAnswer(f"Step {n}: {exc}") from None
    earned = sum(int(g.earned) for g in grades)
    possible = sum(int(g.possible) for g in grades)
    return Score(earned, possible, (), f"{earned} of {possible} points over {len(steps)} steps", tuple(grades))


def key_by_part(item: Item) -> list[tuple[str, str]]:
    """Each answer slot's label and its key, letters with their text
    (``("Blank [2]", "d) Blood calcium level")``); a case's steps in turn.
    What an instructor reads to check a multi-part key: the keys of the
    other blanks or rows are not other answers to this one."""
    kind = ItemKind(item.kind)
    if kind is ItemKind.CASE:
        return [(f"Step {n}: {label}", key) for n, st in enumerate(item.steps, 1)
                for label, key in (key_by_part(st) or [("key", _single_key(st))])]
    slots = parts(item)
    if not slots:
        return []
    extra = item.extra
    if kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
        keys = [sorted(int(c) for c in cols) for cols in extra["row_keys"]]
    elif kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        keys = [[int(b["key"])] for b in extra["blanks"]]
    else:
        keys = [sorted(int(k) for k in g["keys"]) for g in extra["groups"]]
    out = []
    for part, key in zip(slots, keys):
        shown = "; ".join(f"{letter(i)}) {part.choices[i]}" for i in key if i < len(part.choices)) or "none"
        out.append((part.label, shown))
    return out


def _single_key(item: Item) -> str:
    """A case step's key that is not parted: letters and texts, or the order."""
    if item.correct_options:
        return "; ".join(f"{letter(i)}) {item.options[i].text}" for i in item.correct_options)
    return "; ".join(f"{n}. {a}" for n, a in enumerate(item.answers, 1))


def key_response(item: Item, *, step: Callable[[Item], str] | None = None) -> str:
    """The full-marks answer in the one-line form."""
    kind = ItemKind(item.kind)
    if kind is ItemKind.CASE:
        assert step is not None
        return f" {STEP_SEP} ".join(step(s) for s in item.steps)
    extra = item.extra
    if kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
        rows = [canonical(sorted(int(c) for c in cols)) for cols in extra["row_keys"]]
    elif kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        rows = [letter(int(b["key"])) for b in extra["blanks"]]
    else:
        rows = [canonical(sorted(int(k) for k in g["keys"])) for g in extra["groups"]]
    sep = " " if all(len(r) == 1 for r in rows) and kind is not ItemKind.MATRIX_MR else f" {PART_SEP} "
    return sep.join(rows)
