"""Canvas QTI 1.2 zip export via text2qti: ``factdrill export qti [DECK] [-o FILE]``.

We write text2qti's plain-text quiz format and let text2qti (a maintained
library that targets Canvas Classic Quizzes) build the zip with its
``imsmanifest.xml``. Kinds: multiple choice (MCQ, numeric MCQ, scenario),
multiple answers (SATA), true/false, numerical (value +- tolerance or a
range) and fill-in-the-blank (cloze). Matching and ordering have no
text2qti form and are left out (use GIFT or Blackboard for those).

text2qti reads its input as Markdown (with LaTeX ``$...$`` and siunitx
macros). Deck text is data, so every character other than letters, digits
and spaces is written as a numeric character reference (``&#42;``): Markdown,
smartypants and the math pass leave those alone, and Canvas shows the
character itself. ``<script>`` thus arrives as text, never as markup.
Titles and fill-in-the-blank answers are plain text to text2qti (it only
XML-escapes them), so they are written as they are.

Canvas scores "multiple answers" questions by its own rules: set the quiz's
partial-credit option for NCLEX-like +/- scoring (see the README).

Clinical-judgment items go in Canvas's nearest types, a case as its six
steps; grids and drop-downs, which text2qti cannot write, are added to its
zip as Canvas matching and multiple-dropdowns questions
(:mod:`factdrill.exporters.qti_judgment`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from .lms import kind_option
from ..generators.items import Item, ItemKind
from ..errors import ExportError
from ..generators.keys import CHOICE_KINDS, GRADED_KINDS, flat, fmt_num, numeric_key, tf_truth

if TYPE_CHECKING:
    from ..deck.facts import Deck

# text2qti has no matching or ordering question
QTI_KINDS = frozenset(GRADED_KINDS) - {ItemKind.MATCHING, ItemKind.ORDERING}


def encode(text: str) -> str:
    """Deck text as inert text2qti Markdown: punctuation as character references.

    Characters XML 1.0 forbids even as references (control characters such
    as ESC or BEL) become U+FFFD, or the QTI file would not parse at all.
    """
    return "".join(
        c if c.isalnum() or c == " " or (_nonchar(c) and _xml_char(c))
        else f"&#{ord(c) if _xml_char(c) else 0xFFFD};"
        for c in flat(text)
    )


def _nonchar(c: str) -> bool:
    """Unicode noncharacters (U+FDD0-FDEF, U+xFFFE/xFFFF) go in as themselves:
    HTML decoders drop them when written as numeric references."""
    o = ord(c)
    return 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def _xml_text(text: str) -> str:
    """``text`` with characters XML 1.0 forbids made U+FFFD."""
    return "".join(c if _xml_char(c) else "\ufffd" for c in text)


def _xml_char(c: str) -> bool:
    """Whether XML 1.0 allows character ``c``."""
    o = ord(c)
    return o in (0x9, 0xA, 0xD) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000


def _num(x: float) -> str:
    return fmt_num(x)


def numeric_unfit(item: Item) -> str | None:
    """Why text2qti cannot write this numeric item's key exactly, or None.

    text2qti refuses a bound within 0.0001 of zero and writes other
    non-integer bounds with four decimals: a key it would refuse or round
    is left out of the quiz (with a note), never written wrong.
    """
    key = numeric_key(item)
    for bound in (key.low_bound, key.high_bound, key.value):
        if abs(bound) < 1e-4:
            return f"a bound of {_num(bound)} (Canvas answers must be 0.0001 or more away from 0)"
        if not float(bound).is_integer() and abs(round(bound, 4) - bound) > 1e-9:
            return f"a bound of {_num(bound)} (Canvas answers keep at most 4 decimal places)"
    return None


def _numeric_line(item: Item) -> str:
    key = numeric_key(item)
    lo, hi = key.low_bound, key.high_bound
    why = numeric_unfit(item)
    if why:
        raise ExportError(f"numeric item {item.id} has {why}; leave numeric items out (--kinds)")
    if key.high is not None or lo != hi and not key.tolerance:
        return f"=   [{_num(lo)}, {_num(hi)}]"
    if key.tolerance:
        return f"=   {_num(key.value)} +- {_num(key.tolerance)}"
    if float(key.value).is_integer():
        return f"=   {int(key.value)}"
    return f"=   [{_num(key.value)}, {_num(key.value)}]"


def _question(n: int, item: Item, repeat: int = 0, *, one_point: bool = False) -> list[str]:
    """The text2qti lines of one question (``repeat`` zero-width spaces keep a shared stem unique);
    worth its NCSBN points, or 1 in a random group (whose questions share one value)."""
    from ..generators.judgment_keys import points
    from .qti_judgment import stem, text2qti_lines

    lines = [f"Title: {flat(item.id)}", f"Points: {1 if one_point else points(item)}", f"{n}.  {encode(stem(item))}{'&#8203;' * repeat}"]
    if item.explanation:
        lines.append(f"... {encode(item.explanation)}")
    kind = item.kind
    judged = text2qti_lines(item, encode)
    if judged is not None:
        lines += judged
    elif kind is ItemKind.TRUE_FALSE:
        truth = tf_truth(item)
        why = {o.correct: o.rationale for o in item.options}
        for i, (label, is_key) in enumerate((("True", truth), ("False", not truth))):
            lines.append(f"{'*' if is_key else ''}{'ab'[i]}) {label}")
            if why.get(is_key):
                lines.append(f"... {encode(why[is_key])}")
    elif kind in CHOICE_KINDS or kind is ItemKind.SATA:
        for i, o in enumerate(item.options):
            if kind is ItemKind.SATA:
                lines.append(f"{'[*]' if o.correct else '[ ]'} {encode(o.text)}")
            else:
                mark = f"{'*' if o.correct else ''}{_choice_letter(i)})"
                lines.append(f"{mark} {encode(o.text)}")
            if o.rationale:
                lines.append(f"... {encode(o.rationale)}")
    elif kind is ItemKind.NUMERIC:
        lines.append(_numeric_line(item))
    elif kind is ItemKind.CLOZE:
        answers = [a for a in dict.fromkeys(_xml_text(flat(a)) for a in item.answers) if a]
        if not answers:
            raise ExportError(f"cloze item {item.id} has no answer")
        # short answers are plain text that Canvas compares with the student's typing
        lines += [f"*   {a}" for a in answers]
    else:
        raise ExportError(f"QTI cannot hold {kind.value} items; choose other kinds")
    return lines


def _choice_letter(i: int) -> str:
    if i >= 26:
        raise ExportError("a question with more than 26 options cannot be written for Canvas")
    return chr(97 + i)


@dataclass(frozen=True)
class QtiQuiz:
    """The text2qti source and which items went in (exact duplicates are dropped)."""

    text: str
    items: tuple[Item, ...]
    dropped: tuple[Item, ...]
    group_titles: tuple[str, ...] = ()  # with --pick, each random group's name (its topic)
    unfit: tuple[tuple[Item, str], ...] = ()  # numeric keys Canvas cannot hold, and why
    injected: tuple[Item, ...] = ()  # matching and drop-down questions text2qti cannot write


def to_text2qti(deck: "Deck", items: Sequence[Item], *, pick: int | None = None) -> QtiQuiz:
    """text2qti text of a quiz; with ``pick``, one random group per topic drawing ``pick``."""
    from ..generators.judgment_keys import expand_cases
    from .qti_judgment import INJECTED_KINDS

    usable = [i for i in expand_cases(items) if i.kind in QTI_KINDS]
    unfit = [(i, why) for i in usable if i.kind is ItemKind.NUMERIC and (why := numeric_unfit(i))]
    usable = [i for i in usable if not (i.kind is ItemKind.NUMERIC and numeric_unfit(i))]
    if not usable:
        raise ExportError("no items to export; choose item kinds QTI supports (e.g. --kinds mcq,sata)")
    injected = tuple(i for i in usable if i.kind in INJECTED_KINDS)
    usable = [i for i in usable if i.kind not in INJECTED_KINDS]
    # text2qti refuses two questions with the same text. Items that share a
    # generic stem ("Which of the following statements about X is true?") but
    # differ in their options are kept apart by invisible zero-width spaces;
    # items identical in stem and options are real duplicates and dropped.
    seen: set[tuple[str, tuple[str, ...]]] = set()
    stems: dict[str, int] = {}
    kept, dropped = [], []
    repeat: dict[str, int] = {}
    for it in usable:
        key = (flat(it.prompt), tuple(flat(o.text) for o in it.options) + tuple(it.answers))
        if key in seen:
            dropped.append(it)
            continue
        seen.add(key)
        repeat[it.id] = stems.get(key[0], 0)
        stems[key[0]] = repeat[it.id] + 1
        kept.append(it)
    order = [t.id for t in deck.topics]
    by_topic: dict[str, list[Item]] = {}
    for it in kept:
        by_topic.setdefault(it.topic, []).append(it)
    lines = [
        f"Quiz title: {_xml_text(flat(deck.title))}",  # plain text: text2qti XML-escapes titles
        f"Quiz description: {encode(deck.description or deck.title)}",
        "Shuffle answers: true",
        "",
    ]
    n = 0
    titles = {t.id: t.title for t in deck.topics}
    groups: list[str] = []
    for topic in sorted(by_topic, key=lambda t: (order.index(t) if t in order else len(order), t)):
        group = by_topic[topic]
        if pick:
            groups.append(flat(titles.get(topic, topic)))
            lines += ["GROUP", f"pick: {min(pick, len(group))}", "points per question: 1", ""]
        for it in group:
            n += 1
            lines += _question(n, it, repeat.get(it.id, 0), one_point=bool(pick)) + [""]
        if pick:
            lines += ["END_GROUP", ""]
    if not kept:  # text2qti refuses an empty quiz: a placeholder, removed from its zip
        lines += [f"Title: {PLACEHOLDER}", "Points: 1", "1.  placeholder", "*a) yes", "b)  no", ""]
    return QtiQuiz("\n".join(lines), tuple(kept), tuple(dropped), group_titles=tuple(groups), unfit=tuple(unfit),
                   injected=injected)


PLACEHOLDER = "factdrill_placeholder"


# The date in the manifest and the zip entries: fixed, so the same deck and
# seed give the same bytes (SOURCE_DATE_EPOCH, the reproducible-builds
# convention, sets another).
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def build_zip(quiz_text: str, group_titles: Sequence[str] = (), injected: Sequence[Item] = ()) -> bytes:
    """The QTI zip text2qti builds from its text format, byte-reproducible:
    text2qti stamps today's date in the manifest and the current time on
    every zip entry, and names every random group "Group"; here the date is
    fixed, entries are written in text2qti's order with fixed times, and
    each group is named after its topic (``group_titles``, in order).
    ``injected`` questions (Canvas matching and multiple dropdowns) are
    added to it, keeping those entry times."""
    try:
        import text2qti  # noqa: F401
    except ImportError:
        raise ExportError("QTI export needs the text2qti package; install it with: pip install text2qti") from None
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    try:
        quiz = Quiz(quiz_text, config=Config(), source_name="factdrill")
        _name_groups(quiz, group_titles)
        data = _reproducible_zip(QTI(quiz))
    except Text2qtiError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid quiz"
        raise ExportError(f"text2qti refused the quiz: {first}") from None
    if not injected and PLACEHOLDER not in quiz_text:
        return data
    from .qti_judgment import inject

    return inject(data, injected, PLACEHOLDER if f"Title: {PLACEHOLDER}" in quiz_text else None)


def _name_groups(quiz: object, titles: Sequence[str]) -> None:
    """Give text2qti's random groups their topic names (its text format has no syntax for it)."""
    from xml.sax.saxutils import escape as xml_escape

    from text2qti.quiz import GroupStart

    starts = [x for x in quiz.questions_and_delims if isinstance(x, GroupStart)]  # type: ignore[attr-defined]
    for start, title in zip(starts, titles):
        start.group.title_raw = title
        start.group.title_xml = xml_escape(_xml_text(title), {'"': "&quot;"})


