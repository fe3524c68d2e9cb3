"""Reading YAML nodes into fields, reporting every problem at its place.

:class:`FieldReader` holds the problems found so far and reads typed fields
(text, lists of text, numbers, flags, slugs) from a :class:`FieldMap`,
reporting each fault as ``file:line:col`` with what to write instead. The
deck checker and the fact-kind validators are built on it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from . import limits, yamlnodes
from .facts import Location
from .problems import Problem

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
RANGE_TEXT_RE = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:-|–|to)\s*\d")
# Characters no deck text may carry into an output: C0 controls but tab and
# newline (NUL from "\0", ESC from "\e"...), DEL, C1 controls and lone
# surrogates (which no UTF-8 file can hold). YAML escapes can write them.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def count(n: int) -> str:
    """``n`` with thousands separators, for messages about sizes."""
    return f"{n:,}"


def error_at(loc: Location, message: str) -> Problem:
    return Problem(loc, "error", message)


def close_match(word: str, choices: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The closest choice to a misspelt ``word``, for "did you mean" hints."""
    import difflib  # only needed when something is wrong

    return difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)


def norm(text: str) -> str:
    """Text compared the way a reader would: case and spacing ignored."""
    return " ".join(text.casefold().split())


def where(first: Any, node: Any) -> str:
    """Where ``first`` is, as seen from ``node``: its line, or column on the same line."""
    if first.start_mark.line == node.start_mark.line:
        return f"column {first.start_mark.column + 1}"
    return f"line {first.start_mark.line + 1}"


def fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "my-id"


class FieldMap:
    """A mapping node's pairs by key (merges applied), plus what it is called."""

    def __init__(self, node: Any, what: str) -> None:
        self.node = node
        self.what = what
        self.items = {k.value: (k, v) for k, v in yamlnodes.mapping_pairs(node)}

    def get(self, key: str) -> Any:
        pair = self.items.get(key)
        return None if pair is None else pair[1]


