"""Typo tolerance of typed answers: how many edits a key word forgives, and
the slips that are not slips (another real word, or the key turned by a
prefix or an ending). Words arrive as the grader compares them
(:mod:`.typed` folds plurals and endings), so endings are matched in both
forms: ``typed`` passes its own folded list."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache


def typo_allowance(word: str) -> int:
    """Edits forgiven in ``word`` (a word of the key): none in numbers or short words."""
    if any(c.isdigit() for c in word) or len(word) < 5:
        return 0
    return 1 if len(word) <= 8 else 2


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance of ``a`` and ``b``
    (rapidfuzz); with ``limit``, anything past it is ``limit + 1``."""
    from rapidfuzz.distance import OSA

    if limit is None:
        return OSA.distance(a, b)
    return OSA.distance(a, b, score_cutoff=limit)


# Prefixes that turn a word's meaning: "decompression" (the treatment) is
# two edits from "compression" (the condition), and "hypocalcemia" one from
# "hypercalcemia", yet each is another word, not a slip (review 18 #17).
_TURNING_PREFIXES = ("de", "dis", "un", "in", "im", "non", "anti", "counter")
_OPPOSED = (("hyper", "hypo"), ("hyper", "normo"), ("hypo", "normo"), ("pre", "post"), ("intra", "inter"),
            ("intra", "extra"), ("inter", "extra"), ("sub", "supra"), ("over", "under"), ("endo", "exo"))


# Endings that name another procedure or state on the same stem:
# "pleurolysis" frees the lung that "pleurodesis" fixes (review 19 #30).
ENDINGS = ("lysis", "desis", "ectomy", "otomy", "ostomy", "plasty", "pexy", "scopy", "graphy", "gram", "itis",
           "osis", "emia", "uria", "algia", "plegia", "paresis")


def real_word(word: str) -> bool:
    """Whether ``word`` is an English word (pyspellchecker's list, loaded
    the first time a typo is weighed): "perineum" is one, so it is no typo
    of "peritoneum" (review 20 #5), nor "radiant" of "radiation"."""
    return word.isalpha() and word in _words()


@lru_cache(maxsize=1)
def _words():
    from spellchecker import SpellChecker

    return SpellChecker(distance=1).word_frequency


def turns_meaning(said: str, key: str, endings: Iterable[str] = ENDINGS) -> bool:
    """Whether ``said`` is ``key`` with a prefix added, dropped or swapped,
    or an ending swapped, that makes another word (:data:`_TURNING_PREFIXES`,
    :data:`_OPPOSED`, :data:`ENDINGS`), whatever a small slip in the rest."""
    # the endings each word has, found once (not a pass over every pair)
    theirs = [e for e in endings if said.endswith(e)]
    ours = [e for e in endings if key.endswith(e)]
    for x in theirs:
        for y in ours:
            # a stem of its own: "deses" for "doses" (folded "des", "dos") ends
            # in the folded "-desis" and "-osis" with next to nothing before them
            stem_a, stem_b = said[: -len(x)], key[: -len(y)]
            if x != y and min(len(stem_a), len(stem_b)) >= 3 and edit_distance(stem_a, stem_b, 1) <= 1:
                return True
    # the whole prefix must make the difference: "itrathecal" for
    # "intrathecal" or "deenosumab" for "denosumab" is one slip in a word that
    # begins with in- or de-, not the prefix dropped or added
    whole = edit_distance(said, key)
    for p in _TURNING_PREFIXES:
        for a, b in ((said, key), (key, said)):
            if (a.startswith(p) and whole >= len(p) and edit_distance(a[len(p):], b, 1) <= 1
                    and len(b) > len(p) + 2):
                return True
    for x, y in _OPPOSED:
        for a, b in ((said, key), (key, said)):
            if a.startswith(x) and b.startswith(y) and edit_distance(a[len(x):], b[len(y):], 1) <= 1:
                return True
    return False