def _reproducible_zip(qti: object) -> bytes:
    """The zip of a text2qti ``QTI``, with a fixed manifest date and entry times."""
    import io
    import os
    import time
    import zipfile

    from text2qti.xml_imsmanifest import imsmanifest

    stamp = FIXED_DATE
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        stamp = max(FIXED_DATE, time.gmtime(int(epoch))[:6])
    manifest = imsmanifest(
        manifest_identifier=qti.manifest_identifier,  # type: ignore[attr-defined]
        assessment_identifier=qti.assessment_identifier,  # type: ignore[attr-defined]
        dependency_identifier=qti.dependency_identifier,  # type: ignore[attr-defined]
        images=qti.quiz.images,  # type: ignore[attr-defined]
        date="%04d-%02d-%02d" % stamp[:3],
    )
    ident = qti.assessment_identifier  # type: ignore[attr-defined]
    entries: list[tuple[str, bytes | str]] = [
        ("imsmanifest.xml", manifest),
        ("non_cc_assessments/", b""),
        (f"{ident}/assessment_meta.xml", qti.assessment_meta),  # type: ignore[attr-defined]
        (f"{ident}/{ident}.xml", qti.assessment),  # type: ignore[attr-defined]
    ] + [(image.qti_zip_path, image.data) for image in qti.quiz.images.values()]  # type: ignore[attr-defined]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if name.endswith("/") else 0o644) << 16
            zf.writestr(info, data)
    return buf.getvalue()


