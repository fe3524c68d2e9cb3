"""Item rules: flaws one item shows on its own.

Each rule is a function ``(ctx, item) -> Iterable[Finding]`` registered in
:data:`ITEM_RULES` with the kinds it applies to. The rules follow the
published rubrics (Haladyna, Downing & Rodriguez 2002; the 19-criterion
item-writing-flaw rubric of Moore et al. 2023, whose rule-based checks found
91% of the flaws human raters found) with deterministic checks over the
deck's structure in place of language models: factdrill knows which fact
each option came from and what the deck holds true.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from ..deck.facts import Statement
from ..generators.items import Item, ItemKind, Option
from .context import CHOICE, ONE_BEST, AuditContext
from .findings import Finding, Severity
from ..generators.wording import ABSOLUTE, HEDGES, content_stems, covers, has_any, number_cue, root_echo, stem, tokens
from ..generators.wording import word_key as norm

Rule = Callable[[AuditContext, Item], Iterable[Finding]]
ITEM_RULES: list[tuple[str, frozenset[ItemKind], Rule]] = []

# SAQUET's threshold: a key of 4+ words whose longest distractor is under
# three quarters of its length stands out.
LONG_KEY_WORDS = 4
LONG_KEY_RATIO = 0.75
# Content-word overlap from which a distractor is a rewrite of the key: a
# misconception of the key's own fact, or a claim of another fact.
REWRITE_OWN = 0.4
REWRITE_OTHER = 0.8
REWRITE_MIN_WORDS = 4
# Options of a one-best-answer item (NCLEX: four).
ONE_BEST_OPTIONS = 4


def rule(rule_id: str, kinds: Iterable[ItemKind]) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        ITEM_RULES.append((rule_id, frozenset(kinds), fn))
        return fn

    return register


def _finding(ctx: AuditContext, item: Item, rule_id: str, severity: Severity, message: str, hint: str) -> Finding:
    return Finding(rule_id, severity, message, hint, item.id, item.fact_ids[0] if item.fact_ids else None,
                   ctx.loc_of(item))


def _keys(item: Item) -> list[Option]:
    return [o for o in item.options if o.correct]


def _wrong(item: Item) -> list[Option]:
    return [o for o in item.options if not o.correct]


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


# -- structure ------------------------------------------------------------------


@rule("key-count", CHOICE | {ItemKind.TRUE_FALSE})
def key_count(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    n = len(_keys(item))
    if item.kind is ItemKind.SATA:
        if not 1 <= n < len(item.options):
            yield _finding(ctx, item, "key-count", "error", f"{n} of {len(item.options)} options are keys",
                           "a select-all item needs at least one right and one wrong option")
    elif n != 1:
        yield _finding(ctx, item, "key-count", "error", f"{n} options are marked correct",
                       "a one-best-answer item has exactly one key")


@rule("duplicate-options", CHOICE)
def duplicate_options(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    from rapidfuzz import fuzz

    seen: list[str] = []
    for o in item.options:
        n = norm(o.text)
        twin = next((s for s in seen if s == n or (len(n) > 10 and _numbers(s) == _numbers(n)
                                                    and fuzz.ratio(s, n) >= 95)), None)
        if twin is not None:
            yield _finding(ctx, item, "duplicate-options", "error", f"two options read the same: '{_short(o.text)}'",
                           "drop one of them or draw another distractor")
        seen.append(n)


_OF_THE_ABOVE = re.compile(r"\b(all|none) of (the )?(above|these|the (options|choices|answers))\b|^(neither|none)$")


@rule("all-none-of-the-above", CHOICE)
def of_the_above(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    for o in item.options:
        if _OF_THE_ABOVE.search(" ".join(tokens(o.text))):
            yield _finding(ctx, item, "all-none-of-the-above", "error", f"option '{_short(o.text)}'",
                           "use a select-all item, or a concrete plausible distractor")


@rule("missing-rationale", CHOICE | {ItemKind.TRUE_FALSE})
def missing_rationale(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    for o in item.options:
        if not o.rationale.strip():
            yield _finding(ctx, item, "missing-rationale", "error", f"option '{_short(o.text)}' has no rationale",
                           "every option says why it is right or wrong")


def _numbers(text: str) -> set[str]:
    return {t for t in tokens(text) if t[0].isdigit()}


_RATIONALE_TEMPLATE = frozenset({stem(w) for w in "true false correct wrong incorrect stated right answer".split()})


@rule("rationale-restates", CHOICE | {ItemKind.TRUE_FALSE})
def rationale_restates(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """A rationale that only repeats the option and the stem teaches nothing.

    A key may lean on the item's explanation (shown with it); a distractor's
    rationale must say itself what the option really is, or why it is wrong.
    """
    asked = content_stems(item.prompt) | _RATIONALE_TEMPLATE
    extra = item.extra or {}
    if isinstance(extra.get("statement"), str):
        asked |= content_stems(extra["statement"])
    explanation_adds = bool(content_stems(item.explanation or "") - asked)
    for o in item.options:
        new = content_stems(o.rationale) - content_stems(o.text) - asked
        new |= _numbers(o.rationale) - _numbers(o.text) - _numbers(item.prompt)
        if new or (o.correct and explanation_adds):
            continue
        yield _finding(ctx, item, "rationale-restates", "error",
                       f"the rationale of '{_short(o.text, 30)}' only restates it: '{_short(o.rationale, 60)}'",
                       "say what the option really is, or what makes it right or wrong")


@rule("lost-sequence", {ItemKind.NUMERIC_MCQ})
def lost_sequence(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    values = []
    for o in item.options:
        m = re.search(r"-?\d+(?:\.\d+)?", o.text.replace(",", ""))
        if m is None:
            return
        values.append(float(m.group()))
    if values != sorted(values):
        yield _finding(ctx, item, "lost-sequence", "error", "numeric options are not in ascending order",
                       "list numbers from smallest to largest")


# -- cues -----------------------------------------------------------------------


@rule("longest-option", ONE_BEST - {ItemKind.NUMERIC_MCQ})
def longest_option(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    keys, wrong = _keys(item), _wrong(item)
    if len(keys) != 1 or not wrong:
        return
    key = keys[0].text
    longest = max(len(o.text) for o in wrong)
    if len(key.split()) >= LONG_KEY_WORDS and longest < LONG_KEY_RATIO * len(key):
        yield _finding(ctx, item, "longest-option", "warning",
                       f"the key ({len(key)} characters) is much longer than every distractor (at most {longest})",
                       "trim qualifiers from the key or draw longer, parallel distractors")


@rule("key-rewrite", ONE_BEST - {ItemKind.NUMERIC_MCQ})
def key_rewrite(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """A distractor that is the key negated or with a word changed: the
    test-wise student picks one of the near-twins (a convergence cue). A
    misconception of the key's own fact is a rewrite when it shares
    REWRITE_OWN of its words with the key; another fact's claim only when it
    is all but the same sentence."""
    keys = _keys(item)
    if len(keys) != 1:
        return
    key = content_stems(keys[0].text, min_len=3)
    if len(key) < REWRITE_MIN_WORDS:
        return
    for o in _wrong(item):
        other = content_stems(o.text, min_len=3)
        if len(other) < REWRITE_MIN_WORDS:
            continue
        own = o.fact_id is not None and o.fact_id == keys[0].fact_id
        # own misconception: how much of the shorter text the other repeats;
        # another fact's claim: how much the two share of all their words
        overlap = len(key & other) / (min if own else max)(len(key), len(other))
        if overlap >= (REWRITE_OWN if own else REWRITE_OTHER):
            yield _finding(ctx, item, "key-rewrite", "error",
                           f"distractor '{_short(o.text)}' rewrites the key ({overlap:.0%} of its words)",
                           "draw distractors from other facts or written misconceptions, not the key's negation")


@rule("clang", CHOICE - {ItemKind.NUMERIC_MCQ})
def clang(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """A word of the stem that only a key repeats ("bone pain" ... "Bone
    metastases"): the answer is found by matching words, not by knowing."""
    stem_words = content_stems(item.prompt)
    for o in _keys(item):
        # by root too ("pleural" ... "Pleurodesis"): a weaker cue than the
        # same word, so a warning
        shared = {w for w in root_echo(item.prompt, o.text) if not any(covers(x.text, {w}) for x in _wrong(item))}
        if shared:
            same_word = bool(shared & stem_words)
            yield _finding(ctx, item, "clang", "error" if same_word else "warning",
                           f"the stem and the key '{_short(o.text, 30)}' share "
                           f"{'' if same_word else 'the root of '}'{', '.join(sorted(shared))}', "
                           "which no distractor has",
                           "reword the stem or the key, or draw distractors that share the word")


@rule("grammatical-number", ONE_BEST - {ItemKind.NUMERIC_MCQ})
def grammatical_number(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """A stem whose number agrees with the key alone ("Which term means
    tumors ...?": "Distant metastases" among "... recurrence"): the key is
    found by grammar, not knowledge (Haladyna et al. 2002, 31c)."""
    keys = _keys(item)
    if len(keys) != 1:
        return
    number = number_cue(item.prompt, keys[0].text, [o.text for o in _wrong(item)])
    if number:
        yield _finding(ctx, item, "grammatical-number", "error",
                       f"the stem asks for a {number} answer and only the key '{_short(keys[0].text, 30)}' is {number}",
                       "word the stem so it fixes no number, or draw distractors of the key's number")


@rule("options-count", ONE_BEST)
def options_count(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """NCLEX one-best-answer items offer four options; three leave a
    test-wise student a coin toss once one rival is struck (review 16 P5)."""
    if 1 < len(item.options) < ONE_BEST_OPTIONS:
        yield _finding(ctx, item, "options-count", "error",
                       f"{len(item.options)} options; a one-best-answer item has {ONE_BEST_OPTIONS}",
                       "add a plausible distractor to the deck (a non_member, a sibling fact) or skip the item")


@rule("absolute-terms", CHOICE - {ItemKind.NUMERIC_MCQ})
def absolute_terms(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """'always', 'never', 'only' in distractors alone mark them as false."""
    in_keys = set().union(*(has_any(o.text, ABSOLUTE) for o in _keys(item))) if _keys(item) else set()
    if in_keys:
        return
    for o in _wrong(item):
        if not isinstance(ctx.facts.get(o.fact_id or ""), Statement):
            continue  # a claim; "after only a minor injury" in a definition is no determiner
        words = has_any(o.text, ABSOLUTE)
        if words:
            yield _finding(ctx, item, "absolute-terms", "error",
                           f"distractor '{_short(o.text)}' says '{', '.join(sorted(words))}'; no key does",
                           "prefer distractors without specific determiners, or reword the false claim")


@rule("vague-key", ONE_BEST - {ItemKind.NUMERIC_MCQ})
def vague_key(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    in_wrong = set().union(*(has_any(o.text, HEDGES) for o in _wrong(item))) if _wrong(item) else set()
    for o in _keys(item):
        hedges = has_any(o.text, HEDGES) - in_wrong
        if hedges and not in_wrong:
            yield _finding(ctx, item, "vague-key", "warning",
                           f"only the key hedges ('{', '.join(sorted(hedges))}')",
                           "hedge the distractors alike or state the key precisely")


_NEGATIVE_QUESTION = re.compile(r"\b(?:which|what)\b(?:\W+\w+){0,6}?\W+(not|least|incorrect|false)\b|\b(except)\b",
                                re.IGNORECASE)


@rule("negative-stem", CHOICE)
def negative_stem(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """A question turned round by NOT, EXCEPT or LEAST (not a negative inside
    a definition the stem quotes) must shout it, or students miss it."""
    for m in _NEGATIVE_QUESTION.finditer(item.prompt):
        word = m.group(1) or m.group(2)
        if not word.isupper():
            yield _finding(ctx, item, "negative-stem", "warning", f"the question is negative ('{word}')",
                           "ask positively, or write the negative in capitals (NOT, EXCEPT)")
            return


@rule("fill-in-choice", CHOICE)
def fill_in_choice(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    if re.search(r"_{3,}", item.prompt):
        yield _finding(ctx, item, "fill-in-choice", "warning", "a blank inside a choice item's stem",
                       "ask a direct question instead")


@rule("convergence", ONE_BEST - {ItemKind.NUMERIC_MCQ})
def convergence(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """The key combines the parts the distractors share most: the test-wise
    student picks the option at the centre of the others."""
    parts = [{norm(p) for p in re.split(r",|;| and | or |/", o.text) if norm(p)} for o in item.options]
    if sum(len(p) > 1 for p in parts) < 2:
        return
    freq = Counter(p for ps in parts for p in ps)
    scores = [sum(freq[p] for p in ps) for ps in parts]
    best = max(scores)
    winners = [i for i, s in enumerate(scores) if s == best]
    if len(winners) == 1 and item.options[winners[0]].correct and best > len(parts[winners[0]]):
        yield _finding(ctx, item, "convergence", "warning", "the key shares the most parts with the distractors",
                       "balance the parts across options")


@rule("implausible-distractor", CHOICE - {ItemKind.NUMERIC_MCQ})
def implausible_distractor(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    key_fact = ctx.fact_of(item)
    if key_fact is None:
        return
    for o in _wrong(item):
        other = ctx.facts.get(o.fact_id or "")
        if other is not None and other.kind is not key_fact.kind:
            yield _finding(ctx, item, "implausible-distractor", "warning",
                           f"distractor '{_short(o.text)}' comes from a {other.kind.value} fact, "
                           f"the key from a {key_fact.kind.value} fact",
                           "draw distractors of the key's own kind")


# -- truth --------------------------------------------------------------------


@rule("true-elsewhere", CHOICE)
def true_elsewhere(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """A distractor another fact of the deck makes true: two defensible keys."""
    for o in _wrong(item):
        why = _true_because(ctx, item, o)
        if why:
            yield _finding(ctx, item, "true-elsewhere", "error", f"distractor '{_short(o.text)}' is true: {why}",
                           "exclude it from this item's distractors or make the facts agree")


def _true_because(ctx: AuditContext, item: Item, o: Option) -> str | None:
    t = ctx.truths
    text = norm(o.text)
    fact = ctx.fact_of(item)
    extra = item.extra or {}
    if text.rstrip(".") in {s.rstrip(".") for s in t.statements}:
        return "the deck states it as a true statement"
    if fact is None:
        return None
    name = norm(getattr(fact, "name", "") or "")
    if item.kind in (ItemKind.MCQ, ItemKind.SATA) and name and text in t.set_members.get(name, ()):
        return f"another set named '{getattr(fact, 'name', '')}' lists it"
    signs = extra.get("signs")
    if item.kind is ItemKind.SCENARIO and isinstance(signs, list) and signs:
        fits = [s for s in signs if text in t.sign_of.get(norm(s), set())]
        if len(fits) == len(signs):
            return "every finding of the vignette is also a sign of it"
    given = extra.get("given")
    if isinstance(given, str):
        labels = (norm(getattr(fact, "left", "")), norm(getattr(fact, "right", "")))
        for a, b in (labels, labels[::-1]):
            if text in t.pairs.get((a, b, norm(given)), ()):
                return f"a mapping pairs it with '{given}' too"
    return None


def item_findings(ctx: AuditContext, item: Item, only: set[str] | None = None) -> Iterator[Finding]:
    for rule_id, kinds, fn in ITEM_RULES:
        if item.kind in kinds and (only is None or rule_id in only):
            yield from fn(ctx, item)
