"""What to monitor: the keys and wrong choices of a parameter blank or list.

A parameter is right or wrong only against what it is watched for: every
parameter a situation lists is right for its client, so "the nurse should
monitor [3]" with her other parameters beside the key has three keys, and
with other clients' parameters ("level of consciousness and pupils" for a
broken bone) the key is found by striking out what her note never calls
for. A ``monitor`` entry's ``detects`` ("the compression getting worse")
lets the stem ask for one change ("To detect the compression getting worse
early, the nurse should monitor [3]"); the situation's other parameters
are then fair wrong choices, each explained by what it detects instead.

Wrong choices, in order: the situation's own parameters that detect
something else (:func:`own_wrongs`); then, only to reach the number the
item needs, parameters of situations in the same topic (the same organ: her
bones), then of other topics when they name nothing of that other client
(no jaundice, no skull pressure) and presuppose nothing she lacks ("after
the drainage"). Without ``detects`` the old stem stays, with borrowed
parameters only (:func:`~.situations.foreign`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..deck.facts import Claim, Situation
from .common import Context, cap, join_list
from .situations import Choice, bound, distinct, others, own_claims, presupposes
from .wording import content_stems


def detecting(sit: Situation) -> list[Claim]:
    """The situation's parameters that say what they detect."""
    return [c for c in sit.monitor if c.detects]


def stem(keys: Sequence[Claim]) -> str:
    """What the keys are watched for, as the stem names it."""
    return join_list([c.detects or "" for c in keys])


def _detects_too(claim: Claim, keys: Sequence[Claim]) -> bool:
    """Whether ``claim`` (its text, reason or what it detects) speaks of
    what a key detects: it could be a right answer to the stem too."""
    asked = content_stems(" ".join(k.detects or "" for k in keys))
    return bool(asked & content_stems(f"{claim.text} {claim.why or ''} {claim.detects or ''}"))


def own_wrongs(sit: Situation, keys: Sequence[Claim]) -> list[Choice]:
    """The situation's other parameters that detect something else, each
    with what it detects instead; none that speaks of what a key detects."""
    asked = stem(keys)
    out = []
    for c in detecting(sit):
        if any(c is k for k in keys) or _detects_too(c, keys):
            continue
        out.append(Choice(c.text, False, f"{cap(c.text)} is watched to detect {c.detects}, not {asked}.",
                          sit.id, sit.cited(c)))
    return out


def borrowed(ctx: Context, sit: Situation, keys: Sequence[Claim], k: int) -> list[Choice]:
    """Other situations' parameters that detect something else, for a list
    still short of wrong choices: same topic first (her own organ), then
    other topics' when the parameter names nothing of that client's
    condition or findings; never one that presupposes an event she lacks
    or rewords a claim of hers."""
    if k <= 0:
        return []
    ours = own_claims(sit)
    asked = stem(keys)
    out: list[Choice] = []
    for other in sorted(others(ctx, sit), key=lambda o: o.topic != sit.topic):
        for c in detecting(other):
            if len(out) >= k:
                return out
            said = f"{c.text} {c.why or ''} {c.detects}"
            if (not distinct(c.text, ours) or _detects_too(c, keys) or presupposes(said, sit)
                    or any(o.text == c.text for o in out)):
                continue
            if other.topic != sit.topic and bound(c.text, f"{c.why or ''} {c.detects}", other):
                continue  # her note has no jaundice, no seizure: struck out without reasoning
            out.append(Choice(c.text, False, f"{cap(c.text)} is watched to detect {c.detects}, not {asked}.",
                              other.id, other.cited(c)))
    return out


def wrongs(ctx: Context, sit: Situation, keys: Sequence[Claim], need: int, k: int) -> list[Choice]:
    """Up to ``k`` wrong parameters for ``keys``: her own first, borrowed
    ones only to reach ``need``."""
    own = own_wrongs(sit, keys)[:k]
    return own + borrowed(ctx, sit, keys, need - len(own))


def pick(ctx: Context, sit: Situation, n: int, need: int, k: int) -> tuple[list[Claim], list[Choice]] | None:
    """``n`` keyed parameters that say what they detect and their wrong
    choices: the first keys (in the situation's order) with the most own
    wrong choices; None when the situation's parameters say nothing of
    what they detect or no set reaches ``need`` wrong choices."""
    params = detecting(sit)
    best: tuple[int, list[Claim], list[Choice]] | None = None
    for start in range(len(params)):
        keys = [params[(start + i) % len(params)] for i in range(n)] if len(params) >= n else []
        if len(keys) < n:
            break
        own = len(own_wrongs(sit, keys))
        if best is None or own > best[0]:
            best = (own, keys, wrongs(ctx, sit, keys, need, k))
    if best is None or len(best[2]) < need:
        return None
    return best[1], best[2]


def first_told(param: Claim, conditions: list[str]) -> bool:
    """Whether the change a parameter detects names one of the conditions
    the first blank offers (its key or a rival): asking for it would give
    that blank away, or rule its rivals out at a glance."""
    return bool(param.detects and content_stems(param.detects) & set().union(*map(content_stems, conditions)))
