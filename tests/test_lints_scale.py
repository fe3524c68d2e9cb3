"""The indexed lints find exactly what comparing every pair finds.

``lint_near_duplicates`` and ``lint_numbers`` look only at candidates (texts
sharing a rare 3-gram, statistics sharing a rare measure word); these
properties check them against the straightforward all-pairs versions below
(the lints as they were before indexing) on decks built to be full of near
misses: spelling variants, one-word differences, numbers of every unit.
"""

from __future__ import annotations

import difflib
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdrill.deck import lints
from factdrill.deck.facts import Deck, Location, Source, Statement, Statistic, Term, Topic
from factdrill.deck.lints import (
    NEAR_DUPLICATE_RATIO,
    _NUM_RE,
    _agrees,
    _norm,
    _same_words,
    _texts,
    _unit_matches,
    _warn,
    _words,
    disagreeing,
    fact_loc,
    fact_text,
)

WORDS = ["calcium", "calcaemia", "calcemia", "blood", "bone", "bones", "lung", "lungs", "liver", "share",
         "metastases", "metastasis", "first", "distant", "the", "of", "in", "pain", "haemorrhage",
         "hemorrhage", "tumour", "tumor", "41%", "22%", "7.3", "5"]


def all_pairs_near_duplicates(deck: Deck):
    out = []
    by_kind: dict = {}
    for f in deck.facts:
        by_kind.setdefault(f.kind, []).append((f, _norm(fact_text(f))))
    for facts in by_kind.values():
        for i, (b, tb) in enumerate(facts):
            for a, ta in facts[:i]:
                if ta != tb:
                    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
                    if (sm.real_quick_ratio() < NEAR_DUPLICATE_RATIO or sm.quick_ratio() < NEAR_DUPLICATE_RATIO
                            or sm.ratio() < NEAR_DUPLICATE_RATIO or not _same_words(ta, tb)):
                        continue
                where = f" (line {a.loc.line})" if a.loc else ""
                out.append(_warn(fact_loc(deck, b), f"fact '{b.id}' nearly repeats fact '{a.id}'{where}; "
                                                    "merge them or make each say something different"))
                break
    return out


def all_pairs_numbers(deck: Deck):
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
                    after = sentence[m.end():]
                    cands = [s for s in stats if _unit_matches(s, pct, after)]
                    if fact in cands and _agrees(fact, low, high):
                        continue
                    scored = []
                    for s in cands:
                        need = max(2, -(-3 * len(core[s.id]) // 5))
                        if len(words & core[s.id]) >= need:
                            scored.append((len(words & measure_words[s.id]), s))
                    # the same pick as the lint's: what is checked here is the candidates
                    s = disagreeing(scored, low, high)
                    if s is None:
                        continue
                    out.append(_warn(fact_loc(deck, fact), f"fact '{fact.id}' says {m.group(0).strip()} where "
                                     f"statistic '{s.id}' gives {s.format_value()} for {s.measure}; make them agree"))
    return out


def phrase(draw, n):
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=n)))


@st.composite
def decks(draw):
    facts = []
    base = [phrase(draw, 7) for _ in range(draw(st.integers(1, 4)))]

    def text():
        t = draw(st.sampled_from(base))
        if draw(st.booleans()):  # a near miss: one word swapped, added or dropped
            ws = t.split()
            i = draw(st.integers(0, len(ws)))
            op = draw(st.sampled_from(["swap", "add", "drop"]))
            if op == "add" or not ws:
                ws.insert(i, draw(st.sampled_from(WORDS)))
            elif op == "drop":
                del ws[min(i, len(ws) - 1)]
            else:
                ws[min(i, len(ws) - 1)] = draw(st.sampled_from(WORDS))
            t = " ".join(ws) or "x"
        return t

    for i in range(draw(st.integers(2, 14))):
        loc = Location("deck.yaml", 3 + 5 * i, 5)
        kind = draw(st.sampled_from(["term", "stat", "statement"]))
        if kind == "term":
            facts.append(Term(id=f"t{i}", topic="t", sources=("s",), term=draw(st.sampled_from(WORDS)),
                              definition=text(), explanation=text() + ".", loc=loc))
        elif kind == "stat":
            unit = draw(st.sampled_from(["%", "years", "months", ""]))
            facts.append(Statistic(id=f"s{i}", topic="t", sources=("s",), measure=text(),
                                   value=draw(st.sampled_from([5, 7.3, 22, 41])), unit=unit,
                                   tolerance=draw(st.sampled_from([None, 1.0])), loc=loc,
                                   explanation=f"About {draw(st.sampled_from(['41%', '22%', '5 years', '7.3']))} "
                                               f"{text()}."))
        else:
            n = draw(st.sampled_from(["41%", "45%", "22%", "5 years", "7.3 months", "10-15%"]))
            facts.append(Statement(id=f"c{i}", topic="t", sources=("s",), loc=loc, text=f"In {text()}, {n} {text()}."))
    return Deck(id="d", title="D", sources={"s": Source(key="s", title="S")},
                topics=(Topic(id="t", title="T"),), facts=tuple(facts), path="deck.yaml")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decks())
def test_near_duplicates_are_those_every_pair_finds(deck):
    assert [str(p) for p in lints.lint_near_duplicates(deck)] == [str(p) for p in all_pairs_near_duplicates(deck)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decks())
def test_numbers_are_those_every_statistic_finds(deck):
    assert [str(p) for p in lints.lint_numbers(deck)] == [str(p) for p in all_pairs_numbers(deck)]


def test_near_duplicates_of_one_thousand_similar_texts_compare_few_pairs():
    # a template deck (as imported card sets are): every text alike but its number
    texts = [_norm(f"term {i}: meaning {i} of the same long template sentence") for i in range(1000)]
    compared = sum(len(c) for _, c in lints._near_candidates(texts))
    assert compared < 1000  # all pairs would be 499,500
    same = texts + [_norm("term 7: meaning 7 of the same long template sentences")]
    (last, cands), *_ = reversed(list(lints._near_candidates(same)))
    assert last == 1000 and cands == [7]  # the near duplicate is still compared


def test_the_generated_decks_do_hold_near_duplicates_and_wrong_numbers():
    found = {"dup": 0, "num": 0}

    @settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(decks())
    def count(deck):
        found["dup"] += bool(all_pairs_near_duplicates(deck))
        found["num"] += bool(all_pairs_numbers(deck))

    count()
    assert found["dup"] > 20 and found["num"] > 20


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet="ab _-1éß.\u00a0Z", max_size=14), name=st.text(alphabet="ab _-1éß.\u00a0Z", max_size=3))
def test_a_term_named_in_its_definition_is_found_as_the_pattern_found_it(text, name):
    from factdrill.deck.validators.term import _names

    assert _names(text, name) == bool(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text))
