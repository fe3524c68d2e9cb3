"""Matrix multiple-choice items: for each action, indicated or contraindicated?

Tests generating solutions (NCJMM step 4). Rows are the situation's
priority and other indicated actions (key: Indicated) and its actions to
avoid (key: Contraindicated), each row with its reason. One answer per row,
scored 0/1 per row (NCSBN).
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Deck, Situation
from .common import Context, Skip, cap
from .items import Item, ItemKind
from .situations import GENERATE, generated, judgment_item, note, shuffled, texts

KIND = ItemKind.MATRIX_MC
COLUMNS = ["Indicated", "Contraindicated"]
MAX_ROWS = 6


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        yield build(ctx, sit)


def question(sit: Situation) -> str:
    return (f"The client is being cared for with suspected {sit.condition}. For each nursing action, "
            "specify whether it is indicated or contraindicated.")


def build(ctx: Context, sit: Situation, note_: dict | None = None, variant: str | int = 0,
          side: str = "actions") -> Item | Skip:
    good = [sit.priority, *sit.actions]
    bad = list(sit.avoid)
    if len(good) < 2 or not bad:
        return Skip(sit.id, KIND, "an indicated/contraindicated grid needs 2 indicated actions (priority and "
                                  "'actions') and 1 under 'avoid'")
    n_bad = min(len(bad), max(1, MAX_ROWS // 3), MAX_ROWS - 2)
    rows = [(c, 0) for c in good[: MAX_ROWS - n_bad]] + [(c, 1) for c in bad[:n_bad]]
    rows = shuffled(ctx, f"{sit.id}:matrix_mc:{variant}", rows)
    rationales = [
        f"Indicated: {c.why}" if col == 0 and c.why else
        (f"Indicated for {sit.condition}." if col == 0 else f"Contraindicated: {c.why}")
        for c, col in rows
    ]
    n = note_ or note(sit, ctx.deck, texts(sit.cues[:3]))
    return judgment_item(
        ctx, sit, KIND, variant, side, GENERATE, question(sit), note_=n,
        answers=[COLUMNS[col] for _, col in rows],
        claims=[c for c, _ in rows],
        extra={"columns": list(COLUMNS), "rows": [cap(c.text) for c, _ in rows],
               "row_keys": [[col] for _, col in rows], "row_rationales": rationales},
    )
