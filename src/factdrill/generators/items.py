"""Items: the quiz questions generated from facts.

An :class:`Item` is everything a session, an exporter or another tool needs
to ask one question and grade the answer, with no reference back to YAML.
``Item.to_dict()`` is the ``factdrill items --json`` line format.

Identity: ``Item.id`` is derived from (deck id, fact id, item kind, variant)
only, so editing one fact never changes another fact's item ids. ``Item.card``
names the scheduled unit: one fact seen from one side (``FACT_ID:SIDE``).
"""

from __future__ import annotations

import hashlib
from copy import deepcopy
from dataclasses import asdict, dataclass, field, is_dataclass
from enum import Enum
from typing import Any


class ItemKind(str, Enum):
    """The kinds of quiz item; one generator module each."""

    FLASHCARD = "flashcard"
    CLOZE = "cloze"
    MCQ = "mcq"
    SATA = "sata"
    TRUE_FALSE = "true_false"
    NUMERIC = "numeric"
    NUMERIC_MCQ = "numeric_mcq"
    MATCHING = "matching"
    ORDERING = "ordering"
    SCENARIO = "scenario"
    # Clinical-judgment items (NGN formats) from situation facts:
    PRIORITY = "priority"
    TEACHING = "teaching"
    HIGHLIGHT = "highlight"
    MATRIX_MC = "matrix_mc"
    MATRIX_MR = "matrix_mr"
    DROPDOWN = "dropdown"
    RATIONALE = "rationale"
    BOWTIE = "bowtie"
    ACTION_ORDER = "action_order"
    CASE = "case"


#: The clinical-judgment kinds (Next-Generation NCLEX formats); the
#: structure of each is documented in :mod:`factdrill.generators.situations`.
JUDGMENT_KINDS = frozenset({
    ItemKind.PRIORITY, ItemKind.TEACHING, ItemKind.HIGHLIGHT, ItemKind.MATRIX_MC, ItemKind.MATRIX_MR,
    ItemKind.DROPDOWN, ItemKind.RATIONALE, ItemKind.BOWTIE, ItemKind.ACTION_ORDER, ItemKind.CASE,
})


@dataclass(frozen=True, kw_only=True)
class Option:
    """One choice of a choice item, with why it is right or wrong.

    ``fact_id`` names the fact the option was drawn from (for a distractor,
    the sibling fact that makes it wrong), so a session can log which facts
    a student confuses.
    """

    text: str
    correct: bool
    rationale: str
    fact_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class Item:
    """One quiz question and its key.

    ``answers`` holds the accepted answers: for choice items the texts of
    the correct options; for typed items every accepted spelling (first is
    the canonical one); for ordering the items in order; for matching the
    right-hand side for each left-hand ``pairs`` entry in ``extra``.
    ``extra`` carries kind-specific data (``tolerance``, ``value``, ``high``,
    ``unit`` for numeric; ``left``/``right`` lists for matching; ``hint``...).
    """

    id: str
    kind: ItemKind
    card: str
    deck: str
    prompt: str
    answers: tuple[str, ...]
    explanation: str
    fact_ids: tuple[str, ...]
    sources: tuple[str, ...]
    topic: str
    tags: tuple[str, ...] = ()
    nclex: str | None = None
    options: tuple[Option, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def correct_options(self) -> list[int]:
        return [i for i, o in enumerate(self.options) if o.correct]

    @property
    def open_answer(self) -> bool:
        """A typed blank that everyday words fill ("the aim is _____"): a
        match is graded right, but no list holds every fair paraphrase, so a
        mismatch is judged by the student against the key (as Anki does for
        every cloze), never graded wrong by the tool."""
        return self.kind is ItemKind.CLOZE and bool(self.extra.get("open"))

    @property
    def also_accepted(self) -> tuple[str, ...]:
        """The accepted answers shown beside the key. On a card, only those
        the deck wrote (``extra["listed"]``), none for a card asking for
        members of a list (``extra["members"]``): the glossary's rewordings
        of a whole back or definition read as near-duplicate backs ("itching
        or icterus; pruritus or jaundice", review 16); an attempt is still
        matched against every accepted answer, or member by member."""
        if self.extra.get("members"):
            return ()
        listed = self.extra.get("listed")
        return self.answers[1:listed] if isinstance(listed, int) else self.answers[1:]

    @property
    def self_judged(self) -> bool:
        """Whether the student, not the grader, can have the last word on a
        response: flashcards always, open-answer blanks on a mismatch. Such
        items stay out of graded quizzes and auto-graded LMS files."""
        return self.kind is ItemKind.FLASHCARD or self.open_answer

    def to_dict(self, *, copy: bool = True) -> dict[str, Any]:
        """A JSON-ready dict (the ``items --json`` contract): what
        ``dataclasses.asdict`` gives, with the kind's value and the indexes of
        the correct options, built directly (``asdict`` walks every field
        generically and took most of the time of ``items --json``).

        ``copy=False`` shares ``extra``'s lists and dicts with the item: for
        a dict that is serialised at once and dropped."""
        extra = _copy(self.extra) if copy else self.extra
        steps = self.extra.get("steps")
        if steps:  # a case's six items, each in this same form
            extra = dict(extra)
            extra["steps"] = [s.to_dict(copy=copy) if isinstance(s, Item) else s for s in steps]
        return {
            "id": self.id,
            "kind": self.kind.value,
            "card": self.card,
            "deck": self.deck,
            "prompt": self.prompt,
            "answers": self.answers,
            "explanation": self.explanation,
            "fact_ids": self.fact_ids,
            "sources": self.sources,
            "topic": self.topic,
            "tags": self.tags,
            "nclex": self.nclex,
            "options": tuple(
                {"text": o.text, "correct": o.correct, "rationale": o.rationale, "fact_id": o.fact_id}
                for o in self.options
            ),
            "extra": extra,
            "correct": self.correct_options,
        }

    @property
    def steps(self) -> tuple["Item", ...]:
        """The linked items of a case study, in order (empty for other kinds);
        read back from ``--json`` dicts too."""
        return tuple(s if isinstance(s, Item) else Item.from_dict(s) for s in self.extra.get("steps", ()))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Item":
        """An item from its :meth:`to_dict` form (an ``items --json`` line)."""
        d = {k: v for k, v in d.items() if k != "correct"}
        d["kind"] = ItemKind(d["kind"])
        d["options"] = tuple(o if isinstance(o, Option) else Option(**o) for o in d.get("options", ()))
        for key in ("answers", "fact_ids", "sources", "tags"):
            d[key] = tuple(d.get(key, ()))
        return cls(**d)


def item_id(deck_id: str, fact_id: str, kind: ItemKind | str, variant: str | int = 0) -> str:
    """Stable id of an item: depends only on its identity, never its text."""
    kind_value = kind.value if isinstance(kind, ItemKind) else kind
    raw = f"{deck_id}\x1f{fact_id}\x1f{kind_value}\x1f{variant}"
    return f"{kind_value}-" + hashlib.sha256(raw.encode()).hexdigest()[:12]


def card_id(fact_id: str, side: str = "main") -> str:
    """The scheduled unit: one fact seen from one side."""
    return f"{fact_id}:{side}"


def _copy(value: Any) -> Any:
    """A deep copy of kind-specific data, as ``asdict`` makes it (dicts,
    lists and tuples copied; text, numbers and None shared)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    if value is None or isinstance(value, (str, int, float)):
        return value
    return asdict(value) if is_dataclass(value) else deepcopy(value)
