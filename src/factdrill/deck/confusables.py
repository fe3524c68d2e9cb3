"""Look-alike text: UTS #39 skeletons, so "Smоke" (Cyrillic о) equals "Smoke".

A set's members and non-members are compared (and distractors kept apart
from true answers) under :func:`look_alike`, so a non-member that only
*looks* like a member is caught: otherwise an item could show "Smоke" as
wrong beside "Smoke" as right, two options a student cannot tell apart.

The skeleton is the one of Unicode Technical Standard #39, section 4:
``NFD``, each character replaced by its prototype from ``confusables.txt``,
``NFD`` again. Invisible format characters (zero-width space and joiners,
soft hyphen, BIDI marks, variation selectors...) are dropped first, as the
later revisions of UTS #39 do with default-ignorable code points.

Why not a library: ``confusable_homoglyphs`` lists look-alike pairs in both
directions but no prototype, so it cannot give a comparison key, and
``confusables`` compares two strings pairwise (quadratic across a list) and
adds its own non-Unicode mappings (``e`` ~ ``3``). The prototype table is
small (6,311 lines) and ships in ``factdrill/data/confusables.txt``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

# Default-ignorable characters that are not format characters (category Cf).
_IGNORABLE_EXTRA = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, *range(0x180B, 0x1810), *range(0xFE00, 0xFE10),
     *range(0xE0100, 0xE01F0)]
)


def _table_text() -> str:
    """The packaged prototype table (a plain file beside the package when
    installed as files: importlib.resources would import zipfile for it)."""
    path = Path(__file__).resolve().parents[1] / "data" / "confusables.txt"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:  # installed in an archive
        from importlib import resources

        return resources.files("factdrill").joinpath("data", "confusables.txt").read_text(encoding="utf-8")


def _parse(lines: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {chr(int(source, 16)): "".join(chr(int(cp, 16)) for cp in target.split()) for source, target in lines}


@lru_cache(maxsize=1)
def _prototypes() -> dict[str, str]:
    """character -> its prototype, from the packaged table."""
    return _parse(line.partition(";")[::2] for line in _table_text().splitlines()
                  if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _ascii_prototypes() -> dict[str, str]:
    """The table's entries for ASCII characters (a handful: ``m`` is ``rn``),
    found without parsing its six thousand lines: most deck text is ASCII,
    and a check of one edited file should not pay for the whole table."""
    return _parse(_ASCII_LINE.findall(_table_text()))


@lru_cache(maxsize=1)
def _ascii_translation() -> dict[int, str]:
    """:func:`_ascii_prototypes` for ``str.translate`` (one call per text, not
    a lookup per character: checking a file maps every name it compares)."""
    return str.maketrans(_ascii_prototypes())


_ASCII_LINE = re.compile(r"^(00[0-7][0-9A-Fa-f]);([^\n]*)$", re.M)


def invisible(c: str) -> bool:
    """Whether ``c`` is a format or other default-ignorable character (shows as nothing)."""
    return unicodedata.category(c) == "Cf" or ord(c) in _IGNORABLE_EXTRA


def skeleton(text: str) -> str:
    """The UTS #39 skeleton of ``text``: equal skeletons look alike."""
    if text.isascii():  # already NFD, nothing invisible: only the ASCII entries apply
        return unicodedata.normalize("NFD", text.translate(_ascii_translation()))
    table = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(table.get(c, c) for c in decomposed if not invisible(c))
    return unicodedata.normalize("NFD", mapped)


@lru_cache(maxsize=1 << 16)
def look_alike(text: str) -> str:
    """A comparison key: equal for texts a reader cannot tell apart.

    Case, spacing and compatibility forms (NFKC: fullwidth letters,
    ligatures) are ignored too, as in every other comparison of deck text;
    ``look_alike("Smоke") == look_alike("ｓｍｏｋｅ ")``.
    """
    return " ".join(skeleton(unicodedata.normalize("NFKC", text).casefold()).casefold().split())


def odd_characters(text: str, like: str) -> str:
    """The characters of ``text`` that are invisible or not in ``like``, for
    a message (``U+043E CYRILLIC SMALL LETTER O``); at most three."""
    found = []
    for c in dict.fromkeys(text):
        if (invisible(c) or c not in like) and not c.isspace():
            found.append(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}")
    return ", ".join(found[:3])
