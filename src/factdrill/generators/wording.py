"""Word-level tools the generators and the audit share: content words, light
stems, and the word lists of the published item-writing-flaw rubrics.

Words are matched as whole tokens, never as substrings (the published
rule-based checks match "all" inside "allergy" and "only" inside
"commonly"; see docs/item-review.md).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Specific determiners: the union of the ECTEL23 and SAQUET lists (Moore et
# al. 2023, 2024) and Haladyna, Downing & Rodriguez (2002) guideline 28a.
ABSOLUTE = frozenset(
    "always never every all none only completely absolutely totally definitely entirely "
    "invariably inevitable incapable cannot impossible nothing".split()
)
# Vague frequency terms (ECTEL23 and SAQUET lists).
VAGUE = frozenset(
    "often frequently occasionally sometimes rarely seldom usually typically normally generally "
    "commonly regularly periodically infrequently nearly approximately partly somewhat".split()
)

# Hedges: a key that hedges among confident false claims is found by its
# caution alone (the vague terms, and the modal verbs of a careful claim).
HEDGES = VAGUE | frozenset("may might could".split())

STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or but not no as is are was were be been being
    that this these those which who whom whose what when where why how it its their there than
    then so such into onto over under about after before between during through per via
    more most less least very can may might often usually also only some any each other
    following statement statements true false does do did has have had one two three
    select apply all best describes means term which""".split()
)

_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,]\d+)?")


@lru_cache(maxsize=1 << 15)
def tokens(text: str) -> tuple[str, ...]:
    """Lower-case word and number tokens, accents kept, hyphenated words whole."""
    return tuple(_TOKEN.findall(unicodedata.normalize("NFKC", text).casefold()))


@lru_cache(maxsize=1 << 15)
def stem(word: str) -> str:
    """A light English stem: plurals and -is/-es Greek plurals folded
    ("metastasis"/"metastases", "bones"/"bone", "therapies"/"therapy")."""
    w = word.casefold()
    if len(w) <= 4 or w[0].isdigit():
        return w
    for suffix, repl in (("ies", "y"), ("ses", "s"), ("sis", "s"), ("es", "e"), ("s", "")):
        if w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)] + repl
    return w


def content_stems(text: str, *, min_len: int = 4) -> set[str]:
    """Stems of the content words of ``text`` (stopwords and short words out);
    a hyphenated word counts whole and by its parts ("bone-modifying" repeats
    "bone")."""
    return set(_content_stems(text, min_len))  # a copy: callers may change theirs


# Cached: a term's definition is compared with every sibling's many times over
# (distractor filters, echo checks), each a tokenisation and a stem per word.
@lru_cache(maxsize=1 << 15)
def _content_stems(text: str, min_len: int) -> frozenset[str]:
    out = set()
    for t in tokens(text):
        for part in (t, *t.split("-")) if "-" in t else (t,):
            if len(part) >= min_len and part not in STOPWORDS and not part[0].isdigit():
                out.add(stem(part))
    return frozenset(out)


def roots_of(text: str, letters: int) -> set[str]:
    """The first ``letters`` letters of each content stem of ``text``: roots
    compared bluntly ("drainage" and "draining" are both "drain")."""
    return {w[:letters] for w in _content_stems(text, 4)}


