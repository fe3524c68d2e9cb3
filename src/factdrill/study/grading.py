"""Grading: turning a student's typed response into a score.

Each item kind has one *answer form* (see :func:`factdrill.study.render.answer_help`):

- ``mcq``, ``scenario``, ``numeric_mcq``: one letter (``b``); the exact text of
  one option is accepted too.
- ``true_false``: a letter, or ``t``/``f``/``true``/``false``/``yes``/``no``.
- ``sata``: letters in any form (``a c d``, ``acd``, ``a,c,d``), scored NCLEX
  +/- (one point per key chosen, minus one per distractor chosen, floor 0)
  or all-or-nothing.
- ``cloze``, ``flashcard``: typed text (an open-answer blank that matches
  nothing is left to the student's judgment, see ``Grade.judge``), compared ignoring case, spacing,
  punctuation, accents, articles and plurals; a list in any order; every
  entry of ``Item.answers`` is accepted (the generators put the deck's
  synonyms there), and small typos in words (never in numbers) are forgiven
  but reported (rapidfuzz's optimal string alignment distance).
- ``numeric``: a number, optionally with ``%`` or the unit, ``1,000`` style
  commas, or a range ``10-15``; right when within ``extra["tolerance"]`` of
  the value (or inside the fact's range). Numbers are never typo-tolerant.
- ``matching``: one letter (from ``extra["right"]``) per numbered left item,
  in order (``b a c``), or explicit pairs (``1b 2a 3c``).
- ``ordering``: the letters of ``extra["choices"]`` from first to last.
- clinical-judgment kinds: ``priority`` and ``teaching`` as ``mcq``,
  ``highlight`` as ``sata`` (+/-), ``action_order`` as ``ordering``; grids,
  drop-downs, bowties and cases in parts (:mod:`factdrill.study.judgment`,
  NCSBN's rules in :mod:`factdrill.study.ncsbn`).

A response that is not in the item's form raises :class:`InvalidResponse`,
so the caller can re-prompt without recording anything; any response that
is in the form is graded, never rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ..errors import FactdrillError
from ..generators.items import Item, ItemKind
from ..generators.keys import letter as _label
from ..generators.keys import letter_index
from .typed import Match, match_members, match_typed, normalize_tokens, parse_number
from . import judgment

LETTERS = "abcdefghijklmnopqrstuvwxyz"

SINGLE_CHOICE = frozenset({ItemKind.MCQ, ItemKind.SCENARIO, ItemKind.NUMERIC_MCQ, ItemKind.TRUE_FALSE,
                           ItemKind.PRIORITY, ItemKind.TEACHING})
MULTI_CHOICE = frozenset({ItemKind.SATA, ItemKind.HIGHLIGHT})  # scored +/-
ORDER_KINDS = frozenset({ItemKind.ORDERING, ItemKind.ACTION_ORDER})
TYPED = frozenset({ItemKind.CLOZE, ItemKind.FLASHCARD})


class InvalidResponse(FactdrillError):
    """The response is not in the item's answer form; re-prompt, record nothing."""


class Scoring(str, Enum):
    """How select-all-that-apply items are scored."""

    NCLEX = "nclex"  # +1 per key chosen, -1 per distractor chosen, floor 0
    ALL_OR_NOTHING = "all-or-nothing"  # 1 point only for exactly the keys