def to_qti_zip(deck: "Deck", items: Sequence[Item], *, pick: int | None = None) -> tuple[bytes, QtiQuiz]:
    quiz = to_text2qti(deck, items, pick=pick)
    return build_zip(quiz.text, quiz.group_titles, quiz.injected), quiz


@click.command(name="qti")
@click.argument("deck", required=False)
@kind_option("Item kinds to export")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for option order.")
@click.option("--pick", type=int, help="Random groups: each student gets N questions per topic.")
@click.option("-o", "--output", type=click.Path(),
              help="Zip file, or a folder for DECK-qti.zip (default: exports/DECK-qti.zip).")
def command(deck: str | None, kinds: tuple[str, ...], seed: int, pick: int | None, output: str | None) -> None:
    """Write a Canvas QTI 1.2 zip (Classic Quizzes) built with text2qti.

    Import it in Canvas under Settings > Import Course Content > QTI .zip
    file. Matching and ordering items are not exported (no QTI form here).
    """
    from .outputs import file_target, write_bytes_output
    from ..errors import UsageProblem
    from .lms import load_items, open_answer_note, parse_kinds

    chosen = parse_kinds(",".join(kinds), default=[k for k in ItemKind if k in QTI_KINDS])
    bad = [k.value for k in chosen if k not in QTI_KINDS]
    if bad:
        raise ExportError(f"QTI export cannot hold {', '.join(bad)} items; leave them out of --kind")
    if pick is not None and pick < 1:
        raise UsageProblem("--pick must be at least 1")
    d, items = load_items(deck, seed=seed, kinds=chosen)
    target = file_target(output, f"{d.id}-qti.zip", what="a QTI package", default_dir="exports", suffixes=(".zip",))
    data, quiz = to_qti_zip(d, items, pick=pick)
    if quiz.dropped:
        click.echo(f"left out {len(quiz.dropped)} questions that repeat another exactly", err=True)
    for it, why in quiz.unfit:
        click.echo(f"left out numeric question {it.id}: {why}", err=True)
    for note in _notes(quiz, pick):
        click.echo(note, err=True)
    if (note := open_answer_note(quiz.items, "Canvas")):
        click.echo(note, err=True)
    write_bytes_output(data, str(target), what=f"{len(quiz.items) + len(quiz.injected)} questions")


def _notes(quiz: QtiQuiz, pick: int | None) -> list[str]:
    """What Canvas scores or groups differently, said once."""
    kinds = {i.kind for i in (*quiz.items, *quiz.injected)}
    notes = []
    if ItemKind.BOWTIE in kinds:
        notes.append("bowtie items are multiple-answers questions in Canvas: turn on partial credit; Canvas "
                     "cannot limit each list to its count")
    if ItemKind.RATIONALE in kinds:
        notes.append("drop-down rationale items are multiple-dropdowns questions in Canvas: each blank scores "
                     "on its own, not by linked pairs")
    if pick and quiz.injected:
        notes.append(f"{len(quiz.injected)} matching and drop-down questions are asked to everyone, outside "
                     "the random groups (text2qti groups cannot hold them)")
    return notes
