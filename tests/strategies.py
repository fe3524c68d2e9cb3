"""Hypothesis strategies for random, valid :class:`~factdrill.deck.facts.Deck` objects.

Every fact kind is covered, with the awkward cases a real deck can hold:
odd unicode (accents, combining marks, right-to-left scripts, emoji), long
text, tiny decks, and deliberate near-collisions (the same word in two sets,
two terms with the same definition, case-only differences), because those
are where distractor rules break.

The decks obey the rules of the deck format (decks/README.md) and the loader:
unique slug ids, topics and sources that exist, members and non-members that
do not overlap, rankings without repeats, unique left values in a mapping
(and unique right values when ``reverse``), statements whose false variants
differ from the statement and hold no gap markup.

Usage::

    from strategies import decks
    @given(decks())
    def test_something(deck): ...

``decks(kinds=[FactKind.SET], min_facts=3)`` narrows the mix.
"""

from __future__ import annotations

from typing import Sequence

from hypothesis import strategies as st

from factdrill.deck.facts import (
    Claim,
    Deck,
    Fact,
    FactKind,
    FactSet,
    Mapping,
    Ranking,
    Situation,
    Source,
    Statement,
    Statistic,
    SynonymGroup,
    Term,
    Topic,
)

# Letters, marks, digits, punctuation, symbols and spaces of any script; no
# control characters, surrogates, braces (gap markup) or pipes/colons (gap
# syntax), which the deck format reserves.
_ALPHABET = st.characters(
    categories=("L", "M", "N", "P", "S", "Zs"),
    exclude_characters="{}|:\\",
)

