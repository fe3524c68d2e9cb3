"""Unfolding case studies: six linked items about one client, one per step
of NCSBN's Clinical Judgment Measurement Model, the client's note growing
between steps. A case is one card and one item (its score is the sum of
its steps'); exams and LMS files print its six steps as six questions.

1. Recognize cues: highlight the findings of the 08:00 note that need
   follow-up (+/-).
2. Analyze cues: at 08:30 more findings; "most consistent with [condition],
   as shown by [cue] and [cue]" (rationale triad).
3. Prioritize hypotheses: "The nurse should first [action] because
   [reason]" (rationale dyad).
4. Generate solutions: indicated or contraindicated, per action (matrix,
   0/1 per row).
5. Take action: the actions in order (0/1 per position) from the
   situation's ``sequence``; without one there is no case (a bowtie or a
   first-action item would ask steps 2 and 3 again).
6. Evaluate outcomes: a later note; which findings show the care for the
   condition has worked (+/-): its ``outcomes``, beside the findings
   expected after her treatment (``later``: abnormal-looking, needing no
   follow-up, not outcomes) and then a normal finding; without two
   outcomes, a need-for-further-teaching item beside a later note (its
   outcome and expected findings), never under the acute one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from ..deck.facts import Claim, Deck, Situation
from . import action_order, highlight, matrix_mc, rationale, teaching
from .common import Context, Skip
from .items import Item, ItemKind
from .situations import (ANALYZE, EVALUATE, PRIORITIZE, Choice, client, generated, judgment_item, note, on_problem,
                         shuffled)

KIND = ItemKind.CASE
SIDE = "case"
# when the outcomes are charted: "later in the stay" does not fit a woman
# seen for her injections as an outpatient (review 16 #38)
LATER = "Nurse's note, some days later"
# findings expected after her treatment offered in the later note
MAX_LATER = 2


def most_on_problem(sit: Situation) -> int:
    """The index of the teaching gap most about the case's own problem
    (:func:`~.situations.on_problem`): a case on low calcium ends on the
    tingling or the calcium, not on dental care (review 16 #38); the first
    gap on a tie."""
    scores = [on_problem(sit, g) for g in sit.gaps]
    return scores.index(max(scores))


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        yield build(ctx, sit)


def build(ctx: Context, sit: Situation) -> Item | Skip:
    first_cues = sit.cues[: max(2, min(3, len(sit.cues) - 1))]
    later = [c for c in rationale.note_cues(sit) if c not in first_cues]
    if len(sit.cues) < 3 or not later:
        return Skip(sit.id, KIND, "a case needs 3 cues (some at 08:00, more at 08:30)")
    step1 = highlight.build(ctx, sit, first_cues, variant="case-1", side=SIDE)
    if isinstance(step1, Skip):
        return Skip(sit.id, KIND, f"step 1: {step1.reason}")
    v1 = step1.extra["note"]
    v2 = note(sit, ctx.deck, [*v1["lines"], *(f"08:30: {c.text}" for c in later)], "Nurse's note, 08:00")
    steps: list[Item | Skip] = [
        step1,
        rationale.triad(ctx, sit, note_=v2, variant="case-2", side=SIDE, step=ANALYZE),
        rationale.dyad(ctx, sit, note_=v2, variant="case-3", side=SIDE, step=PRIORITIZE),
        matrix_mc.build(ctx, sit, note_=v2, variant="case-4", side=SIDE),
        _take_action(ctx, sit, v2),
        _evaluate(ctx, sit, v2),
    ]
    for n, step in enumerate(steps, 1):
        if isinstance(step, Skip):
            return Skip(sit.id, KIND, f"step {n}: {step.reason}")
    items = tuple(s for s in steps if isinstance(s, Item))
    sources = tuple(dict.fromkeys(k for s in items for k in s.sources))
    question = f"Unfolding case study: {client(ctx.deck, sit)}. Answer the six items in turn."
    case = judgment_item(ctx, sit, KIND, 0, SIDE, "all", question,
                         answers=[a for s in items for a in s.answers], extra={"steps": items})
    return replace(case, sources=sources)


def _take_action(ctx: Context, sit: Situation, v2: dict) -> Item | Skip:
    # the order of the actions her sources give: a bowtie here re-asked step
    # 2's condition and step 3's first action, and a first-action item was
    # step 3 again (review 27 #18, #32), so a case needs a ``sequence``
    return action_order.build(ctx, sit, note_=v2, variant="case-5", side=SIDE)


def _evaluate(ctx: Context, sit: Situation, v2: dict) -> Item | Skip:
    rivals = later_rivals(sit)
    if len(sit.outcomes) < 2:
        if sit.gaps:
            # teach-back happens later, not under the acute note: the note the
            # teaching is read beside shows how she is then, its outcome first
            later = [o.text for o in sit.outcomes] + [e.text for e in rivals]
            v3 = note(sit, ctx.deck, later, LATER) if later else v2
            return teaching.build(ctx, sit, most_on_problem(sit), note_=v3, variant="case-6", side=SIDE)
        return Skip(sit.id, KIND, "evaluating outcomes needs 2 'outcomes' or a teaching gap")
    if not rivals:
        return Skip(sit.id, KIND, "evaluating outcomes needs an 'expected' finding beside the outcomes")
    findings = [Choice(o.text, True, f"Shows the care has worked: an expected outcome of care for "
                                     f"{sit.condition}.", sit.id) for o in sit.outcomes[:3]]
    findings += [Choice(e.text, False, f"{_needs_none(e)}, but it does not show the care has worked: {e.why}",
                        sit.id) for e in rivals]
    findings = shuffled(ctx, f"{sit.id}:case-6", findings)
    v3 = note(sit, ctx.deck, [c.text for c in findings], f"{LATER} (its findings are the choices below)")
    return judgment_item(ctx, sit, ItemKind.HIGHLIGHT, "case-6", SIDE, EVALUATE,
                         f"Which findings show that the care for {sit.condition} has worked? Select all that apply.",
                         note_=v3, choices=findings, claims=[*sit.outcomes[:3], *rivals], shuffle=False)


def _needs_none(e: Claim) -> str:
    """Why an expected finding needs no follow-up, as the feedback says it."""
    if e.later:
        return "Expected after her treatment, so it needs no follow-up"
    return "Explained by a treatment she has had, so it needs no follow-up" if e.abnormal else "Normal"


def later_rivals(sit: Situation) -> list[Claim]:
    """The wrong findings of the note written after the care: first those
    expected after her treatment (``later``: they look like trouble, and
    telling them from a failing treatment is the judgment, review 16 P1),
    then a plainly normal line; two normal lines when there are none."""
    later = list(sit.expected_later[:MAX_LATER])
    return [*later, *sit.expected_first[:1 if later else 2]]
