"""Priority items: "Which action should the nurse take first?"

Tests prioritization (NCJMM: take action). From a situation's note (its
cues), the key is the situation's ``priority`` action; the distractors are
its other indicated actions, each right to do but not first (an NCLEX
priority item's distractors are plausible, often correct, actions), then
actions to avoid when there are too few; each distractor's rationale gives
its own reason (what it does, and that it is not the first action: not
"it can wait", since a rival such as rehydration is urgent too, review 12),
never the key's.
Scored 0/1.
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Deck, Situation
from .common import Context, Skip, sentence
from .items import Item, ItemKind
from .first_actions import can_wait, offered_as_waiting, to_avoid, unhedged
from .situations import TAKE_ACTION, Choice, generated, judgment_item, note, texts

KIND = ItemKind.PRIORITY
QUESTION = "Which action should the nurse take first?"
MAX_CUES = 4


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        yield build(ctx, sit)


def build(ctx: Context, sit: Situation, note_: dict | None = None, variant: str | int = 0,
          side: str = "actions") -> Item | Skip:
    first = sit.priority
    # each distractor's rationale is its own: what it does and why it can wait
    wrong = [*(can_wait(sit, a) for a in offered_as_waiting(sit)), *to_avoid(sit, sit.avoid)][:3]
    if len(wrong) < 2:
        return Skip(sit.id, KIND, f"only {len(wrong)} other actions to offer (need 2 under 'actions' or 'avoid')")
    used = [c for c in sit.actions + sit.avoid if unhedged(c.text)[0] in {w.text for w in wrong}]
    n = note_ or note(sit, ctx.deck, texts(sit.cues[:MAX_CUES]))
    key = Choice(first.text, True, sentence(f"First: {first.why}"), sit.id)
    return judgment_item(ctx, sit, KIND, variant, side, TAKE_ACTION, QUESTION, note_=n, choices=[key, *wrong],
                         claims=[first, *sit.cues[:MAX_CUES], *used])
