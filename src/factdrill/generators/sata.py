"""Select all that apply (the NCLEX multiple-response form), from sets.

Five or six options: two or more members of the set mixed with at least two
non-members (explicit ``non_members``, and for a complete set, members of
sibling sets that list the same kind of thing). Never all options correct.
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Deck, FactSet
from .items import Item, ItemKind
from .common import Cand, Context, Skip, cap, listing, make_item, option, pick, set_non_members, unique
from .wording import content_stems

KIND = ItemKind.SATA
MIN_KEYS = 2
MIN_WRONG = 2


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for fact in deck.facts:
        if isinstance(fact, FactSet):
            yield _sata(ctx, fact)


def _sata(ctx: Context, fact: FactSet) -> Item | Skip:
    prompt = f"Which of the following are {fact.name}? Select all that apply."
    # a member repeating a word of the stem ("bone pain" for "signs of bone
    # metastases") is found by matching words: never a key
    members = [m for m in unique(fact.members) if not content_stems(m) & content_stems(prompt)]
    if len(members) < MIN_KEYS:
        return Skip(fact.id, KIND, f"the set has {len(members)} member(s) that do not repeat a word of its "
                                   f"name (need {MIN_KEYS})")
    rng = ctx.rng(f"{fact.id}:sata")
    answer_len = sorted(members, key=len)[len(members) // 2]
    wrong_pool = pick(ctx, f"{fact.id}:sata", answer_len, set_non_members(ctx, fact), 6, fact.members)
    for n in (6, 5):
        k_min = max(MIN_KEYS, n - len(wrong_pool))
        k_max = min(len(members), n - MIN_WRONG)
        if k_min <= k_max:
            k = rng.randint(k_min, k_max)
            break
    else:
        why = "non-members" if fact.complete else "explicit non_members (the set is not complete)"
        return Skip(fact.id, KIND, f"too few {why} for 5 options with 2 or more wrong "
                                   f"(have {len(wrong_pool)} non-members, {len(members)} members)")
    keys = rng.sample(members, k)
    keys.sort(key=members.index)
    options = [option(Cand(m, fact.id, f"{cap(m)}: one of them. {listing(fact)}"), True) for m in keys]
    options += [option(c, False) for c in wrong_pool[: n - k]]
    return make_item(ctx, fact, KIND, "main", "main", prompt, options=options)
