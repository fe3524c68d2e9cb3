"""Drop-down rationale items: the nurse does X because Y (dyad), or the
client has X as shown by Y and Z (triad).

The dyad tests taking action with its reason (NCJMM: take action): "The
nurse should first [1] because [2]", keys the situation's priority action
and its ``why``. The triad tests analyzing cues: "The client's findings are
most consistent with [1], as shown by [2] and [3]", keys the condition and
two of its cues, the wrong findings being its look-alikes and other
situations' cues. Scored by NCSBN's rationale rule: a point for each linked
pair only when both of its parts are right (dyad: [1]+[2], 1 point; triad:
[1]+[2] and [1]+[3], 2 points).
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Deck, Situation
from .common import Context, Skip, cap
from .items import Item, ItemKind
from .situations import (ANALYZE, TAKE_ACTION, Choice, blank, condition_choices, foreign, judgment_item, note,
                         generated, texts)

KIND = ItemKind.RATIONALE
QUESTION = "Complete the sentence by choosing from the lists of options."


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        yield dyad(ctx, sit)
        yield triad(ctx, sit)


def dyad(ctx: Context, sit: Situation, note_: dict | None = None, variant: str = "dyad",
         side: str = "actions", step: str = TAKE_ACTION) -> Item | Skip:
    wrong_actions = [Choice(a.text, False, f"Avoid: {a.why}", sit.id) for a in sit.avoid[:1]]
    wrong_actions += foreign(ctx, sit, "priority", 3 - len(wrong_actions))
    wrong_whys = foreign(ctx, sit, "why", 3)
    if len(wrong_actions) < 2 or len(wrong_whys) < 2:
        return Skip(sit.id, KIND, "a dyad needs 2 wrong actions and 2 wrong reasons (from 'avoid' and "
                                  "other situations)")
    seed = f"{sit.id}:rationale:{variant}"
    first = sit.priority
    blanks = [blank(ctx, first.text, f"First: {cap(first.why or '')}", wrong_actions, seed + ":1"),
              blank(ctx, first.why or "", f"The reason to {first.text}.", wrong_whys, seed + ":2")]
    text = "The nurse should first [1] because [2]."
    n = note_ or note(sit, ctx.deck, texts(sit.cues[:4]))
    return judgment_item(ctx, sit, KIND, variant, side, step, QUESTION, note_=n,
                         answers=[b["options"][b["key"]] for b in blanks],
                         claims=[first, *sit.avoid[:1], *sit.cues[:4]], facet="dyad",
                         cited_by=[*wrong_actions, *wrong_whys],
                         extra={"text": text, "blanks": blanks, "pairs": [[0, 1]]})


def triad(ctx: Context, sit: Situation, note_: dict | None = None, variant: str = "triad",
          side: str = "cues", step: str = ANALYZE) -> Item | Skip:
    shown = sit.cues[:4]
    if len(shown) < 2:
        return Skip(sit.id, KIND, "a triad needs 2 cues")
    wrong_conditions = condition_choices(ctx, sit, 3)
    wrong_findings = [Choice(la.text, False, f"{cap(la.text)}: {la.why}", sit.id) for la in sit.look_alikes]
    wrong_findings += foreign(ctx, sit, "cues", 6)
    if len(wrong_conditions) < 2 or len(wrong_findings) < 4:
        return Skip(sit.id, KIND, "a triad needs 2 other conditions and 4 findings that do not point to this "
                                  "one ('look_alikes' or other situations' cues)")
    seed = f"{sit.id}:rationale:{variant}"
    a, b = ctx.rng(seed).sample(list(shown), 2)
    a, b = sorted((a, b), key=list(shown).index)
    why = f"A sign of {sit.condition}, in the note."
    blanks = [blank(ctx, sit.condition, "The findings in the note point to it.", wrong_conditions, seed + ":1"),
              blank(ctx, a.text, why, wrong_findings[0::2][:3], seed + ":2"),
              blank(ctx, b.text, why, wrong_findings[1::2][:3], seed + ":3")]
    text = "The client's findings are most consistent with [1], as shown by [2] and [3]."
    n = note_ or note(sit, ctx.deck, texts(shown))
    return judgment_item(ctx, sit, KIND, variant, side, step, QUESTION, note_=n,
                         answers=[bl["options"][bl["key"]] for bl in blanks],
                         claims=[a, b, *shown, *sit.look_alikes], facet="triad",
                         cited_by=[*wrong_conditions, *wrong_findings[:6]],
                         extra={"text": text, "blanks": blanks, "pairs": [[0, 1], [0, 2]]})
