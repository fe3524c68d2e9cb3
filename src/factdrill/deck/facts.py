"""Facts: the typed content of a deck.

A deck file is parsed and validated by :mod:`factdrill.deck.loader`, which builds
these frozen dataclasses. Everything downstream (generators, session,
exporters) reads only these types, never raw YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .markup import Gap, parse_gaps, plain_text


class FactKind(str, Enum):
    """The kinds of fact a deck may declare (the YAML ``kind`` field)."""

    TERM = "term"
    STATISTIC = "statistic"
    SET = "set"
    MAPPING = "mapping"
    RANKING = "ranking"
    STATEMENT = "statement"
    SITUATION = "situation"


NCLEX_CATEGORIES: dict[str, str] = {
    "management-of-care": "Management of Care",
    "safety-and-infection-control": "Safety and Infection Control",
    "health-promotion-and-maintenance": "Health Promotion and Maintenance",
    "psychosocial-integrity": "Psychosocial Integrity",
    "basic-care-and-comfort": "Basic Care and Comfort",
    "pharmacological-and-parenteral-therapies": "Pharmacological and Parenteral Therapies",
    "reduction-of-risk-potential": "Reduction of Risk Potential",
    "physiological-adaptation": "Physiological Adaptation",
}


@dataclass(frozen=True)
class Location:
    """Where something was written: file path, 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, kw_only=True)
