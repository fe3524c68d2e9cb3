"""Exams: item selection, alternate versions and answer keys.

``factdrill exam`` builds on three pure steps:

1. :func:`select_items` picks N items balanced across topics (or by given
   weights) with two rules a test writer cares about: never two items on the
   same fact, and never an item whose answer another item's question gives
   away (its answer text appears in the other question);
2. :func:`make_versions` scrambles the chosen items into V forms that differ
   in question order (within each topic section) and option order;
3. :func:`key_entries` gives each form's answer key (keys, NCLEX scoring
   rule, explanation, references), which :mod:`factdrill.instructor.exam_pages`
   prints with the form as HTML or Markdown.

Everything is seeded through sha256-derived ``random.Random`` instances, so
the same seed gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import UsageProblem
from ..errors import ExportError
from ..generators.keys import flat, fresh_explanation, letter, matching_pairs, numeric_key, ordering_choices, source_citations, tf_truth
from ..generators.items import Item, ItemKind
from ..generators.overlap import conflicts

if TYPE_CHECKING:
    from ..deck.facts import Deck


def _rng(*parts: object) -> random.Random:
    """A Random seeded from a stable hash of ``parts`` (never Python's salted hash)."""
    raw = "\x1f".join(str(p) for p in parts).encode()
    return random.Random(int.from_bytes(hashlib.sha256(raw).digest()[:8], "big"))


# --- selection ---------------------------------------------------------------------------


def parse_topic_weights(text: str | None, deck: "Deck") -> dict[str, float] | None:
    """``bone=2,liver=1`` -> weights by topic id; unknown topics are a usage error."""
    if not text:
        return None
    known = [t.id for t in deck.topics]
    out: dict[str, float] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        name = name.strip()
        try:
            w = float(value) if sep else float("nan")
        except ValueError:
            w = float("nan")
        if not sep or not (w >= 0) or w == float("inf"):
            raise UsageProblem(f"--topic-weights: write TOPIC=WEIGHT with a weight >= 0, not '{part.strip()}'")
        if name not in known:
            raise UsageProblem(f"--topic-weights: unknown topic '{name}'; topics: {', '.join(known)}")
        out[name] = w
    if not any(out.values()):
        raise UsageProblem("--topic-weights: give at least one topic a weight above 0")
    return out


def _quotas(n: int, weights: Mapping[str, float], capacity: Mapping[str, int]) -> dict[str, int]:
    """Split ``n`` by weight (largest remainder), never above a topic's capacity."""
    quota = {t: 0 for t in weights}
    remaining = n
    active = [t for t in weights if weights[t] > 0 and capacity.get(t, 0) > 0]
    while remaining > 0 and active:
        total = sum(weights[t] for t in active)
        shares = {t: remaining * weights[t] / total for t in active}
        grant = {t: min(int(shares[t]), capacity[t] - quota[t]) for t in active}
        left = remaining - sum(grant.values())
        # largest remainders first; ties in the deck's topic order
        for t in sorted(active, key=lambda t: -(shares[t] - int(shares[t]))):
            if left <= 0:
                break
            if quota[t] + grant[t] < capacity[t]:
                grant[t] += 1
                left -= 1
        for t in active:
            quota[t] += grant[t]
        given = sum(grant.values())
        remaining -= given
        active = [t for t in active if quota[t] < capacity[t]]
        if given == 0:
            break
    return quota


def select_items(
    items: Sequence[Item],
    deck: "Deck",
    n: int,
    *,
    seed: int = 0,
    weights: Mapping[str, float] | None = None,
    avoid: Mapping[str, int] | None = None,
    salt: object = "",
    allow_fewer: bool = False,
) -> list[Item]:
    """Pick ``n`` items: balanced by topic, one per fact, none giving another away.

    Within a topic the item kinds are interleaved so a section is not all
    one kind. ``avoid`` counts how often a fact (or item id) was used by
    earlier forms: the least used come first, so alternate forms draw other
    facts where the pool allows; ``salt`` varies the shuffles per form.
    Raises :class:`ExportError` when the deck cannot supply ``n``, unless
    ``allow_fewer``: then as many as fit.
    """
    if n < 1:
        raise UsageProblem("--items must be at least 1")
    topic_order = [t.id for t in deck.topics]
    by_topic: dict[str, list[Item]] = {}
    for it in items:
        by_topic.setdefault(it.topic, []).append(it)
    if weights is None:
        weights = {t: 1.0 for t in by_topic}
    topics = sorted(
        (t for t in by_topic if weights.get(t, 0) > 0),
        key=lambda t: (topic_order.index(t) if t in topic_order else len(topic_order), t),
    )
    capacity = {t: len({it.fact_ids[0] for it in by_topic[t] if it.fact_ids}) for t in topics}
    total_cap = sum(capacity.values())
    if allow_fewer:
        n = min(n, total_cap)
    if total_cap < n:
        raise ExportError(
            f"only {total_cap} facts fit these kinds and topics; use --items {total_cap} or fewer"
        )
    # Greedy picking can paint itself into a corner (an early pick rules out
    # the rest, or starves a topic), so several differently shuffled attempts
    # are made: the first one that fills every topic's quota wins, else the
    # full one closest to the quotas. Attempts are seeded, so results are too.
    target = _quotas(n, {t: weights[t] for t in topics}, capacity)
    best: list[Item] = []
    best_off = None
    for attempt in range(SELECTION_ATTEMPTS):
        chosen = _attempt(by_topic, topics, weights, capacity, n, seed, attempt, avoid or {}, salt)
        if len(chosen) < n:
            if best_off is None and len(chosen) > len(best):
                best = chosen
            continue
        off = sum(abs(sum(1 for c in chosen if c.topic == t) - q) for t, q in target.items())
        if best_off is None or off < best_off or len(best) < n:
            best, best_off = chosen, off
        if off == 0:
            break
    if len(best) < n and not allow_fewer:
        raise ExportError(
            f"only {len(best)} items fit with no repeats or give-aways; use --items {len(best)} or fewer"
        )
    return best


SELECTION_ATTEMPTS = 12


def select_forms(
    items: Sequence[Item],
    deck: "Deck",
    n: int,
    versions: int,
    *,
    seed: int = 0,
    weights: Mapping[str, float] | None = None,
    allow_fewer: bool = False,
) -> list[list[Item]]:
    """The questions of ``versions`` alternate forms of ``n`` each.

    Form A is :func:`select_items`; each later form prefers the facts (then
    the items) the earlier forms used least, so two forms share at most half
    their questions whenever the pool holds enough facts (and none when it
    holds ``versions`` times ``n``); a small pool makes forms overlap more,
    never fail.
    """
    forms: list[list[Item]] = []
    used: dict[str, int] = {}
    for v in range(versions):
        picked = select_items(items, deck, n, seed=seed, weights=weights, avoid=used, salt=v if v else "",
                              allow_fewer=allow_fewer)
        for it in picked:
            for key in {*(it.fact_ids[:1] or (it.id,)), it.id}:
                used[key] = used.get(key, 0) + 1
        forms.append(picked)
    return forms


def shared_questions(forms: Sequence[Sequence[Item]]) -> int:
    """The most questions (by fact) any two forms have in common."""
    facts = [{i.fact_ids[0] if i.fact_ids else i.id for i in form} for form in forms]
    return max((len(a & b) for x, a in enumerate(facts) for b in facts[x + 1 :]), default=0)


def _attempt(
    by_topic: Mapping[str, Sequence[Item]],
    topics: Sequence[str],
    weights: Mapping[str, float],
    capacity: Mapping[str, int],
    n: int,
    seed: int,
    attempt: int,
    avoid: Mapping[str, int],
    salt: object,
) -> list[Item]:
    """One greedy pass: fill each topic's quota in a seeded order, then hand shortfalls on."""
    # Candidate order per topic: shuffled, then kinds interleaved round-robin,
    # then (stable) the facts and items earlier forms used least first.
    ordered: dict[str, list[Item]] = {}
    for t in topics:
        pool = sorted(by_topic[t], key=lambda i: i.id)
        _rng(seed, "pool", t, attempt, *((salt,) if salt != "" else ())).shuffle(pool)
        kinds: dict[ItemKind, list[Item]] = {}
        for it in pool:
            kinds.setdefault(it.kind, []).append(it)
        lanes = list(kinds.values())
        mixed = [lane[i] for i in range(max(map(len, lanes))) for lane in lanes if i < len(lane)]
        if avoid:
            mixed.sort(key=lambda i: (avoid.get(i.fact_ids[0] if i.fact_ids else i.id, 0), avoid.get(i.id, 0)))
        ordered[t] = mixed
    cap = dict(capacity)
    chosen: list[Item] = []
    quota = _quotas(n, {t: weights[t] for t in topics}, cap)
    for _ in range(len(topics) + 1):
        for t in topics:
            have = sum(1 for c in chosen if c.topic == t)
            for it in ordered[t]:
                if have >= quota[t]:
                    break
                if it not in chosen and not any(conflicts(it, c) for c in chosen):
                    chosen.append(it)
                    have += 1
            cap[t] = have  # nothing more can be added here
        short = n - len(chosen)
        if short == 0:
            break
        open_topics = {t: weights[t] for t in topics if quota[t] <= cap[t] and _can_add(ordered[t], chosen)}
        if not open_topics:
            break
        extra = _quotas(short, open_topics, {t: len(ordered[t]) for t in open_topics})
        for t, q in extra.items():
            quota[t] += q
    return chosen


def _can_add(pool: Sequence[Item], chosen: Sequence[Item]) -> bool:
    return any(it not in chosen and not any(conflicts(it, c) for c in chosen) for it in pool)


# --- versions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExamSection:
    """One topic's questions, printed on its own page(s)."""

    topic: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ExamVersion:
    """One printable form: a label (A, B, ...) and its sections in print order."""

    label: str
    sections: tuple[ExamSection, ...]

    def numbered(self) -> list[tuple[int, ExamSection, Item]]:
        """(question number, section, item), numbered 1..N across sections; a
        case study is numbered as its six steps."""
        from ..generators.judgment_keys import expand_cases

        out, n = [], 0
        for s in self.sections:
            for it in expand_cases(s.items):
                n += 1
                out.append((n, s, it))
        return out


def scramble(item: Item, rng: random.Random) -> Item:
    """The item with its options (or matching/ordering choices) in a new order."""
    if item.kind is ItemKind.TRUE_FALSE:
        return item  # True/False stay in the conventional order
    if item.options:
        opts = list(item.options)
        rng.shuffle(opts)
        return replace(item, options=tuple(opts))
    if item.kind is ItemKind.MATCHING:
        pairs = matching_pairs(item)
        right = _shuffled_away_from(list(pairs.right), list(pairs.key), rng)
        return replace(item, extra={**item.extra, "right": right})
    if item.kind in (ItemKind.ORDERING, ItemKind.ACTION_ORDER):
        choices = _shuffled_away_from(list(ordering_choices(item)), list(item.answers), rng)
        return replace(item, extra={**item.extra, "choices": choices})
    return item


def _shuffled_away_from(things: list[str], key: list[str], rng: random.Random) -> list[str]:
    """``things`` shuffled, but never printed in the key's own order (that would
    hand the student the answer of an ordering or matching question)."""
    for _ in range(20):
        rng.shuffle(things)
        if things != key or len(set(things)) < 2:
            break
    if things == key and len(set(things)) >= 2:
        things = things[1:] + things[:1]
    return things


def _signature(v: ExamVersion) -> tuple:
    return tuple(
        (
            it.id,
            tuple(o.text for o in it.options),
            tuple(it.extra.get("right", ())),
            tuple(it.extra.get("choices", ())),
        )
        for _, _, it in v.numbered()
    )


def make_versions(
    deck: "Deck", chosen: Sequence[Item], versions: int, *, seed: int = 0,
    alternates: Sequence[Sequence[Item]] | None = None,
) -> list[ExamVersion]:
    """``versions`` printable forms, each in its own order: of the same
    questions ``chosen``, or form ``v`` of ``alternates[v]`` (see
    :func:`select_forms`).

    Sections follow the deck's topic order; questions are shuffled within a
    section and options within a question. A form that comes out identical to
    an earlier one is reshuffled (bounded attempts), so forms differ whenever
    the items leave room for it.
    """
    if versions < 1:
        raise UsageProblem("--versions must be at least 1")
    if versions > 26:
        raise UsageProblem("--versions must be at most 26 (forms are lettered A-Z)")
    titles = {t.id: t.title for t in deck.topics}
    order = [t.id for t in deck.topics]
    out: list[ExamVersion] = []
    seen: set[tuple] = set()
    for v in range(versions):
        label = letter(v)
        groups: dict[str, list[Item]] = {}
        for it in (alternates[v] if alternates is not None else chosen):
            groups.setdefault(it.topic, []).append(it)
        topics = sorted(groups, key=lambda t: (order.index(t) if t in order else len(order), t))
        for attempt in range(25):
            rng = _rng(seed, "version", v, attempt)
            sections = []
            for t in topics:
                its = sorted(groups[t], key=lambda i: i.id)
                rng.shuffle(its)
                sections.append(ExamSection(t, titles.get(t, t), tuple(scramble(i, rng) for i in its)))
            form = ExamVersion(label, tuple(sections))
            if _signature(form) not in seen:
                break
        seen.add(_signature(form))
        out.append(form)
    return out


# --- keys and scoring --------------------------------------------------------------------


def max_points(item: Item) -> int:
    """Points an item is worth: SATA its number of keys, matching its pairs,
    a clinical-judgment item its NCSBN points, else 1."""
    from ..generators.judgment_keys import is_judgment, points

    if is_judgment(item):
        return points(item)
    if item.kind is ItemKind.SATA:
        return max(1, len(item.correct_options))
    if item.kind is ItemKind.MATCHING:
        return len(matching_pairs(item).left)
    return 1


def scoring_rule(item: Item) -> str:
    """The scoring rule a grader applies, in NCLEX terms."""
    from ..generators.judgment_keys import is_judgment, rule

    if is_judgment(item):
        return rule(item)
    k = max_points(item)
    if item.kind is ItemKind.SATA:
        return (
            f"NCLEX +/- scoring: +1 for each correct option marked, -1 for each incorrect option "
            f"marked; an item score below 0 counts as 0; maximum {k} points."
        )
    if item.kind is ItemKind.MATCHING:
        return f"0/1 scoring per pair: 1 point for each correct match, no penalty; maximum {k} points."
    if item.kind is ItemKind.ORDERING:
        return "1 point only if the whole order is correct (0/1)."
    if item.kind is ItemKind.NUMERIC:
        return "1 point if the number is within the accepted range (0/1)."
    if item.kind is ItemKind.CLOZE:
        return "1 point for an accepted answer; ignore case and minor spelling slips (0/1)."
    return "1 point for the correct option, 0 otherwise (0/1)."


@dataclass(frozen=True)
class KeyEntry:
    """The key of one question of one form, as plain text."""

    number: int
    kind: str
    prompt: str
    answer: str
    rule: str
    points: int
    explanation: str
    rationales: tuple[tuple[str, str, bool], ...]  # (letter + text, rationale, correct)
    references: tuple[str, ...]


def key_entries(deck: "Deck", form: ExamVersion) -> list[KeyEntry]:
    from ..generators.judgment_keys import is_judgment, key_lines
    from ..generators.judgment_keys import rationales as judgment_rationales

    out = []
    for n, _, it in form.numbered():
        rationales: tuple[tuple[str, str, bool], ...] = ()
        if is_judgment(it):
            answer = "; ".join(flat(x) for x in key_lines(it))
            rationales = tuple((flat(a), flat(b), ok) for a, b, ok in judgment_rationales(it))
        elif it.kind is ItemKind.TRUE_FALSE:
            answer = "True" if tf_truth(it) else "False"
        elif it.options:
            keys = [f"{letter(i)}. {flat(o.text)}" for i, o in enumerate(it.options) if o.correct]
            answer = "; ".join(keys)
            rationales = tuple(
                (f"{letter(i)}. {flat(o.text)}", flat(o.rationale), o.correct) for i, o in enumerate(it.options)
            )
        elif it.kind is ItemKind.NUMERIC:
            answer = numeric_key(it).describe()
        elif it.kind is ItemKind.CLOZE:
            answer = flat(it.answers[0]) if it.answers else ""
            if len(it.answers) > 1:
                answer += " (also accept: " + ", ".join(flat(a) for a in it.answers[1:]) + ")"
        elif it.kind is ItemKind.MATCHING:
            pairs = matching_pairs(it)
            answer = "; ".join(
                f"{i + 1} = {letter(pairs.right.index(r))}. {flat(r)}" for i, r in enumerate(pairs.key)
            )
        elif it.kind is ItemKind.ORDERING:
            choices = list(ordering_choices(it))
            answer = ", ".join(letter(choices.index(x)) for x in it.answers)
            answer += " (" + ", then ".join(flat(x) for x in it.answers) + ")"
        else:
            answer = "; ".join(flat(a) for a in it.answers)
        out.append(
            KeyEntry(
                number=n,
                kind=it.kind.value,
                prompt=flat(it.prompt),
                answer=answer,
                rule=scoring_rule(it),
                points=max_points(it),
                explanation=flat(fresh_explanation(it)),
                rationales=rationales,
                references=tuple(source_citations(deck, it)),
            )
        )
    return out