# A shared pool makes collisions between facts likely (the interesting case).
POOL = (
    "pain", "Pain", "nausea", "itching", "jaundice", "seizures", "headaches", "the spine",
    "spine", "bone", "lungs", "liver", "brain", "Zometa", "zoledronic acid", "café",
    "شلل", "疼痛", "😷 cough", "Ünïcödé",
)


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def plain_text(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """A non-blank text field with at least one letter or digit, stripped."""
    random_text = st.text(_ALPHABET, min_size=min_size, max_size=max_size).map(lambda s: " ".join(s.split()))
    return st.one_of(st.sampled_from(POOL), random_text).filter(_has_word)


def long_text() -> st.SearchStrategy[str]:
    """Sometimes short, sometimes paragraph-long."""
    return st.one_of(plain_text(), plain_text(min_size=100, max_size=400))


def _loader_norm(text: str) -> str:
    return " ".join(text.casefold().split())


def distinct_texts(min_size: int, max_size: int, *, avoid: Sequence[str] = ()) -> st.SearchStrategy[list[str]]:
    """Texts distinct under the loader's comparison (normalised, and not
    look-alikes of one another, see factdrill.deck.confusables), none equal to ``avoid``."""
    from factdrill.deck.confusables import look_alike

    banned = {look_alike(a) for a in avoid}
    return st.lists(plain_text(), min_size=min_size, max_size=max_size, unique_by=look_alike).map(
        lambda xs: [x for x in xs if look_alike(x) not in banned]
    ).filter(lambda xs: len(xs) >= min_size)


SIGNS_OF = ("liver metastases", "brain metastases", "bone metastases", "lung metastases", "hypercalcaemia")
UNITS = ("%", "years", "months", "mg", "")


@st.composite
def terms(draw, fid: str, topic: str) -> Term:
    term = draw(plain_text(max_size=30))
    definition = draw(long_text().filter(lambda d: _loader_norm(term) not in _loader_norm(d)))
    aliases = draw(distinct_texts(0, 2, avoid=[term]))
    return Term(id=fid, topic=topic, sources=("src",), term=term, definition=definition,
                aliases=tuple(aliases), reverse=draw(st.booleans()), explanation=draw(st.none() | long_text()))


@st.composite
def statistics(draw, fid: str, topic: str) -> Statistic:
    unit = draw(st.sampled_from(UNITS))
    top = 100 if unit == "%" else 2000
    decimals = draw(st.sampled_from((0, 0, 1, 2)))
    number = st.integers(0, top * 10**decimals).map(lambda n: n / 10**decimals)
    value = draw(number)
    high = None
    if draw(st.booleans()):
        high = draw(number.filter(lambda h: h > value)) if value < top else None
    return Statistic(
        id=fid, topic=topic, sources=("src",), measure=draw(long_text()), value=value, unit=unit, high=high,
        approximate=draw(st.booleans()),
        tolerance=draw(st.none() | st.sampled_from((0.0, 0.5, 1.0, 2.0, 5.0))),
        population=draw(st.none() | plain_text()), study=draw(st.none() | plain_text()),
        question=draw(st.none() | long_text()),
    )


@st.composite
def fact_sets(draw, fid: str, topic: str) -> FactSet:
    members = draw(distinct_texts(1, 7))
    non_members = draw(distinct_texts(0, 4, avoid=members))
    return FactSet(
        id=fid, topic=topic, sources=("src",), name=draw(plain_text()), members=tuple(members),
        complete=draw(st.booleans()), non_members=tuple(non_members),
        signs_of=draw(st.none() | st.sampled_from(SIGNS_OF) | plain_text()),
    )


@st.composite
def mappings(draw, fid: str, topic: str) -> Mapping:
    reverse = draw(st.booleans())
    lefts = draw(distinct_texts(1, 8))
    if reverse:
        rights = draw(distinct_texts(len(lefts), len(lefts)))
    else:
        rights = draw(st.lists(plain_text(), min_size=len(lefts), max_size=len(lefts)))
    labels = st.sampled_from(("brand name", "generic name", "site", "symptom", "drug", "when it is used")) | plain_text()
    return Mapping(id=fid, topic=topic, sources=("src",), name=draw(plain_text()), left=draw(labels),
                   right=draw(labels), pairs=tuple(zip(lefts, rights)), reverse=reverse)


@st.composite
def rankings(draw, fid: str, topic: str) -> Ranking:
    items = draw(distinct_texts(2, 7))
    return Ranking(id=fid, topic=topic, sources=("src",), name=draw(plain_text()), items=tuple(items),
                   order=draw(st.sampled_from(("most common first", "first is highest")) | plain_text()))


@st.composite
def statements(draw, fid: str, topic: str) -> Statement:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            answers = draw(distinct_texts(1, 3))
            hint = draw(st.none() | plain_text(max_size=15))
            parts.append("{{" + "|".join(answers) + (f"::{hint}" if hint else "") + "}}")
        else:
            parts.append(draw(long_text()))
    text = " ".join(parts)
    statement = Statement(id=fid, topic=topic, sources=("src",), text=text)
    variants = draw(distinct_texts(0, 3, avoid=[statement.plain]))
    return Statement(id=fid, topic=topic, sources=("src",), text=text, false_variants=tuple(variants))


@st.composite
def situations(draw, fid: str, topic: str) -> Situation:
    """A situation of random claims: some sections empty, a shared word
    pool (so claims of two situations may read alike), reasons written."""
    def claims(lo: int, hi: int, *, why: bool = False, says: bool = False, points: bool = False,
               avoid: Sequence[Claim] = ()):
        out = []
        for text in draw(distinct_texts(lo, hi, avoid=[c.text for c in avoid])):
            out.append(Claim(text=text, why=draw(plain_text()) if why else None,
                             says=draw(plain_text()) if says and draw(st.booleans()) else None,
                             points_to=draw(st.none() | plain_text()) if points else None))
        return tuple(out)

    # the validator's rules: no cue is also a look-alike or an expected
    # finding, no action also one to avoid or the priority
    cues = claims(1, 6)
    priority = Claim(text=draw(plain_text()), why=draw(plain_text()))
    actions = claims(0, 4, why=True, avoid=(priority,))
    return Situation(
        id=fid, topic=topic, sources=("src",), condition=draw(plain_text()),
        client=draw(st.none() | plain_text()), cues=cues, look_alikes=claims(0, 3, why=True, points=True, avoid=cues),
        expected=claims(0, 3, why=True, avoid=cues), priority=priority,
        actions=actions, avoid=claims(0, 3, why=True, avoid=(priority, *actions)), sequence=claims(0, 5),
        monitor=claims(0, 3, why=True), outcomes=claims(0, 3), teaching=claims(0, 4, says=True),
        gaps=claims(0, 2, why=True),
    )


BUILDERS = {
    FactKind.SITUATION: situations,
    FactKind.TERM: terms,
    FactKind.STATISTIC: statistics,
    FactKind.SET: fact_sets,
    FactKind.MAPPING: mappings,
    FactKind.RANKING: rankings,
    FactKind.STATEMENT: statements,
}


@st.composite
def facts(draw, kind: FactKind, fid: str, topic: str) -> Fact:
    fact = draw(BUILDERS[kind](fid, topic))
    tags = tuple(draw(st.lists(st.sampled_from(("symptoms", "treatment", "statistics")), max_size=2, unique=True)))
    return _with(fact, tags=tags, nclex=draw(st.none() | st.sampled_from(("physiological-adaptation",))))


def _with(fact: Fact, **changes) -> Fact:
    import dataclasses

    return dataclasses.replace(fact, **changes)


@st.composite
def synonym_groups(draw) -> tuple[SynonymGroup, ...]:
    """A glossary: a few groups of words a grader accepts for one another,
    often drawn from the shared pool (so answers contain them), each word in
    one group only."""
    words = draw(distinct_texts(0, 9))
    groups, i = [], 0
    while i + 1 < len(words):
        size = draw(st.integers(2, 3))
        groups.append(SynonymGroup(tuple(words[i : i + size])))
        i += size
    return tuple(g for g in groups if len(g.terms) >= 2)


@st.composite
def decks(draw, *, kinds: Sequence[FactKind] | None = None, min_facts: int = 0, max_facts: int = 20) -> Deck:
    """A random valid deck with facts of ``kinds`` (default: every kind)."""
    kinds = list(kinds or FactKind)
    topic_ids = draw(st.lists(st.sampled_from(("bone", "liver", "brain", "lung", "x-1")), min_size=1, max_size=3,
                              unique=True))
    topics = tuple(Topic(id=t, title=draw(plain_text())) for t in topic_ids)
    n = draw(st.integers(min_facts, max_facts))
    out = []
    for i in range(n):
        kind = draw(st.sampled_from(kinds))
        out.append(draw(facts(kind, f"f{i}-{kind.value}", draw(st.sampled_from(topic_ids)))))
    deck_id = draw(st.sampled_from(("deck", "breast-cancer-metastasis", "d-2")))
    return Deck(id=deck_id, title=draw(plain_text()), sources={"src": Source(key="src", title="A source")},
                topics=topics, facts=tuple(out), synonyms=draw(synonym_groups()))
