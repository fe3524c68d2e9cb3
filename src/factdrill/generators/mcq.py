"""Multiple choice, one best answer, usually four options.

Distractors come from sibling facts of the same kind (same topic first):
other terms' definitions or names, non-members of a set, other pairs'
values, lower-ranked items, false statements. Each option's rationale says
why it is right, or what it really is and why it is wrong here.
"""

from __future__ import annotations

import re

import dataclasses
from typing import Iterator

from ..deck.facts import Deck, Fact, FactKind, FactSet, Mapping, Ranking, Statement, Term
from .items import Item, ItemKind
from .tracking import memo
from .wording import ABSOLUTE, HEDGES, content_stems, has_any
from .common import (
    MCQ_DISTRACTORS,
    MIN_DISTRACTORS,
    Cand,
    Context,
    Skip,
    asks,
    cap,
    is_stopword,
    make_item,
    norm,
    option,
    ordinal,
    pair_question,
    pair_rationale,
    pick,
    sentence,
    set_non_members,
    listing,
    the,
    why,
    words,
)

KIND = ItemKind.MCQ


def _too_few(fact: Fact, got: int, what: str) -> Skip:
    return Skip(fact.id, KIND, f"{what}: only {got} to use as distractors (need {MIN_DISTRACTORS})")


def _item(ctx, fact, variant, side, prompt, right: Cand, wrong: list[Cand], **extra) -> Item:
    options = [option(right, True)] + [option(c, False) for c in wrong]
    return make_item(ctx, fact, KIND, variant, side, prompt, options=options, extra=extra)


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for fact in deck.facts:
        if isinstance(fact, Term):
            yield from _term(ctx, fact)
        elif isinstance(fact, FactSet):
            yield from _set(ctx, fact)
        elif isinstance(fact, Mapping):
            yield from _mapping(ctx, fact)
        elif isinstance(fact, Ranking):
            yield from _ranking(ctx, fact)
        elif isinstance(fact, Statement):
            yield from _statement(ctx, fact)


def _names(t: Term) -> set[str]:
    return {norm(t.term), *(norm(a) for a in t.aliases)}


_GENERIC_TAGS = frozenset({"terminology"})  # on nearly every term: says nothing about its kind


def _kind_of(narrow: Term, broad: Term) -> bool:
    """Whether ``narrow`` names a kind of ``broad``: its words are the broad
    term's plus qualifiers ("malignant pleural effusion", "pleural effusion")."""
    return _stems(broad.term) < _stems(narrow.term)


def _stems(name: str) -> set[str]:
    # "metastasis" and "metastases" are one word here (words() strips only an s)
    return {re.sub(r"(?:is|e?s)$", "", w) if len(w) > 4 else w
            for w in re.findall(r"[^\W_]+", name.casefold()) if not is_stopword(w)}


