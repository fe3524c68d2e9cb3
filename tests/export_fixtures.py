"""A small hand-built deck and items of every kind, for the exporter tests.

Built from the facts/items dataclasses directly so the exporter tests do not
depend on the loader or the generators.
"""

from __future__ import annotations

from dataclasses import replace

from factdrill.deck.facts import Deck, Source, Statement, Term, Topic
from factdrill.generators.items import Item, ItemKind, Option, card_id, item_id

DECK_ID = "demo-deck"
NASTY = "<script>alert(1)</script> & \"q\" 'a' ]]>"


def make_deck(nasty: str = "", statement: str | None = None) -> Deck:
    """A deck with two topics, one term and one statement fact with two gaps."""
    text = statement or (
        "Breast cancer in bone is made of {{breast::tissue}} cells and is "
        "treated as {{metastatic}} breast cancer." + nasty
    )
    return Deck(
        id=DECK_ID,
        title="Demo deck" + nasty,
        description="A deck for tests." + nasty,
        sources={
            "berman2013": Source(
                key="berman2013",
                title="Incidence and patterns of distant metastases" + nasty,
                authors="Berman AT",
                journal="Clin Breast Cancer",
                year=2013,
                doi="10.1016/j.clbc.2012.11.001",
            )
        },
        topics=(Topic(id="bone", title="Bone metastases" + nasty), Topic(id="brain", title="Brain")),
        facts=(
            Term(id="lepto", topic="brain", sources=("berman2013",), term="leptomeningeal metastases",
                 definition="cancer cells in the cerebrospinal fluid"),
            Statement(id="still-breast", topic="bone", sources=("berman2013",), text=text,
                      false_variants=("It turns into bone cancer.",)),
        ),
    )


def _item(kind: ItemKind, fact: str, topic: str, prompt: str, answers: tuple[str, ...],
          side: str = "main", variant: int | str = 0, nasty: str = "", **kw) -> Item:
    return Item(
        id=item_id(DECK_ID, fact, kind, variant),
        kind=kind,
        card=card_id(fact, side),
        deck=DECK_ID,
        prompt=prompt + nasty,
        answers=tuple(a + nasty for a in answers),
        explanation="Because it is so." + nasty,
        fact_ids=(fact,),
        sources=("berman2013",),
        topic=topic,
        tags=("bone mets", "symptoms"),
        nclex="physiological-adaptation",
        **kw,
    )


def make_items(nasty: str = "") -> list[Item]:
    """One or more items of every kind."""
    n = nasty
    opts = (
        Option(text="bone" + n, correct=True, rationale="most common first site" + n),
        Option(text="lung" + n, correct=False, rationale="second" + n),
        Option(text="liver" + n, correct=False, rationale="third" + n),
    )
    sata_opts = (
        Option(text="pain" + n, correct=True, rationale="a sign" + n),
        Option(text="fracture" + n, correct=True, rationale="a sign" + n),
        Option(text="rash" + n, correct=False, rationale="not a sign" + n),
    )
    return [
        _item(ItemKind.FLASHCARD, "lepto", "brain", "What are leptomeningeal metastases?",
              ("cancer cells in the cerebrospinal fluid",), side="forward", nasty=n),
        _item(ItemKind.FLASHCARD, "lepto", "brain", "Which term means: cancer cells in the CSF?",
              ("leptomeningeal metastases", "carcinomatous meningitis"), side="reverse",
              variant="reverse", nasty=n),
        _item(ItemKind.CLOZE, "still-breast", "bone", "Breast cancer in bone is made of [tissue] cells",
              ("breast",), variant=0, nasty=n, extra={"hint": "tissue"}),
        _item(ItemKind.CLOZE, "still-breast", "bone", "... treated as _____ breast cancer.",
              ("metastatic",), variant=1, nasty=n),
        _item(ItemKind.MCQ, "first-site", "bone", "Which site is the most common first site?",
              ("bone",), nasty=n, options=opts),
        _item(ItemKind.SCENARIO, "first-site", "bone", "A client reports back pain. Which site?",
              ("bone",), nasty=n, options=opts),
        _item(ItemKind.SATA, "bone-signs", "bone", "Which are signs of bone metastases? Select all that apply.",
              ("pain", "fracture"), nasty=n, options=sata_opts),
        _item(ItemKind.TRUE_FALSE, "still-breast", "bone", "Breast cancer in bone becomes bone cancer.",
              ("False",), nasty=n,
              options=(Option(text="True", correct=False, rationale="no"),
                       Option(text="False", correct=True, rationale="yes"))),
        _item(ItemKind.NUMERIC, "first-site-bone", "bone", "What share of first metastases were in bone?",
              ("41%",), nasty=n, extra={"value": 41, "tolerance": 2, "unit": "%"}),
        _item(ItemKind.NUMERIC_MCQ, "first-site-bone", "bone", "What share were in bone?",
              ("41%",), nasty=n, options=(Option(text="41%", correct=True, rationale="yes"),
                                         Option(text="14%", correct=False, rationale="no"))),
        _item(ItemKind.ORDERING, "site-order", "bone", "Order the first sites, most common first.",
              ("bone", "lung", "liver"), nasty=n),
        _item(ItemKind.MATCHING, "drug-brands", "bone", "Match brand to generic.",
              ("zoledronic acid", "denosumab"), nasty=n, extra={"left": ["Zometa", "Xgeva"]}),
    ]


def edit_item(items: list[Item], kind: ItemKind, **changes) -> list[Item]:
    """The items with the first of ``kind`` changed."""
    out, done = [], False
    for it in items:
        if not done and it.kind is kind:
            it, done = replace(it, **changes), True
        out.append(it)
    return out


def term_cloze_items(nasty: str = "") -> list[Item]:
    """A term's two cloze items, as the generators write them: same sentence,
    the definition's key word blanked on the forward side, the term on the reverse."""
    return [
        _item(ItemKind.CLOZE, "lepto", "brain",
              f"The term leptomeningeal metastases{nasty} means cancer cells in the _____ fluid.",
              ("cerebrospinal",), side="forward", variant="definition", extra={"hint": None}),
        _item(ItemKind.CLOZE, "lepto", "brain",
              "The term _____ means cancer cells in the cerebrospinal fluid.",
              (f"leptomeningeal metastases{nasty}", "carcinomatous meningitis"), side="reverse",
              variant="term", extra={"hint": None}),
        _item(ItemKind.CLOZE, "drug-brands", "bone", "The brand name Zometa matches the generic name _____.",
              ("zoledronic acid",), side="forward", variant="forward:zometa", extra={"hint": None}),
        _item(ItemKind.CLOZE, "drug-brands", "bone",
              "The generic name zoledronic acid matches the brand name _____.",
              ("Zometa",), side="reverse", variant="reverse:zoledronic acid", extra={"hint": None}),
    ]
