"""Property tests of the generators over random valid decks (tests/strategies.py).

The oracle below re-derives, from the facts alone, what each item may claim:
its key must be true of its fact and every distractor false, whatever odd
text or near-collision the deck holds.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import decks

from factdrill.deck.markup import parse_gaps
from factdrill.deck.facts import Deck, FactKind, FactSet, Mapping, Ranking, Situation, Statement, Statistic, Term
from factdrill.generators import GENERATORS, Skip, generate, generate_report
from factdrill.generators.common import BLANK, norm
from factdrill.generators.cloze import forms as cloze_forms
from factdrill.generators.synonyms import Glossary, expand
from factdrill.generators.items import JUDGMENT_KINDS, Item, ItemKind
from factdrill.generators.situations import own_claims

# FACTDRILL_EXAMPLES=1000 for a deeper search than the shared machine affords by default.
SETTINGS = settings(max_examples=int(os.environ.get("FACTDRILL_EXAMPLES", "120")), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                             HealthCheck.data_too_large])
CHOICE = {ItemKind.MCQ, ItemKind.SATA, ItemKind.TRUE_FALSE, ItemKind.NUMERIC_MCQ, ItemKind.SCENARIO}


def _n(texts) -> set[str]:
    return {norm(t) for t in texts}


def _raw_pairs_of(fact: Mapping, given: str, reverse: bool) -> list[str]:
    """The values paired with ``given``, as written."""
    pairs = [(r, l) for l, r in fact.pairs] if reverse else list(fact.pairs)
    return [v for k, v in pairs if norm(k) == norm(given)]


def _pairs_of(m: Mapping, key: str, reverse: bool) -> set[str]:
    """Every value paired with ``key`` on that side of the mapping."""
    return {norm(r if not reverse else l) for l, r in m.pairs if norm(l if not reverse else r) == norm(key)}


def check_item(deck: Deck, item: Item) -> None:
    """Assert the item's key is right and its distractors wrong, from the facts."""
    fact = deck.fact(item.fact_ids[0])
    if isinstance(fact, Situation):
        check_judgment(deck, fact, item)
        return
    assert item.deck == deck.id and item.topic == fact.topic and item.sources == fact.sources
    assert item.prompt.strip() and item.explanation.strip()
    assert item.answers, item
    if item.options:
        texts = [norm(o.text) for o in item.options]
        assert len(set(texts)) == len(texts), f"duplicate options in {item.prompt!r}"
        assert all(o.rationale.strip() for o in item.options)
        assert list(item.answers) == [o.text for o in item.options if o.correct]
    right = [o.text for o in item.options if o.correct]
    wrong = [o.text for o in item.options if not o.correct]
    kind = item.kind

    if kind in (ItemKind.MCQ, ItemKind.SCENARIO, ItemKind.NUMERIC_MCQ):
        # four options, as NCLEX: a fact short of three rivals is skipped (review 16 P5)
        assert len(right) == 1 and len(wrong) == 3, item.prompt
    if kind is ItemKind.TRUE_FALSE:
        assert [o.text for o in item.options] == ["True", "False"] and len(right) == 1

    if isinstance(fact, Term):
        names = _n((fact.term, *fact.aliases))
        if kind is ItemKind.MCQ and item.card.endswith(":forward"):
            assert norm(right[0]) == norm(fact.definition)
            assert not _n(wrong) & {norm(fact.definition)}
            synonyms = {norm(t.definition) for t in deck.facts_of(FactKind.TERM) if _n((t.term, *t.aliases)) & names}
            assert not _n(wrong) & synonyms
        elif kind is ItemKind.MCQ:
            assert norm(right[0]) == norm(fact.term) and not _n(wrong) & names
        elif kind is ItemKind.CLOZE and item.card.endswith(":reverse"):
            # the names, each with the deck's synonyms swapped in
            assert _n(item.answers) == _n(expand((fact.term, *fact.aliases), Glossary(deck.synonyms)))
        elif kind is ItemKind.CLOZE:
            filled = item.prompt.replace(BLANK, item.answers[0], 1)
            assert norm(" ".join(fact.definition.split())).rstrip(".") in norm(filled)
    elif isinstance(fact, Statistic):
        if kind in (ItemKind.NUMERIC, ItemKind.NUMERIC_MCQ):
            assert item.extra["value"] == fact.value and item.extra["high"] == fact.high
            assert item.extra["tolerance"] == (fact.tolerance or 0.0)
        if kind is ItemKind.NUMERIC:
            assert item.answers == (fact.format_value(),)
        if kind is ItemKind.NUMERIC_MCQ:
            assert right[0] == dataclasses.replace(fact, approximate=False).format_value()
            lo, hi = fact.value, fact.high if fact.high is not None else fact.value
            tol = fact.tolerance or 0.0
            for w in wrong:
                nums = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", w)]
                assert len(nums) == (2 if fact.high is not None else 1), w
                assert min(nums) >= 0 and (fact.unit != "%" or max(nums) <= 100), w
                gap = max(0.0, min(nums) - hi, lo - max(nums))
                assert gap > tol, f"{w} is within the tolerance of {fact.format_value()}"
    elif isinstance(fact, FactSet):
        members = _n(fact.members)
        allowed_wrong = None if fact.complete else _n(fact.non_members)
        if kind in (ItemKind.MCQ, ItemKind.SATA):
            assert _n(right) <= members
            assert not _n(wrong) & members
            if allowed_wrong is not None:
                assert _n(wrong) <= allowed_wrong, "an incomplete set says nothing of things it does not list"
        if kind is ItemKind.SATA:
            assert len(right) >= 2 and len(wrong) >= 2 and 5 <= len(item.options) <= 6
            assert item.prompt.endswith("Select all that apply.")
        if kind is ItemKind.TRUE_FALSE:
            about = norm(item.extra["about"])
            if item.extra["truth"]:
                assert right == ["True"] and about in members
            else:
                assert right == ["False"] and about not in members
                if allowed_wrong is not None:
                    assert about in allowed_wrong
        if kind is ItemKind.SCENARIO:
            assert norm(right[0]) == norm(fact.signs_of) and _n(item.extra["signs"]) <= members
            assert 2 <= len(item.extra["signs"]) <= 3
            for o in item.options:
                if not o.correct:
                    other = deck.fact(o.fact_id)
                    assert isinstance(other, FactSet) and norm(other.signs_of) == norm(o.text)
                    assert norm(other.signs_of) != norm(fact.signs_of)
                    assert not _n(item.extra["signs"]) & _n(other.members), "the vignette fits a distractor"
    elif isinstance(fact, Mapping):
        reverse = item.card.endswith(":reverse")
        if kind is ItemKind.MATCHING:
            by_left = dict(fact.pairs)
            assert [norm(by_left[l]) for l in item.extra["left"]] == [norm(a) for a in item.answers]
            assert set(item.answers) <= set(item.extra["right"])
            extras = _n(item.extra["right"]) - _n(item.answers)
            assert len(extras) <= 2  # unused right-hand entries from sibling mappings
            lefts = _n(item.extra["left"])
            true_for_ours = {norm(r) for m in deck.facts if isinstance(m, Mapping)
                             for l, r in m.pairs if norm(l) in lefts}
            assert not extras & true_for_ours, "an unused entry is a right match for a left item"
        elif kind in (ItemKind.MCQ, ItemKind.CLOZE, ItemKind.FLASHCARD):
            true = _pairs_of(fact, item.extra["given"], reverse)
            glossary = Glossary(deck.synonyms)
            spelled = {norm(v) for t in _raw_pairs_of(fact, item.extra["given"], reverse) for v in glossary.variants(t)}
            assert _n(item.answers) <= (true | spelled if kind is not ItemKind.MCQ else true)
            # sibling mappings with the same labels may pair the key too: never a distractor
            for other in deck.facts_of(FactKind.MAPPING):
                if {norm(other.left), norm(other.right)} == {norm(fact.left), norm(fact.right)}:
                    flip = norm(other.left) != norm(fact.left)
                    true |= _pairs_of(other, item.extra["given"], reverse != flip)
            assert not _n(wrong) & true
    elif isinstance(fact, Ranking):
        if kind is ItemKind.ORDERING:
            assert list(item.answers) == list(fact.items)
            assert sorted(item.extra["choices"]) == sorted(fact.items)
            assert len(fact.items) >= 3 and item.extra["choices"] != list(fact.items)
        if kind is ItemKind.MCQ:
            assert norm(right[0]) == norm(fact.items[0]) and norm(fact.items[0]) not in _n(wrong)
    elif isinstance(fact, Statement):
        plains = {norm(s.plain) for s in deck.facts_of(FactKind.STATEMENT)}
        if kind is ItemKind.TRUE_FALSE:
            if item.extra["truth"]:
                assert norm(item.extra["statement"]) == norm(fact.plain)
            else:
                assert norm(item.extra["statement"]) in _n(fact.false_variants)
                assert norm(item.extra["statement"]) not in plains
        if kind is ItemKind.MCQ:
            assert norm(right[0]) == norm(fact.plain)
            assert not _n(wrong) & plains
        if kind is ItemKind.CLOZE:
            glossary = Glossary(deck.synonyms)
            # a gap's answers, less any the rest of the sentence spells out
            # (never its first): those are left to the student's judgment
            assert any(_n(item.answers) <= _n(expand(cloze_forms(g.answers, g.hint), glossary))
                       and _n(expand(g.answers[:1], glossary)) <= _n(item.answers)
                       for _, g in parse_gaps(fact.text))


