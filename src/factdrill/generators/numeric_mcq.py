"""Numeric multiple choice: the statistic among wrong values outside its tolerance.

Wrong values are at most two other statistics of the same topic with the
same unit (a real figure the student may confuse with this one), then
values on a ladder around the figure (about x1.75 a rung; a range among
evenly spaced ranges of its width), each single value nudged by up to 10%
and rounded as the figure is rounded: exact halves and doubles would
point at the one value the others were made from, and "43%" beside a round
"70%" would mark the round one as real. The answer's place among the four
is drawn (lowest, second, third or highest), so neither "the middle one"
nor "the odd one out" finds it. Options are listed in ascending order.
Every option is separated from every other by more than the tolerance and
by a clear margin (12% of the larger value), never negative and never
above 100%. A range is offered among ranges, a single value among single
values.
"""

from __future__ import annotations

import random

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
# One rung of the ladder of wrong values, and how far each is nudged.
RATIO = 1.75
JITTER = 0.10
RUNGS = 4
MAX_SIBLING_FIGURES = 2
# How far from an approximate figure a wrong value must lie (share of the figure).
APPROXIMATE_MARGIN = 0.35
SMALL_COUNT = 10


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


def _grain(truth: Span, d: int) -> float:
    """How the figure is rounded: to its decimals, else to 5 when it is a
    multiple of 5 big enough to be a rounded figure (70%, 15 years)."""
    if d:
        return 10.0 ** -d
    if all(x % 5 == 0 for x in truth) and truth[0] >= 20:
        return 5.0
    return 1.0


def _snap(x: float, grain: float, d: int) -> float:
    return _round(round(x / grain) * grain, d)


def _small_count(fact: Statistic, d: int) -> bool:
    return fact.unit.strip() != "%" and fact.high is None and d == 0 and 1 < float(fact.value) <= SMALL_COUNT


def _synthetic(fact: Statistic, d: int, rng) -> tuple[list[Span], list[Span]]:
    """Wrong values below and above the figure, nearest first."""
    lo = float(fact.value)
    hi = float(fact.high) if fact.high is not None else lo
    if _small_count(fact, d):
        # a small count ("up to five metastases"): its neighbours are the
        # plausible slips; 10 and 20 would be out at a glance
        below = [(lo - k, lo - k) for k in (1, 2, 3, 4) if lo - k >= 2]
        return below, [(lo + k, lo + k) for k in (2, 3, 4, 6)]
    grain = _grain((lo, hi), d)
    below, above = [], []
    if fact.high is not None:
        # a range among ranges of its own width, evenly a step or more apart:
        # 10-15% against 0-5%, 20-25% and 30-35%, not against 53-80%; bands
        # are not nudged (review 21 #10: "49-54%" beside "20-25%" and
        # "30-35%" read as made up), the drawn place hides the answer
        step = max((hi - lo) * 2, 5.0 if fact.unit.strip() == "%" else (hi - lo) * 2)
        for rung in range(1, RUNGS + 1):
            for side, out in ((-1, below), (1, above)):
                start = _snap(lo + side * rung * step, grain, d)
                out.append((start, start + (hi - lo)))
        return below, above
    for rung in range(1, RUNGS + 1):
        for side, out in ((-1, below), (1, above)):
            f = RATIO ** (side * rung) * (1 + rng.uniform(-JITTER, JITTER))
            x = lo * f
            if side > 0 and fact.unit.strip() == "%":
                # near the top the ladder climbs toward 100%, not past it
                x = min(x, 100 - (100 - hi) / f)
            out.append((_snap(x, grain, d), _snap(x, grain, d)))
    return below, above


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _format(fact: Statistic, span: Span, d: int | None = None) -> str:
    """Like :meth:`Statistic.format_value` (never "about"), for any value;
    with ``d``, to that many decimals (a made-up "12%" among "7.3%" and
    "22.4%" would stand out as made up)."""
    def number(x: float) -> str:
        return f"{x:.{d}f}" if d else _number(x)

    text = number(span[0]) + (f"-{number(span[1])}" if fact.high is not None else "")
    unit = fact.unit
    if unit == "%":
        return text + "%"
    return f"{text} {unit}" if unit else text


