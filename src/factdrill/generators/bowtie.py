"""Bowtie items: the condition in the middle, two actions to take on the
left, two parameters to monitor on the right.

Covers every step of clinical judgment in one item (NCSBN's stand-alone
bowtie). From the client's note (the situation's cues): the key condition
among the conditions its look-alikes point to and other situations'; two
keyed actions (the priority and the first other action) among its actions
to avoid (then other situations' first actions that fit this client's
note); two keyed parameters among other situations' parameters that fit
her note (none that presupposes an event she has not had). Scored 0/1 per target: at most 5 points.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..deck.facts import Claim, Deck, Situation
from .common import Context, Skip, cap
from .items import Item, ItemKind
from .situations import (GENERATE, Choice, condition_choices, foreign, generated, judgment_item, note, shuffled, texts,
                         to_avoid)

KIND = ItemKind.BOWTIE
QUESTION = ("Complete the diagram: choose the condition the client is most likely experiencing, 2 actions "
            "the nurse should take and 2 parameters the nurse should monitor.")
LABELS = ("Condition most likely experiencing", "Actions to take", "Parameters to monitor")


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        yield build(ctx, sit)


def _group(ctx: Context, seed: str, label: str, keys: list[Choice], wrong: list[Choice]) -> dict[str, Any]:
    entries = shuffled(ctx, seed, [*keys, *wrong])
    return {"label": label, "pick": len(keys), "options": [cap(c.text) for c in entries],
            "keys": [i for i, c in enumerate(entries) if c.correct], "rationales": [c.rationale for c in entries]}


def build(ctx: Context, sit: Situation, note_: dict | None = None, variant: str | int = 0,
          side: str = "actions", step: str = GENERATE) -> Item | Skip:
    doing: list[Claim] = [sit.priority, *sit.actions][:2]
    watching = list(sit.monitor[:2])
    wrong_conditions = condition_choices(ctx, sit, 3)
    wrong_actions = to_avoid(sit, sit.avoid[:3])
    if len(wrong_actions) < 3:
        wrong_actions += foreign(ctx, sit, "priority", 3 - len(wrong_actions))
    wrong_params = foreign(ctx, sit, "monitor", 3)
    if len(doing) < 2 or len(watching) < 2 or len(wrong_conditions) < 2 or len(wrong_actions) < 2 \
            or len(wrong_params) < 2:
        return Skip(sit.id, KIND, "a bowtie needs 2 actions, 2 'monitor' parameters and 2 wrong choices for "
                                  "each part (rival conditions, 'avoid' actions, other situations' parameters "
                                  "that fit this client's note)")
    seed = f"{sit.id}:bowtie:{variant}"
    groups = [
        _group(ctx, seed + ":c", LABELS[0], [Choice(sit.condition, True, "The findings in the note point to it.",
                                                    sit.id)], wrong_conditions),
        _group(ctx, seed + ":a", LABELS[1], [Choice(c.text, True, f"Take it: {c.why or 'indicated.'}", sit.id)
                                             for c in doing], wrong_actions),
        _group(ctx, seed + ":p", LABELS[2],
               [Choice(c.text, True, f"Monitor it: {c.why or 'it shows how the condition changes.'}", sit.id)
                for c in watching], wrong_params),
    ]
    n = note_ or note(sit, ctx.deck, texts(sit.cues[:4]))
    answers = [g["options"][k] for g in groups for k in g["keys"]]
    return judgment_item(ctx, sit, KIND, variant, side, step, QUESTION, note_=n, answers=answers,
                         claims=[*doing, *watching, *sit.cues[:4]], extra={"groups": groups},
                         cited_by=[*wrong_conditions, *wrong_actions, *wrong_params])