@dataclass(frozen=True)
class Grade:
    """The result of grading one response.

    ``score`` is ``earned / possible``; ``correct`` means full marks.
    ``chosen`` and ``wrong_chosen`` are option indices (choice kinds only);
    the ``Option.fact_id`` of a wrong choice names the fact the student
    confused with the asked one. ``accepted`` is the accepted answer a typed
    response matched, and ``typo`` says it matched only thanks to typo
    tolerance. ``note`` is a short human summary for the feedback line.
    ``picks`` (matching and ordering) holds the letter typed for each
    position, so feedback can show which pairs were wrong.
    """

    correct: bool
    score: float
    earned: int
    possible: int
    chosen: tuple[int, ...] = ()
    wrong_chosen: tuple[int, ...] = ()
    accepted: str | None = None
    typo: bool = False
    note: str = ""
    picks: tuple[int, ...] = ()  # matching/ordering: the letter index typed per position
    parts: tuple["Grade", ...] = ()  # a case: the grade of each step
    # an open-answer blank the response did not match (Item.open_answer), or
    # a closed figure's blank answered in words naming no figure: not graded
    # wrong, the student compares it with the key and rates themself
    judge: bool = False


def letter(index: int) -> str:
    """The letter shown for option ``index`` (0 -> ``a``, 26 -> ``aa``).

    The one labelling every output uses (:func:`factdrill.generators.keys.letter`),
    in lower case: a ranking of 27 or more items ran out of letters here.
    """
    return _label(index).lower()


def grade(item: Item, response: str, *, scoring: Scoring = Scoring.NCLEX) -> Grade:
    """Grade ``response`` to ``item``.

    Raises :class:`InvalidResponse` when the response is not in the item's
    answer form (e.g. ``z`` for four options, two letters for a one-answer
    question, words for a number).
    """
    kind = ItemKind(item.kind)
    if kind in SINGLE_CHOICE:
        return _grade_single(item, response)
    if kind in MULTI_CHOICE:
        return _grade_sata(item, response, Scoring(scoring))
    if kind in judgment.STRUCTURED:
        return _grade_judgment(item, response, Scoring(scoring))
    if kind is ItemKind.NUMERIC:
        return _grade_numeric(item, response)
    if kind is ItemKind.MATCHING:
        return _grade_matching(item, response)
    if kind in ORDER_KINDS:
        return _grade_ordering(item, response)
    return _grade_typed(item, response)


def key_response(item: Item) -> str:
    """The response that earns full marks, in the item's answer form.

    Used to show the key in the answer form (``a c d``, ``b a c``) and by
    round-trip tests (answering with the key must score 1.0).
    """
    kind = ItemKind(item.kind)
    if kind in SINGLE_CHOICE or kind in MULTI_CHOICE:
        return " ".join(letter(i) for i in item.correct_options)
    if kind in judgment.STRUCTURED:
        return judgment.key_response(item, step=key_response)
    if kind is ItemKind.MATCHING:
        right = matching_right(item)
        return " ".join(letter(right.index(a)) for a in item.answers)
    if kind in ORDER_KINDS:
        choices = ordering_choices(item)
        return " ".join(letter(choices.index(a)) for a in item.answers)
    return item.answers[0] if item.answers else ""


# -- choice items -------------------------------------------------------------

_TRUE_WORDS = frozenset({"t", "true", "y", "yes"})
_FALSE_WORDS = frozenset({"f", "false", "n", "no"})
# Separators a student may put between letters: spaces, commas, "and"...
_LETTER_SEP_RE = re.compile(r"(?:[\s,;/+&.:()\[\]-]|\band\b)+")


def parse_letters(response: str, count: int, *, what: str = "option") -> list[int]:
    """The option indices named by the letters of ``response``, in typed order.

    Accepts ``a c d``, ``acd``, ``a,c,d``, ``A and C``, ``a) c)``.
    """
    last = letter(count - 1) if count else "a"
    if count > len(LETTERS):
        return _parse_labels(response, count, what)
    text = _LETTER_SEP_RE.sub("", response.strip().lower())
    if not text:
        raise InvalidResponse(f"Type a letter from a to {last}.")
    if not (text.isascii() and text.isalpha()):
        raise InvalidResponse(f"Use only the letters a to {last}.")
    indices = [ord(c) - ord("a") for c in text]
    bad = sorted({letter(i) for i in indices if i >= count})
    if bad:
        raise InvalidResponse(f"There is no {what} {', '.join(bad)}; use the letters a to {last}.")
    return indices