def check_judgment(deck: Deck, sit: Situation, item: Item) -> None:
    """A judgment item: cites its situation's (or a distractor's) sources,
    no option twice, every key a claim of the situation, graded full marks."""
    from factdrill.study.grading import grade, key_response

    declared = {s for f in deck.facts for s in f.sources}
    assert item.deck == deck.id and item.topic == sit.topic
    assert item.sources and set(item.sources) <= declared
    assert item.kind in JUDGMENT_KINDS and item.prompt.strip() and item.answers
    texts = [norm(o.text) for o in item.options]
    assert len(set(texts)) == len(texts), f"duplicate options in {item.prompt!r}"
    own = {norm(t) for t in own_claims(sit)} | {norm(c.text) for c in (*sit.teaching, *sit.gaps)}
    own |= {norm(c.says) for c in (*sit.teaching, *sit.gaps) if c.says}
    if item.kind in (ItemKind.PRIORITY, ItemKind.HIGHLIGHT):
        assert {norm(o.text) for o in item.options if o.correct} <= own
    for part in item.steps or ():  # one client: each step of a case is of its card and situation
        assert part.card == item.card and part.fact_ids == item.fact_ids
        assert grade(part, key_response(part)).score == 1
    assert grade(item, key_response(item)).score == 1


@SETTINGS
@given(decks(), st.integers(0, 2**32))
def test_generators_never_crash_and_every_key_is_right(deck: Deck, seed: int) -> None:
    items, skips = generate_report(deck, seed=seed)
    ids = [i.id for i in items]
    assert len(ids) == len(set(ids)), "item ids must be unique"
    for item in items:
        check_item(deck, item)
    for skip in skips:
        assert isinstance(skip, Skip) and skip.reason and skip.fact_id in {f.id for f in deck.facts}


