"""Helpers every generator shares: the per-call context, seeded shuffles,
text shaping, and the choice of distractors.

Distractors are the heart of item quality, so the rules live here once:
a distractor comes from a sibling fact of the same kind (same topic first,
then the rest of the deck), is never equal to a true answer after
normalisation (:func:`norm`), never duplicated, and of similar length to
the answer where there is a choice.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence

from ..deck.facts import Deck, Fact, FactKind, FactSet, Mapping, Ranking, Statement, Statistic, Term
from .items import Item, ItemKind, Option, card_id, item_id
from .phrasing import (  # noqa: F401  (re-exported: generators import them from here)
    _STOPWORDS,
    asks,
    bare,
    cap,
    count_word,
    frame,
    is_stopword,
    join_list,
    norm,
    ordinal,
    pair_question,
    pair_rationale,
    quoted,
    same,
    sentence,
    simple_label,
    the,
    words,
)
from .synonyms import Glossary, expand
from .wording import content_stems

BLANK = "_____"
# Fewer distractors than this leaves a three-option item, which NCLEX never
# uses (review 16 P5): skip the item for that fact instead.
MIN_DISTRACTORS = 3
# Three distractors give the four options of an NCLEX one-best-answer item.
MCQ_DISTRACTORS = 3
# How many same-kind facts one fact looks at for distractors; keeps
# generation linear in deck size.
SIBLING_CAP = 32
SIMILAR_SETS_CAP = 8
# Entries quoted in a text that many items of one fact repeat (an explanation
# made from the fact, a true/false rationale): every item quoting a whole
# 100-pair mapping made generation quadratic in the size of one fact.
QUOTED_ENTRIES = 12

TRUE, FALSE = "True", "False"
# Kinds answered by typing words: their answers take the deck's synonyms.
TYPED_KINDS = frozenset({ItemKind.CLOZE, ItemKind.FLASHCARD})


@dataclass(frozen=True)
class Skip:
    """A fact that yields no item of ``kind``, and why (a ``check`` warning)."""

    fact_id: str
    kind: ItemKind
    reason: str


@dataclass(frozen=True)
class Cand:
    """A candidate option: its text, the fact it comes from and why it is wrong or right."""

    text: str
    fact_id: str | None
    rationale: str
    tier: int = 0  # lower is preferred (0 = same fact/topic, 1 = elsewhere in the deck)


# --------------------------------------------------------------------------- facts


def other_names(fact: Term) -> list[str]:
    """The aliases worth printing as "also called": not a short form made of
    the term's own words ("shunt" of "pleuroperitoneal shunt", which is
    accepted but reads oddly as another name, review 27 #14)."""
    own = set(words(fact.term))
    return [a for a in fact.aliases if not set(words(a)) <= own]


def summary(fact: Fact) -> str:
    """A one-sentence restatement of the fact (the explanation when none is given)."""
    if isinstance(fact, Term):
        text = f"{cap(fact.term)} means {fact.definition.strip()}"
        if other_names(fact):
            text += f" (also called {join_list(other_names(fact), 'or')})"
        return sentence(text)
    if isinstance(fact, Statistic):
        return sentence(f"{cap(fact.measure)}{stat_context(fact)}: {stat_answer(fact)}")
    if isinstance(fact, FactSet):
        verb = "are" if fact.complete else "include"
        return sentence(f"{the(fact.name)} {verb} {join_list(fact.members, limit=QUOTED_ENTRIES)}")
    if isinstance(fact, Mapping):
        shown = fact.pairs[:QUOTED_ENTRIES]
        pairs = "; ".join(f"{l} - {r}" for l, r in shown)
        if len(fact.pairs) > len(shown):
            pairs += f"; and {len(fact.pairs) - len(shown)} more"
        return sentence(f"{cap(fact.name)} ({fact.left} - {fact.right}): {pairs}")
    if isinstance(fact, Ranking):
        return sentence(f"{cap(fact.name)}, {fact.order}: {join_list(fact.items, limit=QUOTED_ENTRIES)}")
    if isinstance(fact, Statement):
        return sentence(fact.plain)
    return ""


