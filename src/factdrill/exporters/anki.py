"""Anki export: one ``.apkg`` per deck, written with genanki.

Which items become which Anki notes
-----------------------------------
* ``flashcard`` -> **factdrill Flashcard**. A term's forward and reverse
  flashcards become *one* note with two cards (like Anki's "Basic (optional
  reversed card)": the second card exists only when ``ReverseFront`` is
  filled), so both sides share one note, one edit and one set of tags. A
  mapping's per-pair flashcards stay one note each (its sides can be
  many-to-one, so pairs cannot be matched up safely).
* ``cloze`` -> **factdrill Cloze** (a real cloze note type). Our cloze items
  are one per gap; the gaps of one statement are grouped into one note with
  ``{{c1::...}}``, ``{{c2::...}}`` so Anki makes one card per gap.
* ``mcq``, ``scenario``, ``numeric_mcq`` -> **factdrill Multiple choice**;
  ``sata`` -> **factdrill Select all that apply**: options as a lettered list
  on the front; the key, every option's rationale and the explanation on the
  back. Plain HTML, no JavaScript.
* ``true_false`` -> **factdrill True or false**.
* ``numeric`` (typed), ``matching`` and ``ordering`` -> a Flashcard note with
  one card: the prompt on the front, the value (with its tolerance) or the
  pairs / the order as a list on the back.

Every note type also has ``Explanation``, ``Source`` (the formatted reference,
linked to its DOI) and ``FactId`` fields.

Identity (never change these once published)
--------------------------------------------
* Model ids are hard-coded below (drawn once from ``[1<<30, 1<<31)``), and so
  are field names, template names and templates: renaming any of them forks
  the note type in a student's collection.
* Anki deck ids: ``Title::Topic`` subdecks get ``_anki_deck_id(deck, topic)``,
  a SHA-256 of ``DECK_ID_SALT``, the deck id and the topic id folded into
  ``[1<<30, 1<<31)``; the parent deck uses topic ``""``.
* Note GUIDs come from the stable item ids (which depend only on deck id,
  fact id, item kind and variant): a single-item note uses its item id; a
  grouped note (flashcard pair, cloze statement) uses the deck id, the fact
  id and the note type. Editing a fact's text therefore updates the existing
  note and keeps its review history instead of adding a duplicate.

Note modification times (why re-imports change only what changed)
-----------------------------------------------------------------
Anki's package importer (rslib ``import_export/package/apkg/import/notes.rs``)
updates an existing note only when the incoming ``mod`` is newer than the one
in the collection (the default "if newer"), and keeps the incoming ``mod``.
genanki stamps every note with the export time, so every re-import would
overwrite all notes, including a student's own edits. Here instead:

* a note seen for the first time gets ``BASE_MOD``;
* if the previous export at the output path (the committed
  ``exports/DECK.apkg``) holds the same GUID with identical note type, fields
  and tags, the note keeps that export's ``mod`` (Anki reports a duplicate and
  changes nothing);
* otherwise its ``mod`` is the previous one plus one, so Anki updates exactly
  the notes whose content changed.

Note types follow the same rule, comparing their fields, templates and CSS.
With every ``mod`` fixed and the zip entries dated 1980-01-01, the same deck
and the same previous export always give a byte-identical ``.apkg``.

Consequences worth knowing: a note a student edited inside Anki has a newer
``mod`` than any export, so under "if newer" their edit wins even when the
fact changed later (Anki's "Update notes: always" takes ours). Anki never
moves existing cards when a fact changes topic, and a card whose side
disappears (a gap removed, ``reverse: false``) stays as an empty card for
Anki's Tools > Empty Cards. Keep exporting over the previous file (or name
it with ``--previous``): a fresh export into an empty folder starts again at
``BASE_MOD`` and would not update notes a student imported from a later one.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import ExportError, hierarchical_tag, output_file, slug_tag

from ..deck.facts import Source

if TYPE_CHECKING:
    from ..deck.facts import Deck, Fact
    from ..generators.items import Item

# 2025-01-01T00:00:00Z: the ``mod`` (and package timestamp) of a first export.
BASE_MOD = 1735689600
# Mixed into every Anki deck id (chosen once, like the model ids).
DECK_ID_SALT = 1671844557


class NoteType(str, Enum):
    """The note types we export; the value is the model key."""

    FLASHCARD = "flashcard"
    CLOZE = "cloze"
    MCQ = "mcq"
    SATA = "sata"
    TRUE_FALSE = "true_false"


# Chosen once with random.randrange(1 << 30, 1 << 31). Never change them.
MODEL_IDS: dict[NoteType, int] = {
    NoteType.FLASHCARD: 2052675619,
    NoteType.CLOZE: 1551924740,
    NoteType.MCQ: 1375437994,
    NoteType.SATA: 1189378085,
    NoteType.TRUE_FALSE: 2065697976,
}

MODEL_NAMES: dict[NoteType, str] = {
    NoteType.FLASHCARD: "factdrill Flashcard",
    NoteType.CLOZE: "factdrill Cloze",
    NoteType.MCQ: "factdrill Multiple choice",
    NoteType.SATA: "factdrill Select all that apply",
    NoteType.TRUE_FALSE: "factdrill True or false",
}

_COMMON_FIELDS = ("Explanation", "Source", "FactId")
MODEL_FIELDS: dict[NoteType, tuple[str, ...]] = {
    NoteType.FLASHCARD: ("Front", "Back", "ReverseFront", "ReverseBack", *_COMMON_FIELDS),
    NoteType.CLOZE: ("Text", *_COMMON_FIELDS),
    NoteType.MCQ: ("Question", "Options", "Answer", "Rationales", *_COMMON_FIELDS),
    NoteType.SATA: ("Question", "Options", "Answer", "Rationales", *_COMMON_FIELDS),
    NoteType.TRUE_FALSE: ("Statement", "Answer", *_COMMON_FIELDS),
}

_BACK_EXTRA = (
    "{{#Explanation}}<div class=\"fd-expl\">{{Explanation}}</div>{{/Explanation}}"
    "{{#Source}}<div class=\"fd-src\">Source: {{Source}}</div>{{/Source}}"
    "<div class=\"fd-id\">{{FactId}}</div>"
)
_CHOICE_BACK = (
    "{{FrontSide}}<hr id=\"answer\"><div class=\"fd\"><div class=\"fd-a\">{{Answer}}</div>"
    "{{#Rationales}}<div class=\"fd-rat\">{{Rationales}}</div>{{/Rationales}}"
    + _BACK_EXTRA
    + "</div>"
)

# name, question template, answer template
MODEL_TEMPLATES: dict[NoteType, tuple[tuple[str, str, str], ...]] = {
    NoteType.FLASHCARD: (
        (
            "Card 1",
            "<div class=\"fd\"><div class=\"fd-q\">{{Front}}</div></div>",
            "{{FrontSide}}<hr id=\"answer\"><div class=\"fd\"><div class=\"fd-a\">{{Back}}</div>"
            + _BACK_EXTRA
            + "</div>",
        ),
        (
            "Card 2",
            "{{#ReverseFront}}<div class=\"fd\"><div class=\"fd-q\">{{ReverseFront}}</div></div>"
            "{{/ReverseFront}}",
            "{{FrontSide}}<hr id=\"answer\"><div class=\"fd\"><div class=\"fd-a\">{{ReverseBack}}"
            "</div>" + _BACK_EXTRA + "</div>",
        ),
    ),
    NoteType.CLOZE: (
        (
            "Cloze",
            "<div class=\"fd\"><div class=\"fd-q\">{{cloze:Text}}</div></div>",
            "<div class=\"fd\"><div class=\"fd-q\">{{cloze:Text}}</div>" + _BACK_EXTRA + "</div>",
        ),
    ),
    NoteType.MCQ: (
        (
            "Multiple choice",
            "<div class=\"fd\"><div class=\"fd-q\">{{Question}}</div>{{Options}}</div>",
            _CHOICE_BACK,
        ),
    ),
    NoteType.SATA: (
        (
            "Select all that apply",
            "<div class=\"fd\"><div class=\"fd-q\">{{Question}}</div>"
            "<div class=\"fd-instr\">Select all that apply.</div>{{Options}}</div>",
            _CHOICE_BACK,
        ),
    ),
    NoteType.TRUE_FALSE: (
        (
            "True or false",
            "<div class=\"fd\"><div class=\"fd-instr\">True or false?</div>"
            "<div class=\"fd-q\">{{Statement}}</div></div>",
            "{{FrontSide}}<hr id=\"answer\"><div class=\"fd\"><div class=\"fd-a\">{{Answer}}</div>"
            + _BACK_EXTRA
            + "</div>",
        ),
    ),
}

# Light by default; Anki adds .nightMode (and legacy .night_mode) to the card
# body in night mode. Sizes in em/percent so a phone's text size applies.
CSS = """\
.card { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px; line-height: 1.45; color: #1f2328; background-color: #fbfbfa;
  text-align: left; }
