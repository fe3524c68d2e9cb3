"""Problems found in a deck: one ``file:line:col: severity: message`` line each.

Kept in its own tiny module so the YAML reader, the loader and the authoring
lints can all produce them without importing each other.
"""

from __future__ import annotations

import re

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .facts import Location

Severity = Literal["error", "warning"]

_ESCAPES = {i: repr(chr(i))[1:-1] for i in (*range(32), 0x7F)}


_CONTROL = re.compile("[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """One finding about a deck, pinned to where it was written.

    ``str(problem)`` is the compiler-style line editors and CI parse:
    ``decks/x.yaml:12:5: error: fact 'a' cites unknown source 'b' (...)``.
    """

    loc: Location
    severity: Severity
    message: str

    def __post_init__(self) -> None:
        # One problem, one line: deck text quoted in a message may hold
        # line breaks or other control characters; show them escaped.
        if _CONTROL.search(self.message):
            object.__setattr__(self, "message", self.message.translate(_ESCAPES))

    def __str__(self) -> str:
        return f"{self.loc}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int, int, str]:
        """Order by file, line, column; errors before warnings at one spot."""
        return (
            self.loc.file,
            self.loc.line,
            self.loc.col,
            0 if self.is_error else 1,
            self.message,
        )


def name_list(names: Iterable[str], limit: int = 8) -> str:
    """A short comma list for messages: at most ``limit`` names, then a count."""
    names = list(names)
    if not names:
        return "none"
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f", ... ({len(names)} in all)"
