"""Situation facts: a client condition and the nursing judgment around it.

Every section is a list of claims; a claim is either plain text (citing the
situation's ``sources``) or a mapping with ``text`` and, as the section
allows, ``why``, ``points_to``, ``says``, ``detects`` and its own
``sources``. A
``gaps`` entry is ``says`` (the client's words) and ``teach`` (the correct
teaching). ``priority`` is one claim with a ``why``. An ``expected``
finding marked ``later: true`` follows her treatment (aches for a few
hours after a bisphosphonate drip): items chart it only in the note
written after the care, never in the first assessment; one marked
``abnormal: true`` is not normal but is explained by the care she already
has (hot flashes on hormone therapy), so it needs no follow-up either. A ``monitor``
entry's ``detects`` names the change it shows early ("the compression
getting worse"): the stem "To detect ... early" then has one right
parameter, and the situation's other parameters are fair wrong choices, so
no two parameters of a situation may detect the same change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..facts import Claim
from ..fields import FieldMap, FieldReader, norm, where
from ..problems import name_list


@dataclass(frozen=True)
class Section:
    """What the entries of one section may hold, and what they must."""

    keys: tuple[str, ...]
    needs_why: bool = False
    what: str = "entry"


_CITED = ("sources",)
SECTIONS: dict[str, Section] = {
    # ``why``: what the finding means, said where it is marked as needing
    # follow-up (five cues of one note shared one line before, review 29 #38)
    "cues": Section(("text", "why", *_CITED), what="cue"),
    "look_alikes": Section(("text", "why", "points_to", *_CITED), needs_why=True, what="look-alike"),
    # ``later``: a finding that follows her treatment, charted only after it;
    # ``abnormal``: one not normal but explained by the care she has
    "expected": Section(("text", "why", "later", "abnormal", *_CITED), needs_why=True, what="expected finding"),
    "actions": Section(("text", "why", "also_first", "when", *_CITED), what="action"),
    "avoid": Section(("text", "why", *_CITED), needs_why=True, what="action to avoid"),
    "sequence": Section(("text", *_CITED), what="step"),
    "monitor": Section(("text", "why", "detects", *_CITED), what="parameter"),
    "outcomes": Section(("text", *_CITED), what="outcome"),
    "teaching": Section(("text", "says", *_CITED), what="teaching point"),
    "gaps": Section(("says", "teach", *_CITED), needs_why=True, what="teaching gap"),
}
KEYS = ("condition", "client", "priority", *SECTIONS)

_WHY_KEY = {"gaps": "teach"}
_TEXT_KEY = {"gaps": "says"}


def validate(c: FieldReader, m: FieldMap, label: str) -> dict[str, Any] | None:
    condition = c.text(m, "condition", required=True)
    client = c.text(m, "client")
    priority = _priority(c, m, label)
    out: dict[str, Any] = {"condition": condition, "client": client, "priority": priority}
    seen: dict[str, list[tuple[str, Any]]] = {}
    for name, section in SECTIONS.items():
        claims, nodes = _section(c, m, name, section, label)
        out[name] = claims
        seen[name] = nodes
    if not out["cues"] and m.get("cues") is None:
        c.error(m.node, f"{label} is missing 'cues' (the findings that point to the condition)")
    _overlaps(c, label, seen, priority, m)
    if condition is None or priority is None or not out["cues"]:
        return None
    return out


def _priority(c: FieldReader, m: FieldMap, label: str) -> Claim | None:
    node = c.required(m, "priority")
    if node is None:
        return None
    if not isinstance(node, c.y.MappingNode):
        c.error(node, f"'priority' of {label} must be a mapping with 'text:' and 'why:' "
                      f"(the action to take first and the reason), not {c.describe(node)}")
        return None
    return _claim(c, node, "priority", Section(("text", "why", *_CITED), needs_why=True, what="priority"), label)


def _section(
    c: FieldReader, m: FieldMap, name: str, section: Section, label: str
) -> tuple[tuple[Claim, ...], list[tuple[str, Any]]]:
    node = m.get(name)
    if node is None or (isinstance(node, c.y.ScalarNode) and node.tag == c.y.NULL):
        return (), []
    if not isinstance(node, c.y.SequenceNode):
        c.error(node, f"'{name}' of {label} must be a list of {section.what}s such as [a, b], "
                      f"not {c.describe(node)}")
        return (), []
    claims: list[Claim] = []
    nodes: list[tuple[str, Any]] = []
    for entry in node.value:
        claim = _claim(c, entry, name, section, label)
        if claim is not None:
            claims.append(claim)
            nodes.append((claim.text, entry))
    c.no_duplicates(nodes, f"{section.what} '{{value}}' of {label} is listed twice (first at {{first}}); remove one")
    if "detects" in section.keys:
        _same_detects(c, node, label)
    return tuple(claims), nodes


def _same_detects(c: FieldReader, node: Any, label: str) -> None:
    """Two parameters detecting the same change make "To detect ... early"
    a question with two keys."""
    found: list[tuple[str, Any]] = []
    for entry in node.value:
        if isinstance(entry, c.y.MappingNode):
            for k, v in entry.value:
                if k.value == "detects" and isinstance(v, c.y.ScalarNode) and v.value.strip():
                    found.append((" ".join(v.value.split()), v))
    c.no_duplicates(found, f"two parameters of {label} detect '{{value}}' (first at {{first}}); say what "
                           "each one shows that the others do not")


def _claim(c: FieldReader, entry: Any, name: str, section: Section, label: str) -> Claim | None:
    text_key = _TEXT_KEY.get(name, "text")
    why_key = _WHY_KEY.get(name, "why")
    if isinstance(entry, c.y.ScalarNode) and entry.tag != c.y.NULL and entry.value.strip():
        if section.needs_why or text_key != "text":
            c.error(entry, f"a {section.what} of {label} needs '{text_key}:' and '{why_key}:' "
                           f"(write it as a mapping), not plain text")
            return None
        return Claim(text=entry.value)
    if not isinstance(entry, c.y.MappingNode):
        c.error(entry, f"each {section.what} of {label} must be text or a mapping with "
                       f"'{text_key}:', not {c.describe(entry)}")
        return None
    em = FieldMap(entry, f"the {section.what} at line {entry.start_mark.line + 1} of {label}")
    allowed = section.keys
    c.check_keys(em, allowed)
    text = c.text(em, text_key, required=True)
    why = c.text(em, why_key, required=section.needs_why) if why_key in allowed else None
    sources = _sources(c, em, label)
    if text is None or (section.needs_why and why is None):
        return None
    return Claim(
        text=text,
        why=why,
        sources=sources,
        points_to=c.text(em, "points_to") if "points_to" in allowed else None,
        says=c.text(em, "says") if "says" in allowed and name != "gaps" else None,
        detects=c.text(em, "detects") if "detects" in allowed else None,
        also_first=c.flag(em, "also_first", False) if "also_first" in allowed else False,
        when=c.text(em, "when") if "when" in allowed else None,
        later=c.flag(em, "later", False) if "later" in allowed else False,
        abnormal=c.flag(em, "abnormal", False) if "abnormal" in allowed else False,
    )


def _sources(c: FieldReader, em: FieldMap, label: str) -> tuple[str, ...]:
    """A claim's own citations, checked against the deck's sources like a fact's."""
    cites = c.texts(em, "sources", min_items=1) or []
    known = getattr(c, "sources", None)
    cited = getattr(c, "cited", None)
    for key, node in cites:
        if cited is not None:
            cited.add(key)
        if known is not None and key not in known:
            from ..fields import close_match

            close = close_match(key, list(known), 0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            c.error(node, f"a claim of {label} cites unknown source '{key}'{hint} (declared sources: "
                          f"{name_list(known)}; add it under 'sources:' or fix the key)")
    return tuple(dict.fromkeys(k for k, _ in cites))


def _overlaps(c: FieldReader, label: str, seen: dict[str, list[tuple[str, Any]]], priority: Claim | None,
              m: FieldMap) -> None:
    """A claim in two sections that contradict each other is an authoring slip."""
    pairs = (("cues", "look_alikes", "both points to the condition and does not"),
             ("cues", "expected", "both points to the condition and needs no follow-up"),
             ("actions", "avoid", "is both indicated and to be avoided"))
    for a, b, clash in pairs:
        first = {norm(t): n for t, n in seen[a]}
        for text, node in seen[b]:
            if norm(text) in first:
                c.error(node, f"'{text}' of {label} {clash} (also under '{a}' at "
                              f"{where(first[norm(text)], node)}); keep it in one list")
    if priority is not None:
        for name in ("actions", "avoid"):
            for text, node in seen[name]:
                if norm(text) == norm(priority.text):
                    c.error(node, f"the priority action of {label} is listed again under '{name}'; "
                                  "list it once, under 'priority'")
