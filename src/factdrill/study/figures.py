"""A figure said in other words: "fourth", "4th", "four" and "IV" are the
number 4 (the grader reads Roman numerals itself). Used only where a key
holds a number, so a word such as "first" elsewhere stays a word."""

from __future__ import annotations

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
