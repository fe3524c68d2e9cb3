"""Text shaping every generator shares: normalising answers for comparison,
articles and capitals, list joining, and the wording of pair questions and
their rationales. Pure functions of strings (split out of ``common``)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Sequence

from ..deck.confusables import look_alike

_STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or but not no as is are was were be been
    that this these those which who whom whose what when where why how it its their there than
    then so such into onto over under about after before between during through per via
    more most less least very can may might often usually also only some any each other""".split()
)


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Text reduced for comparison: NFKC, casefolded, spaces collapsed,
    outer punctuation and a leading article dropped."""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = " ".join(t.split()).strip(" .,;:!?\"'()")
    for article in ("the ", "a ", "an "):
        if t.startswith(article) and len(t) > len(article):
            t = t[len(article) :]
            break
    return t


@lru_cache(maxsize=1 << 16)
def same(text: str) -> str:
    """Key under which two option texts are one answer: :func:`norm` (an
    article, case and spacing ignored), then compared as they look (UTS #39
    skeleton: "Smоke" with a Cyrillic о is "Smoke")."""
    return look_alike(norm(text))


@lru_cache(maxsize=1 << 16)
def cap(text: str) -> str:
    """Capitalise the first letter unless the word is mixed case (``pH``, ``mRNA``)."""
    text = text.strip()
    if not text or not text[0].islower():
        return text
    if len(text) > 1 and text[1].isupper():
        return text
    first = text[0].upper()
    # dotless i, long s...: upper-casing would change the text compared by norm()
    if len(first) != 1 or first.casefold() != text[0].casefold():
        return text
    return first + text[1:]


_ASKING = re.compile(r"(?:name|list|describe|explain|give|state|identify|define)\b", re.I)


def asks(term: str) -> bool:
    """Whether a term's "name" is really a question, as on a card imported from a
    Q/A set ("Which drug ...?", "Name the ..."): its items ask it as it stands."""
    term = term.strip()
    return term.endswith("?") or (bool(_ASKING.match(term)) and term.endswith("."))


def sentence(text: str) -> str:
    """``text`` as a sentence: capitalised and ending in a stop."""
    text = cap(text)
    return text if text[-1:] in ".?!" else text + "."


def the(phrase: str) -> str:
    """``the PHRASE``, without doubling an article the phrase already has."""
    phrase = phrase.strip()
    if phrase.casefold().startswith(("the ", "a ", "an ")):
        return phrase
    return "the " + phrase


_CLAUSE_WORDS = frozenset("a an the when where what why how who which whom whose to if it its each".split())


def bare(phrase: str) -> str:
    """``phrase`` without a leading ``the``."""
    phrase = phrase.strip()
    return phrase[4:] if phrase.casefold().startswith("the ") else phrase


def pair_question(name: str, given: str, wanted: str, key: str, recall: bool = False,
                  link: str | None = None) -> str:
    """The question asking for the partner of ``key`` in a mapping, framed by
    the mapping's name: "which treatment matches the purpose 'treating the
    metastases'?" alone has many answers; among the treatments of brain
    metastases it has one. Asked for ``recall`` (a card, no options), it
    reads "what treatment goes with ...": "which ... matches" asks to pick
    among options that are not there (review 13). A mapping's ``link``
    makes it a sentence: "Strontium 89 is used for which condition?"."""
    if link and simple_label(wanted):
        return f"{cap(key)} {link} {'what' if recall else 'which'} {bare(wanted)}?"
    if simple_label(given) and simple_label(wanted):
        if recall:
            return f"{frame(name)}: what {wanted} goes with {the(given)} {quoted(key)}?"
        return f"{frame(name)}: which {wanted} matches {the(given)} {quoted(key)}?"
    return f"{frame(name)}: what goes with {quoted(key)}?"


def frame(name: str) -> str:
    """A mapping's name as the frame of its questions ("Treatments for brain
    metastases and their purpose")."""
    return cap(bare(" ".join(name.split())))


def quoted(key: str) -> str:
    """``key`` in quotes, one word or several: unquoted, "matches the location
    the original tumour site" reads as a broken sentence, and quoting only
    some keys reads as inconsistent."""
    return f"\u201c{key.strip()}\u201d"


def pair_rationale(given: str, wanted: str, value: str, key: str, asked: str | None = None) -> str:
    """Why ``value`` (paired with ``key``) is right, or wrong for ``asked``."""
    # "VALUE: the treatment of KEY" read "the treatment of treating the
    # metastases"; naming the key's column reads right for any labels
    if simple_label(given) and simple_label(wanted):
        text = f"{cap(value)}: {the(wanted)} for {the(given)} {quoted(key)}"
    else:
        text = f"{cap(value)}: goes with {quoted(key)}"
    return text + (f", not {quoted(asked)}." if asked is not None else ".")


def simple_label(label: str) -> bool:
    """Whether a mapping column label is a short bare noun phrase ("generic
    name", "purpose") that reads well in "Which LABEL matches the ...?"."""
    ws = label.split()
    return 0 < len(ws) <= 3 and not any(w.casefold() in _CLAUSE_WORDS for w in ws)


def join_list(items: Sequence[str], conj: str = "and", *, limit: int | None = None) -> str:
    """``a, b and c`` (semicolons when an item holds a comma).

    With ``limit``, at most that many items are written, then ``and N more``
    (for texts that many items repeat, so their size stays bounded).
    """
    items = [i.strip() for i in items]
    if limit is not None and len(items) > limit:
        items = items[: limit - 1] + [f"{len(items) - limit + 1} more"]
    if len(items) <= 1:
        return "".join(items)
    sep = "; " if any("," in i for i in items) else ", "
    return sep.join(items[:-1]) + f" {conj} " + items[-1]


_NUMBER_WORDS = "zero one two three four five six seven eight nine ten".split()


def count_word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def ordinal(n: int) -> str:
    """1 -> ``first``, 12 -> ``12th``."""
    words = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
    if 1 <= n <= len(words):
        return words[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def words(text: str) -> list[str]:
    """Lower-case content words, plural ``s`` stripped (for name similarity)."""
    out = []
    for w in re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).casefold()):
        if w in _STOPWORDS:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return out


def is_stopword(word: str) -> bool:
    return word.casefold() in _STOPWORDS


_CONDITION = re.compile(r"^((?:if|when|once|after|before|while)\b[^,]*),\s*(.+)$", re.IGNORECASE)


def to_do(action: str) -> str:
    """"to ACTION", with a leading condition moved after it: "if she feels
    sick, offer small meals" reads "to offer small meals if she feels sick"
    ("the reason to if she feels sick, offer", review 14)."""
    m = _CONDITION.match(action.strip())
    return f"to {m.group(2)} {m.group(1)}" if m else f"to {action.strip()}"
