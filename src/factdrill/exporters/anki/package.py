"""Writing the ``.apkg``: the previous export as the baseline for note mod
times, genanki models and notes, and a reproducible zip (see
:mod:`factdrill.exporters.anki` for why mod times are kept)."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import ExportError
from .. import output_file
from .models import BASE_MOD, CSS, DECK_ID_SALT, MODEL_FIELDS, MODEL_IDS, MODEL_NAMES, MODEL_TEMPLATES, NoteType
from ...generators.keys import flat
from .notes import NoteSpec, build_notes, h
from .progress import CardProgress, write_progress

if TYPE_CHECKING:
    from ...deck.facts import Deck
    from ...generators.items import Item


@dataclass
class ExportResult:
    """What an export wrote, for the command's summary line and for tests."""

    path: Path
    notes: int = 0
    cards: int = 0
    new: int = 0  # notes absent from the previous export
    changed: int = 0  # notes whose content differs from the previous export
    cards_by_type: dict[str, int] = field(default_factory=dict)
    scheduled: int = 0  # with progress: Anki cards given a schedule
    answers: int = 0  # with progress: review log rows written
    continued: bool = False  # note versions continue from a previous export



@dataclass(frozen=True)
class Baseline:
    """The notes and note types of the previous export at the output path."""

    notes: dict[str, tuple[int, int, bytes]]  # guid -> (mod, mid, digest of flds and tags)
    models: dict[int, tuple[int, str]]  # model id -> (mod, signature)

    @classmethod
    def empty(cls) -> Baseline:
        return cls({}, {})


def note_digest(flds: str, tags: str) -> bytes:
    """What of a note, when changed, must reach a student's collection: its
    fields and tags (a digest: a 100k-note baseline would hold every note's
    text a second time)."""
    return hashlib.blake2b(f"{flds}\x1e{tags}".encode(), digest_size=16).digest()


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


# A previous export is read into memory: its size and its collection's are
# capped (a zip bomb, or a huge file, would otherwise exhaust memory).
MAX_PREVIOUS_BYTES = 1024 * 1024 * 1024