class FieldReader:
    """Reads fields of one file's nodes and collects the problems found."""

    def __init__(self, file: str) -> None:
        self.y = yamlnodes
        self.file = file
        self.problems: list[Problem] = []
        self.errors = 0

    # -- reporting -------------------------------------------------------
    def loc(self, node: Any) -> Location:
        return self.y.loc_of(self.file, node)

    def error(self, node: Any, message: str) -> None:
        self.add(error_at(self.loc(node), message))

    def warn(self, node: Any, message: str) -> None:
        self.add(Problem(self.loc(node), "warning", message))

    def offset_loc(self, node: Any, offset: int) -> Location:
        """Where character ``offset`` of a scalar's text is, when that is knowable.

        Exact for one-line plain scalars; otherwise the scalar's start (folded,
        quoted or escaped text no longer maps one-to-one onto the file).
        """
        loc = self.loc(node)
        if not node.style and node.start_mark.line == node.end_mark.line:  # C loader: ""
            return Location(loc.file, loc.line, loc.col + offset)
        return loc

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)
        self.errors += problem.is_error

    def n_errors(self) -> int:
        # A counter, not a scan: it is asked once per fact.
        return self.errors

    def describe(self, node: Any) -> str:
        if isinstance(node, self.y.MappingNode):
            return "a mapping"
        if isinstance(node, self.y.SequenceNode):
            return "a list"
        if node.tag == self.y.NULL:
            return "empty"
        value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return f"'{value}'"

    def check_keys(
        self, m: FieldMap, allowed: tuple[str, ...], owners: Mapping[str, str] | None = None
    ) -> None:
        """Report keys not in ``allowed``; ``owners`` maps a key to the fact
        kind it belongs to, for a "check 'kind:'" hint."""
        for key, (knode, _) in m.items.items():
            if key in allowed:
                continue
            owner = (owners or {}).get(key)
            close = close_match(key, allowed, 0.6)
            if owner:
                hint = f"'{key}' belongs to {owner} facts (check 'kind:')"
            elif close:
                hint = f"did you mean '{close[0]}'?"
            else:
                hint = f"allowed keys: {', '.join(allowed)}"
            self.error(knode, f"unknown key '{key}' in {m.what}; {hint}")

    def required(self, m: FieldMap, key: str) -> Any:
        node = m.get(key)
        if node is None:
            self.error(m.node, f"{m.what} is missing '{key}' (add '{key}: ...')")
        return node

    def text(
        self, m: FieldMap, key: str, *, required: bool = False, blank_ok: bool = False
    ) -> str | None:
        """A text field; any plain scalar counts (``version: 1.0`` is the text '1.0')."""
        node = self.required(m, key) if required else m.get(key)
        if node is None:
            return None
        if isinstance(node, self.y.ScalarNode) and node.tag == self.y.NULL:
            if required:
                self.error(node, f"'{key}' of {m.what} is empty; write a value after '{key}:'")
            return None
        if not isinstance(node, self.y.ScalarNode):
            self.error(node, f"'{key}' of {m.what} must be text, not {self.describe(node)}")
            return None
        if not node.value.strip() and not blank_ok:
            self.error(node, f"'{key}' of {m.what} is blank; write a value or remove the key")
            return None
        return self.clean(node, f"'{key}' of {m.what}", limits.MAX_TEXT_CHARS)

    def clean(self, node: Any, what: str, max_chars: int) -> str | None:
        """A scalar's text within ``max_chars``, control characters made U+FFFD.

        Deck text reaches files, terminals and the store; a control character
        (from a YAML escape) is never meant, so it is replaced and reported.
        """
        value: str = node.value
        if len(value) > max_chars:
            self.error(
                node,
                f"{what} is {count(len(value))} characters long; at most {count(max_chars)} are "
                "allowed (shorten it, or split it into several facts)",
            )
            return None
        bad = CONTROL_RE.search(value)
        if bad:
            self.warn(
                node,
                f"{what} holds the control character U+{ord(bad.group()):04X}, which is shown "
                "as U+FFFD; remove it",
            )
            value = CONTROL_RE.sub("\ufffd", value)
        return value

    def flag(self, m: FieldMap, key: str, default: bool) -> bool:
        node = m.get(key)
        if node is None:
            return default
        if isinstance(node, self.y.ScalarNode) and node.tag == self.y.BOOL:
            return node.value.lower() in ("true", "yes", "on", "y")
        self.error(node, f"'{key}' of {m.what} must be true or false, not {self.describe(node)}")
        return default

    def number(self, node: Any, label: str) -> float | None:
        """A finite number from a scalar node, or ``None`` after reporting why not."""
        if isinstance(node, self.y.ScalarNode) and node.tag in (self.y.INT, self.y.FLOAT):
            from yaml.constructor import SafeConstructor

            try:
                construct = (
                    SafeConstructor.construct_yaml_int
                    if node.tag == self.y.INT
                    else SafeConstructor.construct_yaml_float
                )
                value = float(construct(SafeConstructor(), node))
            except (ValueError, OverflowError):
                value = math.inf
            if not math.isfinite(value):
                self.error(node, f"{label} must be a finite number, not {self.describe(node)}")
                return None
            if abs(value) > limits.MAX_MAGNITUDE:
                self.error(
                    node,
                    f"{label} is {self.describe(node)}, too large: numbers must lie between "
                    f"-{count(int(limits.MAX_MAGNITUDE))} and {count(int(limits.MAX_MAGNITUDE))} "
                    "(state a large figure in a bigger unit, e.g. 'million cells')",
                )
                return None
            if 0 < abs(value) < limits.MIN_MAGNITUDE:
                self.error(
                    node,
                    f"{label} is {self.describe(node)}, too small to print (it would show as 0); "
                    "state it in a smaller unit, e.g. 'micrograms' instead of 'grams'",
                )
                return None
            return value
        hint = ""
        if isinstance(node, self.y.ScalarNode) and node.value.strip().endswith("%"):
            hint = " (write the number alone and put '%' under 'unit:')"
        elif isinstance(node, self.y.ScalarNode) and RANGE_TEXT_RE.match(node.value):
            hint = " (write a range as [low, high], e.g. [10, 15])"
        self.error(node, f"{label} must be a number, not {self.describe(node)}{hint}")
        return None

    def texts(
        self, m: FieldMap, key: str, *, required: bool = False, min_items: int = 0
    ) -> list[tuple[str, Any]] | None:
        """A list of texts with each entry's node (for pointing at entries)."""
        node = self.required(m, key) if required else m.get(key)
        if node is None:
            return None
        if isinstance(node, self.y.ScalarNode) and node.tag == self.y.NULL:
            if required:
                self.error(node, f"'{key}' of {m.what} is empty; give a list such as [a, b]")
            return None
        if not isinstance(node, self.y.SequenceNode):
            self.error(
                node,
                f"'{key}' of {m.what} must be a list such as [a, b], not {self.describe(node)}",
            )
            return None
        most = limits.list_limit(key)
        if len(node.value) > most:
            self.error(
                node,
                f"'{key}' of {m.what} has {count(len(node.value))} entries; at most {most} are "
                "allowed (split the fact into smaller ones)",
            )
            return None
        out: list[tuple[str, Any]] = []
        ok = True
        for entry in node.value:
            if (
                not isinstance(entry, self.y.ScalarNode)
                or entry.tag == self.y.NULL
                or not entry.value.strip()
            ):
                got = self.describe(entry) if entry.tag == self.y.NULL or entry.value else "blank"
                self.error(entry, f"entries of '{key}' in {m.what} must be text, not {got}")
                ok = False
                continue
            value = self.clean(entry, f"an entry of '{key}' in {m.what}", limits.entry_limit(key))
            if value is None:
                ok = False
                continue
            out.append((value, entry))
        if ok and len(out) < min_items:
            if not out:
                self.error(
                    node,
                    f"'{key}' of {m.what} is an empty list; give at least {min_items} "
                    f"entr{'y' if min_items == 1 else 'ies'}",
                )
            else:
                self.error(
                    node,
                    f"'{key}' of {m.what} has only {len(out)} entry; it needs at least {min_items}",
                )
        return out if ok else None

    def slug(self, value: str, node: Any, label: str, pattern: re.Pattern[str] = SLUG_RE) -> bool:
        if len(value) > limits.MAX_ID_CHARS:
            # ids name files (DECK.apkg) and store rows: a 300-character id
            # made 'export anki' fail with "file name too long"
            self.error(
                node,
                f"{label} is {count(len(value))} characters long; at most {limits.MAX_ID_CHARS} "
                f"are allowed, e.g. '{slugify(value)[: limits.MAX_ID_CHARS].strip('-')}'",
            )
            return False
        if pattern.match(value):
            return True
        kind = (
            "lowercase letters, digits and hyphens"
            if pattern is SLUG_RE
            else ("lowercase letters, digits, hyphens and underscores")
        )
        self.error(node, f"{label} '{value}' is not a slug; use {kind}, e.g. '{slugify(value)}'")
        return False

    def no_duplicates(
        self, entries: list[tuple[str, Any]], message: str, *, skip_exact: bool = False
    ) -> bool:
        """Report entries equal to an earlier one (case and spacing ignored).

        ``message`` gets ``{value}`` and ``{first}`` (where the first one is,
        and how it was spelled when that differs). ``skip_exact`` leaves
        identical repeats alone (mapping keys: YAML already reported them).
        """
        seen: dict[str, tuple[str, Any]] = {}
        ok = True
        for value, node in entries:
            first_value, first = seen.setdefault(norm(value), (value, node))
            if first is node or (skip_exact and first_value == value):
                continue
            place = where(first, node)
            if first_value != value:
                place += f" as '{first_value}'"
            # str.replace, not format: deck text may itself contain braces.
            self.error(node, message.replace("{value}", value).replace("{first}", place))
            ok = False
        return ok