def _json(items: list[Item]) -> str:
    return "\n".join(json.dumps(i.to_dict(), ensure_ascii=False, sort_keys=True) for i in items)


@SETTINGS
@given(decks(max_facts=12), st.integers(0, 2**32))
def test_same_seed_gives_byte_identical_items(deck: Deck, seed: int) -> None:
    assert _json(generate(deck, seed=seed)) == _json(generate(deck, seed=seed))


@SETTINGS
@given(decks(max_facts=12), st.integers(0, 2**32), st.integers(0, 2**32))
def test_the_seed_shuffles_items_but_never_adds_or_drops_one(deck: Deck, a: int, b: int) -> None:
    """Review history is keyed by item id: a student who changes seed (or an
    exam drawn at another seed) must find the same items, only reworded."""
    assert [i.id for i in generate(deck, seed=a)] == [i.id for i in generate(deck, seed=b)]


@st.composite
def edited_decks(draw):
    """A deck and a copy with one fact edited, removed, or a fact added."""
    deck = draw(decks(min_facts=2, max_facts=14))
    target = draw(st.integers(0, len(deck.facts) - 1))
    how = draw(st.sampled_from(("edit", "remove", "add")))
    facts = list(deck.facts)
    if how == "remove":
        del facts[target]
        touched = deck.facts[target].id
    elif how == "add":
        extra = draw(decks(min_facts=1, max_facts=1))
        new = dataclasses.replace(extra.facts[0], id="added-fact", topic=deck.facts[target].topic)
        facts.insert(target, new)
        touched = new.id
    else:
        old = facts[target]
        changes = {f.name: getattr(old, f.name) + " édité"
                   for f in dataclasses.fields(old)
                   if f.init and f.name not in ("id", "topic", "explanation", "nclex")
                   and isinstance(getattr(old, f.name), str) and "{{" not in getattr(old, f.name)}
        facts[target] = dataclasses.replace(old, **changes)
        touched = old.id
    return deck, dataclasses.replace(deck, facts=tuple(facts)), touched


