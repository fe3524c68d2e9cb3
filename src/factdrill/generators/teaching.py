"""Teaching items: "Which statement by the client indicates a need for further teaching?"

Tests evaluation of teaching (NCJMM: evaluate outcomes). Each ``gaps``
entry of a situation (words a client might say that show a teaching gap)
is the key of one item; the distractors are statements of understanding,
the ``says`` of its teaching points, leaving out one that answers the gap
in its own words or teaches the gap's own point (the contrasting pair
would point to the key). Scored 0/1.
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Deck, Situation
from .common import Context, Skip, cap
from .items import Item, ItemKind
from .situations import EVALUATE, Choice, generated, judgment_item
from .wording import content_stems, mirrors

# A statement of understanding sharing this much of its words with the gap
# is its direct answer: the two stand out as a pair.
ANSWERS_GAP = 0.35

KIND = ItemKind.TEACHING


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        if not sit.gaps:
            continue
        for i in range(len(sit.gaps)):
            yield build(ctx, sit, i)


def question(ctx: Context, sit: Situation) -> str:
    return (f"The nurse has taught the client about {sit.condition} and her care. Which statement by the client indicates "
            "a need for further teaching?")


def build(ctx: Context, sit: Situation, index: int, note_: dict | None = None, variant: str | int | None = None,
          side: str = "teaching") -> Item | Skip:
    gap = sit.gaps[index]
    # leave out the teaching point on the gap's own point: its statement is
    # the key's mirror image, and the pair points to the key
    understood = [t for t in sit.teaching
                  if t.says and not _answers(t.says, gap.text) and not mirrors(gap.why or "", t.text)]
    if len(understood) < 2:
        return Skip(sit.id, KIND, f"only {len(understood)} teaching points with 'says' that do not answer the "
                                  "gap in its own words (need 2 statements of understanding)")
    chosen = ctx.rng(f"{sit.id}:teaching:{index}").sample(understood, min(3, len(understood)))
    key = Choice(_quote(gap.text), True, f"Needs further teaching: {gap.why}", sit.id)
    wrong = [Choice(_quote(t.says or ""), False, f"Shows understanding: {cap(t.text)}.", sit.id) for t in chosen]
    return judgment_item(ctx, sit, KIND, index if variant is None else variant, side, EVALUATE,
                         question(ctx, sit), note_=note_, choices=[key, *wrong], claims=[gap, *chosen])


def _answers(says: str, gap: str) -> bool:
    a, b = content_stems(says, min_len=3), content_stems(gap, min_len=3)
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= ANSWERS_GAP


def _quote(text: str) -> str:
    text = " ".join(text.strip().strip("\"\u201c\u201d").split())
    return f"\u201c{text}\u201d"
