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
    pair = [i for i in items if i.kind is ItemKind.CLOZE and "strontium 89" in i.prompt.casefold()
            and i.fact_ids == ("site-specific-treatments",)]
    assert pair and all(i.sources == ("article",) for i in pair)


# -- review 14 -------------------------------------------------------------------


def test_an_answer_that_says_the_word_the_sentence_negates_is_not_graded_right():
    """#29: 'CT and PET scans are noninvasive ... without the need for _____'
    accepted 'invasive procedures', filled by reading."""
    fact = Statement(id="s", topic="t", sources=("study",),
                     text="Scans are noninvasive: they spare the need for "
                          "{{surgery|an operation|invasive procedures::what?}}.",
                     false_variants=("Scans need surgery.",))
    deck = Deck(id="d", title="D", sources={"study": Source(key="study", title="S")},
                topics=(Topic(id="t", title="T"),), facts=(fact,))
    (cloze,) = generate(deck, kinds=[ItemKind.CLOZE])
    assert cloze.answers == ("surgery", "an operation")


def test_a_term_gap_the_term_itself_spells_is_not_asked():
    """#15: 'spinal cord compression means pressure ... from a tumor in the
    [which bones?]' was answered 'spine' from the term's own word."""
    from factdrill.deck.facts import Term

    term = Term(id="scc", topic="t", sources=("study",), term="spinal cord compression",
                definition="pressure on the cord from a tumor in the spine",
                gap_text="pressure on the cord from a tumor in the {{spine|vertebrae::which bones?}}")
    deck = Deck(id="d", title="D", sources={"study": Source(key="study", title="S")},
                topics=(Topic(id="t", title="T"),), facts=(term,))
    assert not [i for i in generate(deck, kinds=[ItemKind.CLOZE]) if i.card.endswith(":forward")]


def test_a_reason_for_a_conditional_action_reads_as_a_sentence():
    """#35: 'This is the reason to if she feels sick, offer ...'."""
    from factdrill.generators.phrasing import to_do

    assert to_do("if she feels sick, offer small meals") == "to offer small meals if she feels sick"
    assert to_do("draw blood for calcium") == "to draw blood for calcium"
    from factdrill.deck.loader import load_deck

    items = generate(load_deck(FLAGSHIP), seed=14)
    texts = [r for i in items for b in i.extra.get("blanks", ()) for r in b["rationales"]]
    texts += [o.rationale for i in items for o in i.options]
    assert texts and not [t for t in texts if "reason to if " in t or "reason to when " in t]


def test_a_matching_leftover_is_the_decks_own_decoy_never_another_sites_entry():
    """#5: 'reducing brain swelling' was the unused entry among bone treatments,
    ruled out at sight; the mapping's own decoy fits none of its treatments."""
    from factdrill.deck.loader import load_deck

    (match,) = [i for i in generate(load_deck(FLAGSHIP), seed=14, kinds=[ItemKind.MATCHING])
                if i.fact_ids == ("bone-treatment-purposes",)]
    unused = set(match.extra["right"]) - set(match.answers)
    assert unused == {"curing the cancer in the bone"}


def test_a_mapping_with_more_decoys_than_fit_offers_two_and_does_not_fail():
    from factdrill.deck.facts import Mapping

    m = Mapping(id="m", topic="t", sources=("study",), name="bone treatments", left="treatment", right="purpose",
                pairs=(("radiation", "rapid relief"), ("surgery", "stabilizing"), ("drugs", "fewer fractures")),
                decoys=("curing it", "removing every tumor", "preventing all spread"))
    deck = Deck(id="d", title="D", sources={"study": Source(key="study", title="S")},
                topics=(Topic(id="t", title="T"),), facts=(m,))
    (match,) = generate(deck, kinds=[ItemKind.MATCHING])
    assert set(match.extra["right"]) - set(match.answers) == {"curing it", "removing every tumor"}