@SETTINGS
@given(edited_decks())
def test_ids_survive_edits_of_other_facts(case) -> None:
    """Another fact's edit never renames an item: ids appear or vanish only
    with an explicit Skip of that kind (a sibling became too few or enough)."""
    before_deck, after_deck, touched = case
    before, before_skips = generate_report(before_deck)
    after, after_skips = generate_report(after_deck)
    for fact in before_deck.facts:
        if fact.id == touched:
            continue
        old = {i.id: i.kind for i in before if i.fact_ids[0] == fact.id}
        new = {i.id: i.kind for i in after if i.fact_ids[0] == fact.id}
        skipped_after = {s.kind for s in after_skips if s.fact_id == fact.id}
        skipped_before = {s.kind for s in before_skips if s.fact_id == fact.id}
        for iid in old.keys() - new.keys():
            assert old[iid] in skipped_after, f"{iid} of {fact.id} vanished without a skip"
        for iid in new.keys() - old.keys():
            assert new[iid] in skipped_before, f"{iid} of {fact.id} is new without an earlier skip"


@SETTINGS
@given(decks(max_facts=12), st.integers(0, 2**32))
def test_scoring_round_trips(deck: Deck, seed: int) -> None:
    """The key scores full marks; every wrong response we can build scores less."""
    grading = pytest.importorskip("factdrill.study.grading")
    for item in generate(deck, seed=seed):
        key = grading.key_response(item)
        assert grading.grade(item, key).correct, (item.kind, item.prompt, key)
        for wrong in _wrong_responses(item, grading):
            try:
                g = grading.grade(item, wrong)
            except grading.InvalidResponse:
                continue
            assert g.score < 1 and not g.correct, (item.kind, item.prompt, wrong)


