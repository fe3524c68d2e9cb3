"""Item-writing rules for the parts of clinical-judgment items.

A grid row, a drop-down blank and a bowtie list are each a small choice
item, so the rubric's structural and cueing rules apply to each: one key
where one is asked (``part-keys``), no option twice (``part-duplicates``), a
rationale for every choice (``part-rationale``), a key not standing out by
length among its wrong choices (``part-longest``) and no word of the stem
that only a part's key repeats (``part-clang``; the findings a triad or a
highlight asks the student to find in the note are in it by design). A case
must be six steps, one per clinical-judgment step, in order
(``case-steps``). Priority and teaching items are one-best-answer items and
get every multiple-choice rule (:mod:`.context`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..generators.items import Item, ItemKind
from ..generators.first_actions import escalates
from ..generators.situations import NCJMM_STEPS
from ..generators.wording import content_stems, mirrors, tokens
from ..generators.wording import word_key as norm
from .context import AuditContext
from .findings import Finding
from .item_rules import LONG_KEY_RATIO, LONG_KEY_WORDS, _finding, _short, rule

PARTED = frozenset({ItemKind.MATRIX_MC, ItemKind.MATRIX_MR, ItemKind.DROPDOWN, ItemKind.RATIONALE,
                    ItemKind.BOWTIE, ItemKind.HIGHLIGHT})


def parts(item: Item) -> list[tuple[str, list[str], list[int], list[str], bool]]:
    """(what, options, key indices, rationales, may clang-check) per part."""
    kind = ItemKind(item.kind)
    extra = item.extra
    if kind is ItemKind.HIGHLIGHT:
        return [("the note", [o.text for o in item.options], item.correct_options,
                 [o.rationale for o in item.options], False)]
    if kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE):
        cue_blanks = {1, 2} if len(extra.get("pairs", ())) == 2 else set()  # a triad's findings are in the note
        return [(f"blank [{n + 1}]", list(b["options"]), [int(b["key"])], list(b["rationales"]), n not in cue_blanks)
                for n, b in enumerate(extra.get("blanks", ()))]
    if kind is ItemKind.BOWTIE:
        return [(str(g["label"]), list(g["options"]), [int(k) for k in g["keys"]], list(g["rationales"]), True)
                for g in extra.get("groups", ())]
    return []


@rule("part-keys", PARTED | {ItemKind.CASE})
def part_keys(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    kind = ItemKind(item.kind)
    extra: dict[str, Any] = item.extra
    bad = ""
    if kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
        cols = len(extra.get("columns", ()))
        for n, keys in enumerate(extra.get("row_keys", ()), 1):
            if (kind is ItemKind.MATRIX_MC and len(keys) != 1) or not keys or any(not 0 <= k < cols for k in keys):
                bad = f"row {n} has keys {keys} among {cols} columns"
    elif kind is ItemKind.HIGHLIGHT:
        if not 1 <= len(item.correct_options) < len(item.options):
            bad = f"{len(item.correct_options)} of {len(item.options)} findings are keys"
    elif kind is ItemKind.BOWTIE:
        for g in extra.get("groups", ()):
            if len(g["keys"]) != g["pick"]:
                bad = f"'{g['label']}' asks for {g['pick']} but keys {len(g['keys'])}"
    elif kind is ItemKind.CASE:
        steps = [s.extra.get("ncjmm") for s in item.steps]
        if steps != list(NCJMM_STEPS) or any(s.card != item.card for s in item.steps):
            bad = f"its steps are {steps}, not the six clinical-judgment steps in order on its card"
    else:
        for what, options, keys, _, _ in parts(item):
            if len(keys) != 1 or not 0 <= keys[0] < len(options):
                bad = f"{what} has {len(keys)} keys"
    if bad:
        yield _finding(ctx, item, "part-keys", "error", bad, "each part keys exactly what it asks for")


@rule("part-duplicates", PARTED)
def part_duplicates(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    groups = [(what, options) for what, options, *_ in parts(item)]
    if item.kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
        groups = [("the rows", list(item.extra.get("rows", ()))), ("the columns", list(item.extra.get("columns", ())))]
    for what, options in groups:
        seen = [norm(o) for o in options]
        twins = {o for o in seen if seen.count(o) > 1}
        if twins:
            yield _finding(ctx, item, "part-duplicates", "error",
                           f"{what} offers '{_short(next(iter(twins)))}' twice", "drop one or draw another choice")


@rule("part-rationale", PARTED)
def part_rationale(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    if item.kind in (ItemKind.MATRIX_MC, ItemKind.MATRIX_MR):
        whys = list(item.extra.get("row_rationales", ()))
        if len(whys) != len(item.extra.get("rows", ())) or not all(w.strip() for w in whys):
            yield _finding(ctx, item, "part-rationale", "error", "a grid row has no rationale",
                           "every row says why its answer is right")
        return
    for what, options, _, whys, _ in parts(item):
        if len(whys) != len(options) or not all(w.strip() for w in whys):
            yield _finding(ctx, item, "part-rationale", "error", f"a choice of {what} has no rationale",
                           "every choice says why it is right or wrong")


# A phrase of this many words that every wrong choice has and the key lacks
# reads as a cue ("... once it is ordered" after each action that can wait).
TAIL_WORDS = 3


def _grams(text: str) -> set[tuple[str, ...]]:
    ws = tokens(text)
    return {tuple(ws[i:i + TAIL_WORDS]) for i in range(len(ws) - TAIL_WORDS + 1)}


def _longest_run(text: str, shared: set[tuple[str, ...]]) -> str:
    """The longest stretch of ``text`` made of ``shared`` word triples."""
    ws = tokens(text)
    best, run = (0, 0), 0
    for i in range(len(ws) - TAIL_WORDS + 1):
        run = run + 1 if tuple(ws[i:i + TAIL_WORDS]) in shared else 0
        if run > best[1]:
            best = (i - run + 1, run)
    start, n = best
    return " ".join(ws[start:start + n + TAIL_WORDS - 1])


@rule("shared-phrase", {ItemKind.MCQ, ItemKind.SCENARIO, ItemKind.PRIORITY, ItemKind.TEACHING,
                        ItemKind.DROPDOWN, ItemKind.RATIONALE, ItemKind.CASE})
def shared_phrase(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """Every wrong choice repeats a phrase the key does not have: the odd one
    out is the key, found without knowing the content (NGN read 5: each
    action that can wait ended "once it is ordered", the key reported)."""
    for what, options, key, wrong in _one_best(item):
        shared = set.intersection(*map(_grams, wrong)) - _grams(key)
        if shared:
            phrase = _longest_run(wrong[0], shared)
            yield _finding(ctx, item, "shared-phrase", "error",
                           f"every wrong choice of {what} says '{phrase}' and the key does not",
                           "word the key alike or drop the phrase from the choices")
            return


def _one_best(item: Item) -> Iterator[tuple[str, list[str], str, list[str]]]:
    """(what, options, key, wrong choices) of every one-best-answer choice
    list of the item, its steps' too, with two wrong choices or more."""
    for step in item.steps or (item,):
        groups = parts(step) or [("the options", [o.text for o in step.options], step.correct_options, [], True)]
        for what, options, keys, _, _ in groups:
            wrong = [o for i, o in enumerate(options) if i not in keys]
            if len(wrong) >= 2 and len(keys) == 1:
                yield what, options, options[keys[0]], wrong


