"""The deck checker: one deck (file or folder) from YAML nodes to a Deck.

:class:`DeckChecker` reads the deck's files, checks the metadata, sources and
topics, hands each fact to the validator of its kind
(:mod:`factdrill.deck.validators`) and runs the whole-deck checks. Every
problem names its file, line and column; only a deck without errors is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .facts import FACT_TYPES, NCLEX_CATEGORIES, Deck, Fact, FactKind, Location, Source, Topic
from .fields import FieldMap, FieldReader, close_match, error_at, where
from .draftmark import read_draft
from .glossary import read_synonyms
from .sources import read_source
from .files import DECK_FILE, content_hash, is_yaml_file
from .problems import Problem, name_list
from .validators import KIND_KEYS, VALIDATORS

SOURCE_KEY_RE = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")

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
    "synonyms",
    "facts",
)
TOPIC_KEYS = ("id", "title")
COMMON_KEYS = ("id", "kind", "topic", "sources", "tags", "explanation", "nclex", "draft")
# key -> the fact kind it belongs to, for "belongs to X facts" hints
KEY_OWNERS: dict[str, str] = {}
for _kind, _keys in KIND_KEYS.items():
    for _key in _keys:
        KEY_OWNERS.setdefault(_key, _kind.value)


@dataclass
class Listing:
    """The files of a deck to read (``None`` when it cannot be read) and why not."""

    files: list[Path] | None
    deck_file: Path
    folder: Path | None  # the deck folder, for a folder deck
    problems: list[Problem]


def list_files(path: Path) -> Listing:
    """The deck files at ``path`` (a file, or a folder with deck.yaml)."""
    problems: list[Problem] = []
    try:
        is_dir = path.is_dir()
    except OSError as exc:
        return Listing(None, path, None, [error_at(Location(str(path), 1, 1), f"cannot read it: {exc.strerror or exc}")])
    if not is_dir:
        if path.exists():
            return Listing([path], path, None, problems)
        message = "no such file or folder; give a deck file or folder"
        return Listing(None, path, None, [error_at(Location(str(path), 1, 1), message)])
    try:
        files = sorted((p for p in path.iterdir() if is_yaml_file(p)), key=lambda p: p.name)
    except OSError as exc:
        message = f"cannot read the folder: {exc.strerror or exc}"
        return Listing(None, path, path, [error_at(Location(str(path), 1, 1), message)])
    for odd in sorted(path.glob("*.yml")):
        message = f"ignored: only *.yaml files are read (rename it to {odd.stem}.yaml)"
        problems.append(Problem(Location(str(odd), 1, 1), "warning", message))
    deck_file = path / DECK_FILE
    if deck_file not in files:
        message = (f"folder deck has no {DECK_FILE}; create {deck_file} with the deck's 'id:' and"
                   " 'title:'")
        return Listing(None, deck_file, path, problems + [error_at(Location(str(path), 1, 1), message)])
    return Listing(files, deck_file, path, problems)


class DeckChecker(FieldReader):
    """Validates one deck (file or folder) and builds it when valid."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path
        self.sources: dict[str, Source] | None = {}
        self.source_keys: dict[str, Location] = {}
        self.cited: set[str] = set()
        self.topics: dict[str, Topic] | None = {}
        self.fact_ids: dict[str, Location] = {}
        self.facts: list[Fact] = []
        self.meta: dict[str, Any] = {}
        self.facts_broken = False  # a 'facts:' that is not a list: skip deck-wide warnings

    # -- driver ----------------------------------------------------------
    def run(self) -> tuple[Deck | None, list[Problem]]:
        path = self.path
        listed = list_files(path)
        for problem in listed.problems:
            self.add(problem)
        if listed.files is None:
            return None, self.problems
        files, deck_file, folder = listed.files, listed.deck_file, listed.folder

        parsed: dict[Path, Any] = {}
        raw: list[tuple[str, bytes]] = []
        for f in files:
            node, problems, data = self.y.read_yaml(f, str(f), folder)
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
                self.add(error_at(Location(str(f), 1, 1), f"file is empty; {what}"))
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

    def fact_file(self, file: Path, head: Deck) -> list[Fact]:
        """The facts of one fact file of this folder deck, checked as :meth:`run`
        checks them, against the metadata of ``head`` (its topics and sources).

        For reading one edited file again: checks that need the other files
        (an id used twice across files, sources no fact cites) are the
        caller's, which falls back to :meth:`run` on any problem.
        """
        self.sources = dict(head.sources)
        self.topics = {t.id: t for t in head.topics}
        self.file = str(file)
        node, problems, _ = self.y.read_yaml(file, str(file))
        for problem in problems:
            self.add(problem)
        if node is None:
            if not problems:
                self.add(error_at(Location(str(file), 1, 1), "file is empty"))
            return []
        top = self.top_mapping(node, deck=False)
        if top is not None:
            self.fact_list(top.get("facts"))
        return self.facts

    def top_mapping(self, node: Any, *, deck: bool) -> FieldMap | None:
        if not isinstance(node, self.y.MappingNode):
            keys = "'id:' and 'title:'" if deck else "'facts:'"
            self.error(
                node,
                f"the top of a deck file must be a mapping of keys like {keys}, "
                f"not {self.describe(node)}",
            )
            return None
        m = FieldMap(node, "the deck" if deck else "a fact file")
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

    def deck_meta(self, m: FieldMap) -> None:
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
        self.meta["synonyms"] = read_synonyms(self, m.get("synonyms"), self.sources, self.cited)

    def deck_sources(self, deck: FieldMap) -> None:
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
            self.sources[key] = read_source(self, key, value)

    def deck_topics(self, deck: FieldMap) -> None:
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
            m = FieldMap(entry, f"the topic at line {entry.start_mark.line + 1}")
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
                    f"duplicate topic id '{tid}' (first at {where(first_at[tid], id_node)}); "
                    "topic ids must be unique",
                )
                continue
            first_at[tid] = id_node
            self.topics[tid] = Topic(id=tid, title=title or tid)

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
        m = FieldMap(node, f"the fact at line {node.start_mark.line + 1}")
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
                close = close_match(kind_text, kinds, 0.5)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.error(
                    m.get("kind"),
                    f"unknown kind '{kind_text}' of {label}; {hint}kinds: {', '.join(kinds)}",
                )
        if kind is not None:
            m.what = f"{kind.value} fact '{fid}'" if fid else m.what
            self.check_keys(m, COMMON_KEYS + KIND_KEYS[kind], KEY_OWNERS)
        else:
            self.check_keys(m, COMMON_KEYS + tuple(k for keys in KIND_KEYS.values() for k in keys))

        common = self.fact_common(m, label)
        if kind is None:
            return
        specific = VALIDATORS[kind][1](self, m, label)
        if self.n_errors() == errors_before and specific is not None and fid is not None:
            fact_type = FACT_TYPES[kind]
            self.facts.append(fact_type(id=fid, loc=self.loc(node), **common, **specific))

    def fact_common(self, m: FieldMap, label: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        topic = self.text(m, "topic", required=True)
        if topic is not None and self.topics is not None and topic not in self.topics:
            close = close_match(topic, list(self.topics), 0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.error(
                m.get("topic"),
                f"{label} has unknown topic '{topic}'{hint} (declared topics: "
                f"{name_list(self.topics)}; add it under 'topics:' or fix the id)",
            )
        out["topic"] = topic or ""
        cites = self.texts(m, "sources", required=True, min_items=1) or []
        for key, node in cites:
            self.cited.add(key)
            if self.sources is not None and key not in self.sources:
                close = close_match(key, list(self.sources), 0.6)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                self.error(
                    node,
                    f"{label} cites unknown source '{key}'{hint} (declared sources: "
                    f"{name_list(self.sources)}; add it under 'sources:' or fix the key)",
                )
        out["sources"] = tuple(dict.fromkeys(k for k, _ in cites))
        tags = self.texts(m, "tags") or []
        for tag, node in tags:
            self.slug(tag, node, "tag")
        out["tags"] = tuple(dict.fromkeys(t for t, _ in tags))
        out["explanation"] = self.text(m, "explanation")
        out["draft"] = draft = read_draft(self, m, label, str(self.path))
        explanation = m.get("explanation")  # a draft's is part of its review: no 2nd warning
        if draft is None and (explanation is None or explanation.tag == self.y.NULL):
            self.warn(
                m.node,
                f"{label} has no explanation; add 'explanation:' with the "
                "rationale a student sees after answering",
            )
        nclex = self.text(m, "nclex")
        if nclex is not None and nclex not in NCLEX_CATEGORIES:
            close = close_match(nclex, list(NCLEX_CATEGORIES), 0.5)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.error(
                m.get("nclex"),
                f"'nclex' of {label} is not an NCLEX category: '{nclex}'; {hint}"
                "see decks/README.md for the eight category slugs",
            )
        out["nclex"] = nclex
        return out

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


