"""Review 16's findings, each fixed as a class (docs/reviews/review-16.md)."""

from __future__ import annotations

from pathlib import Path

from factdrill.deck.facts import Deck, FactSet, Source, SynonymGroup, Topic
from factdrill.generators import generate
from factdrill.generators.items import ItemKind
from factdrill.study.grading import grade
from factdrill.study.render import render_answer


def _list_card():
    fact = FactSet(id="liver", topic="t", sources=("s",), name="possible symptoms of liver metastases",
                   members=("abdominal pain", "nausea", "itching", "jaundice"), complete=False)
    deck = Deck(id="d", title="D", sources={"s": Source(key="s", title="S")}, topics=(Topic(id="t", title="T"),),
                facts=(fact,), synonyms=(SynonymGroup(("itching", "pruritus")), SynonymGroup(("jaundice", "icterus"))))
    return next(i for i in generate(deck) if i.kind is ItemKind.FLASHCARD)


def test_a_list_cards_back_is_not_followed_by_its_synonym_permutations():
    """#16: "Also accepted: For example: ... itching or icterus; For example: ...
    pruritus or jaundice; ..." printed the glossary's rewordings of the whole
    back as three near-duplicate backs."""
    card = _list_card()
    text = render_answer(card, None)
    assert "Answer: For example: abdominal pain, nausea, itching or jaundice" in text
    assert "Also accepted" not in text and "pruritus" not in text
    # the synonyms still count, member by member
    assert grade(card, "pruritus and icterus").correct
    assert not grade(card, "headache and seizures").correct


MAPPING = """\
id: d
title: D
sources:
  s: {title: S}
topics: [{id: t, title: T}]
facts:
  - id: m
    kind: mapping
    topic: t
    sources: [s]
    name: treatments aimed at one site of spread
    left: treatment
    right: condition
    link: is used for
    reverse: false
    pairs:
      strontium 89: bone metastases
      radioembolization: liver metastases
      pleurodesis: pleural effusion
      intrathecal chemotherapy: leptomeningeal metastases
"""


def test_a_mapping_with_a_link_asks_its_pairs_as_sentences(tmp_path):
    """#21: "Treatments aimed at one site of spread: the condition that goes with
    the treatment "strontium 89" is ___" read the template aloud; with the
    mapping's `link` it reads "Strontium 89 is used for ___."."""
    from factdrill.deck.loader import load_deck

    (tmp_path / "d.yaml").write_text(MAPPING)
    items = generate(load_deck(tmp_path / "d.yaml"), seed=3)
    prompts = {i.kind: i.prompt for i in items if "strontium" in i.prompt.casefold()}
    flagship = generate(load_deck(Path(__file__).resolve().parent.parent / "decks" / "breast-cancer-metastasis"))
    prompts[ItemKind.CLOZE] = next(i.prompt for i in flagship
                                   if i.kind is ItemKind.CLOZE and i.prompt.startswith("Strontium"))
    assert prompts[ItemKind.CLOZE] == "Strontium 89 is used in metastatic breast cancer for _____."
    assert prompts[ItemKind.FLASHCARD] == "Strontium 89 is used for what condition?"
    assert prompts[ItemKind.MCQ] == "Strontium 89 is used for which condition?"
    assert not any("goes with" in p or "matches" in p for p in prompts.values())


def test_a_definition_card_shows_its_back_not_the_glossarys_rewordings_of_it():
    """The same class as #16 on a term's card: "Yellowing of ... the whites of the
    eyes ...; Yellowing of ... the sclera ...; ... mets ..." were printed as
    also accepted; a typed rewording still matches."""
    from factdrill.deck.facts import Term

    fact = Term(id="j", topic="t", sources=("s",), term="jaundice",
                definition="yellowing of the whites of the eyes, a sign of liver metastases")
    deck = Deck(id="d", title="D", sources={"s": Source(key="s", title="S")}, topics=(Topic(id="t", title="T"),),
                facts=(fact,), synonyms=(SynonymGroup(("whites of the eyes", "sclera")),
                                         SynonymGroup(("metastases", "mets"))))
    card = next(i for i in generate(deck) if i.kind is ItemKind.FLASHCARD and i.prompt == "Jaundice")
    assert len(card.answers) > 1 and card.also_accepted == ()
    assert "Also accepted" not in render_answer(card, None)
    assert grade(card, "yellowing of the sclera, a sign of liver mets").correct


def test_a_findings_grid_never_keys_a_finding_its_own_situation_sends_elsewhere():
    """ngn8's note on the brain grid: "extreme tiredness and weakness" was keyed
    to hypercalcemia alone, though the hypercalcemia situation's own look-alike
    says tiredness with a normal calcium is the advanced cancer itself (and the
    client is now charted on chemotherapy)."""
    from factdrill.deck.loader import load_deck
    from factdrill.generators.wording import content_stems

    deck = load_deck(Path(__file__).resolve().parent.parent / "decks" / "breast-cancer-metastasis")
    sits = {f.id: f for f in deck.facts}
    grids = [i for i in generate(deck, seed=5) if i.kind is ItemKind.MATRIX_MR]
    assert grids
    for grid in grids:
        columns = [sits[c] for c in grid.extra["column_facts"]]
        for row, keyed in zip(grid.extra["rows"], grid.extra["row_keys"]):
            yes = {columns[k].condition.casefold() for k in keyed}
            elsewhere = [a.text for k in keyed for a in columns[k].look_alikes
                         if content_stems(row) & content_stems(a.text) and (a.points_to or "").casefold() not in yes]
            assert not elsewhere, (grid.id, row, elsewhere)
