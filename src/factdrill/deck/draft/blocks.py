"""The shape of a source article once read: headings, paragraphs and list items.

Every reader (plain text, Markdown, HTML) turns its format into the same
:class:`Document`, so the extractors never see markup. Each block keeps the
source line of each of its lines, so a candidate fact can say exactly where
in the article it was found.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import Enum


class BlockKind(str, Enum):
    """What a block of an article is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # one entry of a bulleted or numbered list


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or list item, as plain one-line text.

    ``starts`` pairs the offset in ``text`` where each source line begins
    with that line's number, so any offset maps back to a source line.
    ``list_no`` numbers the lists of the document (0 for a block that is not
    an item); ``number`` is a numbered item's own number; ``nested`` marks a
    paragraph that continues the list item above it (an indented answer).
    """

    kind: BlockKind
    text: str
    starts: tuple[tuple[int, int], ...]
    level: int = 0
    list_no: int = 0
    number: int | None = None
    nested: bool = False

    @property
    def line(self) -> int:
        return self.starts[0][1]

    def line_at(self, offset: int) -> int:
        """The source line of character ``offset`` of :attr:`text`."""
        i = bisect.bisect_right([o for o, _ in self.starts], offset) - 1
        return self.starts[max(i, 0)][1]


@dataclass
class Document:
    """An article read into blocks; ``name`` is how draft marks refer to it."""

    name: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    fmt: str = "text"


_SPACE = re.compile(r"\s+")


def joined(lines: list[tuple[str, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Source lines (text, line number) as one line of text and its line map."""
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    pos = 0
    for text, line in lines:
        text = _SPACE.sub(" ", text).strip()
        if not text:
            continue
        if parts:
            pos += 1  # the joining space
        starts.append((pos, line))
        parts.append(text)
        pos += len(text)
    return " ".join(parts), tuple(starts) or ((0, lines[0][1] if lines else 1),)


def block(kind: BlockKind, lines: list[tuple[str, int]], **extra) -> Block | None:
    """A block from its source lines, or None when they hold no text."""
    text, starts = joined(lines)
    if not text:
        return None
    return Block(kind, text, starts, **extra)