def _parse_labels(response: str, count: int, what: str) -> list[int]:
    """Indices named by a response when labels run past ``z`` (``aa``, ``ab``...):
    labels must then be separated (``c aa b``), as ``aab`` could be read two ways."""
    last = letter(count - 1)
    labels = [t for t in _LETTER_SEP_RE.split(response.strip().lower()) if t]
    if not labels:
        raise InvalidResponse(f"Type a letter from a to {last}.")
    indices = [letter_index(t) for t in labels]
    if any(i is None for i in indices):
        raise InvalidResponse(f"Use only the letters a to {last}, separated by spaces.")
    bad = [t for t, i in zip(labels, indices) if i is not None and i >= count]
    if bad:
        raise InvalidResponse(f"There is no {what} {', '.join(bad)}; use a to {last}, separated by spaces.")
    return [i for i in indices if i is not None]


def _grade_single(item: Item, response: str) -> Grade:
    count = len(item.options)
    chosen = _single_choice(item, response, count)
    option = item.options[chosen]
    right = option.correct
    note = "correct" if right else f"the answer is {key_response(item)}"
    return Grade(
        correct=right,
        score=1.0 if right else 0.0,
        earned=int(right),
        possible=1,
        chosen=(chosen,),
        wrong_chosen=() if right else (chosen,),
        note=note,
    )


def _single_choice(item: Item, response: str, count: int) -> int:
    words = " ".join(normalize_tokens(response))
    if ItemKind(item.kind) is ItemKind.TRUE_FALSE and words in _TRUE_WORDS | _FALSE_WORDS:
        wanted = "true" if words in _TRUE_WORDS else "false"
        for i, o in enumerate(item.options):
            if " ".join(normalize_tokens(o.text)) == wanted:
                return i
    # The exact text of one option is an answer too ("bone"); one character is a letter.
    if len(words) > 1:
        matches = [i for i, o in enumerate(item.options) if normalize_tokens(o.text) == words.split()]
        if len(matches) == 1:
            return matches[0]
    indices = parse_letters(response, count)
    if len(set(indices)) != 1:
        raise InvalidResponse(f"Choose one answer: type one letter from a to {letter(count - 1)}.")
    return indices[0]


def _grade_sata(item: Item, response: str, scoring: Scoring) -> Grade:
    chosen = tuple(sorted(set(parse_letters(response, len(item.options)))))
    keys = set(item.correct_options)
    hits = [i for i in chosen if i in keys]
    wrong = tuple(i for i in chosen if i not in keys)
    exact = len(hits) == len(keys) and not wrong
    if scoring is Scoring.NCLEX:
        earned, possible = max(0, len(hits) - len(wrong)), len(keys)
    else:
        earned, possible = int(exact), 1
    note = f"{len(hits)} of {len(keys)} correct choices"
    if wrong:
        note += f", {len(wrong)} wrong choice" + ("s" if len(wrong) > 1 else "")
    return Grade(
        correct=exact,
        score=earned / possible if possible else 0.0,
        earned=earned,
        possible=possible,
        chosen=chosen,
        wrong_chosen=wrong,
        note=note,
    )


def _grade_judgment(item: Item, response: str, scoring: Scoring) -> Grade:
    """Grids, drop-downs, bowties and cases (NCSBN's rules, see :mod:`.judgment`)."""

    def step(it: Item, answer: str) -> Grade:
        try:
            return grade(it, answer, scoring=scoring)
        except InvalidResponse as exc:
            raise judgment.BadAnswer(str(exc)) from None

    try:
        s = judgment.score(item, response, step=step)
    except judgment.BadAnswer as exc:
        raise InvalidResponse(str(exc)) from None
    return Grade(
        correct=s.earned == s.possible,
        score=s.earned / s.possible if s.possible else 0.0,
        earned=s.earned,
        possible=s.possible,
        note=s.note,
        picks=s.picks,
        parts=tuple(s.parts),
    )


