"""Figures of an article -> ``statistic`` candidates.

Found in every sentence and list item of the article's body:

* percentages and percentage ranges: ``41%``, ``7.3%``, ``10% to 15%``,
  ``between 1 to 5 percent``;
* proportions in words: ``a third``, ``two-thirds``, ``half of``, ``1 in 8``
  (stored as a percentage with the source's wording, e.g. "roughly a third"
  as about 33%, with a tolerance so a typed 33.3 is right);
* counts with units: ``5 years``, ``up to five metastases``, ``120 mg``.

"about", "around", "roughly", "almost"... make a figure approximate; "up to",
"at least", "more than"... are bounds, noted for the reviewer. The measure
is read from the words after the figure ("of people with ...") or, in a list
item such as "Bones: 41%", from the item's label and the list's lead
sentence; it is only a start, and the draft note says so. Years ("a 2013
study") are never figures; they are how a figure is tied to its reference.
"""

from __future__ import annotations

import re
from typing import Any

from ..facts import FactKind
from .blocks import BlockKind
from .candidates import Body, Candidate, squash, study_years

_APPROX = r"about|around|roughly|approximately|almost|nearly|some|close to|an estimated|estimated|circa|~"
_BOUND = r"up to|at least|more than|over|under|less than|fewer than|as many as|as few as|no more than"
_QUAL = rf"(?:(?P<q>{_APPROX}|{_BOUND})\s+)?"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PCT_UNIT = r"(?:%|\s?percent\b|\s?per cent\b)"
PERCENT = re.compile(
    rf"{_QUAL}(?:(?:between|from)\s+)?(?P<low>{_NUM}){_PCT_UNIT}?"
    rf"(?:\s*(?:to|-|–|—|and)\s*(?P<high>{_NUM}))?{_PCT_UNIT}",
    re.I,
)
_FRACTIONS = {
    "half": 50, "one half": 50, "one-half": 50, "a half": 50,
    "a third": 100 / 3, "one third": 100 / 3, "one-third": 100 / 3,
    "two thirds": 200 / 3, "two-thirds": 200 / 3,
    "a quarter": 25, "one quarter": 25, "one-quarter": 25, "a fourth": 25,
    "three quarters": 75, "three-quarters": 75,
    "a fifth": 20, "one fifth": 20, "one-fifth": 20,
    "a tenth": 10, "one tenth": 10, "one-tenth": 10,
}
_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
FRACTION = re.compile(
    rf"{_QUAL}(?P<frac>{'|'.join(sorted(map(re.escape, _FRACTIONS), key=len, reverse=True))})"
    r"(?=\s+(?:of|the|all|those|these|people|patients|women|men|adults|children|cases)\b)",
    re.I,
)
RATIO = re.compile(
    rf"{_QUAL}(?P<a>\d+|{'|'.join(_WORDS)})\s+(?:in|out of)\s+(?P<b>\d+|{'|'.join(_WORDS)})\b"
    r"(?=\s+(?:people|patients|women|men|adults|children|cases|of)\b)",
    re.I,
)
_UNITS = (
    r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|mg|mcg|µg|g|kg|ml|mL|L|"
    r"cm|mm|mmHg|mm Hg|bpm|beats per minute|breaths per minute|°C|°F|degrees|units|IU|mEq/L|"
    r"mmol/L|mg/dL|mg/kg|times|doses|sessions|cycles|tablets|drops|cigarettes|drinks|pounds|lb|inches"
)
COUNT = re.compile(
    rf"{_QUAL}(?P<low>{_NUM}|{'|'.join(_WORDS)})(?:\s*(?:to|-|–)\s*(?P<high>{_NUM}|"
    rf"{'|'.join(_WORDS)}))?\s*(?P<unit>{_UNITS})(?![\w/])",
)
# a bound and a plain noun: "up to five metastases", "at least three sites"
BOUND_COUNT = re.compile(
    rf"(?P<q>{_BOUND})\s+(?P<low>{_NUM}|{'|'.join(_WORDS)})\s+(?P<unit>[a-z]{{3,}}s)\b", re.I
)
_LABEL_ITEM = re.compile(r"(?P<label>[^:]{1,80}):\s*(?P<rest>.+)")
_CLAUSE_END = re.compile(r"\s*(?:[,;:.!?)]|\(|—|–| - |\bwhile\b|\bwhereas\b|\bbut\b)")


def _number(text: str) -> float:
    text = text.replace(",", "")
    return float(_WORDS[text.casefold()]) if text.casefold() in _WORDS else float(text)


def _of_phrase(after: str, limit: int = 14) -> str | None:
    """The words after a figure that say what it counts: 'of people with X' -> 'people with X'."""
    m = re.match(r"\s*(?:of|in)\s+(.*)", after)
    if not m:
        return None
    tail = re.sub(r"\s*\([^()]*\)", "", m.group(1))
    end = _CLAUSE_END.search(tail)
    words = (tail[: end.start()] if end else tail).split()
    return " ".join(words[:limit]) or None