def read_baseline(path: Path) -> Baseline:
    """Read a previous ``.apkg`` we wrote; an absent file is an empty baseline.

    The collection is copied out of the zip to a scratch file in chunks and
    read a row at a time: the package is never held in memory, nor twice.
    """
    import sqlite3

    from ...safeio import FileRefused, kind_of

    if not os.path.lexists(path):
        return Baseline.empty()
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(f"it is {kind_of(st.st_mode)}")
        if st.st_size > MAX_PREVIOUS_BYTES:
            raise FileRefused("it is over 1 GB")
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "collection.anki2"
            with zipfile.ZipFile(path) as zf:
                info = zf.getinfo("collection.anki2")
                if info.file_size > MAX_PREVIOUS_BYTES:  # a zip bomb: small file, huge entry
                    raise FileRefused(f"its collection would unpack to {info.file_size:,} bytes")
                with zf.open(info) as src, open(db, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
            conn = sqlite3.connect(db)
            try:
                notes = {g: (mod, mid, note_digest(flds, tags))
                         for g, mod, mid, flds, tags in conn.execute("SELECT guid, mod, mid, flds, tags FROM notes")}
                (models_json,) = conn.execute("SELECT models FROM col").fetchone()
            finally:
                conn.close()
        models = {int(mid): (int(m.get("mod", 0)), _model_signature(m))
                  for mid, m in json.loads(models_json).items()}
    except (zipfile.BadZipFile, KeyError, sqlite3.Error, OSError, TypeError, ValueError,
            AttributeError, RecursionError, FileRefused, EOFError, NotImplementedError) as exc:
        why = "nested too deeply" if isinstance(exc, RecursionError) else " ".join(str(exc).split())[:200]
        raise ExportError(
            f"{path} exists but is not a readable .apkg ({why}); move it away or choose another -o"
        ) from None
    return Baseline(notes, models)


# --------------------------------------------------------------------------
# Writing


def _anki_deck_id(deck_id: str, topic_id: str) -> int:
    raw = f"{DECK_ID_SALT}\x1f{deck_id}\x1f{topic_id}".encode()
    return (1 << 30) + int.from_bytes(hashlib.sha256(raw).digest()[:8], "big") % (1 << 30)


def _deck_name(title: str) -> str:
    # '::' inside a title would create an unintended subdeck level
    return flat(title.replace("::", ":")) or "Untitled"


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
    from ..outputs import write_file

    def write(out: Any) -> None:
        with zipfile.ZipFile(out, "w") as zf:
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

    write_file(path, write)  # a new file, renamed over the old one: never half a package


# A note as the writer needs it (and as the items database keeps it, per
# fact, between exports; see :mod:`.kept`): its note type (index into
# NOTE_TYPES), GUID, fields joined by 0x1f, the first field's length (the sort
# field), genanki's tags column, the digest of fields and tags the previous
# export is compared by, and its card ordinals in genanki's order.
NoteRow = tuple[int, str, str, int, str, bytes, tuple[int, ...]]
NOTE_TYPES: tuple[NoteType, ...] = tuple(NoteType)
_TYPE_INDEX = {nt: i for i, nt in enumerate(NOTE_TYPES)}


def note_row(spec: NoteSpec, cards_of: Any) -> NoteRow:
    """The writer's row of a note (its tags and cards by genanki's rules)."""
    tags = _format_tags(spec.tags)
    ords = cards_of(spec)
    if not ords:
        raise ExportError(f"an Anki note of fact {spec.fields[-1]} would have no card "
                          "(empty question); check the fact's text")
    flds = "\x1f".join(spec.fields)
    return (_TYPE_INDEX[spec.note_type], spec.guid, flds, len(spec.fields[0]), tags, note_digest(flds, tags),
            tuple(ords))


@dataclass
class NoteSource:
    """The notes to write, a subdeck at a time (genanki's order).

    ``subdecks``: each topic id with the note types of its notes, both in
    order of first appearance; ``rows(topic)``: that subdeck's notes in
    order. Built in memory (:func:`memory_notes`) or read from the items
    database (:mod:`.kept`), so a 100k-note deck need not hold every note.
    """

    subdecks: list[tuple[str, tuple[NoteType, ...]]]
    rows: Any  # Callable[[str], Iterable[NoteRow]]
    unique: bool = True  # GUIDs known to be distinct (else checked in the written collection)


def memory_notes(specs: Iterable[NoteSpec]) -> NoteSource:
    """The notes of ``specs`` (already checked for distinct GUIDs), as rows."""
    cards_of = card_orders()
    by_subdeck: dict[str, list[NoteRow]] = {}
    types: dict[str, dict[NoteType, None]] = {}
    for spec in specs:
        by_subdeck.setdefault(spec.subdeck, []).append(note_row(spec, cards_of))
        types.setdefault(spec.subdeck, {})[spec.note_type] = None
    return NoteSource([(sub, tuple(types[sub])) for sub in by_subdeck], by_subdeck.__getitem__)


_ORDS: Any = None


def card_orders() -> Any:
    """``spec -> card ordinals`` of our note types (see :func:`_card_ords`).

    Fixed by the note types' templates and fields (code, never a previous
    file), so computed once.
    """
    global _ORDS
    if _ORDS is None:
        _ORDS = _card_ords(_genanki_models(Baseline.empty()))
    return _ORDS


def export_deck(deck: Deck, items: Iterable[Item], out_dir: str | Path,
                *, baseline: Baseline | None = None,
                progress: Mapping[str, CardProgress] | None = None,
                now: datetime | None = None, file_name: str | None = None) -> ExportResult:
    """Write ``out_dir/DECK_ID.apkg`` for ``items`` of ``deck``.

    ``baseline`` defaults to the file being replaced (see module doc).
    ``progress`` (our card id -> its schedule and answers) adds learning
    progress for Anki's "Import any learning progress" (see
    :mod:`.progress`); without it the file is byte-identical to before.
    """
    from ...generators.cache import gc_paused

    # hundreds of thousands of acyclic objects (note texts, rows): the
    # cyclic collector would re-walk all of them again and again
    with gc_paused():
        if progress is not None:
            items = list(items)  # read twice: notes, then the progress mapping
        after = None
        if progress is not None:
            def after(conn: Any, result: ExportResult) -> None:
                counts = write_progress(conn, deck, items, progress, now=now or datetime.now(timezone.utc))
                result.scheduled, result.answers = counts.cards, counts.answers
        path = output_file(out_dir, file_name or f"{deck.id}.apkg")
        if baseline is None:
            baseline = read_baseline(path)
        return write_package(deck, memory_notes(build_notes(deck, items)), path, baseline, after=after)


def write_package(deck: Deck, notes: NoteSource, path: Path, baseline: Baseline,
                  *, after: Any = None) -> ExportResult:
    """Write the ``.apkg`` of ``deck`` (its title, topics, description; its
    facts are not read) with ``notes`` at ``path`` over ``baseline``."""
    import sqlite3

    import genanki

    models = _genanki_models(baseline)
    mids = [models[nt].model_id for nt in NOTE_TYPES]
    names = [MODEL_NAMES[nt] for nt in NOTE_TYPES]
    parent_name = _deck_name(deck.title)
    topics = {t.id: t.title for t in deck.topics}
    result = ExportResult(path=path, continued=bool(baseline.notes))
    prev = baseline.notes
    counts = [0] * len(NOTE_TYPES)  # cards by note type

    def mod_of(row: NoteRow) -> int:
        """The note's mod time (see module doc), counted into the result."""
        nt = row[0]
        counts[nt] += len(row[6])
        old = prev.get(row[1])
        if old is None:
            result.new += 1
            return BASE_MOD
        mod, pmid, digest = old
        if pmid == mids[nt] and digest == row[5]:
            return mod
        result.changed += 1
        return max(mod + 1, BASE_MOD)

    parent = genanki.Deck(_anki_deck_id(deck.id, ""), parent_name, description=h(deck.description))
    gdecks = [
        _StreamedDeck(_anki_deck_id(deck.id, sub), f"{parent_name}::{_deck_name(topics.get(sub, sub))}",
                      [models[nt] for nt in types], mids, (lambda sub=sub: notes.rows(sub)), mod_of)
        for sub, types in notes.subdecks
    ]
    package = genanki.Package([parent, *gdecks])
    with tempfile.TemporaryDirectory() as tmp:
        db = _collection_file(package, Path(tmp), after=None if after is None else (lambda c: after(c, result)),
                              unique=notes.unique)
        _write_zip(db, path, comment=f"factdrill; sqlite {sqlite3.sqlite_version} file")
    result.notes = sum(d.notes for d in gdecks)
    result.cards = sum(counts)
    result.cards_by_type = {names[i]: n for i, n in enumerate(counts) if n}
    return result


class _StreamedDeck:
    """A genanki deck whose notes are written as rows straight from :data:`NoteRow`.

    :meth:`write_to_db` does what ``genanki.Deck.write_to_db`` does (the
    deck and its note types into the collection's JSON, then each note and
    its cards), so the file is the same byte for byte
    (tests/test_export_anki_bytes.py holds it to genanki's own writer); no
    genanki note is made, and only a batch of rows is held at a time.
    """

    def __init__(self, deck_id: int, name: str, models: list[Any], mids: list[int], rows: Any,
                 mod_of: Any) -> None:
        import genanki

        self._deck = genanki.Deck(deck_id, name)
        for model in models:  # the note types, in the order their notes come
            self._deck.add_model(model)
        self._rows = rows  # () -> the subdeck's NoteRows, read as they are written
        self._mod_of = mod_of
        self._mids = mids
        self.notes = 0

    def write_header(self, cursor: Any, timestamp: float) -> None:
        """The deck and its note types into the collection row, as genanki's
        ``Deck.write_to_db`` writes them."""
        deck = self._deck
        (decks_json,) = cursor.execute("SELECT decks FROM col").fetchone()
        decks = json.loads(decks_json)
        decks.update({str(deck.deck_id): deck.to_json()})
        cursor.execute("UPDATE col SET decks = ?", (json.dumps(decks),))
        (models_json,) = cursor.execute("SELECT models from col").fetchone()
        models = json.loads(models_json)
        models.update({model.model_id: model.to_json(timestamp, deck.deck_id) for model in deck.models.values()})
        cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))

    def write_to_db(self, cursor: Any, timestamp: float, id_gen: Any) -> None:
        self.write_header(cursor, timestamp)
        # genanki's rows (Note.write_to_db, Card.write_to_db) in genanki's
        # order, a note then its cards, but a batch of rows per statement
        # through the _ROWS view: the same inserts, so the same file, without
        # a Python genanki note, its cards and two execute calls per note
        did = self._deck.deck_id
        mids, mod_of = self._mids, self._mod_of
        rows: list[tuple[Any, ...]] = []
        n = 0
        for row in self._rows():
            mod = mod_of(row)
            nid = next(id_gen)
            flds = row[2]
            rows.append((0, nid, row[1], mids[row[0]], mod, row[4], flds, flds[:row[3]]))
            rows.extend([(1, next(id_gen), nid, did, o, mod, None, None) for o in row[6]])
            n += 1
            if len(rows) >= _BATCH:
                cursor.executemany(_INSERT_ROW, rows)
                rows.clear()
        if rows:
            cursor.executemany(_INSERT_ROW, rows)
        self.notes = n


