"""Blackboard Learn "Upload Questions" text: ``factdrill export blackboard [DECK]``.

One question per line, tab-separated, no header, no blank lines, the type
first (Blackboard help, "Upload Questions"): ``MC`` and ``MA`` (answer,
``correct``/``incorrect`` pairs), ``TF`` (``true``/``false``), ``NUM``
(answer, tolerance), ``FIB`` (accepted answers), ``MAT`` (left, right
pairs) and ``ORD`` (the things in the correct order). Blackboard renders the
text as HTML, so deck text is HTML-escaped, except fill-in-the-blank answers,
which Blackboard compares with what the student types: those are written as
typed. Tabs or line breaks in any text become spaces. The format has no feedback field: explanations stay out.

For random forms, ``--by-topic`` writes one file per topic: upload each as a
question pool and draw from the pools with random blocks.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pathlib import Path

import click

from .lms import kind_option
from ..generators.items import Item, ItemKind
from ..errors import ExportError
from ..generators.keys import CHOICE_KINDS, GRADED_KINDS, flat, fmt_num, matching_pairs, numeric_key, tf_truth

if TYPE_CHECKING:
    from ..deck.facts import Deck

# every graded kind has an upload form but the drop-down sentences (no such type there)
BLACKBOARD_KINDS = frozenset(GRADED_KINDS) - {ItemKind.DROPDOWN, ItemKind.RATIONALE}

# Blackboard Ultra accepts at most 250 questions per uploaded file.
MAX_PER_FILE = 250


def field(text: str) -> str:
    """One tab-separated field: single line, no tab, HTML-escaped."""
    return html.escape(flat(text), quote=False)


def row(item: Item) -> list[str]:
    """The fields of one question line."""
    q = field(item.prompt)
    kind = item.kind
    judged = _judgment_row(item, q)
    if judged is not None:
        return judged
    if kind in CHOICE_KINDS or kind is ItemKind.SATA:
        out = ["MA" if kind is ItemKind.SATA else "MC", q]
        for o in item.options:
            out += [field(o.text), "correct" if o.correct else "incorrect"]
        return out
    if kind is ItemKind.TRUE_FALSE:
        return ["TF", q, "true" if tf_truth(item) else "false"]
    if kind is ItemKind.NUMERIC:
        key = numeric_key(item)
        centre = (key.low_bound + key.high_bound) / 2
        return ["NUM", q, fmt_num(centre), fmt_num((key.high_bound - key.low_bound) / 2)]
    if kind is ItemKind.CLOZE:
        # compared with what the student types, never shown as HTML: as typed
        answers = [flat(a) for a in dict.fromkeys(item.answers) if a.strip()]
        return ["FIB", q] + answers[:100]
    if kind is ItemKind.MATCHING:
        pairs = matching_pairs(item)
        out = ["MAT", q]
        for left, right in zip(pairs.left, pairs.key):
            out += [field(left), field(right)]
        return out
    if kind is ItemKind.ORDERING:
        return ["ORD", q] + [field(x) for x in item.answers]
    raise ExportError(f"Blackboard upload cannot hold {kind.value} items; choose other kinds")


def _judgment_row(item: Item, q: str) -> list[str] | None:
    """Clinical-judgment items in the nearest upload types: priority and
    teaching MC; highlight, a multiple-response grid's cells and a bowtie's
    choices MA; a multiple-choice grid MAT (row to column); action order ORD."""
    from .gift_judgment import bowtie_label

    kind, extra = item.kind, item.extra
    if kind in (ItemKind.PRIORITY, ItemKind.TEACHING, ItemKind.HIGHLIGHT):
        out = ["MA" if kind is ItemKind.HIGHLIGHT else "MC", q]
        for o in item.options:
            out += [field(o.text), "correct" if o.correct else "incorrect"]
        return out
    if kind is ItemKind.MATRIX_MR:
        out = ["MA", q]
        for row_text, keys in zip(extra["rows"], extra["row_keys"]):
            for c, col in enumerate(extra["columns"]):
                out += [field(f"{row_text}: {col}"), "correct" if c in keys else "incorrect"]
        return out
    if kind is ItemKind.BOWTIE:
        out = ["MA", q]
        for g in extra["groups"]:
            for i, o in enumerate(g["options"]):
                out += [field(bowtie_label(g, o)), "correct" if i in g["keys"] else "incorrect"]
        return out
    if kind is ItemKind.MATRIX_MC:
        out = ["MAT", q]
        for row_text, keys in zip(extra["rows"], extra["row_keys"]):
            out += [field(row_text), field(extra["columns"][keys[0]])]
        return out
    if kind is ItemKind.ACTION_ORDER:
        return ["ORD", q] + [field(x) for x in item.answers]
    return None


def to_blackboard(items: Sequence[Item]) -> str:
    """The upload file text for ``items`` (those of supported kinds; a case as its six steps)."""
    from ..generators.judgment_keys import expand_cases

    usable = [i for i in expand_cases(items) if i.kind in BLACKBOARD_KINDS]
    if not usable:
        raise ExportError("no items to export; choose item kinds Blackboard supports (e.g. --kind mcq,sata)")
    return "".join("\t".join(row(i)) + "\n" for i in usable)


def pools_by_topic(deck: "Deck", items: Sequence[Item]) -> list[tuple[str, str]]:
    """(file name, text) per topic, in deck order: one question pool each
    (a topic of more than :data:`MAX_PER_FILE` questions in several files)."""
    order = [t.id for t in deck.topics]
    groups: dict[str, list[Item]] = {}
    from ..generators.judgment_keys import expand_cases

    for it in expand_cases(items):
        if it.kind in BLACKBOARD_KINDS:
            groups.setdefault(it.topic, []).append(it)
    topics = sorted(groups, key=lambda t: (order.index(t) if t in order else len(order), t))
    return [f for t in topics for f in split_files(f"{deck.id}-{t}-pool", groups[t])]


def split_files(stem: str, items: Sequence[Item]) -> list[tuple[str, str]]:
    """``stem.txt``, or ``stem-1.txt``, ``stem-2.txt``... of at most
    :data:`MAX_PER_FILE` questions each (Blackboard refuses bigger uploads);
    a case counts as its six steps."""
    from ..generators.judgment_keys import expand_cases

    usable = [i for i in expand_cases(items) if i.kind in BLACKBOARD_KINDS]
    if len(usable) <= MAX_PER_FILE:
        return [(f"{stem}.txt", to_blackboard(usable))]
    parts = [usable[i : i + MAX_PER_FILE] for i in range(0, len(usable), MAX_PER_FILE)]
    return [(f"{stem}-{n}.txt", to_blackboard(part)) for n, part in enumerate(parts, 1)]


@click.command(name="blackboard")
@click.argument("deck", required=False)
@kind_option("Item kinds to export")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for option order.")
@click.option("--by-topic", is_flag=True, help="One pool file per topic (-o names a folder).")
@click.option("-o", "--output", type=click.Path(),
              help="File to write (default: stdout); a folder for --by-topic or over 250 questions.")
def command(deck: str | None, kinds: tuple[str, ...], seed: int, by_topic: bool, output: str | None) -> None:
    """Write Blackboard "Upload Questions" text (tab-separated, one per line).

    Blackboard takes at most 250 questions per file: a bigger export is
    split into numbered files in the folder given with -o. The format has
    no feedback field, so explanations are not exported; set partial or
    negative credit for MA questions in Blackboard.
    """
    from .outputs import file_target, folder_target, write_file_report, write_text_output
    from . import safe_output_path
    from .lms import load_items, open_answer_note, parse_kinds

    from ..generators.judgment_keys import expand_cases

    chosen = parse_kinds(",".join(kinds))
    d, items = load_items(deck, seed=seed, kinds=chosen)
    files = pools_by_topic(d, items) if by_topic else split_files(f"{d.id}-blackboard", items)
    if by_topic or len(files) > 1:
        n = sum(i.kind in BLACKBOARD_KINDS for i in expand_cases(items))
        why = "--by-topic writes" if by_topic else f"{n} questions (Blackboard takes {MAX_PER_FILE} a file) need"
        if output is None:
            raise ExportError(f"{why} {len(files)} files: give a folder with -o, e.g. -o {d.id}-pools/")
        folder = folder_target(output, what=why)
        for name, text in files:
            write_file_report(safe_output_path_in(folder, name, safe_output_path), text,
                              what=f"{text.count(chr(10))} questions")
    else:
        name, text = files[0]
        target = file_target(output, name, what="a Blackboard upload", suffixes=(".txt",))
        write_text_output(text, None if target is None else str(target), what=f"{text.count(chr(10))} questions")
    left_out = [i for i in expand_cases(items) if i.kind not in BLACKBOARD_KINDS and i.kind.value != "flashcard"]
    if left_out:
        click.echo(f"left out {len(left_out)} drop-down questions: Blackboard's upload format has no "
                   "drop-down sentence (use QTI or GIFT for them)", err=True)
    click.echo("note: Blackboard upload text has no feedback field; explanations left out", err=True)
    if (note := open_answer_note(items, "Blackboard")):
        click.echo(note, err=True)


def safe_output_path_in(folder: Path, name: str, guard) -> Path:
    """``folder/name`` (the folder created), refusing a name that leaves it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create output folder {folder}: {exc.strerror}") from None
    return guard(folder, name)
