"""Review 13's findings, each fixed as a class (docs/reviews/review-13.md)."""

from __future__ import annotations

from pathlib import Path

from factdrill.deck.facts import Deck, Source, Statement, Topic
from factdrill.generators import generate
from factdrill.generators.items import ItemKind

FLAGSHIP = Path(__file__).resolve().parent.parent / "decks" / "breast-cancer-metastasis"


def _deck(*sources: str) -> Deck:
    srcs = {"study": Source(key="study", title="A cohort study"),
            "thesaurus": Source(key="thesaurus", title="Ablation: synonyms", wording=True)}
    fact = Statement(id="s", topic="t", sources=sources, text="Few metastases may be {{eradicated|ablated}}.",
                     false_variants=("Few metastases are never treated.",))
    return Deck(id="d", title="D", sources=srcs, topics=(Topic(id="t", title="T"),), facts=(fact,))


def test_a_source_that_backs_only_a_wording_is_not_printed_as_evidence():
    """#32: a thesaurus, cited for a cloze's accepted synonyms, was printed under
    a clinical true/false as its source."""
    items = generate(_deck("study", "thesaurus"))
    assert items and all(i.sources == ("study",) for i in items)
    # a fact resting on nothing else keeps it (an item never shows no source)
    assert all(i.sources == ("thesaurus",) for i in generate(_deck("thesaurus")))


def test_the_flagship_reads_wording_sources_and_prints_none_of_them():
    from factdrill.deck.loader import load_deck

    deck = load_deck(FLAGSHIP)
    wording = {k for k, s in deck.sources.items() if s.wording}
    assert {"thesaurus-ablation", "adam-liver-metastases", "nutshell-hepatic-metastasis"} <= wording
    items = generate(deck, seed=13)
    shown = {k for i in items for k in i.sources}
    assert not shown & wording
    # the strontium pair shows the article, not the liver pages beside it
    pair = [i for i in items if i.kind is ItemKind.CLOZE and "strontium 89" in i.prompt
            and i.fact_ids == ("site-specific-treatments",)]
    assert pair and all(i.sources == ("article",) for i in pair)