# One view standing for both of genanki's inserts (k = 0: a note, 1: a card),
# so rows in genanki's interleaved order go in through one executemany. Temp:
# nothing of it reaches the collection file.
_ROWS_VIEW = """
CREATE TEMP VIEW fd_rows(k, id, a, b, c, d, e, f) AS SELECT 0, 0, 0, 0, 0, 0, 0, 0 WHERE 0;
CREATE TEMP TRIGGER fd_note INSTEAD OF INSERT ON fd_rows WHEN NEW.k = 0 BEGIN
  INSERT INTO notes VALUES (NEW.id, NEW.a, NEW.b, NEW.c, -1, NEW.d, NEW.e, NEW.f, 0, 0, '');
END;
CREATE TEMP TRIGGER fd_card INSTEAD OF INSERT ON fd_rows WHEN NEW.k = 1 BEGIN
  INSERT INTO cards VALUES (NEW.id, NEW.a, NEW.b, NEW.c, NEW.d, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '');
END;
"""
_INSERT_ROW = "INSERT INTO fd_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_BATCH = 512  # rows held before they are written (a few hundred KB)


def _format_tags(tags: tuple[str, ...]) -> str:
    """genanki's tags column (its ``Note._format_tags``), refusing what it refuses."""
    for tag in tags:
        if " " in tag:
            raise ValueError(f'Tag "{tag}" contains a space; this is not allowed!')
    return " " + " ".join(tags) + " "


