"""Which items give away which: an item's text that states another's answer.

A student who has just read "regional recurrence: cancer back in the nearby
lymph nodes" on one card is not tested by the next card asking what regional
recurrence means. :class:`RevealIndex` finds, for a set of cards, the pairs
where the text one card shows (prompt, the key, every rationale, the
explanation) states an answer of another card *together with* a telling
word of that card's question: the answer alone ("pleural effusion" named in
passing) is a mention, the answer beside the question's cue is a giveaway.
The drill and the quiz keep such cards apart, the exam never puts both on
one form, and ``factdrill audit`` counts them.

Texts are compared as word sequences with numbers canonical: "five",
"5" and "5.0" are one token, so a giveaway hides behind neither spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from .items import JUDGMENT_KINDS, Item, ItemKind
from .keys import CHOICE_KINDS, fmt_num, numeric_key

_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100"})
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+")
# Words that are no answer on their own: an answer made only of these
# ("true", "no") would "appear" in nearly every text.
_WEAK = frozenset(
    "a an the of in on at to for and or not no yes true false it is are be by with from as".split()
)
# Answers shorter than this (in letters, numbers aside) are too common to track.
MIN_ANSWER_CHARS = 4
# A word in more than 1/COMMON_SHARE of the cards ("breast", "lymph") tells nothing.
COMMON_SHARE = 8


def tokens(text: str) -> tuple[str, ...]:
    """Lower-case word tokens, numbers canonical ("Five" and "5.0" are "5")."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for t in _TOKEN.findall(folded):
        if t[0].isdigit():
            t = t.replace(",", "")
            if "." in t:
                t = t.rstrip("0").rstrip(".")
        else:
            t = _NUMBER_WORDS.get(t, t)
            if len(t) > 3 and t.endswith("s") and not t.endswith("ss"):
                t = t[:-1]  # "lungs" gives away "lung"
        out.append(t)
    return tuple(out)


def answer_phrases(item: Item) -> set[tuple[str, ...]]:
    """The answers an item asks for, as token phrases worth tracking.

    Flashcards count only their short answers (a back of a whole sentence is
    feedback, not a key); true/false and numeric-choice items count the
    claim or figure itself.
    """
    if item.kind is ItemKind.TRUE_FALSE:
        return set()  # its key is True or False: nothing another card can say
    texts: list[str] = [o.text for o in item.options if o.correct] or list(item.answers)
    if item.kind in (ItemKind.MATCHING, ItemKind.ORDERING):
        texts = list(item.answers)
    out = set()
    for text in texts:
        phrase = tokens(text)
        if not phrase or len(phrase) > 6 or all(t in _WEAK for t in phrase):
            continue  # whole sentences and bare function words say too little
        if sum(len(t) for t in phrase if not t.isdigit()) < MIN_ANSWER_CHARS and not any(
            t.isdigit() for t in phrase
        ):
            continue
        out.add(phrase)
    return out


def shown_text(item: Item) -> str:
    """What a student reads on or after this item that can state facts: the
    prompt, the key, every rationale and the explanation. Distractor texts
    are left out: a wrong option shown as a candidate asserts nothing."""
    parts = [item.prompt, item.explanation or ""]
    for o in item.options:
        parts.append(o.rationale)
        if o.correct:
            parts.append(o.text)
    for key in ("back", "statement"):
        value = item.extra.get(key) if item.extra else None
        if isinstance(value, str):
            parts.append(value)
    return "\n".join(parts)


def question_text(item: Item) -> str:
    """What a student reads *before* answering: the prompt and every option
    (what an exam or a test shows at once, feedback being for later)."""
    return "\n".join([item.prompt, *(o.text for o in item.options)])


def cue_words(item: Item) -> set[str]:
    """Telling words of the question: content tokens of the prompt that are
    not part of its answers (a giveaway names the answer *and* the cue)."""
    answer = {t for p in answer_phrases(item) for t in p}
    return {t for t in tokens(item.prompt) if len(t) >= 4 and t not in _WEAK and t not in answer}


