"""Mapping facts: named 'left: right' pairs (site -> symptom, drug -> purpose)."""

from __future__ import annotations

from typing import Any

from .. import limits, yamlnodes
from ..fields import FieldMap, FieldReader, count, norm

KEYS = ("name", "left", "right", "pairs", "reverse", "names", "decoys", "link")


def validate(c: FieldReader, m: FieldMap, label: str) -> dict[str, Any] | None:
    name = c.text(m, "name", required=True)
    left = c.text(m, "left", required=True)
    right = c.text(m, "right", required=True)
    reverse = c.flag(m, "reverse", True)
    names = c.flag(m, "names", False)
    link = c.text(m, "link")
    node = c.required(m, "pairs")
    pairs: list[tuple[str, str]] = []
    alternatives: list[tuple[str, tuple[str, ...]]] = []
    if node is not None:
        if not isinstance(node, yamlnodes.MappingNode):
            c.error(
                node,
                f"'pairs' of {label} must be a mapping of 'left: right' lines, "
                f"not {c.describe(node)}",
            )
            return None
        lefts: list[tuple[str, Any]] = []
        rights: list[tuple[str, Any]] = []
        most = limits.list_limit("pairs")
        if len(node.value) > most:
            c.error(
                node,
                f"'pairs' of {label} has {count(len(node.value))} pairs; at most {most} are "
                "allowed (split the mapping into smaller ones)",
            )
            return None
        for key, value in yamlnodes.mapping_pairs(node):
            if (
                not isinstance(value, yamlnodes.ScalarNode)
                or value.tag == yamlnodes.NULL
                or not value.value.strip()
            ):
                c.error(
                    value if value.tag != yamlnodes.NULL else key,
                    f"pair '{key.value}' of {label} needs a text on its right side, "
                    f"not {c.describe(value)}",
                )
                continue
            left_raw = c.clean(key, f"a left value of 'pairs' in {label}", limits.MAX_ENTRY_CHARS)
            right_raw = c.clean(value, f"the right value of pair '{key.value[:40]}' in {label}",
                                limits.MAX_ENTRY_CHARS)
            if left_raw is None or right_raw is None:
                continue
            left_text, left_more = split_alternatives(left_raw)
            right_text, right_more = split_alternatives(right_raw)
            lefts.append((left_text, key))
            rights.append((right_text, value))
            pairs.append((left_text, right_text))
            for shown, more in ((left_text, left_more), (right_text, right_more)):
                if more:
                    alternatives.append((shown, more))
        if not node.value:
            c.error(
                node, f"'pairs' of {label} is empty; give at least one 'left: right' pair"
            )
        c.no_duplicates(
            lefts,
            f"left value '{{value}}' of {label} is listed twice (first at "
            "{first}); each left value may appear once",
            skip_exact=True,
        )
        if reverse:
            c.no_duplicates(
                rights,
                f"right value '{{value}}' of {label} is listed twice (first at "
                "{first}); with 'reverse: true' each right value must be unique "
                "(or set 'reverse: false')",
            )
    decoys = c.texts(m, "decoys") or []
    c.no_duplicates(decoys, f"decoy '{{value}}' of {label} is listed twice (first at {{first}}); remove one")
    right_at = {norm(r) for _, r in pairs}
    for value, node in decoys:
        if norm(value) in right_at:
            c.error(node, f"decoy '{value}' of {label} is also a right value of its pairs; a decoy fits "
                          "no left value (remove it from one of the lists)")
    if name is None or left is None or right is None or not pairs:
        return None
    return {
        "name": name,
        "left": left,
        "right": right,
        "pairs": tuple(pairs),
        "alternatives": tuple(alternatives),
        "reverse": reverse,
        "names": names,
        "decoys": tuple(v for v, _ in decoys),
        "link": " ".join(link.split()) if link else None,
    }


def split_alternatives(text: str) -> tuple[str, tuple[str, ...]]:
    """``"surgery|surgical fixation"`` -> the shown text and its alternatives."""
    if "|" not in text:
        return text, ()  # written as is
    parts = [p.strip() for p in text.split("|")]
    shown = next((p for p in parts if p), text.strip())
    return shown, tuple(p for p in parts if p and p != shown)
