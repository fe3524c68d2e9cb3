"""True/false items: one per statement that has a real false claim.

NCLEX has no true/false items, and a drill of coin tosses teaches little, so
they are kept few: a statement with at least one false variant (a
misconception written by the author) yields one item, asserting either the
statement (true) or one of its false variants (false). Which of the two is
fixed per statement by its id, so about half the items are true and half
false, and a student cannot learn "true/false items are usually true". A
false variant with a specific determiner the statement lacks ("always",
"only") is used only when no other is left (the word alone marks it false).
Sets are tested by select-all and multiple choice, not by true/false.
Options are always True then False, unshuffled, as students expect.
"""

from __future__ import annotations

import hashlib
from typing import Iterator

from ..deck.facts import Deck, Statement
from .items import Item, ItemKind, Option
from .common import FALSE, TRUE, Context, Skip, make_item, norm, sentence, unique, why
from .wording import ABSOLUTE, has_any

KIND = ItemKind.TRUE_FALSE


def _tf(ctx: Context, fact, variant: str, claim: str, truth: bool, why_true: str, why_false: str,
        about: str | None = None) -> Item:
    claim = sentence(claim)
    options = [
        Option(text=TRUE, correct=truth, rationale=why_true, fact_id=fact.id),
        Option(text=FALSE, correct=not truth, rationale=why_false, fact_id=fact.id),
    ]
    return make_item(ctx, fact, KIND, variant, "main", f"True or false: {claim}",
                     options=options, shuffle=False, extra={"statement": claim, "truth": truth, "about": about})


def asserts_truth(fact_id: str) -> bool:
    """Whether a statement's true/false item asserts the statement (else a
    false variant): half the statements each way, fixed by the id alone."""
    return hashlib.sha256(f"true-false\x1f{fact_id}".encode()).digest()[0] % 2 == 0


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for fact in deck.facts:
        if isinstance(fact, Statement):
            yield _statement(ctx, fact)


def _statement(ctx: Context, fact: Statement) -> Item | Skip:
    truth = sentence(fact.plain)
    reason = why(fact)
    fair = [v for v in unique(fact.false_variants) if norm(v) not in ctx.statement_plains()]
    if not fair:
        return Skip(fact.id, KIND, "no false variant (a misconception to judge), so no true/false item")
    if asserts_truth(fact.id):
        return _tf(ctx, fact, "true", truth, True, f"True. {reason}", f"It is true. {reason}")
    plain = [v for v in fair if not has_any(v, ABSOLUTE) - has_any(truth, ABSOLUTE)]
    variant = (plain or fair)[0]
    return _tf(ctx, fact, f"false:{norm(variant)}", variant, False,
               f"It is false. In fact: {truth}", f"False. In fact: {truth}")
