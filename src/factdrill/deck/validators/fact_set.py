"""Set facts: a named set with members, optional non-members, and what it is signs of."""

from __future__ import annotations

from typing import Any

from ..fields import FieldMap, FieldReader, norm, where

KEYS = ("name", "members", "complete", "non_members", "signs_of")


def validate(c: FieldReader, m: FieldMap, label: str) -> dict[str, Any] | None:
    name = c.text(m, "name", required=True)
    members = c.texts(m, "members", required=True, min_items=1)
    non_members = c.texts(m, "non_members") or []
    if members:
        c.no_duplicates(
            members,
            f"member '{{value}}' of {label} is listed twice (first at {{first}}); remove one",
        )
    c.no_duplicates(
        non_members,
        f"non-member '{{value}}' of {label} is listed twice (first at {{first}}); remove one",
    )
    member_at = {norm(v): n for v, n in members or ()}
    for value, node in non_members:
        first = member_at.get(norm(value))
        if first is not None:
            c.error(
                node,
                f"non-member '{value}' of {label} is also a member ({where(first, node)}); "
                "remove it from one of the lists",
            )
    out = {
        "name": name,
        "members": tuple(v for v, _ in members or ()),
        "complete": c.flag(m, "complete", True),
        "non_members": tuple(v for v, _ in non_members),
        "signs_of": c.text(m, "signs_of"),
    }
    return out if name is not None and members else None
