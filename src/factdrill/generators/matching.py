"""Matching items from mappings: match each left-hand thing to its partner.

A mapping of three to six pairs gives one item; a longer one is split into
chunks of at most six (each at least three). ``extra["left"]`` keeps the
mapping's order, ``extra["right"]`` is shuffled (never left in the key's
order) and unique; ``answers`` is the right-hand text for each left item.
Up to two right-hand entries more come from the mapping's own ``decoys``,
then from sibling mappings with the same labels (true for none of the left
items, nor paired there with a left item sharing a word with one of ours,
nor naming another site), so the last match is not free by elimination;
the prompt says how many go unused. A chunk of fewer than five pairs with
no such entry is skipped (its last match would be free).
A mapping whose left side repeats a key is ambiguous to match and skipped.
"""

from __future__ import annotations

import math
from typing import Iterator

from ..deck.facts import Deck, Mapping
from .items import Item, ItemKind
from .wording import content_stems
from .common import Context, Skip, bare, cap, make_item, norm, same, shuffled_not_identity, simple_label, words

KIND = ItemKind.MATCHING
MIN_PAIRS, MAX_PAIRS = 3, 6
EXTRA_RIGHT = 2
# Below this many pairs, a matching with nothing left over gives a quarter
# or more of its matches by elimination (review 12: a 4-by-4 list)
FREE_LAST = 5


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for fact in deck.facts:
        if isinstance(fact, Mapping):
            yield from _matching(ctx, fact)


def _matching(ctx: Context, fact: Mapping) -> Iterator[Item | Skip]:
    pairs = list(fact.pairs)
    if len({norm(l) for l, _ in pairs}) != len(pairs):
        yield Skip(fact.id, KIND, "a left-hand entry appears twice, so the matching would be ambiguous")
        return
    if len(pairs) < MIN_PAIRS:
        yield Skip(fact.id, KIND, f"only {len(pairs)} pair(s) (need {MIN_PAIRS} to match)")
        return
    chunks = math.ceil(len(pairs) / MAX_PAIRS)
    size = math.ceil(len(pairs) / chunks)  # balanced: every chunk has 3..6 pairs
    for c in range(chunks):
        part = pairs[c * size : (c + 1) * size]
        variant = "main" if chunks == 1 else f"part{c + 1}"
        left = [l for l, _ in part]
        # rights equal under norm() are one entry on the right; answers use its spelling
        spelling = {}
        for _, r in part:
            spelling.setdefault(norm(r), r)
        answers = [spelling[norm(r)] for _, r in part]
        extras = _extra_right(ctx, fact, [l for l, _ in part], list(spelling.values()), variant)
        if not extras and len(part) < FREE_LAST:
            yield Skip(fact.id, KIND, f"{len(part)} pairs and no unused entry to add (no sibling mapping with the "
                                      "same labels, no decoys): the last match would come free by elimination")
            continue
        right = shuffled_not_identity(ctx, f"{fact.id}:{variant}:right", list(spelling.values()) + extras)
        explanation_pairs = "; ".join(f"{l}: {r}" for l, r in part)
        item = make_item(
            ctx, fact, KIND, variant, "forward",
            _prompt(fact, len(extras)),
            answers=answers,
            extra={"left": left, "right": right, "left_label": fact.left, "right_label": fact.right,
                   "pairs_text": cap(explanation_pairs)},
        )
        yield item


def _extra_right(ctx: Context, fact: Mapping, lefts: list[str], rights: list[str], variant: str) -> list[str]:
    """Right-hand entries of sibling mappings with the same labels that are
    true for none of ``lefts`` (a value paired with one of them anywhere is
    a second right match, never an extra)."""
    labels = (norm(fact.left), norm(fact.right))
    ours = {norm(l) for l in lefts}
    our_words = set().union(*(content_stems(l) for l in lefts))
    true_values = {same(r) for r in rights}
    pool: list[str] = []
    for s in ctx.siblings(fact):
        if not isinstance(s, Mapping) or (norm(s.left), norm(s.right)) != labels:
            continue
        for l, r in s.pairs:
            # "whole-brain radiation: treating the tumors" fits "radiation
            # therapy" here too (review 11): a kin left makes its right true
            if norm(l) in ours or content_stems(l) & our_words:
                true_values.add(same(r))
        pool += [r for l, r in s.pairs if norm(l) not in ours]
    pool = [r for r in dict.fromkeys(pool) if same(r) not in true_values]
    # an entry naming another site ("reducing brain swelling" among bone
    # treatments) is ruled out at sight (review 14)
    elsewhere = ctx.topic_names() - set(words(fact.topic))
    pool = [r for r in pool if not set(words(r)) & elsewhere]
    own = [d for d in fact.decoys if same(d) not in true_values][:EXTRA_RIGHT]
    rng = ctx.rng(f"{fact.id}:{variant}:extra")
    return [*own, *rng.sample(pool, min(EXTRA_RIGHT - len(own), len(pool)))]


def _prompt(fact: Mapping, unused: int = 0) -> str:
    if simple_label(fact.left) and simple_label(fact.right):
        text = f"Match each {fact.left} with its {fact.right} ({bare(fact.name)})."
    else:
        text = f"{cap(bare(fact.name))}: match each item on the left with the one on the right that goes with it."
    if unused:
        text += f" {'One' if unused == 1 else 'Two'} on the right {'is' if unused == 1 else 'are'} not used."
    return text
