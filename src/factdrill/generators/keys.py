"""How an item's key reads, the same in every output (drill feedback aside).

The truth of a true/false item, the accepted range of a numeric item, the
pairs of a matching item, option letters, references: read only from
:class:`~factdrill.generators.items.Item` fields, so exams, GIFT, QTI,
Blackboard and Quizlet files all agree on what the key is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ExportError
from .items import Item, ItemKind

if TYPE_CHECKING:
    from ..deck.facts import Deck

# Kinds a graded quiz or printed exam can use; flashcards are self-rated, so
# they are left out unless asked for (and formats that cannot grade them refuse).
GRADED_KINDS: tuple[ItemKind, ...] = (
    ItemKind.MCQ,
    ItemKind.SATA,
    ItemKind.TRUE_FALSE,
    ItemKind.NUMERIC,
    ItemKind.NUMERIC_MCQ,
    ItemKind.CLOZE,
    ItemKind.MATCHING,
    ItemKind.ORDERING,
    ItemKind.SCENARIO,
    ItemKind.PRIORITY,
    ItemKind.TEACHING,
    ItemKind.HIGHLIGHT,
    ItemKind.MATRIX_MC,
    ItemKind.MATRIX_MR,
    ItemKind.DROPDOWN,
    ItemKind.RATIONALE,
    ItemKind.BOWTIE,
    ItemKind.ACTION_ORDER,
    ItemKind.CASE,
)

CHOICE_KINDS = frozenset({ItemKind.MCQ, ItemKind.NUMERIC_MCQ, ItemKind.SCENARIO})



# Control characters (and lone surrogates) no output file may carry: deck
# text is cleaned when loaded, but items also come from the cache and code.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(text: str) -> str:
    """Text without control characters (U+FFFD in their place): no output
    format wants an escape sequence or a NUL. Newlines and tabs stay."""
    text = str(text)
    return _CONTROL.sub("\ufffd", text) if _CONTROL.search(text) else text


def flat(text: str) -> str:
    """Text on one line, without control characters: formats that are line
    based cannot hold a newline (in a GIFT comment it would end the comment
    and start a question)."""
    return " ".join(clean(text).split())


def tf_truth(item: Item) -> bool:
    """Whether a true/false item's statement is true (``extra['truth']``, else its key)."""
    truth = (item.extra or {}).get("truth")
    if isinstance(truth, bool):
        return truth
    for opt in item.options:
        if opt.correct:
            return opt.text.strip().lower() in {"true", "t", "yes"}
    return bool(item.answers) and item.answers[0].strip().lower() in {"true", "t", "yes"}


@dataclass(frozen=True)
class NumericKey:
    """The accepted answers of a numeric item: ``low``..``high`` widened by ``tolerance``."""

    value: float
    high: float | None
    tolerance: float
    unit: str

    @property
    def low_bound(self) -> float:
        return self.value - self.tolerance

    @property
    def high_bound(self) -> float:
        return (self.high if self.high is not None else self.value) + self.tolerance

    def accepts(self, x: float) -> bool:
        return self.low_bound - 1e-9 <= x <= self.high_bound + 1e-9

    def describe(self) -> str:
        """The key as a grader reads it: ``41 % (accept 39 to 43)``."""
        main = fmt_num(self.value) + (f"-{fmt_num(self.high)}" if self.high is not None else "")
        unit = self.unit or ""
        text = f"{main}{unit}" if unit == "%" else f"{main} {unit}".rstrip()
        if self.tolerance or self.high is not None:
            lo, hi = fmt_num(self.low_bound), fmt_num(self.high_bound)
            if lo != hi:
                text += f" (accept {lo} to {hi})"
        return text


def numeric_key(item: Item) -> NumericKey:
    """The key of a numeric item from ``Item.extra`` (value/high/unit/tolerance)."""
    extra = item.extra or {}
    try:
        value = float(extra["value"])
    except (KeyError, TypeError, ValueError):
        try:
            value = float(re.sub(r"[^0-9.+-]", "", item.answers[0]))
        except (IndexError, ValueError):
            raise ExportError(f"numeric item {item.id} has no value; regenerate the items") from None
    high = extra.get("high")
    tol = extra.get("tolerance")
    return NumericKey(
        value=value,
        high=float(high) if high is not None else None,
        tolerance=float(tol) if tol else 0.0,
        unit=str(extra.get("unit") or ""),
    )


def fmt_num(x: float) -> str:
    """A number without a needless ``.0``; rounding noise removed."""
    x = round(float(x), 6)
    return str(int(x)) if x.is_integer() else f"{x:g}"


@dataclass(frozen=True)
class Pairs:
    """Matching: left prompts, the right-hand choices shown, and the key."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    key: tuple[str, ...]  # the right-hand text for each left entry, in order


def matching_pairs(item: Item) -> Pairs:
    extra = item.extra or {}
    left = tuple(str(x) for x in extra.get("left", ()))
    key = tuple(item.answers)
    right = tuple(str(x) for x in extra.get("right", key))
    if not left or len(left) != len(key):
        raise ExportError(f"matching item {item.id} has {len(left)} left entries for {len(key)} answers")
    return Pairs(left=left, right=right, key=key)


def ordering_choices(item: Item) -> tuple[str, ...]:
    """The things to put in order, as shown (shuffled); the key is ``item.answers``."""
    extra = item.extra or {}
    return tuple(str(x) for x in extra.get("choices", item.answers))


def letter(i: int) -> str:
    """Option letter: A..Z, then AA, AB... (bijective base 26, like
    spreadsheet columns: every index has one label and back, see
    :func:`letter_index`). Drills show it in lower case."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def letter_index(label: str) -> int | None:
    """The index a letter label names (``a`` -> 0, ``aa`` -> 26), any case;
    None when ``label`` is not letters a-z."""
    if not label or not (label.isascii() and label.isalpha()):
        return None
    n = 0
    for c in label.upper():
        n = n * 26 + (ord(c) - 64)
    return n - 1


def source_citations(deck: "Deck", item: Item) -> list[str]:
    """The formatted references an item rests on (unknown keys shown as keys)."""
    out = []
    for key in item.sources:
        src = deck.sources.get(key)
        out.append(src.citation() if src else key)
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"\u201c(])")


def fresh_explanation(item: Item) -> str:
    """The item's explanation without the sentences a key's rationale already
    says: outputs that print every rationale and then the explanation (the
    drill's feedback, an Anki back, an exam key) say each thing once."""
    said = " ".join(" ".join(o.rationale.split()) for o in item.options if o.correct)
    sentences = _SENTENCE_END.split(" ".join((item.explanation or "").split()))
    return " ".join(s for s in sentences if s and s not in said)
