"""Problems found in a deck: one ``file:line:col: severity: message`` line each.

Kept in its own tiny module so the YAML reader, the loader and the authoring
lints can all produce them without importing each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..terminal import printable
from .facts import Location

Severity = Literal["error", "warning"]


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
        # One problem, one line: deck text quoted in a message may hold line
        # breaks, control characters or BIDI overrides; show them escaped.
        object.__setattr__(self, "message", printable(self.message, one_line=True))

    def __str__(self) -> str:
        # the file name is data too (a deck named with an escape sequence)
        return f"{printable(str(self.loc), one_line=True)}: {self.severity}: {self.message}"

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
