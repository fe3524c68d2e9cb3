"""Sentences of a block, with the source line each starts on, split by pysbd.

pysbd (a port of the Golden Rules sentence boundary rules) knows that "et
al.", "e.g.", "Dr." and "7.3%" do not end a sentence, which a regex on ". "
gets wrong in exactly the medical prose drafted here. Blocks longer than
:data:`MAX_SPLIT` characters (no article paragraph is) are cut at ". " first
so a hostile one-paragraph file cannot make the splitter crawl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .blocks import Block

MAX_SPLIT = 20_000
_CITE_MARK = re.compile(r"\s*\[(\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*)\]")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text without citation marks, its source line, the marks it had."""

    text: str
    line: int
    cites: tuple[int, ...] = ()


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def cite_numbers(mark: str) -> list[int]:
    """``1,3-5`` -> [1, 3, 4, 5] (ranges capped so '1-999' stays small)."""
    out: list[int] = []
    for part in re.split(r"\s*,\s*", mark):
        ends = re.split(r"\s*[\u2013-]\s*", part)
        if len(ends) == 2 and ends[0].isdigit() and ends[1].isdigit():
            low, high = int(ends[0]), int(ends[1])
            out.extend(range(low, min(high, low + 20) + 1))
        elif part.isdigit():
            out.append(int(part))
    return out


def strip_cites(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` without ``[n]`` marks, and the numbers they named."""
    cites: list[int] = []
    for m in _CITE_MARK.finditer(text):
        cites.extend(cite_numbers(m.group(1)))
    return _CITE_MARK.sub("", text), tuple(dict.fromkeys(cites))


def sentences(b: Block) -> list[Sentence]:
    """The sentences of block ``b`` in order."""
    text = b.text
    spans: list[tuple[int, int]] = []
    pieces = [(0, text)] if len(text) <= MAX_SPLIT else _rough(text)
    for base, piece in pieces:
        for span in _segmenter().segment(piece):
            spans.append((base + span.start, base + span.end))
    out = []
    for start, end in spans:
        raw = text[start:end].strip()
        if not raw:
            continue
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        clean, cites = strip_cites(raw)
        out.append(Sentence(" ".join(clean.split()), b.line_at(start + lead), cites))
    return out


def _rough(text: str) -> list[tuple[int, str]]:
    """Very long text cut after '. ' into pieces of at most MAX_SPLIT characters."""
    out = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + MAX_SPLIT)
        if end < len(text):
            cut = text.rfind(". ", pos, end)
            end = cut + 2 if cut > pos else end
        out.append((pos, text[pos:end]))
        pos = end
    return out
