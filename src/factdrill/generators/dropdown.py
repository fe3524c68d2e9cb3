"""Drop-down cloze items: a sentence with a drop-down list in each blank.

"The client's findings are most consistent with [1]. The nurse's first
action is to [2]. To detect the compression getting worse early, the nurse
should monitor [3]." Tests recognizing the condition, prioritizing and
choosing what to watch in one reading (NCJMM: prioritize hypotheses). The
blanks' keys are the situation's condition, priority action and a parameter
to monitor; the wrong choices are the rivals its look-alikes point to (and
situations sharing a cue), its own actions (ones that can wait, one to
avoid), and its other parameters, each detecting something else
(:mod:`.monitoring`; other situations' parameters only when hers are too
few, or when her parameters do not say what they detect). A blank without
enough such choices is left out. Scored 0/1 per blank.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..deck.facts import Claim, Deck, Situation
from . import monitoring
from .common import Context, Skip
from .items import Item, ItemKind
from .wording import content_stems, roots_of
from .first_actions import first_wrongs
from .situations import (PRIORITIZE, Choice, blank, condition_choices, foreign, generated, judgment_item, points_to, note,
                         texts)

KIND = ItemKind.DROPDOWN
QUESTION = "Complete the sentences by choosing from the lists of options."


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        yield build(ctx, sit)


def _watch(ctx: Context, sit: Situation) -> tuple[str, Claim, list[Choice]] | None:
    """The parameter blank: its sentence, key and wrong choices. With
    parameters that say what they detect, the sentence asks for one change
    and the wrong choices are her other parameters
    (:func:`~.monitoring.pick`); a situation whose parameters say so but
    cannot fill the blank fairly leaves it out. Without, the old sentence
    with other situations' parameters that fit her note."""
    if monitoring.detecting(sit):
        chosen = monitoring.pick(ctx, sit, 1, need=2, k=3)
        if chosen is None:
            return None
        (first,), wrong = chosen
        return f"To detect {first.detects} early, the nurse should monitor {{}}.", first, wrong
    if not sit.monitor:
        return None
    wrong = foreign(ctx, sit, "monitor", 3)
    return ("The nurse should monitor {}.", sit.monitor[0], wrong) if len(wrong) >= 2 else None


def _names_her_care(param: Claim, sit: Situation) -> bool:
    """Whether what ``param`` detects speaks of the thing her own actions
    treat ("the fluid building up again" beside "draining the fluid"): said
    in the sentence, it names the condition blank [1] asks for (review 20 #12)."""
    return bool(param.detects) and bool(content_stems(param.detects) & content_stems(_care(sit)))


def _care(sit: Situation) -> str:
    """Her first action and her other actions, as one text."""
    return " ".join(a.text for a in (sit.priority, *sit.actions))


# Letters of a word that name its root ("drainage", "draining": "drain").
_ROOT = 5


def _roots(text: str) -> set[str]:
    return roots_of(text, _ROOT)


def _telltale(sit: Situation, rivals: list[Choice]) -> set[str]:
    """Roots that name her condition's own problem: what her parameters
    detect and her care treats ("fluid", "drain"), and no rival's findings
    say. A wrong action holding one answers the condition blank beside it
    ("ask the provider about draining the fluid": review 22 #2)."""
    care = _roots(_care(sit))
    detected = _roots(" ".join(m.detects or "" for m in sit.monitor))
    return (care & detected) - _roots(" ".join(f"{c.text} {c.rationale}" for c in rivals))


def build(ctx: Context, sit: Situation, note_: dict | None = None, variant: str | int = 0,
          side: str = "actions") -> Item | Skip:
    parts: list[tuple[str, dict[str, Any]]] = []
    wrongs: list[Choice] = []
    claims = [sit.priority, *sit.cues[:4]]
    seed = f"{sit.id}:dropdown:{variant}"
    n = note_ or note(sit, ctx.deck, texts(sit.cues[:4]))
    wrong_conditions = condition_choices(ctx, sit, 3, n["lines"])
    if len(wrong_conditions) >= 2:
        wrongs += wrong_conditions
        parts.append(("The client's findings are most consistent with {}.",
                      blank(ctx, sit.condition, points_to(sit, n), wrong_conditions,
                            seed + ":1")))
    # the client's own actions that can wait, and at most one to avoid; none
    # that names her problem while its condition is asked beside it
    wrong_actions = first_wrongs(ctx, sit, 3)
    if parts:
        telltale = _telltale(sit, wrong_conditions)
        wrong_actions = [c for c in wrong_actions if not _roots(c.text) & telltale]
    if len(wrong_actions) >= 2:
        wrongs += wrong_actions
        parts.append(("The nurse's first action is to {}.",
                      blank(ctx, sit.priority.text, f"First, because {sit.priority.why}", wrong_actions,
                            seed + ":2")))
    watch = _watch(ctx, sit)
    if watch is not None and (monitoring.first_told(watch[1], [sit.condition, *(c.text for c in wrong_conditions)])
                              or _names_her_care(watch[1], sit)):
        watch = None  # "To detect hypocalcemia early" would answer blank [1]
    if watch is not None:
        sentence, first, wrong_params = watch
        wrongs += wrong_params
        claims.append(first)
        parts.append((sentence, blank(ctx, first.text, f"Monitor it: {first.why}" if first.why
                                      else f"It shows how {sit.condition} is changing.",
                                      wrong_params, seed + ":3")))
    if len(parts) < 2:
        return Skip(sit.id, KIND, "fewer than 2 blanks have 2 wrong choices (needs other conditions, "
                                  "'avoid' actions or other situations, and 'monitor')")
    # replace, not format: a parameter's 'detects' is deck text and may hold braces
    text = " ".join(t.replace("{}", f"[{i}]", 1) for i, (t, _) in enumerate(parts, 1))
    blanks = [b for _, b in parts]
    return judgment_item(ctx, sit, KIND, variant, side, PRIORITIZE, QUESTION, note_=n,
                         answers=[b["options"][b["key"]] for b in blanks], claims=claims, cited_by=wrongs,
                         extra={"text": text, "blanks": blanks})
