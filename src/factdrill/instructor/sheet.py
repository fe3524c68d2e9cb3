"""``factdrill sheet``: a printable study sheet of a deck's facts, by topic.

Each fact becomes one short entry in plain language (the term and its
definition, the number and its context, the members of a set...), with
numbered citation marks ``[1]`` that point into a reference list at the end,
numbered in order of first citation, as in a journal article. HTML (print
CSS, escaped text) and Markdown render the same :class:`Sheet`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..deck.facts import FactSet, Mapping, Ranking, Situation, Statement, Statistic, Term
from ..generators.keys import flat

if TYPE_CHECKING:
    from ..deck.facts import Deck, Fact


@dataclass(frozen=True)
class Entry:
    """One fact on the sheet: a bold lead, the body, sub-lines, citation numbers."""

    fact_id: str
    lead: str
    body: str
    lines: tuple[str, ...]
    explanation: str
    refs: tuple[int, ...]


@dataclass(frozen=True)
class SheetSection:
    topic: str
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Sheet:
    title: str
    description: str
    sections: tuple[SheetSection, ...]
    references: tuple[str, ...]  # citation text, numbered from 1
    links: tuple[str | None, ...]


def _entry(fact: "Fact") -> tuple[str, str, tuple[str, ...]]:
    """(lead, body, sub-lines) of a fact, in plain text."""
    if isinstance(fact, Term):
        lead = fact.term
        if fact.aliases:
            lead += f" (also: {', '.join(fact.aliases)})"
        return lead, fact.definition, ()
    if isinstance(fact, Statistic):
        ctx = [c for c in (fact.population, fact.study) if c]
        body = fact.display_value()
        if ctx:
            body += f" ({'; '.join(ctx)})"
        return fact.measure[:1].upper() + fact.measure[1:], body, ()
    if isinstance(fact, FactSet):
        body = ", ".join(fact.members)
        if not fact.complete:
            body += ", among others"
        lines = (f"Not among them: {', '.join(fact.non_members)}",) if fact.non_members else ()
        return fact.name[:1].upper() + fact.name[1:], body, lines
    if isinstance(fact, Mapping):
        lines = tuple(f"{a} \u2192 {b}" for a, b in fact.pairs)
        return fact.name[:1].upper() + fact.name[1:], f"{fact.left} \u2192 {fact.right}", lines
    if isinstance(fact, Ranking):
        lines = tuple(f"{i}. {x}" for i, x in enumerate(fact.items, 1))
        return fact.name[:1].upper() + fact.name[1:], f"({fact.order})", lines
    if isinstance(fact, Statement):
        return "", fact.plain, ()
    if isinstance(fact, Situation):
        return _situation_entry(fact)
    return fact.id, "", ()


def _situation_entry(fact: "Situation") -> tuple[str, str, tuple[str, ...]]:
    """A situation as its condition, first action and one line per section."""
    sections = (("Points to it", fact.cues), ("Does not", fact.look_alikes), ("Also do", fact.actions),
                ("Avoid", fact.avoid), ("Monitor", fact.monitor), ("Expect", fact.outcomes),
                ("Teach", fact.teaching))
    lines = tuple(f"{name}: {'; '.join(c.text for c in claims)}" for name, claims in sections if claims)
    return fact.condition[:1].upper() + fact.condition[1:], f"First: {fact.priority.text}", lines


def build_sheet(deck: "Deck") -> Sheet:
    """The sheet of a deck: facts grouped by topic in deck order, references numbered."""
    numbers: dict[str, int] = {}
    sections = []
    for topic in deck.topics:
        entries = []
        for fact in deck.facts:
            if fact.topic != topic.id:
                continue
            refs = []
            for key in fact.all_sources() if isinstance(fact, Situation) else fact.sources:
                if key not in numbers:
                    numbers[key] = len(numbers) + 1
                refs.append(numbers[key])
            lead, body, lines = _entry(fact)
            entries.append(
                Entry(fact.id, lead, body, lines, " ".join((fact.explanation or "").split()), tuple(sorted(refs)))
            )
        if entries:
            sections.append(SheetSection(topic.id, topic.title, tuple(entries)))
    refs, links = [], []
    for key in numbers:  # insertion order = order of first citation
        src = deck.sources.get(key)
        refs.append(src.citation() if src else key)
        links.append(src.link if src else None)
    return Sheet(deck.title, deck.description, tuple(sections), tuple(refs), tuple(links))


SHEET_CSS = """\
@page { size: letter; margin: 14mm 16mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.35;
  max-width: 185mm; margin: 0 auto; color: #000; overflow-wrap: anywhere; }
h1 { font-size: 16pt; margin: 0 0 .2em; }
h2 { font-size: 12pt; border-bottom: 1.5px solid #333; margin: 1.2em 0 .4em; break-after: avoid; }
.desc { margin: 0 0 1em; font-style: italic; }
ul.facts { margin: 0; padding-left: 1.2em; }
ul.facts > li { margin: 0 0 .45em; break-inside: avoid; page-break-inside: avoid; }
.lead { font-weight: bold; }
.why { color: #333; font-size: 9pt; display: block; }
sup { font-size: 7.5pt; }
ol.refs { font-size: 9pt; padding-left: 1.8em; }
a { color: inherit; }
"""


def _e(text: str) -> str:
    return html.escape(flat(text), quote=True)


def _sup(refs: tuple[int, ...]) -> str:
    return "".join(f'<sup><a href="#ref{n}">[{n}]</a></sup>' for n in refs)


def _linked(ref: str, link: str | None) -> str:
    """The escaped citation with its URL (or DOI) clickable."""
    if not link or not link.startswith(("https://", "http://")):
        return _e(ref)
    anchor = f'<a href="{_e(link)}">'
    doi = link.removeprefix("https://doi.org/")
    for shown in (link, f"doi:{doi}"):
        if shown in ref:
            head, _, tail = ref.partition(shown)
            # no whitespace collapsing here: the space before the link must stay
            return f"{html.escape(head)}{anchor}{html.escape(shown)}</a>{html.escape(tail)}"
    return f"{_e(ref)} {anchor}{_e(link)}</a>"


def render_html(sheet: Sheet) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_e(sheet.title)} - study sheet</title>",
        f"<style>\n{SHEET_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(sheet.title)}</h1>",
    ]
    if sheet.description:
        out.append(f'<p class="desc">{_e(sheet.description)}</p>')
    for s in sheet.sections:
        out.append(f'<section id="topic-{_e(s.topic)}"><h2>{_e(s.title)}</h2>')
        out.append('<ul class="facts">')
        for e in s.entries:
            lead = f'<span class="lead">{_e(e.lead)}</span>: ' if e.lead else ""
            li = f'<li id="fact-{_e(e.fact_id)}">{lead}{_e(e.body)}{_sup(e.refs)}'
            if e.lines:
                li += "<ul>" + "".join(f"<li>{_e(x)}</li>" for x in e.lines) + "</ul>"
            if e.explanation:
                li += f'<span class="why">{_e(e.explanation)}</span>'
            out.append(li + "</li>")
        out += ["</ul>", "</section>"]
    out.append("<h2>References</h2>")
    out.append('<ol class="refs">')
    for n, (ref, link) in enumerate(zip(sheet.references, sheet.links), 1):
        out.append(f'<li id="ref{n}">{_linked(ref, link)}</li>')
    out += ["</ol>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Deck text for Markdown: HTML-escaped, Markdown punctuation backslashed."""
    text = html.escape(flat(text), quote=False)
    return re.sub(r"([\\`*_{}\[\]|~])", r"\\\1", text)


def render_markdown(sheet: Sheet) -> str:
    out = [f"# {_md(sheet.title)}", ""]
    if sheet.description:
        out += [f"*{_md(sheet.description)}*", ""]
    for s in sheet.sections:
        out += [f"## {_md(s.title)}", ""]
        for e in s.entries:
            refs = "".join(f"[{n}]" for n in e.refs)
            lead = f"**{_md(e.lead)}**: " if e.lead else ""
            out.append(f"- {lead}{_md(e.body)} {refs}")
            out += [f"    - {_md(x)}" for x in e.lines]
            if e.explanation:
                out.append(f"    - *Why it matters:* {_md(e.explanation)}")
        out.append("")
    out += ["## References", ""]
    out += [f"{n}. {_md(ref)}" for n, ref in enumerate(sheet.references, 1)]
    return "\n".join(out) + "\n"
