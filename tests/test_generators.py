"""Example tests of the generators on small hand-built decks: what a student sees."""

from __future__ import annotations

import json
from pathlib import Path
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace

import pytest

from factdrill.deck.facts import Deck, FactSet, Mapping, Ranking, Source, Statement, Statistic, Term, Topic
from factdrill.generators import GENERATORS, Skip, generate, generate_report
from factdrill.generators.true_false import asserts_truth
from factdrill.generators.items import ItemKind, card_id, item_id

SRC = {"acs": Source(key="acs", title="American Cancer Society")}
TOPICS = tuple(Topic(id=t, title=f"{t.title()} metastases") for t in ("liver", "brain", "bone", "lung", "stats"))


def _set(fid, topic, name, members, signs_of=None, complete=True, non_members=()):
    return FactSet(id=fid, topic=topic, sources=("acs",), name=name, members=tuple(members),
                   signs_of=signs_of, complete=complete, non_members=tuple(non_members))


def _term(fid, term, definition, topic="brain", aliases=()):
    return Term(id=fid, topic=topic, sources=("acs",), term=term, definition=definition, aliases=tuple(aliases))


def _stat(fid, measure, value, high=None, tolerance=None, unit="%", topic="stats", **kw):
    return Statistic(id=fid, topic=topic, sources=("acs",), measure=measure, value=value, high=high,
                     tolerance=tolerance, unit=unit, **kw)


SYMPTOM_SETS = (
    _set("liver-symptoms", "liver", "possible symptoms of liver metastases",
         ["abdominal pain", "nausea", "itching", "jaundice"], "liver metastases"),
    _set("brain-symptoms", "brain", "possible symptoms of brain metastases",
         ["headaches", "visual changes", "seizures", "weakness on one side of the body"], "brain metastases"),
    _set("lung-symptoms", "lung", "possible symptoms of lung metastases",
         ["shortness of breath", "a persistent cough", "pain with breathing"], "lung metastases"),
    _set("bone-symptoms", "bone", "possible signs of bone metastases",
         ["bone pain", "a fracture after only minor trauma", "nausea"], "bone metastases"),
)
TERMS = (
    _term("lepto", "leptomeningeal metastases",
          "cancer cells that have spread into the cerebrospinal fluid around the brain and spinal cord",
          aliases=["carcinomatous meningitis"]),
    _term("bbb", "blood-brain barrier", "a tight network of capillaries that keeps toxins out of the brain"),
    _term("sbrt", "stereotactic body radiotherapy", "high-dose radiation aimed precisely at a small area"),
    _term("pleurodesis", "pleurodesis", "a procedure that scars the pleura together so fluid cannot collect",
          topic="lung"),
    # a third brain term: a term MCQ needs three rivals (four options, as NCLEX)
    _term("wbrt", "whole-brain radiation", "radiation given to the entire brain to treat many tumors at once"),
)
STATS = (
    _stat("first-site-bone", "share of first distant metastases that were in bone", 41,
          population="women treated for early-stage breast cancer", study="2013 cohort study"),
    _stat("first-site-lung", "share of first distant metastases that were in the lungs", 22,
          population="women treated for early-stage breast cancer", study="2013 cohort study"),
    _stat("first-site-liver", "share of first distant metastases that were in the liver", 7.3,
          population="women treated for early-stage breast cancer", study="2013 cohort study"),
    _stat("brain-share", "share of people with metastatic breast cancer whose cancer reaches the brain", 10,
          high=15, approximate=True),
    _stat("bone-share", "share of people with metastatic breast cancer with bone metastases", 70,
          tolerance=5, approximate=True),
)
OTHERS = (
    Mapping(id="brands", topic="bone", sources=("acs",), name="bone-modifying drugs", left="brand name",
            right="generic name", pairs=(("Zometa", "zoledronic acid"), ("Xgeva", "denosumab"),
                                         ("Aredia", "pamidronate"))),
    Ranking(id="first-site-order", topic="stats", sources=("acs",), name="first sites of distant spread",
            items=("bone", "lung", "liver", "brain"), order="most common first"),
    Statement(id="still-breast", topic="bone", sources=("acs",),
              text="A tumor seeded in bone is made of {{breast::tissue of origin}} cancer cells.",
              false_variants=("A tumor seeded in bone is made of bone cancer cells.",)),
)
DECK = Deck(id="demo", title="Demo", sources=SRC, topics=TOPICS, facts=SYMPTOM_SETS + TERMS + STATS + OTHERS)
# a sibling of "brands" with the same labels: the unused entries of its matching
OLDER = Mapping(id="older", topic="bone", sources=("acs",), name="older bone drugs", left="brand name",
                right="generic name", pairs=(("Bonviva", "ibandronic acid"), ("Fosamax", "alendronic acid")))


def _items(deck=DECK, **kw):
    return generate(deck, **kw)


def _one(kind, fact_id, deck=DECK, card_side=None):
    found = [i for i in _items(deck) if i.kind is kind and i.fact_ids[0] == fact_id
             and (card_side is None or i.card.endswith(":" + card_side))]
    assert found, f"no {kind.value} item for {fact_id}"
    return found[0]


def test_every_kind_is_generated_from_a_small_deck():
    from factdrill.generators.items import JUDGMENT_KINDS

    kinds = Counter(i.kind for i in _items(replace(DECK, facts=(*DECK.facts, OLDER))))
    # judgment kinds need situation facts: tests/test_judgment_generators.py
    assert set(kinds) == set(ItemKind) - JUDGMENT_KINDS, f"missing: {set(ItemKind) - JUDGMENT_KINDS - set(kinds)}"


def test_sata_mixes_members_with_members_of_sibling_symptom_sets():
    item = _one(ItemKind.SATA, "liver-symptoms")
    assert item.prompt == "Which of the following are possible symptoms of liver metastases? Select all that apply."
    keys = {o.text.lower() for o in item.options if o.correct}
    wrong = [o for o in item.options if not o.correct]
    assert 5 <= len(item.options) <= 6 and len(keys) >= 2 and len(wrong) >= 2
    assert keys <= {"abdominal pain", "nausea", "itching", "jaundice"}
    for o in wrong:
        # nausea is also a bone sign, but true for the liver: never offered as wrong
        assert o.text.lower() != "nausea"
        assert "not of liver metastases" in o.rationale and o.fact_id != "liver-symptoms"


