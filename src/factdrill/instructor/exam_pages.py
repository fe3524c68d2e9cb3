"""Printing exams: each form and its answer key as HTML (print-ready CSS)
or Markdown. All deck text is HTML-escaped; nothing here chooses items
(that is :mod:`factdrill.instructor.exam`)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..generators.items import Item, ItemKind
from ..generators.keys import flat, letter, matching_pairs, numeric_key, ordering_choices
from .exam import ExamVersion, key_entries, max_points
from .judgment_pages import CSS as JUDGMENT_CSS

if TYPE_CHECKING:
    from ..deck.facts import Deck


KIND_NOTES = {
    ItemKind.SATA: "Select all that apply.",
    ItemKind.MATCHING: "Write the letter of the matching choice on each line.",
    ItemKind.ORDERING: "Write the letters in the correct order.",
}

PRINT_CSS = """\
@page { size: letter; margin: 16mm 18mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11pt; line-height: 1.4;
  color: #000; background: #fff; margin: 0 auto; max-width: 180mm;
  overflow-wrap: anywhere; word-break: normal; hyphens: auto; }
header.exam { border-bottom: 2px solid #000; margin-bottom: 1em; padding-bottom: .5em; }
header.exam h1 { font-size: 15pt; margin: 0 0 .2em; }
.fields { display: flex; flex-wrap: wrap; gap: .6em 2em; margin-top: .6em; }
.field .line { display: inline-block; border-bottom: 1px solid #000; width: 16em; height: 1.1em; }
.field.short .line { width: 7em; }
.instructions { font-size: 10pt; margin: .4em 0 0; }
section.topic { margin-top: 1.2em; }
body.section-breaks section.topic { break-before: page; page-break-before: always; margin-top: 0; }
body.section-breaks section.topic:first-of-type { break-before: auto; page-break-before: auto; }
section.topic h2 { font-size: 12.5pt; border-bottom: 1px solid #555; margin: 0 0 .6em;
  break-after: avoid; page-break-after: avoid; }
.q { break-inside: avoid; page-break-inside: avoid; margin: 0 0 1.1em; }
.q .stem { margin: 0 0 .35em; }
.q .num { font-weight: bold; }
.q .note { font-style: italic; }
ul.opts { list-style: none; margin: 0; padding: 0 0 0 1.6em; }
ul.opts li { margin: .15em 0; padding-left: 1.6em; text-indent: -1.6em; }
.bubble, .box { display: inline-block; width: .95em; height: .95em; border: 1px solid #000;
  margin-right: .45em; vertical-align: -.12em; text-indent: 0; }
.bubble { border-radius: 50%; }
.answer { margin: .4em 0 0 1.6em; }
.answer .line { display: inline-block; border-bottom: 1px solid #000; width: 14em; height: 1.1em; }
.blank { display: inline-block; border-bottom: 1px solid #000; width: 2.5em; height: 1.1em; }
table.match { border-collapse: collapse; margin-left: 1.6em; width: calc(100% - 1.6em); table-layout: fixed; }
table.match td { vertical-align: top; padding: .15em .6em .15em 0; }
.key .answer-key { font-weight: bold; }
.key .rule, .key .refs, .key .why, .key .prompt { font-size: 10pt; }
.key .prompt { color: #333; margin: 0 0 .3em; }
.key ul.why { margin: .2em 0; padding-left: 1.6em; }
.key .q { border-bottom: 1px solid #ccc; padding-bottom: .5em; }
@media screen { body { padding: 1.5em; } }
"""


def _e(text: str) -> str:
    return html.escape(flat(text), quote=True)


def _head(title: str, body_class: str = "") -> list[str]:
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{PRINT_CSS}{JUDGMENT_CSS}</style>",
        "</head>",
        f'<body class="{body_class}">' if body_class else "<body>",
    ]


def _question_html(n: int, it: Item) -> list[str]:
    from ..generators.judgment_keys import is_judgment

    if is_judgment(it):  # a client's note, grids, blanks, bowties
        from .judgment_pages import question_html

        return question_html(n, it)
    note = KIND_NOTES.get(it.kind, "")
    stem = f'<p class="stem"><span class="num">{n}.</span> {_e(it.prompt)}'
    if note and note.lower() not in flat(it.prompt).lower():
        stem += f' <span class="note">{_e(note)}</span>'
    lines = [f'<div class="q" id="q{n}">', stem + "</p>"]
    if it.kind is ItemKind.TRUE_FALSE:
        lines.append('<ul class="opts">')
        lines += [f'<li><span class="bubble"></span>{x}</li>' for x in ("True", "False")]
        lines.append("</ul>")
    elif it.options:
        mark = "box" if it.kind is ItemKind.SATA else "bubble"
        lines.append('<ul class="opts">')
        lines += [
            f'<li><span class="{mark}"></span><b>{letter(i)}.</b> {_e(o.text)}</li>' for i, o in enumerate(it.options)
        ]
        lines.append("</ul>")
    elif it.kind is ItemKind.NUMERIC:
        unit = numeric_key(it).unit
        lines.append(f'<p class="answer">Answer: <span class="line"></span> {_e(unit)}</p>')
    elif it.kind is ItemKind.MATCHING:
        pairs = matching_pairs(it)
        lines.append('<table class="match"><tbody>')
        for i in range(max(len(pairs.left), len(pairs.right))):
            left = (
                f'<span class="blank"></span> {i + 1}. {_e(pairs.left[i])}' if i < len(pairs.left) else ""
            )
            right = f"<b>{letter(i)}.</b> {_e(pairs.right[i])}" if i < len(pairs.right) else ""
            lines.append(f"<tr><td>{left}</td><td>{right}</td></tr>")
        lines.append("</tbody></table>")
    elif it.kind is ItemKind.ORDERING:
        choices = ordering_choices(it)
        lines.append('<ul class="opts">')
        lines += [f"<li><b>{letter(i)}.</b> {_e(c)}</li>" for i, c in enumerate(choices)]
        lines.append("</ul>")
        blanks = " ".join('<span class="blank"></span>' for _ in choices)
        lines.append(f'<p class="answer">Order: {blanks}</p>')
    else:
        lines.append('<p class="answer">Answer: <span class="line"></span></p>')
    lines.append("</div>")
    return lines


def _exam_title(deck: "Deck", form: ExamVersion) -> str:
    return f"{flat(deck.title)} - Exam, version {form.label}"


def render_exam_html(deck: "Deck", form: ExamVersion, *, section_breaks: bool = False) -> str:
    """A printable exam form: name/date header, then numbered questions.

    Sections run on by default (a page per topic printed 30 questions on 14
    pages); a question is never split over pages and a topic heading never
    ends a page. ``section_breaks=True`` starts each topic on a new page.
    """
    total = sum(max_points(it) for _, _, it in form.numbered())
    out = _head(_exam_title(deck, form), "section-breaks" if section_breaks else "")
    out += [
        '<header class="exam">',
        f"<h1>{_e(deck.title)}</h1>",
        f"<div>Exam, version <b>{form.label}</b> &middot; {len(form.numbered())} questions &middot; {total} points</div>",
        '<div class="fields">',
        '<span class="field">Name: <span class="line"></span></span>',
        '<span class="field short">Date: <span class="line"></span></span>',
        f'<span class="field short">Score: <span class="line"></span> / {total}</span>',
        "</div>",
        '<p class="instructions">Fill in one circle unless a question says '
        "<i>Select all that apply</i> (mark every correct box). Write other answers on the line.</p>",
        "</header>",
    ]
    current = None
    for n, section, it in form.numbered():
        if section is not current:
            if current is not None:
                out.append("</section>")
            out.append(f'<section class="topic"><h2>{_e(section.title)}</h2>')
            current = section
        out += _question_html(n, it)
    if current is not None:
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Deck text safe in Markdown: HTML-escaped and Markdown punctuation backslashed."""
    return re.sub(r"([\\`*_{}\[\]|~])", r"\\\1", html.escape(flat(text), quote=False))


def render_exam_markdown(deck: "Deck", form: ExamVersion) -> str:
    total = sum(max_points(it) for _, _, it in form.numbered())
    out = [
        f"# {_md(deck.title)}",
        "",
        f"Exam, version **{form.label}** - {len(form.numbered())} questions, {total} points",
        "",
        "Name: ______________________  Date: ____________  Score: _____ / " + str(total),
        "",
        "Choose one answer unless a question says *Select all that apply*.",
    ]
    current = None
    for n, section, it in form.numbered():
        if section is not current:
            out += ["", "---", "", f"## {_md(section.title)}"]
            current = section
        note = KIND_NOTES.get(it.kind, "")
        stem = f"**{n}.** {_md(it.prompt)}"
        if note and note.lower() not in flat(it.prompt).lower():
            stem += f" *{note}*"
        from ..generators.judgment_keys import is_judgment

        if is_judgment(it):
            from .judgment_pages import question_md

            out += question_md(n, it)
            continue
        out += ["", stem, ""]
        if it.kind is ItemKind.TRUE_FALSE:
            out += ["- ( ) True", "- ( ) False"]
        elif it.options:
            mark = "[ ]" if it.kind is ItemKind.SATA else "( )"
            out += [f"- {mark} {letter(i)}. {_md(o.text)}" for i, o in enumerate(it.options)]
        elif it.kind is ItemKind.NUMERIC:
            out.append(f"Answer: ______________ {_md(numeric_key(it).unit)}".rstrip())
        elif it.kind is ItemKind.MATCHING:
            pairs = matching_pairs(it)
            out += [f"- ____ {i + 1}. {_md(x)}" for i, x in enumerate(pairs.left)]
            out += ["", "Choices:", ""] + [f"- {letter(i)}. {_md(x)}" for i, x in enumerate(pairs.right)]
        elif it.kind is ItemKind.ORDERING:
            choices = ordering_choices(it)
            out += [f"- {letter(i)}. {_md(c)}" for i, c in enumerate(choices)]
            out += ["", "Order: " + " ".join("____" for _ in choices)]
        else:
            out.append("Answer: ______________________")
    return "\n".join(out) + "\n"


def _key_title(deck: "Deck", form: ExamVersion) -> str:
    return f"{flat(deck.title)} - Answer key, version {form.label}"


def render_key_html(deck: "Deck", form: ExamVersion) -> str:
    """The answer key of one form: keys, scoring rule, explanation, references."""
    entries = key_entries(deck, form)
    total = sum(e.points for e in entries)
    out = _head(_key_title(deck, form))
    out += [
        '<div class="key">',
        '<header class="exam">',
        f"<h1>{_e(deck.title)}: answer key, version {form.label}</h1>",
        f"<div>{len(entries)} questions &middot; {total} points. Keep this sheet away from students.</div>",
        '<p class="instructions">Select-all-that-apply questions use NCLEX +/- scoring: +1 for '
        "each correct option marked, -1 for each incorrect option marked, never below 0 per "
        "question. Other questions score 0/1 as stated.</p>",
        "</header>",
    ]
    for e in entries:
        out.append(f'<div class="q" id="k{e.number}">')
        out.append(
            f'<p class="stem"><span class="num">{e.number}.</span> '
            f'<span class="answer-key">{_e(e.answer)}</span> ({_e(e.kind.replace("_", " "))}, '
            f"{e.points} point{'s' if e.points != 1 else ''})</p>"
        )
        out.append(f'<p class="prompt">{_e(e.prompt)}</p>')
        out.append(f'<p class="rule">{_e(e.rule)}</p>')
        if e.explanation:
            out.append(f"<p>{_e(e.explanation)}</p>")
        if e.rationales:
            out.append('<ul class="why">')
            out += [
                f"<li>{'&#10003;' if ok else '&#10007;'} {_e(opt)}"
                + (f" &mdash; <i>{_e(why)}</i>" if why else "")
                + "</li>"
                for opt, why, ok in e.rationales
            ]
            out.append("</ul>")
        if e.references:
            label = "Reference" if len(e.references) == 1 else "References"
            out.append(f'<p class="refs">{label}: ' + "<br>".join(_e(r) for r in e.references) + "</p>")
        out.append("</div>")
    out += ["</div>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def render_key_markdown(deck: "Deck", form: ExamVersion) -> str:
    entries = key_entries(deck, form)
    total = sum(e.points for e in entries)
    out = [
        f"# {_md(deck.title)}: answer key, version {form.label}",
        "",
        f"{len(entries)} questions, {total} points.",
        "",
        "Select-all-that-apply questions use NCLEX +/- scoring: +1 for each correct option marked, "
        "-1 for each incorrect option marked, never below 0 per question.",
    ]
    for e in entries:
        out += [
            "",
            f"**{e.number}.** {_md(e.answer)} ({e.kind.replace('_', ' ')}, "
            f"{e.points} point{'s' if e.points != 1 else ''})",
            "",
            f"- Question: {_md(e.prompt)}",
            f"- Scoring: {_md(e.rule)}",
        ]
        if e.explanation:
            out.append(f"- Why: {_md(e.explanation)}")
        for opt, why, ok in e.rationales:
            out.append(f"  - {'right' if ok else 'wrong'}: {_md(opt)}" + (f" ({_md(why)})" if why else ""))
        for r in e.references:
            out.append(f"- Reference: {_md(r)}")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class ExamFile:
    """A file ``write_exam`` produces: its name inside the output folder and its text."""

    name: str
    text: str


def build_exam_files(deck: "Deck", forms: Sequence[ExamVersion], *, section_breaks: bool = False) -> list[ExamFile]:
    """Every file of an exam: per form the exam and its key, each in HTML and Markdown."""
    files = []
    for f in forms:
        stem = f"{deck.id}-exam-{f.label}"
        files += [
            ExamFile(f"{stem}.html", render_exam_html(deck, f, section_breaks=section_breaks)),
            ExamFile(f"{stem}.md", render_exam_markdown(deck, f)),
            ExamFile(f"{deck.id}-key-{f.label}.html", render_key_html(deck, f)),
            ExamFile(f"{deck.id}-key-{f.label}.md", render_key_markdown(deck, f)),
        ]
    return files
