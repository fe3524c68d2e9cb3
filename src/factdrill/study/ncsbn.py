"""NCSBN's three scoring rules for Next-Generation NCLEX items, as pure functions.

NCSBN scores every NGN item type by one of three rules (W. Muntean's
NCSBN slides; the NCSBN FAQ "What are the current scoring models"):

- **0/1**: one point for each correct response, no penalty for a wrong one
  (multiple choice, each row of a matrix multiple-choice item, each blank
  of a drop-down cloze, each target of a bowtie or an ordering);
- **+/-**: one point for each correct option chosen, minus one for each
  incorrect option chosen, the item never below zero (select all that
  apply, highlight, matrix multiple-response); the maximum is the number of
  keys;
- **rationale**: the parts of "X because Y" are scored together, one point
  for each linked pair only when both parts are right (a dyad is worth 1
  point, a triad "X because Y and Z" 2: the pairs X-Y and X-Z).

Each function returns ``(earned, possible)``.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence


def zero_one(responses: Sequence[Hashable | None], keys: Sequence[Hashable]) -> tuple[int, int]:
    """0/1: one point per position whose response equals its key."""
    earned = sum(1 for r, k in zip(responses, keys) if r is not None and r == k)
    return earned, len(keys)


def plus_minus(selected: Collection[Hashable], keys: Collection[Hashable]) -> tuple[int, int]:
    """+/-: keys chosen minus other options chosen, never below 0."""
    chosen, keyed = set(selected), set(keys)
    return max(0, len(chosen & keyed) - len(chosen - keyed)), len(keyed)


def rationale(part_right: Sequence[bool], pairs: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Rationale: a point for each pair of parts when both are right."""
    earned = sum(1 for a, b in pairs if part_right[a] and part_right[b])
    return earned, len(pairs)


def select_n(selected: Collection[Hashable], keys: Collection[Hashable]) -> tuple[int, int]:
    """0/1 for a choose-N list (a bowtie's actions or parameters): a point
    per key chosen; the caller refuses more picks than N."""
    return len(set(selected) & set(keys)), len(set(keys))
