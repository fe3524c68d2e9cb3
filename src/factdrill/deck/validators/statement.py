"""Statement facts: a true claim with optional {{cloze}} gaps and false variants."""

from __future__ import annotations

from typing import Any

from .. import limits
from ..fields import FieldMap, FieldReader, count, error_at, norm
from ..markup import parse_gaps, plain_text

KEYS = ("text", "false_variants")


def validate(c: FieldReader, m: FieldMap, label: str) -> dict[str, Any] | None:
    text = c.text(m, "text", required=True)
    variants = c.texts(m, "false_variants") or []
    if text is not None:
        found = gap_problem(text)
        if found:
            offset, problem, advice = found
            c.add(
                error_at(
                    c.offset_loc(m.get("text"), offset),
                    f"{problem} in the text of {label}; {advice}",
                )
            )
        elif too_many_gaps(c, m, text, label):
            return None
        else:
            plain = norm(plain_text(text)).rstrip(".")
            for value, node in variants:
                if norm(value).rstrip(".") == plain:
                    c.error(
                        node,
                        f"a false variant of {label} is the statement itself; "
                        "a false variant must say something untrue",
                    )
    for value, node in variants:
        if "{{" in value or "}}" in value:
            c.error(
                node,
                f"a false variant of {label} has gap markup; only 'text' may have {{{{gaps}}}}",
            )
    c.no_duplicates(
        variants,
        f"false variant '{{value}}' of {label} is listed twice (first at "
        "{first}); remove one",
    )
    if text is None:
        return None
    return {"text": text, "false_variants": tuple(v for v, _ in variants)}


def too_many_gaps(c: FieldReader, m: FieldMap, text: str, label: str) -> bool:
    """Report a statement with more gaps (or answers in a gap) than allowed.

    Each gap makes a cloze item that repeats the whole statement: 2,000 gaps
    were 2,000 copies of a long text (minutes of work, gigabytes of items).
    """
    gaps = parse_gaps(text)
    if len(gaps) > limits.MAX_GAPS:
        c.error(
            m.get("text"),
            f"the text of {label} has {count(len(gaps))} {{{{gaps}}}}; at most {limits.MAX_GAPS} "
            "are allowed (split the statement into several)",
        )
        return True
    for _, gap in gaps:
        if len(gap.answers) > limits.MAX_GAP_ANSWERS:
            c.error(
                m.get("text"),
                f"a gap of {label} accepts {count(len(gap.answers))} answers; at most "
                f"{limits.MAX_GAP_ANSWERS} are allowed",
            )
            return True
    return False


def gap_problem(text: str) -> tuple[int, str, str] | None:
    """The first fault in the ``{{gap}}`` markup of ``text``: (offset, problem, advice)."""
    pos = 0
    while True:
        opening = text.find("{{", pos)
        closing = text.find("}}", pos)
        if opening < 0 or (0 <= closing < opening):
            if closing >= 0:
                return closing, "'}}' without an opening '{{'", "mark a gap as {{answer}}"
            return None
        closing = text.find("}}", opening + 2)
        nested = text.find("{{", opening + 2)
        if closing < 0 or (0 <= nested < closing):
            return opening, "a gap opened with '{{' is never closed", "end it with '}}'"
        body = text[opening + 2 : closing]
        if "{" in body or "}" in body:
            return opening, f"gap '{{{{{body}}}}}' has a brace inside", "write it as {{answer}}"
        if not any(a.strip() for a in body.partition("::")[0].split("|")):
            return opening, f"empty gap '{{{{{body}}}}}'", "write the answer between the braces"
        pos = closing + 2
