"""Reading a source article safely: size, binary and encoding checks, then the format.

An instructor may point ``factdrill draft`` at anything: a PDF, a Word file,
a 20 MB log, a page of tag soup. Each of those gets one line saying what the
file is and what to give instead (a :class:`DraftError`), before any parser
sees it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import FactdrillError
from .blocks import Document

# A long article is ~100 KB of text (a saved web page with its markup, a few
# hundred KB); sentence splitting runs at ~70 KB/s, so 2 MB is half a minute.
MAX_SOURCE_BYTES = 2 * 1024 * 1024
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")
_MAGIC = {
    b"%PDF": "a PDF; save the article as text (.txt) or a web page (.html) and draft from that",
    b"PK\x03\x04": "a zip archive (a Word, OpenDocument or Anki file?); save the article as "
    "text or HTML, or use 'factdrill import anki' for an .apkg",
    b"\xd0\xcf\x11\xe0": "an old Word or Office file; save the article as text or HTML",
    b"{\\rtf": "an RTF file; save the article as plain text or HTML",
}


class DraftError(FactdrillError):
    """A source cannot be drafted from; the message says what to give instead."""


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def read_source(path: Path, name: str | None = None) -> Document:
    """The article at ``path`` read into a :class:`Document`, or a :class:`DraftError`."""
    name = name or path.name
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise DraftError(f"{path}: not a file; give an article as a .txt, .md or .html file")
        if size > MAX_SOURCE_BYTES:
            raise DraftError(
                f"{path}: the file is {size / 1024 / 1024:.1f} MB, more than the "
                f"{MAX_SOURCE_BYTES // 1024 // 1024} MB an article may have; draft from one "
                "chapter or page at a time"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise DraftError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise DraftError(f"{path}: the file is {what}")
    nul = data.find(b"\0")
    if nul >= 0:
        line, col = _line_col(data, nul)
        raise DraftError(
            f"{path}:{line}:{col}: binary data (a NUL byte), not an article; give a text, "
            "Markdown or HTML file"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise DraftError(
            f"{path}:{line}:{col}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the "
            "article with UTF-8 encoding"
        ) from None
    if not text.strip():
        raise DraftError(f"{path}: the file is empty; give the text of an article")
    return parse(text, name, fmt_for(path, text))


def fmt_for(path: Path, text: str) -> str:
    """``html``, ``markdown`` or ``text``: by suffix, else by a look at the start."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    head = text[:2000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or len(re.findall(r"</(?:p|div|li|h\d)>", head)) >= 3:
        return "html"
    return "text"


def parse(text: str, name: str, fmt: str) -> Document:
    """``text`` in format ``fmt`` as a :class:`Document`."""
    if fmt == "html":
        from .html import read_html

        return read_html(text, name)
    from .text import read_text

    return read_text(text, name, markdown=fmt == "markdown")
