"""Clinical scenarios: a short NCLEX-style vignette built from a set's signs.

From a set with ``signs_of``: "A client presents with A, B and C. Which
condition does the nurse suspect?" The options are the ``signs_of`` of
sibling sign sets. The two or three findings named are members of this set
and of none of the distractor sets, so the vignette points to one answer.
A set with six or more members gives a second vignette with other findings
(when six of them are unique to it among the option sets).
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Deck, FactSet
from .items import Item, ItemKind
from .wording import content_stems
from .common import (
    MCQ_DISTRACTORS,
    MIN_DISTRACTORS,
    Cand,
    Context,
    Skip,
    cap,
    join_list,
    make_item,
    norm,
    option,
    the,
    unique,
)

KIND = ItemKind.SCENARIO


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for fact in deck.facts:
        if isinstance(fact, FactSet) and fact.signs_of:
            yield from _scenarios(ctx, fact)


def _scenarios(ctx: Context, fact: FactSet) -> Iterator[Item | Skip]:
    ours = norm(fact.signs_of or "")
    rng = ctx.rng(f"{fact.id}:scenario")
    others: list[FactSet] = []
    seen = {ours}
    for s in ctx.similar_sets(fact):
        if s.signs_of and norm(s.signs_of) not in seen:
            seen.add(norm(s.signs_of))
            others.append(s)
    # a finding of any set that could be an option is no clue to this one;
    # taken over all of them, so the seed's choice of options never decides
    # whether an item exists
    taken = {norm(m) for s in others for m in s.members}
    rng.shuffle(others)
    others.sort(key=lambda s: s.topic != fact.topic)  # stable: same topic first, else seeded
    others = others[:MCQ_DISTRACTORS]
    if len(others) < MIN_DISTRACTORS:
        yield Skip(fact.id, KIND, f"only {len(others)} other sets with signs_of to offer as options "
                                  f"(need {MIN_DISTRACTORS})")
        return
    # "bone pain" in a vignette whose answer is "bone metastases" gives it away
    named = content_stems(fact.signs_of or "")
    usable = [m for m in unique(fact.members) if norm(m) not in taken and not content_stems(m) & named]
    if len(usable) < 2:
        yield Skip(fact.id, KIND, "fewer than 2 findings unique to this set among the option sets "
                                  "that do not name the condition")
        return
    rng.shuffle(usable)
    groups = [usable[:3]]
    # a second vignette for a long list; how many is decided by this set alone,
    # so another set's edit can only make it skip (with a warning), never rename it
    if len(unique(fact.members)) >= 6:
        if len(usable) >= 6:
            groups.append(usable[3:6])
        else:
            yield Skip(fact.id, KIND, "too few findings unique to this set for a second vignette")
    for n, signs in enumerate(groups):
        signs.sort(key=list(fact.members).index)
        findings = join_list(signs)
        prompt = _vignette(ctx.deck, findings)
        right = Cand(fact.signs_of or "", fact.id, f"{cap(findings)} are among {the(fact.name)}.")
        wrong = [
            Cand(s.signs_of or "", s.id,
                 f"{cap(s.name)} include {join_list(list(s.members[:3]))}; "
                 f"{findings} point instead to {fact.signs_of}.")
            for s in others
        ]
        options = [option(right, True)] + [option(c, False) for c in wrong]
        yield make_item(ctx, fact, KIND, n, "main", prompt, options=options, extra={"signs": signs})


def _vignette(deck: Deck, findings: str) -> str:
    """The stem: the deck's client and question, or neutral defaults."""
    client = " ".join((deck.scenario_client or "a client").split())
    question = " ".join((deck.scenario_question or "Which condition does the nurse suspect?").split())
    return f"{cap(client)} presents with {findings}. {question}"
