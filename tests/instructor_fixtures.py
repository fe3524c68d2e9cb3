"""Hand-built decks and items for the instructor tests (exam, sheet, LMS exports).

They follow the Item contract of factdrill.generators.items and use deck text full of
characters that break careless writers: HTML (<script>, &, quotes), CDATA
ends (]]>), GIFT specials (~ = # { } :), Markdown (* _ `), LaTeX ($) and ->.
"""

from __future__ import annotations

from factdrill.deck.facts import Deck, FactSet, Location, Source, Statement, Statistic, Term, Topic
from factdrill.generators.items import Item, ItemKind, Option, card_id, item_id

NASTY = 'A <script>alert("x")</script> & ]]> ~ = # { } : \\ * _ `code` $x$ -> it\'s 50% "quoted"'

DECK_ID = "test-deck"


def make_deck(extra_facts=()) -> Deck:
    loc = Location("decks/test-deck.yaml", 10, 5)
    facts = (
        Term(id="t1", topic="bone", sources=("s1",), term="hypercalcemia", definition="too much calcium in the blood",
             explanation="Bone breakdown releases calcium.", loc=loc),
        Statistic(id="st1", topic="stats", sources=("s1",), measure="share of first distant metastases in bone",
                  value=41, unit="%", tolerance=2, population="women after lumpectomy", study="2013 cohort study",
                  explanation="Bone was the most common first site at 41%.", loc=Location("decks/test-deck.yaml", 20, 5)),
        FactSet(id="set1", topic="liver", sources=("s2",), name="symptoms of liver metastases",
                members=("jaundice", "itching", "abdominal pain"), explanation=NASTY,
                loc=Location("decks/test-deck.yaml", 30, 5)),
        Statement(id="stm1", topic="brain", sources=("s2", "s1"), text=NASTY + " {{brain}}",
                  false_variants=("Nothing.",), loc=Location("decks/test-deck.yaml", 40, 5)),
    ) + tuple(extra_facts)
    return Deck(
        id=DECK_ID,
        title='Test deck <b>& "co"</b>',
        description="A deck for tests.",
        version="1.0",
        sources={
            "s1": Source(key="s1", title="Incidence & patterns <i>of</i> metastases", authors="Berman AT",
                         journal="Clin Breast Cancer", year=2013, doi="10.1016/j.clbc.2012.11.001"),
            "s2": Source(key="s2", title="Where breast cancer spreads", publisher="Verywell", year=2023,
                         url="https://example.org/a?b=1&c=2"),
        },
        topics=(Topic(id="bone", title="Bone & joints"), Topic(id="liver", title="Liver"),
                Topic(id="brain", title="Brain"), Topic(id="stats", title="Statistics")),
        facts=facts,
        path="decks/test-deck.yaml",
    )


def _item(kind, fact, topic, prompt, answers, options=(), extra=None, variant=0, explanation=None,
          sources=("s1",)) -> Item:
    return Item(
        id=item_id(DECK_ID, fact, kind, variant),
        kind=kind,
        card=card_id(fact),
        deck=DECK_ID,
        prompt=prompt,
        answers=tuple(answers),
        explanation=explanation if explanation is not None else f"Because {fact}: {NASTY}",
        fact_ids=(fact,),
        sources=sources,
        topic=topic,
        options=tuple(options),
        extra=extra or {},
    )


def opt(text, correct, why=""):
    return Option(text=text, correct=correct, rationale=why or (f"{text} is right" if correct else f"{text} is wrong"))


def make_items() -> list[Item]:
    """One item of every kind, several with nasty text."""
    return [
        _item(ItemKind.MCQ, "f-mcq", "bone", "Which site is the most common first site? " + NASTY, ["bone"],
              [opt("lung", False), opt("bone", True, "Bone: 41% <b>"), opt("liver", False), opt("brain {x}", False)]),
        _item(ItemKind.SATA, "f-sata", "liver", "Which are symptoms of liver metastases? Select all that apply.",
              ["jaundice", "itching", "abdominal pain"],
              [opt("jaundice", True), opt("seizures", False), opt("itching", True), opt("cough ~ = #", False),
               opt("abdominal pain", True), opt("headache", False)]),
        _item(ItemKind.TRUE_FALSE, "f-tf", "brain", "Breast cancer in the bone is bone cancer.", ["False"],
              [opt("True", False, "It is still breast cancer."), opt("False", True, "Right: still breast cancer.")]),
        _item(ItemKind.NUMERIC, "f-num", "stats", "In the 2013 study, what share of first metastases were in bone (%)?",
              ["41"], extra={"value": 41, "high": None, "unit": "%", "tolerance": 2}),
        _item(ItemKind.NUMERIC, "f-num-range", "stats", "What share of metastatic breast cancer spreads to the brain (%)?",
              ["10-15"], extra={"value": 10, "high": 15, "unit": "%", "tolerance": None}),
        _item(ItemKind.NUMERIC, "f-num-dec", "stats", "What share of first metastases were in the liver (%)?",
              ["7.3"], extra={"value": 7.3, "high": None, "unit": "%", "tolerance": None}),
        _item(ItemKind.NUMERIC_MCQ, "f-nmcq", "stats", "What share of first metastases were in the lungs?", ["22%"],
              [opt("22%", True), opt("41%", False), opt("7.3%", False), opt("60%", False)]),
        _item(ItemKind.CLOZE, "f-cloze", "brain", "Under the microscope the tumour is made of _____ cells: " + NASTY,
              ["breast", "mammary"], extra={"hint": None}),
        _item(ItemKind.MATCHING, "f-match", "bone", "Match each brand name to its generic name.",
              ["zoledronic acid", "denosumab", "pamidronate -> x"],
              extra={"left": ["Zometa", "Xgeva", "Aredia & <co>"], "right": ["denosumab", "pamidronate -> x", "zoledronic acid"]}),
        _item(ItemKind.ORDERING, "f-order", "stats", "Order the first sites of spread, most common first.",
              ["bone", "lung", "liver"], extra={"choices": ["liver", "bone", "lung"]}),
        _item(ItemKind.SCENARIO, "f-scen", "brain",
              "A client with metastatic breast cancer reports new headaches and weakness on one side. "
              "Which site of spread does the nurse suspect?", ["brain"],
              [opt("brain", True), opt("liver", False), opt("bone", False), opt("lung", False)]),
        _item(ItemKind.FLASHCARD, "f-flash", "bone", "hypercalcemia", ["too much calcium in the blood"]),
    ]