class Source:
    """A reference a fact rests on, keyed by a short name in the deck."""

    key: str
    title: str
    authors: str | None = None
    journal: str | None = None
    publisher: str | None = None
    year: int | None = None
    details: str | None = None
    doi: str | None = None
    url: str | None = None
    # backs only an accepted wording (a synonym, an abbreviation, a
    # dictionary sense), not a clinical claim: kept in the deck for `check`
    # and the author, but not printed under an item as its evidence (review
    # 13: a thesaurus listed under a clinical true/false)
    wording: bool = False

    @property
    def link(self) -> str | None:
        """A URL for the source: the DOI resolver when there is a DOI."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url

    def citation(self) -> str:
        """The reference in a compact Vancouver-like style, as plain text."""
        parts = [p for p in (self.authors, self.title) if p]
        where = self.journal or self.publisher
        tail = " ".join(str(p) for p in (where, self.year) if p)
        if self.details:
            tail = f"{tail};{self.details}" if tail else self.details
        if tail:
            parts.append(tail)
        text = ". ".join(p.rstrip(".") for p in parts) + "."
        if self.doi:
            text += f" doi:{self.doi}"
        elif self.url:
            text += f" {self.url}"
        return text


@dataclass(frozen=True, kw_only=True)
class DraftMark:
    """A fact that a tool drafted and no person has reviewed yet (``draft:``).

    ``at`` is where the candidate came from (``FILE:LINE`` of the source
    article or card set), ``quote`` the source text it was read from and
    ``note`` what the drafting tool was unsure about. ``check`` warns about
    every draft and ``check --strict`` refuses a deck that still has one.
    """

    at: str | None = None
    quote: str | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Topic:
    """A section of a deck: an Anki subdeck and a report category."""

    id: str
    title: str


@dataclass(frozen=True, kw_only=True)
class Fact:
    """Fields every fact has; subclasses add the fields of their kind."""

    id: str
    topic: str
    sources: tuple[str, ...]
    tags: tuple[str, ...] = ()
    explanation: str | None = None
    nclex: str | None = None
    loc: Location | None = field(default=None, compare=False)
    draft: DraftMark | None = field(default=None, compare=False)

    kind: FactKind = field(init=False)


@dataclass(frozen=True, kw_only=True)
class Term(Fact):
    """A term and its definition; aliases are accepted answers too."""

    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    reverse: bool = True
    # what kind of thing the term names ("structure", "treatment", "sign");
    # a term's multiple-choice distractors are terms of the same category
    category: str | None = None
    # the definition with its one {{gap|alternatives::hint}} marked, when the
    # author chose the blank (``definition`` is then the plain text)
    gap_text: str | None = None
    kind: FactKind = field(default=FactKind.TERM, init=False)


@dataclass(frozen=True, kw_only=True)
class Statistic(Fact):
    """A measured number (or range ``value``..``high``) with its context."""

    measure: str
    value: float
    unit: str
    high: float | None = None
    approximate: bool = False
    tolerance: float | None = None
    population: str | None = None
    study: str | None = None
    question: str | None = None
    wording: str | None = None
    recall: bool | None = None
    kind: FactKind = field(default=FactKind.STATISTIC, init=False)

    @property
    def is_range(self) -> bool:
        return self.high is not None

    @property
    def worth_recalling(self) -> bool:
        """Whether students should produce the figure from memory (typed), or
        only recognise it among others. A figure with decimals (22.4%) is a
        study's precise result: knowing it roughly is the skill, so it is
        recognised unless the deck says ``recall: true``."""
        if self.recall is not None:
            return self.recall
        return float(self.value).is_integer() and (self.high is None or float(self.high).is_integer())

    def format_value(self) -> str:
        """The value as a student reads it: ``41%``, ``10-15%``, ``5 years``."""
        text = _fmt_number(self.value)
        if self.high is not None:
            text += f"-{_fmt_number(self.high)}"
        if self.unit == "%":
            return text + "%"
        return f"{text} {self.unit}" if self.unit else text

    def display_value(self) -> str:
        """The figure as shown to a student: the source's ``wording`` first,
        then the number, with "about" when approximate."""
        number = ("about " if self.approximate else "") + self.format_value()
        return f"{self.wording} ({number})" if self.wording else number


def _fmt_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


@dataclass(frozen=True, kw_only=True)
class FactSet(Fact):
    """A named group and its members (``kind: set``)."""

    name: str
    members: tuple[str, ...]
    complete: bool = True
    non_members: tuple[str, ...] = ()
    signs_of: str | None = None
    # other right ways to type a member, written "placing a shunt|shunt"
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = ()
    kind: FactKind = field(default=FactKind.SET, init=False)

    def accepted(self, member: str) -> tuple[str, ...]:
        """``member`` and the alternatives written with it."""
        return _accepted(self.alternatives, member)


@dataclass(frozen=True, kw_only=True)
class Mapping(Fact):
    """Ordered pairs of associated things, e.g. brand name -> generic name."""

    name: str
    left: str
    right: str
    pairs: tuple[tuple[str, str], ...]
    reverse: bool = True
    # both sides are names (brand -> generic drug): a pair's listed answers
    # are all the answers there are, so its typed blanks are closed
    names: bool = False
    # other right ways to type a side, written "surgery|surgical fixation":
    # (shown text, its accepted alternatives)
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # right-hand entries true for no left value ("curing the cancer in the
    # bone" among the purposes of bone treatments): the unused entries of a
    # matching, written for this mapping (the explanation says why each fits none)
    decoys: tuple[str, ...] = ()
    # the words joining a left value to its right one as a sentence ("is
    # used for"): questions asked left -> right then read "Strontium 89 is
    # used for which condition?", not the name as a frame (review 16)
    link: str | None = None
    kind: FactKind = field(default=FactKind.MAPPING, init=False)

    def accepted(self, text: str) -> tuple[str, ...]:
        """``text`` and the alternatives written with it."""
        return _accepted(self.alternatives, text)


def _accepted(alternatives: tuple[tuple[str, tuple[str, ...]], ...], text: str) -> tuple[str, ...]:
    for shown, more in alternatives:
        if shown == text:
            return (text, *more)
    return (text,)


@dataclass(frozen=True, kw_only=True)
class Ranking(Fact):
    """Things ordered by a property, first = highest."""

    name: str
    items: tuple[str, ...]
    order: str = "first is highest"
    kind: FactKind = field(default=FactKind.RANKING, init=False)


@dataclass(frozen=True, kw_only=True)
class Statement(Fact):
    """A true claim, optional false variants, optional ``{{cloze}}`` gaps."""

    text: str
    false_variants: tuple[str, ...] = ()
    kind: FactKind = field(default=FactKind.STATEMENT, init=False)

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return tuple(g for _, g in parse_gaps(self.text))

    @property
    def plain(self) -> str:
        """The statement with gap markup removed (answers shown)."""
        return plain_text(self.text)


@dataclass(frozen=True, kw_only=True)
class Claim:
    """One cited claim of a situation: a finding, an action, a parameter...

    ``why`` is the reason (why an action is taken or avoided, what a
    look-alike points to instead, the correct teaching for a client's
    statement); ``sources`` are the claim's own citations (empty: the
    situation's ``sources``); ``points_to`` names the condition a look-alike
    suggests instead; ``says`` is a client's words (a teaching point the
    client got right, or a statement showing a gap); ``detects`` (a
    parameter) is the change watching it shows early ("the compression
    getting worse"), so an item can ask which parameter detects it.
    """

    text: str
    why: str | None = None
    sources: tuple[str, ...] = ()
    points_to: str | None = None
    says: str | None = None
    detects: str | None = None
    # an action done at once alongside the first action (pain relief while
    # the report is made): never offered as one that "can wait"
    also_first: bool = False
    # the moment an action waits for ("once the seizure is over"): shown on a
    # grid that keys it indicated, where without it the action would be
    # wrong for the note's moment (review 30 #32); left out where the first
    # action is asked, which it would give away, and said in the rationale
    when: str | None = None
    # an expected finding that follows her treatment (aches after the
    # bisphosphonate drip): charted only in the note written after it, never
    # in the first assessment, where it would contradict the timeline
    later: bool = False
    # an expected finding of the first assessment that is not normal but is
    # explained by the care she already has (hot flashes on hormone
    # therapy): telling it from a cue is the judgment, where a plainly
    # normal line is told apart by anyone (reviews 21-25)
    abnormal: bool = False


@dataclass(frozen=True, kw_only=True)
class Situation(Fact):
    """A client condition and the nursing judgment around it (``kind: situation``).

    ``cues`` point to the condition and ``look_alikes`` do not; ``expected``
    are findings in the client's note that need no follow-up; ``priority``
    is the action to take first; ``sequence`` lists actions in the order the
    sources give them; ``gaps`` are client statements showing a teaching
    gap (``text`` the words, ``why`` the correct teaching). Every claim cites
    its own ``sources`` or, when it has none, the situation's.
    """

    condition: str
    priority: Claim
    cues: tuple[Claim, ...]
    client: str | None = None
    look_alikes: tuple[Claim, ...] = ()
    expected: tuple[Claim, ...] = ()
    actions: tuple[Claim, ...] = ()
    avoid: tuple[Claim, ...] = ()
    sequence: tuple[Claim, ...] = ()
    monitor: tuple[Claim, ...] = ()
    outcomes: tuple[Claim, ...] = ()
    teaching: tuple[Claim, ...] = ()
    gaps: tuple[Claim, ...] = ()
    kind: FactKind = field(default=FactKind.SITUATION, init=False)

    @property
    def expected_first(self) -> tuple[Claim, ...]:
        """The ``expected`` findings the first assessment may chart, those
        that look like trouble (``abnormal``) first, so a note that shows
        only some of them shows one of these."""
        first = [e for e in self.expected if not e.later]
        return tuple(sorted(first, key=lambda e: not e.abnormal))

    @property
    def expected_later(self) -> tuple[Claim, ...]:
        """The ``expected`` findings that follow her treatment (``later``):
        they look like trouble but need no follow-up, and belong only in the
        note written after the care."""
        return tuple(e for e in self.expected if e.later)

    def claims(self) -> tuple[Claim, ...]:
        """Every claim of the situation, section by section."""
        return (self.priority, *self.cues, *self.look_alikes, *self.expected, *self.actions, *self.avoid,
                *self.sequence, *self.monitor, *self.outcomes, *self.teaching, *self.gaps)

    def all_sources(self) -> tuple[str, ...]:
        """Every source the situation or one of its claims cites."""
        return tuple(dict.fromkeys([*self.sources, *(k for c in self.claims() for k in c.sources)]))

    def cited(self, *claims: Claim) -> tuple[str, ...]:
        """The sources behind ``claims`` (each claim's own, else the situation's)."""
        out: list[str] = []
        for c in claims:
            out.extend(c.sources or self.sources)
        return tuple(dict.fromkeys(out)) or tuple(self.sources)


FACT_TYPES: dict[FactKind, type[Fact]] = {
    FactKind.TERM: Term,
    FactKind.STATISTIC: Statistic,
    FactKind.SET: FactSet,
    FactKind.MAPPING: Mapping,
    FactKind.RANKING: Ranking,
    FactKind.STATEMENT: Statement,
    FactKind.SITUATION: Situation,
}


@dataclass(frozen=True)
class SynonymGroup:
    """Words a grader accepts for one another ("radiotherapy" for "radiation
    therapy"), with the sources that say they mean the same."""

    terms: tuple[str, ...]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Deck:
    """A loaded, validated deck."""

    id: str
    title: str
    description: str = ""
    version: str = "0"
    authors: tuple[str, ...] = ()
    license: str | None = None
    scenario_client: str | None = None
    scenario_question: str | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    topics: tuple[Topic, ...] = ()
    facts: tuple[Fact, ...] = ()
    synonyms: tuple[SynonymGroup, ...] = ()
    path: str | None = None
    content_hash: str = ""

    def topic(self, topic_id: str) -> Topic:
        for t in self.topics:
            if t.id == topic_id:
                return t
        raise KeyError(topic_id)

    def fact(self, fact_id: str) -> Fact:
        for f in self.facts:
            if f.id == fact_id:
                return f
        raise KeyError(fact_id)

    def facts_of(self, kind: FactKind) -> list[Fact]:
        return [f for f in self.facts if f.kind is kind]
