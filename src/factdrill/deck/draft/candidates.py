"""What the extractors find: candidate facts, each pinned to its source line.

A :class:`Candidate` is a fact in waiting: the fields of its kind (as they
will be written to YAML), the line and sentence of the article it was read
from, the reference numbers the article marks on it, and what the extractor
was unsure about. :mod:`factdrill.deck.draft.build` turns candidates into a
deck; nothing here knows about YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..facts import FactKind
from .blocks import Block, BlockKind, Document
from .sentences import Sentence, sentences


@dataclass
class Candidate:
    """One candidate fact of ``kind`` with the kind's YAML fields."""

    kind: FactKind
    key: str
    fields: dict[str, Any]
    line: int
    quote: str
    block: int
    cites: tuple[int, ...] = ()
    years: tuple[int, ...] = ()
    note: str | None = None


@dataclass
class Body:
    """The article's content blocks (before its reference list), with sentences on demand."""

    doc: Document
    end: int  # index of the first block after the content (the reference list)
    _sentences: dict[int, list[Sentence]] = field(default_factory=dict)

    def blocks(self) -> list[tuple[int, Block]]:
        return [(i, b) for i, b in enumerate(self.doc.blocks[: self.end])]

    def text_blocks(self) -> list[tuple[int, Block]]:
        """Paragraphs and list items (not headings)."""
        return [(i, b) for i, b in self.blocks() if b.kind is not BlockKind.HEADING]

    def sentences(self, index: int) -> list[Sentence]:
        if index not in self._sentences:
            self._sentences[index] = sentences(self.doc.blocks[index])
        return self._sentences[index]


_YEAR_STUDY = re.compile(
    r"\b((?:19|20)\d\d)\s+(?:study|studies|trial|review|analysis|meta-analysis|survey|report|cohort)\b",
    re.I,
)


def study_years(text: str) -> tuple[int, ...]:
    """Years of studies a sentence names ("a 2013 study", "one 2017 review")."""
    return tuple(dict.fromkeys(int(m.group(1)) for m in _YEAR_STUDY.finditer(text)))


def lower_first(text: str) -> str:
    """``Spine`` -> ``spine``, but ``SBRT``, ``HER2`` and ``pH`` stay as they are."""
    if text.startswith(("A ", "An ")):
        return "a" + text[1:]
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        word = text.split()[0]
        if not any(c.isupper() for c in word[1:]) and not any(c.isdigit() for c in word):
            return text[0].lower() + text[1:]
    return text


def squash(text: str) -> str:
    return " ".join(text.split())
