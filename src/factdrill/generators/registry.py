"""The registry of generators: one line per item kind, and the deck-wide run.

Adding an item kind means one module in this package and one line in
:data:`MODULES` and :data:`SERVES` (plus its
:class:`~factdrill.generators.items.ItemKind`).

Generator modules are imported when their kind is first generated, not
with the registry: an update of the items database after an edit to one
fact regenerates a few kinds only (a term's units never need the nursing
judgment generators), and importing all twenty costs more than generating
those units.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Callable, Iterable

from ..errors import UsageProblem
from ..deck.facts import Deck, FactKind
from .items import Item, ItemKind
from .common import Context, Skip

__all__ = ["GENERATORS", "MODULES", "SERVES", "Context", "Skip", "generate", "generate_report", "serves"]

Generator = Callable[[Deck, Context], Iterable["Item | Skip"]]

# item kind -> the module (in this package) whose ``generate`` makes its items
MODULES: dict[ItemKind, str] = {
    ItemKind.FLASHCARD: "flashcard",
    ItemKind.CLOZE: "cloze",
    ItemKind.MCQ: "mcq",
    ItemKind.SATA: "sata",
    ItemKind.TRUE_FALSE: "true_false",
    ItemKind.NUMERIC: "numeric",
    ItemKind.NUMERIC_MCQ: "numeric_mcq",
    ItemKind.MATCHING: "matching",
    ItemKind.ORDERING: "ordering",
    ItemKind.SCENARIO: "scenario",
    ItemKind.PRIORITY: "priority",
    ItemKind.TEACHING: "teaching",
    ItemKind.HIGHLIGHT: "highlight",
    ItemKind.MATRIX_MC: "matrix_mc",
    ItemKind.MATRIX_MR: "matrix_mr",
    ItemKind.DROPDOWN: "dropdown",
    ItemKind.RATIONALE: "rationale",
    ItemKind.BOWTIE: "bowtie",
    ItemKind.ACTION_ORDER: "action_order",
    ItemKind.CASE: "case",
}

_SITUATION = frozenset({FactKind.SITUATION})
# item kind -> the fact kinds its generator makes anything of (items or
# skips): for a fact of any other kind it yields nothing and reads nothing
# but the fact (the items database counts on this to skip those units;
# tests/test_generators_props.py checks it on every fact kind)
SERVES: dict[ItemKind, frozenset[FactKind]] = {
    ItemKind.FLASHCARD: frozenset({FactKind.TERM, FactKind.SET, FactKind.MAPPING, FactKind.RANKING}),
    ItemKind.CLOZE: frozenset({FactKind.STATEMENT, FactKind.TERM, FactKind.MAPPING}),
    ItemKind.MCQ: frozenset({FactKind.TERM, FactKind.SET, FactKind.MAPPING, FactKind.RANKING}),
    ItemKind.SATA: frozenset({FactKind.SET}),
    ItemKind.TRUE_FALSE: frozenset({FactKind.STATEMENT}),
    ItemKind.NUMERIC: frozenset({FactKind.STATISTIC}),
    ItemKind.NUMERIC_MCQ: frozenset({FactKind.STATISTIC}),
    ItemKind.MATCHING: frozenset({FactKind.MAPPING}),
    ItemKind.ORDERING: frozenset({FactKind.RANKING}),
    ItemKind.SCENARIO: frozenset({FactKind.SET}),
    ItemKind.PRIORITY: _SITUATION,
    ItemKind.TEACHING: _SITUATION,
    ItemKind.HIGHLIGHT: _SITUATION,
    ItemKind.MATRIX_MC: _SITUATION,
    ItemKind.MATRIX_MR: _SITUATION,
    ItemKind.DROPDOWN: _SITUATION,
    ItemKind.RATIONALE: _SITUATION,
    ItemKind.BOWTIE: _SITUATION,
    ItemKind.ACTION_ORDER: _SITUATION,
    ItemKind.CASE: _SITUATION,
}


def serves(kind: ItemKind, fact_kind: FactKind) -> bool:
    """Whether ``kind``'s generator can make anything of a fact of ``fact_kind``."""
    return fact_kind in SERVES[kind]


class _Generators(Mapping[ItemKind, Generator]):
    """Item kind -> generator, each module imported on first use."""

    def __init__(self) -> None:
        self._loaded: dict[ItemKind, Generator] = {}

    def __getitem__(self, kind: ItemKind) -> Generator:
        fn = self._loaded.get(kind)
        if fn is None:
            module = importlib.import_module(f"{__package__}.{MODULES[kind]}")
            fn = self._loaded[kind] = module.generate
        return fn

    def __iter__(self) -> Iterator[ItemKind]:
        return iter(MODULES)

    def __len__(self) -> int:
        return len(MODULES)


GENERATORS: Mapping[ItemKind, Generator] = _Generators()

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
