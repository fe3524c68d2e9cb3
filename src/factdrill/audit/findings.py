"""What the audit reports: one finding per flaw, with where to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..deck.facts import Location

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One item-writing flaw.

    ``rule`` is the rule's id (``longest-option``); ``item_id`` is None for
    a finding about the deck as a whole; ``loc`` is the fact's place in the
    deck (or the deck file); ``hint`` says in one line how to fix it.
    """

    rule: str
    severity: Severity
    message: str
    hint: str
    item_id: str | None = None
    fact_id: str | None = None
    loc: Location | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple:
        loc = self.loc or Location("", 0, 0)
        return (loc.file, loc.line, loc.col, 0 if self.is_error else 1, self.rule, self.item_id or "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "item": self.item_id,
            "fact": self.fact_id,
            "file": self.loc.file if self.loc else None,
            "line": self.loc.line if self.loc else None,
            "col": self.loc.col if self.loc else None,
            "message": self.message,
            "hint": self.hint,
        }

    def line(self) -> str:
        where = f"{self.loc}: " if self.loc else ""
        what = f" {self.item_id}" if self.item_id else ""
        return f"{where}{self.severity}: [{self.rule}]{what}: {self.message}"