def same_root(a: str, b: str) -> bool:
    """Whether two stems look alike enough to give one another away:
    equal, or sharing a beginning of at least four letters that is all but
    two letters of the shorter ("spine"/"spinal", "pleura"/"pleurodesis",
    "lymph"/"lymphatic"; not "radiation"/"radioactive")."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 4 and n >= min(len(a), len(b)) - 2


def root_echo(first: str, second: str) -> set[str]:
    """Content stems of ``second`` sharing a root with one of ``first``:
    the words by which ``second`` is matched to ``first`` without knowing."""
    ours = content_stems(first)
    return {w for w in content_stems(second) if any(same_root(w, o) for o in ours)}


def covers(text: str, roots: set[str]) -> bool:
    """Whether ``text`` has a word of the same root as each of ``roots``."""
    stems = content_stems(text)
    return all(any(same_root(r, w) for w in stems) for r in roots)


def has_any(text: str, words: frozenset[str]) -> set[str]:
    """The words of ``words`` that occur in ``text`` as whole tokens."""
    return set(tokens(text)) & words


def word_key(text: str) -> str:
    """Text for equality: tokens joined, a leading article dropped."""
    toks = list(tokens(text))
    if len(toks) > 1 and toks[0] in ("the", "a", "an"):
        toks = toks[1:]
    return " ".join(toks)


# Two claims sharing this share of the shorter one's content words make the
# same point (one restates or negates the other): shown side by side, the
# pair points to the key ("stop the steroid when my back feels better" next
# to "keep taking the steroid while the dose is lowered").
MIRROR_SHARE = 0.35


def shared_share(a: str, b: str) -> float:
    """The share of the shorter text's content words the other repeats."""
    x, y = content_stems(a), content_stems(b)
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def mirrors(a: str, b: str, share: float = MIRROR_SHARE) -> bool:
    """Whether ``a`` and ``b`` make the same point, one restating or
    negating the other (see :data:`MIRROR_SHARE`)."""
    return shared_share(a, b) >= share


# -- grammatical number ------------------------------------------------------------
# Haladyna, Downing & Rodriguez (2002) guideline 31c: a stem that agrees in
# number with the key alone ("Which term means tumors ...?" with "Distant
# metastases" among singular "... recurrence") gives it away (review 16 #33).

_SINGULAR_ENDINGS = ("ss", "us", "is", "ous", "ics", "sis")
_QUOTED = re.compile(r"[\u201c\"][^\u201d\"]*[\u201d\"]")
_NUMBER_CUE = re.compile(r"\b(?:(means|mean|denotes)\s+(?:the\s+)?([^\W\d_]+)|(are|were)\b|(?:is|means)\s+(an?)\b)",
                         re.IGNORECASE)


def number_of(text: str) -> str | None:
    """"plural" or "singular" by the last word of a short noun phrase (its
    head: "distant metastases", "regional recurrence"); None for a longer
    text (a sentence, a definition), whose number says nothing."""
    words = tokens(text)
    if not words or len(words) > 4 or words[-1][0].isdigit():
        return None
    head = words[-1].casefold()
    if head.endswith("s") and not head.endswith(_SINGULAR_ENDINGS) and len(head) > 3:
        return "plural"
    return "singular"


def stem_number(prompt: str) -> str | None:
    """The number a question asks its answer in, when its words fix one:
    "which term means tumors ..." (plural), "which ... are" (plural),
    "which ... is a(n)" (singular); None when they do not ("which of the
    following is one of ..."). Quoted text is a mention, not the question."""
    m = _NUMBER_CUE.search(_QUOTED.sub(" ", prompt))
    if not m:
        return None
    if m.group(3):
        return "plural"
    if m.group(4):
        return "singular"
    return number_of(m.group(2))


def number_cue(prompt: str, key: str, distractors: list[str]) -> str | None:
    """The number only the key shares with the stem (every distractor has the
    other), or None when number points at nothing."""
    wanted = stem_number(prompt)
    if wanted is None or number_of(key) != wanted:
        return None
    others = [number_of(d) for d in distractors]
    if others and all(n is not None and n != wanted for n in others):
        return wanted
    return None


# Hedges said before a figure ("about 70%", "almost two-thirds"): the cloze
# generator writes the bare figure beside a hedged key, and the grader reads
# past a hedge, so the two agree on one list.
FIGURE_HEDGES = ("about", "almost", "nearly", "roughly", "around", "approximately", "approx")
# Small numbers as words, by value: the cloze generator spells a closed
# blank's figure out, the grader reads it back.
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
