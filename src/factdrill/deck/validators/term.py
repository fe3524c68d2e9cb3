"""Term facts: a term, its definition, aliases, and whether to ask it in reverse."""

from __future__ import annotations

import re
from typing import Any

from ..fields import FieldMap, FieldReader, norm

KEYS = ("term", "definition", "aliases", "reverse", "category")


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
    for name in (term, *(a for a, _ in aliases)):
        if re.search(rf"(?<!\w){re.escape(norm(name))}(?!\w)", norm(definition)):
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
