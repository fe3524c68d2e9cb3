"""Flashcards: a front to recall from and a back to check against.

Terms get both directions (term -> definition and, when ``reverse``,
definition -> term); mapping pairs likewise. Sets and rankings get one card
asking for the whole fact. Statistics are recalled as typed numbers
(``numeric``), which test the same card better than a self-rated back;
statements are left to cloze and true/false. Flashcards are self-rated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..deck.facts import Deck, FactSet, Mapping, Ranking, Term
from .common import (
    Context,
    Skip,
    bare,
    cap,
    count_word,
    join_list,
    other_names,
    make_item,
    norm,
    pair_question,
    sentence,
    side_answers,
    the,
    values_by_key,
)
from .items import Item, ItemKind
from .synonyms import expand

KIND = ItemKind.FLASHCARD


def _card(ctx: Context, fact, variant: str, side: str, front: str, back: str, answers=None, **extra) -> Item:
    answers = answers or (back,)
    # `listed`: how many answers the deck wrote; the rest are the glossary's
    # rewordings, which beside a definition read as near-duplicate backs
    return make_item(
        ctx, fact, KIND, variant, side, front,
        answers=answers,
        extra={"front": front, "back": back, "listed": len(answers), **extra},
    )


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for fact in deck.facts:
        if isinstance(fact, Term):
            yield _card(ctx, fact, "forward", "forward", cap(fact.term), cap(fact.definition))
            if fact.reverse:
                back = cap(fact.term)
                if other_names(fact):
                    back += f" (also called {join_list(other_names(fact), 'or')})"
                yield _card(ctx, fact, "reverse", "reverse", sentence(fact.definition), back,
                            answers=(fact.term, *fact.aliases))
        elif isinstance(fact, FactSet):
            back = cap(join_list(fact.members))
            asked = len(fact.members)
            if fact.complete:
                count, name = count_word(len(fact.members)), bare(fact.name)
                # a name that already says the count ("four classic vital signs") keeps it once
                said = name.casefold().startswith((f"{count} ", f"{len(fact.members)} "))
                front = f"Name the {name}." if said else f"Name the {count} {name}."
            else:
                asked = min(2, len(fact.members))
                front, back = _open_set(fact, asked)
            # each member's accepted spellings, so a typed attempt naming
            # enough of them in any order matches the back ("Any two of")
            members = [list(expand(fact.accepted(m), ctx.glossary)) for m in fact.members]
            yield _card(ctx, fact, "main", "main", front, back, members=members, need=asked)
        elif isinstance(fact, Mapping):
            yield from _mapping(ctx, fact)
        elif isinstance(fact, Ranking):
            back = "; ".join(f"{i}. {x}" for i, x in enumerate(fact.items, 1))
            yield _card(ctx, fact, "main", "main", f"List {the(fact.name)}, {fact.order}.", back)


def _open_set(fact: FactSet, asked: int) -> tuple[str, str]:
    """Front and back of a set that is not the whole list: it asks for a
    number of members ("name some of" leaves a self-rating student no
    target); "Name two of the ..." over a bare list read as the whole list,
    which an open set is not (review 12), unless a superlative names a
    fixed group ("two of the most common sites")."""
    fixed = bool(re.search(r"\bmost\b", fact.name, re.IGNORECASE))
    front = f"Name {count_word(asked)} {'of the ' if fixed else ''}{bare(fact.name)}."
    if fixed and len(fact.members) > asked:
        return front, f"Any {count_word(asked)} of: {join_list(fact.members)}"
    return front, f"For example: {join_list(fact.members, 'or' if len(fact.members) > asked else 'and')}"


def _mapping(ctx: Context, fact: Mapping) -> Iterator[Item]:
    sides = [("forward", fact.left, fact.right, fact.pairs)]
    if fact.reverse:
        sides.append(("reverse", fact.right, fact.left, tuple((r, l) for l, r in fact.pairs)))
    for side, given, wanted, pairs in sides:
        for key, values in values_by_key(pairs):
            # every value paired with this key is right (a mapping may be many-to-one)
            front = pair_question(fact.name, given, wanted, key, recall=True,
                                  link=fact.link if side == "forward" else None)
            yield _card(ctx, fact, f"{side}:{norm(key)}", side, front, cap(join_list(values, "or")),
                        answers=tuple(a for v in values for a in side_answers(fact, v)), given=key)