def stat_context(fact: Statistic) -> str:
    """`` among POPULATION (STUDY)`` or empty."""
    text = f" among {fact.population.strip()}" if fact.population else ""
    if fact.study:
        text += f" ({fact.study.strip()})"
    return text


def stat_answer(fact: Statistic) -> str:
    """The statistic as a student reads it (see :meth:`Statistic.display_value`)."""
    return fact.display_value()


def stat_question(fact: Statistic) -> str:
    """The question for a statistic, with its population and study context."""
    if fact.question:
        return cap(" ".join(fact.question.split()))
    measure = ("approximate " if fact.approximate else "") + fact.measure.strip()
    if fact.study:
        study = fact.study.strip()
        lowered = study.casefold()
        if not lowered.startswith(("a ", "an ", "the ")):
            study = "the " + study
        q = f"In {study}, what was the {measure}"
    else:
        q = f"What is the {measure}"
    if fact.population:
        q += f" among {fact.population.strip()}"
    return q + "?"


def set_head_words(fact: FactSet, topic_words: set[str]) -> set[str]:
    """The words of a set's name that say what *kind* of thing it lists.

    The condition (``signs_of``) and the topic are removed, so "possible
    symptoms of liver metastases" and "possible symptoms of brain
    metastases" share {possible, symptom}.
    """
    drop = set(words(fact.signs_of or "")) | topic_words
    return {w for w in words(fact.name) if w not in drop}


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"\u201c(])")


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (a stop followed by a capital ends it)."""
    text = " ".join(text.split())
    return _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


def why(fact: Fact) -> str:
    """Why a fact holds, in one sentence: the first of its explanation (the
    key's rationale; the whole explanation follows it as "Why")."""
    return first_sentence(fact.explanation or "") or summary(fact)


def listing(fact: FactSet) -> str:
    """"The N NAME are A, B and C" / "NAME include A, B and C": the whole set,
    which every membership rationale states (a rationale that named only
    the option would teach nothing)."""
    if fact.complete:
        return sentence(f"the {count_word(len(fact.members))} {bare(fact.name)} are {join_list(fact.members)}")
    return sentence(f"{the(fact.name)} include {join_list(fact.members)}")


# --------------------------------------------------------------------------- context


class Context:
    """What one :func:`generate` call knows: the deck, the seed and sibling indexes.

    Built once per call, so finding siblings costs O(SIBLING_CAP) per fact,
    never O(deck size).
    """

    def __init__(self, deck: Deck, seed: int = 0) -> None:
        self.deck = deck
        self.seed = seed
        self.by_kind: dict[FactKind, list[Fact]] = defaultdict(list)
        self.by_kind_topic: dict[tuple[FactKind, str], list[Fact]] = defaultdict(list)
        self._pos_kind: dict[str, int] = {}
        self._pos_topic: dict[str, int] = {}
        for fact in deck.facts:
            kind_list = self.by_kind[fact.kind]
            topic_list = self.by_kind_topic[(fact.kind, fact.topic)]
            self._pos_kind[fact.id] = len(kind_list)
            self._pos_topic[fact.id] = len(topic_list)
            kind_list.append(fact)
            topic_list.append(fact)
        self._cache: dict[str, Any] = {}
        self.glossary = Glossary(deck.synonyms)

    # ---- randomness

    def rng(self, key: str) -> random.Random:
        """A generator seeded by (seed, key) only: independent of other facts
        and of Python's hash randomisation."""
        digest = hashlib.sha256(f"{self.seed}\x1f{key}".encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))

    # ---- siblings

    def siblings(self, fact: Fact, cap: int = SIBLING_CAP) -> list[Fact]:
        """Up to ``cap`` other facts of the same kind: same topic first, nearest
        in the deck first, then other topics."""
        same = self.by_kind_topic[(fact.kind, fact.topic)]
        out = list(_around(same, self._pos_topic[fact.id], cap))
        if len(out) < cap:
            everyone = self.by_kind[fact.kind]
            budget = 4 * cap  # bounded even when most neighbours share the topic
            for other in _around(everyone, self._pos_kind[fact.id], budget):
                if other.topic != fact.topic:
                    out.append(other)
                    if len(out) >= cap:
                        break
        return out

    def topic_words(self, topic_id: str) -> set[str]:
        cache = self._cache.setdefault("topic_words", {})
        if topic_id not in cache:
            title = ""
            for t in self.deck.topics:
                if t.id == topic_id:
                    title = t.title
            cache[topic_id] = set(words(topic_id.replace("-", " "))) | set(words(title))
        return cache[topic_id]

    def topic_names(self) -> set[str]:
        """The one-word topic ids of the deck ("bone", "liver"), as :func:`words`
        spells them: what the deck is organised by (deck metadata, untracked)."""
        if "topic_names" not in self._cache:
            self._cache["topic_names"] = {w for t in self.deck.topics if len(words(t.id)) == 1 for w in words(t.id)}
        return self._cache["topic_names"]

    def common_set_words(self) -> set[str]:
        """Words in a quarter or more of the set names (``metastases`` in a
        metastasis deck): too common to show two sets list the same kind of thing."""
        if "common_set_words" not in self._cache:
            sets = self.by_kind[FactKind.SET]
            df: Counter[str] = Counter()
            for s in sets:
                df.update(set(words(s.name)))  # type: ignore[attr-defined]
            limit = max(2, math.ceil(len(sets) / 4))
            self._cache["common_set_words"] = {w for w, n in df.items() if n >= limit}
        return self._cache["common_set_words"]

    def similar_sets(self, fact: FactSet) -> list[FactSet]:
        """Sibling sets listing the same kind of thing as ``fact``: both are
        signs of a condition, or their names share a distinctive word."""
        cache = self._cache.setdefault("similar_sets", {})
        if fact.id in cache:
            return cache[fact.id]
        head = self._head(fact)
        scored = []
        for i, other in enumerate(self.siblings(fact)):
            assert isinstance(other, FactSet)
            both_signs = bool(fact.signs_of and other.signs_of)
            shared = len(head & self._head(other))
            if both_signs or shared:
                scored.append((0 if both_signs else 1, -shared, i, other))
        cache[fact.id] = [s[-1] for s in sorted(scored, key=lambda s: s[:3])]
        return cache[fact.id]

    def _head(self, fact: FactSet) -> set[str]:
        cache = self._cache.setdefault("head", {})
        if fact.id not in cache:
            cache[fact.id] = set_head_words(fact, self.topic_words(fact.topic)) - self.common_set_words()
        return cache[fact.id]

    def sets_listing(self, member: str) -> list[FactSet]:
        """The sets that list ``member``, sign sets first (indexed once)."""
        if "member_index" not in self._cache:
            index: dict[str, list[FactSet]] = defaultdict(list)
            for s in self.by_kind[FactKind.SET]:
                for m in s.members:  # type: ignore[attr-defined]
                    index[norm(m)].append(s)  # type: ignore[arg-type]
            for sets in index.values():
                sets.sort(key=lambda s: s.signs_of is None)
            self._cache["member_index"] = index
        return self._cache["member_index"].get(norm(member), [])

    def plain(self, fact: Statement) -> str:
        """``fact.plain``, parsed once per call."""
        cache = self._cache.setdefault("plain", {})
        if fact.id not in cache:
            cache[fact.id] = fact.plain
        return cache[fact.id]

    def term_word_df(self) -> Counter[str]:
        """In how many term definitions each word occurs (rare words make good cloze gaps)."""
        if "term_df" not in self._cache:
            df: Counter[str] = Counter()
            for t in self.by_kind[FactKind.TERM]:
                df.update(definition_words(t.definition))  # type: ignore[attr-defined]
            self._cache["term_df"] = df
        return self._cache["term_df"]

    def statement_plains(self) -> set[str]:
        """Every true statement of the deck, normalised: never offered as false."""
        if "plains" not in self._cache:
            self._cache["plains"] = {norm(self.plain(s)) for s in self.by_kind[FactKind.STATEMENT]}  # type: ignore[arg-type]
        return self._cache["plains"]


