"""Printed clinical-judgment questions: the client's note, then the question
laid out for paper (HTML and Markdown).

A grid is a table with a box per row and column; a drop-down sentence
prints its blanks as lines with a lettered list under each; a bowtie its
three lists side by side (one above the other in Markdown); a highlight
item its note's findings as lettered boxes. Case studies arrive as their
six steps (numbered like any question), each stem saying which step it is
and showing the note as it stands then. All deck text is escaped.
"""

from __future__ import annotations

import html
import re

from ..generators.items import Item, ItemKind
from ..generators.judgment_keys import note_and_question
from ..generators.keys import flat, letter

NOTES = {
    ItemKind.HIGHLIGHT: "Select all that apply.",
    ItemKind.MATRIX_MC: "Mark one box in each row.",
    ItemKind.MATRIX_MR: "Mark every box that applies in each row.",
    ItemKind.DROPDOWN: "Write the letter of your choice on each blank.",
    ItemKind.RATIONALE: "Write the letter of your choice on each blank.",
    ItemKind.BOWTIE: "Circle 1 condition, 2 actions and 2 parameters.",
    ItemKind.ACTION_ORDER: "Write the letters in order, first to last.",
}
CSS = """\
.q .client { border: 1px solid #777; padding: .3em .6em; margin: 0 0 .4em 1.6em; font-size: 10pt; }
.q .client ul { margin: .1em 0; padding-left: 1.2em; }
table.grid { border-collapse: collapse; margin: .3em 0 0 1.6em; }
table.grid th, table.grid td { border: 1px solid #555; padding: .2em .5em; font-size: 10pt; }
table.grid td.box { text-align: center; }
.bowtie { display: flex; gap: 1em; margin-left: 1.6em; }
.bowtie > div { flex: 1; border: 1px solid #555; padding: .2em .4em; }
"""


def _e(text: str) -> str:
    return html.escape(flat(text), quote=True)


def _note(it: Item, question: str) -> str:
    note = NOTES.get(ItemKind(it.kind), "")
    return "" if note.lower() in question.lower() else note


def question_html(n: int, it: Item) -> list[str]:
    lines_, question, sentence = note_and_question(it)
    note = _note(it, question)
    out = [f'<div class="q" id="q{n}">',
           f'<p class="stem"><span class="num">{n}.</span> {_e(question)}'
           + (f' <span class="note">{_e(note)}</span>' if note else "") + "</p>"]
    if lines_:
        body = "".join(f"<li>{_e(x)}</li>" for x in lines_[1:])
        out.append(f'<div class="client">{_e(lines_[0])}' + (f"<ul>{body}</ul>" if body else "") + "</div>")
    kind = ItemKind(it.kind)
    extra = it.extra
    if it.options:
        mark = "box" if kind is ItemKind.HIGHLIGHT else "bubble"
        out.append('<ul class="opts">')
        out += [f'<li><span class="{mark}"></span><b>{letter(i)}.</b> {_e(o.text)}</li>'
                for i, o in enumerate(it.options)]
        out.append("</ul>")
    elif kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
        out.append('<table class="grid"><thead><tr><th></th>'
                   + "".join(f"<th>{_e(c)}</th>" for c in extra["columns"]) + "</tr></thead><tbody>")
        out += [f"<tr><td>{i}. {_e(r)}</td>" + '<td class="box"><span class="box"></span></td>' * len(extra["columns"])
                + "</tr>" for i, r in enumerate(extra["rows"], 1)]
        out.append("</tbody></table>")
    elif kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        text = _e(sentence)
        for i in range(1, len(extra["blanks"]) + 1):
            text = text.replace(f"[{i}]", f'[{i}] <span class="blank"></span>')
        out.append(f'<p class="answer">{text}</p>')
        for i, b in enumerate(extra["blanks"], 1):
            out.append(f'<p class="answer">[{i}]</p><ul class="opts">'
                       + "".join(f"<li><b>{letter(j)}.</b> {_e(o)}</li>" for j, o in enumerate(b["options"]))
                       + "</ul>")
    elif kind is ItemKind.BOWTIE:
        groups = extra["groups"]
        order = [groups[1], groups[0], groups[2]]  # actions | condition | parameters
        out.append('<div class="bowtie">' + "".join(
            f"<div><b>{_e(g['label'])}</b> (choose {g['pick']})<ul class=\"opts\">"
            + "".join(f"<li><span class=\"box\"></span><b>{letter(j)}.</b> {_e(o)}</li>" for j, o in enumerate(g["options"]))
            + "</ul></div>" for g in order) + "</div>")
    elif kind is ItemKind.ACTION_ORDER:
        choices = extra.get("choices", ())
        out.append('<ul class="opts">' + "".join(f"<li><b>{letter(j)}.</b> {_e(c)}</li>"
                                                 for j, c in enumerate(choices)) + "</ul>")
        out.append('<p class="answer">Order: ' + " ".join('<span class="blank"></span>' for _ in choices) + "</p>")
    out.append("</div>")
    return out


def _md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]|~])", r"\\\1", html.escape(flat(text), quote=False))


def question_md(n: int, it: Item) -> list[str]:
    lines_, question, sentence = note_and_question(it)
    note = _note(it, question)
    out = ["", f"**{n}.** {_md(question)}" + (f" *{note}*" if note else ""), ""]
    if lines_:
        out += [f"> {_md(lines_[0])}"] + [f"> - {_md(x)}" for x in lines_[1:]] + [""]
    kind = ItemKind(it.kind)
    extra = it.extra
    if it.options:
        mark = "[ ]" if kind is ItemKind.HIGHLIGHT else "( )"
        out += [f"- {mark} {letter(i)}. {_md(o.text)}" for i, o in enumerate(it.options)]
    elif kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
        cols = extra["columns"]
        out += ["| | " + " | ".join(_md(c) for c in cols) + " |", "|---|" + "---|" * len(cols)]
        out += [f"| {i}. {_md(r)} | " + " | ".join("[ ]" for _ in cols) + " |" for i, r in enumerate(extra["rows"], 1)]
    elif kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        text = _md(sentence)
        for i in range(1, len(extra["blanks"]) + 1):
            text = text.replace(f"\\[{i}\\]", f"\\[{i}\\] ____")
        out.append(text)
        for i, b in enumerate(extra["blanks"], 1):
            out += ["", f"\\[{i}\\]"] + [f"- {letter(j)}. {_md(o)}" for j, o in enumerate(b["options"])]
    elif kind is ItemKind.BOWTIE:
        for g in extra["groups"]:
            out += ["", f"*{_md(g['label'])}* (choose {g['pick']}):"]
            out += [f"- [ ] {letter(j)}. {_md(o)}" for j, o in enumerate(g["options"])]
    elif kind is ItemKind.ACTION_ORDER:
        choices = extra.get("choices", ())
        out += [f"- {letter(j)}. {_md(c)}" for j, c in enumerate(choices)]
        out += ["", "Order: " + " ".join("____" for _ in choices)]
    return out
