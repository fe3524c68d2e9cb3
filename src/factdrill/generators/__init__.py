"""Question generators: pure functions from a deck to quiz items.

One module per :class:`~factdrill.items.ItemKind`; each exposes
``generate(deck, ctx) -> Iterable[Item | Skip]`` and is registered in
:data:`GENERATORS`. A generator yields a :class:`Skip` when a fact of a kind
it serves has too few siblings (or members, pairs, gaps) for a good item,
rather than a weak item; ``factdrill check`` shows skips as warnings.

Item ids come from :func:`factdrill.items.item_id` (deck id, fact id, item
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
:class:`~factdrill.items.Item` dataclass stays generic):

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

from typing import Callable, Iterable

from ..errors import UsageProblem
from ..facts import Deck
from ..items import Item, ItemKind
from . import cloze, flashcard, matching, mcq, numeric, numeric_mcq, ordering, sata, scenario, true_false
from .common import Context, Skip

__all__ = ["GENERATORS", "Context", "Skip", "generate", "generate_report"]

Generator = Callable[[Deck, Context], Iterable["Item | Skip"]]

GENERATORS: dict[ItemKind, Generator] = {
    ItemKind.FLASHCARD: flashcard.generate,
    ItemKind.CLOZE: cloze.generate,
    ItemKind.MCQ: mcq.generate,
    ItemKind.SATA: sata.generate,
    ItemKind.TRUE_FALSE: true_false.generate,
    ItemKind.NUMERIC: numeric.generate,
    ItemKind.NUMERIC_MCQ: numeric_mcq.generate,
    ItemKind.MATCHING: matching.generate,
    ItemKind.ORDERING: ordering.generate,
    ItemKind.SCENARIO: scenario.generate,
}

_KIND_ORDER = {kind: i for i, kind in enumerate(ItemKind)}


def generate_report(
    deck: Deck, *, seed: int = 0, kinds: Iterable[ItemKind | str] | None = None
) -> tuple[list[Item], list[Skip]]:
    """Items of ``deck`` (in fact order, then kind order) and the skipped
    (fact, kind) pairs with reasons."""
    wanted = list(GENERATORS) if kinds is None else [_kind(k) for k in kinds]
    ctx = Context(deck, seed)
    items: list[Item] = []
    skips: list[Skip] = []
    for kind in wanted:
        for out in GENERATORS[kind](deck, ctx):
            (skips if isinstance(out, Skip) else items).append(out)  # type: ignore[arg-type]
    skips = list(dict.fromkeys(skips))  # one warning per (fact, kind, reason), not one per pair
    position = {f.id: i for i, f in enumerate(deck.facts)}
    items.sort(key=lambda it: (position.get(it.fact_ids[0], -1), _KIND_ORDER[it.kind]))
    skips.sort(key=lambda s: (position.get(s.fact_id, -1), _KIND_ORDER[s.kind]))
    return items, skips


def _kind(value: ItemKind | str) -> ItemKind:
    try:
        return ItemKind(value)
    except ValueError:
        choices = ", ".join(k.value for k in ItemKind)
        raise UsageProblem(f"unknown item kind '{value}'; use one of: {choices}") from None


def generate(deck: Deck, *, seed: int = 0, kinds: Iterable[ItemKind | str] | None = None) -> list[Item]:
    """Every item of ``deck`` for ``seed`` (or only those of ``kinds``)."""
    return generate_report(deck, seed=seed, kinds=kinds)[0]
