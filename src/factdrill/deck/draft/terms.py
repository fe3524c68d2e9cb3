"""Definitions in an article -> ``term`` candidates with their aliases.

The shapes read, in order of trust (a term found twice keeps the best
definition and gathers every alias):

1. an appositive in parentheses or after a dash, starting "a"/"an":
   "jaundice (a yellowish discoloration of the skin ...)",
   "pleural effusions—a build-up of fluid ...";
2. "X is a ...", "X, which is a ...": "SBRT ... is a procedure in which ...";
3. "... is called X", "... are known as X", "..., which are called X";
4. a name in parentheses after what it names: "the space between the
   leptomeninges (the subarachnoid space)";
5. "X, also called Y," / "also known as Y or Z" (aliases; when nothing else
   defines X, the rest of the sentence stands in as its definition, noted);
6. abbreviations: "stereotactic body radiotherapy (SBRT)" makes SBRT an
   alias, and a term found as "SBRT" joins the long form.

A term needs a definition; an abbreviation or alias with none is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..facts import FactKind
from .candidates import Body, Candidate, lower_first, squash, study_years

_STOP = frozenset(
    """a an the of in on at to for from by with and or but not no as is are was were be been
    that this these those which who what when where how it its their than then so into over
    under about after before between during such also only some any each other often usually
    sometimes may can might will should would could has have had does do did causes cause
    include includes including called known means mean refers refer like very more most less
    many much several both either while because if unlike until since just even still however
    although though instead measures measure shows show found finds contains affects needs
    lowers raises makes gets takes gives keeps helps reduces increases treats develops lines
    covers occurs leads using""".split()
)
_NOT_TERM_START = re.compile(
    r"^(?:such|see|e\.g|i\.e|with|without|at|in|on|which|who|when|where|for|as|accounting|"
    r"including|and|or|not|sometimes|usually|often|also|mostly|especially|because|if|see)\b",
    re.I,
)
_WORD = r"[A-Za-z0-9][\w'’-]*"


@dataclass
class Found:
    """One term as found so far: its best definition, its rank and its aliases."""

    term: str
    definition: str | None
    rank: int
    line: int
    quote: str
    block: int
    cites: tuple[int, ...]
    aliases: list[str] = field(default_factory=list)
    note: str | None = None


def _np_before(text: str, end: int, max_words: int = 4) -> str | None:
    """The noun phrase ending at ``end``: up to ``max_words`` words, stopping at small words."""
    segment = re.split(r"[,;:()\[\]—–.!?\"“”]", text[:end])[-1]
    words = re.findall(_WORD, segment)
    taken: list[str] = []
    for w in reversed(words):
        if w.casefold() in _STOP or len(taken) >= max_words or w.casefold().endswith("ly"):
            break
        taken.insert(0, w)
    # "pleurodesis recommended (a procedure ...)": the name, not the verb after it
    while len(taken) > 1 and taken[-1].casefold().endswith("ed"):
        taken.pop()
    if not taken:
        return None
    # the phrase must end right at ``end`` (no punctuation between)
    if not re.search(re.escape(taken[-1]) + r"\s*$", segment):
        return None
    return " ".join(taken)


_DEF_END = re.compile(
    r",?\s+(?:and|but)\s+(?:can|may|is|are|has|have|was|were|few|it|they|its)\b|,\s+but\b|;"
)


def _clean_def(text: str) -> str:
    """A definition cut to its noun phrase: no trailing "and can be ...", no final stop."""
    text = squash(text).strip(" ,;:—–-")
    m = re.match(r"^differs?\s+from\s+.+?\s+in\s+that\s+(.+)$", text, re.I)
    if m:
        text = m.group(1)
    end = _DEF_END.search(text)
    if end and end.start() > 10:
        text = text[: end.start()]
    return text.rstrip(" .,")


def _ok_term(term: str | None) -> bool:
    return bool(term) and 1 <= len(term.split()) <= 5 and len(term) <= 60 and not term[0].isdigit()


def _ok_def(term: str, definition: str | None) -> bool:
    if not definition or len(definition.split()) < 2 or len(definition) > 300:
        return False
    return squash(definition).casefold() != squash(term).casefold()


def _forward_parens(text: str):
    for m in re.finditer(r"\((?:a|an)\s+([^()]{6,250})\)", text):
        term = _np_before(text, m.start())
        if term:
            yield term, m.group(0)[1:-1], 1, []


def _dashes(text: str):
    for m in re.finditer(r"\s*[—–]\s*((?:a|an)\s+[^—–]{6,250}?)(?:\s*[—–]|$)", text):
        term = _np_before(text, m.start(), 3)
        if term:
            yield term, m.group(1), 1, []


_IS_A = re.compile(rf"^(?:the\s+)?(?P<t>{_WORD}(?:\s+{_WORD}){{0,3}})\s+(?:is|are)\s+(?P<d>(?:a|an)\s+\w+.{{8,250}})$", re.I)
_WHICH_IS = re.compile(r",\s+which\s+(?:is|are)\s+(?P<d>(?:a|an)\s+[^,;]{8,250})")
_CALLED = re.compile(
    r"^(?P<d>.+?)\s+(?:is|are)\s+(?:also\s+)?(?:called|known as|termed|referred to as)\s+"
    r"(?P<t>[^,.;()]{2,60}?)\s*(?:[,.;(]|$)",
    re.I,
)
_WHICH_CALLED = re.compile(
    r"^(?P<d>.+?),\s+which\s+(?:is|are)\s+(?:also\s+)?(?:called|known as|termed)\s+"
    r"(?P<t>[^,.;()]{2,60}?)\s*(?:[,.;(]|$)",
    re.I,
)
_ALSO = re.compile(
    r"(?P<lead>^|,\s*|\(\s*)(?:also\s+)?(?:called|known as|referred to as|termed)\s+"
    r"(?P<a>[^,.;()]{2,80}?)\s*(?P<close>,|\)|;|\.|$)",
    re.I,
)
_REVERSE = re.compile(r"\((?:the\s+)?(?P<t>[a-z][a-z -]{2,40})\)")
_ABBREV = re.compile(r"(?P<long>(?:[A-Za-z][\w-]*\s+){1,5}[A-Za-z][\w-]*)\s+\((?P<abbr>[A-Z][A-Z0-9-]{1,9}s?)\)")


def _is_a(text: str):
    m = _IS_A.match(text.rstrip("."))
    if m and not any(w.casefold() in _STOP for w in m.group("t").split()):
        yield m.group("t"), m.group("d"), 2, []
    for m in _WHICH_IS.finditer(text):
        term = _np_before(text, m.start(), 4)
        if term:
            yield term, m.group("d"), 2, []


def _called(text: str):
    plain = text.rstrip(".")
    for pattern in (_WHICH_CALLED, _CALLED):
        m = pattern.match(plain)
        if not m or " not " in f" {plain[: m.start('t')][-30:]}":  # "is not called bone cancer"
            continue
        definition = re.sub(r"^(?:it|this|they)\s+(?:refers?|means?)\s+(?:to\s+)?", "", m.group("d"), flags=re.I)
        yield m.group("t"), lower_first(definition), 3, []
        return


def _reverse_parens(text: str):
    for m in _REVERSE.finditer(text):
        term = m.group("t").strip()
        if _NOT_TERM_START.match(term) or len(term.split()) > 4:
            continue
        before = text[: m.start()].rstrip()
        # the phrase it names: from the last "in/into/to/of/at the ..." to the parenthesis
        spots = [x for x in re.finditer(r"\b(?:in|into|to|at|on|within|from)\s+(?=(?:the|a|an)\s)", before)
                 if not re.search(r"[,;()—]", before[x.end():])]
        if not spots:
            continue
        definition = before[spots[-1].end():]
        if 2 <= len(definition.split()) <= 12:
            yield term, definition, 4, []


def _also_called(text: str):
    """(term, alias list) pairs from "X, also called Y," in ``text``."""
    for m in _ALSO.finditer(text):
        if not (m.group("lead").strip() or "also" in m.group(0)[:12]):
            continue
        term = _np_before(text, m.start(), 4)
        if not term:
            continue
        aliases = [a.strip() for a in re.split(r"\s+or\s+|,\s*", m.group("a")) if a.strip()]
        yield term, aliases, m


_APPOSITIVE = re.compile(r",\s+((?:a|an)\s+[^,.;()]{10,200}?)(?=[,.;]|$)")


def _appositives(text: str):
    """"serum velmarite, a marker that rises when ..." (not at the sentence start)."""
    for m in _APPOSITIVE.finditer(text):
        term = _np_before(text, m.start(), 3)
        if term and not text.startswith(term) and len(m.group(1).split()) >= 3:
            yield term, m.group(1), 2, []


def _sentence_terms(text: str):
    """Every (term, definition, rank, aliases) a sentence offers."""
    yield from _forward_parens(text)
    yield from _dashes(text)
    yield from _appositives(text)
    text = re.sub(r"\s+\([A-Z][A-Z0-9-]{1,9}s?\)", "", text)  # "test (SOT) is a ..." reads on
    rest = text
    for term, aliases, m in list(_also_called(text)):
        # "SBRT, also known as Cyberknife, is a procedure ...": read on without the clause
        rest = (text[: m.start()] + " " + text[m.end():]).replace("  ", " ")
        definition = None
        tail = _clean_def(text[m.end():])
        if tail and not re.match(r"^(?:is|are)\s+(?:a|an)\b", tail):
            definition = tail
        yield term, definition, 5, aliases
    yield from _is_a(rest)
    yield from _called(text)
    yield from _reverse_parens(text)


def extract(body: Body, topic_of: list[str]) -> list[Candidate]:
    """Term candidates from the definitions in the body's sentences."""
    found: dict[str, Found] = {}
    abbrevs: dict[str, str] = {}  # ABBR -> long form
    body_text = " ".join(b.text for _, b in body.text_blocks())
    order: list[str] = []
    for index, _b in body.text_blocks():
        for s in body.sentences(index):
            for m in _ABBREV.finditer(s.text):
                long_form = _np_before(s.text, m.start("abbr") - 1, 5)
                if long_form and (long_form[0].islower() or len(long_form.split()) > 1):
                    abbrevs[m.group("abbr")] = long_form
            for term, definition, rank, aliases in _sentence_terms(s.text):
                term = term.strip(" ,.;:")
                if re.match(r"^(?:the|a|an)\s+", term, re.I):
                    term = re.sub(r"^(?:the|a|an)\s+", "", term, flags=re.I)
                if s.text.casefold().startswith(term.casefold()):
                    term = _case_at_start(term, body_text)
                if not _ok_term(term):
                    continue
                definition = _clean_def(definition) if definition else None
                if definition is not None and not _ok_def(term, definition):
                    definition = None
                key = term.casefold()
                item = found.get(key)
                if item is None:
                    item = found[key] = Found(term, None, 99, s.line, s.text, index, s.cites)
                    order.append(key)
                for a in aliases:
                    if a.casefold() != key and a.casefold() not in (x.casefold() for x in item.aliases):
                        item.aliases.append(a)
                if definition and rank < item.rank:
                    item.definition, item.rank = definition, rank
                    item.line, item.quote, item.block, item.cites = s.line, s.text, index, s.cites
                    item.note = ("definition is the rest of the sentence: reword it as a noun phrase"
                                 if rank == 5 else None)
    _join_abbreviations(found, order, abbrevs)
    out = []
    for key in order:
        item = found.get(key)
        if item is None or not item.definition:
            continue
        aliases = [a for a in dict.fromkeys(item.aliases) if a.casefold() != item.term.casefold()]
        fields = {"term": item.term, "definition": item.definition}
        if aliases:
            fields["aliases"] = aliases
        note = item.note or "definition read from the article: reword it in your own words"
        out.append(Candidate(FactKind.TERM, item.term, fields, item.line, item.quote, item.block,
                             cites=item.cites, years=study_years(item.quote), note=note))
    return out