# -- matching and ordering ----------------------------------------------------


def matching_left(item: Item) -> list[str]:
    """The numbered left-hand entries of a matching item."""
    return [str(x) for x in item.extra.get("left", ())]


def matching_right(item: Item) -> list[str]:
    """The lettered right-hand choices of a matching item (shuffled)."""
    right = item.extra.get("right")
    if right is None:
        right = [o.text for o in item.options]
    return [str(x) for x in right]


def ordering_choices(item: Item) -> list[str]:
    """The lettered, shuffled things an ordering item asks to put in order."""
    choices = item.extra.get("choices")
    if choices is None:
        choices = [o.text for o in item.options] or list(item.answers)
    return [str(x) for x in choices]


# at most 9 digits: int() of a 5,000-digit "number" raises instead of returning
_PAIR_RE = re.compile(r"(\d{1,9})\s*[-=:>.)]*\s*([a-z])")


def _parse_matching(response: str, n_left: int, n_right: int) -> list[int]:
    text = response.strip().lower()
    if any(c.isdigit() for c in text):
        # Explicit pairs: "1b 2a 3c", "1-b, 2-a, 3-c".
        pairs = _PAIR_RE.findall(text)
        rest = _LETTER_SEP_RE.sub("", _PAIR_RE.sub("", text))
        numbers = sorted(int(n) for n, _ in pairs)
        if rest or numbers != list(range(1, n_left + 1)):
            raise InvalidResponse(
                f"Give one letter for each of 1 to {n_left}, e.g. '1b 2a', or just the letters in order."
            )
        by_number = {int(n): c for n, c in pairs}
        text = "".join(by_number[i] for i in range(1, n_left + 1))
    indices = parse_letters(text, n_right, what="choice")
    if len(indices) != n_left:
        raise InvalidResponse(f"Type {n_left} letters, one for each numbered item (you typed {len(indices)}).")
    return indices


def _grade_matching(item: Item, response: str) -> Grade:
    left, right = matching_left(item), matching_right(item)
    n_left = len(left) or len(item.answers)
    picks = _parse_matching(response, n_left, len(right))
    hits = sum(right[p] == a for p, a in zip(picks, item.answers))
    return _positional_grade(hits, n_left, "pairs", picks)


def _grade_ordering(item: Item, response: str) -> Grade:
    choices = ordering_choices(item)
    n = len(choices)
    picks = parse_letters(response, n, what="choice")
    if len(set(picks)) != len(picks):
        raise InvalidResponse("Use each letter once, from first to last.")
    if len(picks) != n:
        raise InvalidResponse(f"Put all {n} letters in order, first to last (you typed {len(picks)}).")
    hits = sum(choices[p] == a for p, a in zip(picks, item.answers))
    return _positional_grade(hits, len(item.answers), "positions", picks)


def _positional_grade(hits: int, possible: int, what: str, picks: list[int]) -> Grade:
    right = hits == possible
    return Grade(
        correct=right,
        score=hits / possible if possible else 0.0,
        earned=hits,
        possible=possible,
        note="all right" if right else f"{hits} of {possible} {what} right",
        picks=tuple(picks),
    )


