"""Numeric multiple choice: the statistic among wrong values outside its tolerance.

Wrong values are at most one other statistic of the same topic with the
same unit (a real figure the student may confuse with this one), then
scaled or shifted copies of the value: figures of other topics are no
plausible confusion, and a shared pool would recycle the same few values
through every item. Options are listed in ascending order. Every option is
separated from every other by more than the tolerance and by a clear margin
(12% of the larger value), never negative and never above 100%. When it
can, at least one wrong value lies below the answer and one above, so the
answer is never guessable as the odd one out. A range is offered among
ranges, a single value among single values.
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Deck, Statistic
from .items import Item, ItemKind, Option
from .common import (
    MCQ_DISTRACTORS,
    MIN_DISTRACTORS,
    Context,
    Skip,
    cap,
    make_item,
    norm,
    stat_answer,
    stat_question,
    words,
)
from .numeric import numeric_extra

KIND = ItemKind.NUMERIC_MCQ
_FACTORS = (0.5, 2.0, 1.5, 0.75, 0.25, 3.0, 1.25)
MAX_SIBLING_FIGURES = 1
# How far from an approximate figure a wrong value must lie (share of the figure).
APPROXIMATE_MARGIN = 0.4
SMALL_COUNT = 10
_SHIFTS = (-2, -1, 1, 2, 3)


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for fact in deck.facts:
        if isinstance(fact, Statistic):
            yield _item(ctx, fact)


Span = tuple[float, float]


def _decimals(x: float) -> int:
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return min(2, len(text.split(".")[1])) if "." in text else 0


def _round(x: float, d: int) -> float:
    return float(round(x)) if d == 0 else round(x, d)


def _valid(span: Span, unit: str) -> bool:
    lo, hi = span
    return lo >= 0 and hi >= lo and (unit.strip() != "%" or hi <= 100)


def _apart(a: Span, b: Span, tol: float, step: float) -> bool:
    """Whether two values (or ranges) are clearly different answers."""
    gap = max(0.0, b[0] - a[1], a[0] - b[1])
    margin = max(tol, 0.12 * max(abs(a[1]), abs(b[1])), step)
    return gap > margin


def _synthetic(fact: Statistic, d: int) -> list[Span]:
    lo = float(fact.value)
    hi = float(fact.high) if fact.high is not None else lo
    if fact.unit.strip() != "%" and fact.high is None and d == 0 and 1 < lo <= SMALL_COUNT:
        # a small count ("up to five metastases"): its neighbours are the
        # plausible slips; 10 and 20 would be out at a glance
        return [(lo + k, lo + k) for k in (-2, 2, 4, -4, 6) if lo + k >= 2]
    out = [(_round(lo * f, d), _round(hi * f, d)) for f in _FACTORS]
    width = max(hi - lo, abs(hi) * 0.25, 10.0 ** -d * 5, 1.0 if d == 0 else 0.0)
    # ranges step by about their own width: 1-5% against 7-11%, 13-17%...,
    # not against 31-35%, which no one would confuse with a rare subtype
    step = max(width * 1.5, 5.0 if fact.unit.strip() == "%" else 0.0)
    out += [(_round(lo + k * step, d), _round(hi + k * step, d)) for k in _SHIFTS]
    return out


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _format(fact: Statistic, span: Span) -> str:
    """Like :meth:`Statistic.format_value` (never "about"), for any value."""
    text = _number(span[0]) + (f"-{_number(span[1])}" if fact.high is not None else "")
    unit = fact.unit
    if unit == "%":
        return text + "%"
    return f"{text} {unit}" if unit else text


def _choose(cands: list, truth: Span, tol: float, step: float, k: int) -> list[tuple[Span, str, str]]:
    """Greedily the first ``k`` candidates clearly apart from the truth and each other."""
    chosen: list[tuple[Span, str, str]] = []
    for _, _, span, fid, why in cands:
        if len(chosen) >= k:
            break
        if all(_apart(span, other, tol, step) for other in [truth] + [c[0] for c in chosen]):
            chosen.append((span, fid, why))
    return chosen


def _item(ctx: Context, fact: Statistic) -> Item | Skip:
    is_range = fact.high is not None
    truth: Span = (float(fact.value), float(fact.high if is_range else fact.value))
    d = max(_decimals(truth[0]), _decimals(truth[1]))
    tol = float(fact.tolerance or 0.0)
    step = 10.0 ** -d
    correct = stat_answer(fact)

    cands: list[tuple[int, float, Span, str, str]] = []  # tier, draw, span, fact id, rationale
    rng = ctx.rng(f"{fact.id}:numeric-mcq")
    for s in ctx.siblings(fact):
        if not isinstance(s, Statistic) or s.unit.strip() != fact.unit.strip() or (s.high is not None) != is_range:
            continue
        if s.topic != fact.topic:
            continue  # another topic's figure is no confusion a student makes here
        span = (float(s.value), float(s.high if is_range else s.value))
        why = f"{_format(fact, span)} is a different figure: the {s.measure.strip()}{_elsewhere(s, fact)}."
        cands.append((0 if s.topic == fact.topic else 1, rng.random(), span, s.id, why))
    for i, span in enumerate(_synthetic(fact, d)):
        if fact.unit.strip() not in ("", "%") and span == (1.0, 1.0):
            continue  # "1 metastases", "1 years": a unit word is written in the plural
        if fact.unit.strip() == "%" and span[1] >= 95 and truth[1] < 60:
            continue  # "99%" of anything the deck calls a minority is out at a glance
        side = "low" if span[1] < truth[0] else "high"
        why = f"{_format(fact, span)} is too {side}: the {fact.measure.strip()} was {correct}."
        # the nearest plausible multiples first (half, double, one and a half...)
        cands.append((2, float(i), span, fact.id, why))
    cands.sort(key=lambda c: c[:2])

    usable = [c for c in cands if _valid(c[2], fact.unit) and _format(fact, c[2]) != _format(fact, truth)]
    # "roughly a third": a wrong value must be clearly not roughly the same
    # (a range already spans its own uncertainty: measure from its low end)
    near = max(tol, APPROXIMATE_MARGIN * truth[0]) if fact.approximate else tol
    usable = [c for c in usable if _apart(c[2], truth, near, step)]
    below = [c for c in usable if c[2][1] < truth[0]]
    above = [c for c in usable if c[2][0] > truth[1]]
    # one real figure of the topic is a plausible confusion; more make a pool
    # that every item of the topic recycles
    sibling = [c for c in usable if c[0] == 0][:MAX_SIBLING_FIGURES]
    usable = sibling + [c for c in usable if c[0] != 0]
    chosen = _choose(usable, truth, tol, step, MCQ_DISTRACTORS)
    # all wrong values on one side would make "the odd one out" guessable
    if len(chosen) == MCQ_DISTRACTORS and below and above:
        if all(c[0][1] < truth[0] for c in chosen):
            chosen = _choose(above[:1] + usable, truth, tol, step, MCQ_DISTRACTORS)
        elif all(c[0][0] > truth[1] for c in chosen):
            chosen = _choose(below[:1] + usable, truth, tol, step, MCQ_DISTRACTORS)
    if len(chosen) < MIN_DISTRACTORS:
        return Skip(fact.id, KIND, f"only {len(chosen)} plausible wrong values outside the tolerance")
    spans = [(truth, Option(text=_format(fact, truth), correct=True, fact_id=fact.id,
                            rationale=f"{cap(correct)}: the {fact.measure.strip()}."))]
    spans += [(span, Option(text=_format(fact, span), correct=False, rationale=why, fact_id=fid))
              for span, fid, why in chosen]
    # numbers read in order (Haladyna 21); by value, not by text ("5e-05", "-3")
    options = [o for _, o in sorted(spans, key=lambda so: so[0])]
    return make_item(ctx, fact, KIND, "main", "main", stat_question(fact), options=options,
                     extra=numeric_extra(fact), shuffle=False)


def _elsewhere(other: Statistic, fact: Statistic) -> str:
    """The other statistic's population, when it differs from the one asked
    about and its measure does not already name it ("the share of people with
    metastatic breast cancer ... (among people with metastatic breast cancer)")."""
    if other.population and norm(other.population) != norm(fact.population or ""):
        population = {w[:5] for w in words(other.population)}  # metastatic ~ metastases
        if len(population & {w[:5] for w in words(other.measure)}) >= 0.6 * len(population):
            return ""
        return f" (among {other.population.strip()})"
    return ""
