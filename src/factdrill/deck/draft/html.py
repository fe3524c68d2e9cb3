"""HTML articles into blocks, with the standard library's tolerant parser.

``html.parser`` never gives up on broken markup (unclosed tags, stray ``<``,
tag soup), which is what pages saved from the web are; a regex over markup
would not be. Headings ``h1``-``h6`` keep their level, ``li`` entries of one
``ul``/``ol`` form one list (numbered in an ``ol``), ``<sup>3</sup>``
citation marks become ``[3]``, and scripts, styles, navigation and forms are
skipped. Each block keeps the source line of its text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .blocks import Block, BlockKind, Document, block

_BLOCK_TAGS = frozenset(
    """p div section article header footer main blockquote figure figcaption table tr td th
    dl dt dd pre address hr form fieldset details summary caption center""".split()
)
_SKIP_TAGS = frozenset(
    "script style noscript template svg nav head button select textarea iframe object math".split()
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CITE = re.compile(r"\s*\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*\s*")


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.buf: list[tuple[str, int]] = []
        self.kind = BlockKind.PARAGRAPH
        self.extra: dict = {}
        self.skipping: list[str] = []
        self.lists: list[list[int]] = []  # [list number, ordered, items so far]
        self.list_count = 0
        self.title: list[str] = []
        self.in_title = False
        self.sup: list[str] | None = None
        self.sup_line = 0
        self.h1: str | None = None

    # -- blocks ------------------------------------------------------------
    def flush(self) -> None:
        if self.buf:
            by_line: dict[int, list[str]] = {}
            for text, line in self.buf:
                by_line.setdefault(line, []).append(text)
            lines = [("".join(parts), line) for line, parts in by_line.items()]
            made = block(self.kind, lines, **self.extra)
            if made is not None:
                self.blocks.append(made)
                if made.kind is BlockKind.HEADING and made.level == 1 and self.h1 is None:
                    self.h1 = made.text
        self.buf = []
        self.kind = BlockKind.PARAGRAPH
        self.extra = {}

    def _in_item(self) -> bool:
        return self.kind is BlockKind.ITEM

    # -- parser events -----------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self.in_title = True
            return
        if tag == "body":
            self.skipping = []  # a 'head' never closed must not hide the page
            return
        if self.skipping or tag in _SKIP_TAGS:
            if tag in _SKIP_TAGS:
                self.skipping.append(tag)
            return
        if tag in _HEADINGS:
            self.flush()
            self.kind, self.extra = BlockKind.HEADING, {"level": _HEADINGS[tag]}
        elif tag in ("ul", "ol"):
            self.flush()
            self.list_count += 1
            self.lists.append([self.list_count, tag == "ol", 0])
        elif tag == "li":
            self.flush()
            if not self.lists:
                self.list_count += 1
                self.lists.append([self.list_count, False, 0])
            current = self.lists[-1]
            current[2] += 1
            self.kind = BlockKind.ITEM
            self.extra = {"list_no": current[0], "number": current[2] if current[1] else None}
        elif tag == "sup":
            self.sup, self.sup_line = [], self.getpos()[0]
        elif tag == "br":
            self._text(" ")
        elif tag in _BLOCK_TAGS and not (self._in_item() and tag in ("p", "div")):
            self.flush()

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self._text(" ")
        elif tag in _BLOCK_TAGS and not self.skipping:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _HEADINGS or tag == "li":
            self.flush()
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag == "sup" and self.sup is not None:
            text = "".join(self.sup)
            self.sup = None
            if _CITE.fullmatch(text):
                self._text(f"[{text.strip()}]", self.sup_line)
            else:
                self._text(text, self.sup_line)
        elif tag in _BLOCK_TAGS and not (self._in_item() and tag in ("p", "div")):
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skipping:
            return
        if self.sup is not None:
            self.sup.append(data)
            return
        line = self.getpos()[0]
        for i, part in enumerate(data.split("\n")):
            self._text(part + (" " if i < data.count("\n") else ""), line + i)

    def _text(self, text: str, line: int | None = None) -> None:
        if text:
            self.buf.append((text, line if line is not None else self.getpos()[0]))


def read_html(text: str, name: str) -> Document:
    """An HTML page as a :class:`Document` (never raises on broken markup)."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    parser.flush()
    title = parser.h1
    if title is None:
        page = " ".join("".join(parser.title).split())
        title = re.split(r"\s+[|\u2013\u2014-]\s+", page)[0] if page else None
    if title is None:
        title = next((b.text for b in parser.blocks if b.kind is BlockKind.HEADING), name)
    return Document(name=name, title=title, blocks=parser.blocks, fmt="html")
