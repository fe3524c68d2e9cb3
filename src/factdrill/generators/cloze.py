"""Cloze items: one key word or number blanked, typed back.

- statements: one item per ``{{gap}}`` (hint in ``extra["hint"]`` and in
  the blank, as Anki shows it); the other gaps are filled in; a gap that is
  one example of an open list ("such as the chest wall or the ribs") is
  skipped, since any other true example would be marked wrong;
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
from .tracking import memo
from .wording import content_stems, root_echo
from .common import (
    side_answers,
    BLANK,
    Context,
    Skip,
    asks,
    bare,
    cap,
    frame,
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
            for i, (m, gap) in enumerate(gaps):
                if not gap.answers:
                    continue
                if _open_list(fact.text[: m.start()]):
                    yield Skip(fact.id, KIND, f"gap '{gap.answers[0]}' is one example of an open list "
                                              "('such as ...'): other true examples fit the blank too")
                    continue
                prompt = sentence(blank(fact.text, i, BLANK))
                given = _given_away(prompt, gap.answers[0])
                if given:
                    yield Skip(fact.id, KIND, f"gap '{gap.answers[0]}' is spelled out by the rest of the "
                                              f"sentence ('{given}'), so the blank is filled by matching words")
                    continue
                yield make_item(ctx, fact, KIND, f"gap{i}", "main", prompt,
                                answers=gap.answers, extra={"hint": gap.hint})
        elif isinstance(fact, Term):
            yield from _term(ctx, fact)
        elif isinstance(fact, Mapping):
            yield from _mapping(ctx, fact)


def _given_away(prompt: str, answer: str) -> str:
    """The words of the sentence that spell out every content word of the
    answer ("... in the _____ can press on the spinal cord" for "spine");
    empty when the answer must be known."""
    rest = prompt.replace(BLANK, " ")
    wanted = content_stems(answer)
    if any(w[0].isdigit() and w not in words(rest) for w in words(answer)):
        return ""  # "stage _____": the number is what is asked
    echo = root_echo(rest, answer)
    return ", ".join(sorted(echo)) if wanted and echo >= wanted else ""


_OPEN_LIST = re.compile(r"\b(?:such as|including|for example|for instance|e\.g\.|like)\b[^.;:]*$", re.I)


def _open_list(before: str) -> bool:
    """Whether the text before a gap opens a list of examples the gap belongs to."""
    return bool(_OPEN_LIST.search(before[-80:]))


def _term(ctx: Context, fact: Term) -> Iterator[Item | Skip]:
    definition = " ".join(fact.definition.split()).rstrip(".")
    if fact.gap_text:  # the author marked the blank and its other fair answers
        marked = " ".join(fact.gap_text.split()).rstrip(".")
        (_, gap), = parse_gaps(marked)
        text = blank(marked, 0, BLANK)
        yield make_item(ctx, fact, KIND, "definition", "forward", f"The term {fact.term.strip()} means {text}.",
                        answers=gap.answers, extra={"hint": gap.hint})
        yield from _reverse(ctx, fact, definition)
        return
    # a definition that already holds a blank would make two blanks
    keyword = None if "__" in definition else _keyword_of(ctx, fact)
    if keyword is None:
        yield Skip(fact.id, KIND, "the definition has no distinctive word to blank")
    else:
        start, end = keyword
        text = definition[:start] + BLANK + definition[end:]
        # a question card imported as a term is asked as it stands, answer blanked
        prompt = (f"{fact.term.strip()} {cap(text)}." if asks(fact.term)
                  else f"The term {fact.term.strip()} means {text}.")
        yield make_item(ctx, fact, KIND, "definition", "forward", prompt,
                        answers=(definition[start:end],), extra={"hint": None})
    yield from _reverse(ctx, fact, definition)


def _reverse(ctx: Context, fact: Term, definition: str) -> Iterator[Item | Skip]:
    if fact.reverse:
        echo = content_stems(definition) & content_stems(fact.term)
        if echo:
            # "pressure on the spinal cord" spells out "spinal cord compression"
            yield Skip(fact.id, KIND, f"the definition repeats the term's word(s) '{', '.join(sorted(echo))}', "
                                      "so typing the term would only copy them")
        else:
            yield make_item(ctx, fact, KIND, "term", "reverse", f"The term {BLANK} means {definition}.",
                            answers=(fact.term, *fact.aliases), extra={"hint": None})


@memo
def _keyword_of(ctx: Context, fact: Term) -> tuple[int, int] | None:
    """:func:`_keyword` of the term's definition (a memo: it reads the word
    counts of the whole deck, which most edits change without moving the blank)."""
    return _keyword(ctx, fact, " ".join(fact.definition.split()).rstrip("."))


def _keyword(ctx: Context, fact: Term, definition: str) -> tuple[int, int] | None:
    """Span of the word to blank in ``definition``, or None."""
    term_words = set(words(fact.term)) | {w for a in fact.aliases for w in words(a)}
    df = ctx.term_word_df()
    # a word of a glossary phrase ("whites" of "the whites of the eyes") has
    # a fair answer the blank cannot hold ("sclera"): never blank it
    phrases = ctx.glossary.spans(definition)
    best = None
    for m in _WORD.finditer(definition):
        if any(a <= m.start() < b for a, b in phrases):
            continue
        w = m.group()
        if w[0].isdigit():
            score = (0, 0, 0)  # numbers first: they are what students must know
        else:
            if len(w) < 6 or is_stopword(w) or w.casefold() in _VAGUE or set(words(w)) & term_words:
                continue
            if any(_same_root(w, t) for t in term_words):
                continue  # "pleura" in the definition of "pleurodesis" is spelled by the term
            if w.casefold().endswith(_FORM_ENDINGS):
                continue  # participles and adverbs ("collected", "usually") make vague blanks
            score = (1, df.get(w.casefold(), 0), -len(w))
        if best is None or score < best[0]:
            best = (score, m.span())
    return best[1] if best else None


def _same_root(a: str, b: str) -> bool:
    """Whether two words share a root of five letters or more."""
    a, b = a.casefold(), b.casefold()
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 5


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
                            f"{frame(fact.name)}: the {bare(wanted)} that goes with {the(given)} "
                            f"\u201c{key}\u201d is {BLANK}.",
                            answers=tuple(a for v in values for a in side_answers(fact, v)),
                            extra={"hint": None, "given": key})