def test_incomplete_set_only_uses_its_explicit_non_members():
    sets = tuple(s if s.id != "liver-symptoms" else _set(
        "liver-symptoms", "liver", "possible symptoms of liver metastases",
        ["abdominal pain", "nausea", "itching", "jaundice"], "liver metastases", complete=False,
        non_members=["seizures"]) for s in SYMPTOM_SETS)
    deck = Deck(id="demo", title="Demo", sources=SRC, topics=TOPICS, facts=sets)
    items, skips = generate_report(deck)
    liver = [i for i in items if i.fact_ids[0] == "liver-symptoms"]
    assert not [i for i in liver if i.kind in (ItemKind.SATA, ItemKind.MCQ, ItemKind.TRUE_FALSE)]
    reasons = {s.kind: s.reason for s in skips if s.fact_id == "liver-symptoms"}
    assert "not complete" in reasons[ItemKind.SATA] and "not complete" in reasons[ItemKind.MCQ]


def test_scenario_names_findings_unique_to_the_answer():
    item = _one(ItemKind.SCENARIO, "brain-symptoms")
    assert item.prompt.startswith("A client presents with ")
    assert item.prompt.endswith("Which condition does the nurse suspect?")
    assert item.answers == ("Brain metastases",)
    assert 2 <= len(item.extra["signs"]) <= 3
    assert {o.text for o in item.options} == {"Brain metastases", "Liver metastases", "Lung metastases",
                                              "Bone metastases"}
    for o in item.options:
        if not o.correct:
            assert "point instead to brain metastases" in o.rationale


def test_scenario_never_names_a_finding_shared_with_an_option():
    item = _one(ItemKind.SCENARIO, "liver-symptoms")
    assert "nausea" not in item.extra["signs"]  # also a bone sign, and bone metastases is an option


def test_term_mcq_both_ways_never_offers_an_alias():
    forward = _one(ItemKind.MCQ, "lepto", card_side="forward")
    assert forward.prompt == "Which of the following best describes the term \u201cleptomeningeal metastases\u201d?"
    assert forward.answers[0].startswith("Cancer cells that have spread into the cerebrospinal fluid")
    reverse = _one(ItemKind.MCQ, "lepto", card_side="reverse")
    assert reverse.prompt.startswith("Which term means cancer cells that have spread")
    assert reverse.answers == ("Leptomeningeal metastases",)
    assert "Carcinomatous meningitis" not in {o.text for o in reverse.options}
    wrong = [o for o in reverse.options if not o.correct]
    assert all(" means " in o.rationale for o in wrong)


def test_term_cards_group_items_by_side():
    items = [i for i in _items() if i.fact_ids[0] == "lepto"]
    forward = {i.kind for i in items if i.card == card_id("lepto", "forward")}
    reverse = {i.kind for i in items if i.card == card_id("lepto", "reverse")}
    assert forward == {ItemKind.FLASHCARD, ItemKind.MCQ}  # "the brain": anatomy, never blanked
    assert reverse == {ItemKind.FLASHCARD, ItemKind.MCQ, ItemKind.CLOZE}
    typed = next(i for i in items if i.kind is ItemKind.CLOZE and i.card.endswith("reverse"))
    assert typed.prompt.startswith("The term _____ means cancer cells")
    assert set(typed.answers) == {"leptomeningeal metastases", "carcinomatous meningitis"}


def test_numeric_recall_carries_context_and_tolerance():
    item = _one(ItemKind.NUMERIC, "first-site-bone")
    assert item.prompt == ("In the 2013 cohort study, what was the share of first distant metastases that were "
                           "in bone among women treated for early-stage breast cancer? Answer in percent.")
    assert item.answers == ("41%",)
    assert item.extra == {"value": 41.0, "high": None, "unit": "%", "tolerance": 0.0}
    approx = _one(ItemKind.NUMERIC, "bone-share")
    assert approx.extra["tolerance"] == 5.0 and "approximate" in approx.prompt


def test_numeric_mcq_offers_real_sibling_figures_and_lists_numbers_in_order():
    item = _one(ItemKind.NUMERIC_MCQ, "first-site-bone")
    texts = [o.text for o in item.options]
    assert "41%" in texts and len(texts) == 4
    assert [float(t.rstrip("%")) for t in texts] == sorted(float(t.rstrip("%")) for t in texts)
    # the study's own figures a student may confuse, two at most (review 25
    # #13: one real figure beside two made-up ones tested nothing)
    real = [o for o in item.options if not o.correct and o.fact_id != "first-site-bone"]
    assert len(real) == 2 and len({o.text for o in real}) == 2
    for o in real:
        assert "is a different figure: the share of" in o.rationale
    derived = [o for o in item.options if not o.correct and o.fact_id == "first-site-bone"]
    assert all(("too low" in o.rationale or "too high" in o.rationale) and "41%" in o.rationale for o in derived)
    approx = _one(ItemKind.NUMERIC_MCQ, "bone-share")
    for o in approx.options:
        if not o.correct:
            value = float(o.text.rstrip("%"))
            assert abs(value - 70) > 5 and 0 <= value <= 100


def test_a_range_is_offered_among_ranges():
    item = _one(ItemKind.NUMERIC_MCQ, "brain-share")
    assert item.answers == ("10-15%",)
    for o in item.options:
        low, high = (float(x) for x in o.text.rstrip("%").split("-"))
        assert 0 <= low < high <= 100
        if not o.correct:
            assert high < 10 or low > 15, f"{o.text} overlaps 10-15%"


def test_numeric_mcq_stays_in_bounds_at_the_edges():
    deck = Deck(id="edge", title="Edge", sources=SRC, topics=TOPICS, facts=(
        _stat("all", "share that recur", 100), _stat("none", "share that spread by air", 0),
        _stat("small", "median survival gain", 0.5, unit="years")))
    for item in generate(deck, kinds=[ItemKind.NUMERIC_MCQ]):
        values = [float(o.text.split()[0].rstrip("%")) for o in item.options]
        assert len(set(values)) == len(values) >= 3
        assert all(v >= 0 for v in values)
        if item.extra["unit"] == "%":
            assert all(v <= 100 for v in values)


def test_matching_shuffles_the_right_column_and_keys_each_left_item():
    deck = replace(DECK, facts=(*DECK.facts, OLDER))
    item = _one(ItemKind.MATCHING, "brands", deck)
    assert item.prompt == ("Match each brand name with its generic name (bone-modifying drugs). "
                           "Two on the right are not used.")
    assert item.extra["left"] == ["Zometa", "Xgeva", "Aredia"]
    assert item.answers == ("zoledronic acid", "denosumab", "pamidronate")
    assert sorted(item.extra["right"]) == sorted([*item.answers, "ibandronic acid", "alendronic acid"])


