"""Drop-down rationale items: the nurse does X because Y (dyad), or the
client has X as shown by Y and Z (triad).

The dyad tests taking action with its reason (NCJMM: take action): "The
nurse should first [1] because [2]", keys the situation's priority action
and its ``why`` among an action that can wait, one to avoid and the reasons
of the client's other actions. The triad tests analyzing cues: "The
client's findings are most consistent with [1], as shown by [2] and [3]",
keys the condition (among rivals that fit part of the picture) and two of
its cues; the wrong findings are the note's ``expected`` findings, in the
note but not pointing to the condition, so the key is never the one option
the note shows. Scored by NCSBN's rationale rule: a point for each linked
pair only when both of its parts are right (dyad: [1]+[2], 1 point; triad:
[1]+[2] and [1]+[3], 2 points).
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Claim, Deck, Situation
from .common import Context, Skip, cap, norm, sentence
from .items import Item, ItemKind
from .first_actions import first_wrongs, own_reasons
from .phrasing import to_do
from .situations import (ANALYZE, TAKE_ACTION, Choice, blank, condition_choices, telling_cues, generated, judgment_item,
                         note, points_to, shown_by, shuffled, texts, uncharted)

MAX_EXPECTED = 3

KIND = ItemKind.RATIONALE
QUESTION = "Complete the sentence by choosing from the lists of options."


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        yield dyad(ctx, sit)
        yield triad(ctx, sit)


def dyad(ctx: Context, sit: Situation, note_: dict | None = None, variant: str = "dyad",
         side: str = "actions", step: str = TAKE_ACTION) -> Item | Skip:
    # the client's own actions and reasons: an action that can wait and one
    # to avoid; the reasons of her other actions (true, but not why the
    # first action comes first)
    wrong_actions = first_wrongs(ctx, sit, 3)
    wrong_whys = own_reasons(sit, 3, [c.text for c in wrong_actions])
    if len(wrong_actions) < 2 or len(wrong_whys) < 2:
        return Skip(sit.id, KIND, "a dyad needs 2 wrong actions ('actions', 'avoid') and 2 reasons of other "
                                  "actions ('actions' with 'why') that differ from the first action's")
    seed = f"{sit.id}:rationale:{variant}"
    first = sit.priority
    blanks = [blank(ctx, first.text, sentence(f"First: {first.why or ''}"), wrong_actions, seed + ":1"),
              blank(ctx, first.why or "", f"The reason {to_do(first.text)}.", wrong_whys, seed + ":2")]
    text = "The nurse should first [1] because [2]."
    n = note_ or note(sit, ctx.deck, texts(sit.cues[:4]))
    return judgment_item(ctx, sit, KIND, variant, side, step, QUESTION, note_=n,
                         answers=[b["options"][b["key"]] for b in blanks],
                         claims=[first, *sit.cues[:4]], facet="dyad",
                         cited_by=[*wrong_actions, *wrong_whys],
                         extra={"text": text, "blanks": blanks, "pairs": [[0, 1]]})


def note_cues(sit: Situation) -> list[Claim]:
    """The four cues a note shows: two that tell the condition from its
    look-alikes first ("numbness in her toes", not the back pain spinal
    metastases without compression would show too), then the others, in
    the deck's order."""
    telling = telling_cues(sit, *[la.text for la in sit.look_alikes if la.points_to])[:2]
    picked = [*telling, *(c for c in sit.cues if c not in telling)][:4]
    return [c for c in sit.cues if c in picked]


def elsewhere(sit: Situation, lines: list[str]) -> list[Choice]:
    """The findings of ``sit``'s look-alikes as wrong evidence: abnormal, and
    pointing to a rival condition, so the student must link each finding to
    its condition rather than tell abnormal from normal (review 16 #38).
    None the note shows (it would support the rival as well) and none dated
    from a treatment she is not charted on."""
    charted = " ".join([sit.client or "", *lines])
    return [Choice(la.text, False, f"{cap(la.text)}: not in her note, and a sign of {la.points_to}, not of "
                                   f"{sit.condition}: {la.why}.", sit.id, sit.cited(la))
            for la in sit.look_alikes
            if la.points_to and la.why and not any(norm(la.text) in norm(line) for line in lines)
            and not uncharted(la.text, charted)]


