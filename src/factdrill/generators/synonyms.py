"""Accepted spellings of typed answers: the deck's synonym glossary applied.

A deck's ``synonyms:`` groups words a grader accepts for one another
("radiotherapy" for "radiation therapy", "WBRT" for "whole-brain radiation
therapy"). Typed items carry every accepted spelling in ``Item.answers``, so
the drill, the quiz and every exported quiz file (GIFT, QTI short answers)
accept the same answers without knowing the glossary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..deck.facts import SynonymGroup

# Enough variants for any fair answer, bounded so that an answer naming many
# glossary words cannot multiply into thousands.
MAX_VARIANTS = 24


class Glossary:
    """The deck's synonym groups, indexed for phrase replacement."""

    def __init__(self, groups: Iterable[SynonymGroup]) -> None:
        self._groups: list[tuple[str, ...]] = [tuple(" ".join(t.split()) for t in g.terms) for g in groups]
        phrases = {t.casefold(): i for i, g in enumerate(self._groups) for t in g}
        # longest first, so "whole-brain radiation therapy" wins over "radiation therapy"
        ordered = sorted(phrases, key=len, reverse=True)
        self._index = phrases
        self._pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(re.escape(p) for p in ordered) + r")(?![\w-])", re.IGNORECASE)
            if ordered else None
        )

    def __bool__(self) -> bool:
        return bool(self._groups)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where glossary words and phrases occur in ``text``."""
        if self._pattern is None:
            return []
        return [m.span() for m in self._pattern.finditer(text)]

    def variants(self, answer: str) -> list[str]:
        """``answer`` and its spellings with glossary words swapped for their
        synonyms (``answer`` itself first)."""
        if self._pattern is None:
            return [answer]
        out = [answer]
        parts = self._pattern.split(answer)  # text, match, text, match, ...
        if len(parts) == 1:
            return out
        combos: list[str] = [""]
        for i, part in enumerate(parts):
            if i % 2 == 0:
                combos = [c + part for c in combos]
                continue
            group = self._index.get(part.casefold())
            if group is None:  # re's IGNORECASE matched a letter casefold spells otherwise ('İ' for 'i')
                combos = [c + part for c in combos]
                continue
            choices = self._groups[group]
            if _bare_head(part, choices):
                # "radiation" alone may be the thing, not the treatment named
                # "radiation therapy": what strontium 89 carries is no "XRT"
                # or "radiotherapy" (review 23 #27); it is expanded only from
                # the longer names
                combos = [c + part for c in combos]
                continue
            if any(p.strip() for j, p in enumerate(parts) if j % 2 == 0):
                # inside a longer phrase an abbreviation reads as nonsense
                # ("a particle of XRT"): only the spelled-out synonyms
                choices = tuple(x for x in choices if not _abbreviation(x))
            combos = [c + s for c in combos for s in dict.fromkeys((part, *choices))][:MAX_VARIANTS]
        for c in combos:
            if c not in out:
                out.append(c)
        return out[:MAX_VARIANTS]


def _bare_head(word: str, group: Sequence[str]) -> bool:
    """Whether ``word`` is one word that opens a longer name of its group
    ("radiation" of "radiation therapy"): the bare word is ambiguous."""
    w = word.strip().casefold()
    return " " not in w and any(g.casefold().startswith(w + " ") for g in group)


def _abbreviation(text: str) -> bool:
    """'XRT', 'WBRT', 'SABR': one word written in capitals."""
    return " " not in text.strip() and sum(ch.isupper() for ch in text) >= 2 and not any(ch.islower() for ch in text)


def expand(answers: Sequence[str], glossary: Glossary) -> tuple[str, ...]:
    """Every answer with its glossary variants, canonical spellings first."""
    if not glossary:
        return tuple(answers)
    out: list[str] = list(answers)
    for a in answers:
        for v in glossary.variants(a):
            if v.casefold() not in {o.casefold() for o in out}:
                out.append(v)
    return tuple(out)
