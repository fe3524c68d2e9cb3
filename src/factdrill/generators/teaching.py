"""Teaching items: "Which statement by the client indicates a need for further teaching?"

Tests evaluation of teaching (NCJMM: evaluate outcomes). Each ``gaps``
entry of a situation (words a client might say that show a teaching gap)
is the key of one item; the distractors are statements of understanding,
the ``says`` of its teaching points. Scored 0/1.
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Deck, Situation
from .common import Context, Skip, cap
from .items import Item, ItemKind
from .situations import EVALUATE, Choice, client, judgment_item, situations

KIND = ItemKind.TEACHING


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in situations(ctx):
        if not sit.gaps:
            continue
        for i in range(len(sit.gaps)):
            yield build(ctx, sit, i)


def question(ctx: Context, sit: Situation) -> str:
    return (f"The nurse has taught {client(ctx.deck, sit)} about {sit.condition}. Which statement by the "
            "client indicates a need for further teaching?")


def build(ctx: Context, sit: Situation, index: int, note_: dict | None = None, variant: str | int | None = None,
          side: str = "teaching") -> Item | Skip:
    understood = [t for t in sit.teaching if t.says]
    if len(understood) < 2:
        return Skip(sit.id, KIND, f"only {len(understood)} teaching points with 'says' (need 2 statements "
                                  "of understanding to set beside a teaching gap)")
    gap = sit.gaps[index]
    chosen = ctx.rng(f"{sit.id}:teaching:{index}").sample(understood, min(3, len(understood)))
    key = Choice(_quote(gap.text), True, f"Needs further teaching: {gap.why}", sit.id)
    wrong = [Choice(_quote(t.says or ""), False, f"Shows understanding: {cap(t.text)}.", sit.id) for t in chosen]
    return judgment_item(ctx, sit, KIND, index if variant is None else variant, side, EVALUATE,
                         question(ctx, sit), note_=note_, choices=[key, *wrong], claims=[gap, *chosen])


def _quote(text: str) -> str:
    text = " ".join(text.strip().strip("\"\u201c\u201d").split())
    return f"\u201c{text}\u201d"
