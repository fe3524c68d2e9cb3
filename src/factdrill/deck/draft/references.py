"""The numbered reference list of an article -> the deck's ``sources:``.

The list is found under a heading such as "References" or "14 Sources"
(whose number, when given, is how many to expect), else as Markdown
footnotes, else as the last numbered list whose entries read like
citations. Each entry is read in the Vancouver/AMA style of medical
writing: ``Authors. Title. Journal. Year;Volume(Issue):Pages. doi:DOI``,
with organisation authors ("American Cancer Society. Title.") read as the
publisher. A DOI is taken in any of its spellings (``doi:``, ``DOI:``,
``https://doi.org/...``) and written bare, as the deck format wants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .blocks import Block, BlockKind, Document

_SECTION = re.compile(
    r"(?:(\d{1,3})\s+)?(?:sources|references|reference list|bibliography|works cited|citations|"
    r"literature cited|notes and references|notes)\s*:?",
    re.I,
)
_DOI = re.compile(r"(?:\bdoi:?\s*|https?://(?:dx\.)?doi\.org/)?\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_URL = re.compile(r"https?://[^\s\"<>]+")
_LEAD_NUMBER = re.compile(r"\[?(\d{1,3})[.)\]]\s+")
_PUB = re.compile(
    r"^(?P<journal>.*?)[.,]?\s*\b(?P<year>(?:19|20)\d\d)\b(?:\s+[A-Z][a-z]{2,8}(?:\s+\d{1,2})?)?"
    r"\s*(?:;(?P<details>.*))?$"
)
_AUTHOR = re.compile(r"^[A-Z][\w'’. -]*?\s[A-Z]{1,3}\b(?:\s*,|$)|\bet al\b")
_TRAILERS = re.compile(
    r"\s*(?:Published|Updated|Accessed|Reviewed|Available (?:at|from))\b[^.]*\.?", re.I
)
_CITATION_LIKE = re.compile(r"\bdoi\b|\bet al\b|\b(?:19|20)\d\d\s*;", re.I)


@dataclass(frozen=True)
class Reference:
    """One entry of the reference list: its number, a source key and its fields."""

    number: int
    key: str
    fields: dict[str, Any]
    line: int


@dataclass(frozen=True)
class ReferenceList:
    """The references found, where the article's back matter starts, and the count it announced."""

    refs: tuple[Reference, ...]
    back_matter: int  # index of the first block that is not article content
    announced: int | None = None


def find(doc: Document) -> ReferenceList:
    """The article's reference list (possibly empty)."""
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if b.kind is BlockKind.HEADING:
            m = _SECTION.fullmatch(b.text.strip())
            if m:
                entries = _entries_after(blocks, i)
                announced = int(m.group(1)) if m.group(1) else None
                return ReferenceList(_read_all(entries), i, announced)
    footnotes = [b for b in blocks if b.kind is BlockKind.ITEM and b.number is not None and doc.fmt == "markdown"
                 and _CITATION_LIKE.search(b.text)]
    lists: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.kind is BlockKind.ITEM and not b.nested:
            lists.setdefault(b.list_no, []).append(i)
    for list_no in sorted(lists, reverse=True):
        idx = lists[list_no]
        citing = sum(bool(_CITATION_LIKE.search(blocks[i].text)) for i in idx)
        if citing * 2 >= len(idx) and citing >= 2:
            start = idx[0]
            return ReferenceList(_read_all([(blocks[i], n) for n, i in enumerate(idx, 1)]), start)
    if footnotes:
        return ReferenceList(_read_all([(b, b.number or n) for n, b in enumerate(footnotes, 1)]),
                             len(blocks))
    return ReferenceList((), len(blocks))


def _entries_after(blocks: list[Block], start: int) -> list[tuple[Block, int]]:
    """The entries under the reference heading: numbered items, or paragraphs starting '1.'."""
    level = blocks[start].level or 2
    out: list[tuple[Block, int]] = []
    for b in blocks[start + 1 :]:
        if b.kind is BlockKind.HEADING and (b.level or 2) <= level:
            break
        if b.kind is BlockKind.ITEM:
            out.append((b, b.number or len(out) + 1))
        elif b.kind is BlockKind.PARAGRAPH:
            m = _LEAD_NUMBER.match(b.text)
            if m:
                out.append((b, int(m.group(1))))
            elif out and not b.nested and _CITATION_LIKE.search(b.text):
                out.append((b, len(out) + 1))
    return out


