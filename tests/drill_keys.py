"""Answering what `factdrill drill` shows, as a student who knows (or not) the answer.

The session prints a dim line ``N answered, M left  [KIND ITEM_ID]`` above
each question. Tests look the item up by id in the real generated items and
build the answer from the screen, since the session reshuffles options per
showing: the letter of an option is read from its text on screen.
"""

from __future__ import annotations

import re

from factdrill.study.grading import key_response
from factdrill.generators.items import Item, ItemKind

MARKER_RE = re.compile(r"\[(\w+) ([\w-]+)\]\r?\n")
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")
CHOICE = {ItemKind.MCQ, ItemKind.SATA, ItemKind.TRUE_FALSE, ItemKind.NUMERIC_MCQ, ItemKind.SCENARIO,
          ItemKind.PRIORITY, ItemKind.TEACHING, ItemKind.HIGHLIGHT}
MULTI = {ItemKind.SATA, ItemKind.HIGHLIGHT}


def flagship_items() -> dict[str, Item]:
    from factdrill.generators import generate
    from factdrill.deck.loader import load_deck, resolve_deck

    return {it.id: it for it in generate(load_deck(resolve_deck(None)), seed=0)}


def last_marker(screen: str) -> tuple[str, str, str] | None:
    """(kind, item id, text after the marker) of the newest question on screen."""
    screen = ANSI_RE.sub("", screen).replace("\r\n", "\n")
    found = list(MARKER_RE.finditer(screen))
    if not found:
        return None
    m = found[-1]
    return m.group(1), m.group(2), screen[m.end() :]


def _letters_on_screen(question: str) -> dict[str, str]:
    """Option text -> letter, from the ``a) text`` lines of the question.

    Wrapped options continue on indented lines; they are joined back.
    """
    out: dict[str, str] = {}
    current: tuple[str, list[str]] | None = None
    for line in question.split("\n"):
        m = re.match(r"^([a-z])\) (.*)$", line)
        if m:
            if current:
                out[" ".join(current[1])] = current[0]
            current = (m.group(1), [m.group(2).strip()])
        elif current and line.startswith("   ") and line.strip():
            current[1].append(line.strip())
        elif current:
            out[" ".join(current[1])] = current[0]
            current = None
    if current:
        out[" ".join(current[1])] = current[0]
    return out


def answer(item: Item, question: str, *, right: bool = True) -> str:
    """The line to type for ``item`` as shown in ``question`` (flashcards: Enter);
    an item asked part by part gets its whole one-line answer, which the
    first input takes (see :func:`answer_lines` for one line per part)."""
    kind = ItemKind(item.kind)
    if kind is ItemKind.FLASHCARD:
        return ""
    if kind is ItemKind.CASE:  # its steps keep their generated option order
        return " | ".join(_in_parts(step, right=right or n > 0).replace("\n", " / ")
                          for n, step in enumerate(item.steps))
    if kind in PARTED:
        return _in_parts(item, right=right).replace("\n", " / ")
    if kind in CHOICE:
        letters = _letters_on_screen(question)
        wanted = [o for o in item.options if o.correct == right]
        if kind not in MULTI or not right:
            wanted = wanted[:1]
        return " ".join(sorted(letters[" ".join(o.text.split())] for o in wanted))
    if kind in (ItemKind.MATCHING, ItemKind.ORDERING, ItemKind.ACTION_ORDER):
        key = key_response(item).split()
        return " ".join(key if right else list(reversed(key)) if len(set(key)) > 1 else key)
    if kind is ItemKind.NUMERIC:
        return item.answers[0] if right else "987654"
    return item.answers[0] if right else "zzzz wrong"


PARTED = {ItemKind.MATRIX_MC, ItemKind.MATRIX_MR, ItemKind.DROPDOWN, ItemKind.RATIONALE, ItemKind.BOWTIE,
          ItemKind.CASE}


def answer_lines(item: Item, *, right: bool = True) -> list[str]:
    """One line per input of an item asked in parts (a case: each step's
    parts in turn; when not ``right``, its first step or part is wrong)."""
    if ItemKind(item.kind) is ItemKind.CASE:  # its steps keep their generated option order
        return [line for n, step in enumerate(item.steps)
                for line in _in_parts(step, right=right or n > 0).split("\n")]
    return _in_parts(item, right=right).split("\n")


def _in_parts(item: Item, *, right: bool) -> str:
    """The key (or a first part answered wrong), one line per part."""
    from factdrill.study import judgment

    key = key_response(item)
    if ItemKind(item.kind) not in judgment.PARTED:
        if right:
            return key
        n = len(item.options) or len(key.split())
        wrong = [c for c in "abcdefgh"[:n] if c not in key.split()] or list(key.split()[:1])
        return wrong[0] if ItemKind(item.kind) is not ItemKind.ACTION_ORDER else " ".join(reversed(key.split()))
    parts = judgment.split_parts(item, key)
    if not right:
        first = judgment.parts(item)[0]
        picks = [c for c in "abcdefgh"[: len(first.choices)] if c not in parts[0]]
        parts[0] = "".join(picks[: first.pick or 1])
    return "\n".join(parts)
