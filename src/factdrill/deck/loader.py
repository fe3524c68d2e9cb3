"""Finding, loading and validating decks.

A deck is one YAML file (``decks/NAME.yaml``) or a folder (``decks/NAME/``)
with a ``deck.yaml`` and further ``*.yaml`` fact files (format:
``decks/README.md``). Validation runs on YAML nodes, so every
:class:`Problem` names the file, line and column of what is wrong and says
how to fix it; only a deck without errors becomes a :class:`~factdrill.deck.facts.Deck`.

``check_deck`` never raises for bad input (it reports); ``load_deck`` raises
:class:`~factdrill.errors.DeckError` carrying every problem.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import DeckError, UsageProblem
from .facts import (
    FACT_TYPES,
    NCLEX_CATEGORIES,
    Deck,
    Fact,
    FactKind,
    Location,
    Source,
    Topic,
)
from .problems import Problem, Severity

__all__ = [
    "DEFAULT_DECK",
    "DeckNotFound",
    "Problem",
    "Severity",
    "check_deck",
    "decks_dir",
    "find_decks",
    "load_deck",
    "resolve_deck",
]

DEFAULT_DECK = "breast-cancer-metastasis"
DECK_FILE = "deck.yaml"

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
SOURCE_KEY_RE = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
RANGE_TEXT_RE = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:-|–|to)\s*\d")

DECK_KEYS = (
    "id",
    "title",
    "description",
    "version",
    "authors",
    "license",
    "scenario_client",
    "scenario_question",
    "sources",
    "topics",
    "facts",
)
SOURCE_KEYS = ("title", "authors", "journal", "publisher", "year", "details", "doi", "url")
TOPIC_KEYS = ("id", "title")
COMMON_KEYS = ("id", "kind", "topic", "sources", "tags", "explanation", "nclex")
KIND_KEYS: dict[FactKind, tuple[str, ...]] = {
    FactKind.TERM: ("term", "definition", "aliases", "reverse"),
    FactKind.STATISTIC: (
        "measure",
        "value",
        "unit",
        "approximate",
        "tolerance",
        "population",
        "study",
        "question",
        "wording",
    ),
    FactKind.SET: ("name", "members", "complete", "non_members", "signs_of"),
    FactKind.MAPPING: ("name", "left", "right", "pairs", "reverse"),
    FactKind.RANKING: ("name", "items", "order"),
    FactKind.STATEMENT: ("text", "false_variants"),
}


class DeckNotFound(UsageProblem):
    """A deck name or path given on the command line names no deck."""


# --------------------------------------------------------------------------
# Finding decks


def decks_dir() -> Path:
    """The folder of decks: ``$FACTDRILL_DECKS``, else ``./decks``, else the bundled one.

    ``./decks`` stays relative so messages show short ``decks/x.yaml`` paths.
    """
    env = os.environ.get("FACTDRILL_DECKS")
    if env:
        return Path(env).expanduser()
    local = Path("decks")
    if local.is_dir():
        return local
    return bundled_decks_dir()


def bundled_decks_dir() -> Path:
    """The ``decks/`` folder shipped with factdrill (next to ``src/`` in this layout)."""
    import factdrill

    return Path(factdrill.__file__).resolve().parents[2] / "decks"


def _is_yaml_file(p: Path) -> bool:
    return p.suffix == ".yaml" and not p.name.startswith(".") and p.is_file()


def find_decks(root: Path | None = None, *, include_broken: bool = False) -> list[Path]:
    """Decks directly inside ``root`` (default :func:`decks_dir`), sorted by name.

    A deck is a ``*.yaml`` file or a folder holding ``deck.yaml``. With
    ``include_broken``, folders that hold ``*.yaml`` files but no
    ``deck.yaml`` are listed too, so ``check`` can report them.
    """
    root = decks_dir() if root is None else Path(root)
    if not root.is_dir():
        return []
    found: list[Path] = []
    try:
        for entry in sorted(root.iterdir(), key=lambda p: p.name):
            if entry.name.startswith("."):
                continue
            if _is_yaml_file(entry):
                found.append(entry)
            elif entry.is_dir() and (
                (entry / DECK_FILE).is_file()
                or (include_broken and any(_is_yaml_file(p) for p in entry.iterdir()))
            ):
                found.append(entry)
    except OSError as exc:
        raise DeckNotFound(
            f"cannot read the folder {exc.filename or root}: {exc.strerror or exc}"
        ) from None
    return found


def resolve_deck(name_or_path: str | None) -> Path:
    """The deck a user means: ``None`` is the flagship deck; a name; or a path.

    A name is looked up as ``NAME/`` then ``NAME.yaml`` in :func:`decks_dir`,
    then among the bundled decks (so the flagship deck is found even when
    ``FACTDRILL_DECKS`` names a folder of one's own decks). Raises
    :class:`DeckNotFound` (exit 2) listing the decks there.
    """
    name = DEFAULT_DECK if name_or_path is None else name_or_path
    given = Path(name).expanduser()
    if name_or_path is not None and given.exists():
        return given
    root = decks_dir()
    for folder in dict.fromkeys((root, bundled_decks_dir())):
        for candidate in (folder / name, folder / f"{name}.yaml"):
            if candidate.exists():
                return candidate
    available = [p.name.removesuffix(".yaml") for p in find_decks(root)]
    there = f"available: {_names(available)}" if available else "it holds no decks"
    raise DeckNotFound(
        f"no deck named '{name}' in {root} ({there}); give a deck name from "
        "'factdrill decks' or a path"
    )


# --------------------------------------------------------------------------
# Loading


def load_deck(path: str | os.PathLike[str]) -> Deck:
    """Load a valid deck or raise :class:`DeckError` listing its errors."""
    deck, problems = check_deck(path)
    errors = sorted((p for p in problems if p.is_error), key=Problem.sort_key)
    if deck is None or errors:
        raise DeckError(errors or problems)
    return deck


def check_deck(path: str | os.PathLike[str]) -> tuple[Deck | None, list[Problem]]:
    """Validate the deck at ``path``: the deck (if it has no errors) and every problem.

    Never raises for bad input: unreadable, binary, empty, malformed or
    hostile files all come back as problems. A file inside a folder deck
    (``deck.yaml`` or a fact file) checks the whole folder.
    """
    path = Path(path)
    if path.suffix == ".yaml" and (path.parent / DECK_FILE).is_file():
        path = path.parent  # a file of a folder deck means the whole deck
    try:
        deck, problems = _Checker(path).run()
        return deck, sorted(problems, key=Problem.sort_key)
    except RecursionError:
        return None, [
            _error(Location(str(path), 1, 1), "anchors, aliases or merge keys nest too deeply")
        ]
    except Exception as exc:  # a bug: report it as one line rather than abort a whole check run
        return None, [
            _error(
                Location(str(path), 1, 1),
                f"internal error while checking this deck ({type(exc).__name__}: "
                f"{' '.join(str(exc).split())}); "
                "please report it",
            )
        ]


def content_hash(files: Iterable[tuple[str, bytes]]) -> str:
    """sha256 over the deck's files in name order (name and bytes of each).

    A cache key: any edit, rename or added file changes it.
    """
    h = hashlib.sha256()
    for name, data in sorted(files):
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


# --------------------------------------------------------------------------
# Validation on nodes


def _error(loc: Location, message: str) -> Problem:
    return Problem(loc, "error", message)


def _close(word: str, choices: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The closest choice to a misspelt ``word``, for "did you mean" hints."""
    import difflib  # only needed when something is wrong

    return difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)


