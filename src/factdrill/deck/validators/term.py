"""Term facts: a term, its definition, aliases, and whether to ask it in reverse."""

from __future__ import annotations

from typing import Any

from ..fields import FieldMap, FieldReader, error_at, norm
from ..markup import parse_gaps, plain_text

KEYS = ("term", "definition", "aliases", "reverse", "category")


def _names(text: str, name: str) -> bool:
    """Whether ``name`` occurs in ``text`` as whole words (not next to a
    letter, digit or underscore), without compiling a pattern for every term."""
    start = 0
    while (i := text.find(name, start)) >= 0:
        j = i + len(name)
        if not (i and _word(text[i - 1])) and not (j < len(text) and _word(text[j])):
            return True
        start = i + 1
    return False


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def validate(c: FieldReader, m: FieldMap, label: str) -> dict[str, Any] | None:
    term = c.text(m, "term", required=True)
    definition = c.text(m, "definition", required=True)
    aliases = c.texts(m, "aliases") or []
    c.no_duplicates(
        aliases,
        f"alias '{{value}}' of {label} is listed twice (first at {{first}}); remove one",
    )
    reverse = c.flag(m, "reverse", True)
    category = c.text(m, "category")
    if term is None or definition is None:
        return None
    gap_text = None
    if "{{" in definition or "}}" in definition:
        gap_text, definition = _gap(c, m, definition, label)
        if definition is None:
            return None
    text = norm(definition)
    for name in (term, *(a for a, _ in aliases)):
        if _names(text, norm(name)):
            c.warn(
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
        "category": " ".join(category.casefold().split()) if category else None,
        "gap_text": gap_text,
    }


def _gap(c: FieldReader, m: FieldMap, definition: str, label: str) -> tuple[str | None, str | None]:
    """A definition that marks the word its cloze blanks, with the other fair
    answers ("tumor in the {{vertebrae|spine::which bones?}}"): the marked
    text and the plain one, or (None, None) after reporting a fault."""
    from .statement import gap_problem

    found = gap_problem(definition)
    if found:
        offset, problem, advice = found
        c.add(error_at(c.offset_loc(m.get("definition"), offset), f"{problem} in the definition of {label}; {advice}"))
        return None, None
    if len(parse_gaps(definition)) != 1:
        c.error(m.get("definition"), f"the definition of {label} marks {len(parse_gaps(definition))} gaps; "
                                     "mark the one word its cloze should blank")
        return None, None
    return definition, plain_text(definition)
