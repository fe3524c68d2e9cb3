"""Cloze items: one key word or number blanked, typed back.

- statements: one item per ``{{gap}}`` (hint in ``extra["hint"]`` and in
  the blank, as Anki shows it); the other gaps are filled in; a gap that is
  one example of an open list ("such as the chest wall or the ribs") is
  skipped, since any other true example would be marked wrong;
- terms, reverse side: "The term _____ means DEFINITION." (typed recall of
  the term; aliases accepted);
- terms, forward side: the blank the author marked in the definition, else
  a number in it; no other word is blanked: an everyday word has fair
  paraphrases, and a site in a definition is anatomy anyone can fill ("the
  membranes lining the _____", review 12), so the definition is left to the
  flashcard and the MCQ;
- mappings: 'The RIGHT that goes with the LEFT "X" is _____.' per pair and side, when
  the labels are bare nouns, the answer is at most three words and it is
  the one right answer: a name (``names: true``), a site or a number.

A blank is *closed* when its answer is a number: the list of accepted
answers is then the whole answer space, so a mismatch is graded wrong. Any
other blank is *open* (``extra["open"]``): everyday words fill it ("the aim
is _____": control, disease control, keeping it in check...), a term has
names its aliases miss ("IT chemotherapy"), a site its "osseous" and a drug
its "zoledronate", and no list holds every fair paraphrase, so a match is graded right and a mismatch is
judged by the student against the key, as Anki does for every cloze
(:attr:`~factdrill.generators.items.Item.open_answer`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..deck.facts import Deck, Mapping, Statement, Term
from ..deck.markup import blank, parse_gaps
from .common import (
    BLANK,
    Context,
    Skip,
    asks,
    bare,
    cap,
    frame,
    make_item,
    norm,
    sentence,
    side_answers,
    simple_label,
    the,
    values_by_key,
    words,
)
from .items import Item, ItemKind
from .wording import FIGURE_HEDGES, NUMBER_WORDS, content_stems, root_echo

KIND = ItemKind.CLOZE
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
                answers = forms(_unspelled(prompt, gap.answers), gap.hint)
                yield make_item(ctx, fact, KIND, f"gap{i}", "main", prompt,
                                answers=answers, extra=_extra(answers, gap.hint))
        elif isinstance(fact, Term):
            yield from _term(ctx, fact)
        elif isinstance(fact, Mapping):
            yield from _mapping(ctx, fact)


def _extra(answers, hint: str | None) -> dict:
    """The hint, and whether the blank is open (see the module's docstring)."""
    return {"hint": hint} if _closed(answers) else {"hint": hint, "open": True}


_DIGIT_WORDS = dict(enumerate(NUMBER_WORDS))
_LONE_DIGIT = re.compile(r"(?<![\w/.,-])(10|\d)(?![\w/.,%-])")


def forms(answers, hint: str | None) -> tuple[str, ...]:
    """A gap's answers with the forms the grader should read as them too:
    the answer less the noun its hint names, a small number spelled out."""
    return _spelled(_hinted(tuple(answers), hint))


def _spelled(answers: tuple[str, ...]) -> tuple[str, ...]:
    """A closed blank's answers with each small number also spelled out
    ("stage 4" and "stage four"): a closed blank grades other forms Again,
    and "stage four" is how many students write it (review 19 #34)."""
    if not _closed(answers):
        return answers
    words = [_LONE_DIGIT.sub(lambda m: _DIGIT_WORDS[int(m.group(1))], a) for a in answers]
    return tuple(dict.fromkeys([*answers, *words, *_approximate(answers)]))


_QUALIFIED = re.compile(rf"^(?:{'|'.join(FIGURE_HEDGES)}) (.+)$", re.IGNORECASE)
# a fraction said as the share it is ("67%" for two-thirds)
_FRACTION_SHARE = {"two-thirds": "67%", "two thirds": "67%", "2/3": "67%", "one third": "33%",
                   "one-third": "33%", "1/3": "33%", "one half": "50%", "half": "50%", "1/2": "50%",
                   "one quarter": "25%", "1/4": "25%", "three quarters": "75%", "3/4": "75%"}


def _approximate(answers: tuple[str, ...]) -> list[str]:
    """A closed blank's figures as a student may give them: "almost 70%"
    also as "70%", "two-thirds" also as "67%" (review 20 #23: each was graded
    Again); a hedge before a figure ("about 70%") the grader reads past."""
    out = []
    for a in answers:
        m = _QUALIFIED.match(a.strip())
        core = m.group(1) if m else a.strip()
        out += [core, *([_FRACTION_SHARE[core.casefold()]] if core.casefold() in _FRACTION_SHARE else [])]
    return out


_NUMBER = re.compile(r"^(?:stage |about |almost |nearly |up to )?(?:\d+(?:[.,]\d+)?(?:\s*(?:-|to)\s*\d+(?:[.,]\d+)?)?"
                     r"\s*(?:%|percent)?|[ivx]+|one|two|three|four|five|six|seven|eight|nine|ten|"
                     r"two[- ]thirds?|one[- ](?:half|third|quarter))$", re.IGNORECASE)


# A list of figures: "II, III or IV", "2 to 4" (review 23 #21: the stages
# were an open blank, so "IV", the misconception asked about, was left to
# the student's judgment instead of graded wrong).
_FIGURE = r"(?:\d+|[ivx]+)"
_FIGURES = re.compile(rf"^(?:stages? )?{_FIGURE}(?:(?:\s*,\s*|\s+(?:or|and|to)\s+|\s*,\s*(?:or|and)\s+){_FIGURE})+$",
                      re.IGNORECASE)


def _closed(answers) -> bool:
    """Whether the accepted answers are the whole answer space of a blank:
    its key is a number (a stage, a share, a fraction, a Roman numeral) or a
    list of them. Words never are: a site has its "osseous" and "skeletal",
    a drug its "zoledronate" (review 11), a term names its aliases miss."""
    key = " ".join(answers[0].split()) if answers else ""
    return bool(key) and bool(_NUMBER.match(key) or _FIGURES.match(key))


def _site(ctx: Context, answers) -> bool:
    """Whether one of the answers is a site, a one-word topic of the deck
    ("liver metastases" accepted as "liver"): a mapping side with a single
    right answer, so its blank is worth asking (open all the same)."""
    return any(len(w) == 1 and w <= ctx.topic_names() for w in (set(words(a)) for a in answers))


def _unspelled(prompt: str, answers) -> tuple[str, ...]:
    """``answers`` without the other answers the rest of the prompt spells
    out: "invasive procedures" beside "noninvasive ... without the need for
    _____" (review 14) is filled by reading, so it is left to the student's
    judgment instead of graded right (the first answer is checked apart)."""
    return (answers[0], *(a for a in answers[1:] if not _given_away(prompt, a)))


# "what kind of effects?": the hint asks for the word before its noun
_KIND_OF = re.compile(r"^(?:what|which) (?:kind|type|sort)s? of ([a-z-]+)\?$", re.IGNORECASE)


def _hinted(answers: tuple[str, ...], hint: str | None) -> tuple[str, ...]:
    """``answers`` and, where the hint names the answer's own last noun
    ("what kind of effects?" over "anti-cancer effects"), each answer
    without it: "anti-cancer" answers the hint's question (review 18 #19)."""
    m = _KIND_OF.match((hint or "").strip())
    if not m:
        return answers
    noun = m.group(1).casefold().rstrip("s")
    short = [a.rsplit(" ", 1)[0] for a in answers
             if " " in a.strip() and a.rsplit(" ", 1)[1].casefold().rstrip("s") == noun]
    return tuple(dict.fromkeys([*answers, *short]))


# "noninvasive ... without the need for _____": an answer saying the word
# the sentence negates ("invasive procedures") is filled by reading
_NEGATED = re.compile(r"\b(?:non|un)-?([a-z]{4,})", re.IGNORECASE)


def _given_away(prompt: str, answer: str) -> str:
    """The words of the sentence that spell out every content word of the
    answer ("... in the _____ can press on the spinal cord" for "spine");
    empty when the answer must be known."""
    rest = prompt.replace(BLANK, " ")
    negated = content_stems(" ".join(_NEGATED.findall(rest)))
    if negated & content_stems(answer):
        return ", ".join(sorted(negated & content_stems(answer)))
    wanted = content_stems(answer)
    if any(w[0].isdigit() and w not in words(rest) for w in words(answer)):
        return ""  # "stage _____": the number is what is asked
    echo = root_echo(rest, answer)
    return ", ".join(sorted(echo)) if wanted and echo >= wanted else ""


_OPEN_LIST = re.compile(r"\b(?:such as|including|for example|for instance|e\.g\.|like)\b[^.;:]*$", re.IGNORECASE)


def _open_list(before: str) -> bool:
    """Whether the text before a gap opens a list of examples the gap belongs to."""
    return bool(_OPEN_LIST.search(before[-80:]))


def _term(ctx: Context, fact: Term) -> Iterator[Item | Skip]:
    definition = " ".join(fact.definition.split()).rstrip(".")
    if fact.gap_text:  # the author marked the blank and its other fair answers
        marked = " ".join(fact.gap_text.split()).rstrip(".")
        (_, gap), = parse_gaps(marked)
        prompt = f"The term {fact.term.strip()} means {blank(marked, 0, BLANK)}."
        given = _given_away(prompt, gap.answers[0])
        if given:  # "spinal cord compression ... a tumor in the _____" (spine: review 14)
            yield Skip(fact.id, KIND, f"gap '{gap.answers[0]}' is spelled out by the term or the rest of its "
                                      f"definition ('{given}'), so the blank is filled by matching words")
        else:
            answers = _unspelled(prompt, gap.answers)
            yield make_item(ctx, fact, KIND, "definition", "forward", prompt,
                            answers=answers, extra=_extra(answers, gap.hint))
        yield from _reverse(ctx, fact, definition)
        return
    # a definition that already holds a blank would make two blanks
    keyword = None if "__" in definition else _keyword(ctx, definition)
    if keyword is None:
        yield Skip(fact.id, KIND, "the definition has no number to blank (a word has fair paraphrases "
                                  "or is filled from anatomy; mark a {{gap}} in 'definition' to ask one)")
    else:
        start, end = keyword
        text = definition[:start] + BLANK + definition[end:]
        # a question card imported as a term is asked as it stands, answer blanked
        prompt = (f"{fact.term.strip()} {cap(text)}." if asks(fact.term)
                  else f"The term {fact.term.strip()} means {text}.")
        answer = definition[start:end]
        yield make_item(ctx, fact, KIND, "definition", "forward", prompt,
                        answers=(answer,), extra=_extra((answer,), None))
    yield from _reverse(ctx, fact, definition)


def _reverse(ctx: Context, fact: Term, definition: str) -> Iterator[Item | Skip]:
    if fact.reverse:
        echo = content_stems(definition) & content_stems(fact.term)
        if echo:
            # "pressure on the spinal cord" spells out "spinal cord compression"
            yield Skip(fact.id, KIND, f"the definition repeats the term's word(s) '{', '.join(sorted(echo))}', "
                                      "so typing the term would only copy them")
        else:
            # open: every review found a fair name missing from the aliases
            # ("IT chemotherapy", "stereotactic radiation therapy")
            answers = (fact.term, *fact.aliases)
            yield make_item(ctx, fact, KIND, "term", "reverse", f"The term {BLANK} means {definition}.",
                            answers=answers, extra=_extra(answers, None))


def _keyword(ctx: Context, definition: str) -> tuple[int, int] | None:
    """Span of the number to blank in ``definition``, or None. Only a number:
    a site in a definition is anatomy anyone can fill ("the membranes lining
    the _____ and the chest wall", review 12), and any other word has fair
    paraphrases; the author marks a {{gap}} where a word is worth asking."""
    phrases = ctx.glossary.spans(definition)
    for m in _WORD.finditer(definition):
        if m.group()[0].isdigit() and not any(a <= m.start() < b for a, b in phrases):
            return m.span()
    return None


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
            answers = tuple(a for v in values for a in side_answers(fact, v))
            if not (fact.names or _closed(answers) or _site(ctx, answers)):
                # "the treatment that goes with 'treating the tumors' is ___":
                # other true treatments fill it; the matching item asks the pairs
                yield Skip(fact.id, KIND, f"the answer '{values[0]}' is open: other true answers fill "
                                          "the blank (the matching item asks the pairs)")
                continue
            linked = bool(fact.link) and side == "forward"
            stem = (f"{cap(key)} {fact.link} {BLANK}." if linked else
                    f"{frame(fact.name)}: the {bare(wanted)} that goes with {the(given)} \u201c{key}\u201d is {BLANK}.")
            # a linked sentence does not say what kind of answer fills it ("...
            # is used for ___": a condition, a place, a purpose): the hint
            # does (review 24 #34)
            hint = f"which {bare(wanted)}?" if linked else None
            yield make_item(ctx, fact, KIND, f"{side}:{norm(key)}", side, stem,
                            answers=answers, extra={**_extra(answers, hint), "given": key})
