"""Term facts: a term, its definition, aliases, and whether to ask it in reverse."""

from __future__ import annotations

from typing import Any

from ..fields import FieldMap, FieldReader, norm

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
    }