def _wrong_responses(item: Item, grading) -> list[str]:
    letters = grading.LETTERS
    kind = item.kind
    if kind in (ItemKind.MCQ, ItemKind.SCENARIO, ItemKind.NUMERIC_MCQ, ItemKind.TRUE_FALSE):
        return [letters[i] for i, o in enumerate(item.options) if not o.correct]
    if kind is ItemKind.SATA:
        keys = set(item.correct_options)
        out = []
        for i in range(len(item.options)):
            flipped = keys ^ {i}
            if flipped:
                out.append(" ".join(letters[j] for j in sorted(flipped)))
        return out
    if kind is ItemKind.ORDERING:
        choices = item.extra["choices"]
        order = [choices.index(a) for a in item.answers]
        swapped = order[1:2] + order[:1] + order[2:]
        return [" ".join(letters[i] for i in swapped)]
    if kind is ItemKind.MATCHING:
        right = item.extra["right"]
        picks = [right.index(a) for a in item.answers]
        if len(set(picks)) > 1:
            j = next(j for j in range(1, len(picks)) if picks[j] != picks[0])
            picks[0], picks[j] = picks[j], picks[0]
            return [" ".join(letters[i] for i in picks)]
        return []
    if kind is ItemKind.NUMERIC:
        hi = item.extra["high"] if item.extra["high"] is not None else item.extra["value"]
        return [str(round(hi + 2 * item.extra["tolerance"] + 1000.5, 1))]
    return ["qqxz zzqx vvkk"]


def test_every_generator_is_registered() -> None:
    assert set(GENERATORS) == set(ItemKind)


@SETTINGS
@given(decks(max_facts=12), st.integers(0, 2**32))
def test_every_typed_key_and_each_synonym_of_it_grades_correct(deck: Deck, seed: int) -> None:
    """A student who types the key, or the key with a glossary word swapped
    for its synonym, is never marked wrong."""
    from factdrill.generators.synonyms import Glossary
    from factdrill.study.grading import grade

    glossary = Glossary(deck.synonyms)
    for item in generate(deck, seed=seed):
        if item.kind not in (ItemKind.CLOZE, ItemKind.FLASHCARD):
            continue
        for variant in glossary.variants(item.answers[0]):
            assert grade(item, variant).correct, (item.prompt, item.answers, variant)


@SETTINGS
@given(decks(max_facts=10), st.integers(0, 2**32))
def test_a_generator_makes_nothing_of_a_fact_kind_it_does_not_serve(deck: Deck, seed: int) -> None:
    # the items database skips (and never imports) a generator for such a
    # fact: its unit must be empty and have read nothing but the fact
    from factdrill.generators.incremental import _OneFact
    from factdrill.generators.registry import SERVES
    from factdrill.generators.tracking import SEP, TrackingContext

    ctx = TrackingContext(deck, seed)
    for fact in deck.facts:
        for kind in ItemKind:
            if fact.kind in SERVES[kind]:
                continue
            with ctx.unit(fact) as reads:
                produced = list(GENERATORS[kind](_OneFact(deck, fact), ctx))  # type: ignore[arg-type]
            assert produced == [], (kind, fact.kind)
            assert list(reads) == ["f" + SEP + fact.id], (kind, fact.kind)


def test_every_served_fact_kind_is_served_somewhere(flagship, tmp_path) -> None:
    # the table is no wider than the generators: each generator makes
    # something of each kind it claims, in the flagship or a synthetic deck
    from synthdeck import write_synth_deck

    from factdrill.deck.loader import load_deck
    from factdrill.generators.registry import SERVES

    made: set[tuple[ItemKind, FactKind]] = set()
    for deck in (flagship, load_deck(write_synth_deck(tmp_path, 60, topics=3))):
        kind_of = {f.id: f.kind for f in deck.facts}
        items, skips = generate_report(deck)
        made |= {(it.kind, kind_of[it.fact_ids[0]]) for it in items}
        made |= {(s.kind, kind_of[s.fact_id]) for s in skips}
    claimed = {(k, fk) for k, fks in SERVES.items() for fk in fks}
    assert claimed <= made, sorted(claimed - made)
