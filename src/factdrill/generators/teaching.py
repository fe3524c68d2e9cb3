"""Teaching items: "Which statement by the client indicates a need for further teaching?"

Tests evaluation of teaching (NCJMM: evaluate outcomes). Each ``gaps``
entry of a situation (words a client might say that show a teaching gap)
is the key of one item; the distractors are statements of understanding,
the ``says`` of its teaching points, leaving out one that answers the gap
in its own words or teaches the gap's own point (the contrasting pair
would point to the key). Scored 0/1.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..deck.facts import Claim, Deck, Situation
from .common import Context, Skip, cap, sentence
from .items import Item, ItemKind
from .situations import EVALUATE, Choice, client, generated, judgment_item, on_problem, prompt_of
from .wording import content_stems, covers, mirrors, root_echo, roots_of

# A statement of understanding sharing this much of its words with the gap
# is its direct answer: the two stand out as a pair.
ANSWERS_GAP = 0.35

KIND = ItemKind.TEACHING
# statements of understanding beside the key: with two, a guess was right
# one time in three (review 9)
UNDERSTOOD = 3


def generate(deck: Deck, ctx: Context) -> Iterator[Item | Skip]:
    for sit in generated(deck):
        if not sit.gaps:
            continue
        for i in range(len(sit.gaps)):
            yield build(ctx, sit, i)


def question(ctx: Context, sit: Situation, note_: dict | None = None, gap: Claim | None = None) -> str:
    """The stem: who was taught and about what. Without a note before it,
    the stem says who the client is and what she has (review 12: "the
    client" alone left the student to learn of her Xgeva from the options);
    "her care" covers every point taught ("about hypocalcemia" did not cover
    her dental care). A gap about her treatment rather than her condition
    (dental work on Xgeva) leaves the condition out: "now diagnosed with
    hypocalcemia" over four statements on dental care read as off the
    subject (review 17 #26)."""
    if note_ is not None:  # the note's head says who she is
        taught = "The nurse has taught the client"
    elif gap is not None and _on_treatment(sit, gap):
        taught = f"The client is {client(ctx.deck, sit)}. The nurse has taught her"
    else:
        # and what she has now: the options speak of drains and talc
        taught = f"The client is {client(ctx.deck, sit)}, now diagnosed with {sit.condition}. The nurse has taught her"
    return f"{taught} about her care. Which statement by the client indicates a need for further teaching?"


def _on_treatment(sit: Situation, gap: Claim) -> bool:
    """Whether ``gap`` speaks of what the client line names (her drug) and
    of nothing in her condition, first action or findings."""
    said = content_stems(f"{gap.text} {gap.why or ''}")
    return not on_problem(sit, gap) and bool(said & (content_stems(sit.client or "") - _EVERY_CLIENT))


# Words any client line may hold: sharing them says nothing of her drug.
_EVERY_CLIENT = content_stems("a woman with breast cancer, treated, having treatment, spread")


def _same_point(sit: Situation, teach: str, point: str) -> bool:
    """Whether a teaching point teaches the gap's own point: they share
    words (:func:`mirrors`) or, at this share, word roots ("dental" work and
    the "dentist", review 17 #26: the statement and the key read as a pair),
    leaving out the roots of her condition and client line, which any two
    of her points may share."""
    if mirrors(teach, point):
        return True
    a, b = _roots(teach), _roots(point)
    shared = a & b - _roots(f"{sit.condition} {sit.client or ''}")
    return bool(a and b) and len(shared) / min(len(a), len(b)) >= ROOT_SHARE


def _roots(text: str) -> set[str]:
    return roots_of(text, _ROOT)


# Words a statement shares with her problem (condition, first action's
# reason, findings) that make it a statement on that problem.
ON_PROBLEM = 2
# Letters of a word that name its root, and the share of roots that makes
# two teaching texts one point.
_ROOT = 4
ROOT_SHARE = 0.4


def build(ctx: Context, sit: Situation, index: int, note_: dict | None = None, variant: str | int | None = None,
          side: str = "teaching") -> Item | Skip:
    gap = sit.gaps[index]
    # leave out the teaching point on the gap's own point: its statement is
    # the key's mirror image, and the pair points to the key
    understood = [t for t in sit.teaching
                  if t.says and not _answers(t.says, gap.text) and not _same_point(sit, gap.why or "", t.text)]
    if len(understood) < UNDERSTOOD:
        return Skip(sit.id, KIND, f"only {len(understood)} teaching points with 'says' that do not answer the "
                                  f"gap in its own words (need {UNDERSTOOD} statements of understanding)")
    stem = question(ctx, sit, note_, gap)
    order = ctx.rng(f"{sit.id}:teaching:{index}").sample(understood, len(understood))
    # statements on the gap's own subject first ("calcium" beside a gap about
    # low calcium), so the key is not the one option on the stem's condition
    # among three about dental care (review 15)
    about = content_stems(f"{gap.text} {gap.why or ''}")
    order.sort(key=lambda t: -len(content_stems(f"{t.text} {t.says}") & about))
    # and one on the stem's condition itself (the tingling of low calcium),
    # where the gap's words found none: three dental statements beside the
    # one on calcium made the key the odd one out (review 30 #34)
    best = max(order, key=lambda t: on_problem(sit, t))
    chosen = [best] if on_problem(sit, best) >= ON_PROBLEM else []
    chosen += _echoing([t for t in order if t not in chosen], root_echo(prompt_of(note_, stem), gap.text))
    chosen = chosen[:UNDERSTOOD]
    chosen += [t for t in order if t not in chosen][:UNDERSTOOD - len(chosen)]
    key = Choice(_quote(gap.text), True, sentence(f"Needs further teaching: {gap.why}"), sit.id)
    wrong = [Choice(_quote(t.says or ""), False, f"Shows understanding: {cap(t.text)}.", sit.id) for t in chosen]
    return judgment_item(ctx, sit, KIND, index if variant is None else variant, side, EVALUATE,
                         stem, note_=note_, choices=[key, *wrong], claims=[gap, *chosen])


def _echoing(order: list[Claim], echo: set[str]) -> list[Claim]:
    """Statements of understanding that repeat the words the key shares with
    the stem ("Xgeva" of "a woman having Xgeva injections"), one per word,
    in ``order``: otherwise only the key would echo the stem."""
    chosen: list[Claim] = []
    for w in sorted(echo):
        if any(covers(t.says or "", {w}) for t in chosen):
            continue
        chosen += [t for t in order if t not in chosen and covers(t.says or "", {w})][:1]
    return chosen[:UNDERSTOOD]


def _answers(says: str, gap: str) -> bool:
    a, b = content_stems(says, min_len=3), content_stems(gap, min_len=3)
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= ANSWERS_GAP


def _quote(text: str) -> str:
    text = " ".join(text.strip().strip("\"\u201c\u201d").split())
    return f"\u201c{text}\u201d"
