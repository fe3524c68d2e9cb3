"""CSV and TSV card files: front and back columns, optional tags; Anki's text format too.

Anki's header lines (``#separator:tab``, ``#html:true``, ``#columns:...``,
``#tags column:3``, ``#deck:...``) are honoured, so a file made by ``factdrill
export csv`` (or by Anki's own text export) imports with its tags as topics.
Without headers the separator is guessed from the first line (tab, comma,
semicolon), and a first row of column names (front/back, term/definition,
question/answer, tags) is recognised. In a factdrill export, the rows of
choice, numeric, matching and ordering items are left out (their facts come
back from the flashcard rows), and the explanation after " | " on the back
becomes the fact's explanation again.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from .cards import Card, CardSet, ImportProblem
from .files import kind_tag, pair_reverses, read_text, topic_tag
from .htmltext import plain

_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
_FRONT = ("front", "term", "question", "word", "prompt", "text", "card front")
_BACK = ("back", "definition", "answer", "meaning", "card back")
_TAGS = ("tags", "tag", "topic", "topics")
_BLANK = "_____"
# cloze rows a term's or mapping's flashcard row makes again
_DERIVED_CLOZE = re.compile(r"^The term |^The .+ that goes with the .+ is _____\.$")


def _headers(lines: list[str]) -> tuple[dict[str, str], int]:
    headers: dict[str, str] = {}
    i = 0
    while i < len(lines) and re.match(r"#[a-z ]+:", lines[i]):
        key, _, value = lines[i][1:].partition(":")
        headers[key.strip().lower()] = value.rstrip("\r\n")
        i += 1
    return headers, i


def read(path: Path) -> CardSet:
    """The cards of a CSV/TSV file (see the module doc for what is recognised)."""
    text = read_text(path)
    lines = text.splitlines(keepends=True)
    headers, skip = _headers(lines)
    sep = _SEPARATORS.get(headers.get("separator", "").strip().lower()) or headers.get("separator", "")[:1]
    if not sep:
        first = next((line for line in lines[skip:] if line.strip()), "")
        sep = max("\t,;", key=first.count) if first else "\t"
    reader = csv.reader(io.StringIO("".join(lines[skip:])), delimiter=sep)
    rows = [(skip + reader.line_num, row) for row in reader]
    names = [c.strip().lower() for c in headers["columns"].split(sep)] if "columns" in headers else None
    if names is None and rows and rows[0][1] and rows[0][1][0].strip().lower() in _FRONT:
        names = [c.strip().lower() for c in rows[0][1]]
        rows = rows[1:]

    def column(wanted: tuple[str, ...], default: int | None) -> int | None:
        for i, name in enumerate(names or ()):
            if name in wanted:
                return i
        return default

    front_col, back_col = column(_FRONT, 0), column(_BACK, 1)
    tags_col = column(_TAGS, None)
    if "tags column" in headers and headers["tags column"].strip().isdigit():
        tags_col = int(headers["tags column"]) - 1
    html = headers.get("html", "false").strip().lower() == "true"
    cards: list[Card] = []
    skipped: Counter = Counter()
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if max(front_col, back_col) >= len(row):
            raise ImportProblem(
                f"{path}:{line}: the row has {len(row)} column(s); a card needs a front and a back "
                f"separated by {'a tab' if sep == chr(9) else repr(sep)}"
            )
        front, back = row[front_col], row[back_col]
        if html:
            front, back = plain(front), plain(back)
        front, back = " ".join(front.split()), " ".join(back.split())
        tags = tuple(row[tags_col].split()) if tags_col is not None and tags_col < len(row) else ()
        card = _card(front, back, line, tags, skipped)
        if card is not None:
            if not card.front or not (card.back or card.cloze):
                raise ImportProblem(f"{path}:{line}: the card has an empty front or back; fill it in "
                                    "or delete the row")
            cards.append(card)
    if not cards:
        raise ImportProblem(f"{path}: no cards (expected front and back columns)")
    title = headers.get("deck", "").strip() or path.stem.replace("-", " ").replace("_", " ")
    result = CardSet(path.name, title, pair_reverses(_merge_gaps(cards)),
                     {"title": title, "publisher": f"card file ({path.name})"})
    result.skipped = skipped
    return result


def _blank(front: str) -> tuple[int, int, str | None] | None:
    """Where a cloze row's blank is: ``_____``, or ``[hint]`` when the gap has a hint."""
    if front.count(_BLANK) == 1:
        at = front.find(_BLANK)
        return at, at + len(_BLANK), None
    hints = list(re.finditer(r"\[([^\[\]]{1,80})\]", front))
    if len(hints) == 1 and _BLANK not in front:
        return hints[0].start(), hints[0].end(), hints[0].group(1)
    return None


def _merge_gaps(cards: list[Card]) -> list[Card]:
    """One statement per sentence: factdrill writes a cloze row per gap, each with the
    other gaps filled in, so rows that fill in to the same sentence are one statement."""
    def filled(c: Card) -> tuple[str, int, str]:
        start, end = c.blank
        gap = c.cloze[start : len(c.cloze) - (len(c.front) - end)]
        return c.front[:start] + c.back + c.front[end:], start, gap

    groups: dict[str, list[tuple[int, str, Card]]] = {}
    for c in cards:
        if c.cloze is not None:
            sentence, start, gap = filled(c)
            groups.setdefault(sentence, []).append((start, gap, c))
    out = []
    for c in cards:
        if c.cloze is None:
            out.append(c)
            continue
        group = groups.pop(filled(c)[0], None)
        if group is None:
            continue  # merged into the first row of its sentence
        sentence = filled(c)[0]
        spans = sorted((start, start + len(card.back), gap) for start, gap, card in group)
        if any(b[0] < a[1] for a, b in zip(spans, spans[1:])):
            spans = None  # overlapping gaps: keep the rows apart
        if spans is None:
            out.extend(card for _, _, card in group)
            continue
        text, pos = "", 0
        for start, end, gap in spans:
            text += sentence[pos:start] + gap
            pos = end
        c.cloze = text + sentence[pos:]
        out.append(c)
    return out


def _card(front: str, back: str, line: int, tags: tuple[str, ...], skipped: Counter) -> Card | None:
    kind = kind_tag(tags)
    topic = topic_tag(tags)
    topic_pair = (topic, topic.replace("-", " ").capitalize()) if topic else None
    if kind is None:  # any other card file: every row is a card
        return Card(front, back, line, tags)
    explanation = None
    if " | " in back:
        back, _, explanation = back.partition(" | ")
    if kind == "flashcard":
        return Card(front, back, line, tags, explanation=explanation, reverse=False, topic=topic_pair)
    if kind == "cloze" and not _DERIVED_CLOZE.match(front):
        blank = _blank(front)
        if blank is not None:
            start, end, hint = blank
            gap = "{{" + back + (f"::{hint}" if hint else "") + "}}"
            return Card(front, back, line, tags, cloze=front[:start] + gap + front[end:],
                        explanation=explanation, topic=topic_pair, blank=(start, end))
    skipped[f"{kind} rows" if kind != "cloze" else "cloze rows of terms and mappings"] += 1
    return None
