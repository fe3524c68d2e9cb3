"""Ranking facts: items in a stated order (most common first...)."""

from __future__ import annotations

from typing import Any

from ..fields import FieldMap, FieldReader

KEYS = ("name", "items", "order")


def validate(c: FieldReader, m: FieldMap, label: str) -> dict[str, Any] | None:
    name = c.text(m, "name", required=True)
    items = c.texts(m, "items", required=True, min_items=2)
    if items:
        c.no_duplicates(
            items,
            f"'{{value}}' is listed twice in 'items' of {label} (first at "
            "{first}); a ranking cannot have ties or repeats",
        )
    order = c.text(m, "order")
    if name is None or not items:
        return None
    out: dict[str, Any] = {"name": name, "items": tuple(v for v, _ in items)}
    if order is not None:
        out["order"] = order
    return out
