"""Authoring lints: warnings ``factdrill check`` adds once a deck loads.

They point at things a deck author should look at, never at errors:

- near-duplicate facts (the same text twice, or almost), which would test one
  thing twice and give each other away on an exam;
- topics with too few facts to fill an exam section;
- numbers written in text (statements, definitions, explanations) that
  disagree with the deck's own statistic for the same measure.

A fact without an explanation is already warned about by the loader, so it is
not repeated here; item kinds a fact yields none of are the generators' to
report (:func:`factdrill.generators.skips.lint_skips`). Every warning carries the fact's file:line:col.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .facts import Fact, FactSet, Location, Mapping, Ranking, Statement, Statistic, Term
from .problems import Problem

if TYPE_CHECKING:
    from .facts import Deck

# An exam section needs a few facts to draw from; fewer makes a thin section.
MIN_SECTION_FACTS = 3
# SequenceMatcher ratio above which two facts read as the same fact.
NEAR_DUPLICATE_RATIO = 0.9

_STOP = frozenset(
    """a an the of in on at to for from by with and or not no as is are was were be been that
    this these those which who what when where how it its their than then so into over under
    about after before between during more most less least very can may often also only some
    any each other share percent people patient study studie around almost roughly nearly
    makes made have has had""".split()
)


def fact_loc(deck: "Deck", fact: Fact | None = None) -> Location:
    """Where a fact was written (the deck's first line when unknown)."""
    if fact is not None and fact.loc is not None:
        return fact.loc
    return Location(deck.path or deck.id, 1, 1)


def _warn(loc: Location, message: str) -> Problem:
    return Problem(loc, "warning", message)


def fact_text(fact: Fact) -> str:
    """The content of a fact as one string, for duplicate detection."""
    if isinstance(fact, Term):
        return f"{fact.term}: {fact.definition}"
    if isinstance(fact, Statistic):
        return f"{fact.measure} {fact.format_value()} {fact.population or ''}"
    if isinstance(fact, FactSet):
        return f"{fact.name}: {', '.join(sorted(fact.members))}"
    if isinstance(fact, Mapping):
        return f"{fact.name}: " + "; ".join(f"{a}={b}" for a, b in sorted(fact.pairs))
    if isinstance(fact, Ranking):
        return f"{fact.name}: {' > '.join(fact.items)}"
    if isinstance(fact, Statement):
        return fact.plain
    return fact.id


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w%.]+", " ", text.casefold()).split())


def _stem(w: str) -> str:
    return w[:-1] if w.endswith("s") and len(w) > 4 else w


def _same_words(a: str, b: str) -> bool:
    """Whether the words two texts do not share are only spelling variants of each other.

    Two statistics that differ in one word ("bones" / "lungs") or one number
    are different facts however similar the rest reads.
    """
    wa, wb = {_stem(w) for w in a.split()}, {_stem(w) for w in b.split()}
    only_a, only_b = wa - wb, wb - wa
    for side, other in ((only_a, only_b), (only_b, only_a)):
        for w in side:
            if w in _STOP:
                continue
            if any(c.isdigit() for c in w):
                return False
            if not difflib.get_close_matches(w, list(other), n=1, cutoff=0.8):
                return False
    return True


def lint_near_duplicates(deck: "Deck") -> list[Problem]:
    """Facts of one kind whose text is (almost) the same, up to spelling and small words.

    Each later fact is compared with the earlier ones that could possibly
    qualify (:func:`_near_candidates`), with one matcher per fact, so a deck
    of 10,000 facts costs about 10,000 comparisons rather than 50 million.
    """
    out = []
    by_kind: dict[object, list[tuple[Fact, str]]] = {}
    for f in deck.facts:
        by_kind.setdefault(f.kind, []).append((f, _norm(fact_text(f))))
    for facts in by_kind.values():
        texts = [t for _, t in facts]
        for i, cands in _near_candidates(texts):
            b, tb = facts[i]
            sm = difflib.SequenceMatcher(None, autojunk=False)
            sm.set_seq2(tb)
            for j in cands:
                a, ta = facts[j]
                if ta != tb:
                    sm.set_seq1(ta)
                    if (
                        sm.real_quick_ratio() < NEAR_DUPLICATE_RATIO
                        or sm.quick_ratio() < NEAR_DUPLICATE_RATIO
                        or sm.ratio() < NEAR_DUPLICATE_RATIO
                        or not _same_words(ta, tb)
                    ):
                        continue
                where = f" (line {a.loc.line})" if a.loc else ""
                out.append(
                    _warn(
                        fact_loc(deck, b),
                        f"fact '{b.id}' nearly repeats fact '{a.id}'{where}; "
                        "merge them or make each say something different",
                    )
                )
                break  # one warning per later fact is enough
    return out


