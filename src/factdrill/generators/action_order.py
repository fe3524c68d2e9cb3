"""Extended ordering items: put the nurse's actions in the order to take them.

Tests prioritizing a sequence (NCJMM: take action), from a situation's
``sequence`` (the order its sources give). The actions are shown shuffled
(never already in order); scored 0/1 per position, as NCSBN scores each
drag-and-drop target.
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Deck, Situation
from .common import Context, Skip, cap, shuffled_not_identity
from .items import Item, ItemKind
from .situations import TAKE_ACTION, generated, judgment_item, note, texts

KIND = ItemKind.ACTION_ORDER
MIN_STEPS = 3
MAX_STEPS = 6


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        if sit.sequence:
            yield build(ctx, sit)


def question(sit: Situation) -> str:
    return (f"For the client with suspected {sit.condition}, place the nurse's actions in the order they "
            "should be taken, first to last.")


def build(ctx: Context, sit: Situation, note_: dict | None = None, variant: str | int = 0,
          side: str = "actions") -> Item | Skip:
    steps = [cap(c.text) for c in sit.sequence[:MAX_STEPS]]
    if len(steps) < MIN_STEPS:
        return Skip(sit.id, KIND, f"'sequence' has {len(steps)} steps (need {MIN_STEPS} to order)")
    choices = shuffled_not_identity(ctx, f"{sit.id}:order:{variant}", steps)
    n = note_ or note(sit, ctx.deck, texts(sit.cues[:3]))
    return judgment_item(ctx, sit, KIND, variant, side, TAKE_ACTION, question(sit), note_=n, answers=steps,
                         claims=sit.sequence[:MAX_STEPS], extra={"choices": choices, "order": "first to last"})
