"""What the LMS exporters (GIFT, QTI, Blackboard, Quizlet) and ``exam`` share
on the way in: the kinds asked for and the deck's items. How a key reads is
:mod:`factdrill.generators.keys`. Library code: no click here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..errors import UsageProblem
from ..generators.items import Item, ItemKind
from ..generators.keys import GRADED_KINDS

if TYPE_CHECKING:
    from ..deck.facts import Deck


def kind_option(help_text: str = "Item kinds to export"):
    """``--kind K`` (repeatable, or a comma list; ``--kinds`` is the same
    option), named as in the drill, ``items`` and ``exam``. Checked by
    :func:`parse_kinds` (join the tuple with commas)."""
    import click

    return click.option(
        "--kind", "--kinds", "kinds", multiple=True, metavar="K[,K]",
        help=f"{help_text}, e.g. --kind mcq,sata (repeatable; default: all that fit).",
    )


def parse_kinds(text: str | None, default: Sequence[ItemKind] = GRADED_KINDS) -> tuple[ItemKind, ...]:
    """Item kinds from a comma list such as ``mcq,sata``; ``None`` means ``default``."""
    if not text:
        return tuple(default)
    valid = {k.value: k for k in ItemKind}
    out: list[ItemKind] = []
    for raw in re.split(r"[,\s]+", text.strip()):
        if not raw:
            continue
        key = raw.lower().replace("-", "_")
        if key not in valid:
            raise UsageProblem(
                f"unknown item kind '{raw}'; choose from: {', '.join(valid)}"
            )
        if valid[key] not in out:
            out.append(valid[key])
    if not out:
        raise UsageProblem(f"no item kind given; choose from: {', '.join(valid)}")
    return tuple(out)


def load_items(
    deck_arg: str | None, *, seed: int = 0, kinds: Iterable[ItemKind] | None = None
) -> tuple["Deck", list[Item]]:
    """Load a deck by name or path and generate its items (deterministic for ``seed``)."""
    from ..generators.cache import deck_and_items
    from ..deck.loader import resolve_deck

    # cached by content hash, seed and kinds: an unchanged deck is not re-parsed
    return deck_and_items(resolve_deck(deck_arg), seed=seed, kinds=list(kinds) if kinds is not None else None)


def open_answer_note(items: Iterable[Item], lms: str) -> str | None:
    """What to tell an instructor exporting open-answer blanks (their listed
    answers cannot hold every fair paraphrase; the drill lets the student
    judge, an LMS grades by the list): a line for stderr, or None."""
    n = sum(1 for i in items if i.open_answer)
    if not n:
        return None
    return (f"note: {n} fill-in questions have open answers (fair paraphrases no list holds);\n"
            f"  {lms} grades them by the listed answers: review those it marks wrong by hand")
