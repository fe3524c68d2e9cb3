"""Statistic facts: a measure with a value or [low, high] range, its unit and margin."""

from __future__ import annotations

from typing import Any

from .. import yamlnodes
from ..fields import FieldMap, FieldReader, fmt

KEYS = (
    "measure",
    "value",
    "unit",
    "approximate",
    "tolerance",
    "population",
    "study",
    "question",
    "wording",
    "recall",
)


def validate(c: FieldReader, m: FieldMap, label: str) -> dict[str, Any] | None:
    measure = c.text(m, "measure", required=True)
    out: dict[str, Any] = {"measure": measure}
    node = c.required(m, "value")
    value = high = None
    if isinstance(node, yamlnodes.SequenceNode):
        if len(node.value) != 2:
            c.error(
                node,
                f"'value' of {label} is a range, so it needs exactly two numbers "
                f"[low, high], not {len(node.value)}",
            )
        else:
            value = c.number(node.value[0], f"the low end of 'value' of {label}")
            high = c.number(node.value[1], f"the high end of 'value' of {label}")
            if value is not None and high is not None:
                if value > high:
                    c.error(
                        node,
                        f"range 'value' of {label} runs from {fmt(value)} down to "
                        f"{fmt(high)}; write the low end first: [{fmt(high)}, {fmt(value)}]",
                    )
                elif value == high:
                    c.error(
                        node,
                        f"range 'value' of {label} has equal ends; write the single "
                        f"number {fmt(value)}",
                    )
    elif node is not None:
        value = c.number(node, f"'value' of {label}")
    out.update(value=value, high=high)
    out["unit"] = c.text(m, "unit", blank_ok=True) or ""
    out["approximate"] = c.flag(m, "approximate", False)
    tol_node = m.get("tolerance")
    out["tolerance"] = None
    if tol_node is not None and not (
        isinstance(tol_node, yamlnodes.ScalarNode) and tol_node.tag == yamlnodes.NULL
    ):
        tol = c.number(tol_node, f"'tolerance' of {label}")
        if tol is not None and tol < 0:
            c.error(
                tol_node,
                f"'tolerance' of {label} is negative ({fmt(tol)}); give a margin of 0 or more",
            )
        out["tolerance"] = tol
    for key in ("population", "study", "question", "wording"):
        out[key] = c.text(m, key)
    if m.get("recall") is not None:
        out["recall"] = c.flag(m, "recall", True)
    if measure is None or value is None:
        return None
    top = high if high is not None else value
    if out["unit"].strip() == "%" and (value < 0 or top > 100):
        c.warn(
            node,
            f"'value' of {label} is {fmt(value) if high is None else f'{fmt(value)}-{fmt(top)}'}%, "
            "outside 0-100%; check it (a share cannot be; a change or a ratio can, so say "
            "so in 'measure')",
        )
    return out