def triad(ctx: Context, sit: Situation, note_: dict | None = None, variant: str = "triad",
          side: str = "cues", step: str = ANALYZE) -> Item | Skip:
    if note_ is not None:  # a case's note: the cues it shows
        shown = [c for c in sit.cues if any(norm(c.text) in norm(line) for line in note_["lines"])]
    else:
        shown = note_cues(sit)
    if len(shown) < 2:
        return Skip(sit.id, KIND, "a triad needs 2 cues")
    seed = f"{sit.id}:rationale:{variant}"
    n = note_ or note(sit, ctx.deck, [c.text for c in shuffled(ctx, seed + ":note",
                                                               [*shown, *sit.expected_first[:MAX_EXPECTED]])])
    wrong_conditions = condition_choices(ctx, sit, 3, n["lines"])
    if len(wrong_conditions) < 2 or len(sit.expected_first) < 2:
        return Skip(sit.id, KIND, "a triad needs 2 rival conditions ('look_alikes' with 'points_to', or a "
                                  "situation sharing a cue) and 2 'expected' findings for the note")
    # the wrong findings are in the note too (so the key is not the one
    # option the note shows) but do not point to the condition
    in_note = [e for e in sit.expected_first if any(norm(e.text) in norm(line) for line in n["lines"])]
    if len(in_note) < 2:
        return Skip(sit.id, KIND, "fewer than 2 'expected' findings are in the note to offer beside its cues")
    # the evidence keys must tell the condition from the rivals offered:
    # "tiredness" is a sign of advanced cancer itself as much as of high calcium
    offered = [la for la in sit.look_alikes
               if la.points_to and any(norm(la.points_to) == norm(w.text) for w in wrong_conditions)]
    telling = [c for c in telling_cues(sit, *(la.text for la in offered)) if c in shown]
    if len(telling) < 2:
        return Skip(sit.id, KIND, "fewer than 2 cues in the note tell the condition from its rival conditions")
    # wrong findings from the note first: its cues a rival would show too
    # (back pain, which spinal metastases without compression cause as well),
    # so the student weighs which finding shows the condition, not which
    # option the note holds (review 17 #25, #29); then its normal lines,
    # then the look-alikes' findings, which the note does not show
    shared = [(c, la) for c in shown if c not in telling and (la := shown_by(sit, c, offered))]
    wrong_findings = [Choice(c.text, False, f"{cap(c.text)}: in the note, but {la.points_to} can show it too "
                                            f"({la.text}), so it does not tell {sit.condition} apart.", sit.id,
                             sit.cited(c, la))
                      for c, la in shared][: MAX_EXPECTED - 1]
    # a rival's finding keeps a place where the note's other lines are all
    # normal (the audit's rivals-only-normal); not where it charts a finding
    # her care explains, which looks like trouble and is in the note, while
    # a finding absent from the note falls to reading alone (reviews 27 #28,
    # 28 #19)
    explained = any(e.abnormal for e in in_note)
    rivals = [] if explained else elsewhere(sit, n["lines"])
    room = MAX_EXPECTED - len(wrong_findings) - (1 if rivals and not wrong_findings else 0)
    wrong_findings += [Choice(e.text, False, f"{cap(e.text)}: in the note, but not a sign of {sit.condition}: "
                                             f"{e.why}.", sit.id, sit.cited(e)) for e in in_note][:max(room, 1)]
    wrong_findings = (wrong_findings + rivals)[:MAX_EXPECTED]
    a, b = ctx.rng(seed).sample(telling, 2)
    a, b = sorted((a, b), key=list(shown).index)
    why = f"A sign of {sit.condition}, in the note."
    blanks = [blank(ctx, sit.condition, points_to(sit, n), wrong_conditions, seed + ":1"),
              blank(ctx, a.text, why, wrong_findings, seed + ":2"),
              blank(ctx, b.text, why, wrong_findings, seed + ":3")]
    text = "The client's findings are most consistent with [1], as shown by [2] and [3]."
    return judgment_item(ctx, sit, KIND, variant, side, step, QUESTION, note_=n,
                         answers=[bl["options"][bl["key"]] for bl in blanks],
                         claims=[a, b, *shown], facet="triad",
                         cited_by=[*wrong_conditions, *wrong_findings],
                         extra={"text": text, "blanks": blanks, "pairs": [[0, 1], [0, 2]]})
