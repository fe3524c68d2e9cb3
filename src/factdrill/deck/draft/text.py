"""Plain-text and Markdown articles into blocks.

Plain text (an article saved from a browser as text) has no markup, so its
structure is read from layout: a short title-cased line standing alone is a
heading, a line starting with a bullet (``•``, ``-``, ``*``...) or a number
(``1.``) is a list item, and an indented paragraph right after an item
continues that item (the answer under a FAQ question). A heading repeated
later ("Symptoms and Detection" under each site) is a subsection.

Markdown uses its own markers (``#`` headings, ``-``/``1.`` items, ``[^1]:``
footnotes as numbered items); inline markup is dropped, links keep their
text and footnote references become ``[1]`` citation marks.
"""

from __future__ import annotations

import re

from .blocks import Block, BlockKind, Document, block

_BULLET = re.compile(r"(?:[•●▪◦·‣∙*+\-–—]|(\d{1,3})[.)])\s+(\S.*)")
_MD_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*")
_SETEXT = re.compile(r"(=+|-+)\s*")
_FOOTNOTE = re.compile(r"\[\^(\d{1,3})\]:\s*(\S.*)")
_SMALL = frozenset(
    "a an and as at but by for from in into of on or over per the to vs via with".split()
)
_END_PUNCT = tuple('.:;,!?"”)')


def _md_inline(text: str) -> str:
    """Markdown inline markup removed: text of links, ``[n]`` for footnote marks."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[\^(\d{1,3})\]", r"[\1]", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<sup>\s*(\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*)\s*</sup>", r"[\1]", text)
    text = re.sub(r"<[^>\n]{1,200}>", "", text)
    text = re.sub(r"(\*\*|__)(\S(?:.*?\S)?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])", r"\1", text)
    return text.replace("`", "")


def looks_like_heading(line: str) -> bool:
    """A lone line of plain text that reads as a heading: short, title-cased, unpunctuated."""
    text = line.strip()
    if not text or len(text) > 80 or text.endswith(_END_PUNCT) or not (text[0].isupper() or text[0].isdigit()):
        return False
    words = text.split()
    if len(words) > 10 or words[0] in ("By", "Photo", "Image", "Source:"):
        return False
    letters = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w.casefold() not in _SMALL]
    if not letters:
        return False
    capital = sum(w[0].isupper() for w in letters)
    return capital / len(letters) >= 0.75


def read_text(text: str, name: str, *, markdown: bool) -> Document:
    """A plain-text or Markdown article as a :class:`Document`."""
    reader = _Reader(markdown)
    if markdown:  # HTML comments hold no article text; keep their lines for line numbers
        text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group().count("\n"), text, flags=re.S)
    lines = text.splitlines()
    for number, raw in enumerate(lines, 1):
        reader.feed(raw.expandtabs(4), number, lines[number] if number < len(lines) else "")
    reader.flush()
    blocks = reader.blocks
    _level_headings(blocks, markdown)
    title = next((b.text for b in blocks if b.kind is BlockKind.HEADING and b.level == 1), None)
    if title is None:
        title = next((b.text for b in blocks if b.kind is BlockKind.HEADING), name)
    return Document(name=name, title=title, blocks=blocks, fmt="markdown" if markdown else "text")


def _level_headings(blocks: list[Block], markdown: bool) -> None:
    """Plain text: the first heading is the title (1), one used twice a subsection (3)."""
    if markdown:
        return
    from collections import Counter

    counts = Counter(b.text.casefold() for b in blocks if b.kind is BlockKind.HEADING)
    first = True
    for i, b in enumerate(blocks):
        if b.kind is not BlockKind.HEADING:
            continue
        level = 1 if first else (3 if counts[b.text.casefold()] > 1 else 2)
        first = False
        blocks[i] = Block(b.kind, b.text, b.starts, level=level)


class _Reader:
    """Line-by-line state machine turning lines into blocks."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.blocks: list[Block] = []
        self.lines: list[tuple[str, int]] = []
        self.kind = BlockKind.PARAGRAPH
        self.number: int | None = None
        self.indent = 0
        self.list_no = 0
        self.in_list = False
        self.item_indent = 0
        self.blank_before = True
        self.in_code = False
        self.skip_underline = False  # the '===' line under a setext heading

    def clean(self, text: str) -> str:
        return _md_inline(text) if self.markdown else text

    def flush(self) -> None:
        if not self.lines:
            return
        lines = [(self.clean(t), n) for t, n in self.lines]
        kind = self.kind
        extra: dict = {}
        if kind is BlockKind.ITEM:
            extra = {"list_no": self.list_no, "number": self.number}
        elif kind is BlockKind.PARAGRAPH:
            nested = self.in_list and self.indent > self.item_indent
            if nested:
                extra = {"list_no": self.list_no, "nested": True}
            else:
                self.in_list = False
                if not self.markdown and self.indent == 0 and looks_like_heading(lines[0][0]):
                    if len(lines) == 1:
                        kind, extra = BlockKind.HEADING, {"level": 2}
                    elif len(lines[0][0].split()) <= 6:
                        # "14 Sources" right above its first line of text
                        made = block(BlockKind.HEADING, lines[:1], level=2)
                        if made is not None:
                            self.blocks.append(made)
                        lines = lines[1:]
        made = block(kind, lines, **extra)
        if made is not None:
            self.blocks.append(made)
        self.lines = []
        self.kind = BlockKind.PARAGRAPH

    def feed(self, raw: str, number: int, following: str) -> None:
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip())
        if self.markdown and stripped.startswith(("```", "~~~")):
            self.flush()
            self.in_code = not self.in_code
            return
        if self.in_code:
            return
        if not stripped:
            self.flush()
            self.blank_before = True
            return
        blank_before, self.blank_before = self.blank_before, False
        if self.markdown:
            m = _MD_HEADING.fullmatch(stripped)
            if m and indent < 4:
                self.flush()
                self.in_list = False
                made = block(BlockKind.HEADING, [(_md_inline(m.group(2)), number)], level=len(m.group(1)))
                if made is not None:
                    self.blocks.append(made)
                return
            setext = _SETEXT.fullmatch(following.strip()) if following.strip() else None
            if setext and not self.lines and not _BULLET.match(stripped):
                self.flush()
                self.in_list = False
                level = 1 if setext.group(1)[0] == "=" else 2
                made = block(BlockKind.HEADING, [(_md_inline(stripped), number)], level=level)
                if made is not None:
                    self.blocks.append(made)
                self.skip_underline = True
                return
            if self.skip_underline:
                self.skip_underline = False
                if _SETEXT.fullmatch(stripped):
                    return
            foot = _FOOTNOTE.fullmatch(stripped)
            if foot:
                self._item(int(foot.group(1)), foot.group(2), number, indent)
                return
        m = _BULLET.fullmatch(stripped)
        if m and (blank_before or self.kind is BlockKind.ITEM or self.in_list or indent > 0 or self.markdown):
            self._item(int(m.group(1)) if m.group(1) else None, m.group(2), number, indent)
            return
        if self.kind is BlockKind.ITEM and not blank_before:
            self.lines.append((stripped, number))  # a wrapped item line
            return
        if blank_before or self.kind is not BlockKind.PARAGRAPH:
            self.flush()
            self.indent = indent
        self.lines.append((stripped, number))

    def _item(self, item_number: int | None, text: str, number: int, indent: int) -> None:
        self.flush()
        if not self.in_list:
            self.list_no += 1
            self.in_list = True
        self.kind = BlockKind.ITEM
        self.number = item_number
        self.item_indent = indent
        self.indent = indent
        self.lines = [(text, number)]
