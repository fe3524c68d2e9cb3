"""The registry of generators: one line per item kind, and the deck-wide run.

Adding an item kind means one module in this package and one line in
:data:`GENERATORS` (plus its :class:`~factdrill.generators.items.ItemKind`).
"""

from __future__ import annotations

from typing import Callable, Iterable

from ..errors import UsageProblem
from ..deck.facts import Deck
from .items import Item, ItemKind
from . import cloze, flashcard, matching, mcq, numeric, numeric_mcq, ordering, sata, scenario, true_false
from . import action_order, bowtie, case, dropdown, highlight, matrix_mc, matrix_mr, priority, rationale, teaching
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
    ItemKind.PRIORITY: priority.generate,
    ItemKind.TEACHING: teaching.generate,
    ItemKind.HIGHLIGHT: highlight.generate,
    ItemKind.MATRIX_MC: matrix_mc.generate,
    ItemKind.MATRIX_MR: matrix_mr.generate,
    ItemKind.DROPDOWN: dropdown.generate,
    ItemKind.RATIONALE: rationale.generate,
    ItemKind.BOWTIE: bowtie.generate,
    ItemKind.ACTION_ORDER: action_order.generate,
    ItemKind.CASE: case.generate,
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