class RevealIndex:
    """The giveaway relation over groups of items (cards, or single items).

    ``groups`` maps a key (a card id, an item id) to its items; ``text``
    says what of an item a student reads (:func:`shown_text` in a drill,
    which shows feedback at once; :func:`question_text` in a test). A group
    *reveals* another when the text it shows contains one of the other's
    answers and one of its cue words; words in more than an eighth of the
    groups ("breast", "lymph" in this deck) make neither an answer nor a cue. A group never
    reveals itself. Cost: one pass over each group's tokens, with answers
    looked up by their first token.
    """

    def __init__(
        self, groups: Mapping[str, Sequence[Item]], text: Callable[[Item], str] = shown_text
    ) -> None:
        answers: dict[str, set[tuple[str, ...]]] = {}
        cues: dict[str, set[str]] = {}
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        texts: dict[str, list[tuple[str, ...]]] = {}
        df: dict[str, int] = defaultdict(int)
        for key, items in groups.items():
            answers[key] = set().union(*(answer_phrases(it) for it in items)) if items else set()
            cues[key] = set().union(*(cue_words(it) for it in items)) if items else set()
            for phrase in answers[key]:
                by_first[phrase[0]].append((phrase, key))
            texts[key] = [tokens(s) for s in {text(it) for it in items}]
            for tok in {tok for hay in texts[key] for tok in hay}:
                df[tok] += 1
        common = max(3, len(groups) // COMMON_SHARE)

        def telling(phrase: tuple[str, ...]) -> bool:
            return any(t.isdigit() or df[t] <= common for t in phrase)

        self._reveals: dict[str, set[str]] = {}
        for key, hays in texts.items():
            found: set[str] = set()
            for hay in hays:
                words = set(hay)
                for i, tok in enumerate(hay):
                    for phrase, other in by_first.get(tok, ()):
                        if other == key or other in found or hay[i : i + len(phrase)] != phrase:
                            continue
                        if telling(phrase) and any(c in words and df[c] <= common for c in cues[other]):
                            found.add(other)
            self._reveals[key] = found

    def reveals(self, key: str) -> set[str]:
        """The groups whose answer ``key``'s text states."""
        return self._reveals.get(key, set())

    def pairs(self) -> Iterable[tuple[str, str]]:
        """Every (revealing, revealed) pair."""
        for key, others in self._reveals.items():
            for other in sorted(others):
                yield key, other

    def conflict(self, a: str, b: str) -> bool:
        """Whether either of two groups gives the other away."""
        return b in self.reveals(a) or a in self.reveals(b)


# -- two questions on one test ----------------------------------------------------


def _norm(text: str) -> str:
    """Words compared as a reader would: case, plurals and the spelling of
    numbers ignored ("five" gives away "5")."""
    return " ".join(tokens(text))


def answer_cues(item: Item) -> list[str]:
    """Texts that would give an item away if another question printed them."""
    if item.kind in CHOICE_KINDS or item.kind is ItemKind.SATA:
        cues = [o.text for o in item.options if o.correct]
    elif item.kind in JUDGMENT_KINDS and item.kind not in _LABELLED:
        cues = [o.text for o in item.options if o.correct] or list(item.answers)
    elif item.kind is ItemKind.NUMERIC:
        key = numeric_key(item)
        cues = [fmt_num(key.value)] + ([fmt_num(key.high)] if key.high is not None else [])
    elif item.kind is ItemKind.CLOZE:
        cues = list(item.answers)
    else:  # true/false, matching, ordering: the answer is not a phrase
        cues = []
    out = []
    for c in cues:
        n = _norm(c)
        if len(n) >= 3 or re.fullmatch(r"[\d.]+", n or "x"):
            out.append(n)
    return out


def stated_text(item: Item) -> str:
    """What a printed question states as fact: the stem and any sentence-long
    correct option (a true statement among false ones)."""
    parts = [item.prompt] + [o.text for o in item.options if o.correct and len(o.text.split()) >= 5]
    return " | ".join(parts)


def gives_away(shown: Item, asked: Item) -> bool:
    """Whether ``shown``'s question (stem or a true statement it prints)
    reveals the answer of ``asked`` (a test shows both before any feedback)."""
    text = f" {_norm(stated_text(shown))} "
    for cue in answer_cues(asked):
        if re.search(rf"(?<![\w.]){re.escape(cue)}(?![\w]|\.\d)", text):
            return True
    return False


# Judgment items whose answers are column labels or step keys, not phrases a stem could state.
_LABELLED = frozenset({ItemKind.MATRIX_MC, ItemKind.MATRIX_MR, ItemKind.CASE})


def conflicts(a: Item, b: Item) -> bool:
    """Two items cannot share a version: same fact, or one gives the other away.

    A situation asks different skills (its cues, first action, precautions,
    teaching) in items of different kinds, so two of its judgment items of
    different kinds may share a form unless one gives the other away; a case
    holds them all, so it shares no form with another item of its situation.
    """
    return _same_question(a, b) or gives_away(a, b) or gives_away(b, a)


def _same_question(a: Item, b: Item) -> bool:
    same = bool(set(a.fact_ids) & set(b.fact_ids))
    if same and a.kind in JUDGMENT_KINDS and b.kind in JUDGMENT_KINDS:
        same = a.kind is b.kind or ItemKind.CASE in (a.kind, b.kind)
    return same


class Conflicts:
    """:func:`conflicts` over one pool of items, each item's texts read once
    and each pair decided once (a form drawn from hundreds of items asks
    about the same pairs again and again)."""

    def __init__(self, items: Iterable[Item]) -> None:
        self._cues = {it.id: answer_cues(it) for it in items}
        self._stated = {it.id: f" {_norm(stated_text(it))} " for it in items}
        self._seen: dict[tuple[str, str], bool] = {}

    def __call__(self, a: Item, b: Item) -> bool:
        key = (a.id, b.id) if a.id <= b.id else (b.id, a.id)
        if key not in self._seen:
            self._seen[key] = _same_question(a, b) or self._gives(a, b) or self._gives(b, a)
        return self._seen[key]

    def _gives(self, shown: Item, asked: Item) -> bool:
        text = self._stated[shown.id]
        return any(re.search(rf"(?<![\w.]){re.escape(cue)}(?![\w]|\.\d)", text) for cue in self._cues[asked.id])
