"""Question generators: pure functions from a deck to quiz items.

One module per :class:`~factdrill.generators.items.ItemKind`; each exposes
``generate(deck, ctx) -> Iterable[Item | Skip]`` and is registered in
:data:`~factdrill.generators.registry.GENERATORS`. A generator yields a
:class:`Skip` when a fact of a kind it serves has too few siblings (or members, pairs, gaps) for a good item,
rather than a weak item; ``factdrill check`` shows skips as warnings.

Item ids come from :func:`factdrill.generators.items.item_id` (deck id, fact id, item
kind, variant), so editing or adding one fact never changes another fact's
item ids. Options are shuffled by ``random.Random`` seeded with
sha256(seed, item id): the same seed gives the same items, one item's order
never depends on other facts, and the key's position is uniform.

Cost is linear in the deck: siblings are indexed by (kind, topic) once per
call and each fact looks at a bounded window of them (``SIBLING_CAP``).

Cards (scheduling units, ``FACT_ID:SIDE``) group the items that test the same
knowledge, so the scheduler never shows the answer to one through another:

============  =========  ====================================================
fact kind     side       items
============  =========  ====================================================
term          forward    flashcard term -> definition; mcq "Which ... best
                         describes TERM?"; cloze with a key word of the
                         definition blanked
term          reverse    flashcard definition -> term; mcq "Which term
                         means ...?"; cloze "The term _____ means ..."
                         (typed recall); only when ``reverse`` is true
statistic     main       flashcard, numeric (typed), numeric_mcq
set           main       flashcard, mcq, sata, true_false (membership),
                         scenario
mapping       forward    per pair: flashcard, mcq, cloze (left -> right);
                         matching
mapping       reverse    the same per pair, right -> left (if ``reverse``)
ranking       main       flashcard, mcq (which comes first), ordering
statement     main       cloze (one item per gap), true_false (the statement
                         and each false variant), mcq (which is true)
============  =========  ====================================================

Kind-specific data in ``Item.extra`` (documented here because the
:class:`~factdrill.generators.items.Item` dataclass stays generic):

- flashcard: ``front``, ``back``.
- cloze: ``hint`` (or None).
- numeric and numeric_mcq: ``value``, ``high`` (None unless a range),
  ``unit``, ``tolerance`` (0.0 when the fact gives none: exact or in range).
- matching: ``left`` (in order), ``right`` (shuffled, unique), ``left_label``,
  ``right_label``, ``pairs_text`` (the key as one line, for feedback);
  ``answers`` is the right-hand text for each left item.
- ordering: ``choices`` (shuffled); ``answers`` is the correct order;
  ``order`` (e.g. "most common first").
- scenario: ``signs`` (the findings the vignette names).
- true_false: ``statement`` (the claim judged), ``truth`` (bool) and, for
  set membership, ``about`` (the member or non-member the claim names).
- mapping items (flashcard, mcq, cloze): ``given`` (the pair's side shown).
"""

from __future__ import annotations

from typing import Any

# The package itself stays light: a cache hit imports only ``items`` and
# ``cache``, never the generator modules (see ``registry``).
_LAZY = {"GENERATORS", "Context", "Skip", "generate", "generate_report"}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
