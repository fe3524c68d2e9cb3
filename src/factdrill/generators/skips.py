"""Skips as authoring warnings: item kinds a fact yields none of.

A generator skips a fact that lacks siblings (or members, pairs, gaps) for a
good item; ``factdrill check`` reports each such fact once, so the author
knows which facts only make flashcards and what would fix that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..deck.lints import fact_loc
from ..deck.problems import Problem
from . import registry

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..deck.facts import Deck
    from .common import Skip


CRASH = "could not generate items to look for skipped kinds"


def is_crash(problem: Problem) -> bool:
    """A generator failed (a bug to report), as opposed to a fact it skipped."""
    return problem.message.startswith(CRASH)


def _warn(loc, message: str) -> Problem:
    return Problem(loc, "warning", message)


def lint_skips(deck: "Deck", skips: "Sequence[Skip] | None" = None) -> list[Problem]:
    """Item kinds skipped for a fact (too few siblings, members...), one warning per fact.

    ``skips``: the deck's skips as the items cache has them
    (:func:`~factdrill.generators.cache.cached_skips`); generated here when not given.
    """
    try:
        if skips is None:
            _, skips = registry.generate_report(deck)
    except Exception as exc:  # a generator bug must not turn `check` into a traceback
        reason = f"{type(exc).__name__}: {exc}"
        message = f"{CRASH} ({reason}); please report this"
        return [_warn(fact_loc(deck), message)]
    by_fact: dict[str, list] = {}
    for s in skips:
        by_fact.setdefault(s.fact_id, []).append(s)
    out = []
    for fact in deck.facts:
        if fact.id not in by_fact:
            continue
        parts = "; ".join(dict.fromkeys(f"{s.kind.value}: {s.reason}" for s in by_fact[fact.id]))
        out.append(
            _warn(
                fact_loc(deck, fact),
                f"fact '{fact.id}' yields no item of some kinds ({parts}); "
                "if you want those items, add sibling facts or non_members where there are too few, "
                "or shorten answers that are too long",
            )
        )
    return out