_DIGIT_WORD = re.compile(r"\S*\d\S*")
# Texts of at most this many characters have too few 3-grams to bound: they
# are compared with every short text of their group.
_SHORT = 8


def _near_candidates(texts: Sequence[str]) -> Iterator[tuple[int, list[int]]]:
    """For each text (by index), the earlier texts that could be its near
    duplicate, in order; texts with none are left out.

    Sound, not a guess: a pair is flagged only when every word they do not
    share is a stopword or a close spelling variant (so their words with
    digits are the same: pairs are grouped by them), their lengths are
    within 9:11 and SequenceMatcher finds matching blocks of 45% of their
    joint length in at most 10% + 1 blocks, which leaves them at least
    ``0.4545 * len - 2`` 3-grams in common. Two texts with that many 3-grams
    in common share one of the rarest ``len - 2 - need + 1`` 3-grams of
    each (prefix filtering, as in set-similarity joins), so only texts
    sharing one of those are compared.
    """
    groups: dict[frozenset[str], list[int]] = {}
    for i, t in enumerate(texts):
        # (a word with a decimal digit is one _same_words refuses to differ in;
        # other digits, such as superscripts, just make the groups coarser)
        digits = frozenset(_stem(w) for w in _DIGIT_WORD.findall(t))
        groups.setdefault(digits, []).append(i)
    found: dict[int, set[int]] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        grams = {i: _grams(texts[i]) for i in members}
        df: Counter[str] = Counter(g for i in members for g, _ in grams[i])
        index: dict[tuple[str, int], list[int]] = {}
        short: list[int] = []
        for i in members:
            n = len(texts[i])
            need = math.floor(0.45 * n) - 2
            mine = found.setdefault(i, set())
            if need < 1 or n <= _SHORT:
                # too short to bound: compare with every earlier text of the group
                mine.update(j for j in members if j < i)
                short.append(i)
                continue
            if 9 * n <= 11 * _SHORT:  # only texts this short can pair with a short one
                mine.update(short)
            toks = sorted(grams[i], key=lambda g: (df[g[0]], g))
            for tok in toks[: max(0, len(toks) - need + 1)]:
                posting = index.setdefault(tok, [])
                mine.update(posting)
                posting.append(i)
    for i in range(len(texts)):
        cands = found.get(i)
        if not cands:
            continue
        n = len(texts[i])
        # SequenceMatcher's real_quick_ratio: 2 * shorter / (sum of lengths) >= 0.9
        keep = sorted(j for j in cands if j < i and 2 * min(n, len(texts[j])) >= NEAR_DUPLICATE_RATIO * (n + len(texts[j])))
        if keep:
            yield i, keep


def _grams(text: str) -> list[tuple[str, int]]:
    """The 3-grams of ``text`` as a set: the k-th occurrence of a gram is (gram, k)."""
    seen: Counter[str] = Counter()
    out = []
    for k in range(len(text) - 2):
        g = text[k : k + 3]
        seen[g] += 1
        out.append((g, seen[g]))
    return out


def lint_thin_topics(deck: "Deck", minimum: int = MIN_SECTION_FACTS) -> list[Problem]:
    """Topics with fewer than ``minimum`` facts: too thin for an exam section."""
    counts = {t.id: 0 for t in deck.topics}
    first: dict[str, Fact] = {}
    for f in deck.facts:
        counts[f.topic] = counts.get(f.topic, 0) + 1
        first.setdefault(f.topic, f)
    out = []
    for t in deck.topics:
        n = counts.get(t.id, 0)
        if n < minimum:
            out.append(
                _warn(
                    fact_loc(deck, first.get(t.id)),
                    f"topic '{t.id}' has {n} fact{'s' if n != 1 else ''}, too few for an exam "
                    f"section (want at least {minimum}); add facts or merge it into another topic",
                )
            )
    return out


_NUM_RE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?:\s*(?:-|to|–)\s*(\d+(?:\.\d+)?))?\s*(%|percent\b)?")


def _words(text: str) -> set[str]:
    out = set()
    for w in re.findall(r"[a-z]+", text.casefold()):
        if len(w) < 3 or w in _STOP:
            continue
        out.add(_stem(w))
    return out


def _texts(fact: Fact) -> Iterable[str]:
    """The free text a fact writes numbers in."""
    if isinstance(fact, Statement):
        yield fact.plain
        # false variants are meant to be wrong: never check them
    if isinstance(fact, Term):
        yield fact.definition
    if fact.explanation:
        yield fact.explanation


def _unit_matches(stat: Statistic, pct: bool, after: str) -> bool:
    if stat.unit == "%":
        return pct
    unit = stat.unit.casefold().strip()
    return not pct and bool(unit) and after.casefold().lstrip().startswith(unit.split()[0])


