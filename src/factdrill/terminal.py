"""Terminal helpers: colour that honours NO_COLOR, and wrapping to 80 columns.

Colour is only ever added when it was asked for *and* the user has not set
``NO_COLOR`` (https://no-color.org); by default it is asked for only when the
stream is a terminal, so piped or scripted output is plain text.
"""

from __future__ import annotations

import os
import shutil
import re
import sys
import textwrap
from typing import TextIO

MAX_WIDTH = 80
# Below this the layout gives up; above it text follows the terminal: wrapping
# wider than a narrow terminal let the terminal break words in the middle.
MIN_WIDTH = 20

_FG = {
    "black": 30,
    "red": 31,
    "green": 32,
    "yellow": 33,
    "blue": 34,
    "magenta": 35,
    "cyan": 36,
    "white": 37,
}


def no_color() -> bool:
    """Whether the user asked for no colour (``NO_COLOR`` set and non-empty)."""
    return bool(os.environ.get("NO_COLOR"))


def use_color(stream: TextIO | None = None) -> bool:
    """Whether to colour output written to ``stream`` (default stdout)."""
    stream = sys.stdout if stream is None else stream
    if no_color() or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):  # closed or detached stream
        return False


def style(
    text: str,
    fg: str | None = None,
    *,
    bold: bool = False,
    dim: bool = False,
    enabled: bool | None = None,
    stream: TextIO | None = None,
) -> str:
    """``text`` wrapped in ANSI colour codes, or unchanged when colour is off.

    ``enabled=None`` decides from ``stream`` (see :func:`use_color`); an
    explicit ``True`` is still overridden by ``NO_COLOR``.
    """
    on = use_color(stream) if enabled is None else (enabled and not no_color())
    codes = []
    if bold:
        codes.append("1")
    if dim:
        codes.append("2")
    if fg:
        if fg not in _FG:
            raise ValueError(f"unknown colour {fg!r}")
        codes.append(str(_FG[fg]))
    if not on or not codes or not text:
        return text
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"


def width(stream: TextIO | None = None) -> int:
    """Columns to lay text out in: the terminal's, capped at 80, at least 20."""
    cols = shutil.get_terminal_size((MAX_WIDTH, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, cols))


def wrap(text: str, width: int = MAX_WIDTH, indent: str = "", subsequent_indent: str | None = None) -> str:
    """``text`` wrapped so no line is longer than ``width``.

    Existing line breaks are kept (each line is wrapped on its own); words
    longer than a line, such as URLs, are broken rather than overflowing.
    ``subsequent_indent`` defaults to ``indent``; a hanging indent for a
    lettered option is ``wrap(text, indent="a) ", subsequent_indent="   ")``.
    """
    later = indent if subsequent_indent is None else subsequent_indent
    # a quoted command ('factdrill drill --new 20') is never split over lines,
    # so it can be copied whole: its spaces are held as no-break spaces
    text = _QUOTED_COMMAND.sub(lambda m: m.group().replace(" ", _HOLD), text)
    out: list[str] = []
    first = True
    for line in text.splitlines() or [""]:
        lead = indent if first else later
        first = False
        if not line.strip():
            out.append(lead.rstrip())
            continue
        if len(line) > _LONG:
            line = _split_long_words(line)
        out.extend(
            textwrap.wrap(
                line,
                width=max(width, len(lead) + 1, len(later) + 1),
                initial_indent=lead,
                subsequent_indent=later,
                break_long_words=True,
                break_on_hyphens=True,
            )
        )
    return "\n".join(out).replace(_HOLD, " ")


_HOLD = "\x00"
_QUOTED_COMMAND = re.compile(r"'factdrill [^'\n]{1,60}'")

# textwrap breaks an over-long word by re-slicing its rest once per line, so
# a 10 MB word costs minutes: such words are pre-cut into pieces this long.
_LONG = 1000
_LONG_WORD = re.compile(r"\S{%d,}" % (_LONG + 1))


def _split_long_words(line: str) -> str:
    """``line`` with words over ``_LONG`` characters cut into ``_LONG``-character pieces."""
    def cut(m: re.Match[str]) -> str:
        word = m.group()
        return " ".join(word[i : i + _LONG] for i in range(0, len(word), _LONG))

    return _LONG_WORD.sub(cut, line)


# What must never reach a terminal from data: C0 controls (ESC starts escape
# sequences; BEL, BS and CR rewrite the line), DEL, C1 controls (U+009B is a
# one-byte CSI), the line and paragraph separators (a "line" that is two),
# BIDI overrides and isolates (text that displays differently from what it
# says: "Trojan Source") and lone surrogates (not encodable: the write fails).
# Tab and newline are handled by the callers' mode (see printable()).
_NON_C0 = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x08\x0a-\x1f{_NON_C0}]")
# in JSON text the newline (between documents) is safe and a tab cannot be
# raw, so the newline alone is left out
_UNSAFE_IN_JSON = re.compile(f"[\x00-\x09\x0b-\x1f{_NON_C0}]")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _visible(m: re.Match[str]) -> str:
    c = m.group()
    if c == "\n":
        return "\\n"
    o = ord(c)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """``text`` made harmless to show: the one sanitiser for terminal output.

    Deck text, file names and typed answers are data: an escape sequence
    in them must show as a symbol, never recolour, clear or retitle the
    student's terminal. Tabs become spaces. By default newlines are kept
    and every other unsafe character becomes U+FFFD (what a reader sees).
    ``one_line=True`` is for messages that must stay one line (``Error:``
    lines, ``check`` problems): newlines and unsafe characters are shown
    as escapes such as ``\\n`` or ``\\x1b``, so an author sees what to fix.
    """
    text = text.replace("\t", " ")
    if one_line:
        return _UNSAFE.sub(_visible, text)
    return _UNSAFE.sub(lambda m: "\n" if m.group() == "\n" else "\ufffd", text)


def json_text(text: str) -> str:
    """JSON text (from ``json.dumps``) with unsafe characters as ``\\uXXXX`` escapes.

    ``ensure_ascii=False`` keeps JSON readable but passes C1 controls, BIDI
    overrides and lone surrogates through raw; outside strings JSON has no
    such characters, so escaping them keeps the document equal and valid.
    """
    if text.isascii() and "\x7f" not in text:
        # json.dumps escapes every C0 control inside strings, so ASCII JSON
        # holds no unsafe character but the newlines between documents:
        # two C-speed checks instead of a regex pass (items --json)
        return text
    # newlines (between documents) are not matched at all: a callback for
    # each of them cost more than the scan itself
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def rule(width: int = MAX_WIDTH, char: str = "-") -> str:
    """A horizontal rule ``width`` columns wide."""
    return char * width


def truncate(text: str, width: int) -> str:
    """``text`` on one line, cut with ``...`` to at most ``width`` columns."""
    one = " ".join(text.split())
    if len(one) <= width:
        return one
    return one[: max(0, width - 3)].rstrip() + "..."


_ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")


def visible_len(line: str) -> int:
    """Length on screen: colour codes take no columns (counting them re-wrapped
    already wrapped, coloured lines into ragged ones)."""
    return len(_ANSI_RE.sub("", line))