def _case_at_start(term: str, body_text: str) -> str:
    """A term read at a sentence start, in the case it has mid-sentence ("Velmar
    syndrome" stays capitalised when the article writes "of Velmar syndrome")."""
    if re.search(r"[a-z,] " + re.escape(term) + r"\b", body_text):
        return term
    return lower_first(term)


def _join_abbreviations(found: dict[str, Found], order: list[str], abbrevs: dict[str, str]) -> None:
    """Fold "SBRT" into "stereotactic body radiotherapy" (and give the long form its alias)."""
    for abbr, long_form in abbrevs.items():
        short, long_key = found.get(abbr.casefold()), long_form.casefold()
        target = found.get(long_key)
        if target is None and short is None:
            continue
        if target is None:
            target = found[long_key] = Found(long_form, None, 99, short.line, short.quote, short.block, short.cites)
            order.insert(order.index(abbr.casefold()), long_key)
        if abbr not in target.aliases:
            target.aliases.insert(0, abbr)
        if short is not None and short is not target:
            for a in short.aliases:
                if a not in target.aliases:
                    target.aliases.append(a)
            if short.definition and short.rank < target.rank:
                target.definition, target.rank = short.definition, short.rank
                target.line, target.quote, target.block, target.cites = short.line, short.quote, short.block, short.cites
                target.note = short.note
            del found[abbr.casefold()]