def _agrees(stat: Statistic, low: float, high: float | None) -> bool:
    tol = stat.tolerance or 0.0
    s_lo, s_hi = stat.value - tol, (stat.high if stat.high is not None else stat.value) + tol
    if high is None:
        return s_lo - 1e-9 <= low <= s_hi + 1e-9 or (stat.high is not None and low in (stat.value, stat.high))
    s_high = stat.high if stat.high is not None else stat.value
    return abs(low - stat.value) <= tol + 1e-9 and abs(high - s_high) <= tol + 1e-9


def lint_numbers(deck: "Deck") -> list[Problem]:
    """Numbers in text that disagree with the statistic whose measure the sentence talks about.

    A sentence is matched to the statistic (of the same unit) whose measure
    shares the most content words with it, at least half of the measure's
    words and at least two. A number there that the statistic does not give
    (value, range or tolerance), and that no other equally matching statistic
    gives either, is reported. Statistics are indexed by unit and by the
    rarest words of their measure, so each number looks only at those that
    can match (:class:`_StatIndex`).
    """
    stats = [f for f in deck.facts if isinstance(f, Statistic)]
    if not stats:
        return []
    index = _StatIndex(stats)
    out = []
    for fact in deck.facts:
        for text in _texts(fact):
            for sentence in re.split(r"(?<=[.;!?])\s+", " ".join(text.split())):
                words = None
                for m in _NUM_RE.finditer(sentence):
                    low = float(m.group(1))
                    high = float(m.group(2)) if m.group(2) else None
                    pct = bool(m.group(3))
                    after = sentence[m.end() :]
                    if isinstance(fact, Statistic) and _unit_matches(fact, pct, after) and _agrees(fact, low, high):
                        continue  # a statistic restating itself
                    if words is None:
                        words = _words(sentence)
                    s = disagreeing(index.matching(words, pct, after), low, high)
                    if s is None:
                        continue
                    said = m.group(0).strip()
                    out.append(
                        _warn(
                            fact_loc(deck, fact),
                            f"fact '{fact.id}' says {said} where statistic '{s.id}' gives "
                            f"{s.format_value()} for {s.measure}; make them agree",
                        )
                    )
    return out


def disagreeing(scored: list[tuple[int, Statistic]], low: float, high: float | None) -> Statistic | None:
    """Of the statistics a sentence matches (each with its word overlap), the
    best-matching one to report a number against; None when none matches or
    any of them gives the number (a sentence may cite either of two studies)."""
    if not scored or any(_agrees(s, low, high) for _, s in scored):
        return None
    best = max(o for o, _ in scored)
    return next(s for o, s in scored if o == best)


class _StatIndex:
    """The deck's statistics, found by unit and by the words of their measure.

    A statistic matches a sentence when at least ``need`` of its measure's
    core words are in it; such a sentence holds one of the statistic's
    ``len(core) - need + 1`` rarest core words, so only those are indexed.
    """

    def __init__(self, stats: Sequence[Statistic]) -> None:
        self.stats = list(stats)
        self.measure = [_words(f"{s.measure} {s.population or ''} {s.study or ''}") for s in stats]
        self.core = [_words(s.measure) for s in stats]
        self.need = [max(2, -(-3 * len(c) // 5)) for c in self.core]  # at least 60% of the measure
        df = Counter(w for c in self.core for w in c)
        self.by_word: dict[str, list[int]] = {}
        for i, core in enumerate(self.core):
            rare = sorted(core, key=lambda w: (df[w], w))
            for w in rare[: max(0, len(core) - self.need[i] + 1)]:
                self.by_word.setdefault(w, []).append(i)
        self.percent = {i for i, s in enumerate(stats) if s.unit == "%"}
        self.units: dict[str, set[int]] = {}
        for i, s in enumerate(stats):
            unit = s.unit.casefold().strip()
            if s.unit != "%" and unit:
                self.units.setdefault(unit.split()[0], set()).add(i)

    def matching(self, words: set[str], pct: bool, after: str) -> list[tuple[int, Statistic]]:
        """(measure words shared, statistic) of every statistic of the number's
        unit whose measure the sentence's ``words`` talk about, in deck order."""
        if pct:
            unit_ok = self.percent
        else:
            rest = after.casefold().lstrip()
            unit_ok = {i for u, ids in self.units.items() if rest.startswith(u) for i in ids}
        if not unit_ok:
            return []
        found = {i for w in words for i in self.by_word.get(w, ())}
        out = []
        for i in sorted(found & unit_ok):
            if len(words & self.core[i]) >= self.need[i]:
                out.append((len(words & self.measure[i]), self.stats[i]))
        return out


def run_lints(deck: "Deck") -> list[Problem]:
    """All authoring warnings for a loaded deck, sorted by file and line."""
    problems = lint_near_duplicates(deck) + lint_thin_topics(deck) + lint_numbers(deck)
    return sorted(problems, key=lambda p: p.sort_key())