def _grade_typed(item: Item, response: str) -> Grade:
    if not normalize_tokens(response):
        # Only symbols: right only if an answer is exactly those symbols.
        exact = [a for a in item.answers if response.strip() and a.strip() == response.strip()]
        if not exact:
            raise InvalidResponse("Type an answer (words or numbers).")
        match: Match | None = Match(exact[0])
    else:
        match = match_answer(item, response)
    if match is None:
        shown = item.answers[0] if item.answers else ""
        if item.open_answer:
            return Grade(correct=False, score=0.0, earned=0, possible=1, judge=True,
                         note=f"not one of the listed answers; compare it with '{shown}' and judge")
        if names_figure(shown) and not names_figure(response):
            # a closed blank's figure said as what it means ("metastatic" for
            # "stage 4", review 31 #36): no other figure to refuse, so the
            # student judges, as on an open blank
            return Grade(correct=False, score=0.0, earned=0, possible=1, judge=True,
                         note=f"the answer is a figure and yours names none; compare it with '{shown}' and judge")
        return Grade(correct=False, score=0.0, earned=0, possible=1, note=f"expected '{shown}'")
    if match.typo:
        note = f"accepted '{match.answer}' despite a typo"
    elif match.note:
        note = f"accepted as '{match.answer}' ({match.note})"
    elif item.answers and match.answer != item.answers[0]:
        note = f"accepted '{match.answer}' (alias)"
    else:
        note = "correct"
    return Grade(correct=True, score=1.0, earned=1, possible=1, accepted=match.answer, typo=match.typo, note=note)


def names_figure(text: str) -> bool:
    """Whether ``text`` says a number (:func:`.figures.names_figure`)."""
    from .figures import names_figure as says_number

    return says_number(normalize_tokens(text))


def match_answer(item: Item, response: str) -> Match | None:
    """Which accepted answer a typed ``response`` to ``item`` matches: one of
    ``item.answers``, or, for a card asking for members of a list
    (``extra["members"]``, ``extra["need"]``: "Name two of ..."), enough
    members named in any order."""
    match = match_typed(response, item.answers, context=item.prompt)
    members = item.extra.get("members")
    if match is None and members:
        need = int(item.extra.get("need") or len(members))
        match = match_members(response, members, need, context=item.prompt)
    return match


def _grade_numeric(item: Item, response: str) -> Grade:
    extra = item.extra
    unit = extra.get("unit")
    typed = parse_number(response, unit)
    if typed is None:
        hint = f" (in {unit})" if unit and unit != "%" else ""
        raise InvalidResponse(f"Type a number{hint}, e.g. 12, 12.5, 1,000 or a range 10-15.")
    value, high = _numeric_key(item)
    tol = float(extra.get("tolerance") or 0.0)
    eps = 1e-9 * max(1.0, abs(value), abs(high))
    lo, hi = typed
    if lo == hi:
        right = value - tol - eps <= lo <= high + tol + eps
    else:
        # a range is right when its ends are within the margin of the key's,
        # or when it holds the key and is no wider than the margin allows
        # ("10-15" for "about 15%, within 3")
        right = (abs(lo - value) <= tol + eps and abs(hi - high) <= tol + eps) or (
            tol > 0 and lo - eps <= value and high <= hi + eps and hi - lo <= 2 * tol + eps
        ) or (
            # a narrower range inside a key range ("2-4%" for "1-5%"), as a
            # single number inside it is right (review 32 #10)
            high > value and value - eps <= lo and hi <= high + eps
        )
    shown = item.answers[0] if item.answers else _fmt(value)
    if not right:
        return Grade(correct=False, score=0.0, earned=0, possible=1, note=f"the answer is {shown}")
    exact = (lo, hi) == (value, high) or (value <= lo and hi <= high)
    note = "correct" if exact else f"close enough: the answer is {shown} (within {_fmt(tol)})"
    return Grade(correct=True, score=1.0, earned=1, possible=1, accepted=shown, note=note)


def _numeric_key(item: Item) -> tuple[float, float]:
    """The fact's value and high end (== value for a single number)."""
    extra = item.extra
    if extra.get("value") is not None:
        value = float(extra["value"])
        high = extra.get("high")
        return value, float(high) if high is not None else value
    parsed = parse_number(item.answers[0], extra.get("unit")) if item.answers else None
    if parsed is None:
        raise FactdrillError(f"item {item.id} has no numeric key (a generator bug); please report it")
    return parsed


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
