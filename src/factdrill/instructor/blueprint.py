"""Exam forms drawn to a test plan's blueprint: ``factdrill exam --blueprint nclex-rn``.

A test plan gives the share of items each NCLEX client-needs category must
have (the 2023 NCLEX-RN plan: Management of Care 15-21%, ...). The plan is
data (``factdrill/data/blueprints/NAME.json``, with its year and source),
never code. :func:`select` draws ``n`` items whose category counts fall in
those ranges, one question per fact (a situation's judgment items of
different kinds may share a form), none giving another away; a case study
counts as its six items, each in its own category, as NCSBN counts them.
Where the deck cannot supply a category's minimum, the form is drawn as
close as the deck allows and the shortfall is reported by category.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

from ..deck.facts import NCLEX_CATEGORIES
from ..errors import UsageProblem
from ..generators.items import JUDGMENT_KINDS, Item, ItemKind
from ..generators.overlap import Conflicts

if TYPE_CHECKING:
    from ..deck.facts import Deck

# Draws tried per form (half of them scarce-first, see select); the first
# that fills every category the deck can fill ends the search.
ATTEMPTS = 24


@dataclass(frozen=True)
class Plan:
    """A test plan: the percent range of items per client-needs category."""

    id: str
    name: str
    year: int
    source: str
    ranges: dict[str, tuple[float, float]]

    def bounds(self, n: int) -> dict[str, tuple[int, int]]:
        """Item counts per category for an ``n``-item form: the smallest count
        at or above the low percent, the largest at or below the high one."""
        return {c: (math.ceil(lo * n / 100 - 1e-9), math.floor(hi * n / 100 + 1e-9))
                for c, (lo, hi) in self.ranges.items()}


def plans() -> list[str]:
    folder = resources.files("factdrill").joinpath("data", "blueprints")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def load_plan(name: str) -> Plan:
    """A bundled test plan by name (``nclex-rn``); a usage error names the known ones."""
    known = plans()
    if name not in known:
        raise UsageProblem(f"unknown blueprint '{name}'; choose one of: {', '.join(known)}")
    data = json.loads(resources.files("factdrill").joinpath("data", "blueprints", f"{name}.json").read_text("utf-8"))
    return Plan(id=data["id"], name=data["name"], year=int(data["plan_year"]), source=data["source"],
                ranges={c: (float(lo), float(hi)) for c, (lo, hi) in data["categories"].items()})


@dataclass(frozen=True)
class Row:
    """One category of a drawn form against the plan."""

    category: str
    count: int
    low: int
    high: int
    available: int

    @property
    def status(self) -> str:
        if self.count < self.low:
            return "short"
        return "over" if self.count > self.high else "ok"


@dataclass(frozen=True)
class Form:
    """The items drawn (a case is one entry worth six items) and the tally."""

    items: tuple[Item, ...]
    rows: tuple[Row, ...]
    size: int
    plan: Plan
    cases: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def short(self) -> list[Row]:
        return [r for r in self.rows if r.status == "short"]


def _cats(item: Item) -> Counter[str]:
    """The categories an item counts in (a case: its steps')."""
    steps = item.steps or (item,)
    return Counter(s.nclex for s in steps if s.nclex)


def select(items: Sequence[Item], deck: "Deck", n: int, plan: Plan, *, seed: int = 0, cases: int = 1) -> Form:
    """Draw an ``n``-item form to ``plan`` (see the module doc)."""
    if n < 1:
        raise UsageProblem("--items must be at least 1")
    usable = [i for i in items if i.kind is not ItemKind.FLASHCARD and sum(_cats(i).values()) == len(i.steps or (i,))
              and all(c in plan.ranges for c in _cats(i))]
    bounds = plan.bounds(n)
    best: tuple[tuple[int, int, int], list[Item]] | None = None
    conflicts = Conflicts(usable)
    for attempt in range(ATTEMPTS):
        # every other attempt fills a category with the questions that give
        # away fewest of its others first: a scarce category (a handful of
        # grids and clozes) is filled only when one pick does not block the rest
        chosen = _attempt(usable, n, bounds, random.Random(f"{seed}\x1f{attempt}"), cases, conflicts,
                          sparing=attempt % 2 == 1)
        total = sum(sum(_cats(i).values()) for i in chosen)
        counts = Counter()
        for it in chosen:
            counts.update(_cats(it))
        off = sum(max(0, bounds[c][0] - counts[c]) + max(0, counts[c] - bounds[c][1]) for c in bounds)
        # a category left short that the deck could fill is worse than any
        # spread of the rest: "cannot fill" must be true of the deck
        short = [c for c in bounds if counts[c] < bounds[c][0]]
        fillable = 0
        if short:
            available = _available(usable, chosen, conflicts)
            fillable = sum(available[c] >= bounds[c][0] for c in short)
        score = (abs(n - total), fillable, off)
        if best is None or score < best[0]:
            best = (score, chosen)
        if score == (0, 0, 0):
            break
    assert best is not None
    chosen = best[1]
    counts = Counter()
    for it in chosen:
        counts.update(_cats(it))
    available = _available(usable, chosen, conflicts)
    rows = tuple(Row(c, counts[c], lo, hi, available[c]) for c, (lo, hi) in bounds.items())
    size = sum(counts.values())
    notes = []
    if size < n:
        notes.append(f"the deck gave {size} items without repeats or give-aways, not {n}")
    got = sum(i.kind is ItemKind.CASE for i in chosen)
    if got < cases:
        # said, not silently dropped: a case needs a situation whose actions
        # the sources put in order (its step 5)
        notes.append(f"the form holds {got} case stud{'ies' if got != 1 else 'y'}, not {cases}: the deck has "
                     f"{sum(i.kind is ItemKind.CASE for i in usable)} (a case needs a situation with a 'sequence')")
    return Form(tuple(chosen), rows, size, plan, got, tuple(notes))


def _available(usable: Sequence[Item], chosen: Sequence[Item], conflicts: Conflicts) -> Counter[str]:
    """Questions per category the form could hold beside its chosen cases:
    the cases' own steps, and at most one question per fact (per fact and
    kind for a situation's items) among those that neither repeat nor give
    away a chosen case nor, in a scarce category, one another (eight
    candidates of which two give each other away fill only seven places)."""
    cases = [i for i in chosen if i.kind is ItemKind.CASE]
    out: Counter[str] = Counter()
    for case in cases:
        out.update(_cats(case))
    groups: dict[str, dict[object, list[Item]]] = {}
    for it in usable:
        if it.kind is ItemKind.CASE or any(conflicts(it, c) for c in cases):
            continue
        key = (it.fact_ids[0], it.kind) if it.kind in JUDGMENT_KINDS else it.fact_ids[0]
        groups.setdefault(it.nclex or "", {}).setdefault(key, []).append(it)
    drawn = Counter(it.nclex or "" for it in chosen if it.kind is not ItemKind.CASE)
    for cat, by_key in groups.items():
        # the questions drawn fit together: never fewer than those
        out[cat] += len(by_key) if len(by_key) > SCARCE else max(drawn[cat], _apart(by_key.values(), conflicts))
    return out


# A category with more candidate facts than this has plenty: counting the
# ones that fit together (pairwise) is only worth it below.
SCARCE = 60


def _apart(groups, conflicts: Conflicts) -> int:
    """How many groups give one question each that gives none of the others
    away (greedy, fewest conflicts first: a lower bound of the most)."""
    its = [it for g in groups for it in g]
    taken: list[Item] = []
    for g in sorted(groups, key=lambda g: min(sum(conflicts(it, o) for o in its if o is not it) for it in g)):
        pick = next((it for it in g if not any(conflicts(it, t) for t in taken)), None)
        if pick is not None:
            taken.append(pick)
    return len(taken)


def _attempt(usable: Sequence[Item], n: int, bounds: dict[str, tuple[int, int]], rng: random.Random,
             cases: int, conflicts: Conflicts, sparing: bool = False) -> list[Item]:
    pool = sorted(usable, key=lambda i: i.id)
    rng.shuffle(pool)
    by_cat: dict[str, list[Item]] = {}
    for it in pool:
        if it.kind is not ItemKind.CASE:
            by_cat.setdefault(it.nclex or "", []).append(it)
    if sparing:
        for cat, its in by_cat.items():
            if len(its) <= 2 * bounds.get(cat, (0, 0))[1]:  # scarce: worth the pairwise look
                its.sort(key=lambda it: sum(conflicts(it, o) for o in its if o is not it))
    chosen: list[Item] = []
    taken: set[str] = set()
    counts: Counter[str] = Counter()

    def room() -> int:
        return n - sum(counts.values())

    def fits(it: Item, cap: bool = True) -> bool:
        add = _cats(it)
        if sum(add.values()) > room() or it.id in taken:
            return False
        if cap and any(counts[c] + k > bounds[c][1] for c, k in add.items()):
            return False
        return not any(conflicts(it, c) for c in chosen)

    def take(it: Item) -> None:
        chosen.append(it)
        taken.add(it.id)
        counts.update(_cats(it))

    for case in [i for i in pool if i.kind is ItemKind.CASE][:cases * 3]:
        if sum(i.kind is ItemKind.CASE for i in chosen) >= cases:
            break
        if fits(case):
            take(case)
    # the scarcest categories first: each to its minimum, then its middle,
    # then its maximum; what is still missing from the categories with most to spare
    order = sorted(bounds, key=lambda c: len(by_cat.get(c, ())) / max(1, bounds[c][0]))
    for goal in (lambda c: bounds[c][0], lambda c: (bounds[c][0] + bounds[c][1]) // 2, lambda c: bounds[c][1]):
        for cat in order:
            for it in by_cat.get(cat, ()):
                if counts[cat] >= goal(cat) or room() <= 0:
                    break
                if fits(it):
                    take(it)
    for cat in reversed(order):
        for it in by_cat.get(cat, ()):
            if room() <= 0:
                break
            if fits(it, cap=False):
                take(it)
    return chosen


def report(form: Form, width: int = 80) -> list[str]:
    """The form against the plan, one line per category, within ``width``."""
    plan = form.plan
    lines = [f"{plan.name} ({plan.year}): {form.size} items"
             + (f", {form.cases} case stud{'ies' if form.cases != 1 else 'y'} of 6 items" if form.cases else "")]
    for r in form.rows:
        name = NCLEX_CATEGORIES.get(r.category, r.category)
        share = 100 * r.count / form.size if form.size else 0.0
        status = {"ok": "ok", "over": "over", "short": "SHORT"}[r.status]
        lines.append(f"  {name[:41]:<41} {r.count:>3} {share:5.1f}%  ({r.low}-{r.high})  {status}"[:width])
    import textwrap

    for r in form.short:
        name = NCLEX_CATEGORIES.get(r.category, r.category)
        lines += textwrap.wrap(f"cannot fill {name}: the deck has {r.available} questions in it beside "
                               f"the chosen cases, the plan "
                               f"needs {r.low}; add facts or situations in that category", width,
                               subsequent_indent="  ")
    over = [NCLEX_CATEGORIES.get(r.category, r.category) for r in form.rows if r.status == "over"]
    if over:
        lines += textwrap.wrap(f"over the range: {', '.join(over)} (the other categories have no more "
                               "questions that fit)", width, subsequent_indent="  ")
    for note in form.notes:
        lines += textwrap.wrap(note, width, subsequent_indent="  ")
    return lines
