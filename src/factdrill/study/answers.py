"""Small facts about an answer that the drill, the quiz and the commands share:
the grade of a self-rated flashcard, and which other facts a wrong choice
mixed up with the asked one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from ..generators.items import Item
    from .grading import Grade


def self_rated_grade(rating: int) -> "Grade":
    """The grade of a self-rated flashcard: recalled unless rated Again."""
    from .grading import Grade

    ok = int(rating) > 1
    return Grade(correct=ok, score=float(ok), earned=int(ok), possible=1, note="self-rated")


def confused_fact_ids(item: Item, wrong_chosen: Iterable[object]) -> tuple[str, ...]:
    """Fact ids of the wrong options the student picked (for confusion stats).

    ``wrong_chosen`` holds option indices (or Options); options drawn from the
    item's own fact are not a confusion with another fact.
    """
    out: list[str] = []
    for w in wrong_chosen:
        option = item.options[w] if isinstance(w, int) else w
        fid = getattr(option, "fact_id", None)
        if fid and fid not in item.fact_ids and fid not in out:
            out.append(fid)
    return tuple(out)
