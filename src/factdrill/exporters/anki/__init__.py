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

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .notes import NoteSpec, build_notes, card_items, note_tags
from .kept import MemoryItems, export_view
from .package import Baseline, ExportResult, export_deck, read_baseline
from .progress import Answer, CardProgress

if TYPE_CHECKING:
    from ...deck.facts import Deck
    from ...generators.itemdb import DeckItems
    from ...generators.items import Item


def _load(names: Sequence[str], seed: int) -> Iterable[tuple[Deck, list[Item]]]:
    """Each named deck (default: the flagship) with its generated items.

    All are loaded before any is written: two decks with one id would
    write one file twice (see :func:`factdrill.exporters.unique_deck_ids`).
    """
    from ...deck.loader import resolve_deck
    from ...generators.cache import deck_and_items
    from .. import unique_deck_ids

    names = list(dict.fromkeys(names))  # the same deck named twice is one deck
    paths = _deck_paths(names, resolve_deck)
    loaded = [deck_and_items(path, seed=seed) for path in paths]  # cached by content hash and seed
    unique_deck_ids([(path, deck.id) for path, (deck, _) in zip(paths, loaded)])
    return loaded


def _open(names: Sequence[str], seed: int) -> list[DeckItems]:
    """Each named deck's items database (see :func:`_load`), brought up to
    date; the caller closes them. An export reads its kept note rows
    (:mod:`.kept`) and unpickles no item unless it must."""
    from ...deck.loader import resolve_deck
    from ...generators.cache import open_items
    from .. import unique_deck_ids

    names = list(dict.fromkeys(names))
    paths = _deck_paths(names, resolve_deck)
    views: list[DeckItems] = []
    try:
        for path in paths:
            views.append(open_items(path, seed))
        unique_deck_ids([(path, view.head.id) for path, view in zip(paths, views)])
    except BaseException:
        for view in views:
            view.close()
        raise
    return views


def _deck_paths(names: Sequence[str], resolve_deck: Any) -> list[Any]:
    if names:
        return [resolve_deck(n) for n in names]
    return [resolve_deck(None)]


__all__ = [
    "Answer", "Baseline", "MemoryItems", "CardProgress", "ExportResult", "NoteSpec", "build_notes", "card_items",
    "export_deck", "export_view", "note_tags", "read_baseline",
]  # fmt: skip
