"""Cloze gap markup: ``{{answer}}``, ``{{answer::hint}}``, ``{{4|IV|four}}``."""

from __future__ import annotations

import re
from dataclasses import dataclass

GAP_RE = re.compile(r"\{\{(.+?)\}\}", re.S)


@dataclass(frozen=True, kw_only=True)
class Gap:
    """One cloze gap of a statement: accepted answers (first is shown) and a hint."""

    answers: tuple[str, ...]
    hint: str | None = None


def _gap(body: str) -> Gap:
    answer, _, hint = body.partition("::")
    answers = tuple(a.strip() for a in answer.split("|") if a.strip())
    return Gap(answers=answers, hint=hint.strip() or None)


def parse_gaps(text: str) -> list[tuple[re.Match[str], Gap]]:
    """Every gap of ``text`` with its regex match, in order."""
    return [(m, _gap(m.group(1))) for m in GAP_RE.finditer(text)]


def plain_text(text: str) -> str:
    """The text with each gap replaced by its first (shown) answer."""
    return GAP_RE.sub(lambda m: _gap(m.group(1)).answers[0] if _gap(m.group(1)).answers else "", text)


def blank(text: str, index: int, blank_mark: str = "_____") -> str:
    """The text with gap ``index`` blanked (hint shown) and the others filled in."""
    out: list[str] = []
    pos = 0
    for i, (m, gap) in enumerate(parse_gaps(text)):
        out.append(text[pos : m.start()])
        if i == index:
            out.append(f"[{gap.hint}]" if gap.hint else blank_mark)
        else:
            out.append(gap.answers[0] if gap.answers else "")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)