def _ladder(real: list, below: list, above: list, truth: Span, tol: float, step: float, rng) -> list:
    """Three wrong values: the real figure (if any), then ladder values,
    as many below the answer as a drawn place asks (tried in a drawn order
    until one can be filled), nearest first, each clearly apart from the
    others; the fullest choice when no place can be filled."""
    need = MCQ_DISTRACTORS - len(real)
    real_below = sum(1 for span, _, _ in real if span[1] < truth[0])
    places = list(range(MCQ_DISTRACTORS + 1))
    rng.shuffle(places)
    best: list = list(real)
    for place in places:  # how many options lie below the answer
        n_below = place - real_below
        if not 0 <= n_below <= need:
            continue
        chosen = list(real)
        for side, want in ((below, n_below), (above, need - n_below)):
            taken = 0
            for c in side:
                if taken == want:
                    break
                if all(_apart(c[0], other, tol, step) for other in [truth] + [x[0] for x in chosen]):
                    chosen.append(c)
                    taken += 1
        if len(chosen) == MCQ_DISTRACTORS:
            return chosen
        if len(chosen) > len(best):
            best = chosen
    return best


def _item(ctx: Context, fact: Statistic) -> Item | Skip:
    is_range = fact.high is not None
    truth: Span = (float(fact.value), float(fact.high if is_range else fact.value))
    d = max(_decimals(truth[0]), _decimals(truth[1]))
    tol = float(fact.tolerance or 0.0)
    step = 10.0 ** -d
    if _small_count(fact, d):
        step = 0.5  # 3 and 4 metastases are different answers
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

    def fair(span: Span) -> bool:
        if fact.unit.strip() not in ("", "%") and span == (1.0, 1.0):
            return False  # "1 metastases", "1 years": a unit word is written in the plural
        if fact.unit.strip() == "%" and span[1] >= 95 and truth[1] < 60:
            return False  # "99%" of anything the deck calls a minority is out at a glance
        return _valid(span, fact.unit) and _format(fact, span) != _format(fact, truth)

    # "roughly a third": a wrong value must be clearly not roughly the same
    # (a range already spans its own uncertainty: measure from its low end)
    near = max(tol, APPROXIMATE_MARGIN * truth[0]) if fact.approximate else tol

    def why(span: Span) -> str:
        side = "low" if span[1] < truth[0] else "high"
        tense = "was" if fact.study else "is"  # a study found it; a general figure still holds
        return f"{_format(fact, span, d)} is too {side}: the {fact.measure.strip()} {tense} {correct}."

    cands.sort(key=lambda c: c[:2])
    real: list = []
    for _, _, span, fid, because in cands:
        # each clearly apart from the answer and from one another (the liver's
        # and the brain's 7.3% are one option, not two)
        if len(real) < MAX_SIBLING_FIGURES and _valid(span, fact.unit) \
                and all(_apart(span, other, near, step) for other in [truth, *(r[0] for r in real)]):
            real.append((span, fid, because))

    def attempt(r: random.Random) -> tuple[list, set[Span]]:
        low, high = _synthetic(fact, d, r)
        low = [(s, fact.id, why(s)) for s in low if fair(s) and _apart(s, truth, near, step)]
        high = [(s, fact.id, why(s)) for s in high if fair(s) and _apart(s, truth, near, step)]
        return _ladder(real, low, high, truth, tol, step, r), {s for side in (low, high) for s, _, _ in side}

    # whether the item exists must not depend on the seed (the jitter of the
    # made-up values does): decide on a draw fixed by the fact alone, and fall
    # back to it when the seed's draw comes up short
    base, base_made_up = attempt(random.Random(f"{fact.id}:numeric-mcq:base"))
    if len(base) < MIN_DISTRACTORS:
        return Skip(fact.id, KIND, f"only {len(base)} plausible wrong values outside the tolerance")
    chosen, made_up = attempt(rng)
    if len(chosen) < len(base):
        chosen, made_up = base, base_made_up
    spans = [(truth, Option(text=_format(fact, truth), correct=True, fact_id=fact.id,
                            rationale=f"{cap(correct)}: the {fact.measure.strip()}."))]
    spans += [(span, Option(text=_format(fact, span, d if span in made_up else None), correct=False,
                            rationale=because, fact_id=fid))
              for span, fid, because in chosen]
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
