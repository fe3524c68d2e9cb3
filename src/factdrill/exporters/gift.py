"""Moodle GIFT export: ``factdrill export gift [DECK] [-o FILE]``.

Follows Moodle's own parser (``qformat_gift::readquestion``):

- one question per blank-line-separated block, ``::id::`` as its name, and
  ``[html]`` text with deck text HTML-escaped, so ``<script>`` shows literally;
- multiple choice: ``=key#why ~distractor#why``;
- SATA: every option written with ``~`` and a weight (no ``=``), which is what
  makes Moodle use checkboxes; each key ``+100/k %`` and each distractor
  ``-100/k %`` (k keys). Moodle sums the weights and clamps to 0..100 %, which is
  exactly NCLEX +/- scoring scaled to one point;
- true/false ``{TRUE#if wrong#if right}``, numeric ``{#value:tolerance}`` or
  ``{#low..high}``, short answer ``{=a =b}`` for cloze items, matching
  ``{=left -> right}``; ordering items become matching of position to thing.
  Short answers are plain text, as a student types them (Moodle compares
  them with the typing and never decodes HTML there), and ``*`` in one is
  written ``\\*`` (Moodle's wildcard escape);
- the item's explanation as general feedback (``####``) and a
  ``$CATEGORY:`` block per topic, so a Moodle quiz can draw a random question
  per topic (each student a different form);
- GIFT's special characters ``~ = # { } :`` and ``\\`` are backslash-escaped
  everywhere, and a leading ``%`` (read as a weight) is written ``&#37;``;
  ``->`` inside matching/short-answer text becomes ``→`` because Moodle
  reads it as the matching arrow and has no escape for it;
- clinical-judgment items in Moodle's nearest type
  (:mod:`factdrill.exporters.gift_judgment`), a case as its six steps; the
  drop-down items GIFT cannot hold go to a Moodle XML file of Cloze
  questions beside it (:mod:`factdrill.exporters.moodle_cloze`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from .lms import kind_option
from ..generators.items import Item, ItemKind
from ..errors import ExportError
from ..generators.keys import CHOICE_KINDS, GRADED_KINDS, flat, fmt_num, matching_pairs, numeric_key, tf_truth

if TYPE_CHECKING:
    from ..deck.facts import Deck

GIFT_KINDS = frozenset(GRADED_KINDS)  # every graded kind has a GIFT (or, drop-downs, Moodle Cloze) form

_SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Deck text as GIFT ``[html]`` text: HTML-escaped, one line, specials escaped."""
    import html

    out = html.escape(flat(text), quote=False)
    if out.startswith("%"):  # Moodle would read a leading %..% as a weight; GIFT has no escape
        out = "&#37;" + out[1:]
    return "".join("\\" + c if c in _SPECIAL else c for c in out)


def answer_text(text: str) -> str:
    """A short answer as GIFT: plain text, as the student
    types it. Moodle compares these with the typing and never decodes HTML
    (``gown &amp; gloves`` would be graded wrong), and reads ``*`` in a short
    answer as a wildcard, so a literal one is written ``\\*``."""
    out = _no_arrow(flat(text)).replace("*", "\\*")
    return "".join("\\" + c if c in _SPECIAL else c for c in out)


def _no_arrow(text: str) -> str:
    return text.replace("->", "\u2192")


def weight(k: int, positive: bool) -> str:
    """``%33.33333%``-style weight of one SATA option (Moodle's grade list has 100/k)."""
    w = 100.0 / k
    text = f"{w:.5f}".rstrip("0").rstrip(".")
    return f"%{text if positive else '-' + text}%"


