"""The deck's synonym glossary (``synonyms:`` in deck.yaml), read and checked."""

from __future__ import annotations

from typing import Any

from .facts import Source, SynonymGroup
from .fields import FieldMap, FieldReader, where
from .problems import name_list


def read_synonyms(
    c: FieldReader, node: Any, sources: dict[str, Source] | None, cited: set[str]
) -> tuple[SynonymGroup, ...]:
    """Groups of words a grader accepts for one another, each citing the
    sources that equate them (added to ``cited``). A word may be in one group
    only; problems are reported through ``c``."""
    if node is None or (isinstance(node, c.y.ScalarNode) and node.tag == c.y.NULL):
        return ()
    if not isinstance(node, c.y.SequenceNode):
        c.error(node, "'synonyms' of the deck must be a list of groups such as "
                      f"'- terms: [radiotherapy, radiation therapy]', not {c.describe(node)}")
        return ()
    groups: list[SynonymGroup] = []
    owner: dict[str, Any] = {}
    for entry in node.value:
        if not isinstance(entry, c.y.MappingNode):
            c.error(entry, "each synonym group must be a mapping with 'terms:' (and 'sources:'), "
                           f"not {c.describe(entry)}")
            continue
        m = FieldMap(entry, f"the synonym group at line {entry.start_mark.line + 1}")
        c.check_keys(m, ("terms", "sources"))
        terms = c.texts(m, "terms", required=True, min_items=2) or []
        for term, tnode in terms:
            key = " ".join(term.casefold().split())
            if key in owner:
                c.error(tnode, f"'{term}' is already in the synonym group at {where(owner[key], tnode)}; "
                               "a word belongs to one group (merge the groups)")
            owner.setdefault(key, tnode)
        cites = c.texts(m, "sources") or []
        for key, snode in cites:
            cited.add(key)
            if sources is not None and key not in sources:
                c.error(snode, f"synonym group cites unknown source '{key}' (declared sources: "
                               f"{name_list(sources)})")
        if len(terms) >= 2:
            groups.append(SynonymGroup(tuple(t for t, _ in terms), tuple(k for k, _ in cites)))
    return tuple(groups)
