"""Items -> Anki notes (pure data): which item becomes which note, with
what fields and tags (see :mod:`factdrill.exporters.anki` for the rules)."""

from __future__ import annotations

import hashlib
import html
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...deck.facts import Source
from ...errors import ExportError
from ...generators.keys import clean
from ...generators.keys import letter as _letter
from .. import hierarchical_tag
from ...generators.keys import fresh_explanation
from .models import NoteType

if TYPE_CHECKING:
    from ...deck.facts import Deck, Fact
    from ...generators.items import Item

_CHOICE_KINDS = {"mcq": NoteType.MCQ, "scenario": NoteType.MCQ, "numeric_mcq": NoteType.MCQ,
                 "sata": NoteType.SATA}


@dataclass(frozen=True)
class NoteSpec:
    """One Anki note before genanki sees it: pure data, easy to test."""

    note_type: NoteType
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    subdeck: str  # topic id
    # The item each card of the note asks, by card ordinal ("" for none):
    # how Anki's cards map back to our cards and items (progress both ways).
    card_items: tuple[str, ...] = field(default=(), compare=False)



@lru_cache(maxsize=8192)  # explanations and options repeat across a fact's items
def h(text: str) -> str:
    """Deck text as HTML: escaped, line breaks kept."""
    if type(text) is str and not _SPECIAL.search(text):  # most texts: one scan, nothing to change
        return text
    return html.escape(clean(text), quote=True).replace("\n", "<br>")


# what h changes: HTML's specials, line breaks, and what clean() replaces
_SPECIAL = re.compile("[&<>\"'\n\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


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


# genanki's base-91 digits (genanki.util.BASE91_TABLE)
_BASE91 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"


def _guid(*parts: str) -> str:
    """genanki's GUID of our stable identity parts, ``guid_for("factdrill", *parts)``.

    The same hash and base-91 digits, two digits a step from a table and
    without genanki's per-byte loop (a GUID for every note was a tenth of
    building an export's notes); a test holds it equal to genanki's.
    """
    n = int.from_bytes(hashlib.sha256("__".join(("factdrill", *parts)).encode()).digest()[:8], "big")
    out = []
    while n:
        n, r = divmod(n, 8281)
        out.append(_BASE91_PAIRS[r])
    # genanki writes no leading zero digit ("a"); a pair may bring one
    return "".join(reversed(out)).lstrip("a")


_BASE91_PAIRS = [a + b for a in _BASE91 for b in _BASE91]  # 91 * 91 = 8281 two-digit strings


def _common(deck: Deck, item: Item) -> tuple[str, str, str]:
    """The Explanation, Source and FactId fields every note type ends with.

    Each is rendered once per distinct value (a fact's items share their
    sources and fact ids, and mostly their explanation).
    """
    key = (item.explanation, tuple([o.rationale for o in item.options if o.correct]))
    why = _FRESH.get(key)
    if why is None:
        why = _FRESH[_bounded(_FRESH, key)] = h(fresh_explanation(item))
    global _SOURCES_OF
    if _SOURCES_OF is not deck.sources:  # rendered from this deck's references only
        _SOURCES.clear()
        _SOURCES_OF = deck.sources
    srcs = _SOURCES.get(item.sources)
    if srcs is None:
        srcs = _SOURCES[_bounded(_SOURCES, item.sources)] = sources_html(deck, item.sources)
    ids = _IDS.get(item.fact_ids)
    if ids is None:
        ids = _IDS[_bounded(_IDS, item.fact_ids)] = h(", ".join(item.fact_ids))
    return (why, srcs, ids)


_FRESH: dict[tuple[str, tuple[str, ...]], str] = {}  # (explanation, key rationales) -> its HTML
_SOURCES: dict[tuple[str, ...], str] = {}  # source keys -> the Source field, for the deck's
_SOURCES_OF: Any = None  # ... references (held, so never another deck's at the same address)
_IDS: dict[tuple[str, ...], str] = {}  # fact ids -> the FactId field


def _bounded(memo: dict[Any, str], key: Any) -> Any:
    """``key``, after emptying ``memo`` if it has grown large (a bounded cache)."""
    if len(memo) > 4096:
        memo.clear()
    return key


def _strip_suffix(text: str, suffix: str) -> str:
    """``text`` without a trailing ``suffix`` (case-insensitive)."""
    if text.rstrip().lower().endswith(suffix):
        return text.rstrip()[: -len(suffix)].rstrip()
    return text


_LETTERS = [_letter(i) for i in range(26)]
_OK = "<span class=\"fd-ok\">Correct</span>"
_NO = "<span class=\"fd-no\">Wrong</span>"


def _choice_note(deck: Deck, item: Item, note_type: NoteType) -> NoteSpec:
    """Options as a lettered list; the key and each option's rationale on the back."""
    lis, keys, rats = [], [], []
    for i, o in enumerate(item.options):  # one pass: this is the hottest loop of an export
        letter = _LETTERS[i] if i < 26 else _letter(i)
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
                    note_tags(deck, item, item.kind.value), item.topic, (item.id,))


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
                    note_tags(deck, item, item.kind.value), item.topic, (item.id,))


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
    if kind != "numeric" and item.also_accepted:
        back += "<div class=\"fd-instr\">Also accepted: " + h(", ".join(item.also_accepted)) + "</div>"
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
                              note_tags(deck, front, "flashcard"), front.topic,
                              (front.id, back.id) if back else (front.id,)))
    return notes


