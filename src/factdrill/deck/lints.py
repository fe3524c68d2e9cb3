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
import re
from collections.abc import Iterable
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
    """Facts of one kind whose text is (almost) the same, up to spelling and small words."""
    out = []
    by_kind: dict[object, list[tuple[Fact, str]]] = {}
    for f in deck.facts:
        by_kind.setdefault(f.kind, []).append((f, _norm(fact_text(f))))
    for facts in by_kind.values():
        for i, (b, tb) in enumerate(facts):
            for a, ta in facts[:i]:
                if ta != tb:
                    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
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
    gives either, is reported.
    """
    stats = [f for f in deck.facts if isinstance(f, Statistic)]
    if not stats:
        return []
    measure_words = {s.id: _words(f"{s.measure} {s.population or ''} {s.study or ''}") for s in stats}
    core = {s.id: _words(s.measure) for s in stats}
    out = []
    for fact in deck.facts:
        for text in _texts(fact):
            for sentence in re.split(r"(?<=[.;!?])\s+", " ".join(text.split())):
                words = _words(sentence)
                for m in _NUM_RE.finditer(sentence):
                    low = float(m.group(1))
                    high = float(m.group(2)) if m.group(2) else None
                    pct = bool(m.group(3))
                    after = sentence[m.end() :]
                    cands = [s for s in stats if _unit_matches(s, pct, after)]
                    if fact in cands and _agrees(fact, low, high):  # a statistic restating itself
                        continue
                    scored = []
                    for s in cands:
                        overlap = len(words & measure_words[s.id])
                        need = max(2, -(-3 * len(core[s.id]) // 5))  # at least 60% of the measure
                        if len(words & core[s.id]) >= need:
                            scored.append((overlap, s))
                    if not scored:
                        continue
                    best = max(o for o, _ in scored)
                    top = [s for o, s in scored if o == best]
                    if any(_agrees(s, low, high) for s in top) or any(_agrees(s, low, high) for _, s in scored):
                        continue
                    s = top[0]
                    said = m.group(0).strip()
                    out.append(
                        _warn(
                            fact_loc(deck, fact),
                            f"fact '{fact.id}' says {said} where statistic '{s.id}' gives "
                            f"{s.format_value()} for {s.measure}; make them agree",
                        )
                    )
    return out


def run_lints(deck: "Deck") -> list[Problem]:
    """All authoring warnings for a loaded deck, sorted by file and line."""
    problems = lint_near_duplicates(deck) + lint_thin_topics(deck) + lint_numbers(deck)
    return sorted(problems, key=lambda p: p.sort_key())