def test_a_short_matching_with_nothing_left_over_is_not_asked():
    """Review 12: four treatments against their four conditions, the last match
    free by elimination. Below five pairs, a matching needs an unused entry."""
    assert not [i for i in _items() if i.kind is ItemKind.MATCHING and i.fact_ids[0] == "brands"]
    _, skipped = generate_report(DECK, kinds=[ItemKind.MATCHING])
    skips = [s for s in skipped if s.fact_id == "brands"]
    assert skips and "free by elimination" in skips[0].reason
    five = replace(OTHERS[0], id="five", pairs=(*OTHERS[0].pairs, ("Bonviva", "ibandronic acid"),
                                                 ("Fosamax", "alendronic acid")))
    (item,) = [i for i in _items(replace(DECK, facts=(five,))) if i.kind is ItemKind.MATCHING]
    assert len(item.extra["left"]) == len(item.extra["right"]) == 5


def test_mapping_pairs_ask_both_ways():
    # a fourth pair: three rivals for each (a three-pair mapping gives only two)
    brands = replace(OTHERS[0], pairs=(*OTHERS[0].pairs, ("Bonefos", "clodronate")))
    items = [i for i in _items(replace(DECK, facts=(brands,))) if i.kind is ItemKind.MCQ]
    prompts = {i.prompt for i in items}
    # framed by the mapping's name: a pair alone can have other right answers
    assert "Bone-modifying drugs: which generic name matches the brand name \u201cZometa\u201d?" in prompts
    assert "Bone-modifying drugs: which brand name matches the generic name \u201cdenosumab\u201d?" in prompts
    zometa = next(i for i in items if i.prompt.endswith("Zometa\u201d?"))
    wrong = next(o for o in zometa.options if not o.correct)
    assert wrong.rationale.endswith(", not \u201cZometa\u201d.")


def test_ordering_and_first_place_mcq_from_a_ranking():
    order = _one(ItemKind.ORDERING, "first-site-order")
    assert order.prompt == "Put the first sites of distant spread in order, most common first."
    assert order.answers == ("bone", "lung", "liver", "brain")
    assert order.extra["choices"] != ["bone", "lung", "liver", "brain"]
    first = _one(ItemKind.MCQ, "first-site-order")
    assert first.answers == ("Bone",)
    assert any(o.rationale == "Liver: ranked third, after bone." for o in first.options)


def test_statement_gives_cloze_and_true_false_both_ways():
    cloze = _one(ItemKind.CLOZE, "still-breast")
    assert cloze.prompt == "A tumor seeded in bone is made of [tissue of origin] cancer cells."
    assert cloze.answers == ("breast",) and cloze.extra["hint"] == "tissue of origin"
    (tf,) = [i for i in _items() if i.fact_ids[0] == "still-breast" and i.kind is ItemKind.TRUE_FALSE]
    if asserts_truth("still-breast"):
        assert tf.prompt == "True or false: A tumor seeded in bone is made of breast cancer cells."
        assert tf.answers == ("True",)
    else:
        assert tf.prompt == "True or false: A tumor seeded in bone is made of bone cancer cells."
        assert tf.answers == ("False",)
        assert "A tumor seeded in bone is made of breast cancer cells." in tf.options[1].rationale


def test_a_gap_the_rest_of_the_sentence_spells_out_is_no_cloze():
    spelled = Statement(id="cord", topic="bone", sources=("acs",),
                        text="A tumor in the {{spine}} can press on the spinal cord; it is still "
                             "{{breast}} cancer, named after breast tissue, at {{stage 4}}.",
                        false_variants=("x",))
    deck = Deck(id="d", title="D", sources=SRC, topics=TOPICS, facts=(spelled,))
    items, skips = generate_report(deck, kinds=[ItemKind.CLOZE])
    assert [i.answers[0] for i in items] == ["stage 4"]  # the number is what is asked
    reasons = " ".join(s.reason for s in skips)
    assert "gap 'spine' is spelled out by the rest of the sentence ('spine')" in reasons
    assert "gap 'breast'" in reasons


def test_a_term_whose_definition_shares_the_terms_root_needs_a_distractor_sharing_it():
    pleurodesis = _term("pleurodesis", "pleurodesis", "a procedure that scars the two layers of the pleura together")
    others = (_term("sbrt", "stereotactic body radiotherapy", "high-dose radiation aimed precisely at a small tumor"),
              _term("thora", "thoracentesis", "a needle procedure that drains fluid from around the lung"),
              _term("chemo", "intrathecal chemotherapy", "drugs injected into the fluid around the spinal cord"))
    deck = Deck(id="d", title="D", sources=SRC, topics=TOPICS, facts=(pleurodesis, *others))
    items, skips = generate_report(deck, kinds=[ItemKind.MCQ])
    assert not [i for i in items if i.fact_ids == ("pleurodesis",) and "pleurodesis" in i.prompt]
    assert any(s.fact_id == "pleurodesis" and "'pleura'" in s.reason for s in skips)
    # a distractor sharing the root ("pleural") keeps the item fair
    fair = _term("effusion", "pleural effusion", "fluid collected between the pleural layers around a lung")
    deck = Deck(id="d", title="D", sources=SRC, topics=TOPICS, facts=(pleurodesis, *others, fair))
    items, _ = generate_report(deck, kinds=[ItemKind.MCQ])
    forward = [i for i in items if i.fact_ids == ("pleurodesis",) and "pleurodesis" in i.prompt]
    assert forward and any("pleural" in o.text for o in forward[0].options if not o.correct)


def test_true_false_items_are_few_and_balanced_between_true_and_false():
    from factdrill.deck.loader import load_deck
    from factdrill.generators import generate

    deck = load_deck(Path(__file__).resolve().parents[1] / "decks" / "breast-cancer-metastasis")
    items = generate(deck)
    tf = [i for i in items if i.kind is ItemKind.TRUE_FALSE]
    assert len(tf) <= 0.15 * len(items)
    assert 0.3 <= sum(i.extra["truth"] for i in tf) / len(tf) <= 0.7
    # one per statement with a false claim to judge, none from sets
    assert all(isinstance(deck.fact(i.fact_ids[0]), Statement) for i in tf)
    assert len({i.fact_ids[0] for i in tf}) == len(tf)


def test_sets_are_asked_as_choices_not_as_true_false():
    liver = [i for i in _items() if i.fact_ids[0] == "liver-symptoms"]
    assert not [i for i in liver if i.kind is ItemKind.TRUE_FALSE]
    assert {ItemKind.SATA, ItemKind.MCQ} <= {i.kind for i in liver}


def test_too_few_siblings_is_a_skip_with_a_reason_not_a_weak_item():
    deck = Deck(id="tiny", title="Tiny", sources=SRC, topics=TOPICS, facts=(TERMS[0],))
    items, skips = generate_report(deck)
    assert {i.kind for i in items} == {ItemKind.FLASHCARD, ItemKind.CLOZE}
    mcq = [s for s in skips if s.kind is ItemKind.MCQ]
    assert mcq and all(s == Skip("lepto", ItemKind.MCQ, s.reason) and "need 3" in s.reason for s in mcq)