def definition_words(definition: str) -> set[str]:
    """The words a term definition counts once in :meth:`Context.term_word_df`."""
    return {w.casefold() for w in _DF_WORD.findall(definition)}


_DF_WORD = re.compile(r"[^\W_]+")


def _around(facts: list[Fact], pos: int, limit: int) -> Iterator[Fact]:
    """Facts nearest to ``pos`` first (pos+1, pos-1, pos+2, ...), excluding pos."""
    n = len(facts)
    if n <= 1:
        return
    if n - 1 <= limit:
        for d in range(1, n):
            yield facts[(pos + d) % n]
        return
    for d in range(1, limit // 2 + 1):
        yield facts[(pos + d) % n]
        yield facts[(pos - d) % n]


# --------------------------------------------------------------------------- choosing


def pick(ctx: Context, key: str, answer: str, cands: Iterable[Cand], k: int, forbidden: Iterable[str]) -> list[Cand]:
    """Up to ``k`` distractors from ``cands``: none equal to a forbidden
    (true) text after :func:`norm`, no duplicates, preferred tier first,
    then similar length to ``answer``, ties broken by a seeded draw."""
    # compared by look-alike key too: a distractor spelt "Smоke" (Cyrillic о)
    # beside the answer "Smoke" is two options no student can tell apart
    banned = {same(f) for f in forbidden} | {same(answer)}
    draw = ctx.rng(key + "\x1fpick").random
    seen: set[str] = set()
    kept: list[Cand] = []
    ranked = []
    base = len(answer) + 8
    for c in cands:
        n = same(c.text) if norm(c.text) else ""
        if not n or n in banned or n in seen:
            continue
        seen.add(n)
        # length buckets of a half power of two: "similar length" without exactness
        bucket = int(abs(math.log2((len(c.text) + 8) / base)) * 2)
        ranked.append((c.tier, bucket, draw(), len(kept)))
        kept.append(c)
    return [kept[r[3]] for r in heapq.nsmallest(k, ranked)]


def set_non_members(ctx: Context, fact: FactSet) -> list[Cand]:
    """Things that are not members of ``fact``: its explicit non-members and,
    when the set is complete, the members of sets listing the same kind of
    thing. An incomplete set asserts nothing about things it does not list,
    so only its explicit non-members are used then. Cached per fact: the
    mcq, sata and true/false generators all ask."""
    cache = ctx._cache.setdefault("non_members", {})
    if fact.id not in cache:
        cache[fact.id] = _set_non_members(ctx, fact)
    return cache[fact.id]


# The labels of a mapping side that names what its other side is used for:
# "treatment -> condition" pairs read "used for <condition>".
_USE_LABELS = frozenset({"condition", "indication", "use"})


def _used_for(ctx: Context, text: str, fact: FactSet) -> str:
    """What another topic's mapping says ``text`` is used for ("leptomeningeal
    metastases" for "intrathecal chemotherapy"), or, when a mapping of one
    other topic pairs it (whole-brain radiation under brain metastases), that
    topic's title; empty when the deck does not say, or names ``fact``'s own
    condition (a rival "used for bone metastases" in a bone set is no rival)."""
    topics: set[str] = set()
    for value, label, topic in _pairings(ctx).get(norm(text), ()):
        if norm(label) in _USE_LABELS and not content_stems(value) <= content_stems(fact.name):
            return " ".join(value.split())
        topics.add(topic)
    if len(topics) == 1 and fact.topic not in topics:
        (other,) = topics
        title = next((t.title for t in ctx.deck.topics if t.id == other), "")
        # a topic titled by a condition ("Brain metastases") says where it belongs
        if title and not re.search(r"[,:;]| and ", title):
            return title[:1].lower() + title[1:]
    return ""


def _pairings(ctx: Context) -> dict[str, list[tuple[str, str, str]]]:
    """Each mapping side's text (normalised) -> (its partner, the partner's
    label, the mapping's topic): built once per generation, so a rival's
    use is a lookup, not a pass over every mapping (linear decks, issue 15)."""
    made = ctx._cache.get("pairings")
    if made is None:
        made = ctx._cache["pairings"] = {}
        for m in ctx.by_kind[FactKind.MAPPING]:
            assert isinstance(m, Mapping)
            for left, right in m.pairs:
                made.setdefault(norm(left), []).append((right, m.right, m.topic))
                made.setdefault(norm(right), []).append((left, m.left, m.topic))
    return made


def _set_non_members(ctx: Context, fact: FactSet) -> list[Cand]:
    members = join_list(fact.members)
    verb = "are" if fact.complete else "include"
    out = []
    for nm in fact.non_members:
        # say where a non-member really belongs when another set lists it
        listing_it = [s for s in ctx.sets_listing(nm) if s.id != fact.id]
        signs = [s for s in listing_it if fact.signs_of and s.signs_of and s.signs_of != fact.signs_of]
        if signs:
            why = f"{cap(nm)}: a possible sign of {signs[0].signs_of}, not of {fact.signs_of}, whose signs {verb} {members}."
        elif used_for := _used_for(ctx, nm, fact):
            # where the deck says it belongs, not only where it does not
            # ("intrathecal chemotherapy: used for leptomeningeal metastases",
            # review 16 #17): a rationale that only says "not one of" teaches nothing
            why = f"{cap(nm)}: used for {used_for}, not one of {the(fact.name)}, which {verb} {members}."
        elif listing_it:
            # the list nearest ours says what it is instead ("the most common
            # distant sites", not "places lobular cancer spreads to", review 10)
            near = max(listing_it, key=lambda s: len(content_stems(s.name) & content_stems(fact.name)))
            why = f"{cap(nm)}: one of {the(near.name)}, not of {the(fact.name)}, which {verb} {members}."
        else:
            why = f"{cap(nm)}: not one of {the(fact.name)}, which {verb} {members}."
        out.append(Cand(nm, fact.id, why, 0))
    if fact.complete:
        # the most similar few sets give plenty of choice (SATA needs four at most)
        for other in ctx.similar_sets(fact)[:SIMILAR_SETS_CAP]:
            for m in other.members:
                if fact.signs_of and other.signs_of and norm(fact.signs_of) != norm(other.signs_of):
                    why = f"{cap(m)}: a sign of {other.signs_of}, not of {fact.signs_of}."
                else:
                    why = f"{cap(m)}: listed under {other.name}, not {fact.name}."
                out.append(Cand(m, other.id, why, 1))
    return out


# --------------------------------------------------------------------------- items


def option(c: Cand, correct: bool) -> Option:
    return Option(text=cap(c.text), correct=correct, rationale=c.rationale, fact_id=c.fact_id)


# Words after a site that only say it is a site of spread: "liver metastases"
# asked as a mapping side is fairly answered "the liver" (review 5 #32).
_SITE_HEADS = frozenset("metastases metastasis mets tumors tumours".split())
# Words before them that make the answer more than a site ("distant metastases",
# "further bone metastases").
_NOT_A_SITE = frozenset("distant regional local widespread multiple few secondary primary further new more other".split())
# A site is named in a word or two ("liver", "lymph node"); a longer side ending
# in "metastases" is a phrase about them, and cut there it says nothing (review
# 6 #18 found "easing pain and lowering the chance of further skeletal" accepted).
_SITE_WORDS = 2


def side_answers(fact: Mapping, value: str) -> tuple[str, ...]:
    """A mapping side's accepted answers: the side, its ``|`` alternatives,
    and for a site of spread ("liver metastases") the site alone ("liver")."""
    accepted = list(fact.accepted(value))
    parts = value.split()
    if 2 <= len(parts) <= _SITE_WORDS + 1 and parts[-1].casefold() in _SITE_HEADS and not (
        {p.casefold() for p in parts[:-1]} & (_NOT_A_SITE | _STOPWORDS)
    ):
        site = " ".join(parts[:-1])
        if site.casefold() not in {a.casefold() for a in accepted}:
            accepted.append(site)
    return tuple(accepted)


def make_item(
    ctx: Context,
    fact: Fact,
    kind: ItemKind,
    variant: str | int,
    side: str,
    prompt: str,
    *,
    answers: Sequence[str] | None = None,
    options: Sequence[Option] = (),
    extra: dict[str, Any] | None = None,
    shuffle: bool = True,
) -> Item:
    """Build one item; choice options are shuffled by a seed derived from the item id."""
    iid = item_id(ctx.deck.id, fact.id, kind, variant)
    explanation = (fact.explanation or "").strip()
    if not explanation:  # built once per fact: a fact can have hundreds of items
        made = ctx._cache.setdefault("summary", {})
        explanation = made.get(fact.id) or made.setdefault(fact.id, summary(fact))
    opts = list(options)
    if opts and shuffle:
        ctx.rng(iid).shuffle(opts)
    if answers is None:
        answers = [o.text for o in opts if o.correct]
    elif kind in TYPED_KINDS:
        answers = expand(answers, ctx.glossary)
    return Item(
        id=iid,
        kind=kind,
        card=card_id(fact.id, side),
        deck=ctx.deck.id,
        prompt=prompt,
        answers=tuple(answers),
        explanation=explanation,
        fact_ids=(fact.id,),
        sources=evidence(ctx.deck, fact.sources),
        topic=fact.topic,
        tags=tuple(fact.tags),
        nclex=fact.nclex,
        options=tuple(opts),
        extra=dict(extra or {}),
    )


def evidence(deck: Deck, keys: Sequence[str]) -> tuple[str, ...]:
    """The sources an item shows as its evidence: ``keys`` without those
    that back only a wording (:attr:`~factdrill.deck.facts.Source.wording`),
    unless nothing else is left."""
    shown = tuple(k for k in keys if not (k in deck.sources and deck.sources[k].wording))
    return shown or tuple(keys)


def shuffled_not_identity(ctx: Context, key: str, seq: Sequence[str]) -> list[str]:
    """A seeded shuffle of ``seq`` that differs from it when it can (a list
    shown already in order would give the answer away)."""
    out = list(seq)
    ctx.rng(key).shuffle(out)
    if len(set(out)) > 1 and [norm(x) for x in out] == [norm(x) for x in seq]:
        out = out[1:] + out[:1]
    return out


def values_by_key(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Each key of ``pairs`` (first spelling, first-seen order) with all its
    values: one pass, where looking the values up per key was quadratic."""
    grouped: dict[str, tuple[str, list[str]]] = {}
    for key, value in pairs:
        grouped.setdefault(norm(key), (key, []))[1].append(value)
    return list(grouped.values())


def unique(texts: Iterable[str]) -> list[str]:
    """``texts`` without duplicates under :func:`norm`, first spelling kept."""
    seen: set[str] = set()
    out = []
    for t in texts:
        n = norm(t)
        if n and n not in seen:
            seen.add(n)
            out.append(t)
    return out
