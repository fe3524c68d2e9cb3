"""Where a clinical-judgment item's wrong choices come from (review 16).

A composite item (bowtie, unfolding case, "as shown by" drop-downs) is only
as hard as its rivals. Three ways of filling a list make a rival need no
clinical reasoning, and each is checked over the item and a case's steps:

- ``rivals-only-normal``: an "as shown by" evidence blank whose wrong
  findings are all normal lines of the note (``expected``): the student
  tells abnormal from normal instead of linking a finding to its condition;
  likewise a highlight whose wrong findings are all plainly normal lines
  when the deck has findings for that note that look like trouble but need
  no follow-up (the ``later`` ones, expected after her treatment, for the
  note written after the care; the ``abnormal`` ones, explained by the care
  she already has, for the first assessment);
- ``borrowed-like-key``: an action borrowed from another situation that
  resembles one this situation keys as indicated ("help her into an upright
  position" beside a keyed "raise the head of her bed"): wrong only for the
  other client's reasons, which the student cannot see;
- ``uncharted-rival``: a rival condition explained by a treatment the
  client's note never charts ("restlessness since starting dexamethasone"
  with no steroid given): it rules itself out without reasoning.

A highlight is not given look-alikes as rivals: a finding that points to
another condition needs follow-up itself, so in a "which findings need
follow-up" note it would be a second key. Its fair rivals are findings
expected for this client at this time; ``later-finding-early`` refuses one
expected only after her treatment in a note written before it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..deck.facts import Situation
from ..generators.items import Item, ItemKind
from ..generators.situations import EVALUATE, indicated, resembles_indicated, uncharted
from ..generators.wording import word_key as norm
from .context import AuditContext
from .findings import Finding
from .item_rules import _finding, _short, rule


def _steps(item: Item) -> tuple[Item, ...]:
    return item.steps if ItemKind(item.kind) is ItemKind.CASE else (item,)


def _situation(ctx: AuditContext, item: Item) -> Situation | None:
    sit = ctx.fact_of(item)
    return sit if isinstance(sit, Situation) else None


def _is_triad(step: Item) -> bool:
    return ItemKind(step.kind) is ItemKind.RATIONALE and len(step.extra.get("pairs", ())) == 2


def _after_care(step: Item) -> bool:
    """Whether a highlight step is about the note written after the care
    (evaluate outcomes), not the first assessment."""
    return step.extra.get("ncjmm") == EVALUATE


def _wrong_findings(step: Item) -> list[str]:
    return [o.text for o in step.options if not o.correct]


@rule("rivals-only-normal", {ItemKind.RATIONALE, ItemKind.HIGHLIGHT, ItemKind.CASE})
def rivals_only_normal(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    sit = _situation(ctx, item)
    if sit is None:
        return
    normal = {norm(e.text) for e in sit.expected_first if not e.abnormal}
    for step in _steps(item):
        if ItemKind(step.kind) is ItemKind.HIGHLIGHT:
            # only where the deck has findings that look like trouble but need
            # no follow-up for this note: the later note's, after her care;
            # the first note's, explained by the care she already has
            wrong = _wrong_findings(step)
            if not wrong or not all(norm(o) in normal for o in wrong):
                continue
            if _after_care(step) and sit.expected_later:
                yield _finding(ctx, item, "rivals-only-normal", "error",
                               "every wrong finding of the later note is a plainly normal line, though the "
                               "deck has findings expected after her treatment",
                               "offer the situation's 'later' expected findings before its normal lines")
                return
            if not _after_care(step) and any(e.abnormal for e in sit.expected_first):
                yield _finding(ctx, item, "rivals-only-normal", "error",
                               "every wrong finding of the note is a plainly normal line, though the deck has "
                               "findings explained by the care she already has",
                               "offer the situation's 'abnormal' expected findings before its normal lines")
                return
            continue
        if not _is_triad(step):
            continue
        for n, b in enumerate(step.extra.get("blanks", ())[1:], 2):
            wrong = [o for i, o in enumerate(b["options"]) if i != b["key"]]
            if wrong and all(norm(o) in normal for o in wrong):
                yield _finding(ctx, item, "rivals-only-normal", "error",
                               f"every wrong finding of blank [{n}] is a normal line of the note",
                               "offer findings that point to a rival condition (the situation's look_alikes "
                               "with points_to and why), or skip the item")
                return


def _borrowed(ctx: AuditContext, sit: Situation) -> dict[str, str]:
    """Other situations' indicated actions, by their normalised text, each
    with the situation it comes from (none that ``sit`` lists itself)."""
    own = {norm(t) for t in indicated(sit)} | {norm(a.text) for a in sit.avoid}
    out: dict[str, str] = {}
    for other in ctx.deck.facts:
        if isinstance(other, Situation) and other.id != sit.id:
            for text in indicated(other):
                if norm(text) not in own:
                    out.setdefault(norm(text), other.id)
    return out


def _wrong_actions(step: Item) -> Iterator[str]:
    """The wrong choices of a step's action lists."""
    kind = ItemKind(step.kind)
    extra = step.extra
    if kind is ItemKind.BOWTIE:
        g = extra.get("groups", ())[1:2]
        for group in g:
            yield from (o for i, o in enumerate(group["options"]) if i not in group["keys"])
    elif kind in (ItemKind.DROPDOWN, ItemKind.RATIONALE) and not _is_triad(step):
        for b in extra.get("blanks", ())[:1]:
            yield from (o for i, o in enumerate(b["options"]) if i != b["key"])
    elif kind is ItemKind.PRIORITY:
        yield from (o.text for o in step.options if not o.correct)


