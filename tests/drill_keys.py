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
CHOICE = {ItemKind.MCQ, ItemKind.SATA, ItemKind.TRUE_FALSE, ItemKind.NUMERIC_MCQ, ItemKind.SCENARIO}


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
    """The line to type for ``item`` as shown in ``question`` (flashcards: Enter)."""
    kind = ItemKind(item.kind)
    if kind is ItemKind.FLASHCARD:
        return ""
    if kind in CHOICE:
        letters = _letters_on_screen(question)
        wanted = [o for o in item.options if o.correct == right]
        if kind is not ItemKind.SATA or not right:
            wanted = wanted[:1]
        return " ".join(sorted(letters[" ".join(o.text.split())] for o in wanted))
    if kind in (ItemKind.MATCHING, ItemKind.ORDERING):
        key = key_response(item).split()
        return " ".join(key if right else list(reversed(key)) if len(set(key)) > 1 else key)
    if kind is ItemKind.NUMERIC:
        return item.answers[0] if right else "987654"
    return item.answers[0] if right else "zzzz wrong"
