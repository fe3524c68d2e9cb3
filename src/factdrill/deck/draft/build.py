"""Candidates and references -> the YAML of a draft deck.

Each candidate becomes a fact of its kind with a stable slug id, the topic
of the heading it sits under, the sources it cites and a ``draft:`` mark
(where it came from, the source sentence, what to check). A candidate cites
the references the article marks on it ("[3]", a superscript 3); failing
that, the one study of the year the sentence names ("a 2013 study", when
exactly one reference of 2013 is a journal article); failing that, the
article itself, which is always the first source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..facts import FactKind
from ..yamlout import Comment, dump
from .blocks import BlockKind, Document
from .candidates import Candidate
from .references import Reference, ReferenceList
from .topics import Outline, slug, unique

ARTICLE_KEY = "article"
_KIND_PREFIX = {FactKind.STATISTIC: "stat", FactKind.SET: "set", FactKind.TERM: ""}


@dataclass(frozen=True)
class DraftFiles:
    """The text of the two files of a draft deck, and what went into them."""

    deck_yaml: str
    facts_yaml: str
    facts: tuple[dict[str, Any], ...]


def byline(doc: Document) -> str | None:
    """The author from a "By NAME, MD" line, as Vancouver "Surname Initials"."""
    for b in doc.blocks:
        if b.kind is BlockKind.HEADING:
            continue
        m = re.match(r"By\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3})(?=,|\s|$)", b.text)
        if m:
            names = [n for n in m.group(1).split() if not re.fullmatch(r"(?:MD|PhD|RN|DO|MPH|BSN|MSN)\.?", n)]
            if len(names) >= 2:
                return f"{names[-1]} {''.join(n[0] for n in names[:-1])}"
    return None


def citations(c: Candidate, refs: ReferenceList) -> tuple[list[str], str | None]:
    """The source keys a candidate cites, and a note when they were inferred."""
    by_number = {r.number: r for r in refs.refs}
    keys = [by_number[n].key for n in c.cites if n in by_number]
    if keys:
        return list(dict.fromkeys(keys)), None
    for year in c.years:
        studies = [r for r in refs.refs if r.fields.get("year") == year and r.fields.get("journal")]
        if len(studies) == 1:
            key = studies[0].key
            return [key], f"cites {key} as the only {year} study among the references; check"
    return [ARTICLE_KEY], None


def build(doc: Document, refs: ReferenceList, outline: Outline, candidates: list[Candidate],
          *, deck_id: str, source_name: str) -> DraftFiles:
    """The deck.yaml and facts.yaml texts of the draft."""
    facts = _facts(candidates, refs, outline, source_name)
    used_topics = {f["topic"] for f in facts}
    sources: dict[Any, Any] = {Comment(f"the article this deck was drafted from ({source_name})"): None}
    article: dict[str, Any] = {"title": doc.title}
    author = byline(doc)
    if author:
        article["authors"] = author
    sources[ARTICLE_KEY] = article
    for r in refs.refs:
        sources[Comment(f"reference {r.number} ({source_name}:{r.line})")] = None
        sources[r.key] = r.fields
    topics = []
    for tid, title, line in outline.topics:
        if tid == "overview" and tid not in used_topics:
            continue
        topics.append({Comment(f"{source_name}:{line}"): None, "id": tid, "title": title})
    deck = {
        Comment(f"Draft deck written by 'factdrill draft' from {source_name}."): None,
        Comment("Every fact is a draft until reviewed: factdrill draft --review DECK"): None,
        "id": deck_id,
        "title": doc.title,
        "description": f"Draft from {source_name}; review every fact before students use it.",
        "version": "0.1.0",
        "sources": sources,
        "topics": topics or [{"id": "overview", "title": "Overview"}],
    }
    grouped: list[dict[Any, Any]] = []
    last_topic = None
    titles = {t[0]: t[1] for t in outline.topics}
    for fact in facts:
        if fact["topic"] != last_topic:
            last_topic = fact["topic"]
            fact = {Comment(f"--- {titles.get(last_topic, last_topic)} ---"): None, **fact}
        grouped.append(fact)
    facts_yaml = (
        "# Candidate facts drafted from the article, in its order. Review them with\n"
        "# 'factdrill draft --review DECK': keep, edit or drop each one.\n"
        + dump({"facts": grouped})
    )
    return DraftFiles(dump(deck), facts_yaml, tuple(facts))


def _facts(candidates: list[Candidate], refs: ReferenceList, outline: Outline,
           source_name: str) -> list[dict[str, Any]]:
    taken: set[str] = set()
    out = []
    for c in sorted(candidates, key=lambda c: (c.line, c.kind.value)):
        keys, cite_note = citations(c, refs)
        prefix = _KIND_PREFIX.get(c.kind, c.kind.value)
        base = slug(re.sub(r"^(?:stat|set)\s+", "", c.key), 32)
        fid = unique(f"{prefix}-{base}" if prefix else base, taken)
        note = "; ".join(n for n in (c.note, cite_note) if n) or None
        draft: dict[str, Any] = {"at": f"{source_name}:{c.line}", "quote": c.quote[:500]}
        if note:
            draft["note"] = note
        out.append({
            "id": fid,
            "kind": c.kind.value,
            "topic": outline.block_topic[c.block] if c.block < len(outline.block_topic) else "overview",
            **c.fields,
            "sources": keys,
            "draft": draft,
        })
    return out


def reference_summary(refs: tuple[Reference, ...]) -> tuple[int, int]:
    """How many references, and how many of them with a DOI."""
    return len(refs), sum(1 for r in refs if r.fields.get("doi"))
