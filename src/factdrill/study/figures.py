"""A figure said in other words: "fourth", "4th", "four" and "IV" are the
number 4 (the grader reads Roman numerals itself). Used only where a key
holds a number, so a word such as "first" elsewhere stays a word."""

from __future__ import annotations

import re

from ..generators.wording import NUMBER_WORDS

_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth").split()
_WORDS = {w: str(i + 1) for words in (_ORDINALS, NUMBER_WORDS[1:]) for i, w in enumerate(words)}
_SUFFIXES = ("st", "nd", "rd", "th")


def as_figure(word: str) -> str | None:
    """The number a word says, as digits, or None if it says none."""
    if word[:1].isdigit():
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and word[: -len(suffix)].isdigit():
                return word[: -len(suffix)]
        return word
    return _WORDS.get(word)


_ROMAN = re.compile(r"^x{0,3}(?:ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


def roman(word: str) -> str | None:
    """The digits a Roman numeral ``word`` stands for ("iv" -> "4"), else None."""
    if not word or not _ROMAN.match(word):
        return None
    total = 0
    for a, b in zip(word, word[1:] + " "):
        value = _ROMAN_VALUES[a]
        total += -value if _ROMAN_VALUES.get(b, 0) > value else value
    return str(total)


def names_figure(words: list[str]) -> bool:
    """Whether ``words`` (normalized tokens) say a number: digits, a number
    word ("four", "fourth") or a Roman numeral other than the word "i"."""
    return any(as_figure(w) or (w != "i" and roman(w)) for w in words if w)
