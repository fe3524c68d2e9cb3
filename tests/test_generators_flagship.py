"""The generators on the flagship deck (decks/breast-cancer-metastasis): one
example per item kind, checked against the source article, plus the coverage
the issue asks for (several hundred items, every kind, two kinds per fact)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from factdrill.deck.facts import Statistic, Term
from factdrill.generators import generate_report
from factdrill.generators.items import ItemKind

DECK_DIR = Path(__file__).resolve().parent.parent / "decks" / "breast-cancer-metastasis"


@pytest.fixture(scope="module")
def flagship():
    from factdrill.deck.loader import load_deck

    deck = load_deck(DECK_DIR)
    items, skips = generate_report(deck, seed=0)
    return deck, items, skips


def _of(items, kind, fact_id):
    found = [i for i in items if i.kind is kind and i.fact_ids[0] == fact_id]
    assert found, f"no {kind.value} item for {fact_id}"
    return found


def test_coverage_several_hundred_items_all_kinds_two_kinds_per_fact(flagship):
    deck, items, _ = flagship
    kinds = Counter(i.kind for i in items)
    assert len(items) >= 300
    assert set(kinds) == set(ItemKind), f"missing kinds: {set(ItemKind) - set(kinds)}"
    per_fact: dict[str, set] = {}
    for i in items:
        per_fact.setdefault(i.fact_ids[0], set()).add(i.kind)
    # A precise study figure is recognised among wrong values only (typing
    # 22.4% from memory is trivia, not knowledge); any other fact with one
    # kind must say why in a skip, which `check` shows its author.
    skipped = {s.fact_id for s in flagship[2]}
    thin = [f.id for f in deck.facts if len(per_fact.get(f.id, ())) < 2
            and f.id not in skipped and not (isinstance(f, Statistic) and not f.worth_recalling)]
    assert not thin, f"facts with fewer than two item kinds and no reason given: {thin}"
    recognised = [f for f in deck.facts if isinstance(f, Statistic) and not f.worth_recalling]
    assert recognised and all(per_fact[f.id] == {ItemKind.NUMERIC_MCQ} for f in recognised)


def test_every_item_cites_its_facts_sources(flagship):
    deck, items, _ = flagship
    from factdrill.deck.facts import Situation

    for item in items:
        fact = deck.fact(item.fact_ids[0])
        if isinstance(fact, Situation):  # the claims it uses, also other situations'
            assert item.sources and set(item.sources) & set(fact.all_sources())
        else:  # all but the sources that back only a wording (review 13)
            assert item.sources == tuple(k for k in fact.sources if not deck.sources[k].wording)
        assert set(item.sources) <= set(deck.sources)
        assert item.topic == fact.topic and item.explanation


def test_numeric_first_site_bone_is_41_percent_in_the_2013_study(flagship):
    _, items, _ = flagship
    # a single study's result is recognised, not typed from memory
    assert not [i for i in items if i.kind is ItemKind.NUMERIC and i.fact_ids[0] == "first-site-bone"]
    typed = _of(items, ItemKind.NUMERIC, "bone-share-of-metastatic")[0]
    assert typed.answers == ("70%",) and typed.prompt.endswith("Answer in percent.")
    assert typed.extra["tolerance"] == 5.0
    mc = _of(items, ItemKind.NUMERIC_MCQ, "first-site-bone")[0]
    assert mc.answers == ("41%",) and "2013" in mc.prompt
    for o in mc.options:
        assert 0 <= float(o.text.rstrip("%")) <= 100
        if not o.correct:
            assert o.text != "41%" and o.rationale


def test_sata_on_liver_symptoms(flagship):
    deck, items, _ = flagship
    liver = deck.fact("liver-symptoms")
    for item in _of(items, ItemKind.SATA, "liver-symptoms"):
        assert item.prompt.endswith("Select all that apply.")
        assert 5 <= len(item.options) <= 6 and len(item.answers) >= 2
        members = {m.casefold() for m in liver.members}
        assert {a.casefold() for a in item.answers} <= members
        assert not {o.text.casefold() for o in item.options if not o.correct} & members


def test_scenario_points_to_brain_metastases(flagship):
    _, items, _ = flagship
    for item in _of(items, ItemKind.SCENARIO, "brain-symptoms"):
        assert item.prompt.startswith("A client with metastatic breast cancer presents with ")
        assert item.prompt.endswith(". Which site of spread does the nurse suspect?")
        assert item.answers == ("Brain metastases",)
        assert len(item.options) == 4


def test_matching_ordering_and_cloze_examples(flagship):
    _, items, _ = flagship
    order = _of(items, ItemKind.ORDERING, "first-site-order")[0]
    assert [a.casefold() for a in order.answers][:2] in (["bone", "lung"], ["bones", "lungs"])
    match = _of(items, ItemKind.MATCHING, "bone-treatment-purposes")[0]
    assert len(match.extra["left"]) == len(match.answers) >= 3 and len(match.extra["right"]) > len(match.answers)
    cloze = _of(items, ItemKind.CLOZE, "still-breast-cancer")[0]
    assert "breast" in cloze.answers


def test_term_items_never_offer_an_alias_as_wrong(flagship):
    deck, items, _ = flagship
    lepto = deck.fact("leptomeningeal-metastases")
    # (the compound term has no MCQ since review 6: no other spread term of
    # its own topic to offer beside it; every term MCQ is checked instead)
    for item in items:
        fact = deck.fact(item.fact_ids[0])
        if item.kind is ItemKind.MCQ and isinstance(fact, Term):
            names = {n.casefold() for n in (fact.term, *fact.aliases)}
            assert not names & {o.text.casefold() for o in item.options if not o.correct}, item.id
    flash = _of(items, ItemKind.FLASHCARD, "leptomeningeal-metastases")
    assert {i.card for i in flash} == {"leptomeningeal-metastases:forward", "leptomeningeal-metastases:reverse"}


def test_true_false_on_a_misconception(flagship):
    _, items, _ = flagship
    tf = _of(items, ItemKind.TRUE_FALSE, "still-breast-cancer")
    false = [i for i in tf if not i.extra["truth"]]
    assert false and all(i.answers == ("False",) for i in false)
    assert all("In fact:" in i.options[1].rationale for i in false)


def test_skips_are_explained(flagship):
    _, _, skips = flagship
    for skip in skips:
        assert skip.reason and len(skip.reason) < 200
    assert len(skips) == len(set(skips))


def test_items_json_is_byte_identical_per_seed_through_the_cli(tmp_path, monkeypatch):
    """`factdrill items --json` on the flagship deck: same seed, same bytes;
    another seed, same ids but other option orders."""
    from click.testing import CliRunner

    from factdrill.cli import cli

    monkeypatch.setenv("FACTDRILL_HOME", str(tmp_path))
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))  # generate afresh, not from a cache
    runner = CliRunner()
    runs = [runner.invoke(cli, ["items", str(DECK_DIR), "--json", "--seed", seed]) for seed in ("3", "3", "4")]
    assert all(r.exit_code == 0 for r in runs), runs[0].output
    assert runs[0].output == runs[1].output and runs[0].output.count("\n") >= 300
    import json

    a = [json.loads(line) for line in runs[0].output.splitlines()]
    c = [json.loads(line) for line in runs[2].output.splitlines()]
    assert [x["id"] for x in a] == [x["id"] for x in c]
    assert any(x["options"] != y["options"] for x, y in zip(a, c))


def test_flagship_false_variants_make_one_claim(flagship):
    # review 6 #12: "treated by removing them with surgery, and radiation
    # therapy is avoided ..." was false by either half, so a student could
    # not tell which misconception the item tested. A second clause after
    # ", and" may only spell out the one claim's consequence ("and ... then").
    deck, _, _ = flagship
    for fact in deck.facts:
        for variant in getattr(fact, "false_variants", ()):
            text = " ".join(variant.split())
            for m in re.finditer(r", and ", text):
                assert " then " in text[m.end():m.end() + 40], f"{fact.id}: {text}"
