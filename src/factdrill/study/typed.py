"""Typed answers: when what a student typed says the key.

Compared the way a teacher reads an answer: case, accents, spacing,
punctuation, articles and plurals aside; a list in any order; a small typo
in a word (never in a number) forgiven; and, with the question's own words
as context, two fair ways of saying more or less than the key:

- the key with a qualifier or two in front or inside that the question
  itself says ("tightly sealed capillaries" where it speaks of tightly
  sealed vessels), or "metastatic", or followed by words the question
  already says or that only name the category ("HER2-positive breast
  cancer", "brain metastases" for "brain"); never a negation, a polarity
  ("HER2-negative"), a second item ("not pain", "liver and lung") or a
  qualifier of the student's own: "axillary lymph nodes" and "mediastinal
  lymph nodes" read alike to a word matcher, and only one is right (review
  13), so both are left to the student's judgment;
- the key without words the question itself supplies right beside the
  blank ("intrathecal" for "intrathecal chemotherapy" in "The term _____
  means chemotherapy injected ..."; never "lung" for "lung cancer" in "a
  _____ is treated differently from breast cancer").

The student may also repeat the words standing right beside the blank
("stage 4" in "Stage _____ breast cancer", "MRIs of the brain" in "found on
_____ of the brain"); Roman numerals read as their digits ("IV" is "4"),
and an abbreviation's plural or possessive as the abbreviation ("MRIs",
"CT's").

Synonyms are not decided here: the generators put the deck glossary's
spellings into ``Item.answers``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..generators.wording import FIGURE_HEDGES, NUMBER_WORDS, STOPWORDS, stem
from .figures import as_figure, roman
from .typos import ENDINGS, edit_distance, real_word, turns_meaning, typo_allowance


@dataclass(frozen=True)
class Match:
    """The accepted answer a response matched, and how."""

    answer: str
    typo: bool = False
    note: str = ""  # how a non-literal match was read, for the feedback line


_ARTICLES = frozenset({"the", "a", "an"})
# Between the items of a typed list: "blood, lymph and direct extension".
_LIST_SEP = re.compile(r"\s*(?:,|;|/|\band\b|\bor\b|&)\s*", re.IGNORECASE)


def normalize_tokens(text: str) -> list[str]:
    """Words of ``text`` compared case-, accent-, spacing- and punctuation-blind.

    ``"  Côte-d'Ivoire!"`` -> ``["cote", "d", "ivoire"]``.
    """
    text = _PLUS.sub(" positive ", text)  # "HER2+" is "HER2-positive", not "HER2"
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(c if c.isalnum() else " " for c in stripped).split()


_PLUS = re.compile(r"(?<=\w)\+")
# Leading words that only point at the answer ("the", "their quality of life").
_DETERMINERS = frozenset("the a an their his her its our your my this these those".split())
# Words that turn an answer round or add a second item: never a fair qualifier.
_TURNING = frozenset("not no non never without neither nor and or but except un anti positive negative".split())
# Category words that may follow a key without changing it ("brain
# metastases", "radiation treatment", "chemotherapy drugs", "breast
# tissue" for where cells came from: review 6 #2), and "time",
# which only names the span a key of time already means ("survival time"
# for "survival", "recovery time" for "recovery").
_HEAD_WORDS = (
    "metastasis metastases mets cancer cancers tumour tumours tumor tumors disease site sites "
    "treatment treatments therapy therapies drug drugs medication medications medicine medicines "
    "procedure procedures scan scans test tests tissue tissues time times"
)
MAX_QUALIFIERS = 2
# Qualifiers that say what every answer of this deck's kind already is
# ("metastatic liver disease" for the liver): fair though the question
# does not say them. Any other needs the question's own word.
_NEUTRAL_WORDS = "metastatic"


# British spellings read as American ones, on both sides of a comparison:
# "tumour"/"tumor", "stabilise"/"stabilize", "oesophagus"/"esophagus",
# "haemorrhage"/"hemorrhage", "centre"/"center", "analyse"/"analyze".
_SPELLING = (
    (re.compile(r"(?<=\w{2})our(?=s?$|ed$|ing$)"), "or"),
    (re.compile(r"(?<=\w{2})is(?=e$|es$|ed$|ing$|ation$|ations$)"), "iz"),
    (re.compile(r"(?<=\w)ys(?=e$|es$|ed$|ing$)"), "yz"),
    (re.compile(r"^[oa]e(?=\w{3})|(?<=[^aeiou])[oa]e(?=\w)"), "e"),
    (re.compile(r"(?<=\w{3})tre(?=s?$)"), "ter"),
)


def _american(word: str) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    for pattern, repl in _SPELLING:
        word = pattern.sub(repl, word)
    return word


def _fold(word: str) -> str:
    """A word as the grader compares it: American spelling, then the light
    stem (plurals, "-ses"), Latin plurals ("bronchi"/"bronchus",
    "vertebrae"/"vertebra"), and the forms of one verb read as one word:
    "reduce", "reduces", "reduced" and "reducing" are all "reduc"
    ("scanning"/"scans", "fractured"/"fracture", "disease"/"diseases"), and
    so is the noun in -ation ("eradication" and "eradicate" are "eradicat";
    "detoxification" and "detoxifying" are "detoxify").
    Both sides of a comparison are folded alike, so a student who types
    "reduce" for "reducing" is right, not forgiven a typo."""
    w = _american(word)
    if len(w) >= 6 and w.isalpha():
        if w.endswith("ae"):
            return stem(w[:-1])
        if w.endswith("i") and not w.endswith("ii"):
            return stem(w[:-1] + "us")
        if w.endswith("ing") and len(w) >= 7:
            return _undouble(w[:-3])  # "scanning" -> "scan", "reducing" -> "reduc"
        if w.endswith("ed") and not w.endswith("eed"):
            return _undouble(w[:-2])  # "reduced" -> "reduc", "stopped" -> "stop"
    w = stem(w)
    if w.endswith("ification") and len(w) >= 11:
        return w[:-9] + "ify"  # "detoxification" is "detoxify", as "detoxifying" folds
    if w.endswith("ation") and len(w) >= 8:
        return w[:-3]  # "eradication" is "eradicat", as "eradicate" and "eradicating" fold
    if len(w) >= 5 and w.endswith("e") and w.isalpha():
        w = w[:-1]  # "reduce", "fracture", "disease": the stem the -ed/-ing forms leave
    return w


def _undouble(w: str) -> str:
    """``w`` without the consonant a suffix doubled ("stopp" -> "stop")."""
    if len(w) >= 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


# The word lists above, folded as the compared words are ("acute" is "acut").
_HEADS = frozenset(_fold(w) for w in _HEAD_WORDS.split())
_TURNING_FOLDED = frozenset(_fold(w) for w in _TURNING) | _TURNING
_NEUTRAL = frozenset(_fold(w) for w in _NEUTRAL_WORDS.split())
# Stop words that grade or hedge: "less severe", "very rare" say something else
_GRADING = frozenset(_fold(w) for w in "more most less least very often usually only some can may might".split())
# An organ followed by "cancer" names a cancer that started there: "bone
# cancer" for "bone" is the misnomer a metastasis deck teaches students to
# correct (review 10), so that head word never follows an organ.
_ORGANS = frozenset(_fold(w) for w in (
    "bone bones skeleton liver lung lungs brain skin ovary ovaries stomach colon bowel kidney kidneys "
    "pancreas spine").split())
_PRIMARY = frozenset(_fold(w) for w in "cancer cancers carcinoma carcinomas".split())
_STOP_FOLDED = frozenset(_fold(w) for w in STOPWORDS) | frozenset(STOPWORDS)


# "MRIs", "CTs", "MRI's": an abbreviation's plural or possessive is the
# abbreviation. Only a capital abbreviation with a small "s": "LESS" typed in
# capitals must stay "less" (a qualifier that grades, refused above).
_ACRONYM_S = re.compile(r"\b([A-Z][A-Z0-9]*[A-Z])['’]?s\b")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)  # "patient's", "mri's"


# Hedges before a figure, and the words a figure may be said in
_HEDGES = frozenset(FIGURE_HEDGES)
_FIGURE_WORDS = frozenset(NUMBER_WORDS[1:]) | frozenset("half third thirds quarter quarters "
                                                        "two-thirds one-third one-half".split())


def _comparable_words(text: str) -> list[tuple[str, str]]:
    """Words as a grader compares them, each beside the word as typed:
    leading determiners dropped ("the lungs", "their quality of life"),
    each word reduced to its stem ("lungs" is "lung", "metastases" is
    "metastasis"), Roman numerals to digits; a lone article stays a word."""
    text = _POSSESSIVE.sub("", _ACRONYM_S.sub(r"\1", text))
    tokens = normalize_tokens(text)
    start = 0
    while start < len(tokens) - 1 and tokens[start] in _DETERMINERS:
        start += 1
    kept = [t for t in tokens[start:] if t not in ("the", "a", "an")] or tokens
    if len(kept) > 1 and kept[0] in _HEDGES and (kept[1][:1].isdigit() or kept[1] in _FIGURE_WORDS):
        kept = kept[1:]  # "about 70%", "roughly two thirds": the figure is the answer
    out = []
    for t in kept:
        # Roman numerals of two letters or more read as their digits ("IV",
        # "iii"); a lone "i", "v" or "x" only when it is the whole answer
        # ("x-ray" stays a word)
        digits = roman(t) if len(t) >= 2 or len(kept) == 1 else None
        out.append((t, digits or _fold(t)))
    return out


def _comparable(text: str) -> list[str]:
    """Words of ``text`` as a grader compares them (see :func:`_comparable_words`)."""
    return [folded for _, folded in _comparable_words(text)]


def _list_items(text: str) -> list[tuple[str, ...]] | None:
    """The items of a typed list, each compared as :func:`_comparable`, sorted
    (a list's order is not what is asked); None when ``text`` is no list."""
    parts = [p for p in _LIST_SEP.split(text) if p and p.strip()]
    if len(parts) < 2:
        return None
    return sorted(tuple(_comparable(p)) for p in parts)


# the grader compares words with a plural "s" folded away ("pleurodesi")
_ENDINGS_FOLDED = frozenset(ENDINGS) | frozenset(_fold("pleuro" + e)[len("pleuro"):] for e in ENDINGS)


def _typo_distance(said: list[str], key: list[str], typed: list[str] | None = None,
                   key_raw: list[str] | None = None) -> int | None:
    """Total edits if every word of ``said`` is within its key word's
    allowance, none of them is the key word turned by a prefix or an
    ending, and none is, as ``typed``, another real word.

    A slip is weighed on the words as written too (``typed`` against
    ``key_raw``), with the allowance of the key word as written: folding
    "radiation" to "radiat" leaves "radiaton" two edits away and a shorter
    word's allowance, though it is one slip (review 21 #37)."""
    if len(said) != len(key):
        return None
    typed = typed if typed is not None and len(typed) == len(said) else said
    key_raw = key_raw if key_raw is not None and len(key_raw) == len(key) else key
    total = 0
    for s, k, raw, kraw in zip(said, key, typed, key_raw):
        if s == k:
            continue
        if any(c.isdigit() for c in s) or turns_meaning(s, k, _ENDINGS_FOLDED) or real_word(raw.casefold()):
            return None
        allowed = max(typo_allowance(k), typo_allowance(kraw))
        d = min(edit_distance(s, k, allowed), edit_distance(raw.casefold(), kraw.casefold(), allowed)) \
            if allowed else allowed + 1
        if d > allowed:
            return None
        total += d
    return total


def match_typed(
    response: str, answers: tuple[str, ...] | list[str], context: str = ""
) -> Match | None:
    """Which accepted answer ``response`` matches, and how.

    Exact matches (after :func:`_comparable`: case, accents, determiners,
    plurals) win, then a list in any order, then the key said with more or
    fewer words (see the module doc; ``context`` is the question's text),
    then a typo match (the closest, then the earliest answer).
    """
    said_words = _comparable_words(response)
    said = [w for _, w in said_words]
    said_number = parse_number(response)
    said_list = _list_items(response)
    written = [_comparable_words(answer) for answer in answers]  # each answer's words, once
    keys = [(answer, [w for _, w in words]) for answer, words in zip(answers, written)]
    exact = _exact(said, said_number, said_list, keys)
    if exact:
        return exact
    given = set(_comparable(_GAP_MARK.sub(" ", context))) if context else set()
    figure = next((Match(a, note="the same figure in other words") for a, key in keys
                   if _same_figure(said_words, key, given)), None)
    bracketed = _BRACKETED.match(response)
    # a key that ends in brackets itself ("the liver and the brain (tied)")
    # is read word by word like any other
    if bracketed and not any(_BRACKETED.match(a) for a in answers):
        # both names must say the key: "pleurodesis (SBRT)" is not a qualifier,
        # but "stage 4 (metastatic)" says the figure asked for
        return _bracketed(bracketed, answers, context) or figure
    # the words beside the blank typed again ("stage 4" in "Stage _____ breast cancer")
    echo = _without_echo(said_words, context)
    if echo is not None:
        trimmed, repeated = echo
        hit = _exact([w for _, w in trimmed], None, None, keys)
        if hit:
            return Match(hit.answer, note=f"with '{repeated}' repeated from the question")
    if figure:
        return figure
    beside = _beside_gap(context)
    shown = [raw for raw, _ in said_words]
    for answer, key in keys:
        how = _more_or_fewer_words(said, key, given, beside, shown)
        if how:
            return Match(answer, note=how)
    best: tuple[int, int] | None = None
    for pos, (answer, key) in enumerate(keys):
        d = _typo_distance(said, key, shown, [raw for raw, _ in written[pos]])
        if d is not None and (best is None or d < best[0]):
            best = (d, pos)
    return Match(answers[best[1]], typo=True) if best else None


_BRACKETED = re.compile(r"^\s*([^()]+?)\s*\(([^()]+)\)\s*$")


def _bracketed(m: re.Match[str], answers, context: str) -> Match | None:
    """A name with its other name in brackets: "stereotactic body
    radiotherapy (SBRT)" (review 12), either way round; both parts must
    match an accepted answer, so "liver (bone)" says nothing right."""
    outer, inner = (match_typed(part, answers, context) for part in m.groups())
    if outer is None or inner is None:
        return None
    return Match(outer.answer, typo=outer.typo or inner.typo, note="with another name in brackets")


def _exact(
    said: list[str],
    said_number: tuple[float, float] | None,
    said_list: list[tuple[str, ...]] | None,
    keys: list[tuple[str, list[str]]],
) -> Match | None:
    """The first key ``said`` says word for word, as the same number, or as
    the same list in another order."""
    said_joined = "".join(said)
    for answer, key in keys:
        if said == key or (said_joined and said_joined == "".join(key)):
            return Match(answer)
        key_number = parse_number(answer)
        if said_number is not None and key_number is not None and said_number == key_number:
            return Match(answer)
        if said_list is not None and said_list == _list_items(answer):
            return Match(answer, note="in another order")
    return None


def _without_echo(said: list[tuple[str, str]], context: str) -> tuple[list[tuple[str, str]], str] | None:
    """``said`` without the question's own words it repeats right before or
    right after the blank ("stage 4" for "Stage _____", "MRIs of the brain"
    for "_____ of the brain"), and those words as typed; None when it repeats
    none or nothing else is left. The sentence read with the rest in its
    blank says what the student said."""
    parts = _GAP_MARK.split(context, maxsplit=1)
    if len(parts) != 2:
        return None
    before, after = _comparable(parts[0]), _comparable(parts[1])
    words = [w for _, w in said]
    lead = max((n for n in range(1, len(words)) if before[-n:] == words[:n]), default=0)
    trail = max((n for n in range(1, len(words) - lead) if after[:n] == words[len(words) - n:]), default=0)
    if not lead and not trail:
        return None
    kept = said[lead : len(said) - trail]
    repeated = " ".join(raw for raw, _ in said[:lead] + said[len(said) - trail :])
    return kept, repeated


def match_members(
    response: str, members: Sequence[Sequence[str]], need: int, context: str = ""
) -> Match | None:
    """Whether ``response`` names at least ``need`` different members of a
    list, in any order, separated by commas, "and" or "or" ("shunt and
    pleurodesis" for "Any two of: ..."). Each part is matched as
    :func:`match_typed` matches one answer (each member's accepted
    spellings); a part that names no member, or names one twice, is no match:
    a list with a wrong item in it does not say the back."""
    parts = [p for p in _LIST_SEP.split(response) if p and normalize_tokens(p)]
    if need < 1 or not parts:
        return None
    named: list[str] = []
    typo = False
    i = 0
    while i < len(parts):
        # a member that holds "and" itself ("skin and soft tissue", review 16)
        # is tried on two parts joined again before one part alone
        joined = _member_hit(f"{parts[i]} and {parts[i + 1]}", members, named, context) if i + 1 < len(parts) else None
        hit = joined or _member_hit(parts[i], members, named, context)
        if hit is None:
            return None
        named.append(hit[0])
        typo = typo or hit[1].typo
        i += 2 if joined else 1
    if len(named) < need:
        return None
    return Match(", ".join(named), typo=typo, note=f"names {len(named)} of the list")


def _member_hit(part: str, members: Sequence[Sequence[str]], named: list[str],
                context: str) -> tuple[str, Match] | None:
    """The first member not yet named that ``part`` says, and how."""
    for accepted in members:
        if accepted and accepted[0] not in named:
            hit = match_typed(part, list(accepted), context=context)
            if hit is not None:
                return accepted[0], hit
    return None


def _placed(said: list[str], key: list[str]) -> list[int] | None:
    """Positions of the key's words in ``said``, in order, matched greedily."""
    out, pos = [], 0
    for word in key:
        while pos < len(said) and said[pos] != word:
            pos += 1
        if pos == len(said):
            return None
        out.append(pos)
        pos += 1
    return out


# The blank of a cloze prompt: "_____", or the hint shown in its place
# ("[which other cancer?]"), which asks the student and is not the sentence.
_GAP_MARK = re.compile(r"_{3,}|\[[^\]]*\]")


def _beside_gap(context: str) -> tuple[list[str], list[str]]:
    """The question's content words just before and just after its blank,
    nearest first, as :func:`_comparable` reads them. A prompt without a
    blank (a flashcard's definition) is read as following it: "means
    chemotherapy injected ..." and "Chemotherapy injected ..." both supply
    "chemotherapy" to "intrathecal"."""
    parts = _GAP_MARK.split(context, maxsplit=1)
    before, after = (parts[0], parts[1]) if len(parts) == 2 else ("", context)

    def content(text: str) -> list[str]:
        return [_fold(t) for t in normalize_tokens(text) if t not in STOPWORDS and _fold(t) not in _STOP_FOLDED]

    return content(before)[::-1], content(after)


def _supplied(missing_before: list[str], missing_after: list[str], beside: tuple[list[str], list[str]]) -> bool:
    """Whether the words a short answer leaves out stand right beside the
    blank, so the sentence read with the answer in it says the key: "a lung
    _____ nodule" supplies "lung", "a _____ is treated" supplies nothing,
    though the question says "cancer" elsewhere (review 6 #15: bare "lung"
    was accepted for "lung cancer")."""
    wanted_before = [t for t in missing_before if t not in _STOP_FOLDED][::-1]
    wanted_after = [t for t in missing_after if t not in _STOP_FOLDED]
    left, right = beside
    return left[: len(wanted_before)] == wanted_before and right[: len(wanted_after)] == wanted_after


# Words that make a named cancer one that spread there ("metastatic lung
# cancer", "lung cancer metastasis" for a primary "lung cancer", review 19 #14)
_SPREAD = frozenset(_fold(w) for w in "metastatic metastasis metastases secondary secondaries spread mets".split())
_SITES = _ORGANS | {_fold("breast")}


def _elsewhere(added: list[str], key: list[str]) -> bool:
    """Whether words added to ``key`` move it to another cancer: spread
    words on a named cancer, or a second site beside the key's own ("breast
    lung cancer" is breast cancer in the lung, not lung cancer)."""
    if key[-1] in _PRIMARY and any(t in _SPREAD for t in added):
        return True
    return any(t in _SITES for t in key) and any(t in _SITES and t not in key for t in added)


def _same_figure(said: list[tuple[str, str]], key: list[str], given: set[str]) -> bool:
    """Whether ``said`` names the key's figures and nothing else but words of
    the key or the question ("stage 4 (metastatic)", "fourth stage", "4th"
    for "stage IV", review 22 #1); a grading or turning word says more."""
    figures = [f for _, w in said if (f := as_figure(w))]
    wanted = [w for w in key if w[:1].isdigit()]
    if not wanted or figures != wanted:
        return False
    words = [w for raw, w in said if not as_figure(w) and not as_figure(raw)]
    # the key's words left out must be the question's own ("4th" for "stage
    # 4" under "which stage?"; never "89" for "strontium 89")
    if any(w not in words and w not in given and w not in _STOP_FOLDED for w in key if not w[:1].isdigit()):
        return False
    return all(w in key or ((w in given or w in _HEADS or w in _STOP_FOLDED) and w not in _GRADING
                            and w not in _TURNING_FOLDED) for w in words)


def _more_or_fewer_words(
    said: list[str],
    key: list[str],
    given: set[str],
    beside: tuple[list[str], list[str]] = ([], []),
    shown: list[str] | None = None,
) -> str:
    """How ``said`` says ``key`` with a qualifier more or with words the
    question supplies beside its blank left out; empty when it does not."""
    if not said or not key or any(t[0].isdigit() for t in said + key):
        return ""  # numbers are never approximate in words
    n, k = len(said), len(key)
    if n > k:
        # the key's words in order, with a qualifier or two in front or inside
        # ("regional nodal recurrence"), then only words the question says or
        # that name the category ("HER2-positive breast cancer")
        placed = _placed(said, key)
        if placed is not None:
            last = placed[-1]
            inside = [t for i, t in enumerate(said[: last + 1]) if i not in placed]
            after = said[last + 1 :]
            if any(t in _TURNING_FOLDED for t in inside + after):
                return ""
            if any(t not in given and (t not in _STOP_FOLDED or t in _GRADING) and t not in _NEUTRAL for t in inside):
                # "mediastinal lymph nodes" reads as "axillary lymph nodes" to a
                # word matcher and is wrong, as are "HER2-negative", "single bone
                # metastasis" (review 13) and "less severe", "upper airways":
                # a qualifier counts only where the question says it
                return ""
            if key[-1] in _ORGANS and after[:1] and after[0] in _PRIMARY:
                return ""  # "bone cancer" for "bone": a primary cancer of the bone
            if _elsewhere(inside + after, key):
                return ""
            if len(inside) <= MAX_QUALIFIERS and all(t in given or t in _HEADS or t in _STOP_FOLDED for t in after):
                # the added words as typed ("stage", not its stem "stag")
                shown = shown if shown is not None and len(shown) == n else said
                added = [i for i in range(last + 1) if i not in placed]
                added += [i for i in range(last + 1, n) if said[i] not in given and said[i] not in _STOP_FOLDED]
                extra = " ".join(shown[i] for i in added)
                return f"with '{extra}' added" if extra else "with words the question already says"
    for start in range(k - n + 1):
        if key[start : start + n] != said:
            continue
        telling = [t for t in said if len(t) >= 4 and t not in _STOP_FOLDED]
        if telling and _supplied(key[:start], key[start + n :], beside):
            return "the question supplies the rest"
    return ""


# -- numbers --------------------------------------------------------------------

_NUM = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+"
_NUMBER_RE = re.compile(rf"^({_NUM})$")
_RANGE_RE = re.compile(rf"^({_NUM})\s*(?:-|–|—|to)\s*({_NUM})$")
# the hedges the cloze generator writes before a figure (longest first, so
# "approximately" is not read as "approx"), "approx." and the signs
_APPROX_RE = re.compile(r"^(?:approx\.|" + "|".join(sorted(FIGURE_HEDGES, key=len, reverse=True)) + r"|~|≈)\s*")
# "70 percent" is "70%" (review 25 #2)
_PERCENT_RE = re.compile(r"(?<=\d)\s*(?:per ?cent)\b")


def _to_float(text: str) -> float:
    return float(text.replace(",", ""))


def parse_number(text: str, unit: str | None = None) -> tuple[float, float] | None:
    """``(low, high)`` of a typed number or range, or None if it is not one.

    ``"1,000"`` -> (1000, 1000); ``"10-15%"`` -> (10, 15); ``"about 5 years"``
    with unit ``years`` -> (5, 5). Only the item's own unit (and ``%`` for
    percentages) may follow the number.
    """
    s = _PERCENT_RE.sub("%", _APPROX_RE.sub("", " ".join(text.strip().lower().split())))
    for u in _unit_words(unit):
        if u.isalpha():
            s = re.sub(rf"(?<![a-z]){re.escape(u)}(?![a-z])", " ", s)  # "5years" too
        else:
            s = s.replace(u, " ")
    if not unit:
        s = s.replace("%", " ")  # a bare number compares with or without %
    s = " ".join(s.split())
    m = _NUMBER_RE.match(s)
    if m:
        x = _to_float(m.group(1))
        return (x, x)
    m = _RANGE_RE.match(s)
    if m:
        lo, hi = sorted((_to_float(m.group(1)), _to_float(m.group(2))))
        return (lo, hi)
    return None


def _unit_words(unit: str | None) -> list[str]:
    if not unit:
        return []
    u = unit.strip().lower()
    if u == "%":
        return ["%", "per cent", "percent"]
    words = [u]
    if u.endswith("s") and len(u) > 2:
        words.append(u[:-1])  # "5 year" for "years"
    else:
        words.append(u + "s")
    return sorted(words, key=len, reverse=True)
