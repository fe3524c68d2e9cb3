"""Clinical-judgment items as Anki notes (pure data).

- priority and teaching items: **factdrill Multiple choice**; highlight:
  **factdrill Select all that apply** (the note's findings are the options);
  action order: a Flashcard note with the order on the back, as ordering;
- drop-down cloze and rationale: **factdrill Cloze**, every blank ``c1``
  (one card, all blanks hidden at once) with its options as the hint;
- matrix grids: **factdrill Matrix**, the rows and lettered columns as a
  table of empty cells on the front, the key marked on the back;
- bowtie: **factdrill Bowtie**, actions, condition and parameters side by
  side as the bowtie's three parts;
- case study: **factdrill Case study**, one card (a case is one card
  in the drill too): its six steps, each with the note at that step, on
  the front; every step's key and rationales on the back.

Plain HTML, no JavaScript, all deck text escaped. The notes module hands in
its helpers (:class:`Kit`) so this module need not import it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...generators.items import Item, ItemKind
from ...generators.judgment_keys import key_lines, rationales
from .models import NoteType

if TYPE_CHECKING:
    from ...deck.facts import Deck

CHECK, BOX = "&#10003;", "&#9744;"


@dataclass(frozen=True)
class Kit:
    """What the notes module lends: its escaping, its note builders."""

    h: Callable[[str], str]
    spec: Callable[..., Any]  # (note_type, item, fields) -> NoteSpec
    common: Callable[[Any, Item], tuple[str, str, str]]
    choice_note: Callable[[Any, Item, NoteType], Any]


def judgment_note(deck: "Deck", item: Item, kit: Kit) -> Any:
    kind = ItemKind(item.kind)
    if kind in (ItemKind.PRIORITY, ItemKind.TEACHING):
        return kit.choice_note(deck, item, NoteType.MCQ)
    if kind is ItemKind.HIGHLIGHT:
        return kit.choice_note(deck, item, NoteType.SATA)
    if kind is ItemKind.ACTION_ORDER:
        back = "<ol>" + "".join(f"<li>{kit.h(a)}</li>" for a in item.answers) + "</ol>"
        return kit.spec(NoteType.FLASHCARD, item, (kit.h(item.prompt), back, "", "", *kit.common(deck, item)))
    if kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        expl, src, fid = kit.common(deck, item)
        text = _note_html(item, kit.h) + f"<p>{_cloze_sentence(item, kit.h)}</p>"
        return kit.spec(NoteType.CLOZE, item, (text, _rationales_html(item, kit.h) + expl, src, fid))
    if kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
        return kit.spec(NoteType.MATRIX, item, (_question_html(item, kit.h), _grid(item, kit.h, key=False),
                                                _grid(item, kit.h, key=True), _rationales_html(item, kit.h),
                                                *kit.common(deck, item)))
    if kind is ItemKind.BOWTIE:
        groups = item.extra["groups"]
        lists = [_options(g["options"], kit.h) for g in groups]
        answer = "<br>".join(kit.h(line) for line in key_lines(item))
        return kit.spec(NoteType.BOWTIE, item, (_question_html(item, kit.h), lists[1], lists[0], lists[2], answer,
                                                _rationales_html(item, kit.h), *kit.common(deck, item)))
    if kind is ItemKind.CASE:
        steps = "".join(_step_html(n, s, kit.h) for n, s in enumerate(item.steps, 1))
        answers = "".join(f"<div class=\"fd-step\"><div class=\"fd-step-head\">Step {n}</div>"
                          f"{'<br>'.join(kit.h(x) for x in key_lines(s))}{_rationales_html(s, kit.h)}</div>"
                          for n, s in enumerate(item.steps, 1))
        return kit.spec(NoteType.CASE, item, (kit.h(item.prompt), steps, answers, *kit.common(deck, item)))
    return None


def _note_html(item: Item, h: Callable[[str], str]) -> str:
    note = item.extra.get("note")
    if not note:
        return ""
    lines = "" if ItemKind(item.kind) is ItemKind.HIGHLIGHT else \
        "<ul>" + "".join(f"<li>{h(line)}</li>" for line in note.get("lines", ())) + "</ul>"
    return f"<div class=\"fd-note\">{h(str(note.get('head', '')))}{lines}</div>"


def _question_html(item: Item, h: Callable[[str], str]) -> str:
    return _note_html(item, h) + f"<div>{h(str(item.extra.get('question') or item.prompt))}</div>"


def _options(options: list[str], h: Callable[[str], str]) -> str:
    return "<ol class=\"fd-options\" type=\"A\">" + "".join(f"<li>{h(o)}</li>" for o in options) + "</ol>"


def _grid(item: Item, h: Callable[[str], str], *, key: bool) -> str:
    cols = item.extra["columns"]
    head = "<tr><th></th>" + "".join(f"<th>{h(c)}</th>" for c in cols) + "</tr>"
    rows = []
    for n, (row, keys) in enumerate(zip(item.extra["rows"], item.extra["row_keys"]), 1):
        cells = "".join(f"<td class=\"fd-cell\">{CHECK if key and c in keys else ('' if key else BOX)}</td>"
                        for c in range(len(cols)))
        rows.append(f"<tr><td>{n}. {h(row)}</td>{cells}</tr>")
    return f"<table class=\"fd-grid\">{head}{''.join(rows)}</table>"


def _cloze_sentence(item: Item, h: Callable[[str], str]) -> str:
    def esc(text: str) -> str:  # data never forms a gap or a hint
        return h(text).replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")

    sentence = esc(str(item.extra.get("text", "")))
    for n, b in enumerate(item.extra.get("blanks", ()), 1):
        hint = " / ".join(esc(o) for o in b["options"])
        sentence = sentence.replace(f"[{n}]", "{{c1::%s::%s}}" % (esc(b["options"][b["key"]]), hint))
    return sentence


def _rationales_html(item: Item, h: Callable[[str], str]) -> str:
    rows = rationales(item)
    if not rows:
        return ""
    return "<ul>" + "".join(
        f"<li><span class=\"{'fd-ok' if ok else 'fd-no'}\">{'Correct' if ok else 'Wrong'}</span> "
        f"{h(choice)}: {h(why)}</li>" for choice, why, ok in rows) + "</ul>"


def _step_html(n: int, step: Item, h: Callable[[str], str]) -> str:
    kind = ItemKind(step.kind)
    body = _question_html(step, h)
    if step.options:
        body += _options([o.text for o in step.options], h)
    elif kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
        body += _grid(step, h, key=False)
    elif kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        body += f"<p>{h(str(step.extra.get('text', '')))}</p>" + "".join(
            f"<div>[{i}]</div>{_options(b['options'], h)}" for i, b in enumerate(step.extra["blanks"], 1))
    elif kind is ItemKind.ACTION_ORDER:
        body += _options(list(step.extra.get("choices", ())), h)
    elif kind is ItemKind.BOWTIE:
        body += "".join(f"<div>{h(g['label'])}</div>{_options(g['options'], h)}" for g in step.extra["groups"])
    head = f"Step {n}: {html.escape(str(step.extra.get('ncjmm', '')).capitalize())}"
    return f"<div class=\"fd-step\"><div class=\"fd-step-head\">{head}</div>{body}</div>"