def _card_ords(models: Mapping[NoteType, Any]) -> Any:
    """``spec -> [card ordinal, ...]``: genanki's ``Note.cards``, in its order.

    Front/back note types make a card per template whose required fields
    (genanki's ``Model._req``) are filled; cloze types one per distinct
    ``{{cN::`` in the cloze field, iterated as genanki's set is.
    """
    import re

    reqs = {}
    cloze_fields = {}
    for nt, model in models.items():
        if len(model.fields) != len(MODEL_FIELDS[nt]):
            raise ValueError(f"note type {nt} has {len(model.fields)} fields")
        if model.model_type == model.CLOZE:
            qfmt = model.templates[0]["qfmt"]
            names = set(re.findall(r"{{[^}]*?cloze:(?:[^}]?:)*(.+?)}}", qfmt) + re.findall("<%cloze:(.+?)%>", qfmt))
            index = {f["name"]: i for i, f in enumerate(model.fields)}
            cloze_fields[nt] = [index.get(n, -1) for n in names]
        else:
            reqs[nt] = [(o, any if how == "any" else all, fields) for o, how, fields in model._req]
    gap = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)

    def cards_of(spec: NoteSpec) -> list[int]:
        fields = spec.fields
        if len(fields) != len(MODEL_FIELDS[spec.note_type]):
            raise ValueError(f"a {spec.note_type} note has {len(fields)} fields")
        req = reqs.get(spec.note_type)
        if req is not None:
            return [o for o, op, need in req if op(fields[i] for i in need)]
        ords: set[int] = set()
        for i in cloze_fields[spec.note_type]:
            ords.update(int(m) - 1 for m in gap.findall(fields[i] if i >= 0 else "") if int(m) > 0)
        return list(ords)

    return cards_of


def _collection_file(package: Any, folder: Path, *, after: Any = None, unique: bool = True) -> Path:
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
        conn.executescript(_ROWS_VIEW)
        package.write_to_db(conn.cursor(), BASE_MOD, itertools.count(BASE_MOD * 1000))
        if not unique:  # notes kept per fact: two facts' notes may share a GUID
            dup = conn.execute("SELECT guid FROM notes GROUP BY guid HAVING count(*) > 1 LIMIT 1").fetchone()
            if dup is not None:
                raise ExportError(f"two Anki notes share the id {dup[0]!r}; check the deck's fact ids")
        if after is not None:  # learning progress on top of genanki's new cards
            after(conn)
        conn.commit()
    finally:
        conn.close()
    return db
