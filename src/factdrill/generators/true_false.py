"""True/false items, from statements and from set membership.

A statement yields itself (true) and each of its false variants (false).
A set yields "NAME include MEMBER." for each member (true) and for each
explicit non-member (false); only a complete set also yields false claims
built from members of sibling sets (an incomplete set asserts nothing about
what it does not list). Options are always True then False, unshuffled,
as students expect; the truth of the statements varies instead.
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Deck, FactSet, Statement
from .items import Item, ItemKind, Option
from .common import (
    FALSE,
    QUOTED_ENTRIES,
    TRUE,
    Cand,
    Context,
    Skip,
    cap,
    join_list,
    make_item,
    norm,
    same,
    sentence,
    set_non_members,
    the,
    unique,
)

KIND = ItemKind.TRUE_FALSE
# False membership claims per set, explicit non-members first, then drawn
# from sibling sets: a few are enough to teach the boundary without
# swamping the set's true claims.
SIBLING_FALSE_CLAIMS = 2


def _tf(ctx: Context, fact, variant: str, claim: str, truth: bool, why_true: str, why_false: str,
        about: str | None = None) -> Item:
    claim = sentence(claim)
    options = [
        Option(text=TRUE, correct=truth, rationale=why_true, fact_id=fact.id),
        Option(text=FALSE, correct=not truth, rationale=why_false, fact_id=fact.id),
    ]
    return make_item(ctx, fact, KIND, variant, "main", f"True or false: {claim}",
                     options=options, shuffle=False, extra={"statement": claim, "truth": truth, "about": about})


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for fact in deck.facts:
        if isinstance(fact, Statement):
            truth = sentence(fact.plain)
            yield _tf(ctx, fact, "true", truth, True, f"True: {truth}", f"It is true: {truth}")
            for i, variant in enumerate(unique(fact.false_variants)):
                if norm(variant) in ctx.statement_plains():
                    # the deck states it as true elsewhere: not a fair false claim
                    yield Skip(fact.id, KIND, f"false variant '{variant}' is the true text of another statement")
                    continue
                yield _tf(ctx, fact, f"false:{norm(variant)}", variant, False,
                          f"It is false. In fact: {truth}", f"False. In fact: {truth}")
        elif isinstance(fact, FactSet):
            yield from _set(ctx, fact)


def _set(ctx: Context, fact: FactSet) -> Iterator[Item | Skip]:
    # every item of the set quotes it: bounded, or a big set is quadratic work
    listing = (f"{cap(the(fact.name))} {'are' if fact.complete else 'include'} "
               f"{join_list(fact.members, limit=QUOTED_ENTRIES)}.")
    for m in unique(fact.members):
        claim = f"{cap(fact.name)} include {m}"
        yield _tf(ctx, fact, f"member:{norm(m)}", claim, True, f"True. {listing}", f"It is true. {listing}", m)
    members = {same(m) for m in fact.members}
    pool = set_non_members(ctx, fact)
    explicit = _unique_cands([c for c in pool if c.fact_id == fact.id], members)
    borrowed = _unique_cands([c for c in pool if c.fact_id != fact.id], members | {same(c.text) for c in explicit})
    rng = ctx.rng(f"{fact.id}:tf-borrowed")
    # siblings only top the explicit non-members up to a few false claims: the
    # count then grows with a new sibling only after the skip below said it
    # was short (a new sibling never adds an item unannounced)
    wanted = max(0, SIBLING_FALSE_CLAIMS - len(explicit))
    borrowed = rng.sample(borrowed, min(wanted, len(borrowed)))
    if fact.complete and len(explicit) + len(borrowed) < SIBLING_FALSE_CLAIMS:
        yield Skip(fact.id, KIND, f"only {len(explicit) + len(borrowed)} false claim(s) from non_members and "
                                  f"sibling sets listing the same kind of thing (need {SIBLING_FALSE_CLAIMS})")
    elif not explicit and not borrowed:
        yield Skip(fact.id, KIND, "no false membership claims (the set is not complete and has no non_members), "
                                  "so all its true/false items are true")
    # borrowed claims are numbered, not named, so a sibling's edit never changes this set's ids
    variants = [f"non-member:{norm(c.text)}" for c in explicit] + [f"borrowed:{i}" for i in range(len(borrowed))]
    for variant, c in zip(variants, explicit + borrowed):
        claim = f"{cap(fact.name)} include {c.text}"
        why = f"{listing} {c.rationale}"
        yield _tf(ctx, fact, variant, claim, False, f"It is false. {why}", f"False. {why}", c.text)


def _unique_cands(cands: list[Cand], banned: set[str]) -> list[Cand]:
    """``cands`` without duplicates or banned texts (under :func:`same`: a
    false claim must not read exactly like a true one)."""
    seen = set(banned)
    out = []
    for c in cands:
        key = same(c.text)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