def test_empty_deck_gives_nothing():
    assert generate_report(Deck(id="empty", title="Empty")) == ([], [])


def test_kinds_filter_and_string_kinds():
    only = generate(DECK, kinds=["sata", ItemKind.SCENARIO])
    assert {i.kind for i in only} == {ItemKind.SATA, ItemKind.SCENARIO}


def test_ids_come_from_deck_fact_kind_and_variant_only():
    item = _one(ItemKind.SATA, "liver-symptoms")
    assert item.id == item_id("demo", "liver-symptoms", ItemKind.SATA, "main")
    other_seed = next(i for i in generate(DECK, seed=99) if i.id == item.id)
    assert other_seed.kind is ItemKind.SATA


def test_seed_changes_option_order_but_not_content():
    a = {i.id: i for i in generate(DECK, seed=1) if i.kind is ItemKind.MCQ}
    b = {i.id: i for i in generate(DECK, seed=2) if i.kind is ItemKind.MCQ}
    assert a.keys() == b.keys()
    assert any([o.text for o in a[k].options] != [o.text for o in b[k].options] for k in a)
    for k in a:  # the seed may pick other members of a set, but never changes what is asked of a term
        assert a[k].card == b[k].card
        if a[k].fact_ids[0] in {"lepto", "bbb", "sbrt", "pleurodesis"}:
            assert (a[k].prompt, a[k].answers) == (b[k].prompt, b[k].answers)


def _many_terms_deck(n: int = 160) -> Deck:
    words = ["alpha", "bravo", "carbon", "delta", "ember", "flint", "garnet", "harbor", "indigo", "juniper"]
    facts = tuple(
        _term(f"t{i}", f"{words[i % 10]} {words[(i // 10) % 10]} {i}",
              f"a made-up thing number {i} with {words[(i * 7) % 10]} and {words[(i * 3) % 10]} parts",
              topic=("liver", "brain")[i % 2])
        for i in range(n)
    )
    return Deck(id="many", title="Many", sources=SRC, topics=TOPICS, facts=facts)


def test_answer_position_is_uniform():
    """Chi-square over 320 four-option items: the key sits in each slot about equally."""
    items = [i for i in generate(_many_terms_deck(), seed=7) if i.kind is ItemKind.MCQ and len(i.options) == 4]
    assert len(items) >= 300  # a few are skipped: their question repeats a word of the answer
    counts = Counter(i.correct_options[0] for i in items)
    expected = len(items) / 4
    chi2 = sum((counts[k] - expected) ** 2 / expected for k in range(4))
    assert chi2 < 16.27, f"positions {dict(counts)} (chi2={chi2:.1f}, p<0.001 for 3 df)"


def test_output_does_not_depend_on_python_hash_seed():
    code = (
        "import json, sys; sys.path.insert(0, 'tests'); import test_generators as t;"
        "from factdrill.generators import generate;"
        "print('\\n'.join(json.dumps(i.to_dict(), sort_keys=True) for i in generate(t.DECK, seed=5)))"
    )
    outs = []
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                             cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))), check=True)
        outs.append(run.stdout)
    assert outs[0] == outs[1] and outs[0].count("\n") > 50


def test_items_are_json_ready():
    for item in _items():
        json.dumps(item.to_dict())


def test_generation_is_linear_enough_for_big_decks():
    """10x the facts must cost well under 100x the time (no O(n^2) over the deck)."""
    import time

    small, big = _many_terms_deck(100), _many_terms_deck(1000)
    t0 = time.perf_counter()
    generate(small)
    t1 = time.perf_counter()
    generate(big)
    t2 = time.perf_counter()
    assert (t2 - t1) < 30 * max(t1 - t0, 0.01)


@pytest.mark.parametrize("kind", list(GENERATORS))
def test_each_generator_is_a_pure_function_of_the_deck(kind):
    from factdrill.generators import Context

    out1 = list(GENERATORS[kind](DECK, Context(DECK, 3)))
    out2 = list(GENERATORS[kind](DECK, Context(DECK, 3)))
    assert out1 == out2 and [getattr(i, "extra", None) for i in out1] == [getattr(i, "extra", None) for i in out2]


def test_numeric_mcq_puts_the_answer_anywhere_and_reads_naturally():
    deck = Deck(id="solo", title="Solo", sources=SRC, topics=TOPICS, facts=(
        _stat("max-treated", "largest number of metastases treated locally", 5, unit="metastases"),
        _stat("share", "share of first metastases in bone", 41.1),))
    places = {"max-treated": set(), "share": set()}
    for seed in range(40):
        for item in generate(deck, seed=seed, kinds=[ItemKind.NUMERIC_MCQ]):
            keyed = [o.correct for o in item.options]
            places[item.fact_ids[0]].add(keyed.index(True))
            assert "1 metastases" not in {o.text for o in item.options}
    # neither "the middle one" nor "the odd one out" finds the answer
    assert places == {"max-treated": {0, 1, 2, 3}, "share": {0, 1, 2, 3}}


def test_numeric_mcq_wrong_values_are_no_exact_halves_or_doubles_and_keep_the_decimals():
    deck = Deck(id="solo", title="Solo", sources=SRC, topics=TOPICS, facts=(
        _stat("brain", "share of first metastases in the brain", 7.3),))
    for seed in range(30):
        (item,) = generate(deck, seed=seed, kinds=[ItemKind.NUMERIC_MCQ])
        wrong = [o.text for o in item.options if not o.correct]
        assert not {"3.6%", "3.7%", "14.6%", "21.9%"} & set(wrong), wrong  # made from the key
        assert all(re.fullmatch(r"\d+\.\d%", t) for t in wrong), wrong  # "12.0%", not "12%"


