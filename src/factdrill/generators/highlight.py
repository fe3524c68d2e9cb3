"""Highlight items: a client's note; select the findings that need follow-up.

Tests recognizing cues (NCJMM step 1). The note is written from the
situation: its cues (findings that point to the condition, the keys) mixed
with its ``expected`` findings (which need no follow-up, each with why):
those of the first assessment only, never one the deck marks ``later``
(expected only after her treatment, which this note comes before).
Scored +/- (NCSBN): +1 per key chosen, -1 per other finding chosen, never
below 0.
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Claim, Deck, Situation
from .common import Context, Skip, cap, sentence
from .items import Item, ItemKind
from .situations import RECOGNIZE, Choice, generated, judgment_item, note, shuffled

KIND = ItemKind.HIGHLIGHT
QUESTION = "Which findings in the note need follow-up? Select all that apply."
MAX_CUES = 5
MAX_EXPECTED = 3


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        yield build(ctx, sit)


def findings(sit: Situation, cues: tuple[Claim, ...] | None = None) -> list[Choice]:
    """The note's findings: cues (keys) and expected findings (not)."""
    out = [Choice(c.text, True, sentence(f"Needs follow-up: {c.why or f'a sign of {sit.condition}'}"), sit.id)
           for c in (sit.cues if cues is None else cues)[:MAX_CUES]]
    out += [Choice(e.text, False, f"No follow-up needed: {e.why}", sit.id)
            for e in sit.expected_first[:MAX_EXPECTED]]
    return out


def build(ctx: Context, sit: Situation, cues: tuple[Claim, ...] | None = None, variant: str | int = 0,
          side: str = "cues", head: str = "Nurse's note, 08:00") -> Item | Skip:
    chosen = (sit.cues if cues is None else cues)[:MAX_CUES]
    if len(chosen) < 2 or not sit.expected_first:
        return Skip(sit.id, KIND, "a highlight note needs 2 cues and at least 1 'expected' finding "
                                  "(one that needs no follow-up)")
    items = shuffled(ctx, f"{sit.id}:highlight:{variant}", findings(sit, chosen))
    # its findings are its options, shown under the question: the head says
    # so rather than stand over an empty note (review 16 #38)
    n = note(sit, ctx.deck, [c.text for c in items], f"{head} (its findings are the choices below)")
    return judgment_item(ctx, sit, KIND, variant, side, RECOGNIZE, QUESTION, note_=n, choices=items,
                         claims=[*chosen, *sit.expected_first[:MAX_EXPECTED]], shuffle=False,
                         extra={"about": cap(sit.condition)})