def _measure(sentence: str, start: int, end: int, share: bool, unit: str) -> tuple[str, bool]:
    """A noun phrase for what a figure measures, and whether it is only the sentence."""
    phrase = _of_phrase(sentence[end:])
    if share and phrase:
        return f"share of {phrase}", False
    if not share and unit:
        rest = _of_phrase(sentence[end:])
        return (f"number of {unit} in {rest}" if rest else f"number of {unit}"), rest is None
    blanked = squash(sentence[:start] + "…" + sentence[end:]).rstrip(".")
    return (f"figure in: {blanked}"), True


def _stat(value: float, high: float | None, unit: str, q: str | None) -> dict[str, Any]:
    q = (q or "").casefold()
    fields: dict[str, Any] = {"value": [_round(value), _round(high)] if high is not None else _round(value),
                              "unit": unit, "approximate": bool(q) and re.fullmatch(_APPROX, q) is not None}
    return fields


def _round(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 2)


def extract(body: Body, topic_of: list[str]) -> list[Candidate]:
    """Statistic candidates for every figure in the body's sentences and list items."""
    out: list[Candidate] = []
    lead: list[str] = []
    for index, b in body.text_blocks():
        for s in body.sentences(index):
            label_context = None
            if b.kind is BlockKind.ITEM:
                m = _LABEL_ITEM.fullmatch(s.text)
                if m and PERCENT.fullmatch(m.group("rest").strip().rstrip(".")):
                    label_context = m.group("label").strip()
            for found in _figures(s.text):
                start, end, fields, wording, share, unit, q = found
                if label_context is not None:
                    context = max(lead, key=len, default="").rstrip(":. ")
                    context = context[:1].lower() + context[1:]
                    measure, vague = f"share for {label_context.lower()} ({context})", False
                else:
                    measure, vague = _measure(s.text, start, end, share, unit)
                fields = {"measure": measure, **fields}
                if wording:
                    fields["wording"] = wording
                    fields["tolerance"] = 2
                study = study_years(s.text) or (study_years(" ".join(lead)) if b.kind is BlockKind.ITEM else ())
                if study:
                    fields["study"] = f"{study[0]} study"
                note = "figure read from the text: check the value, and reword the measure"
                if vague:
                    note += " (taken from the whole sentence)"
                if q and re.fullmatch(_BOUND, q, re.I):
                    note += f"; the source gives a bound ('{q}')"
                out.append(Candidate(
                    FactKind.STATISTIC, "stat " + measure, fields, s.line, s.text, index,
                    cites=s.cites, years=study, note=note,
                ))
        if b.kind is BlockKind.PARAGRAPH and not b.nested:
            sents = body.sentences(index)
            # the lead of a following list: its last sentence, with the one before for context
            lead = [x.text for x in sents[-2:]]
    return out


def _figures(text: str):
    """(start, end, fields, wording, is_share, unit, qualifier) of each figure in ``text``."""
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in PERCENT.finditer(text):
        low = _number(m.group("low"))
        high = _number(m.group("high")) if m.group("high") else None
        if low > 100:
            continue  # not a share of anything
        if high is not None and (high <= low or high > 100):
            high = None
        taken.append(m.span())
        yield (m.start(), m.end(), _stat(low, high, "%", m.group("q")), None, True, "%", m.group("q"))
    for m in FRACTION.finditer(text):
        if not free(*m.span()):
            continue
        taken.append(m.span())
        value = _FRACTIONS[m.group("frac").casefold()]
        fields = _stat(round(value), None, "%", m.group("q"))
        fields["approximate"] = fields["approximate"] or not float(value).is_integer()
        yield (m.start(), m.end(), fields, squash(m.group(0)), True, "%", m.group("q"))
    for m in RATIO.finditer(text):
        if not free(*m.span()):
            continue
        a, b = _number(m.group("a")), _number(m.group("b"))
        if not b or a > b:
            continue
        taken.append(m.span())
        fields = _stat(round(100 * a / b, 1), None, "%", m.group("q"))
        yield (m.start(), m.end(), fields, squash(m.group(0)), True, "%", m.group("q"))
    for pattern in (COUNT, BOUND_COUNT):
        for m in pattern.finditer(text):
            if not free(*m.span()) or _is_year(m.group("low")):
                continue
            before = text[max(0, m.start() - 1) : m.start()]
            if before and (before.isalnum() or before in "-./"):
                continue  # part of a word or a name ("HER2", "Strontium-89")
            low = _number(m.group("low"))
            high = _number(m.group("high")) if m.groupdict().get("high") else None
            if high is not None and high <= low:
                high = None
            taken.append(m.span())
            unit = m.group("unit")
            yield (m.start(), m.end(), _stat(low, high, unit, m.group("q")), None, False, unit,
                   m.group("q"))


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", text))
