"""Anki packages (.apkg): Basic and Cloze notes, read with zipfile and sqlite3.

An ``.apkg`` is a zip holding the SQLite collection ``collection.anki2`` (or
``collection.anki21``). Note types are read from the collection, so any deck
works: a note type with a cloze template gives statements (``{{c1::a::h}}``
becomes ``{{a::h}}``), any other gives front/back cards from its ``Front``
and ``Back`` fields (else its first two), asked both ways when the note type
has a second card template. Tags, else the note's subdeck, give the topic.

Packages made by ``factdrill export anki`` are read as what they are: the
flashcard notes give back their terms (both sides, with aliases), fact ids,
explanations, topics and cited references; statement clozes give back their
statements with the false variants of their true/false notes; the choice,
numeric, matching and ordering notes are left out, since their facts come
back from the flashcards.

Anki's newest package format (``collection.anki21b``, zstd-compressed) is
refused with the way out: export again with "Support older Anki versions".
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from .cards import Card, CardSet, ImportProblem
from .files import kind_tag, split_aliases, topic_tag
from .htmltext import links, plain

MAX_COLLECTION = 512 * 1024 * 1024
_CLOZE = re.compile(r"\{\{c\d+::(.*?)\}\}", re.S)


def _cloze_text(html: str) -> str:
    """Anki cloze markup as statement gaps, as plain text."""
    def gap(m: re.Match[str]) -> str:
        answer, _, hint = m.group(1).partition("::")
        answer, hint = plain(answer), plain(hint)
        return "{{" + answer + (f"::{hint}" if hint else "") + "}}"

    out, pos = [], 0
    for m in _CLOZE.finditer(html):
        out.append(plain(html[pos : m.start()]))
        out.append(gap(m))
        pos = m.end()
    out.append(plain(html[pos:]))
    # plain() trims each piece; put back the spaces the markup had around gaps
    text = ""
    for piece, raw in zip(out, _pieces(html)):
        if text and raw[:1].isspace():
            text += " "
        text += piece
        if raw[-1:].isspace():
            text += " "
    return " ".join(text.split())


def _pieces(html: str) -> list[str]:
    pieces, pos = [], 0
    for m in _CLOZE.finditer(html):
        pieces.append(html[pos : m.start()])
        pieces.append(m.group(0))
        pos = m.end()
    pieces.append(html[pos:])
    return pieces


def _open(path: Path, tmp: Path) -> sqlite3.Connection:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "collection.anki21b" in names:
                raise ImportProblem(
                    f"{path}: the package uses Anki's newest (compressed) format; in Anki choose "
                    "File > Export, tick 'Support older Anki versions' and import that file"
                )
            name = next((n for n in ("collection.anki21", "collection.anki2") if n in names), None)
            if name is None:
                raise ImportProblem(f"{path}: the zip holds no Anki collection; is it an .apkg?")
            if z.getinfo(name).file_size > MAX_COLLECTION:
                raise ImportProblem(f"{path}: the collection is larger than {MAX_COLLECTION >> 20} MB")
            with z.open(name) as src, (tmp / "collection.db").open("wb") as dst:
                shutil.copyfileobj(src, dst)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        if isinstance(exc, ImportProblem):
            raise
        raise ImportProblem(f"{path}: not an Anki package (an .apkg is a zip file): {exc}") from None
    return sqlite3.connect(f"file:{tmp / 'collection.db'}?mode=ro", uri=True)


def _models(db: sqlite3.Connection) -> dict[int, dict[str, Any]]:
    """Note types by id: name, field names, number of templates, whether cloze."""
    raw = db.execute("select models from col").fetchone()
    models = json.loads(raw[0]) if raw and raw[0] else {}
    out = {}
    for mid, m in models.items():
        out[int(mid)] = {
            "name": m.get("name", ""),
            "fields": [f.get("name", "") for f in sorted(m.get("flds", []), key=lambda f: f.get("ord", 0))],
            "templates": len(m.get("tmpls", [])),
            "cloze": m.get("type") == 1,
        }
    if not out:  # a newer schema keeps note types in their own tables
        for ntid, name in db.execute("select id, name from notetypes"):
            fields = [r[0] for r in db.execute("select name from fields where ntid=? order by ord", (ntid,))]
            n = db.execute("select count(*) from templates where ntid=?", (ntid,)).fetchone()[0]
            out[ntid] = {"name": name, "fields": fields, "templates": n, "cloze": None}
    return out


def _deck_names(db: sqlite3.Connection) -> dict[int, str]:
    raw = db.execute("select decks from col").fetchone()
    decks = json.loads(raw[0]) if raw and raw[0] else {}
    if decks:
        return {int(k): v.get("name", "") for k, v in decks.items()}
    return {did: name.replace("\x1f", "::") for did, name in db.execute("select id, name from decks")}


def read(path: Path) -> CardSet:
    """The Basic and Cloze notes of an Anki package as cards."""
    tmp = Path(tempfile.mkdtemp(prefix="factdrill-apkg-"))
    try:
        db = _open(path, tmp)
        try:
            return _read(db, path)
        except sqlite3.DatabaseError as exc:
            raise ImportProblem(f"{path}: not a readable Anki collection ({exc})") from None
        finally:
            db.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _read(db: sqlite3.Connection, path: Path) -> CardSet:
    models = _models(db)
    decks = _deck_names(db)
    note_deck = dict(db.execute("select nid, min(did) from cards group by nid"))
    notes = db.execute("select id, mid, tags, flds from notes order by id").fetchall()
    cards: list[Card] = []
    skipped: Counter = Counter()
    false_variants: dict[str, list[str]] = {}
    flash_facts: set[str] = set()
    pending_cloze: list[tuple[str | None, Card]] = []
    top = Counter(decks.get(note_deck.get(nid, 0), "").split("::")[0] for nid, *_ in notes)
    for number, (nid, mid, tags_text, flds) in enumerate(notes, 1):
        model = models.get(mid)
        if model is None:
            skipped["notes of an unknown note type"] += 1
            continue
        values = dict(zip(model["fields"], flds.split("\x1f")))
        tags = tuple(tags_text.split())
        deck_name = decks.get(note_deck.get(nid, 0), "")
        subdeck = deck_name.split("::")[-1] if "::" in deck_name else None
        topic_id = topic_tag(tags)
        topic = (topic_id, subdeck or topic_id) if topic_id else (
            None if tags else ((_slug(subdeck), subdeck) if subdeck else None))
        if model["name"].startswith("factdrill "):
            _factdrill_note(model["name"], values, number, tags, topic, cards, skipped,
                            false_variants, flash_facts, pending_cloze)
            continue
        first = flds.split("\x1f")[0]
        is_cloze = model["cloze"] if model["cloze"] is not None else bool(_CLOZE.search(first))
        if is_cloze:
            text_html = values.get("Text", first)
            if not _CLOZE.search(text_html):
                skipped["cloze notes without a gap"] += 1
                continue
            extra = plain(values.get("Back Extra", values.get("Extra", ""))) or None
            cards.append(Card(plain(_CLOZE.sub("", text_html)), "", number, tags,
                              cloze=_cloze_text(text_html), explanation=extra, topic=topic))
            continue
        fields = [v for v in flds.split("\x1f")]
        front = plain(values.get("Front", fields[0] if fields else ""))
        back = plain(values.get("Back", fields[1] if len(fields) > 1 else ""))
        if not front or not back:
            skipped["notes with an empty front or back"] += 1
            continue
        cards.append(Card(front, back, number, tags, reverse=model["templates"] >= 2, topic=topic))
    terms = {c.fact_id: c for c in cards if c.fact_id and c.cloze is None}
    for fact_id, card in pending_cloze:
        if fact_id in flash_facts:
            _term_case(terms.get(fact_id), card.cloze or "")
            skipped["cloze notes of terms and mappings"] += 1
            continue
        card.false_variants = false_variants.get(fact_id or "", [])
        cards.append(card)
    cards.sort(key=lambda c: c.line)
    title = top.most_common(1)[0][0] if top else path.stem
    result = CardSet(path.name, title or path.stem, cards,
                     {"title": title or path.stem, "publisher": f"Anki package ({path.name})"})
    result.skipped = skipped
    return result


_TERM_CLOZE = re.compile(r"^The term \{\{(.+?)\}\} means (.*?)\.?$")


def _term_case(term: Card | None, cloze: str) -> None:
    """A flashcard shows a term and its definition capitalised; the term's cloze
    ("The term {{x}} means ...") still has them as written, so take them from it."""
    m = _TERM_CLOZE.match(cloze)
    if term is None or not m:
        return
    written = m.group(1).partition("::")[0]
    if written.casefold() == term.front.casefold():
        term.front = written
    definition = re.sub(r"\{\{(.+?)\}\}", lambda g: g.group(1).partition("::")[0], m.group(2))
    if definition.casefold() == term.back.rstrip(".").casefold():
        term.back = definition


def _slug(text: str) -> str:
    from .cards import slug

    return slug(text)


def _factdrill_note(model: str, v: dict[str, str], number: int, tags: tuple[str, ...],
                    topic, cards: list[Card], skipped: Counter, false_variants: dict[str, list[str]],
                    flash_facts: set[str], pending_cloze: list) -> None:
    """One note of a factdrill export (see the module doc for what is kept)."""
    from ..draft.references import parse_reference

    fact_id = plain(v.get("FactId", "")).split(",")[0].strip() or None
    kind = kind_tag(tags) or ""
    sources = []
    for href, text in links(v.get("Source", "")):
        citation = parse_reference(text)
        if href and href.startswith("https://doi.org/") and "doi" not in citation:
            citation["doi"] = href[len("https://doi.org/"):]
        sources.append(citation)
    explanation = plain(v.get("Explanation", "")) or None
    common = dict(tags=tags, explanation=explanation, fact_id=fact_id, topic=topic, sources=tuple(sources))
    if model == "factdrill Flashcard" and kind == "flashcard":
        back, aliases = split_aliases(plain(v.get("ReverseBack", "")))
        cards.append(Card(plain(v.get("Front", "")), plain(v.get("Back", "")), number,
                          reverse=bool(plain(v.get("ReverseFront", ""))), aliases=aliases, **common))
        if fact_id:
            flash_facts.add(fact_id)
    elif model == "factdrill Cloze" and kind == "cloze":
        text = v.get("Text", "")
        pending_cloze.append((fact_id, Card(plain(_CLOZE.sub("", text)), "", number,
                                            cloze=_cloze_text(text), **common)))
    elif model == "factdrill True or false" and fact_id:
        if plain(v.get("Answer", "")) == "False":
            false_variants.setdefault(fact_id, []).append(plain(v.get("Statement", "")))
        skipped["true/false notes (their statements come back from the cloze notes)"] += 1
    else:
        skipped[f"{kind or model} notes"] += 1
