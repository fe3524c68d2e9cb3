"""Deck rules: flaws that show only across many items (a cue no single item
betrays, such as the key being the longest option half of the time)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from ..generators.items import ItemKind
from .context import ONE_BEST, AuditContext
from .findings import Finding

DeckRule = Callable[[AuditContext], Iterable[Finding]]
DECK_RULES: list[tuple[str, DeckRule]] = []

# NCLEX has no true/false items; a few teach a boundary, many make a drill of guesses.
MAX_TRUE_FALSE_SHARE = 0.15
# With four options a key is longest a quarter of the time by chance.
MAX_LONGEST_KEY_SHARE = 0.35
TRUE_SHARE_RANGE = (0.3, 0.7)
# A wrong value offered in more items than this is a pool, not a plausible figure.
MAX_NUMERIC_REUSE = 3


def deck_rule(rule_id: str) -> Callable[[DeckRule], DeckRule]:
    def register(fn: DeckRule) -> DeckRule:
        DECK_RULES.append((rule_id, fn))
        return fn

    return register


def _deck_finding(ctx: AuditContext, rule_id: str, severity, message: str, hint: str) -> Finding:
    return Finding(rule_id, severity, message, hint, None, None, ctx.loc_of())


@deck_rule("true-false-share")
def true_false_share(ctx: AuditContext) -> Iterator[Finding]:
    n = len(ctx.items)
    tf = sum(it.kind is ItemKind.TRUE_FALSE for it in ctx.items)
    if n and tf / n > MAX_TRUE_FALSE_SHARE:
        yield _deck_finding(ctx, "true-false-share", "error",
                            f"{tf} of {n} items ({tf / n:.0%}) are true/false (at most {MAX_TRUE_FALSE_SHARE:.0%})",
                            "generate true/false only where a fact has real false claims")


@deck_rule("true-false-balance")
def true_false_balance(ctx: AuditContext) -> Iterator[Finding]:
    truths = [it.extra.get("truth") for it in ctx.items if it.kind is ItemKind.TRUE_FALSE]
    truths = [t for t in truths if isinstance(t, bool)]
    if len(truths) >= 10:
        share = sum(truths) / len(truths)
        lo, hi = TRUE_SHARE_RANGE
        if not lo <= share <= hi:
            yield _deck_finding(ctx, "true-false-balance", "warning",
                                f"{share:.0%} of true/false items are true",
                                "balance true and false claims so the answer is not guessable")


@deck_rule("longest-key-share")
def longest_key_share(ctx: AuditContext) -> Iterator[Finding]:
    counted = longest = 0
    for it in ctx.items:
        if it.kind not in ONE_BEST or it.kind is ItemKind.NUMERIC_MCQ or len(it.options) < 3:
            continue
        keys = [len(o.text) for o in it.options if o.correct]
        if len(keys) != 1:
            continue
        counted += 1
        longest += keys[0] > max(len(o.text) for o in it.options if not o.correct)
    if counted and longest / counted > MAX_LONGEST_KEY_SHARE:
        yield _deck_finding(ctx, "longest-key-share", "error",
                            f"the key is the longest option in {longest} of {counted} multiple-choice items "
                            f"({longest / counted:.0%}; at most {MAX_LONGEST_KEY_SHARE:.0%})",
                            "draw distractors at least as long as the key")


# Clinical-judgment one-best items are judged on their own: among a deck's
# few priority items, a key that is the longest option, or the one that
# reports to the provider, in most of them is a pattern students learn.
MAX_ESCALATION_SHARE = 0.75


@deck_rule("judgment-key-pattern")
def judgment_key_pattern(ctx: AuditContext) -> Iterator[Finding]:
    from .judgment_rules import escalates

    for kind in (ItemKind.PRIORITY, ItemKind.TEACHING):
        keyed = [(k, it) for it in ctx.items if it.kind is kind and len(it.options) >= 3
                 for k in [[o for o in it.options if o.correct]] if len(k) == 1]
        if len(keyed) < 4:
            continue
        longest = sum(len(k[0].text) > max(len(o.text) for o in it.options if not o.correct) for k, it in keyed)
        if longest / len(keyed) > MAX_LONGEST_KEY_SHARE:
            yield _deck_finding(ctx, "judgment-key-pattern", "warning",
                                f"the key is the longest option in {longest} of {len(keyed)} {kind.value} items "
                                f"({longest / len(keyed):.0%}; at most {MAX_LONGEST_KEY_SHARE:.0%})",
                                "shorten the keys (one action each) or write distractors as long")
        if kind is ItemKind.PRIORITY:
            up = sum(escalates(k[0].text) for k, _ in keyed)
            if up / len(keyed) > MAX_ESCALATION_SHARE:
                yield _deck_finding(ctx, "judgment-key-pattern", "warning",
                                    f"{up} of {len(keyed)} priority keys report to the provider or team "
                                    f"({up / len(keyed):.0%}; at most {MAX_ESCALATION_SHARE:.0%})",
                                    "key the first action the sources support; escalation is first in emergencies")


@deck_rule("numeric-reuse")
def numeric_reuse(ctx: AuditContext) -> Iterator[Finding]:
    # made-up values only: another statistic's real figure offered where it is
    # the confusion a student makes (the study's 22% for the lungs beside its
    # 41% for bone) is no pool, however many of its siblings offer it
    used = Counter(o.text for it in ctx.items if it.kind is ItemKind.NUMERIC_MCQ for o in it.options
                   if not o.correct and o.fact_id == it.fact_ids[0])
    for text, n in sorted(used.items()):
        if n > MAX_NUMERIC_REUSE:
            yield _deck_finding(ctx, "numeric-reuse", "warning",
                                f"the wrong value {text} is offered in {n} numeric items",
                                "derive wrong values from each figure, not from one pool")


@deck_rule("giveaways")
def giveaways(ctx: AuditContext) -> Iterator[Finding]:
    from ..generators.overlap import RevealIndex

    cards: dict[str, list] = {}
    for it in ctx.items:
        cards.setdefault(it.card, []).append(it)
    pairs = list(RevealIndex(cards).pairs())
    if pairs:
        yield _deck_finding(ctx, "giveaways", "warning",
                            f"{len(pairs)} card pairs: one card's feedback states the other's answer",
                            "the drill and the quiz keep such cards apart; an exam never holds both")


def deck_findings(ctx: AuditContext, only: set[str] | None = None) -> Iterator[Finding]:
    for rule_id, fn in DECK_RULES:
        if only is None or rule_id in only:
            yield from fn(ctx)