@rule("borrowed-like-key", {ItemKind.BOWTIE, ItemKind.DROPDOWN, ItemKind.RATIONALE, ItemKind.PRIORITY,
                            ItemKind.CASE})
def borrowed_like_key(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    sit = _situation(ctx, item)
    if sit is None:
        return
    borrowed = _borrowed(ctx, sit)
    for step in _steps(item):
        for text in _wrong_actions(step):
            if norm(text) in borrowed and (like := resembles_indicated(text, sit)):
                yield _finding(ctx, item, "borrowed-like-key", "error",
                               f"'{_short(text)}' ({borrowed[norm(text)]}'s action) resembles '{_short(like)}', "
                               "which this situation keys as indicated",
                               "offer the situation's own actions to avoid, or a borrowed action of another kind")
                return


def _condition_rivals(step: Item) -> Iterator[str]:
    """The rationales of a step's wrong conditions."""
    kind = ItemKind(step.kind)
    if kind is ItemKind.BOWTIE:
        for g in step.extra.get("groups", ())[:1]:
            yield from (r for i, r in enumerate(g["rationales"]) if i not in g["keys"])
    elif _is_triad(step):
        b = step.extra["blanks"][0]
        yield from (r for i, r in enumerate(b["rationales"]) if i != b["key"])


@rule("uncharted-rival", {ItemKind.BOWTIE, ItemKind.RATIONALE, ItemKind.CASE})
def uncharted_rival(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    sit = _situation(ctx, item)
    if sit is None:
        return
    for step in _steps(item):
        note = step.extra.get("note") or {}
        charted = " ".join([sit.client or "", str(note.get("head", "")), *map(str, note.get("lines", ()))])
        for why in _condition_rivals(step):
            drug = uncharted(why, charted)
            if drug:
                yield _finding(ctx, item, "uncharted-rival", "error",
                               f"a rival condition rests on '{drug}', which the client's note never charts",
                               "drop the rival, or chart the treatment in the note")
                return


@rule("later-finding-early", {ItemKind.HIGHLIGHT, ItemKind.RATIONALE, ItemKind.DROPDOWN, ItemKind.MATRIX_MC,
                              ItemKind.BOWTIE, ItemKind.PRIORITY, ItemKind.ACTION_ORDER, ItemKind.CASE})
def later_finding_early(ctx: AuditContext, item: Item) -> Iterator[Finding]:
    """A finding expected only after her treatment (``later``) charted in a
    note written before it (the first assessment, 08:00 or 08:30): the note
    contradicts its own timeline, and the finding would need follow-up then."""
    sit = _situation(ctx, item)
    if sit is None or not sit.expected_later:
        return
    later = {norm(e.text): e.text for e in sit.expected_later}
    for step in _steps(item):
        if _after_care(step):
            continue
        lines = [str(line) for line in (step.extra.get("note") or {}).get("lines", ())]
        shown = [*lines, *(_wrong_findings(step) if ItemKind(step.kind) is ItemKind.HIGHLIGHT else ())]
        for line in shown:
            hit = next((t for k, t in later.items() if k in norm(line)), None)
            if hit:
                yield _finding(ctx, item, "later-finding-early", "error",
                               f"'{_short(hit)}' is expected only after her treatment, but the note written "
                               "before it charts it",
                               "chart it only in the note written after the care (case step 6)")
                return