def _read_all(entries: list[tuple[Block, int]]) -> tuple[Reference, ...]:
    refs: list[Reference] = []
    keys: set[str] = {"article"}
    for b, number in entries:
        fields = parse_reference(b.text)
        key = _unique(_key(fields), keys)
        keys.add(key)
        refs.append(Reference(number, key, fields, b.line))
    return tuple(refs)


def _chunks(text: str) -> list[str]:
    """A citation cut into its '. '-separated parts (not after 'et al.' or initials mid-list)."""
    parts = re.split(r"(?<=[.?!])\s+(?=[A-Z0-9\"“'(\[])", text)
    return [p.strip().rstrip(".").strip() for p in parts if p.strip().rstrip(".").strip()]


def parse_reference(text: str) -> dict[str, Any]:
    """The fields of one citation (``title`` always set; the rest when found)."""
    text = " ".join(text.split())
    text = _LEAD_NUMBER.sub("", text, count=1) if _LEAD_NUMBER.match(text) else text
    fields: dict[str, Any] = {}
    doi = _DOI.search(text)
    if doi:
        value = doi.group(1).rstrip(".,;]")
        while value.endswith(")") and value.count(")") > value.count("("):
            value = value[:-1]
        fields["doi"] = value
        text = (text[: doi.start()] + text[doi.end() :]).strip()
    else:
        url = _URL.search(text)
        if url:
            fields["url"] = url.group().rstrip(".,;)")
            text = (text[: url.start()] + text[url.end() :]).strip()
    text = _TRAILERS.sub("", text).strip().rstrip(".").strip()
    chunks = _chunks(text)
    if not chunks:
        return {"title": fields.get("doi") or fields.get("url") or "untitled reference", **fields}
    authors = publisher = None
    if len(chunks) > 1 and _AUTHOR.search(chunks[0]):
        authors = chunks.pop(0)
    elif len(chunks) > 1 and not re.search(r"\d", chunks[0]) and len(chunks[0].split()) <= 6:
        publisher = chunks.pop(0)
    journal = year = details = None
    for i in range(len(chunks) - 1, 0, -1):
        m = _PUB.match(chunks[i])
        if m and (m.group("details") is not None or not m.group("journal")):
            year = int(m.group("year"))
            details = (m.group("details") or "").strip() or None
            journal = m.group("journal").strip(" .,") or None
            if journal is None and i >= 2:
                journal = chunks[i - 1]
                chunks = chunks[: i - 1]
            else:
                chunks = chunks[:i]
            break
    title = ". ".join(chunks).strip() or (journal or publisher or "untitled reference")
    out: dict[str, Any] = {"title": title}
    if authors:
        out["authors"] = authors
    if journal:
        out["journal"] = journal
    elif publisher:
        out["publisher"] = publisher
    if year:
        out["year"] = year
    if details:
        out["details"] = details
    out.update(fields)
    return out


def _key(fields: dict[str, Any]) -> str:
    """A source key like the flagship's: ``berman2013``, ``acs-treatment``."""
    year = str(fields.get("year") or "")
    authors = fields.get("authors")
    if authors:
        first = re.split(r",|\bet al\b", authors)[0].strip()
        words = first.split()
        surname = " ".join(w for w in words if not re.fullmatch(r"[A-Z]{1,3}\.?", w)) or first
        base = re.sub(r"[^a-z0-9]", "", surname.casefold())
        if base:
            return base + year
    publisher = fields.get("publisher") or fields.get("journal") or ""
    words = re.findall(r"[A-Za-z0-9]+", publisher)
    org = "".join(w[0] for w in words).casefold() if len(words) > 1 else "".join(words).casefold()
    title_words = [w.casefold() for w in re.findall(r"[A-Za-z0-9]+", fields.get("title", ""))
                   if w.casefold() not in ("a", "an", "the", "of", "and", "in", "for", "to", "on")]
    base = "-".join(p for p in [org[:12], *title_words[:2]] if p)
    return base or "ref"


def _unique(key: str, taken: set[str]) -> str:
    key = re.sub(r"[^a-z0-9_-]+", "-", key.casefold()).strip("-_") or "ref"
    if not key[0].isalnum():
        key = "ref-" + key
    out, n = key, 2
    while out in taken:
        out = f"{key}-{n}"
        n += 1
    return out
