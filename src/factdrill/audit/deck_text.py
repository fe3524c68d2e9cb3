"""The cheap audit rules ``factdrill check`` runs on a deck's own text, before
any item exists: wording that would become a cue in every item built from it."""

from __future__ import annotations

from collections.abc import Iterator

from ..deck.facts import Deck, Statement, Statistic
from ..deck.problems import Problem
from ..generators.wording import ABSOLUTE, HEDGES, has_any

# what a true claim hedges with; a false claim without any of them reads
# as the confident one, and test-wise students know hedged claims are true
HEDGED = HEDGES | frozenset("can tend tends seem seems likely mainly mostly largely".split())


def deck_text_problems(deck: Deck) -> list[Problem]:
    """Warnings on false claims and questions as the author wrote them."""
    return list(_false_claims(deck)) + list(_questions(deck))


def _false_claims(deck: Deck) -> Iterator[Problem]:
    for fact in deck.facts:
        if not isinstance(fact, Statement) or fact.loc is None:
            continue
        truth = has_any(fact.plain, ABSOLUTE)
        hedges = has_any(fact.plain, HEDGED)
        for variant in fact.false_variants:
            words = has_any(variant, ABSOLUTE) - truth
            if words:
                yield Problem(
                    fact.loc,
                    "warning",
                    f"a false variant of fact '{fact.id}' says '{', '.join(sorted(words))}', which the true "
                    "text does not: the word alone marks it false; state the misconception without it",
                )
            elif hedges and not has_any(variant, HEDGED):
                yield Problem(
                    fact.loc,
                    "warning",
                    f"the true text of fact '{fact.id}' hedges ('{sorted(hedges)[0]}') and its false variant "
                    f"'{variant[:40]}' does not: the hedge alone marks the true claim; hedge the "
                    "misconception as the true text does",
                )


def _questions(deck: Deck) -> Iterator[Problem]:
    for fact in deck.facts:
        if isinstance(fact, Statistic) and fact.question and fact.loc is not None:
            soft = [w for w in fact.question.split() if w.strip("?,.").casefold() in ("not", "except", "least")
                    and not w.strip("?,.").isupper()]
            if soft:
                yield Problem(fact.loc, "warning", f"the question of fact '{fact.id}' is negative "
                              f"('{soft[0].strip('?,.')}'); ask positively or write the negative in capitals")
