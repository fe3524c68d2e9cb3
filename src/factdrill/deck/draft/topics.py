"""Headings of an article -> the deck's ``topics:``.

The title (the first level-1 heading) is the deck's title, not a topic.
Topics are the headings of the top level in use below it; deeper headings
("Symptoms and Detection" under "Bone Metastases") belong to the topic
above them, so their facts stay with their site. Text before the first
topic heading goes to an "Overview" topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import BlockKind, Document

OVERVIEW = ("overview", "Overview")


@dataclass(frozen=True)
class Outline:
    """The topics (id, title, line) in article order and the topic of each block."""

    topics: tuple[tuple[str, str, int], ...]
    block_topic: tuple[str, ...]


def slug(text: str, limit: int = 40) -> str:
    """A fact, topic or deck id from free text: lowercase words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", text.casefold())
    out = ""
    for w in words:
        candidate = f"{out}-{w}" if out else w
        if len(candidate) > limit and out:
            break
        out = candidate[:limit]
    return out or "x"


def unique(base: str, taken: set[str]) -> str:
    out, n = base, 2
    while out in taken:
        out = f"{base}-{n}"
        n += 1
    taken.add(out)
    return out


def outline(doc: Document, end: int) -> Outline:
    """Topics from the headings of ``doc.blocks[:end]``."""
    blocks = doc.blocks[:end]
    headings = [
        (i, b) for i, b in enumerate(blocks)
        if b.kind is BlockKind.HEADING and not (b.level == 1 and b.text == doc.title)
    ]
    top = min((b.level for _, b in headings), default=0)
    taken: set[str] = set()
    topics: list[tuple[str, str, int]] = []
    starts: dict[int, str] = {}
    for i, b in headings:
        if b.level == top:
            tid = unique(slug(b.text), taken)
            topics.append((tid, b.text, b.line))
            starts[i] = tid
    current = ""
    per_block: list[str] = []
    for i in range(len(blocks)):
        current = starts.get(i, current)
        per_block.append(current)
    if any(t == "" and blocks[i].kind is not BlockKind.HEADING for i, t in enumerate(per_block)):
        overview = unique(OVERVIEW[0], taken)
        per_block = [t or overview for t in per_block]
        topics.insert(0, (overview, OVERVIEW[1], 1))
    return Outline(tuple(topics), tuple(per_block))