def test_generators_import_no_heavy_or_cli_modules():
    """Library code: no click, and nothing that would slow a command that only lists items."""
    code = ("import sys, factdrill.generators; "
            "print(' '.join(m for m in ('click', 'genanki', 'fsrs', 'sqlite3', 'yaml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def test_definition_blank_is_a_whole_token_and_never_a_second_blank():
    deck = Deck(id="odd", title="Odd", sources=SRC, topics=TOPICS, facts=(
        _term("a", "pain", "_000000 abcdefgh in the liver"), _term("b", "ache", "see form _____ above, section 12b"),
        _term("c", "sore", "tenderness lasting 48 hours")))
    items = {i.fact_ids[0]: i for i in generate(deck, kinds=[ItemKind.CLOZE]) if i.card.endswith(":forward")}
    assert "a" not in items  # "000000" is glued to "_", not a number of its own
    assert "b" not in items
    assert items["c"].answers == ("48",) and items["c"].prompt == "The term sore means tenderness lasting _____ hours."


def test_unknown_kind_is_a_usage_problem_naming_the_choices():
    from factdrill.errors import UsageProblem

    with pytest.raises(UsageProblem, match="unknown item kind 'essay'; use one of: flashcard, cloze"):
        generate(DECK, kinds=["essay"])


def test_scenario_stem_uses_the_decks_client_and_question():
    from dataclasses import replace

    from factdrill.deck.facts import Deck, FactSet, Topic
    from factdrill.generators import generate
    from factdrill.generators.items import ItemKind

    sites = {
        "brain": ["headaches", "seizures", "visual changes"],
        "liver": ["jaundice", "itching", "nausea"],
        "lung": ["shortness of breath", "persistent cough", "pain with breathing"],
        "bone": ["bone pain", "fracture after minor trauma", "back pain"],
    }
    facts = tuple(
        FactSet(id=f"{site}-signs", topic="sites", sources=("ref",), name=f"signs of {site} metastases",
                members=tuple(signs), signs_of=f"{site} metastases")
        for site, signs in sites.items()
    )  # fmt: skip
    deck = Deck(id="d", title="D", topics=(Topic(id="sites", title="Sites"),), facts=facts)
    plain = [i for i in generate(deck, kinds=[ItemKind.SCENARIO]) if i.fact_ids == ("brain-signs",)]
    assert plain[0].prompt.startswith("A client presents with ")
    assert plain[0].prompt.endswith("Which condition does the nurse suspect?")
    framed = replace(deck, scenario_client="a client with metastatic breast cancer",
                     scenario_question="Which site of spread does the nurse suspect?")
    item = [i for i in generate(framed, kinds=[ItemKind.SCENARIO]) if i.fact_ids == ("brain-signs",)][0]
    assert item.prompt.startswith("A client with metastatic breast cancer presents with ")
    assert item.prompt.endswith(". Which site of spread does the nurse suspect?")
    assert item.id == plain[0].id  # the frame is wording, not identity


def test_statistic_wording_leads_the_shown_answer_and_the_number_is_graded():
    from factdrill.deck.facts import Deck, Statistic, Topic
    from factdrill.generators import generate
    from factdrill.study.grading import grade
    from factdrill.generators.items import ItemKind

    stat = Statistic(id="her2-brain", topic="t", sources=("ref",), measure="share with brain spread",
                     value=33, unit="%", approximate=True, tolerance=3, wording="roughly a third")
    deck = Deck(id="d", title="D", topics=(Topic(id="t", title="T"),), facts=(stat,))
    items = generate(deck)
    assert not [i for i in items if i.kind is ItemKind.FLASHCARD]  # the typed number is its recall item
    choice = [i for i in items if i.kind is ItemKind.NUMERIC_MCQ][0]
    key = next(o for o in choice.options if o.correct)
    assert key.text == "33%" and key.rationale.startswith("Roughly a third (about 33%)")
    numeric = [i for i in items if i.kind is ItemKind.NUMERIC][0]
    assert grade(numeric, "33%").correct and grade(numeric, "35").correct
    assert not grade(numeric, "45").correct


# --- regressions from the instructor review (docs/item-review.md) -------------

RECURRENCE = Mapping(id="recurrence", topic="stats", sources=("acs",), name="recurrence types",
                     left="recurrence type", right="location",
                     pairs=(("local recurrence", "the original tumour site"), ("regional recurrence", "nearby nodes"),
                            ("distant recurrence", "other organs"), ("contralateral recurrence", "the opposite breast")))


def test_mapping_question_quotes_a_key_of_several_words():
    """'Which recurrence type matches the location the original tumour site?' read as broken English."""
    deck = Deck(id="rec", title="Rec", sources=SRC, topics=TOPICS, facts=(RECURRENCE,))
    items = generate(deck, kinds=[ItemKind.MCQ, ItemKind.FLASHCARD])
    prompts = {i.prompt for i in items}
    assert "Recurrence types: which location matches the recurrence type \u201clocal recurrence\u201d?" in prompts
    assert not any("location the original" in p for p in prompts)
    # a card has no options to pick from: it asks what goes with the key (review 13)
    cards = {i.prompt for i in items if i.kind is ItemKind.FLASHCARD}
    assert "Recurrence types: what location goes with the recurrence type \u201clocal recurrence\u201d?" in cards
    assert not any("which" in p for p in cards)


def test_mapping_cloze_is_a_sentence():
    """'Site for the symptom "jaundice": _____' was a label, not a sentence a student completes."""
    signs = Mapping(id="signs", topic="liver", sources=("acs",), name="typical signs", left="sign", right="site",
                    reverse=False, pairs=(("jaundice", "liver"), ("seizures", "brain")))
    deck = Deck(id="sg", title="Sg", sources=SRC, topics=TOPICS, facts=(signs,))
    cloze = {i.extra["given"]: i for i in generate(deck, kinds=[ItemKind.CLOZE])}
    item = cloze["jaundice"]
    assert item.prompt == "Typical signs: the site that goes with the sign \u201cjaundice\u201d is _____."
    assert item.answers == ("liver",) and item.open_answer  # "hepatic" is no wrong answer either


def test_term_mcq_names_the_term_in_quotes_and_so_needs_no_article():
    """'best describes mediastinum' lacked an article; quoting the term as a word fixes every term."""
    deck = Deck(id="t", title="T", sources=SRC, topics=TOPICS, facts=(
        _term("med", "mediastinum", "the central part of the chest between the lungs"),
        _term("pleura", "pleura", "the membranes that line the lungs"),
        _term("peri", "peritoneum", "the membrane that lines the abdomen"),
        _term("diaphragm", "diaphragm", "the dome-shaped muscle below the lungs that drives breathing")))
    mcq = {i.fact_ids[0]: i for i in generate(deck, kinds=[ItemKind.MCQ]) if i.card.endswith(":forward")}
    assert mcq["med"].prompt == "Which of the following best describes the term \u201cmediastinum\u201d?"
    wrong = [o.rationale for o in mcq["med"].options if not o.correct]
    # the option's own term, then what the asked one means (review 6: "not
    # 'mediastinum'" alone taught nothing)
    assert all(r.startswith("This describes \u201c") and
               r.endswith("\u201cmediastinum\u201d means the central part of the chest between the lungs.")
               for r in wrong)


@pytest.mark.parametrize("definition, vague", [
    ("a break through a bone that cancer weakened, often after only a minor injury", "injury"),
    ("the central part of the chest between the lungs", "central"),
    ("yellowing of the skin, a possible sign of liver disease", "possible"),
    ("spread of cancer to only a limited number of sites", "number"),
    ("fluid around the lung that contains malignant cells", "contains"),
    ("chemotherapy given into the fluid around the brain and spinal cord", "spinal"),
])
def test_definition_cloze_never_blanks_a_vague_or_giveaway_word(definition, vague):
    """A blank with a fair synonym (injury/trauma, central/middle) marks a right student wrong;
    a blank the grammar gives away ('a limited _____ of sites') teaches nothing."""
    deck = Deck(id="v", title="V", sources=SRC, topics=TOPICS, facts=(_term("x", "the thing", definition),))
    forward = [i for i in generate(deck, kinds=[ItemKind.CLOZE]) if i.card.endswith(":forward")]
    assert all(vague not in i.answers for i in forward)


def test_definition_cloze_blanks_only_what_a_list_of_answers_can_close():
    """Review 8: 'a thin space between their _____' (layers) refused 'membranes', the
    article's own word; review 12: 'the membranes lining the _____ and the chest
    wall' (lung) is anatomy anyone fills. A definition's blank is now a number or
    the author's marked gap (open); no other word is blanked."""
    deck = Deck(id="v", title="V", sources=SRC, topics=TOPICS, facts=(
        _term("bbb", "blood-brain barrier", "a tight network of capillaries that shields the brain from toxins"),
        _term("pl", "pleura", "the membranes that line the lungs, with a thin space between their layers"),
        Term(id="gap", topic="brain", sources=("acs",), term="steroid", definition="a drug that eases swelling",
             gap_text="a drug that eases {{swelling|edema::what?}}")))
    forward = {i.fact_ids[0]: i for i in generate(deck, kinds=[ItemKind.CLOZE]) if i.card.endswith(":forward")}
    assert "bbb" not in forward  # "capillaries", "brain"
    assert "pl" not in forward  # "lungs": a site, but filled from anatomy
    assert forward["gap"].open_answer


def test_a_mapping_blank_with_an_open_answer_is_left_to_the_matching_item():
    """Review 9: 'the treatment that goes with the purpose "treating the tumors
    themselves" is _____' keyed whole-brain radiation; surgery and radiosurgery
    treat them too. Sites (closed) are still asked."""
    deck = Deck(id="v", title="V", sources=SRC, topics=TOPICS, facts=(
        Mapping(id="tp", topic="brain", sources=("acs",), name="treating brain metastases", left="treatment",
                right="purpose", pairs=(("steroids", "reducing swelling"), ("radiation", "treating the tumors"))),
        Mapping(id="ss", topic="bone", sources=("acs",), name="typical symptoms", left="site", right="symptom",
                pairs=(("bone", "pain"), ("liver", "jaundice")))))
    cloze = [i for i in generate(deck, kinds=[ItemKind.CLOZE])]
    assert {i.fact_ids[0] for i in cloze} == {"ss"}
    assert {i.answers[0] for i in cloze if i.card.endswith(":reverse")} == {"bone", "liver"}
    # names (brand -> generic) have no other answer: asked, and graded both ways
    brands = Mapping(id="br", topic="bone", sources=("acs",), name="bone drugs", left="brand", right="generic",
                     names=True, pairs=(("Zometa", "zoledronic acid"), ("Xgeva", "denosumab")))
    named = [i for i in generate(replace(deck, facts=(brands,)), kinds=[ItemKind.CLOZE])]
    assert len(named) == 4 and all(i.open_answer for i in named)  # asked; "zoledronate" is judged


def test_a_matching_extra_never_comes_from_a_kin_left_item():
    """Review 11: 'treating the tumors themselves' (whole-brain radiation) was
    an unused option beside 'radiation therapy', which it fits as well."""
    bone = Mapping(id="bt", topic="bone", sources=("acs",), name="bone treatments", left="treatment",
                   right="purpose", pairs=(("radiation therapy", "easing pain"), ("surgery", "stabilizing a bone"),
                                           ("strontium-89", "treating widespread spots")))
    brain = Mapping(id="brt", topic="bone", sources=("acs",), name="brain treatments", left="treatment",
                    right="purpose", pairs=(("whole-brain radiation", "treating the tumors themselves"),
                                            ("steroids", "reducing brain swelling"),
                                            ("anticonvulsants", "preventing seizures")))
    deck = Deck(id="m", title="M", sources=SRC, topics=TOPICS, facts=(bone, brain))
    for seed in range(8):
        (item,) = [i for i in generate(deck, seed=seed, kinds=[ItemKind.MATCHING]) if i.fact_ids[0] == "bt"]
        assert "treating the tumors themselves" not in item.extra["right"]
        # review 14: an entry naming another site is ruled out at sight
        assert "reducing brain swelling" not in item.extra["right"]
        assert "preventing seizures" in item.extra["right"]


def test_open_blank_mismatch_is_judged_by_the_student_and_a_number_graded_wrong():
    from factdrill.study.grading import grade

    deck = Deck(id="v", title="V", sources=SRC, topics=TOPICS, facts=(
        Statement(id="aim", topic="brain", sources=("acs",),
                  text="The usual aim of treatment is {{control|disease control::what aim?}}."),
        Statement(id="site", topic="bone", sources=("acs",), text="It spreads most often to the {{bones}}."),
        Statement(id="n", topic="stats", sources=("acs",), text="It is stage {{4|IV}} disease.")))
    items = {i.fact_ids[0]: i for i in generate(deck, kinds=[ItemKind.CLOZE])}
    aim, site, n = items["aim"], items["site"], items["n"]
    # words are never closed (review 11: "osseous" for bone, "zoledronate"
    # for zoledronic acid); a number is
    assert aim.open_answer and aim.self_judged and site.open_answer and not n.open_answer
    assert grade(aim, "control").correct and grade(site, "bones").correct
    paraphrase = grade(aim, "keeping it in check")
    assert paraphrase.judge and not paraphrase.correct and "judge" in paraphrase.note
    assert grade(site, "osseous tissue").judge
    assert not grade(n, "3").judge and not grade(n, "3").correct


def test_term_mcq_never_offers_a_narrower_or_broader_term_as_wrong():
    """'Which term means a build-up of fluid between the pleura?' offered 'Malignant pleural
    effusion' as wrong, though a malignant effusion is such a build-up: two defensible answers."""
    deck = Deck(id="pe", title="PE", sources=SRC, topics=TOPICS, facts=(
        _term("pe", "pleural effusion", "a build-up of fluid between the layers of the pleura", topic="lung"),
        _term("mpe", "malignant pleural effusion", "fluid around the lung that holds cancer cells", topic="lung"),
        _term("med", "mediastinum", "the middle of the chest between the lungs", topic="lung"),
        _term("pd", "pleurodesis", "scarring the pleura together so fluid cannot collect", topic="lung"),
        _term("pl", "pleura", "the membranes lining the lungs and chest wall", topic="lung")))
    items = generate(deck, kinds=[ItemKind.MCQ])
    for item in items:
        texts = {o.text.casefold() for o in item.options}
        if item.fact_ids == ("pe",):
            assert "malignant pleural effusion" not in texts
            assert "fluid around the lung that holds cancer cells" not in texts
        if item.fact_ids == ("mpe",):
            assert "pleural effusion" not in texts
        # the others still make three distractors
        assert len(item.options) == 4
    # pleura's forward item loses pleurodesis, whose definition names the
    # pleura and so rules itself out: two rivals left, so it is skipped, not
    # asked with three options
    assert "pl:forward" not in {i.card for i in items} and "pl:reverse" in {i.card for i in items}


def test_term_mcq_treats_metastasis_and_metastases_as_one_word():
    """'Which term means tumours seeded beyond the breast...?' offered 'Metastasis' as wrong."""
    deck = Deck(id="m", title="M", sources=SRC, topics=TOPICS, facts=(
        _term("met", "metastasis", "the movement of cancer cells to another part of the body"),
        _term("dm", "distant metastases", "tumours seeded far from the breast"),
        _term("sbrt", "stereotactic body radiotherapy", "precise high-dose radiation"),
        _term("pd", "pleurodesis", "scarring the pleura together"),
        _term("jx", "jaundice", "yellow skin and eyes")))
    for item in generate(deck, kinds=[ItemKind.MCQ]):
        texts = {o.text.casefold() for o in item.options}
        if item.fact_ids == ("dm",):
            assert "metastasis" not in texts and "the movement of cancer cells to another part of the body" not in texts
        if item.fact_ids == ("met",):
            assert "distant metastases" not in texts


def test_term_mcq_prefers_distractors_of_the_same_kind():
    """Strontium 89 (a drug) was asked against spinal cord compression and pathologic fracture:
    eliminated at a glance. Terms sharing a kind tag ("treatment") come first."""
    from dataclasses import replace

    def tagged(fid, term, definition, tags, topic="bone"):
        return replace(_term(fid, term, definition, topic=topic), tags=tuple(tags))

    deck = Deck(id="k", title="K", sources=SRC, topics=TOPICS, facts=(
        tagged("sr", "strontium 89", "an injected radioactive drug for widespread bone metastases", ["treatment"]),
        tagged("scc", "spinal cord compression", "pressure on the spinal cord from bone metastases", ["emergency"]),
        tagged("pf", "pathologic fracture", "a break through a bone weakened by bone metastases", ["symptoms"]),
        tagged("sbrt", "stereotactic body radiotherapy", "precise high-dose radiation", ["treatment"], "lung"),
        tagged("pd", "pleurodesis", "scarring the pleura together", ["treatment"], "lung"),
        tagged("it", "intrathecal chemotherapy", "chemotherapy into the spinal fluid", ["treatment"], "brain")))
    for seed in range(5):
        items = generate(deck, seed=seed, kinds=[ItemKind.MCQ])
        reverse = next(i for i in items if i.fact_ids == ("sr",) and i.card.endswith(":reverse"))
        assert {o.text.casefold() for o in reverse.options if not o.correct} == {
            "stereotactic body radiotherapy", "pleurodesis", "intrathecal chemotherapy"}


def test_numeric_mcq_rationale_does_not_repeat_a_population_its_measure_names():
    """'the share of people with metastatic breast cancer whose cancer spreads to the brain
    (among people with metastatic breast cancer overall)' said the same thing twice."""
    deck = Deck(id="n", title="N", sources=SRC, topics=TOPICS, facts=(
        _stat("brain", "share of people with metastatic breast cancer whose cancer spreads to the brain", 10,
              high=15, population="people with metastatic breast cancer overall"),
        _stat("bone", "share of first distant metastases that were in bone", 41,
              population="women treated for early-stage breast cancer"),
        _stat("lung", "share of first distant metastases that were in the lungs", 22,
              population="adults in a national cancer registry"),
        _stat("ibc", "share of all breast cancers that are inflammatory", 1, high=5,
              population="all breast cancers")))
    rationales = [o.rationale for i in generate(deck, kinds=[ItemKind.NUMERIC_MCQ]) for o in i.options]
    assert not any("(among people with metastatic breast cancer overall)" in r for r in rationales)
    assert not any("(among all breast cancers)" in r for r in rationales)
    # a population the measure does not name is still given
    assert any("(among adults in a national cancer registry)" in r for r in rationales)


def test_first_place_mcq_reads_as_a_plain_question():
    """'Which ... comes first among the single organs ... (most common first)?' read like a form."""
    first = _one(ItemKind.MCQ, "first-site-order")
    assert first.prompt == "Which of the following is the most common of the first sites of distant spread?"
    odd = Ranking(id="stages", topic="stats", sources=("acs",), name="stages of spread",
                  items=("lymph nodes", "distant organs", "bone marrow", "the bloodstream"), order="earliest first")
    deck = Deck(id="r", title="R", sources=SRC, topics=TOPICS, facts=(odd,))
    item = next(i for i in generate(deck, kinds=[ItemKind.MCQ]))
    assert item.prompt == "Which of the following comes first among the stages of spread (earliest first)?"


def test_numeric_prompt_asks_for_a_number_when_the_question_counts_the_unit():
    """'up to how many metastases ...? Answer in metastases.' was not English."""
    deck = Deck(id="n", title="N", sources=SRC, topics=TOPICS, facts=(
        _stat("max", "largest number of metastases treated", 5, unit="metastases",
              question="Up to how many metastases were treated?"),
        _stat("yrs", "time to recurrence", 5, unit="years", question="After how long did it recur?")))
    prompts = {i.fact_ids[0]: i.prompt for i in generate(deck, kinds=[ItemKind.NUMERIC])}
    assert prompts["max"] == "Up to how many metastases were treated? Answer with a number."
    assert prompts["yrs"] == "After how long did it recur? Answer in years."


def test_mapping_rationale_names_the_column_of_the_key():
    """'Whole-brain radiation: the treatment of treating the metastases' was silly."""
    purposes = Mapping(id="brain-tx", topic="brain", sources=("acs",), name="brain treatments",
                       left="treatment", right="purpose",
                       pairs=(("steroids", "reducing brain swelling"), ("whole-brain radiation", "treating the metastases"),
                              ("memantine", "reducing cognitive problems"), ("levetiracetam", "preventing seizures")))
    deck = Deck(id="p", title="P", sources=SRC, topics=TOPICS, facts=(purposes,))
    item = next(i for i in generate(deck, kinds=[ItemKind.MCQ]) if i.extra.get("given") == "reducing brain swelling")
    rationales = {o.text: o.rationale for o in item.options}
    assert rationales["Steroids"] == "Steroids: the treatment for the purpose \u201creducing brain swelling\u201d."
    assert rationales["Whole-brain radiation"] == ("Whole-brain radiation: the treatment for the purpose "
                                                   "\u201ctreating the metastases\u201d, not \u201creducing brain swelling\u201d.")


def test_a_mapping_mcq_never_borrows_distractors_from_another_plane():
    # review 5 #14: a brain item ("which treatment matches 'reducing brain
    # swelling'?") offered surgery and strontium 89 from the bone mapping,
    # with bone rationales
    brain = Mapping(id="brain-tx", topic="brain", sources=("acs",), name="treating brain metastases",
                    left="treatment", right="purpose",
                    pairs=(("steroids", "reducing brain swelling"), ("whole-brain radiation", "treating the tumors"),
                           ("anti-seizure drugs", "controlling seizures")))
    bone = Mapping(id="bone-tx", topic="bone", sources=("acs",), name="treating bone metastases",
                   left="treatment", right="purpose",
                   pairs=(("surgery", "stabilizing a broken bone"), ("strontium 89", "widespread bone spread"),
                          ("radiation therapy", "rapid pain relief")))
    deck = Deck(id="planes", title="Planes", sources=SRC, topics=TOPICS, facts=(brain, bone))
    for item in _items(deck):
        if item.kind is ItemKind.MCQ:
            own = brain if item.fact_ids[0] == "brain-tx" else bone
            values = {v for pair in own.pairs for v in pair}
            assert {o.text.casefold() for o in item.options} <= {v.casefold() for v in values}, item.prompt


def test_a_mapping_side_naming_a_site_of_spread_accepts_the_organ_alone():
    # review 5 #32: "the liver" was rejected for "liver metastases", the side
    # of a treatment -> condition mapping
    from factdrill.study.grading import grade

    tx = Mapping(id="tx", topic="liver", sources=("acs",), name="treatments aimed at one site",
                 left="treatment", right="condition", reverse=False,
                 pairs=(("radioembolization", "liver metastases"), ("strontium 89", "widespread bone metastases"),
                        ("surgery", "distant metastases")))
    deck = Deck(id="organ", title="Organ", sources=SRC, topics=TOPICS, facts=(tx,))
    typed = {i.extra["given"]: i for i in _items(deck) if i.kind is ItemKind.CLOZE}
    flash = {i.extra["given"]: i for i in _items(deck) if i.kind is ItemKind.FLASHCARD}
    for item in (typed["radioembolization"], flash["radioembolization"]):
        assert grade(item, "the liver").correct and grade(item, "liver").correct
        assert not grade(item, "the lung").correct
    # a side that says more than the site keeps it: "distant" is not a site
    assert not grade(flash["surgery"], "distant").correct
    assert not grade(flash["strontium 89"], "widespread bone").correct


def test_a_long_mapping_side_ending_in_metastases_is_not_cut_into_a_site():
    # review 6 #18: "easing pain and lowering the chance of further skeletal"
    # was listed as an accepted answer, the side cut before its last word
    tx = Mapping(id="tx", topic="bone", sources=("acs",), name="treating bone metastases",
                 left="treatment", right="purpose", reverse=False,
                 pairs=(("bone-modifying drugs", "easing pain and lowering the chance of further skeletal metastases"),
                        ("radiation", "relief of pain at one site"), ("surgery", "further bone metastases")))
    deck = Deck(id="cut", title="Cut", sources=SRC, topics=TOPICS, facts=(tx,))
    for item in _items(deck):
        if item.kind in (ItemKind.FLASHCARD, ItemKind.CLOZE):
            assert not any(a.casefold().endswith(("skeletal", "further bone")) for a in item.answers), item.answers


def _cterm(fid, term, definition, topic, category="complication"):
    return Term(id=fid, topic=topic, sources=("acs",), term=term, definition=definition, category=category)


def test_a_compound_term_takes_definition_distractors_from_its_own_topic_only():
    # review 6 #3/#36: "pleural effusion" was asked among a bone fracture, a
    # cord compression and jaundice, so "pleural" alone found the key
    terms = (
        _cterm("pe", "pleural effusion", "a build-up of fluid between the membranes that line the lungs", "lung"),
        _cterm("pf", "pathologic fracture", "a break through a bone that disease has weakened", "bone"),
        _cterm("scc", "spinal cord compression", "pressure on the nerves inside the backbone from a tumor", "bone"),
        _cterm("jd", "jaundice", "yellowing of the skin and of the whites of the eyes", "liver"),
        _cterm("pt", "pneumothorax", "air that has leaked into the space around a lung", "lung"),
        _cterm("lm", "lymphangitic spread", "cancer spreading through the lymph vessels of the lungs", "lung"),
        _cterm("at", "atelectasis", "collapse of part of a lung so that it holds no air", "lung"),
    )
    deck = Deck(id="fam", title="Family", sources=SRC, topics=TOPICS, facts=terms)
    items, skips = generate_report(deck, kinds=[ItemKind.MCQ])
    by_fact = {i.fact_ids[0]: i for i in items if i.card.endswith(":forward")}
    pe = by_fact["pe"]
    assert {o.fact_id for o in pe.options if not o.correct} == {"pt", "lm", "at"}
    # what the option is and what the asked term means instead
    assert any("pneumothorax" in o.rationale and "pleural effusion\u201d means a build-up" in o.rationale
               for o in pe.options)
    # a bone compound with one bone sibling is skipped, not mixed with other organs
    assert "pf" not in by_fact
    assert any(s.fact_id == "pf" for s in skips)
    # a one-word name is the thing asked: same-category terms of any organ stay fair
    assert "jd" in by_fact


def test_a_term_sharing_the_qualifier_of_the_asked_one_is_no_distractor():
    # review 6 #22: "distant recurrence" described a case of "distant
    # metastases", a true but narrower answer
    terms = tuple(_cterm(f, t, d, "brain", "spread") for f, t, d in (
        ("dm", "distant metastases", "tumors seeded beyond the breast and its nearby nodes"),
        ("dr", "distant recurrence", "cancer coming back after treatment far from the breast"),
        ("lr", "local recurrence", "cancer returning where the first tumor was"),
        ("rr", "regional recurrence", "cancer coming back in a lymph node near the breast"),
    ))
    deck = Deck(id="ovl", title="Overlap", sources=SRC, topics=TOPICS, facts=terms)
    for item in generate(deck, kinds=[ItemKind.MCQ]):
        if item.fact_ids[0] in ("dm", "dr"):
            assert {o.fact_id for o in item.options} & {"dm", "dr"} == {item.fact_ids[0]}, item.prompt
