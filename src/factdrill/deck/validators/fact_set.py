"""Set facts: a named set with members, optional non-members, and what it is signs of."""

from __future__ import annotations

from typing import Any

from ..confusables import look_alike, odd_characters
from ..fields import FieldMap, FieldReader, norm, where
from .mapping import split_alternatives

KEYS = ("name", "members", "complete", "non_members", "signs_of")


def validate(c: FieldReader, m: FieldMap, label: str) -> dict[str, Any] | None:
    name = c.text(m, "name", required=True)
    members = c.texts(m, "members", required=True, min_items=1)
    # "placing a shunt|shunt": the member shown, and other answers a typed
    # reply is accepted as
    alternatives: list[tuple[str, tuple[str, ...]]] = []
    if members:
        split = [(split_alternatives(v), n) for v, n in members]
        members = [(shown, n) for (shown, _), n in split]
        alternatives = [(shown, more) for (shown, more), _ in split if more]
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
    look_alike_twice(c, members or [], f"member of {label}")
    look_alike_twice(c, non_members, f"non-member of {label}")
    member_at = {norm(v): n for v, n in members or ()}
    looks_at = {look_alike(v): (v, n) for v, n in members or ()}
    for value, node in non_members:
        first = member_at.get(norm(value))
        if first is not None:
            c.error(
                node,
                f"non-member '{value}' of {label} is also a member ({where(first, node)}); "
                "remove it from one of the lists",
            )
            continue
        twin = looks_at.get(look_alike(value))
        if twin is not None:
            # "Smоke" (Cyrillic о) shown as wrong beside "Smoke" as right
            c.error(
                node,
                f"non-member '{value}' of {label} looks the same as member '{twin[0]}' "
                f"({where(twin[1], node)}) but is spelt with other characters "
                f"({odd_characters(value, twin[0]) or 'invisible ones'}); students could not tell "
                "them apart: fix the spelling or remove one",
            )
    out: dict[str, Any] = {
        "name": name,
        "members": tuple(v for v, _ in members or ()),
        "complete": c.flag(m, "complete", True),
        "non_members": tuple(v for v, _ in non_members),
        "signs_of": c.text(m, "signs_of"),
        "alternatives": tuple(alternatives),
    }
    return out if name is not None and members else None


def look_alike_twice(c: FieldReader, entries: list[tuple[str, Any]], what: str) -> None:
    """Report entries that look like an earlier one but differ in spelling
    (exact repeats, under :func:`norm`, are reported by ``no_duplicates``)."""
    first: dict[str, tuple[str, Any]] = {}
    for value, node in entries:
        key = look_alike(value)
        seen = first.setdefault(key, (value, node))
        if seen[1] is node or norm(seen[0]) == norm(value):
            continue
        c.error(
            node,
            f"{what} '{value}' looks the same as '{seen[0]}' ({where(seen[1], node)}) but is spelt "
            f"with other characters ({odd_characters(value, seen[0]) or 'invisible ones'}); fix the "
            "spelling or remove one",
        )
