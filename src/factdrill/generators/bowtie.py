"""Bowtie items: the condition in the middle, two actions to take on the
left, two parameters to monitor on the right.

Covers every step of clinical judgment in one item (NCSBN's stand-alone
bowtie). From the client's note (the situation's cues): the key condition
among the conditions its look-alikes point to and other situations'; two
keyed actions (the priority and the first other action) among its actions
to avoid (then other situations' first actions that fit this client's
note); two keyed parameters, asked for by what they detect ("to detect the
compression getting worse and ... early"), among her other parameters that
detect something else (:mod:`.monitoring`; other situations' parameters
fill a short list, and are the only wrong ones for parameters that do not
say what they detect). Scored 0/1 per target: at most 5 points.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..deck.facts import Claim, Deck, Situation
from . import monitoring
from .common import Context, Skip, cap
from .items import Item, ItemKind
from .first_actions import can_wait, escalates, to_avoid, waiting
from .situations import (GENERATE, points_to, Choice, condition_choices, foreign, generated, judgment_item, note, shuffled,
                         texts)
from .wording import content_stems

KIND = ItemKind.BOWTIE
QUESTION = ("Complete the diagram: choose the condition the client is most likely experiencing, 2 actions "
            "the nurse should take and 2 parameters the nurse should monitor.")
# where the situation's sources order its actions, the actions asked for are
# the first two, and the right actions that come later are the wrong choices
FIRST_QUESTION = ("Complete the diagram: choose the condition the client is most likely experiencing, the 2 "
                  "actions the nurse should take first and 2 parameters the nurse should monitor.")
# a sequence step this much of whose words an action shares is that action
SAME_STEP = 0.5
# every list of a bowtie offers 4-5 choices (2 keys) or, for the condition,
# 3-4 (1 key): lists of one length across the deck (review 16)
MAX_WRONG = 3
LABELS = ("Condition most likely experiencing", "Actions to take", "Parameters to monitor")


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        yield build(ctx, sit)


def _group(ctx: Context, seed: str, label: str, keys: list[Choice], wrong: list[Choice]) -> dict[str, Any]:
    entries = shuffled(ctx, seed, [*keys, *wrong])
    return {"label": label, "pick": len(keys), "options": [cap(c.text) for c in entries],
            "keys": [i for i, c in enumerate(entries) if c.correct], "rationales": [c.rationale for c in entries]}


def step_of(sit: Situation, action: Claim) -> int | None:
    """The index of the ``sequence`` step that is ``action`` in other words."""
    mine = content_stems(action.text)
    best: tuple[float, int] | None = None
    for i, step in enumerate(sit.sequence):
        theirs = content_stems(step.text)
        if mine and theirs:
            share = len(mine & theirs) / min(len(mine), len(theirs))
            if share >= SAME_STEP and (best is None or share > best[0]):
                best = (share, i)
    return best[1] if best else None


def _actions(ctx: Context, sit: Situation) -> tuple[list[Claim], list[Choice], bool]:
    """The keyed actions, the wrong ones, and whether the item asks for the
    first two. With a ``sequence``: the first action and the action its
    sources put next, among actions they put later (right, but not first)
    and one to avoid. Without: the first two actions, among one to avoid and
    other situations' first actions that fit her note (none that reports:
    two options handing the problem on cannot be told apart); a second
    action to avoid only when the list would otherwise hold one wrong choice. Never a list of unsafe acts nobody
    would choose, whose keys fall out by elimination."""
    avoid = to_avoid(sit, sit.avoid)
    steps = [(step_of(sit, a), n, a) for n, a in enumerate(sit.actions) if not a.also_first]
    ranked = sorted((r, n, a) for r, n, a in steps if r is not None)
    top = step_of(sit, sit.priority)
    if ranked and top is not None and ranked[0][0] >= top:
        second = ranked[0]
        later = [can_wait(sit, a) for r, _, a in ranked if r > second[0]]
        if later:
            # then actions her sources leave out of the order (anti-sickness
            # medicine): right, and not among the first two either
            # (none that shares two words with a step up to the second: a
            # blood test the first step names is not 'later')
            early = [content_stems(st.text) for st in sit.sequence[: second[0] + 1]]
            later += [can_wait(sit, a) for r, _, a in steps
                      if r is None and all(len(content_stems(a.text) & e) < 2 for e in early)]
            later = later[:2]
            return [sit.priority, second[2]], [*later, *avoid[: max(1, MAX_WRONG - len(later))]], True
    # an action done at once beside the first (pain relief while the report
    # is made): the two asked for are those first ones, and her actions that
    # can wait are the wrong choices, right but not now, beside one to avoid,
    # rather than a list of acts nobody would choose (review 27 #38)
    at_once = [a for a in sit.actions if a.also_first]
    later = [can_wait(sit, a) for a in waiting(sit)][: MAX_WRONG - 1]
    if at_once and len(later) >= 2 and avoid:
        return [sit.priority, at_once[0]], [*later, avoid[0]], True
    # her own actions to avoid first, each wrong for a reason about her
    # (review 16: borrowed actions were wrong only "for" another client);
    # other situations' first actions only to reach two wrong choices
    wrong = avoid[:MAX_WRONG]
    if len(wrong) < 2:
        wrong += [c for c in foreign(ctx, sit, "priority", 9) if not escalates(c.text)][: 2 - len(wrong)]
    return [sit.priority, *sit.actions][:2], wrong, False


# A keyed parameter sharing this many words with a keyed action is that
# action again ("blood calcium level" beside "draw blood to check her
# calcium"): one list would give the other away (review 18 #18).
ECHO_WORDS = 2


def _echoes(text: str, doing: list[Claim]) -> bool:
    return any(len(content_stems(text) & content_stems(a.text)) >= ECHO_WORDS for a in doing)


def _parameters(ctx: Context, sit: Situation, conditions: list[str],
                doing: list[Claim] = ()) -> tuple[list[Claim], list[Choice], str]:
    """The keyed parameters, the wrong ones and what the keys detect (empty
    when the situation's parameters do not say). With ``detects``: two of
    her parameters and the ones that detect something else
    (:func:`~.monitoring.pick`); without, her first two among other
    situations' parameters that fit her note (also when fewer than two of
    her parameters or her topic's detect something else: a bowtie keys two
    of her three)."""
    if monitoring.detecting(sit):
        chosen = monitoring.pick(ctx, sit, 2, need=2, k=3)
        # what the keys detect must not name a condition the first list
        # offers ("to detect hypercalcemia" beside hypercalcemia)
        if chosen is not None and not any(monitoring.first_told(k, conditions) for k in chosen[0]):
            keys, wrong = chosen
            return keys, wrong, monitoring.stem(keys)
        # too few parameters that detect something else (three, two keyed):
        # the old list for now, rather than no bowtie and no case step
    # her parameters that do not repeat a keyed action: too few, and there
    # is no bowtie (the low-calcium client's jaw parameter, keyed once in
    # place of "blood calcium level", watched for another problem: review 26 #10)
    mine = [m for m in sit.monitor if not _echoes(m.text, list(doing))]
    return mine[:2], foreign(ctx, sit, "monitor", 3), ""


def build(ctx: Context, sit: Situation, note_: dict | None = None, variant: str | int = 0,
          side: str = "actions", step: str = GENERATE) -> Item | Skip:
    doing, wrong_actions, first = _actions(ctx, sit)
    n = note_ or note(sit, ctx.deck, texts(sit.cues[:4]))
    wrong_conditions = condition_choices(ctx, sit, 3, n["lines"])
    watching, wrong_params, watched_for = _parameters(ctx, sit, [sit.condition, *(c.text for c in wrong_conditions)],
                                                      doing)
    if len(doing) < 2 or len(watching) < 2 or len(wrong_conditions) < 2 or len(wrong_actions) < 2 \
            or len(wrong_params) < 2:
        return Skip(sit.id, KIND, "a bowtie needs 2 actions, 2 'monitor' parameters and 2 wrong choices for "
                                  "each part (rival conditions, 'avoid' actions, other situations' parameters "
                                  "that fit this client's note)")
    seed = f"{sit.id}:bowtie:{variant}"
    groups = [
        _group(ctx, seed + ":c", LABELS[0], [Choice(sit.condition, True, points_to(sit, n),
                                                    sit.id)], wrong_conditions),
        _group(ctx, seed + ":a", LABELS[1], [Choice(c.text, True, f"Take it: {c.why or 'indicated.'}", sit.id)
                                             for c in doing], wrong_actions),
        _group(ctx, seed + ":p", LABELS[2],
               [Choice(c.text, True, f"Monitor it: {c.why or 'it shows how the condition changes.'}", sit.id)
                for c in watching], wrong_params),
    ]
    answers = [g["options"][k] for g in groups for k in g["keys"]]
    question = FIRST_QUESTION if first else QUESTION
    if watched_for:
        question = question[:-1] + f" to detect {watched_for} early."
    return judgment_item(ctx, sit, KIND, variant, side, step, question, note_=n, answers=answers,
                         claims=[*doing, *watching, *sit.cues[:4]], extra={"groups": groups},
                         cited_by=[*wrong_conditions, *wrong_actions, *wrong_params])