@memo
def _telling_words(ctx: Context, t: Term) -> set[str]:
    """Content words of a definition that few other definitions use."""
    df = ctx.term_word_df()
    limit = max(2, len(ctx.by_kind[FactKind.TERM]) // 4)
    return {w for w in words(t.definition) if len(w) > 3 and df.get(w, 0) <= limit}


def _term(ctx: Context, fact: Term) -> Iterator[Item | Skip]:
    ours = _names(fact)
    siblings = [s for s in ctx.siblings(fact) if isinstance(s, Term)]
    # a sibling sharing a name or a definition with this term is a synonym: its
    # definition (or name) is a true answer too, never a distractor
    synonyms = [s for s in siblings if _names(s) & ours or norm(s.definition) == norm(fact.definition)]
    true_definitions = [fact.definition] + [s.definition for s in synonyms if _names(s) & ours]
    true_names = [fact.term, *fact.aliases] + [n for s in synonyms if norm(s.definition) == norm(fact.definition)
                                               for n in (s.term, *s.aliases)]
    # a narrower or broader term ("malignant pleural effusion" / "pleural
    # effusion") fits the other's definition too: two defensible answers
    others = [s for s in siblings if s not in synonyms and not _kind_of(s, fact) and not _kind_of(fact, s)]
    ours_words = _telling_words(ctx, fact)
    ours_tags = set(fact.tags) - _GENERIC_TAGS - {fact.topic}

    def tier(s: Term) -> int:
        # a term sharing a kind tag ("treatment", "symptoms") is the same kind
        # of thing, the most plausible distractor (strontium 89: SBRT, not
        # pathologic fracture); then one whose definition shares a telling
        # word ("membrane"); same topic first within each
        same = 0 if ours_tags & set(s.tags) else 2 if ours_words & _telling_words(ctx, s) else 4
        return same + (0 if s.topic == fact.topic else 1)

    # forward: which definition fits the term
    prompt = (fact.term.strip() if asks(fact.term)  # an imported question/answer card
              else f"Which of the following best describes the term \u201c{fact.term.strip()}\u201d?")
    right = Cand(fact.definition, fact.id, why(fact))
    # a definition naming the asked term ("... the two layers of the pleura"
    # for "pleura") cannot be its definition: it rules itself out
    named = content_stems(fact.term)
    cands = [Cand(s.definition, s.id, sentence(f"This describes \u201c{s.term.strip()}\u201d, not \u201c{fact.term.strip()}\u201d"), tier(s))
             for s in others if not named or not named <= content_stems(s.definition)]
    yield _term_item(ctx, fact, "forward", prompt, right, cands, true_definitions)
    if not fact.reverse:
        return
    # reverse: which term the definition names; aliases are never distractors
    definition = " ".join(fact.definition.split()).rstrip(".")
    right = Cand(fact.term, fact.id, why(fact))
    cands = [Cand(s.term, s.id, sentence(f"{cap(s.term)} means {s.definition}"), tier(s)) for s in others]
    yield _term_item(ctx, fact, "reverse", f"Which term means {definition}?", right, cands, true_names)


def _term_item(ctx: Context, fact: Term, side: str, prompt: str, right: Cand, cands: list[Cand],
               true_texts: list[str]) -> Item | Skip:
    """A term MCQ whose stem and key share no word the distractors lack.

    A word of the definition that the term repeats ("pressure on the spinal
    cord" / "spinal cord compression") points at the key unless the
    distractors share it: those are drawn first, and the item is skipped
    when none do.
    """
    echo = content_stems(prompt) & content_stems(right.text)
    if echo:
        cands = [dataclasses.replace(c, tier=c.tier - 10) if echo <= content_stems(c.text) else c for c in cands]
    wrong = pick(ctx, f"{fact.id}:{side}", right.text, cands, MCQ_DISTRACTORS, true_texts)
    if len(wrong) < MIN_DISTRACTORS:
        return _too_few(fact, len(wrong), "other terms")
    if _echoes(prompt, right.text, wrong):
        words = ", ".join(sorted(echo))
        return Skip(fact.id, KIND, f"the {side} question repeats the word(s) '{words}' of its answer and no "
                                   "other term shares them, so the answer would be found by matching words")
    return _item(ctx, fact, side, side, prompt, right, wrong)


def _set(ctx: Context, fact: FactSet) -> Iterator[Item | Skip]:
    if not fact.members:
        return
    rng = ctx.rng(f"{fact.id}:mcq-member")
    prompt = f"Which of the following is one of {the(fact.name)}?"
    # a member repeating a word of the stem would be found by matching words
    plain = [m for m in fact.members if not content_stems(m) & content_stems(prompt)]
    if not plain:
        yield Skip(fact.id, KIND, "every member repeats a word of the set's name")
        return
    # the member asked for is one about as long as the non-members offered
    # with it (a key twice as long as every distractor stands out)
    pool = set_non_members(ctx, fact)
    lengths = sorted(len(c.text) for c in pool) or [0]
    typical = lengths[len(lengths) // 2]
    member = min(plain, key=lambda m: (abs(len(m) - typical), rng.random()))
    right = Cand(member, fact.id, f"{cap(member)}: one of them. {listing(fact)}")
    wrong = pick(ctx, f"{fact.id}:mcq", member, pool, MCQ_DISTRACTORS, fact.members)
    if len(wrong) < MIN_DISTRACTORS:
        why = "non-members" if fact.complete else "explicit non_members (the set is not complete)"
        yield _too_few(fact, len(wrong), why)
        return
    yield _item(ctx, fact, "main", "main", prompt, right, wrong)


# Pairs borrowed from sibling mappings per side: enough choice, bounded work.
MAPPING_POOL_CAP = 16


def _mapping(ctx: Context, fact: Mapping) -> Iterator[Item | Skip]:
    sides = [("forward", fact.left, fact.right, list(fact.pairs))]
    if fact.reverse:
        sides.append(("reverse", fact.right, fact.left, [(r, l) for l, r in fact.pairs]))
    # sibling mappings with the same labels supply values of the same kind
    siblings = [s for s in ctx.siblings(fact) if isinstance(s, Mapping)]
    for side, given, wanted, pairs in sides:
        labels = {norm(given), norm(wanted)}
        pool: list[tuple[str, str, str, int]] = [(k, v, fact.id, 0) for k, v in pairs]
        for s in siblings:
            if len(pool) >= len(pairs) + MAPPING_POOL_CAP:
                break
            if {norm(s.left), norm(s.right)} != labels:
                continue
            flip = norm(s.left) != norm(given)
            pool += [((r, l) if flip else (l, r)) + (s.id, 1) for l, r in s.pairs]
        # every value paired with a key anywhere in the pool is true for it: never a distractor
        true_for: dict[str, list[str]] = {}
        for k, v, _, _ in pool:
            true_for.setdefault(norm(k), []).append(v)
        cands = [Cand(v, fid, k, tier) for k, v, fid, tier in pool]  # rationale (the key) filled in below
        done: set[str] = set()
        for key, value in pairs:
            if norm(key) in done:
                continue
            done.add(norm(key))
            true_values = true_for[norm(key)]
            right = Cand(value, fact.id, pair_rationale(given, wanted, value, key))
            wrong = pick(ctx, f"{fact.id}:{side}:{norm(key)}", value, cands, MCQ_DISTRACTORS, true_values)
            if len(wrong) < MIN_DISTRACTORS:
                yield _too_few(fact, len(wrong), f"other values of '{wanted}'")
                continue
            wrong = [dataclasses.replace(c, rationale=pair_rationale(given, wanted, c.text, c.rationale, key))
                     for c in wrong]
            yield _item(ctx, fact, f"{side}:{norm(key)}", side,
                        pair_question(fact.name, given, wanted, key), right, wrong, given=key)


def _ranking(ctx: Context, fact: Ranking) -> Iterator[Item | Skip]:
    items = fact.items
    if len(items) < 1 + MIN_DISTRACTORS:
        yield Skip(fact.id, KIND, f"only {len(items)} ranked items (need {1 + MIN_DISTRACTORS})")
        return
    first = items[0]
    if len({norm(x) for x in items}) < 1 + MIN_DISTRACTORS:
        yield Skip(fact.id, KIND, f"fewer than {1 + MIN_DISTRACTORS} distinct ranked items")
        return
    right = Cand(first, fact.id, f"{cap(first)}: ranked first ({fact.order}).")
    # the next ones down are the most tempting wrong answers
    wrong = [Cand(x, fact.id, f"{cap(x)}: ranked {ordinal(i)}, after {first}.", i) for i, x in enumerate(items[1:], 2)]
    wrong = pick(ctx, f"{fact.id}:first", first, wrong, MCQ_DISTRACTORS, [first])
    yield _item(ctx, fact, "first", "main", _first_question(fact), right, wrong)


def _first_question(fact: Ranking) -> str:
    """"Which ... is the most common of NAME?" for an order "most common
    first" (the usual case, read as a plain question); the generic form else."""
    m = re.fullmatch(r"most (\w+(?: \w+)?) first", " ".join(fact.order.split()).casefold())
    if m:
        return f"Which of the following is the most {m.group(1)} of {the(fact.name)}?"
    return f"Which of the following comes first among {the(fact.name)} ({fact.order})?"


def _statement(ctx: Context, fact: Statement) -> Iterator[Item | Skip]:
    """"Which statement about TOPIC is true?": the statement among false claims
    of *other* facts (and the fact's own misconceptions that do not merely
    negate it). The key's own negation would be a near-twin of the key that
    gives it away; other facts' false claims must be judged on their own."""
    truth = sentence(ctx.plain(fact))
    candidates = _false_claims(ctx, fact, truth)
    wrong = _balanced(ctx, fact.id, truth, candidates)
    prompt = f"Which of the following statements about {_topic_phrase(ctx, fact.topic)} is true?"
    if not _topic_phrase(ctx, fact.topic) or _echoes(prompt, truth, wrong):
        # the topic's words would point at the key: ask without them
        prompt = "Which of the following statements is true?"
    if len(wrong) < MIN_DISTRACTORS:
        yield _too_few(fact, len(wrong), "false claims of other facts")
        return
    right = Cand(truth, fact.id, why(fact))
    yield _item(ctx, fact, "which-true", "main", prompt, right, wrong)


def _false_claims(ctx: Context, fact: Statement, truth: str) -> list[Cand]:
    """Distractor candidates: false claims of sibling statements (same topic
    first). Never the fact's own misconceptions (about the key's subject, a
    near-twin of the key whose refutation is the key itself), never a text
    the deck states as true, never one with a specific determiner ("always",
    "only") the key lacks."""
    true_texts = ctx.statement_plains()
    key_absolute = has_any(truth, ABSOLUTE)
    out: list[Cand] = []
    for s in ctx.siblings(fact):
        if isinstance(s, Statement):
            tier = 0 if s.topic == fact.topic else 1
            out += [Cand(sentence(v), s.id, f"False: {sentence(ctx.plain(s))}", tier) for v in s.false_variants]
    return [c for c in out if norm(c.text) not in true_texts and not (has_any(c.text, ABSOLUTE) - key_absolute)]


def _balanced(ctx: Context, key: str, truth: str, cands: list[Cand]) -> list[Cand]:
    """Three distractors, nearest tier first, as long as the key or longer
    where there are (a key longer than every distractor is a cue)."""
    draw = ctx.rng(f"{key}:which-true").random
    seen = {norm(truth)}
    unique = []
    for c in cands:
        if norm(c.text) not in seen:
            seen.add(norm(c.text))
            unique.append(c)
    # a hedged key ("often", "sometimes") among confident false claims is a
    # cue: hedged false claims come first then
    hedged = bool(has_any(truth, HEDGES))
    ranked = sorted(unique, key=lambda c: (len(c.text) < 0.85 * len(truth),
                                           hedged and not has_any(c.text, HEDGES), c.tier, draw()))
    # one false claim per fact: two of one fact would share one refutation
    chosen, used = [], set()
    for c in ranked:
        if c.fact_id not in used and len(chosen) < MCQ_DISTRACTORS:
            chosen.append(c)
            used.add(c.fact_id)
    ranked = [c for c in ranked if c not in chosen]
    if chosen and all(len(c.text) < len(truth) for c in chosen):
        longer = [c for c in ranked if len(c.text) >= len(truth) and c.fact_id not in used
                  and c.tier <= chosen[-1].tier + 1]
        if longer:
            chosen[-1] = longer[0]
    return chosen


def _echoes(prompt: str, key: str, wrong: list[Cand]) -> bool:
    """Whether a word of the stem recurs in the key and in no distractor."""
    in_wrong = set().union(*(content_stems(c.text) for c in wrong)) if wrong else set()
    return bool((content_stems(prompt) & content_stems(key)) - in_wrong)


def _topic_phrase(ctx: Context, topic_id: str) -> str:
    """The topic title as a phrase inside a sentence ("bone metastases")."""
    for t in ctx.deck.topics:
        if t.id == topic_id:
            title = t.title.strip()
            # lower-case the first letter unless the word is an acronym or name-like (HER2, PET)
            if title[:1].isupper() and not title[1:2].isupper():
                title = title[0].lower() + title[1:]
            return title
    return ""
