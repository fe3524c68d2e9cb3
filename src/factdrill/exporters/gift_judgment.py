"""GIFT answer blocks of the clinical-judgment items, each in Moodle's nearest type.

- priority, teaching: multiple choice with per-answer feedback;
- highlight (select the findings that need follow-up): checkboxes, each key
  ``+100/k %`` and each other finding ``-100/k %``, NCSBN's +/- exactly;
- matrix multiple-choice: matching, each row to its column (Moodle scores
  matching per pair: NCSBN's 0/1 per row);
- matrix multiple-response: checkboxes, one per cell ("row: column"),
  weighted +/- like a highlight item;
- bowtie: checkboxes over its three lists, the five keys +20 % and the other
  choices -20 % (Moodle cannot cap each list at its count, and scores +/-
  where NCSBN scores 0/1 per target: the export says so);
- action order: matching, each position to its action, as ordering items;
- drop-down cloze and rationale: no GIFT form (see
  :mod:`factdrill.exporters.moodle_cloze`);
- a case: its six steps, each in its own form.
"""

from __future__ import annotations

from collections.abc import Callable

from ..generators.items import Item, ItemKind

ESCAPE = Callable[[str], str]


def answer_block(item: Item, escape: ESCAPE, weight: Callable[[int, bool], str], arrow: ESCAPE,
                 ordinal: Callable[[int], str]) -> list[str] | None:
    """The lines inside ``{ ... }`` of a judgment item, or None for another kind."""
    kind = ItemKind(item.kind)
    extra = item.extra
    if kind in (ItemKind.PRIORITY, ItemKind.TEACHING):
        return [f"{'=' if o.correct else '~'}{escape(o.text)}#{escape(o.rationale)}" for o in item.options]
    if kind is ItemKind.HIGHLIGHT:
        k = len(item.correct_options)
        return [f"~{weight(k, o.correct)}{escape(o.text)}#{escape(o.rationale)}" for o in item.options]
    if kind is ItemKind.MATRIX_MC:
        cols = extra["columns"]
        return [f"={escape(arrow(row))} -> {escape(arrow(cols[keys[0]]))}"
                for row, keys in zip(extra["rows"], extra["row_keys"])]
    if kind is ItemKind.MATRIX_MR:
        cols = extra["columns"]
        k = sum(len(keys) for keys in extra["row_keys"])
        return [f"~{weight(k, c in keys)}{escape(f'{row}: {col}')}#{escape(why)}"
                for row, keys, why in zip(extra["rows"], extra["row_keys"], extra["row_rationales"])
                for c, col in enumerate(cols)]
    if kind is ItemKind.BOWTIE:
        k = sum(len(g["keys"]) for g in extra["groups"])
        return [f"~{weight(k, i in g['keys'])}{escape(bowtie_label(g, o))}#{escape(why)}"
                for g in extra["groups"] for i, (o, why) in enumerate(zip(g["options"], g["rationales"]))]
    if kind is ItemKind.ACTION_ORDER:
        return [f"={ordinal(i + 1)} -> {escape(arrow(x))}" for i, x in enumerate(item.answers)]
    return None


def bowtie_label(group: dict, option: str) -> str:
    """A bowtie choice with its list: "Action to take: ..."."""
    short = {"Condition most likely experiencing": "Condition", "Actions to take": "Action to take",
             "Parameters to monitor": "Parameter to monitor"}
    return f"{short.get(group['label'], group['label'])}: {option}"


def prompt(item: Item) -> str:
    """The stem: the item's text plus what a Moodle form cannot show by itself."""
    kind = ItemKind(item.kind)
    if kind is ItemKind.MATRIX_MC:
        return f"{item.prompt} Match each action to its column."
    if kind is ItemKind.MATRIX_MR:
        return f"{item.prompt} Select every row: column pair that applies."
    if kind is ItemKind.BOWTIE:
        return f"{item.prompt} Select 1 condition, 2 actions and 2 parameters."
    if kind is ItemKind.ACTION_ORDER:
        return f"{item.prompt} Match each position to the action that belongs there."
    return item.prompt
