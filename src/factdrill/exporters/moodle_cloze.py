"""Drop-down items as Moodle's embedded-answers (Cloze) questions, in Moodle XML.

GIFT has no form for a sentence with several drop-down lists, so ``export
gift`` writes the drop-down cloze and drop-down rationale items to a Moodle
XML file beside the GIFT file (import both: Question bank > Import, the
first as GIFT, the second as Moodle XML). Each blank is a
``{1:MULTICHOICE:=key#why~wrong#why}`` subquestion, which Moodle shows as a
drop-down list and scores separately: NCSBN's 0/1 per blank for drop-down
cloze. Moodle has no linked-pair scoring, so a rationale item's pairs are
scored blank by blank there (the export says so).

Deck text is HTML-escaped; inside a subquestion Moodle's special characters
``\\ } # ~ / "`` are backslash-escaped (Moodle's embedded-answers syntax).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..generators.items import Item, ItemKind
from ..generators.keys import flat

if TYPE_CHECKING:
    from ..deck.facts import Deck

CLOZE_KINDS = frozenset({ItemKind.DROPDOWN, ItemKind.RATIONALE})
_SPECIAL = '\\}#~/"'


def escape_answer(text: str) -> str:
    """Text inside a Cloze subquestion: HTML-escaped, specials backslashed."""
    out = html.escape(flat(text), quote=False)
    return "".join("\\" + c if c in _SPECIAL else c for c in out)


def subquestion(blank: dict) -> str:
    parts = []
    for i, (option, why) in enumerate(zip(blank["options"], blank["rationales"])):
        mark = "=" if i == blank["key"] else ""
        parts.append(f"{mark}{escape_answer(option)}#{escape_answer(why)}")
    return "{1:MULTICHOICE:" + "~".join(parts) + "}"


def question_html(item: Item) -> str:
    """The question text: the client's note, the question and the sentence
    with a drop-down in each blank."""
    note = item.extra.get("note") or {}
    out = []
    if note:
        out.append(f"<p>{html.escape(flat(note.get('head', '')))}</p>")
        out.append("<ul>" + "".join(f"<li>{html.escape(flat(x))}</li>" for x in note.get("lines", ())) + "</ul>")
    out.append(f"<p>{html.escape(flat(str(item.extra.get('question', ''))))}</p>")
    sentence = html.escape(flat(str(item.extra.get("text", ""))))
    for n, blank in enumerate(item.extra.get("blanks", ()), 1):
        sentence = sentence.replace(f"[{n}]", subquestion(blank))
    out.append(f"<p>{sentence}</p>")
    return "".join(out)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def to_moodle_xml(deck: "Deck", items: Sequence[Item], category: str | None = None) -> str:
    """A Moodle XML quiz file of the drop-down items (other kinds are left out)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    if category:
        lines += ['  <question type="category">', f"    <category><text>{html.escape(category)}</text></category>",
                  "  </question>"]
    for it in items:
        if it.kind not in CLOZE_KINDS:
            continue
        lines += [
            '  <question type="cloze">',
            f"    <name><text>{html.escape(it.id)}</text></name>",
            f'    <questiontext format="html"><text>{_cdata(question_html(it))}</text></questiontext>',
            f'    <generalfeedback format="html"><text>{_cdata(html.escape(flat(it.explanation)))}</text>'
            "</generalfeedback>",
            "  </question>",
        ]
    lines.append("</quiz>")
    return "\n".join(lines) + "\n"
