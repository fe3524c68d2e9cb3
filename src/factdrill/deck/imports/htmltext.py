"""Anki and CSV fields hold HTML; facts hold plain text. One converter, no regex on markup."""

from __future__ import annotations

from html.parser import HTMLParser

_BREAKS = frozenset("br div p li tr ul ol hr".split())
_SKIP = frozenset("script style".split())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in _BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIP and self.skip:
            self.skip -= 1
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def plain(html: str) -> str:
    """The text a field shows, on one line: tags dropped, entities decoded."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def links(html: str) -> list[tuple[str | None, str]]:
    """Each ``<br>``-separated entry of a field as (its link, its text)."""
    out = []
    for entry in html.split("<br>"):
        href = None
        marker = 'href="'
        at = entry.find(marker)
        if at >= 0:
            end = entry.find('"', at + len(marker))
            href = plain(entry[at + len(marker) : end]) if end > at else None
        text = plain(entry)
        if text:
            out.append((href, text))
    return out