.fd { max-width: 38em; margin: 0 auto; padding: 0 0.6em; overflow-wrap: anywhere; }
.fd-q { font-weight: 600; margin: 0.4em 0; }
.fd-instr { font-size: 0.85em; color: #57606a; margin: 0.3em 0; }
.fd-a { font-size: 1.05em; font-weight: 600; margin: 0.4em 0; }
.fd-options { margin: 0.4em 0; padding-left: 1.8em; }
.fd-options li { margin: 0.3em 0; }
.fd-rat ul { padding-left: 1.2em; margin: 0.4em 0; }
.fd-rat li { margin: 0.3em 0; }
.fd-ok { color: #1a7f37; font-weight: 600; }
.fd-no { color: #a40e26; font-weight: 600; }
.fd-expl { margin-top: 0.8em; padding: 0.5em 0.7em; border-left: 4px solid #0969da;
  background-color: #eef4fb; }
.fd-src { margin-top: 0.8em; font-size: 0.75em; color: #57606a; }
.fd-src a { color: inherit; }
.fd-id { margin-top: 0.5em; font-size: 0.65em; color: #8c959f; }
.cloze { font-weight: 700; color: #0969da; }
.card.nightMode, .card.night_mode { color: #e6edf3; background-color: #1e1f22; }
.nightMode .fd-instr, .night_mode .fd-instr, .nightMode .fd-src, .night_mode .fd-src { color: #9aa4ae; }
.nightMode .fd-expl, .night_mode .fd-expl { background-color: #1c2a3a; border-left-color: #4493f8; }
.nightMode .fd-ok, .night_mode .fd-ok { color: #56d364; }
.nightMode .fd-no, .night_mode .fd-no { color: #ff7b72; }
.nightMode .cloze, .night_mode .cloze { color: #79c0ff; }
@media (max-width: 480px) { .card { font-size: 18px; } .fd { padding: 0 0.2em; } }
"""

_CHOICE_KINDS = {"mcq": NoteType.MCQ, "scenario": NoteType.MCQ, "numeric_mcq": NoteType.MCQ,
                 "sata": NoteType.SATA}
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class NoteSpec:
    """One Anki note before genanki sees it: pure data, easy to test."""

    note_type: NoteType
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    subdeck: str  # topic id


@dataclass
class ExportResult:
    """What an export wrote, for the command's summary line and for tests."""

    path: Path
    notes: int = 0
    cards: int = 0
    new: int = 0  # notes absent from the previous export
    changed: int = 0  # notes whose content differs from the previous export
    cards_by_type: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Items -> note specs (pure)


@lru_cache(maxsize=8192)  # explanations and options repeat across a fact's items
def h(text: str) -> str:
    """Deck text as HTML: escaped, line breaks kept."""
    if not _HTML_SPECIAL.search(text):  # most texts: one scan instead of six replaces
        return text
    return html.escape(text, quote=True).replace("\n", "<br>")


_HTML_SPECIAL = re.compile(r"[&<>\"'\n]")


def _cloze_h(text: str) -> str:
    """Text inside a cloze field: braces escaped so data never forms a gap."""
    return h(text).replace("{", "&#123;").replace("}", "&#125;")


def _cloze_gap(n: int, answer: str, hint: str | None) -> str:
    body = _cloze_h(answer).replace(":", "&#58;")  # '::' would start a hint
    if hint:
        body += "::" + _cloze_h(hint).replace(":", "&#58;")
    return "{{c%d::%s}}" % (n, body)


def sources_html(deck: Deck, keys: Iterable[str]) -> str:
    """The formatted references, each linked to its DOI (or URL)."""
    out = []
    for key in keys:
        src = deck.sources.get(key)
        out.append(h(key) if src is None else _source_html(src))
    return "<br>".join(out)


@lru_cache(maxsize=1024)
def _source_html(src: Source) -> str:
    text = h(src.citation())
    link = src.link
    if link and link.lower().startswith(("https://", "http://")):  # never javascript: etc.
        return f"<a href=\"{html.escape(link, quote=True)}\">{text}</a>"
    return text


def note_tags(deck: Deck, item: Item, kind: str) -> tuple[str, ...]:
    """Topic, item kind, NCLEX category and the fact's own tags, ``::``-nested."""
    return _tags(deck.id, item.topic, kind, item.nclex, item.tags)


@lru_cache(maxsize=4096)
def _tags(deck_id: str, topic: str, kind: str, nclex: str | None,
          own: tuple[str, ...]) -> tuple[str, ...]:
    tags = [
        hierarchical_tag(deck_id, "topic", topic),
        hierarchical_tag(deck_id, "kind", kind),
    ]
    if nclex:
        tags.append(hierarchical_tag("nclex", nclex))
    tags.extend(hierarchical_tag(deck_id, "tag", t) for t in own)
    return tuple(dict.fromkeys(tags))


_guid_for: Any = None


def _guid(*parts: str) -> str:
    """genanki's GUID hash of our stable identity parts (genanki imported once)."""
    global _guid_for
    if _guid_for is None:
        from genanki import guid_for

        _guid_for = guid_for
    return _guid_for("factdrill", *parts)


def _common(deck: Deck, item: Item) -> tuple[str, str, str]:
    return (h(item.explanation or ""), sources_html(deck, item.sources), h(", ".join(item.fact_ids)))


def _strip_suffix(text: str, suffix: str) -> str:
    """``text`` without a trailing ``suffix`` (case-insensitive)."""
    if text.rstrip().lower().endswith(suffix):
        return text.rstrip()[: -len(suffix)].rstrip()
    return text


_OK = "<span class=\"fd-ok\">Correct</span>"
_NO = "<span class=\"fd-no\">Wrong</span>"


def _choice_note(deck: Deck, item: Item, note_type: NoteType) -> NoteSpec:
    """Options as a lettered list; the key and each option's rationale on the back."""
    lis, keys, rats = [], [], []
    for i, o in enumerate(item.options):  # one pass: this is the hottest loop of an export
        letter = _LETTERS[i] if i < 26 else str(i + 1)
        text = h(o.text)
        lis.append(f"<li>{text}</li>")
        if o.correct:
            keys.append(f"{letter}. {text}")
        rat = o.rationale
        if rat.startswith(o.text):  # the rationale already names the option
            said = h(rat)
        else:
            said = f"{text}: {h(rat)}" if rat else text
        rats.append(f"<li>{_OK if o.correct else _NO} {letter}. {said}</li>")
    options = f"<ol class=\"fd-options\" type=\"A\">{''.join(lis)}</ol>"
    answer = "<br>".join(keys) or h(", ".join(item.answers))
    rationales = f"<ul>{''.join(rats)}</ul>" if rats else ""
    prompt = item.prompt
    if note_type is NoteType.SATA:  # the template says it once, on every card
        prompt = _strip_suffix(prompt, "select all that apply.")
    fields = (h(prompt), options, answer, rationales, *_common(deck, item))
    return NoteSpec(note_type, _guid(deck.id, item.id), fields,
                    note_tags(deck, item, item.kind.value), item.topic)


def _true_false_note(deck: Deck, item: Item) -> NoteSpec:
    truth = item.extra.get("truth")
    if isinstance(truth, bool):
        answer = "True" if truth else "False"
    else:
        correct = [o.text for o in item.options if o.correct]
        answer = correct[0] if correct else (item.answers[0] if item.answers else "")
    # the template asks "True or false?" itself; show the bare claim
    statement = item.extra.get("statement")
    fields = (h(statement if isinstance(statement, str) else item.prompt), h(answer),
              *_common(deck, item))
    return NoteSpec(NoteType.TRUE_FALSE, _guid(deck.id, item.id), fields,
                    note_tags(deck, item, item.kind.value), item.topic)


def _back_of(item: Item) -> str:
    """The back of a one-card Flashcard note for any non-choice item."""
    kind = item.kind.value
    if kind == "ordering":
        return "<ol>" + "".join(f"<li>{h(a)}</li>" for a in item.answers) + "</ol>"
    if kind == "matching":
        left = item.extra.get("left") or item.extra.get("pairs") or ()
        if left and len(left) == len(item.answers):
            rows = []
            for lft, rgt in zip(left, item.answers):
                lft = lft[0] if isinstance(lft, (list, tuple)) else lft
                rows.append(f"<li>{h(str(lft))} &rarr; {h(rgt)}</li>")
            return "<ul>" + "".join(rows) + "</ul>"
        return "<ul>" + "".join(f"<li>{h(a)}</li>" for a in item.answers) + "</ul>"
    if kind == "flashcard" and isinstance(item.extra.get("back"), str):
        return h(item.extra["back"])  # the generator's own wording of the back
    if not item.answers:
        return ""
    back = h(item.answers[0])
    tol = item.extra.get("tolerance") if kind == "numeric" else None
    if isinstance(tol, (int, float)) and tol > 0:
        unit = str(item.extra.get("unit") or "")
        tol_text = f"{tol:g}" + (unit if unit in ("", "%") else f" {unit}")
        back += f" <span class=\"fd-instr\">(accepted within &plusmn;{h(tol_text)})</span>"
    if kind != "numeric" and len(item.answers) > 1:
        back += "<div class=\"fd-instr\">Also accepted: " + h(", ".join(item.answers[1:])) + "</div>"
    return back


def _side(item: Item) -> str:
    return item.card.rpartition(":")[2]


def _is_reverse(item: Item) -> bool:
    return "rev" in _side(item).lower()


def _flashcard_notes(deck: Deck, items: Sequence[Item]) -> list[NoteSpec]:
    """A fact's flashcards: a term's forward and reverse card share one note.

    Mapping pairs (several per side, possibly many-to-one) stay one note each:
    pairing them by position could join cards about different pairs.
    """
    fwd = [i for i in items if not _is_reverse(i)]
    rev = [i for i in items if _is_reverse(i)]
    pairs: list[tuple[Item, Item | None]]
    if len(fwd) == 1 and len(rev) == 1:
        pairs = [(fwd[0], rev[0])]
    else:
        pairs = [(i, None) for i in items]
    notes = []
    for front, back in pairs:
        rf, rb = (h(back.prompt), _back_of(back)) if back else ("", "")
        fields = (h(front.prompt), _back_of(front), rf, rb, *_common(deck, front))
        notes.append(NoteSpec(NoteType.FLASHCARD, _guid(deck.id, front.id), fields,
                              note_tags(deck, front, "flashcard"), front.topic))
    return notes


def _statement_cloze_text(fact: Fact | None) -> str | None:
    """The statement's gaps as ``{{cN::answer::hint}}``, or None if not a statement."""
    from ..deck.markup import parse_gaps

    text = getattr(fact, "text", None)
    if not isinstance(text, str):
        return None
    gaps = parse_gaps(text)
    if not gaps:
        return None
    out, pos = [], 0
    for n, (m, gap) in enumerate(gaps, start=1):
        out.append(_cloze_h(text[pos : m.start()]))
        out.append(_cloze_gap(n, gap.answers[0] if gap.answers else "", gap.hint))
        pos = m.end()
    out.append(_cloze_h(text[pos:]))
    return "".join(out)


_BLANKS = ("_____", "____", "___")


@dataclass(frozen=True)
class _Gap:
    """A cloze item seen as one gap in the sentence its prompt fills in to."""

    item: Item
    sentence: str  # the prompt with the blank filled in
    start: int  # the answer's span in ``sentence``
    end: int
    hint: str | None


def _as_gap(item: Item) -> _Gap | None:
    """Locate the blank (``_____`` or ``[hint]``) of a cloze item's prompt."""
    if not item.answers:
        return None
    hint = item.extra.get("hint")
    hint = hint if isinstance(hint, str) and hint else None
    for mark in ([f"[{hint}]"] if hint else []) + list(_BLANKS):
        at = item.prompt.find(mark)
        if at >= 0:
            answer = item.answers[0]
            sentence = item.prompt[:at] + answer + item.prompt[at + len(mark):]
            return _Gap(item, sentence, at, at + len(answer), hint)
    return None


def _gaps_text(sentence: str, gaps: Sequence[_Gap]) -> str | None:
    """``sentence`` with each gap as ``{{cN::...}}`` (N in item order), or None
    if two gaps overlap."""
    spans = sorted((g.start, g.end, n, g.hint) for n, g in enumerate(gaps, start=1))
    out, pos = [], 0
    for start, end, n, hint in spans:
        if start < pos:
            return None
        out.append(_cloze_h(sentence[pos:start]))
        out.append(_cloze_gap(n, sentence[start:end], hint))
        pos = end
    out.append(_cloze_h(sentence[pos:]))
    return "".join(out)


def _cloze_notes(deck: Deck, fact: Fact | None, fact_id: str, items: Sequence[Item]) -> list[NoteSpec]:
    """One cloze note per statement, and per sentence shared by several items.

    A term's two cloze items ("The term X means ... _____ ...", "The term
    _____ means ...") fill in to the same sentence, so they become one note
    with two gaps; items whose sentences differ (mapping pairs) stay apart.
    """
    first = items[0]
    text = _statement_cloze_text(fact)
    if text is not None:
        fields = (text, *_common(deck, first))
        return [NoteSpec(NoteType.CLOZE, _guid(deck.id, fact_id, "cloze"), fields,
                         note_tags(deck, first, "cloze"), first.topic)]
    notes = []
    by_sentence: dict[str, list[_Gap]] = {}
    for item in items:
        gap = _as_gap(item)
        if gap is None:  # no blank to turn into a gap: ask it as a flashcard
            fields = (h(item.prompt), _back_of(item), "", "", *_common(deck, item))
            notes.append(NoteSpec(NoteType.FLASHCARD, _guid(deck.id, item.id), fields,
                                  note_tags(deck, item, "cloze"), item.topic))
        else:
            by_sentence.setdefault(gap.sentence, []).append(gap)
    for sentence, gaps in by_sentence.items():
        merged = _gaps_text(sentence, gaps)
        groups = [gaps] if merged is not None else [[g] for g in gaps]
        for group in groups:
            lead = group[0].item
            body = merged if len(groups) == 1 else _gaps_text(sentence, group)
            fields = (body or "", *_common(deck, lead))
            notes.append(NoteSpec(NoteType.CLOZE, _guid(deck.id, lead.id), fields,
                                  note_tags(deck, lead, "cloze"), lead.topic))
    return notes


def build_notes(deck: Deck, items: Iterable[Item]) -> list[NoteSpec]:
    """The Anki notes for a deck's items, in a stable order (see module doc)."""
    flash: dict[str, list[Item]] = defaultdict(list)
    cloze: dict[str, list[Item]] = defaultdict(list)
    # a grouped note takes the place of its first item: (kind, fact) placeholder
    notes: list[NoteSpec | tuple[str, str]] = []
    for item in items:
        kind = item.kind.value
        fact = item.fact_ids[0] if item.fact_ids else item.id
        if kind in ("flashcard", "cloze"):
            group = flash if kind == "flashcard" else cloze
            if fact not in group:
                notes.append((kind, fact))
            group[fact].append(item)
        elif kind in _CHOICE_KINDS:
            notes.append(_choice_note(deck, item, _CHOICE_KINDS[kind]))
        elif kind == "true_false":
            notes.append(_true_false_note(deck, item))
        else:  # numeric, matching, ordering
            fields = (h(item.prompt), _back_of(item), "", "", *_common(deck, item))
            notes.append(NoteSpec(NoteType.FLASHCARD, _guid(deck.id, item.id), fields,
                                  note_tags(deck, item, kind), item.topic))
    out: list[NoteSpec] = []
    facts = {f.id: f for f in deck.facts}
    for n in notes:
        if isinstance(n, NoteSpec):
            out.append(n)
        elif n[0] == "flashcard":
            out.extend(_flashcard_notes(deck, flash[n[1]]))
        else:
            out.extend(_cloze_notes(deck, facts.get(n[1]), n[1], cloze[n[1]]))
    seen: set[str] = set()
    for spec in out:  # two items with one id would silently merge in Anki
        if spec.guid in seen:
            raise ExportError(f"two Anki notes share the id {spec.guid!r}; check the deck's fact ids")
        seen.add(spec.guid)
    return out


# --------------------------------------------------------------------------
# Previous export (the baseline for note mod times)


@dataclass(frozen=True)
class Baseline:
    """The notes and note types of the previous export at the output path."""

    notes: dict[str, tuple[int, int, str, str]]  # guid -> (mod, mid, flds, tags)
    models: dict[int, tuple[int, str]]  # model id -> (mod, signature)

    @classmethod
    def empty(cls) -> Baseline:
        return cls({}, {})


def _model_signature(m: dict[str, Any]) -> str:
    """What of a note type, when changed, must reach a student's collection."""
    sig = {
        "name": m.get("name"),
        "type": m.get("type"),
        "css": m.get("css"),
        "flds": [f.get("name") for f in m.get("flds", [])],
        "tmpls": [(t.get("name"), t.get("qfmt"), t.get("afmt")) for t in m.get("tmpls", [])],
    }
    return json.dumps(sig, sort_keys=True)


def read_baseline(path: Path) -> Baseline:
    """Read a previous ``.apkg`` we wrote; an absent file is an empty baseline."""
    import sqlite3

    if not path.exists():
        return Baseline.empty()
    try:
        with zipfile.ZipFile(path) as zf:
            rows, models_json = _read_db_bytes(zf.read("collection.anki2"))
        notes = {g: (mod, mid, flds, tags) for g, mod, mid, flds, tags in rows}
        models = {int(mid): (int(m.get("mod", 0)), _model_signature(m))
                  for mid, m in json.loads(models_json).items()}
    except (zipfile.BadZipFile, KeyError, sqlite3.Error, OSError, TypeError, ValueError,
            AttributeError) as exc:
        raise ExportError(
            f"{path} exists but is not a readable .apkg ({exc}); move it away or choose another -o"
        ) from None
    return Baseline(notes, models)


def _read_db_bytes(data: bytes) -> tuple[list[tuple[Any, ...]], str]:
    """The notes rows and the models JSON of a collection file's bytes."""
    import sqlite3

    def read(conn: Any) -> tuple[list[tuple[Any, ...]], str]:
        try:
            rows = conn.execute("SELECT guid, mod, mid, flds, tags FROM notes").fetchall()
            (models_json,) = conn.execute("SELECT models FROM col").fetchone()
            return rows, models_json
        finally:
            conn.close()

    if hasattr(sqlite3.Connection, "deserialize"):  # Python 3.11+: no temporary file
        conn = sqlite3.connect(":memory:")
        conn.deserialize(data)
        return read(conn)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        db.write_bytes(data)
        return read(sqlite3.connect(db))


def _note_mod(baseline: Baseline, guid: str, mid: int, flds: str, tags: str) -> tuple[int, str]:
    prev = baseline.notes.get(guid)
    if prev is None:
        return BASE_MOD, "new"
    mod, pmid, pflds, ptags = prev
    if pmid == mid and pflds == flds and ptags == tags:
        return mod, "same"
    return max(mod + 1, BASE_MOD), "changed"


# --------------------------------------------------------------------------
# Writing


def _anki_deck_id(deck_id: str, topic_id: str) -> int:
    raw = f"{DECK_ID_SALT}\x1f{deck_id}\x1f{topic_id}".encode()
    return (1 << 30) + int.from_bytes(hashlib.sha256(raw).digest()[:8], "big") % (1 << 30)


def _deck_name(title: str) -> str:
    # '::' inside a title would create an unintended subdeck level
    return " ".join(title.replace("::", ":").split()) or "Untitled"


def _genanki_models(baseline: Baseline) -> dict[NoteType, Any]:
    import genanki

    class _Model(genanki.Model):  # type: ignore[misc]
        mod = BASE_MOD

        def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
            return super().to_json(self.mod, deck_id)

    models = {}
    for nt in NoteType:
        model = _Model(
            MODEL_IDS[nt],
            MODEL_NAMES[nt],
            fields=[{"name": n} for n in MODEL_FIELDS[nt]],
            templates=[{"name": n, "qfmt": q, "afmt": a} for n, q, a in MODEL_TEMPLATES[nt]],
            css=CSS,
            model_type=genanki.Model.CLOZE if nt is NoteType.CLOZE else genanki.Model.FRONT_BACK,
        )
        prev = baseline.models.get(MODEL_IDS[nt])
        if prev is not None:
            sig = _model_signature(model.to_json(BASE_MOD, 0))
            model.mod = prev[0] if prev[1] == sig else max(prev[0] + 1, BASE_MOD)
        models[nt] = model
    return models


def _write_zip(db: Path, path: Path, comment: str) -> None:
    """A reproducible zip: fixed entry dates and attributes, atomic replace.

    ``comment`` names the SQLite that wrote the collection: another SQLite
    version may lay the same rows out in different bytes. The collection is
    copied from its file in chunks, never held in memory whole.
    """
    tmp = path.with_name(path.name + ".tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            zf.comment = comment.encode()
            for name, source in (("collection.anki2", db), ("media", None)):
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                # stored, like genanki: deflate (8x smaller) would cost ~8% of
                # the export time, and export must keep within 1.2x of genanki
                if source is None:
                    zf.writestr(info, b"{}")
                    continue
                info.file_size = source.stat().st_size
                with open(source, "rb") as src, zf.open(info, "w") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror}") from None


def export_deck(deck: Deck, items: Iterable[Item], out_dir: str | Path,
                *, baseline: Baseline | None = None) -> ExportResult:
    """Write ``out_dir/DECK_ID.apkg`` for ``items`` of ``deck``.

    ``baseline`` defaults to the file being replaced (see module doc).
    """
    from ..generators.cache import gc_paused

    # hundreds of thousands of acyclic objects (note texts, genanki notes and
    # cards): the cyclic collector would re-walk all of them again and again
    with gc_paused():
        return _export_deck(deck, items, out_dir, baseline=baseline)


def _export_deck(deck: Deck, items: Iterable[Item], out_dir: str | Path,
                 *, baseline: Baseline | None = None) -> ExportResult:
    """Write ``out_dir/DECK_ID.apkg`` for ``items`` of ``deck``.

    ``baseline`` defaults to the file being replaced (see module doc).
    """
    import sqlite3

    import genanki

    path = output_file(out_dir, f"{deck.id}.apkg")
    if baseline is None:
        baseline = read_baseline(path)
    specs = build_notes(deck, items)
    models = _genanki_models(baseline)

    class _Note(genanki.Note):  # type: ignore[misc]
        mod = BASE_MOD

        def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
            super().write_to_db(cursor, self.mod, deck_id, id_gen)

        def _check_invalid_html_tags_in_fields(self) -> None:
            # genanki's per-field regex only warns about unescaped text; every
            # field here is built from escaped text (tests check that), and the
            # saved time pays for building the HTML
            pass

    parent_name = _deck_name(deck.title)
    topics = {t.id: t.title for t in deck.topics}
    gdecks: dict[str, Any] = {}
    parent = genanki.Deck(_anki_deck_id(deck.id, ""), parent_name, description=h(deck.description))
    result = ExportResult(path=path)
    for spec in specs:
        gdeck = gdecks.get(spec.subdeck)
        if gdeck is None:
            name = f"{parent_name}::{_deck_name(topics.get(spec.subdeck, spec.subdeck))}"
            gdeck = gdecks[spec.subdeck] = genanki.Deck(_anki_deck_id(deck.id, spec.subdeck), name)
        model = models[spec.note_type]
        note = _Note(model=model, fields=list(spec.fields), tags=list(spec.tags), guid=spec.guid)
        if baseline.notes:
            note.mod, state = _note_mod(baseline, spec.guid, model.model_id, "\x1f".join(spec.fields),
                                        note._format_tags())
        else:  # no previous export: every note is new (no fields and tags to join and compare)
            note.mod, state = BASE_MOD, "new"
        result.new += state == "new"
        result.changed += state == "changed"
        gdeck.add_note(note)
        ncards = len(note.cards)
        result.notes += 1
        result.cards += ncards
        key = MODEL_NAMES[spec.note_type]
        result.cards_by_type[key] = result.cards_by_type.get(key, 0) + ncards
        if not ncards:
            raise ExportError(f"an Anki note of fact {spec.fields[-1]} would have no card "
                              "(empty question); check the fact's text")
    package = genanki.Package([parent, *gdecks.values()])
    with tempfile.TemporaryDirectory() as tmp:
        db = _collection_file(package, Path(tmp))
        _write_zip(db, path, comment=f"factdrill; sqlite {sqlite3.sqlite_version} file")
    return result


def _collection_file(package: Any, folder: Path) -> Path:
    """Write the package's ``collection.anki2`` into ``folder``; return its path.

    A scratch file with journaling and fsync off (it is zipped at once and
    deleted, so durability buys nothing): as fast as an in-memory database,
    and it is streamed into the zip rather than held in memory twice
    (an in-memory database plus its serialized copy was ~150 MB at 100k notes).
    """
    import sqlite3

    db = folder / "collection.anki2"
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        package.write_to_db(conn.cursor(), BASE_MOD, itertools.count(BASE_MOD * 1000))
        conn.commit()
    finally:
        conn.close()
    return db


# --------------------------------------------------------------------------
# Command


@click.command("anki")
@click.argument("decks", nargs=-1)
@click.option("-o", "--output", "out_dir", default="exports", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the .apkg files.")
@click.option("--seed", default=0, show_default=True, type=int,
              help="Seed for option order and distractors (fixed: reproducible files).")
@click.option("--previous", type=click.Path(dir_okay=False, exists=True),
              help="Earlier export to continue from (default: the file being replaced).")
def command(decks: tuple[str, ...], out_dir: str, seed: int, previous: str | None) -> None:
    """Write one Anki package (.apkg) per deck (default: the flagship deck).

    \b
    Re-importing into Anki updates the notes whose facts changed and keeps
    review history; unchanged notes (and your own edits to them) are left
    alone. Export over the previous file (or name it with --previous) so
    changed notes come out newer than the ones students already have.
    Example:
        factdrill export anki -o exports
    """
    from ..errors import FactdrillError

    try:
        base = read_baseline(Path(previous)) if previous else None
        if base is not None and len(decks) > 1:
            raise ExportError("--previous names one earlier export: export one deck at a time")
        for deck, items in _load(decks, seed):
            res = export_deck(deck, items, out_dir, baseline=base)
            shown = Path(out_dir) / res.path.name
            counts = f"{res.notes} notes, {res.cards} cards ({res.new} new, {res.changed} changed)"
            line = f"{shown}: {counts}"
            click.echo(line if len(line) <= 80 else f"{shown}:\n  {counts}")
    except FactdrillError as exc:
        error = click.ClickException(str(exc))
        error.exit_code = exc.exit_code
        raise error from None


def _load(names: Sequence[str], seed: int) -> Iterable[tuple[Deck, list[Item]]]:
    """Each named deck (default: the flagship) with its generated items."""
    from ..generators.cache import deck_and_items
    from ..deck.loader import resolve_deck

    for path in _deck_paths(names, resolve_deck):
        yield deck_and_items(path, seed=seed)  # cached by content hash and seed


def _deck_paths(names: Sequence[str], resolve_deck: Any) -> list[Any]:
    if names:
        return [resolve_deck(n) for n in names]
    return [resolve_deck(None)]


__all__ = ["export_deck", "build_notes", "read_baseline", "command", "slug_tag"]
