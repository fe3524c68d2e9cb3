"""Cloze items: one key word or number blanked, typed back.

- statements: one item per ``{{gap}}`` (hint in ``extra["hint"]`` and in
  the blank, as Anki shows it); the other gaps are filled in;
- terms, reverse side: "The term _____ means DEFINITION." (typed recall of
  the term; aliases accepted);
- terms, forward side: the definition with its most telling word blanked:
  a number if it has one, else the word rarest among the deck's definitions
  (ties: the longer), at least six letters, not part of the term and not
  a participle or adverb;
- mappings: 'The RIGHT that goes with the LEFT "X" is _____.' per pair and side, when
  the labels are bare nouns and the answer is at most three words.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..deck.markup import blank, parse_gaps
from ..deck.facts import Deck, Mapping, Statement, Term
from .items import Item, ItemKind
from .common import (
    BLANK,
    Context,
    Skip,
    bare,
    is_stopword,
    make_item,
    norm,
    sentence,
    simple_label,
    the,
    values_by_key,
    words,
)

KIND = ItemKind.CLOZE
_FORM_ENDINGS = ("ed", "ing", "ly")
# Everyday words that a definition uses around its technical core: blanked,
# they are either guessable from grammar alone ("a possible sign", "a limited
# number") or have synonyms a student could fairly type and be marked wrong
# for (injury/trauma, central/middle, movement/spread, original/primary).
_VAGUE = frozenset("""
    about across after again against along also another around attempt attention
    before behind beyond build-up carries central collect complication contains
    covers delivers distinct during either enough further immediate injury inside
    longer movement number original outside particle possible pressure prevent
    procedure rather regions several shields should through together toward
    towards treatment useful within without settle diagnosis present appear
    whether because although though unless instead between beneath almost already
    always
""".split()) | frozenset("breast cancer organs spinal spread tumour tumours".split())
# (the second set: words so common in a cancer deck that the rest of the
# sentence gives them away: "that _____ cancer can reach", "the _____ cord")
MAX_TYPED_WORDS = 3  # a longer answer is a recitation, not a recall
# whole tokens only: a word, or a number not glued to other word characters
_WORD = re.compile(r"(?<![\w'’-])(?:[^\W\d_][\w'’-]*[^\W_]|\d+(?:[.,]\d+)?)(?![\w'’-])")


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for fact in deck.facts:
        if isinstance(fact, Statement):
            gaps = parse_gaps(fact.text)
            if not gaps:
                yield Skip(fact.id, KIND, "the statement has no {{gap}} to blank")
            for i, (_, gap) in enumerate(gaps):
                if not gap.answers:
                    continue
                yield make_item(ctx, fact, KIND, f"gap{i}", "main", sentence(blank(fact.text, i, BLANK)),
                                answers=gap.answers, extra={"hint": gap.hint})
        elif isinstance(fact, Term):
            yield from _term(ctx, fact)
        elif isinstance(fact, Mapping):
            yield from _mapping(ctx, fact)


def _term(ctx: Context, fact: Term) -> Iterator[Item | Skip]:
    definition = " ".join(fact.definition.split()).rstrip(".")
    # a definition that already holds a blank would make two blanks
    keyword = None if "__" in definition else _keyword(ctx, fact, definition)
    if keyword is None:
        yield Skip(fact.id, KIND, "the definition has no distinctive word to blank")
    else:
        start, end = keyword
        text = definition[:start] + BLANK + definition[end:]
        yield make_item(ctx, fact, KIND, "definition", "forward",
                        f"The term {fact.term.strip()} means {text}.",
                        answers=(definition[start:end],), extra={"hint": None})
    if fact.reverse:
        yield make_item(ctx, fact, KIND, "term", "reverse", f"The term {BLANK} means {definition}.",
                        answers=(fact.term, *fact.aliases), extra={"hint": None})


def _keyword(ctx: Context, fact: Term, definition: str) -> tuple[int, int] | None:
    """Span of the word to blank in ``definition``, or None."""
    term_words = set(words(fact.term)) | {w for a in fact.aliases for w in words(a)}
    df = ctx.term_word_df()
    best = None
    for m in _WORD.finditer(definition):
        w = m.group()
        if w[0].isdigit():
            score = (0, 0, 0)  # numbers first: they are what students must know
        else:
            if len(w) < 6 or is_stopword(w) or w.casefold() in _VAGUE or set(words(w)) & term_words:
                continue
            if w.casefold().endswith(_FORM_ENDINGS):
                continue  # participles and adverbs ("collected", "usually") make vague blanks
            score = (1, df.get(w.casefold(), 0), -len(w))
        if best is None or score < best[0]:
            best = (score, m.span())
    return best[1] if best else None


def _mapping(ctx: Context, fact: Mapping) -> Iterator[Item | Skip]:
    sides = [("forward", fact.left, fact.right, fact.pairs)]
    if fact.reverse:
        sides.append(("reverse", fact.right, fact.left, tuple((r, l) for l, r in fact.pairs)))
    for side, given, wanted, pairs in sides:
        if not (simple_label(given) and simple_label(wanted)):
            yield Skip(fact.id, KIND, f"the labels '{given}' and '{wanted}' do not make a fill-in sentence")
            continue
        for key, grouped in values_by_key(pairs):
            values = tuple(grouped)
            if len(key.split()) > MAX_TYPED_WORDS + 1 or any(len(v.split()) > MAX_TYPED_WORDS for v in values):
                yield Skip(fact.id, KIND, f"the pair '{key}' - '{' / '.join(values)}' is too long for typed recall")
                continue
            yield make_item(ctx, fact, KIND, f"{side}:{norm(key)}", side,
                            f"The {bare(wanted)} that goes with {the(given)} \u201c{key}\u201d is {BLANK}.",
                            answers=values, extra={"hint": None, "given": key})