def _statement_cloze_text(fact: Fact | None) -> str | None:
    """The statement's gaps as ``{{cN::answer::hint}}``, or None if not a statement."""
    from ...deck.markup import parse_gaps

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


def _statement_gap_items(deck: Deck, fact_id: str, text: str, items: Sequence[Item]) -> tuple[str, ...]:
    """The item of each ``{{cN}}`` gap of a statement note (gap N is card N-1).

    Gaps are numbered over all of the statement's gaps, and the cloze
    generator names gap i's item by the variant ``gap{i}``.
    """
    from ...generators.items import item_id

    ours = {it.id for it in items}
    count = text.count("{{c")
    ids = (item_id(deck.id, fact_id, "cloze", f"gap{i}") for i in range(count))
    return tuple(i if i in ours else "" for i in ids)


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
                         note_tags(deck, first, "cloze"), first.topic,
                         _statement_gap_items(deck, fact_id, text, items))]
    notes = []
    by_sentence: dict[str, list[_Gap]] = {}
    for item in items:
        gap = _as_gap(item)
        if gap is None:  # no blank to turn into a gap: ask it as a flashcard
            fields = (h(item.prompt), _back_of(item), "", "", *_common(deck, item))
            notes.append(NoteSpec(NoteType.FLASHCARD, _guid(deck.id, item.id), fields,
                                  note_tags(deck, item, "cloze"), item.topic, (item.id,)))
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
                                  note_tags(deck, lead, "cloze"), lead.topic,
                                  tuple(g.item.id for g in group)))
    return notes


def build_notes(deck: Deck, items: Iterable[Item], facts: Mapping[str, Fact] | None = None) -> list[NoteSpec]:
    """The Anki notes for a deck's items, in a stable order (see module doc).

    ``facts`` (default: the deck's) are those a statement's cloze note is
    made from: the items' own facts suffice, so a fact's notes can be built
    from it and its items alone (a fact's items never share a note with
    another fact's).
    """
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
        elif kind in _JUDGMENT:  # grids, bowties, cases...: judgment_notes.py
            notes.append(_judgment_note(deck, item))
        elif kind in _CHOICE_KINDS:
            notes.append(_choice_note(deck, item, _CHOICE_KINDS[kind]))
        elif kind == "true_false":
            notes.append(_true_false_note(deck, item))
        else:  # numeric, matching, ordering
            fields = (h(item.prompt), _back_of(item), "", "", *_common(deck, item))
            notes.append(NoteSpec(NoteType.FLASHCARD, _guid(deck.id, item.id), fields,
                                  note_tags(deck, item, kind), item.topic, (item.id,)))
    out: list[NoteSpec] = []
    if facts is None:
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


_JUDGMENT = frozenset({"priority", "teaching", "highlight", "matrix_mc", "matrix_mr", "dropdown", "rationale",
                       "bowtie", "action_order", "case"})


def _judgment_note(deck: Deck, item: Item) -> NoteSpec:
    from .judgment_notes import Kit, judgment_note

    def spec(note_type: NoteType, it: Item, fields: Sequence[str]) -> NoteSpec:
        return NoteSpec(note_type, _guid(deck.id, it.id), tuple(fields), note_tags(deck, it, it.kind.value),
                        it.topic, (it.id,))

    return judgment_note(deck, item, Kit(h=h, spec=spec, common=_common, choice_note=_choice_note))


def card_items(deck: Deck, items: Iterable[Item]) -> dict[tuple[str, int], Item]:
    """Which item each Anki card asks: (note GUID, card ordinal) -> item.

    The same rules as :func:`build_notes`, so a card in a student's
    collection leads back to our item and, through ``item.card``, to the
    card the drill schedules.
    """
    items = list(items)
    by_id = {it.id: it for it in items}
    out: dict[tuple[str, int], Item] = {}
    for spec in build_notes(deck, items):
        for ord_, iid in enumerate(spec.card_items):
            if iid in by_id:
                out[(spec.guid, ord_)] = by_id[iid]
    return out
