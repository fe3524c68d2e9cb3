"""Matrix multiple-response items: for each finding, the condition(s) it may point to.

Tests analyzing cues (NCJMM step 2): linking findings to conditions when one
finding fits more than one. Columns are the situation's condition and up to
two other situations that share a cue with it (written the same way); rows
are findings each column situation lists as a cue. A finding that shares
words with a cue or look-alike of a column that does not list it, or with
a look-alike of a column that does, is left out, so no cell is keyed "no"
on a guess. Scored +/- over the grid (NCSBN):
+1 per keyed cell chosen, -1 per other cell chosen, never below 0.
"""

from __future__ import annotations

from typing import Iterator

from ..deck.facts import Deck, Situation
from .common import Context, Skip, cap, join_list, norm
from .items import Item, ItemKind
from .situations import ANALYZE, Choice, client, generated, judgment_item, others, shuffled
from .wording import content_stems

KIND = ItemKind.MATRIX_MR
MAX_ROWS = 5
MAX_COLUMNS = 3


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        yield build(ctx, sit)


def _cues(sit: Situation) -> dict[str, str]:
    return {norm(c.text): c.text for c in sit.cues}


def build(ctx: Context, sit: Situation, variant: str | int = 0, side: str = "cues") -> Item | Skip:
    mine = _cues(sit)
    sharing = [o for o in others(ctx, sit) if set(_cues(o)) & set(mine)]
    if not sharing:
        return Skip(sit.id, KIND, "no other situation lists one of its cues in the same words "
                                  "(a findings grid across conditions needs a shared finding)")
    columns = [sit, *sharing[: MAX_COLUMNS - 1]]
    rows: list[tuple[str, list[int]]] = []
    seen: set[str] = set()
    for pick_shared in (True, False):
        for col, s in enumerate(columns):
            for key, text in _cues(s).items():
                if key in seen:
                    continue
                keyed = [i for i, c in enumerate(columns) if key in _cues(c)]
                if (len(keyed) > 1) != pick_shared or not _clear(text, keyed, columns):
                    continue
                seen.add(key)
                rows.append((text, keyed))
    shared = [r for r in rows if len(r[1]) > 1][:2]
    single = [r for r in rows if len(r[1]) == 1]
    picked = shared + _spread(single, len(columns), MAX_ROWS - len(shared))
    if not shared or len(picked) < 3:
        return Skip(sit.id, KIND, "fewer than 3 findings can be keyed without doubt across the conditions")
    picked = shuffled(ctx, f"{sit.id}:matrix_mr:{variant}", picked)
    names = [cap(c.condition) for c in columns]
    rationales = [_why(text, keyed, columns) for text, keyed in picked]
    question = (f"In {client(ctx.deck, sit)}, for each finding, specify the condition(s) it may point to. "
                "A finding may point to more than one condition.")
    shown = {norm(t) for t, _ in picked}
    used = [c for c in sit.cues if norm(c.text) in shown]
    theirs = [Choice("", False, "", s.id, s.cited(*[c for c in s.cues if norm(c.text) in shown]))
              for s in columns[1:]]
    return judgment_item(
        ctx, sit, KIND, variant, side, ANALYZE, question,
        answers=["; ".join(names[i] for i in keyed) for _, keyed in picked], claims=used, cited_by=theirs,
        extra={"columns": names, "rows": [cap(t) for t, _ in picked], "row_keys": [k for _, k in picked],
               "row_rationales": rationales, "column_facts": [c.id for c in columns]},
    )


def _clear(text: str, keyed: list[int], columns: list[Situation]) -> bool:
    """No column that does not list ``text`` names anything like it: not
    among its cues, nor in its condition or client ("a gnawing ache in the
    bone" stays out of a grid beside a client whose cancer is in the bones
    of her spine), so a cell keyed "no" is never a guess."""
    words = content_stems(text)
    yes = {norm(columns[i].condition) for i in keyed}
    for i, s in enumerate(columns):
        if i in keyed:
            # its own look-alikes say the finding also points to a condition
            # the row does not key ("tiredness ... with a normal calcium":
            # advanced cancer itself), so keying it would be contestable
            # (words naming the client or condition are shared by design)
            own = words - content_stems(f"{s.condition} {s.client or ''}")
            if any(own & content_stems(a.text) and norm(a.points_to or "") not in yes
                   for a in s.look_alikes):
                return False
            continue
        theirs = [c.text for c in s.cues] + [s.condition, s.client or ""]
        if any(words & content_stems(t) for t in theirs):
            return False
    return True


def _spread(rows: list[tuple[str, list[int]]], n_cols: int, k: int) -> list[tuple[str, list[int]]]:
    """Up to ``k`` one-column rows, taking the columns in turn."""
    by_col: dict[int, list[tuple[str, list[int]]]] = {}
    for r in rows:
        by_col.setdefault(r[1][0], []).append(r)
    out: list[tuple[str, list[int]]] = []
    while len(out) < k and any(by_col.values()):
        for col in range(n_cols):
            if by_col.get(col) and len(out) < k:
                out.append(by_col[col].pop(0))
    return out


def _why(text: str, keyed: list[int], columns: list[Situation]) -> str:
    yes = join_list([columns[i].condition for i in keyed])
    no = [columns[i].condition for i in range(len(columns)) if i not in keyed]
    out = f"{cap(text)}: a sign of {yes}"
    if no:
        out += f", not of {join_list(no, 'or')}"
    return out + "."
