"""Numeric recall: the student types the number.

Only figures worth recalling (:attr:`Statistic.worth_recalling`: whole
numbers, unless the deck says otherwise) are typed; a study's precise
decimals are recognised among wrong values instead (``numeric_mcq``).

The prompt is the statistic's question with its population and study
context, and says which unit to answer in. ``extra`` carries ``value``,
``high`` (a range's upper end, else None), ``unit`` and ``tolerance``
(0.0 when the fact gives none: the answer must match or fall in the range).
"""

from __future__ import annotations

import re
from typing import Iterator

from ..deck.facts import Deck, Statistic
from .items import Item, ItemKind
from .common import Context, Skip, make_item, stat_question

KIND = ItemKind.NUMERIC


def numeric_extra(fact: Statistic) -> dict:
    return {
        "value": float(fact.value),
        "high": None if fact.high is None else float(fact.high),
        "unit": fact.unit,
        "tolerance": float(fact.tolerance or 0.0),
    }


def answer_in(fact: Statistic, question: str = "") -> str:
    """What to type the answer in. A unit the question already counts in
    ("how many metastases") asks for a number: "Answer in metastases" is not
    English."""
    unit = fact.unit.strip()
    if unit == "%":
        return " Answer in percent."
    if unit and re.search(rf"\bhow many {re.escape(unit)}\b", question, re.IGNORECASE):
        return " Answer with a number."
    return f" Answer in {unit}." if unit else ""


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for fact in deck.facts:
        if isinstance(fact, Statistic):
            if not fact.worth_recalling:
                continue  # recognised among wrong values (numeric_mcq) only, by design
            question = stat_question(fact)
            prompt = question + answer_in(fact, question)
            yield make_item(ctx, fact, KIND, "main", "main", prompt,
                            answers=(fact.format_value(),), extra=numeric_extra(fact))
