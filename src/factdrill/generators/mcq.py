"""Multiple choice, one best answer, usually four options.

Distractors come from sibling facts of the same kind (same topic first):
other terms' definitions or names, non-members of a set, other pairs'
values, lower-ranked items. Each option's rationale says
why it is right, or what it really is and why it is wrong here.
"""

from __future__ import annotations

import re

import dataclasses
from functools import lru_cache
from typing import Iterator

from ..deck.facts import Deck, Fact, FactKind, FactSet, Mapping, Ranking, Term
from .items import Item, ItemKind
from .tracking import memo
from .wording import content_stems, covers, number_cue, root_echo
from .common import (
    MCQ_DISTRACTORS,
    MIN_DISTRACTORS,
    SIBLING_CAP,
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
        # No "Which statement about TOPIC is true?" item: its options were
        # other facts' misconceptions, so three instructor reviews in a row
        # found an unfocused stem, a hedged key among confident false claims
        # and options struck out on topic alone. A statement is tested by its
        # cloze gaps and its true/false item instead.


def _names(t: Term) -> set[str]:
    return {norm(t.term), *(norm(a) for a in t.aliases)}


_GENERIC_TAGS = frozenset({"terminology"})  # on nearly every term: says nothing about its kind


def _kind_of(narrow: Term, broad: Term) -> bool:
    """Whether ``narrow`` names a kind of ``broad``: its words are the broad
    term's plus qualifiers ("malignant pleural effusion", "pleural effusion")."""
    return _stems(broad.term) < _stems(narrow.term)


def _overlap(a: Term, b: Term) -> bool:
    """Whether two terms of one category share their qualifier but not their
    head ("distant recurrence", "distant metastases"): one may be a case of the other, so
    its definition is a true, narrower answer (review 6 #22), not a wrong one."""
    if not a.category or a.category != b.category:
        return False  # "distant" beside another kind of thing names something else
    wa, wb = _ordered_stems(a.term), _ordered_stems(b.term)
    return len(wa) > 1 and len(wb) > 1 and wa[-1] != wb[-1] and bool(set(wa[:-1]) & set(wb[:-1]))


_WORD = re.compile(r"[^\W_]+")
_PLURAL = re.compile(r"(?:is|e?s)$")


# Cached: every term of a topic compares its name with its ~30 siblings'
# (``_kind_of``, ``_overlap``), so each name would be split again ~60 times.
@lru_cache(maxsize=1 << 15)
def _ordered_stems(name: str) -> tuple[str, ...]:
    return tuple(_PLURAL.sub("", w) if len(w) > 4 else w
                 for w in _WORD.findall(name.casefold()) if not is_stopword(w) and not w[0].isdigit())


@lru_cache(maxsize=1 << 15)
def _stems(name: str) -> frozenset[str]:
    # "metastasis" and "metastases" are one word here (words() strips only an s)
    return frozenset(_PLURAL.sub("", w) if len(w) > 4 else w
                     for w in _WORD.findall(name.casefold()) if not is_stopword(w))


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
    # effusion", "distant recurrence" / "distant metastases") fits the other's
    # definition too: a partly right rival, never offered (reviews 19, 20
    # sent back the look-alike kept as "the nearest rival, one case of it")
    others = [s for s in siblings if s not in synonyms and not _kind_of(s, fact) and not _kind_of(fact, s)
              and not _overlap(s, fact)]
    if fact.category:
        # a term of another category (a drug among structures) is out at a glance
        others = [s for s in others if s.category == fact.category]
    if len([w for w in _stems(fact.term) if not w[0].isdigit()]) > 1:  # "strontium 89" is one name
        # a compound name says where in one word and what in the other
        # ("pleural effusion", "pathologic fracture"): among definitions from
        # other organs its own place or everyday word finds the key (review 6
        # #3, #36), so its distractors are terms of its own topic or none
        others = [s for s in others if s.topic == fact.topic]
    ours_words = _telling_words(ctx, fact)
    ours_tags = set(fact.tags) - _GENERIC_TAGS - {fact.topic}

    tiers: dict[str, int] = {}  # both sides rank the same siblings

    def tier(s: Term) -> int:
        # a term sharing a kind tag ("treatment", "symptoms") is the same kind
        # of thing, the most plausible distractor (strontium 89: SBRT, not
        # pathologic fracture); then one whose definition shares a telling
        # word ("membrane"); same topic first within each
        t = tiers.get(s.id)
        if t is None:
            same = 0 if ours_tags & set(s.tags) else 2 if ours_words & _telling_words(ctx, s) else 4
            t = tiers[s.id] = same + (0 if s.topic == fact.topic else 1)
        return t

    # forward: which definition fits the term
    prompt = (fact.term.strip() if asks(fact.term)  # an imported question/answer card
              else f"Which of the following best describes the term \u201c{fact.term.strip()}\u201d?")
    right = Cand(fact.definition, fact.id, why(fact))
    # a definition naming the asked term ("... the two layers of the pleura"
    # for "pleura") cannot be its definition: it rules itself out
    named = content_stems(fact.term)
    # what the option's own term is, and what the asked one means instead
    def describes(s: Term) -> str:
        return sentence(f"This describes \u201c{s.term.strip()}\u201d; "
                        f"\u201c{fact.term.strip()}\u201d means {_plain(fact.definition)}")

    cands = [Cand(s.definition, s.id, describes(s), tier(s))
             for s in others if not named or not named <= content_stems(s.definition)]
    yield _term_item(ctx, fact, "forward", prompt, right, cands, true_definitions)
    if not fact.reverse:
        return
    # reverse: which term the definition names; aliases are never distractors
    definition = " ".join(fact.definition.split()).rstrip(".")
    right = Cand(fact.term, fact.id, why(fact))
    cands = [Cand(s.term, s.id, sentence(f"{cap(s.term)} means {s.definition}"), tier(s)) for s in others]
    yield _term_item(ctx, fact, "reverse", f"Which term means {definition}?", right, cands, true_names,
                     neutral=f"Which term matches the definition \u201c{definition}\u201d?")


def _plain(definition: str) -> str:
    return " ".join(definition.split()).rstrip(".")


def _term_item(ctx: Context, fact: Term, side: str, prompt: str, right: Cand, cands: list[Cand],
               true_texts: list[str], neutral: str | None = None) -> Item | Skip:
    """A term MCQ whose stem and key share no word the distractors lack.

    A word of the definition that the term repeats ("pressure on the spinal
    cord" / "spinal cord compression") points at the key unless the
    distractors share it: those are drawn first, and the item is skipped
    when none do.
    """
    # by root, not only whole words: "pleura" in the key gives "pleurodesis" away
    echo = root_echo(prompt, right.text)
    if echo:
        cands = [dataclasses.replace(c, tier=c.tier - 10) if covers(c.text, echo) else c for c in cands]
    wrong = pick(ctx, f"{fact.id}:{side}", right.text, cands, MCQ_DISTRACTORS, true_texts)
    if len(wrong) < MIN_DISTRACTORS:
        return _too_few(fact, len(wrong), "other terms")
    if _echoes(prompt, right.text, wrong):
        words = ", ".join(sorted(echo))
        return Skip(fact.id, KIND, f"the {side} question repeats the word(s) '{words}' of its answer and no "
                                   "other term shares them, so the answer would be found by matching words")
    if neutral and number_cue(prompt, right.text, [c.text for c in wrong]):
        # "Which term means tumors ...?" agrees with "metastases" alone among
        # "... recurrence" (review 16 #33): the definition quoted as a
        # definition asks for no number
        prompt = neutral
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

    def rank(m: str) -> tuple:
        # a key much longer than every distractor stands out (the audit's
        # longest-option cue) worst; then a generic member that other sets
        # list too ("radiation therapy", for bone, liver and brain: picked
        # because it fits every site, review 16 #17); then the length
        stands_out = len(m.split()) >= LONG_KEY_WORDS and lengths[-1] < LONG_KEY_RATIO * len(m)
        return stands_out, _listed_elsewhere(ctx, fact, m), abs(len(m) - typical), rng.random()

    member = min(plain, key=rank)
    right = Cand(member, fact.id, f"{cap(member)}: one of them. {listing(fact)}")
    wrong = pick(ctx, f"{fact.id}:mcq", member, pool, MCQ_DISTRACTORS, fact.members)
    if len(wrong) < MIN_DISTRACTORS:
        why = "non-members" if fact.complete else "explicit non_members (the set is not complete)"
        yield _too_few(fact, len(wrong), why)
        return
    yield _item(ctx, fact, "main", "main", prompt, right, wrong)


# A key of this many words, longer than every distractor by this ratio, is
# found by its length (the audit's longest-option rule says the same).
LONG_KEY_WORDS = 4
LONG_KEY_RATIO = 0.75


def _listed_elsewhere(ctx: Context, fact: FactSet, member: str) -> bool:
    """Whether another set lists ``member`` too: a generic member that fits
    every site tests nothing about this set."""
    return any(s.id != fact.id for s in ctx.sets_listing(member))


# Pairs borrowed from sibling mappings per side: enough choice, bounded work.
MAPPING_POOL_CAP = 16


def _mapping(ctx: Context, fact: Mapping) -> Iterator[Item | Skip]:
    sides = [("forward", fact.left, fact.right, list(fact.pairs))]
    if fact.reverse:
        sides.append(("reverse", fact.right, fact.left, [(r, l) for l, r in fact.pairs]))
    # sibling mappings with the same labels and topic supply values of the
    # same kind and plane: a bone treatment offered for a brain purpose
    # ("surgery" for "reducing brain swelling") is eliminated by its plane,
    # not by knowing the pair, and its bone rationale misleads in a brain item
    siblings = [s for s in ctx.siblings(fact) if isinstance(s, Mapping) and s.topic == fact.topic]
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
        own, borrowed = cands[: len(pairs)], cands[len(pairs) :]
        done: set[str] = set()
        for i, (key, value) in enumerate(pairs):
            if norm(key) in done:
                continue
            done.add(norm(key))
            true_values = true_for[norm(key)]
            why_pair = pair_rationale(given, wanted, value, key)
            said = _explaining(fact, key, value)
            right = Cand(value, fact.id, f"{why_pair} {said}" if said else why_pair)
            prompt = pair_question(fact.name, given, wanted, key, link=fact.link if side == "forward" else None)
            # the pairs nearest this one, not all of them: linear in a long mapping
            near = cands if len(pairs) <= SIBLING_CAP + 1 else (
                own[max(0, i - SIBLING_CAP // 2) : i + SIBLING_CAP // 2 + 1] + borrowed)
            echo = root_echo(prompt, value)
            ranked = [dataclasses.replace(c, tier=c.tier - 10) if echo and covers(c.text, echo) else c
                      for c in near]
            wrong = pick(ctx, f"{fact.id}:{side}:{norm(key)}", value, ranked, MCQ_DISTRACTORS, true_values)
            if len(wrong) < MIN_DISTRACTORS:
                yield _too_few(fact, len(wrong), f"other values of '{wanted}'")
                continue
            if _echoes(prompt, value, wrong):
                yield Skip(fact.id, KIND, f"the question for '{key}' repeats the word(s) "
                                          f"'{', '.join(sorted(echo))}' of its answer and no other value has them")
                continue
            wrong = [dataclasses.replace(c, rationale=pair_rationale(given, wanted, c.text, c.rationale, key))
                     for c in wrong]
            yield _item(ctx, fact, f"{side}:{norm(key)}", side, prompt, right, wrong, given=key)


def _explaining(fact: Mapping, key: str, value: str) -> str:
    """The sentence of a mapping's explanation about this pair (naming its key
    or its value), which says why they go together; empty when none does."""
    from .common import first_sentence

    text = " ".join((fact.explanation or "").split())
    wanted = content_stems(key) | content_stems(value)
    while text:
        sent = first_sentence(text)
        if content_stems(sent) & wanted and len(content_stems(sent) & wanted) >= min(2, len(wanted)):
            return sent
        text = text[len(sent):].strip()
    return ""


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


def _echoes(prompt: str, key: str, wrong: list[Cand]) -> bool:
    """Whether the words the stem and the key share are in no one distractor.

    One distractor holding them all is the rule (not several holding one
    each): such distractors are drawn first, so whether an item exists does
    not depend on the seed's draw."""
    echo = root_echo(prompt, key)
    return bool(echo) and not any(covers(c.text, echo) for c in wrong)
