"""Hand-built items of every kind, and hypothesis strategies for random ones.

Grading and rendering tests use these so they do not depend on the
generators; the shapes follow the Item contract in factdrill.generators.items and the
``extra`` keys documented for the generators (numeric: value/high/unit/
tolerance; matching: left/right; ordering: choices; cloze: hint).
"""

from __future__ import annotations

from hypothesis import strategies as st

from factdrill.generators.items import Item, ItemKind, Option


def make(kind: ItemKind, prompt: str, answers, *, options=(), extra=None, explanation="Because.", sources=("ref",)):
    return Item(
        id=f"{kind.value}-test",
        kind=kind,
        card="fact:main",
        deck="test-deck",
        prompt=prompt,
        answers=tuple(answers),
        explanation=explanation,
        fact_ids=("fact",),
        sources=tuple(sources),
        topic="topic",
        options=tuple(options),
        extra=dict(extra or {}),
    )


def opt(text: str, correct: bool = False, fact_id: str | None = None, rationale: str | None = None) -> Option:
    why = rationale or (f"{text} is right." if correct else f"{text} belongs to another fact.")
    return Option(text=text, correct=correct, rationale=why, fact_id=fact_id or ("fact" if correct else f"other-{text}"))


def mcq(kind: ItemKind = ItemKind.MCQ) -> Item:
    """Which organ is the most common first site of distant spread? Key: b) bone."""
    return make(
        kind,
        "Which organ was the most common first site of distant spread?",
        ["bone"],
        options=[opt("lung"), opt("bone", True), opt("liver"), opt("brain")],
    )


def true_false(truth: bool = True) -> Item:
    return make(
        ItemKind.TRUE_FALSE,
        "True or false: seizures can be a symptom of brain metastases.",
        ["True" if truth else "False"],
        options=[opt("True", truth), opt("False", not truth)],
    )


def sata() -> Item:
    """Keys a, c, d out of six options."""
    return make(
        ItemKind.SATA,
        "Which are possible symptoms of liver metastases? Select all that apply.",
        ["abdominal pain", "itching", "jaundice"],
        options=[
            opt("abdominal pain", True),
            opt("seizures", fact_id="brain-symptoms"),
            opt("itching", True),
            opt("jaundice", True),
            opt("shortness of breath", fact_id="lung-symptoms"),
            opt("bone pain", fact_id="bone-symptoms"),
        ],
    )


def cloze() -> Item:
    return make(
        ItemKind.CLOZE,
        "Cancer cells floating in the cerebrospinal fluid are called _____.",
        ["leptomeningeal metastases", "carcinomatous meningitis"],
        extra={"hint": None},
    )


def cloze_number() -> Item:
    return make(ItemKind.CLOZE, "Stage {{_____}} breast cancer is metastatic.", ["4", "IV", "four"])


def flashcard() -> Item:
    return make(ItemKind.FLASHCARD, "Zometa", ["zoledronic acid"])


def numeric(value=41, high=None, unit="%", tolerance=None) -> Item:
    shown = f"{value}" if high is None else f"{value}-{high}"
    shown += "%" if unit == "%" else (f" {unit}" if unit else "")
    return make(
        ItemKind.NUMERIC,
        "In the 2013 study, what share of first distant metastases were in bone?",
        [shown],
        extra={"value": value, "high": high, "unit": unit, "tolerance": tolerance},
    )


def matching() -> Item:
    """1. Zometa -> zoledronic acid (c), 2. Xgeva -> denosumab (a), 3. Aredia -> pamidronate (b)."""
    return make(
        ItemKind.MATCHING,
        "Match each brand name with its generic name.",
        ["zoledronic acid", "denosumab", "pamidronate"],
        extra={"left": ["Zometa", "Xgeva", "Aredia"], "right": ["denosumab", "pamidronate", "zoledronic acid"]},
    )


def ordering() -> Item:
    """Key: bone (b), lung (c), liver (a) -> 'b c a'."""
    return make(
        ItemKind.ORDERING,
        "Order the first sites of distant spread from most to least common.",
        ["bone", "lung", "liver"],
        extra={"choices": ["liver", "bone", "lung"]},
    )


# -- hypothesis strategies ------------------------------------------------------

_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
_phrase = st.lists(_words, min_size=1, max_size=4).map(" ".join)


@st.composite
def choice_items(draw, kind: ItemKind | None = None) -> Item:
    """An MCQ-like or SATA item with unique option texts."""
    kind = kind or draw(st.sampled_from([ItemKind.MCQ, ItemKind.SCENARIO, ItemKind.NUMERIC_MCQ, ItemKind.SATA]))
    texts = draw(st.lists(_phrase, min_size=2, max_size=8, unique=True))
    if kind is ItemKind.SATA:
        keys = draw(st.sets(st.integers(0, len(texts) - 1), min_size=1, max_size=len(texts)))
    else:
        keys = {draw(st.integers(0, len(texts) - 1))}
    options = [opt(t, i in keys) for i, t in enumerate(texts)]
    return make(kind, "Question?", [t for i, t in enumerate(texts) if i in keys], options=options)


@st.composite
def matching_items(draw) -> Item:
    n = draw(st.integers(1, 6))
    lefts = draw(st.lists(_phrase, min_size=n, max_size=n, unique=True))
    rights = draw(st.lists(_phrase, min_size=n, max_size=n, unique=True))
    shown = draw(st.permutations(rights))
    return make(ItemKind.MATCHING, "Match.", rights, extra={"left": lefts, "right": list(shown)})


@st.composite
def ordering_items(draw) -> Item:
    things = draw(st.lists(_phrase, min_size=2, max_size=7, unique=True))
    shown = draw(st.permutations(things))
    return make(ItemKind.ORDERING, "Order.", things, extra={"choices": list(shown)})


@st.composite
def typed_items(draw) -> Item:
    kind = draw(st.sampled_from([ItemKind.CLOZE, ItemKind.FLASHCARD]))
    answers = draw(st.lists(st.text(min_size=1, max_size=30).filter(str.strip), min_size=1, max_size=3))
    return make(kind, "Type it.", answers)


@st.composite
def numeric_items(draw) -> Item:
    value = draw(st.integers(0, 2000))
    high = draw(st.one_of(st.none(), st.integers(value + 1, value + 50)))
    unit = draw(st.sampled_from(["%", "years", "months", ""]))
    tolerance = draw(st.one_of(st.none(), st.integers(1, 5)))
    return numeric(value, high, unit, tolerance)


def any_items():
    return st.one_of(choice_items(), matching_items(), ordering_items(), typed_items(), numeric_items(),
                     st.just(true_false()), st.just(sata()), st.just(cloze()))
