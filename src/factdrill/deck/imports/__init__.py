"""Importing card sets as a new deck: ``factdrill import quizlet|csv|anki FILE``.

One reader per format (:mod:`.quizlet`, :mod:`.csvfile`, :mod:`.anki`), each
giving a :class:`~.cards.CardSet`; :func:`~.cards.build` writes it as a
folder deck of term and statement facts (see :mod:`.cards` for the rules),
and :func:`import_cards` checks the written deck, so an import that would
not load is reported, never left half-written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem
from .cards import CardSet, ImportProblem

__all__ = ["FORMATS", "ImportProblem", "ImportResult", "import_cards", "read_cards"]

FORMATS = ("quizlet", "csv", "anki")


@dataclass
class ImportResult:
    """What an import wrote and what ``check`` said about it."""

    path: Path
    title: str
    counts: Counter
    skipped: Counter
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)


def read_cards(fmt: str, path: Path) -> CardSet:
    """The cards of ``path`` read as format ``fmt``."""
    if fmt == "quizlet":
        from .quizlet import read
    elif fmt == "csv":
        from .csvfile import read
    elif fmt == "anki":
        from .anki import read
    else:
        raise ImportProblem(f"unknown card format '{fmt}'; formats: {', '.join(FORMATS)}")
    return read(path)


def import_cards(fmt: str, path: Path, out: Path, *, title: str | None = None,
                 draft: bool = True) -> ImportResult:
    """Write a folder deck at ``out`` (which must not exist) from the cards of ``path``."""
    from ..fields import SLUG_RE, slugify
    from ..loader import check_deck
    from .cards import build

    deck_id = out.name
    if not SLUG_RE.match(deck_id):
        raise ImportProblem(f"{out}: a deck name is a slug (lowercase letters, digits, hyphens), "
                            f"e.g. '{slugify(deck_id)}'")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ImportProblem(f"{out} exists already; choose another name or remove it (nothing was written)")
    cards = read_cards(fmt, path)
    if title:
        cards.title = title
    deck_yaml, facts_yaml, counts = build(cards, deck_id, draft=draft)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{deck_id}-", dir=out.parent))
    try:
        (tmp / "deck.yaml").write_text(deck_yaml, encoding="utf-8")
        (tmp / "facts.yaml").write_text(facts_yaml, encoding="utf-8")
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except OSError as exc:
        raise ImportProblem(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    _, problems = check_deck(out)
    return ImportResult(out, cards.title, counts, cards.skipped, problems)
