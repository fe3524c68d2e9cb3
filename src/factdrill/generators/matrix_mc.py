"""Matrix multiple-choice items: for each action, indicated or contraindicated?

Tests generating solutions (NCJMM step 4). Rows are the situation's
priority and other indicated actions (key: Indicated) and its actions to
avoid (key: Contraindicated), each row with its reason; never a row beside
its own mirror image (the same rule stated both ways). One answer per row,
scored 0/1 per row (NCSBN).
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Claim, Deck, Situation
from .common import Context, Skip, cap
from .items import Item, ItemKind
from .first_actions import unhedged
from .situations import GENERATE, generated, judgment_item, note, shuffled, texts
from .wording import mirrors

KIND = ItemKind.MATRIX_MC
COLUMNS = ["Indicated", "Contraindicated"]
MAX_ROWS = 6
# fewer rows are a quiz of two or three statements, not a grid
MIN_ROWS = 4


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        yield build(ctx, sit)


def question(sit: Situation, in_case: bool = False) -> str:
    """The stem; in a case, without the condition, which the case's
    bowtie asks for later (review 15: a step's stem gave a later step away)."""
    if in_case:
        return "For each nursing action, specify whether it is indicated or contraindicated for this client."
    return (f"The client is being cared for with suspected {sit.condition}. For each nursing action, "
            "specify whether it is indicated or contraindicated.")


def mirror_rows(a: Claim, b: Claim) -> bool:
    """Whether two actions make the same point, one restating or negating
    the other: the same reason, or mostly the same words."""
    return mirrors(a.text, b.text, 0.6) or bool(a.why and b.why and mirrors(a.why, b.why, 0.6))


def build(ctx: Context, sit: Situation, note_: dict | None = None, variant: str | int = 0,
          side: str = "actions") -> Item | Skip:
    # not one that waits for the team's offer: "prepare her for surgery ...
    # if it is offered" is indicated by its hedge, not by reasoning (review 27 #18)
    good = [sit.priority, *(a for a in sit.actions if not unhedged(a.text)[1])]
    bad = list(sit.avoid)
    if len(good) < 2 or not bad:
        return Skip(sit.id, KIND, "an indicated/contraindicated grid needs 2 indicated actions (priority and "
                                  "'actions') and 1 under 'avoid'")
    n_bad = min(len(bad), max(1, MAX_ROWS // 3), MAX_ROWS - 2)
    chosen_bad = [b for b in bad if not mirror_rows(sit.priority, b)][:n_bad]
    if not chosen_bad:
        return Skip(sit.id, KIND, "every action to avoid restates the first action's rule the other way round")
    # no row beside its own mirror image ("give the bisphosphonate once she
    # is rehydrated" / "... before she has been rehydrated"): one answers
    # the other; the indicated row gives way, the priority never
    chosen_good = [c for c in good if c is sit.priority or not any(mirror_rows(c, b) for b in chosen_bad)]
    if len(chosen_good) < 2:
        return Skip(sit.id, KIND, "fewer than 2 indicated actions differ from the actions to avoid (a row and "
                                  "its mirror image would answer each other)")
    rows = [(c, 0) for c in chosen_good[: MAX_ROWS - n_bad]] + [(c, 1) for c in chosen_bad]
    if len(rows) < MIN_ROWS:
        return Skip(sit.id, KIND, f"only {len(rows)} rows to judge (need {MIN_ROWS}: indicated actions that wait "
                                  "for no offer, and actions to avoid)")
    rows = shuffled(ctx, f"{sit.id}:matrix_mc:{variant}", rows)
    rationales = [
        f"Indicated: {c.why}" if col == 0 and c.why else
        (f"Indicated for {sit.condition}." if col == 0 else f"Contraindicated: {c.why}")
        for c, col in rows
    ]
    n = note_ or note(sit, ctx.deck, texts(sit.cues[:3]))
    return judgment_item(
        ctx, sit, KIND, variant, side, GENERATE, question(sit, side == "case"), note_=n,
        answers=[COLUMNS[col] for _, col in rows],
        claims=[c for c, _ in rows],
        extra={"columns": list(COLUMNS), "rows": [cap(f"{c.when}, {c.text}" if c.when else c.text) for c, _ in rows],
               "row_keys": [[col] for _, col in rows], "row_rationales": rationales},
    )
