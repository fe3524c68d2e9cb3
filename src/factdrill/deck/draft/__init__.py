"""Drafting a deck from a source article: ``factdrill draft SOURCE -o decks/NAME``.

The pipeline, one module per step (and one extractor per fact kind, like the
generators have one module per item kind):

* :mod:`.source` reads the file safely and picks the reader:
  :mod:`.text` (plain text, Markdown) or :mod:`.html`, each giving a
  :class:`~.blocks.Document` of headings, paragraphs and list items with
  their source lines; :mod:`.sentences` splits blocks with pysbd;
* :mod:`.references` finds the numbered reference list (-> ``sources:``),
  :mod:`.topics` the headings (-> ``topics:``);
* :mod:`.figures` (statistics), :mod:`.sets` (lists) and :mod:`.terms`
  (definitions) find candidate facts;
* :mod:`.build` writes them as YAML, each fact marked ``draft:`` with its
  source line, and :func:`draft_deck` checks the written deck and drops any
  candidate that would not pass ``factdrill check``, so a draft always
  loads with 0 errors.

Nothing here paraphrases: candidate text is the article's own wording, and
the draft mark tells the author to review and reword it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem
from .source import DraftError, read_source

__all__ = ["DraftError", "DraftResult", "draft_deck", "extract_all"]

FACTS_FILE = "facts.yaml"


@dataclass
class DraftResult:
    """What a draft holds and what ``check`` said about it."""

    path: Path
    title: str
    sources: int
    dois: int
    announced: int | None
    topics: int
    kinds: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    dropped: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def extract_all(doc):
    """(references, outline, candidates) of a document."""
    from . import figures, references, sets, terms, topics
    from .candidates import Body

    refs = references.find(doc)
    outline = topics.outline(doc, refs.back_matter)
    body = Body(doc, refs.back_matter)
    topic_of = list(outline.block_topic)
    titles = {t[0]: t[1] for t in outline.topics}
    candidates = figures.extract(body, topic_of) + sets.extract(body, topic_of, titles) + terms.extract(body, topic_of)
    # the deck's gap markup in a field would be read as a blank ("One{{ is
    # called zork"): such a sentence is not drafted, rather than dropped later
    return refs, outline, [c for c in candidates if not _has_markup(c.fields)]


def _has_markup(value) -> bool:
    """Whether a candidate's field values hold the deck's gap markup."""
    if isinstance(value, str):
        return "{{" in value or "}}" in value
    if isinstance(value, dict):
        return any(_has_markup(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_markup(v) for v in value)
    return False


def draft_deck(source: Path, out: Path, *, source_name: str | None = None) -> DraftResult:
    """Draft a folder deck at ``out`` (which must not exist yet) from ``source``."""
    from ..fields import SLUG_RE
    from ..loader import check_deck
    from .build import build, reference_summary

    deck_id = out.name
    if not SLUG_RE.match(deck_id):
        raise DraftError(
            f"{out}: a deck name is a slug (lowercase letters, digits, hyphens), e.g. "
            f"'{_suggest(deck_id)}'"
        )
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise DraftError(f"{out} exists already; choose another name or remove it (nothing was written)")
    name = source_name or source.name
    doc = read_source(source, name)
    refs, outline, candidates = extract_all(doc)
    if not candidates:
        raise DraftError(
            f"{source}: found nothing to draft (no figures, lists or definitions in "
            f"{len(doc.blocks)} blocks of text); is it an article?"
        )
    result = DraftResult(out, doc.title, *reference_summary(refs.refs), refs.announced, 0)
    if not refs.refs:
        result.notes.append(
            "no numbered reference list found: every fact cites the article itself"
        )
    elif refs.announced and refs.announced != len(refs.refs):
        result.notes.append(f"the article announces {refs.announced} sources; {len(refs.refs)} were read")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{deck_id}-", dir=out.parent))
    try:
        for _ in range(3):  # a candidate that fails check is dropped, then try again
            files = build(doc, refs, outline, candidates, deck_id=deck_id, source_name=name)
            (tmp / "deck.yaml").write_text(files.deck_yaml, encoding="utf-8")
            (tmp / FACTS_FILE).write_text(files.facts_yaml, encoding="utf-8")
            deck, problems = check_deck(tmp)
            bad = _bad_fact_lines(problems, tmp / FACTS_FILE, files.facts_yaml)
            if deck is not None or not bad:
                break
            keep = [c for c, f in zip(sorted(candidates, key=lambda c: (c.line, c.kind.value)), files.facts)
                    if f["id"] not in bad]
            result.dropped += len(candidates) - len(keep)
            candidates = keep
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except OSError as exc:
        raise DraftError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    deck, problems = check_deck(out)
    result.problems = problems
    result.kinds = Counter(f["kind"] for f in files.facts)
    result.topics = len({f["topic"] for f in files.facts})
    return result


def _bad_fact_lines(problems: list[Problem], facts_file: Path, text: str) -> set[str]:
    """Ids of the facts of ``facts_file`` that an error points into."""
    import re

    starts = [(i + 1, m.group(1)) for i, line in enumerate(text.splitlines())
              if (m := re.match(r"  - id: (\S+)", line))]
    bad: set[str] = set()
    for p in problems:
        if p.is_error and Path(p.loc.file) == facts_file:
            owner = [fid for line, fid in starts if line <= p.loc.line]
            if owner:
                bad.add(owner[-1])
    return bad


def _suggest(name: str) -> str:
    from .topics import slug

    return slug(name)
