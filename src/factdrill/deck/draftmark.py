"""The ``draft:`` mark of a fact: drafted by a tool, not yet reviewed by a person.

``factdrill draft`` and ``factdrill import`` write it; ``factdrill draft
--review`` removes it when the author keeps or edits the fact. Written as
``draft: true`` or as a mapping saying where the candidate came from::

    draft:
      at: article.txt:42      # FILE:LINE of the source text
      quote: "..."            # that text, to compare against while reviewing
      note: "..."             # what the drafting tool was unsure about

Kept apart from the checker so the reader of the mark and its rules sit in
one place (format: decks/README.md, "Drafts").
"""

from __future__ import annotations

import re
from typing import Any

from .facts import DraftMark
from .fields import FieldMap, FieldReader

DRAFT_KEYS = ("at", "quote", "note")
AT_RE = re.compile(r"\S(?:.*\S)?:[1-9][0-9]*\Z")


def read_draft(c: FieldReader, m: FieldMap, label: str, deck_path: str) -> DraftMark | None:
    """The fact's draft mark, or None when it has none; a draft is warned about.

    Problems with the mark itself are reported where they are written.
    """
    mark = _mark(c, m, label)
    if mark is not None:
        c.warn(m.node, draft_warning(label, mark, deck_path))
    return mark


def _mark(c: FieldReader, m: FieldMap, label: str) -> DraftMark | None:
    node: Any = m.get("draft")
    if node is None:
        return None
    y = c.y
    if isinstance(node, y.ScalarNode) and node.tag == y.BOOL:
        if node.value.lower() in ("true", "yes", "on", "y"):
            return DraftMark()
        c.error(
            node,
            f"'draft' of {label} is false; a reviewed fact has no 'draft:' at all, "
            "so delete the line",
        )
        return None
    if not isinstance(node, y.MappingNode):
        c.error(
            node,
            f"'draft' of {label} must be true or a mapping with 'at: FILE:LINE', "
            f"not {c.describe(node)}",
        )
        return None
    dm = FieldMap(node, f"the draft mark of {label}")
    c.check_keys(dm, DRAFT_KEYS)
    at = c.text(dm, "at", required=True)
    if at is not None and not AT_RE.match(at):
        c.error(
            dm.get("at"),
            f"'at' of the draft mark of {label} must be FILE:LINE, such as "
            f"article.txt:42, not {c.describe(dm.get('at'))}",
        )
    return DraftMark(at=at, quote=c.text(dm, "quote"), note=c.text(dm, "note"))


def draft_warning(label: str, mark: DraftMark, deck_path: str) -> str:
    """The ``check`` warning for a draft fact: where it came from, what to do."""
    origin = f" (from {mark.at})" if mark.at else ""
    return f"{label} is a draft{origin}; review it with 'factdrill draft --review {deck_path}'"
