"""Cards read from a card set, and how they become the facts of a new deck.

Every reader (Quizlet, CSV, Anki) gives a :class:`CardSet` of :class:`Card`
entries; :func:`build` turns them into deck YAML:

* a front/back card becomes a ``term`` fact (front = term, back =
  definition). It is asked in reverse too when the card set studied it both
  ways (Quizlet, Anki "and reversed" note types) and its front is a term,
  never when the front is a question ("What ...?", "Name the ...");
* a cloze card becomes a ``statement`` whose ``{{gaps}}`` are the card's;
* tags become topics (the first usable tag of each card; factdrill's own
  ``DECK::topic::ID`` tags give back the original topic ids);
* the card set itself is a source that every fact cites, unless a card names
  its own references (factdrill's Anki exports carry them).

Facts are marked ``draft:`` with the card's place in the file unless the
caller says the set is already reviewed, so ``factdrill draft --review``
walks them like drafted facts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ...errors import FactdrillError
from ..yamlout import Comment, dump

SET_KEY = "cards"
_QUESTION = re.compile(
    r"(?:\?\s*$)|^(?:what|which|who|whom|whose|when|where|why|how|name|list|describe|explain|"
    r"define|give|state|identify|true or false|in the)\b",
    re.I,
)


class ImportProblem(FactdrillError):
    """A card file cannot be imported; the message names the file (and line) and the fix."""


@dataclass
class Card:
    """One card: plain-text front and back, or a cloze text with ``{{gaps}}``."""

    front: str
    back: str
    line: int
    tags: tuple[str, ...] = ()
    cloze: str | None = None
    explanation: str | None = None
    reverse: bool | None = None  # None: decide from the front
    aliases: tuple[str, ...] = ()
    fact_id: str | None = None
    topic: tuple[str, str] | None = None  # (id, title) when the file says it
    sources: tuple[dict[str, Any], ...] = ()
    false_variants: list[str] = field(default_factory=list)
    blank: tuple[int, int] | None = None  # a cloze row's blank in ``front`` (start, end)


@dataclass
class CardSet:
    """The cards of one file, what kind of file it was, and what was left out and why."""

    file: str
    title: str
    cards: list[Card]
    source: dict[str, Any]
    both_ways: bool = False
    skipped: Counter = field(default_factory=Counter)


def slug(text: str, limit: int = 40) -> str:
    words = re.findall(r"[a-z0-9]+", text.casefold())
    out = ""
    for w in words:
        nxt = f"{out}-{w}" if out else w
        if len(nxt) > limit and out:
            break
        out = nxt[:limit]
    return out or "card"


def _unique(base: str, taken: set[str]) -> str:
    out, n = base, 2
    while out in taken:
        out = f"{base}-{n}"
        n += 1
    taken.add(out)
    return out


def is_question(front: str) -> bool:
    """Whether a front asks a question rather than naming a term."""
    return bool(_QUESTION.search(front.strip())) or len(front.split()) > 8


def _topic(card: Card, fallback: tuple[str, str]) -> tuple[str, str]:
    if card.topic:
        return card.topic
    for tag in card.tags:
        last = tag.split("::")[-1]
        if last.casefold() in ("leech", "marked") or not slug(last):
            continue
        return slug(last), last.replace("-", " ").replace("_", " ").strip().capitalize()
    return fallback


def _clean_gap_text(text: str) -> str:
    """A cloze text the statement checker accepts: no stray braces outside gaps."""
    parts = re.split(r"(\{\{.+?\}\})", text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            body = part[2:-2].replace("{", "").replace("}", "")
            out.append("{{" + body + "}}" if body.partition("::")[0].strip() else "")
        else:
            out.append(part.replace("{", "(").replace("}", ")"))
    return "".join(out)


def build(cards: CardSet, deck_id: str, *, draft: bool = True) -> tuple[str, str, Counter]:
    """deck.yaml and facts.yaml of a deck holding the card set, and its fact counts."""
    from ..draft.references import _key, _unique as _source_unique

    if not cards.cards:
        raise ImportProblem(f"{cards.file}: no cards to import")
    fallback = (slug(cards.title) or "general", cards.title or "General")
    sources: dict[Any, Any] = {Comment(f"the card set ({cards.file})"): None, SET_KEY: cards.source}
    citation_keys: dict[tuple, str] = {}
    taken_sources = {SET_KEY, "article"}
    topics: dict[str, str] = {}
    facts: list[dict[str, Any]] = []
    taken: set[str] = set()
    counts: Counter = Counter()
    for card in cards.cards:
        tid, title = _topic(card, fallback)
        topics.setdefault(tid, title)
        keys = []
        for citation in card.sources:
            ident = tuple(sorted(citation.items()))
            if ident not in citation_keys:
                key = _source_unique(_key(citation), taken_sources)
                taken_sources.add(key)
                citation_keys[ident] = key
                sources[key] = citation
            keys.append(citation_keys[ident])
        base = card.fact_id if card.fact_id and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", card.fact_id) \
            else slug(card.cloze or card.front)
        fact: dict[str, Any] = {"id": _unique(base, taken), "topic": tid}
        if card.cloze is not None:
            fact["kind"] = "statement"
            fact["text"] = _clean_gap_text(card.cloze)
            if card.false_variants:
                fact["false_variants"] = list(dict.fromkeys(card.false_variants))
        else:
            fact["kind"] = "term"
            fact["term"] = card.front
            fact["definition"] = card.back
            aliases = [a for a in dict.fromkeys(card.aliases) if a.casefold() != card.front.casefold()]
            if aliases:
                fact["aliases"] = aliases
            reverse = card.reverse if card.reverse is not None else cards.both_ways
            if not reverse or is_question(card.front):
                fact["reverse"] = False
        counts[fact["kind"]] += 1
        fact["sources"] = list(dict.fromkeys(keys)) or [SET_KEY]
        if card.explanation:
            fact["explanation"] = card.explanation
        if draft:
            fact["draft"] = {"at": f"{cards.file}:{card.line}", "note": "imported card: check it reads as a fact"}
        facts.append(fact)
    cited = {k for f in facts for k in f["sources"]}
    if SET_KEY not in cited:
        sources.pop(SET_KEY)
        sources = {k: v for k, v in sources.items() if not (isinstance(k, Comment) and "card set" in k.text)}
    deck = {
        Comment(f"Imported by 'factdrill import' from {cards.file}."): None,
        "id": deck_id,
        "title": cards.title or deck_id,
        "description": f"Cards imported from {cards.file}.",
        "version": "0.1.0",
        "sources": sources,
        "topics": [{"id": t, "title": title} for t, title in topics.items()],
    }
    head = "# Facts imported from the card set, one per card, in its order.\n"
    if draft:
        head += "# Review them with 'factdrill draft --review DECK' (a: keep all).\n"
    return dump(deck), head + dump({"facts": facts}), counts