def _answer_block(item: Item) -> list[str]:
    """Lines inside ``{ ... }`` for one item (without general feedback)."""
    kind = item.kind
    from .gift_judgment import answer_block

    judged = answer_block(item, escape, weight, _no_arrow, _ordinal)
    if judged is not None:
        return judged
    if kind in CHOICE_KINDS:
        return [
            f"{'=' if o.correct else '~'}{escape(o.text)}" + (f"#{escape(o.rationale)}" if o.rationale else "")
            for o in item.options
        ]
    if kind is ItemKind.SATA:
        k = sum(1 for o in item.options if o.correct)
        if k == 0:
            raise ExportError(f"SATA item {item.id} has no correct option")
        return [
            f"~{weight(k, o.correct)}{escape(o.text)}" + (f"#{escape(o.rationale)}" if o.rationale else "")
            for o in item.options
        ]
    if kind is ItemKind.TRUE_FALSE:
        truth = tf_truth(item)
        right = [o for o in item.options if o.correct]
        wrong = [o for o in item.options if not o.correct]
        fb_wrong = escape(wrong[0].rationale) if wrong and wrong[0].rationale else ""
        fb_right = escape(right[0].rationale) if right and right[0].rationale else ""
        line = "TRUE" if truth else "FALSE"
        if fb_wrong or fb_right:
            line += f"#{fb_wrong}#{fb_right}"
        return [line]
    if kind is ItemKind.NUMERIC:
        key = numeric_key(item)
        if key.high is not None:
            return [f"#{fmt_num(key.low_bound)}..{fmt_num(key.high_bound)}"]
        return [f"#{fmt_num(key.value)}:{fmt_num(key.tolerance)}"]
    if kind is ItemKind.CLOZE:
        answers = [a for a in dict.fromkeys(item.answers) if a.strip()]
        if not answers:
            raise ExportError(f"cloze item {item.id} has no answer")
        return [f"={answer_text(a)}" for a in answers]
    if kind is ItemKind.MATCHING:
        pairs = matching_pairs(item)
        return [f"={escape(_no_arrow(l))} -> {escape(_no_arrow(r))}" for l, r in zip(pairs.left, pairs.key)]
    if kind is ItemKind.ORDERING:
        return [f"={_ordinal(i + 1)} -> {escape(_no_arrow(x))}" for i, x in enumerate(item.answers)]
    raise ExportError(f"GIFT cannot hold {kind.value} items; choose other kinds")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _prompt(item: Item) -> str:
    from .gift_judgment import prompt

    text = prompt(item)
    if item.kind is ItemKind.ORDERING:
        text += " Match each position to the thing that belongs there."
    return text


def _comment(text: str) -> str:
    """A ``//`` comment line: every piece of deck text in it flattened to one
    line, or a newline in it (say in the deck's version) would end the
    comment and start a question of the deck author's choosing."""
    return "// " + flat(text)


def question(item: Item) -> str:
    """One GIFT question block (no blank lines inside)."""
    lines = [_comment(f"{item.id} | facts: {', '.join(item.fact_ids)} | sources: {', '.join(item.sources)}")]
    lines.append(f"::{escape(item.id)}::[html]{escape(_prompt(item))} {{")
    lines += [f"\t{a}" for a in _answer_block(item)]
    if item.explanation:
        lines.append(f"\t####{escape(item.explanation)}")
    lines.append("}")
    return "\n".join(lines)


def category_path(deck: "Deck", topic_title: str) -> str:
    """``$course$/Deck/Topic``; a ``/`` inside a name is doubled, Moodle's escape."""
    import html

    parts = [html.escape(flat(n), quote=False).replace("/", "//") for n in (deck.title, topic_title)]
    return "$course$/" + "/".join(parts)