# Words that say how soon: on the key alone they tell which action is first
# ("report the findings at once" among plain actions, review 12).
_URGENT = re.compile(r"\b(?:at once|immediately|right away|straight away|promptly|urgently|without delay|"
                     r"as soon as possible)\b", re.IGNORECASE)


@rule("urgency-cue", {ItemKind.MCQ, ItemKind.SCENARIO, ItemKind.PRIORITY, ItemKind.TEACHING,
                      ItemKind.DROPDOWN, ItemKind.RATIONALE, ItemKind.CASE})
def urgency_cue(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """Only the key says how soon: the urgency word, not the judgment,
    marks the first action."""
    for what, _, key, wrong in _one_best(item):
        said = _URGENT.search(key)
        if said and not any(_URGENT.search(o) for o in wrong):
            yield _finding(ctx, item, "urgency-cue", "error",
                           f"only the key of {what} says '{said.group()}'",
                           "drop the urgency word from the key, or let the wrong choices say how soon too")
            return


@rule("grid-column-alone", {ItemKind.MATRIX_MR})
def grid_column_alone(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """A column no row points to alone: every answer it asks for is a
    "both", so a student who ticks the other column everywhere scores nearly
    all (review 15: fracture against cord compression, one shared row)."""
    columns = list(item.extra.get("columns", ()))
    alone = {keys[0] for keys in item.extra.get("row_keys", ()) if len(keys) == 1}
    for n, name in enumerate(columns):
        if n not in alone:
            yield _finding(ctx, item, "grid-column-alone", "error",
                           f"no row points to '{name}' alone",
                           "give the column a finding of its own, or drop the column")
            return


@rule("part-longest", {ItemKind.DROPDOWN, ItemKind.RATIONALE, ItemKind.BOWTIE})
def part_longest(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    for what, options, keys, _, _ in parts(item):
        wrong = [len(o) for i, o in enumerate(options) if i not in keys]
        for k in keys:
            key = options[k]
            if wrong and len(key.split()) >= LONG_KEY_WORDS and max(wrong) < LONG_KEY_RATIO * len(key):
                yield _finding(ctx, item, "part-longest", "warning",
                               f"the key of {what} ({len(key)} characters) is much longer than its wrong choices",
                               "trim the key's qualifiers or write longer parallel claims")


@rule("part-clang", {ItemKind.DROPDOWN, ItemKind.RATIONALE, ItemKind.BOWTIE})
def part_clang(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """A finding of the note that only a part's key repeats (the sentence
    around the blanks is the same for every situation, so it cues nothing)."""
    note = item.extra.get("note") or {}
    stem_words = content_stems(" ".join([str(note.get("head", "")), *map(str, note.get("lines", ()))]))
    for what, options, keys, _, check in parts(item):
        if not check:
            continue
        in_wrong = set().union(*(content_stems(o) for i, o in enumerate(options) if i not in keys))
        for k in keys:
            shared = (content_stems(options[k]) & stem_words) - in_wrong
            if shared:
                yield _finding(ctx, item, "part-clang", "error",
                               f"the stem and the key of {what} share '{', '.join(sorted(shared))}', "
                               "which no wrong choice has",
                               "reword the situation's claim or the client's note")


def _in_note(option: str, lines: list[str]) -> bool:
    o = norm(option)
    return bool(o) and any(o in norm(line) for line in lines)


def note_parts(item: Item) -> Iterator[tuple[Item, str, list[str], list[int]]]:
    """(item, what, options, keys) of every part shown with a note whose
    options are findings: highlight-free parts of drop-downs, rationale
    items and bowties, and the steps of a case."""
    if ItemKind(item.kind) is ItemKind.CASE:
        for step in item.steps:
            yield from note_parts(step)
        return
    if ItemKind(item.kind) in (ItemKind.DROPDOWN, ItemKind.RATIONALE, ItemKind.BOWTIE) and item.extra.get("note"):
        for what, options, keys, _, _ in parts(item):
            yield item, what, options, keys


@rule("key-only-in-note", {ItemKind.DROPDOWN, ItemKind.RATIONALE, ItemKind.BOWTIE, ItemKind.CASE})
def key_only_in_note(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """A part whose key is the one option the client's note shows ("as
    shown by [2]": the finding in the note among findings that are not):
    the student matches text instead of analyzing cues. Wrong findings
    belong in the note too, as findings that do not support the condition."""
    for it, what, options, keys in note_parts(item):
        lines = [str(line) for line in (it.extra.get("note") or {}).get("lines", ())]
        shown = [i for i, o in enumerate(options) if _in_note(o, lines)]
        if len(options) > 2 and shown and set(shown) == set(keys):
            yield _finding(ctx, item, "key-only-in-note", "error",
                           f"the key of {what} is the only option the client's note shows",
                           "offer findings of the note that do not support the condition (its 'expected' findings)")


def _body(rationale: str) -> str:
    return rationale.split(":", 1)[1] if ":" in rationale else rationale


@rule("mirror-options", {ItemKind.TEACHING, ItemKind.MATRIX_MC})
def mirror_options(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """An option beside its own mirror image (a teaching gap next to the
    correct teaching on the same point; an indicated row next to its
    contrapositive): one answers the other."""
    if ItemKind(item.kind) is ItemKind.TEACHING:
        for k in [o for o in item.options if o.correct]:
            for o in item.options:
                if not o.correct and mirrors(_body(k.rationale), _body(o.rationale)):
                    yield _finding(ctx, item, "mirror-options", "error",
                                   f"'{_short(o.text)}' teaches the same point as the key's gap",
                                   "leave out the teaching point that answers the gap")
        return
    rows = list(item.extra.get("rows", ()))
    keys = [tuple(k) for k in item.extra.get("row_keys", ())]
    whys = [_body(w) for w in item.extra.get("row_rationales", ())]
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            if keys[i] == keys[j]:
                continue
            if mirrors(rows[i], rows[j], 0.6) or (i < len(whys) and j < len(whys) and mirrors(whys[i], whys[j], 0.6)):
                yield _finding(ctx, item, "mirror-options", "error",
                               f"rows {i + 1} and {j + 1} state the same rule both ways",
                               "drop one of the two actions from the grid")


@rule("ordered-before-report", {ItemKind.PRIORITY})
def ordered_before_report(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """A priority item whose key reports the findings while a distractor
    gives something "as prescribed": the order already exists, so the
    distractor may well come first and reporting looks redundant."""
    keys = [o for o in item.options if o.correct]
    if not keys or not escalates(keys[0].text):
        return
    for o in item.options:
        if not o.correct and "as prescribed" in o.text.lower():
            yield _finding(ctx, item, "ordered-before-report", "warning",
                           f"'{_short(o.text)}' says 'as prescribed' beside a key that reports to the provider",
                           "word it as a step that waits for an order ('once it is ordered')")


def _whys(item: Item) -> Iterator[tuple[str, str]]:
    """(choice, rationale) of every choice of a judgment item, case steps too."""
    if ItemKind(item.kind) is ItemKind.CASE:
        for step in item.steps:
            yield from _whys(step)
        return
    for o in item.options:
        yield o.text, o.rationale
    extra = item.extra
    for row, why in zip(extra.get("rows", ()), extra.get("row_rationales", ())):
        yield str(row), str(why)
    for part in [*extra.get("blanks", ()), *extra.get("groups", ())]:
        for opt, why in zip(part["options"], part["rationales"]):
            yield str(opt), str(why)


# A cue this short ("confusion", "new confusion") is a sign any page names;
# longer ones describe one client ("tenderness when the left thigh bone is pressed").
FOREIGN_CUE_WORDS = 3


@rule("foreign-cue", PARTED | {ItemKind.PRIORITY, ItemKind.TEACHING, ItemKind.CASE})
def foreign_cue(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """A rationale quoting another situation's client ("would also show a
    severe ache in her left thigh" for a client with back pain): her
    findings are not this client's, so the rationale teaches a false
    differentiator. A rationale of a row or option that is that finding
    itself (a findings grid across conditions) is not a quote."""
    from ..deck.facts import Situation

    sit = ctx.fact_of(item)
    if not isinstance(sit, Situation):
        return
    own = [norm(t) for c in (*sit.cues, *sit.look_alikes, *sit.expected, *sit.actions, *sit.avoid, *sit.monitor,
                             *sit.outcomes, *sit.teaching, *sit.gaps, sit.priority)
           for t in (c.text, c.why or "", c.points_to or "", c.says or "") if t]
    whys = list(_whys(item))
    for other in ctx.deck.facts:
        if not isinstance(other, Situation) or other.id == sit.id:
            continue
        for cue in other.cues:
            quoted = norm(cue.text)
            if len(tokens(cue.text)) < FOREIGN_CUE_WORDS or any(quoted in t for t in own):
                continue
            for text, why in whys:
                if quoted in norm(why) and norm(text) != quoted:
                    yield _finding(ctx, item, "foreign-cue", "error",
                                   f"a rationale quotes '{_short(cue.text)}', a finding of {other.id}'s client",
                                   "say what in this client's note speaks against the rival, or a finding "
                                   "written for any client (the rival's look-alike)")
                    break


# Actions a nurse takes only on an order, and the words that say whether it exists.
ON_ORDER = ("give ", "set up ", "start ", "administer ", "draw blood", "check her ")
ORDER_SAID = ("ordered", "prescribed", "usual", "if it is offered")


@rule("order-wording", {ItemKind.MATRIX_MC, ItemKind.PRIORITY, ItemKind.DROPDOWN, ItemKind.RATIONALE,
                        ItemKind.BOWTIE, ItemKind.CASE})
def order_wording(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """Right actions of one item worded unevenly about their order: "set up
    saline once it is ordered" beside "give the bisphosphonate once she is
    rehydrated" (no order named) lets a careful student argue the bare one
    is wrong (nobody ordered it), a second defensible answer. Actions to
    avoid are wrong whatever the order."""
    rows = [(t, w) for t, w in _whys(item) if not w.startswith(("Avoid", "Contraindicated"))]
    if not any("ordered" in t.lower() for t, _ in rows):
        return
    for text, _ in rows:
        low = text.lower()
        if low.startswith(ON_ORDER) and not any(s in low for s in ORDER_SAID):
            yield _finding(ctx, item, "order-wording", "warning",
                           f"'{_short(text)}' names no order beside actions that wait for one",
                           "word every action that needs an order alike ('once it is ordered')")
            return