def _names(names: Iterable[str], limit: int = 8) -> str:
    """A short comma list for messages: at most ``limit`` names, then a count."""
    names = list(names)
    if not names:
        return "none"
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f", ... ({len(names)} in all)"


def _norm(text: str) -> str:
    """Text compared the way a reader would: case and spacing ignored."""
    return " ".join(text.casefold().split())


def _where(first: Any, node: Any) -> str:
    """Where ``first`` is, as seen from ``node``: its line, or column on the same line."""
    if first.start_mark.line == node.start_mark.line:
        return f"column {first.start_mark.column + 1}"
    return f"line {first.start_mark.line + 1}"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "my-id"


class _Map:
    """A mapping node's pairs by key (merges applied), plus what it is called."""

    def __init__(self, node: Any, what: str) -> None:
        from .yamlnodes import mapping_pairs

        self.node = node
        self.what = what
        self.items = {k.value: (k, v) for k, v in mapping_pairs(node)}

    def get(self, key: str) -> Any:
        pair = self.items.get(key)
        return None if pair is None else pair[1]


class _Checker:
    """Validates one deck (file or folder) and builds it when valid."""

    def __init__(self, path: Path) -> None:
        from . import yamlnodes

        self.y = yamlnodes
        self.path = path
        self.problems: list[Problem] = []
        self.errors = 0
        self.file = str(path)
        self.sources: dict[str, Source] | None = {}
        self.source_keys: dict[str, Location] = {}
        self.cited: set[str] = set()
        self.topics: dict[str, Topic] | None = {}
        self.fact_ids: dict[str, Location] = {}
        self.facts: list[Fact] = []
        self.meta: dict[str, Any] = {}
        self.facts_broken = False  # a 'facts:' that is not a list: skip deck-wide warnings

    # -- reporting -------------------------------------------------------
    def loc(self, node: Any) -> Location:
        return self.y.loc_of(self.file, node)

    def error(self, node: Any, message: str) -> None:
        self.add(_error(self.loc(node), message))

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

    # -- driver ----------------------------------------------------------
    def run(self) -> tuple[Deck | None, list[Problem]]:
        path = self.path
        if path.is_dir():
            try:
                files = sorted(
                    (p for p in path.iterdir() if _is_yaml_file(p)), key=lambda p: p.name
                )
            except OSError as exc:
                self.add(
                    _error(
                        Location(str(path), 1, 1), f"cannot read the folder: {exc.strerror or exc}"
                    )
                )
                return None, self.problems
            for odd in sorted(path.glob("*.yml")):
                self.add(
                    Problem(
                        Location(str(odd), 1, 1),
                        "warning",
                        f"ignored: only *.yaml files are read (rename it to {odd.stem}.yaml)",
                    )
                )
            if not (path / DECK_FILE).is_file():
                self.add(
                    _error(
                        Location(str(path), 1, 1),
                        f"folder deck has no {DECK_FILE}; create {path / DECK_FILE} "
                        "with the deck's 'id:' and 'title:'",
                    )
                )
                return None, self.problems
            deck_file = path / DECK_FILE
        elif path.exists():
            files = [path]
            deck_file = path
        else:
            self.add(
                _error(
                    Location(str(path), 1, 1), "no such file or folder; give a deck file or folder"
                )
            )
            return None, self.problems

        parsed: dict[Path, Any] = {}
        raw: list[tuple[str, bytes]] = []
        for f in files:
            node, problems, data = self.y.read_yaml(f, str(f))
            for problem in problems:
                self.add(problem)
            if problems:
                self.facts_broken = True  # its facts are unseen: no deck-wide warnings
            raw.append((f.name, data))
            if node is None and not problems:
                what = (
                    "a deck needs at least 'id:' and 'title:'"
                    if f == deck_file
                    else ("give it a 'facts:' list or delete it")
                )
                self.add(_error(Location(str(f), 1, 1), f"file is empty; {what}"))
            parsed[f] = node

        # Metadata first, so facts in any file can be checked against it.
        root = parsed.get(deck_file)
        self.file = str(deck_file)
        if root is None:
            self.sources = self.topics = None  # unknown: don't flag references
        fact_lists: list[tuple[str, Any]] = []
        if root is not None:
            top = self.top_mapping(root, deck=True)
            if top is not None:
                self.deck_meta(top)
                fact_lists.append((self.file, top.get("facts")))
        for f in files:
            if f == deck_file or parsed[f] is None:
                continue
            self.file = str(f)
            top = self.top_mapping(parsed[f], deck=False)
            if top is not None:
                fact_lists.append((self.file, top.get("facts")))
        # Facts in file-name order (deck.yaml's take its place among them).
        order = {str(f): i for i, f in enumerate(files)}
        fact_lists.sort(key=lambda fl: order[fl[0]])
        for file, node in fact_lists:
            self.file = file
            self.fact_list(node)

        self.file = str(deck_file)
        self.after_facts(root)
        if self.n_errors() or root is None:
            return None, self.problems
        deck = Deck(
            **self.meta,
            sources=dict(self.sources or {}),
            topics=tuple((self.topics or {}).values()),
            facts=tuple(self.facts),
            path=str(path),
            content_hash=content_hash(raw),
        )
        return deck, self.problems

    def top_mapping(self, node: Any, *, deck: bool) -> _Map | None:
        if not isinstance(node, self.y.MappingNode):
            keys = "'id:' and 'title:'" if deck else "'facts:'"
            self.error(
                node,
                f"the top of a deck file must be a mapping of keys like {keys}, "
                f"not {self.describe(node)}",
            )
            return None
        m = _Map(node, "the deck" if deck else "a fact file")
        if deck and set(m.items) == {"facts"} and self.path.is_file():
            # Facts alone: a fact file of a folder deck checked on its own, or a
            # folder deck whose deck.yaml is missing.
            folder = self.path.parent
            self.error(
                node,
                f"this file has facts but no deck metadata; a one-file deck needs 'id:' and "
                f"'title:' at the top, and a folder deck needs {folder / DECK_FILE}",
            )
            return None
        if deck:
            self.check_keys(m, DECK_KEYS)
        else:
            for key, (knode, _) in m.items.items():
                if key != "facts":
                    self.error(
                        knode,
                        f"unknown key '{key}' in a fact file of a folder deck; only 'facts:' "
                        f"belongs here (deck metadata goes in {DECK_FILE})",
                    )
        return m

    # -- generic field readers ----------------------------------------------
    def describe(self, node: Any) -> str:
        if isinstance(node, self.y.MappingNode):
            return "a mapping"
        if isinstance(node, self.y.SequenceNode):
            return "a list"
        if node.tag == self.y.NULL:
            return "empty"
        value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return f"'{value}'"

    def check_keys(self, m: _Map, allowed: tuple[str, ...], kind: FactKind | None = None) -> None:
        for key, (knode, _) in m.items.items():
            if key in allowed:
                continue
            owner = next(
                (k.value for k, keys in KIND_KEYS.items() if kind is not None and key in keys),
                None,
            )
            close = _close(key, allowed, 0.6)
            if owner:
                hint = f"'{key}' belongs to {owner} facts (check 'kind:')"
            elif close:
                hint = f"did you mean '{close[0]}'?"
            else:
                hint = f"allowed keys: {', '.join(allowed)}"
            self.error(knode, f"unknown key '{key}' in {m.what}; {hint}")

    def required(self, m: _Map, key: str) -> Any:
        node = m.get(key)
        if node is None:
            self.error(m.node, f"{m.what} is missing '{key}' (add '{key}: ...')")
        return node

    def text(
        self, m: _Map, key: str, *, required: bool = False, blank_ok: bool = False
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
        return node.value

    def flag(self, m: _Map, key: str, default: bool) -> bool:
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
            if math.isfinite(value):
                return value
            self.error(node, f"{label} must be a finite number, not {self.describe(node)}")
            return None
        hint = ""
        if isinstance(node, self.y.ScalarNode) and node.value.strip().endswith("%"):
            hint = " (write the number alone and put '%' under 'unit:')"
        elif isinstance(node, self.y.ScalarNode) and RANGE_TEXT_RE.match(node.value):
            hint = " (write a range as [low, high], e.g. [10, 15])"
        self.error(node, f"{label} must be a number, not {self.describe(node)}{hint}")
        return None

    def texts(
        self, m: _Map, key: str, *, required: bool = False, min_items: int = 0
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
            out.append((entry.value, entry))
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
        if pattern.match(value):
            return True
        kind = (
            "lowercase letters, digits and hyphens"
            if pattern is SLUG_RE
            else ("lowercase letters, digits, hyphens and underscores")
        )
        self.error(node, f"{label} '{value}' is not a slug; use {kind}, e.g. '{_slugify(value)}'")
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
            first_value, first = seen.setdefault(_norm(value), (value, node))
            if first is node or (skip_exact and first_value == value):
                continue
            where = _where(first, node)
            if first_value != value:
                where += f" as '{first_value}'"
            # str.replace, not format: deck text may itself contain braces.
            self.error(node, message.replace("{value}", value).replace("{first}", where))
            ok = False
        return ok

    # -- deck metadata -----------------------------------------------------
    def deck_meta(self, m: _Map) -> None:
        deck_id = self.text(m, "id", required=True)
        if deck_id is not None:
            self.slug(deck_id, m.get("id"), "deck id")
        meta: dict[str, Any] = {
            "id": deck_id or "",
            "title": self.text(m, "title", required=True) or "",
        }
        for key in ("description", "version", "scenario_client", "scenario_question"):
            value = self.text(m, key)
            if value is not None:
                meta[key] = value
        meta["license"] = self.text(m, "license")
        authors = m.get("authors")
        if isinstance(authors, self.y.ScalarNode) and authors.tag != self.y.NULL:
            meta["authors"] = (self.text(m, "authors") or "",)
        else:
            meta["authors"] = tuple(v for v, _ in self.texts(m, "authors") or ())
        self.meta = meta
        self.deck_sources(m)
        self.deck_topics(m)

    def deck_sources(self, deck: _Map) -> None:
        node = deck.get("sources")
        if node is None or (isinstance(node, self.y.ScalarNode) and node.tag == self.y.NULL):
            return
        if not isinstance(node, self.y.MappingNode):
            self.error(
                node,
                "'sources' of the deck must be a mapping of key: details, not"
                f" {self.describe(node)}",
            )
            self.sources = None
            return
        assert self.sources is not None
        for key_node, value in self.y.mapping_pairs(node):
            key = key_node.value
            self.slug(key, key_node, "source key", SOURCE_KEY_RE)
            self.source_keys.setdefault(key, self.loc(key_node))
            if not isinstance(value, self.y.MappingNode):
                self.error(
                    value if value.tag != self.y.NULL else key_node,
                    f"source '{key}' must be a mapping with at least 'title:', not"
                    f" {self.describe(value)}",
                )
                self.sources[key] = Source(key=key, title=key)  # known, so citations still resolve
                continue
            m = _Map(value, f"source '{key}'")
            self.check_keys(m, SOURCE_KEYS)
            fields: dict[str, Any] = {"title": self.text(m, "title", required=True) or key}
            for name in ("authors", "journal", "publisher", "details", "doi", "url"):
                fields[name] = self.text(m, name)
            year = m.get("year")
            if year is not None and not (
                isinstance(year, self.y.ScalarNode) and year.tag == self.y.NULL
            ):
                if (
                    isinstance(year, self.y.ScalarNode)
                    and year.tag == self.y.INT
                    and year.value.isdigit()
                ):
                    fields["year"] = int(year.value)
                else:
                    self.error(
                        year,
                        f"'year' of source '{key}' must be a whole number such as 2013, "
                        f"not {self.describe(year)}",
                    )
            doi = fields["doi"]
            if doi and doi.lower().startswith(("http:", "https:", "doi:")):
                self.error(
                    m.get("doi"),
                    f"'doi' of source '{key}' must be the bare DOI such as "
                    "10.1016/j.clbc.2012.11.001, without 'https://doi.org/' or 'doi:'",
                )
            self.sources[key] = Source(key=key, **fields)

    def deck_topics(self, deck: _Map) -> None:
        node = deck.get("topics")
        if node is None or (isinstance(node, self.y.ScalarNode) and node.tag == self.y.NULL):
            return
        if not isinstance(node, self.y.SequenceNode):
            self.error(
                node,
                "'topics' of the deck must be a list of 'id:'/'title:' entries, not"
                f" {self.describe(node)}",
            )
            self.topics = None
            return
        assert self.topics is not None
        first_at: dict[str, Any] = {}
        for entry in node.value:
            if not isinstance(entry, self.y.MappingNode):
                self.error(
                    entry,
                    "each topic must be a mapping with 'id:' and 'title:', not"
                    f" {self.describe(entry)}",
                )
                continue
            m = _Map(entry, f"the topic at line {entry.start_mark.line + 1}")
            tid = self.text(m, "id", required=True)
            if tid is not None:
                m.what = f"topic '{tid}'"
            self.check_keys(m, TOPIC_KEYS)
            title = self.text(m, "title", required=True)
            if tid is None:
                continue
            id_node = m.get("id")
            self.slug(tid, id_node, "topic id")
            if tid in first_at:
                self.error(
                    id_node,
                    f"duplicate topic id '{tid}' (first at {_where(first_at[tid], id_node)}); "
                    "topic ids must be unique",
                )
                continue
            first_at[tid] = id_node
            self.topics[tid] = Topic(id=tid, title=title or tid)

    # -- facts ---------------------------------------------------------------
    def fact_list(self, node: Any) -> None:
        if node is None or (isinstance(node, self.y.ScalarNode) and node.tag == self.y.NULL):
            return
        if not isinstance(node, self.y.SequenceNode):
            self.error(
                node,
                "'facts' must be a list of facts (one '- id: ...' entry each), not"
                f" {self.describe(node)}",
            )
            self.facts_broken = True
            return
        for entry in node.value:
            if not isinstance(entry, self.y.MappingNode):
                self.error(
                    entry,
                    "each fact must be a mapping of keys like 'id:' and 'kind:', not"
                    f" {self.describe(entry)}",
                )
                continue
            self.fact(entry)

    def fact(self, node: Any) -> None:
        errors_before = self.n_errors()
        m = _Map(node, f"the fact at line {node.start_mark.line + 1}")
        fid = self.text(m, "id", required=True)
        if fid is not None:
            m.what = f"fact '{fid}'"
            id_node = m.get("id")
            self.slug(fid, id_node, "fact id")
            first = self.fact_ids.get(fid)
            if first is not None:
                where = f"line {first.line}" if first.file == self.file else str(first)
                self.error(
                    id_node,
                    f"duplicate fact id '{fid}' (first at {where});"
                    " fact ids must be unique in a deck",
                )
            else:
                self.fact_ids[fid] = self.loc(id_node)
        label = m.what

        kind: FactKind | None = None
        kind_text = self.text(m, "kind", required=True)
        if kind_text is not None:
            try:
                kind = FactKind(kind_text)
            except ValueError:
                kinds = [k.value for k in FactKind]
                close = _close(kind_text, kinds, 0.5)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.error(
                    m.get("kind"),
                    f"unknown kind '{kind_text}' of {label}; {hint}kinds: {', '.join(kinds)}",
                )
        if kind is not None:
            m.what = f"{kind.value} fact '{fid}'" if fid else m.what
            self.check_keys(m, COMMON_KEYS + KIND_KEYS[kind], kind)
        else:
            self.check_keys(m, COMMON_KEYS + tuple(k for keys in KIND_KEYS.values() for k in keys))

        common = self.fact_common(m, label)
        if kind is None:
            return
        specific = getattr(self, f"kind_{kind.value}")(m, label)
        if self.n_errors() == errors_before and specific is not None and fid is not None:
            fact_type = FACT_TYPES[kind]
            self.facts.append(fact_type(id=fid, loc=self.loc(node), **common, **specific))

    def fact_common(self, m: _Map, label: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        topic = self.text(m, "topic", required=True)
        if topic is not None and self.topics is not None and topic not in self.topics:
            close = _close(topic, list(self.topics), 0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.error(
                m.get("topic"),
                f"{label} has unknown topic '{topic}'{hint} (declared topics: "
                f"{_names(self.topics)}; add it under 'topics:' or fix the id)",
            )
        out["topic"] = topic or ""
        cites = self.texts(m, "sources", required=True, min_items=1) or []
        for key, node in cites:
            self.cited.add(key)
            if self.sources is not None and key not in self.sources:
                close = _close(key, list(self.sources), 0.6)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                self.error(
                    node,
                    f"{label} cites unknown source '{key}'{hint} (declared sources: "
                    f"{_names(self.sources)}; add it under 'sources:' or fix the key)",
                )
        out["sources"] = tuple(dict.fromkeys(k for k, _ in cites))
        tags = self.texts(m, "tags") or []
        for tag, node in tags:
            self.slug(tag, node, "tag")
        out["tags"] = tuple(dict.fromkeys(t for t, _ in tags))
        out["explanation"] = self.text(m, "explanation")
        explanation = m.get("explanation")
        if explanation is None or explanation.tag == self.y.NULL:
            self.warn(
                m.node,
                f"{label} has no explanation; add 'explanation:' with the "
                "rationale a student sees after answering",
            )
        nclex = self.text(m, "nclex")
        if nclex is not None and nclex not in NCLEX_CATEGORIES:
            close = _close(nclex, list(NCLEX_CATEGORIES), 0.5)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.error(
                m.get("nclex"),
                f"'nclex' of {label} is not an NCLEX category: '{nclex}'; {hint}"
                "see decks/README.md for the eight category slugs",
            )
        out["nclex"] = nclex
        return out

    def kind_term(self, m: _Map, label: str) -> dict[str, Any] | None:
        term = self.text(m, "term", required=True)
        definition = self.text(m, "definition", required=True)
        aliases = self.texts(m, "aliases") or []
        self.no_duplicates(
            aliases,
            f"alias '{{value}}' of {label} is listed twice (first at {{first}}); remove one",
        )
        reverse = self.flag(m, "reverse", True)
        if term is None or definition is None:
            return None
        for name in (term, *(a for a, _ in aliases)):
            if re.search(rf"(?<!\w){re.escape(_norm(name))}(?!\w)", _norm(definition)):
                self.warn(
                    m.get("definition"),
                    f"the definition of {label} names the term itself ('{name}'), which gives "
                    "the answer away; describe it without the term",
                )
                break
        return {
            "term": term,
            "definition": definition,
            "aliases": tuple(a for a, _ in aliases),
            "reverse": reverse,
        }

    def kind_statistic(self, m: _Map, label: str) -> dict[str, Any] | None:
        measure = self.text(m, "measure", required=True)
        out: dict[str, Any] = {"measure": measure}
        node = self.required(m, "value")
        value = high = None
        if isinstance(node, self.y.SequenceNode):
            if len(node.value) != 2:
                self.error(
                    node,
                    f"'value' of {label} is a range, so it needs exactly two numbers "
                    f"[low, high], not {len(node.value)}",
                )
            else:
                value = self.number(node.value[0], f"the low end of 'value' of {label}")
                high = self.number(node.value[1], f"the high end of 'value' of {label}")
                if value is not None and high is not None:
                    if value > high:
                        self.error(
                            node,
                            f"range 'value' of {label} runs from {_fmt(value)} down to "
                            f"{_fmt(high)}; write the low end first: [{_fmt(high)}, {_fmt(value)}]",
                        )
                    elif value == high:
                        self.error(
                            node,
                            f"range 'value' of {label} has equal ends; write the single "
                            f"number {_fmt(value)}",
                        )
        elif node is not None:
            value = self.number(node, f"'value' of {label}")
        out.update(value=value, high=high)
        out["unit"] = self.text(m, "unit", blank_ok=True) or ""
        out["approximate"] = self.flag(m, "approximate", False)
        tol_node = m.get("tolerance")
        out["tolerance"] = None
        if tol_node is not None and not (
            isinstance(tol_node, self.y.ScalarNode) and tol_node.tag == self.y.NULL
        ):
            tol = self.number(tol_node, f"'tolerance' of {label}")
            if tol is not None and tol < 0:
                self.error(
                    tol_node,
                    f"'tolerance' of {label} is negative ({_fmt(tol)}); give a margin of 0 or more",
                )
            out["tolerance"] = tol
        for key in ("population", "study", "question", "wording"):
            out[key] = self.text(m, key)
        if measure is None or value is None:
            return None
        return out

    def kind_set(self, m: _Map, label: str) -> dict[str, Any] | None:
        name = self.text(m, "name", required=True)
        members = self.texts(m, "members", required=True, min_items=1)
        non_members = self.texts(m, "non_members") or []
        if members:
            self.no_duplicates(
                members,
                f"member '{{value}}' of {label} is listed twice (first at {{first}}); remove one",
            )
        self.no_duplicates(
            non_members,
            f"non-member '{{value}}' of {label} is listed twice (first at {{first}}); remove one",
        )
        member_at = {_norm(v): n for v, n in members or ()}
        for value, node in non_members:
            first = member_at.get(_norm(value))
            if first is not None:
                self.error(
                    node,
                    f"non-member '{value}' of {label} is also a member ({_where(first, node)}); "
                    "remove it from one of the lists",
                )
        out = {
            "name": name,
            "members": tuple(v for v, _ in members or ()),
            "complete": self.flag(m, "complete", True),
            "non_members": tuple(v for v, _ in non_members),
            "signs_of": self.text(m, "signs_of"),
        }
        return out if name is not None and members else None

    def kind_mapping(self, m: _Map, label: str) -> dict[str, Any] | None:
        name = self.text(m, "name", required=True)
        left = self.text(m, "left", required=True)
        right = self.text(m, "right", required=True)
        reverse = self.flag(m, "reverse", True)
        node = self.required(m, "pairs")
        pairs: list[tuple[str, str]] = []
        if node is not None:
            if not isinstance(node, self.y.MappingNode):
                self.error(
                    node,
                    f"'pairs' of {label} must be a mapping of 'left: right' lines, "
                    f"not {self.describe(node)}",
                )
                return None
            lefts: list[tuple[str, Any]] = []
            rights: list[tuple[str, Any]] = []
            for key, value in self.y.mapping_pairs(node):
                if (
                    not isinstance(value, self.y.ScalarNode)
                    or value.tag == self.y.NULL
                    or not value.value.strip()
                ):
                    self.error(
                        value if value.tag != self.y.NULL else key,
                        f"pair '{key.value}' of {label} needs a text on its right side, "
                        f"not {self.describe(value)}",
                    )
                    continue
                lefts.append((key.value, key))
                rights.append((value.value, value))
                pairs.append((key.value, value.value))
            if not node.value:
                self.error(
                    node, f"'pairs' of {label} is empty; give at least one 'left: right' pair"
                )
            self.no_duplicates(
                lefts,
                f"left value '{{value}}' of {label} is listed twice (first at "
                "{first}); each left value may appear once",
                skip_exact=True,
            )
            if reverse:
                self.no_duplicates(
                    rights,
                    f"right value '{{value}}' of {label} is listed twice (first at "
                    "{first}); with 'reverse: true' each right value must be unique "
                    "(or set 'reverse: false')",
                )
        if name is None or left is None or right is None or not pairs:
            return None
        return {
            "name": name,
            "left": left,
            "right": right,
            "pairs": tuple(pairs),
            "reverse": reverse,
        }

    def kind_ranking(self, m: _Map, label: str) -> dict[str, Any] | None:
        name = self.text(m, "name", required=True)
        items = self.texts(m, "items", required=True, min_items=2)
        if items:
            self.no_duplicates(
                items,
                f"'{{value}}' is listed twice in 'items' of {label} (first at "
                "{first}); a ranking cannot have ties or repeats",
            )
        order = self.text(m, "order")
        if name is None or not items:
            return None
        out: dict[str, Any] = {"name": name, "items": tuple(v for v, _ in items)}
        if order is not None:
            out["order"] = order
        return out

    def kind_statement(self, m: _Map, label: str) -> dict[str, Any] | None:
        text = self.text(m, "text", required=True)
        variants = self.texts(m, "false_variants") or []
        if text is not None:
            found = gap_problem(text)
            if found:
                offset, problem, advice = found
                self.add(
                    _error(
                        self.offset_loc(m.get("text"), offset),
                        f"{problem} in the text of {label}; {advice}",
                    )
                )
            else:
                from .markup import plain_text

                plain = _norm(plain_text(text)).rstrip(".")
                for value, node in variants:
                    if _norm(value).rstrip(".") == plain:
                        self.error(
                            node,
                            f"a false variant of {label} is the statement itself; "
                            "a false variant must say something untrue",
                        )
        for value, node in variants:
            if "{{" in value or "}}" in value:
                self.error(
                    node,
                    f"a false variant of {label} has gap markup; only 'text' may have {{{{gaps}}}}",
                )
        self.no_duplicates(
            variants,
            f"false variant '{{value}}' of {label} is listed twice (first at "
            "{first}); remove one",
        )
        if text is None:
            return None
        return {"text": text, "false_variants": tuple(v for v, _ in variants)}

    # -- whole-deck checks ---------------------------------------------------
    def after_facts(self, root: Any) -> None:
        if root is None or self.facts_broken:
            return
        if self.sources is not None:
            for key, loc in self.source_keys.items():
                if key not in self.cited:
                    self.add(
                        Problem(
                            loc,
                            "warning",
                            f"source '{key}' is declared but no fact cites it; "
                            "cite it or remove it",
                        )
                    )
        if self.meta and not self.facts and not self.fact_ids:
            self.warn(root, "the deck has no facts yet; add them under 'facts:'")


def gap_problem(text: str) -> tuple[int, str, str] | None:
    """The first fault in the ``{{gap}}`` markup of ``text``: (offset, problem, advice)."""
    pos = 0
    while True:
        opening = text.find("{{", pos)
        closing = text.find("}}", pos)
        if opening < 0 or (0 <= closing < opening):
            if closing >= 0:
                return closing, "'}}' without an opening '{{'", "mark a gap as {{answer}}"
            return None
        closing = text.find("}}", opening + 2)
        nested = text.find("{{", opening + 2)
        if closing < 0 or (0 <= nested < closing):
            return opening, "a gap opened with '{{' is never closed", "end it with '}}'"
        body = text[opening + 2 : closing]
        if "{" in body or "}" in body:
            return opening, f"gap '{{{{{body}}}}}' has a brace inside", "write it as {{answer}}"
        if not any(a.strip() for a in body.partition("::")[0].split("|")):
            return opening, f"empty gap '{{{{{body}}}}}'", "write the answer between the braces"
        pos = closing + 2