def to_gift(deck: "Deck", items: Sequence[Item]) -> str:
    """The whole GIFT file: a header comment, then per topic a category and its questions."""
    from ..generators.judgment_keys import expand_cases
    from .moodle_cloze import CLOZE_KINDS

    usable = [i for i in expand_cases(items) if i.kind in GIFT_KINDS and i.kind not in CLOZE_KINDS]
    if not usable:
        raise ExportError("no items to export; choose item kinds GIFT supports (e.g. --kinds mcq,sata)")
    blocks = [
        _comment(f"{deck.title} (deck {deck.id}, version {deck.version}): "
                 f"{len(usable)} questions exported by factdrill.") + "\n"
        "// Import in Moodle: Question bank > Import > GIFT format."
    ]
    topic_titles = {t.id: t.title for t in deck.topics}
    order = [t.id for t in deck.topics]
    by_topic: dict[str, list[Item]] = {}
    for it in usable:
        by_topic.setdefault(it.topic, []).append(it)
    for topic in sorted(by_topic, key=lambda t: (order.index(t) if t in order else len(order), t)):
        blocks.append(f"$CATEGORY: {category_path(deck, topic_titles.get(topic, topic))}")
        blocks += [question(i) for i in by_topic[topic]]
    return "\n\n".join(blocks) + "\n"


@click.command(name="gift")
@click.argument("deck", required=False)
@kind_option("Item kinds to export")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for option order.")
@click.option("-o", "--output", type=click.Path(), help="File to write, or a folder for DECK.gift (default: stdout).")
def command(deck: str | None, kinds: tuple[str, ...], seed: int, output: str | None) -> None:
    """Write a Moodle GIFT question file, one category per topic.

    SATA items are scored like NCLEX (+/-): each key +100/k %, each
    distractor -100/k %, floored at zero by Moodle.
    """
    from .outputs import file_target, write_text_output
    from .lms import load_items, open_answer_note, parse_kinds

    from ..generators.judgment_keys import expand_cases
    from .moodle_cloze import CLOZE_KINDS, to_moodle_xml

    chosen = parse_kinds(",".join(kinds))
    bad = [k.value for k in chosen if k not in GIFT_KINDS]
    if bad:
        raise ExportError(f"GIFT cannot hold {', '.join(bad)} items; leave them out of --kind")
    d, items = load_items(deck, seed=seed, kinds=chosen)
    flat_items = expand_cases(items)
    cloze = [i for i in flat_items if i.kind in CLOZE_KINDS]
    in_gift = [i for i in flat_items if i.kind in GIFT_KINDS and i.kind not in CLOZE_KINDS]
    target = file_target(output, f"{d.id}.gift", what="a GIFT export", suffixes=(".gift", ".txt"))
    if in_gift:
        write_text_output(to_gift(d, items), None if target is None else str(target), what=f"{len(in_gift)} questions")
    if (note := open_answer_note(flat_items, "Moodle")):
        click.echo(note, err=True)
    for note in gift_notes(flat_items):
        click.echo(note, err=True)
    if cloze:
        if target is None:
            click.echo(f"left out {len(cloze)} drop-down questions: GIFT has no drop-down form; give -o FILE "
                       "to also write FILE.cloze.xml (Moodle XML, Cloze questions)", err=True)
        else:
            beside = str(target.with_suffix("")) + ".cloze.xml"  # next to the GIFT file, whether written or not
            write_text_output(to_moodle_xml(d, cloze, category=category_path(d, "Drop-down questions")), beside,
                              what=f"{len(cloze)} drop-down questions (Moodle XML: import as Moodle XML format)")
    elif not in_gift:
        raise ExportError("no items to export; choose item kinds GIFT supports (e.g. --kind mcq,sata)")


def gift_notes(items: Sequence[Item]) -> list[str]:
    """What Moodle scores differently from NCSBN, said once per kind exported."""
    kinds = {i.kind for i in items}
    notes = []
    if ItemKind.BOWTIE in kinds:
        notes.append("bowtie items are checkbox questions in Moodle: scored +/- over the five keys, not 0/1 "
                     "per target with exactly two actions and two parameters")
    if ItemKind.RATIONALE in kinds:
        notes.append("drop-down rationale items are Cloze questions in Moodle: each blank scores on its own, "
                     "not by linked pairs")
    return notes
