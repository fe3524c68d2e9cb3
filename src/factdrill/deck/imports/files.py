"""Reading a card file as text, refusing what is not one, and factdrill's own tags."""

from __future__ import annotations

import re
from pathlib import Path

from .cards import Card, ImportProblem

MAX_CARD_FILE = 20 * 1024 * 1024
_KIND_TAG = re.compile(r"^[^:]+::kind::([a-z_]+)$")
_TOPIC_TAG = re.compile(r"^[^:]+::topic::([a-z0-9-]+)$")


def read_text(path: Path) -> str:
    """A card file's text, or an :class:`ImportProblem` saying what is wrong with it."""
    try:
        size = path.stat().st_size
        if size > MAX_CARD_FILE:
            raise ImportProblem(
                f"{path}: the file is {size / 1024 / 1024:.1f} MB, more than the "
                f"{MAX_CARD_FILE // 1024 // 1024} MB a card file may have; split it"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        hint = " (an .apkg? use 'factdrill import anki')" if data.startswith(b"PK") else ""
        raise ImportProblem(f"{path}:{line}: binary data, not a text file of cards{hint}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ImportProblem(
            f"{path}:{line}:{col}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the "
            "file with UTF-8 encoding"
        ) from None


def kind_tag(tags: tuple[str, ...]) -> str | None:
    """The item kind a factdrill export tagged a card with (``DECK::kind::cloze``)."""
    for tag in tags:
        m = _KIND_TAG.match(tag)
        if m:
            return m.group(1)
    return None


def topic_tag(tags: tuple[str, ...]) -> str | None:
    """The topic id a factdrill export tagged a card with (``DECK::topic::bone``)."""
    for tag in tags:
        m = _TOPIC_TAG.match(tag)
        if m:
            return m.group(1)
    return None


def _cap(text: str) -> str:
    if text and text[0].islower() and not (len(text) > 1 and text[1].isupper()):
        return text[0].upper() + text[1:]
    return text


def _sentence(text: str) -> str:
    text = _cap(text.strip())
    return text if text[-1:] in ".?!" else text + "."


_ALSO = re.compile(r"^(?P<term>.*?) \(also called (?P<aliases>.+)\)$")


def split_aliases(back: str) -> tuple[str, tuple[str, ...]]:
    """``Term (also called A, B or C)`` -> (``Term``, (A, B, C)): a reverse card's back."""
    m = _ALSO.match(back)
    if not m:
        return back, ()
    text = m.group("aliases")
    sep = "; " if "; " in text else ", "
    head, _, last = text.rpartition(" or ")
    parts = (head.split(sep) if head else []) + [last]
    return m.group("term"), tuple(p.strip() for p in parts if p.strip())


def pair_reverses(cards: list[Card]) -> list[Card]:
    """Join each reverse card (definition -> term) to its forward card, as factdrill
    exports both sides of a term: the term asked both ways, with its aliases."""
    forward = {}
    for c in cards:
        if c.cloze is None:
            forward.setdefault(c.front, c)
    out = []
    for c in cards:
        if c.cloze is None:
            term, aliases = split_aliases(c.back)
            f = forward.get(term)
            if f is not None and f is not c and _sentence(f.back) == c.front:
                f.reverse = True
                f.aliases = tuple(dict.fromkeys((*f.aliases, *aliases)))
                continue
        out.append(c)
    return out
