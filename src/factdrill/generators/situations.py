"""Clinical-judgment items from ``situation`` facts: the pieces every
judgment generator shares.

A situation (a client condition, its cues, actions, parameters, outcomes
and teaching, each claim cited) gives the Next-Generation NCLEX formats,
one generator module each. The key of every item comes from the situation's
own lists; distractors come from its own contrasting lists (look-alike
findings, actions to avoid) first, then from other situations of the deck,
never one that shares most of its words with a claim of this situation (so
a distractor is never a reworded key).

Cards (``FACT_ID:SIDE``): ``cues`` (highlight, findings grid, the
condition-and-evidence triad), ``actions`` (priority, indicated/contraindicated
grid, drop-down cloze, the action-and-reason dyad, bowtie, action order),
``teaching`` (need-for-further-teaching) and ``case`` (the unfolding case,
one card).

Kind-specific data in ``Item.extra``:

- every judgment item: ``ncjmm`` (the clinical-judgment step it measures),
  ``note`` (``{"head": ..., "lines": [...]}``: the client's note shown before
  the question), ``question`` (the question alone; ``prompt`` holds note and
  question as one text for formats that show text only);
- highlight: the options are the note's findings (keys need follow-up);
- matrix_mc / matrix_mr: ``columns`` (labels), ``rows`` (texts),
  ``row_keys`` (key column indices per row), ``row_rationales``;
- dropdown / rationale: ``text`` (with ``[1]``, ``[2]`` ... where the
  blanks go), ``blanks`` (each ``{"options", "key", "rationales"}``) and, for
  rationale items, ``pairs`` (blank index pairs scored together);
- bowtie: ``groups`` (each ``{"label", "pick", "options", "keys",
  "rationales"}``: condition, actions, parameters);
- action_order: ``choices`` (shuffled), ``order``; ``answers`` is the order;
- case: ``steps`` (the six items, each with its note at that point).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..deck.facts import Claim, Deck, FactKind, Situation
from .client_needs import category
from .common import Context, cap, evidence, join_list, norm
from .items import Item, ItemKind, Option, card_id, item_id
from .phrasing import to_do
from .wording import content_stems, tokens

# The six steps of NCSBN's Clinical Judgment Measurement Model.
RECOGNIZE = "recognize cues"
ANALYZE = "analyze cues"
PRIORITIZE = "prioritize hypotheses"
GENERATE = "generate solutions"
TAKE_ACTION = "take action"
EVALUATE = "evaluate outcomes"
NCJMM_STEPS = (RECOGNIZE, ANALYZE, PRIORITIZE, GENERATE, TAKE_ACTION, EVALUATE)

# A distractor sharing this share of its content words with one of the
# situation's own claims may be the same claim reworded: never offered.
SAME_CLAIM = 0.5


@dataclass(frozen=True)
class Choice:
    """One option of a judgment item: text, whether it is a key, why, and
    the fact it came from."""

    text: str
    correct: bool
    rationale: str
    fact_id: str | None = None
    sources: tuple[str, ...] = ()  # what the rationale rests on, when not this situation's claim


def situations(ctx: Context) -> list[Situation]:
    """Every situation of the deck (the pool other situations draw from)."""
    return [f for f in ctx.by_kind[FactKind.SITUATION] if isinstance(f, Situation)]


def generated(deck: Deck) -> list[Situation]:
    """The situations to generate items for: those among ``deck.facts``, as
    every generator iterates (the items cache hands a generator one fact at
    a time; the whole deck's situations are :func:`situations`)."""
    return [f for f in deck.facts if isinstance(f, Situation)]


def client(deck: Deck, sit: Situation) -> str:
    """Who the items are about: the situation's client, else the deck's."""
    text = sit.client or deck.scenario_client or "a client"
    return " ".join(text.split())


def texts(claims: Iterable[Claim]) -> list[str]:
    return [c.text for c in claims]


def own_claims(sit: Situation) -> list[str]:
    """Every claim text of the situation (for the rewording guard)."""
    out = [sit.condition, sit.priority.text]
    for group in (sit.cues, sit.look_alikes, sit.expected, sit.actions, sit.avoid, sit.sequence,
                  sit.monitor, sit.outcomes):
        out.extend(c.text for c in group)
    return out


def distinct(text: str, ours: Sequence[str]) -> bool:
    """Whether ``text`` is not one of ``ours`` in other words."""
    mine = content_stems(text)
    for other in ours:
        if norm(other) == norm(text):
            return False
        theirs = content_stems(other)
        if mine and theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= SAME_CLAIM:
            return False
    return True


def others(ctx: Context, sit: Situation, *, near_first: bool = True) -> list[Situation]:
    """The deck's other situations in a seeded order, same topic first (a
    close condition makes a good wrong diagnosis) or last (a close
    condition's actions and parameters may well fit this client too)."""
    rest = [s for s in situations(ctx) if s.id != sit.id and norm(s.condition) != norm(sit.condition)]
    ctx.rng(f"{sit.id}:others").shuffle(rest)
    rest.sort(key=lambda s: (s.topic != sit.topic) == near_first)
    return rest


def bound(text: str, why: str, sit: Situation) -> bool:
    """Whether a parameter (or its reason) names something of ``sit``'s own
    condition, findings or first action ("how many minutes the convulsion
    lasts: a seizure lasting longer than 5 minutes..."), so it cannot be read
    as a parameter any client might need ("fluid intake and output")."""
    own = content_stems(" ".join([sit.condition, sit.priority.text, *(c.text for c in sit.cues)]))
    return bool(content_stems(f"{text} {why}") & own)


def condition_choices(ctx: Context, sit: Situation, k: int = 3, lines: Sequence[str] = ()) -> list[Choice]:
    """Wrong conditions that fit part of the picture: what this situation's
    look-alikes point to, then other situations that list one of its cues
    in the same words. Never an unrelated condition (no "hypocalcemia" for
    a breathless client): a rival the note rules out by reasoning, not at a
    glance; fewer than the caller needs means the item is skipped.

    ``lines`` are the note the item shows (else the first four cues). A
    rival taken from another situation is explained without that other
    client's findings (her "left thigh" is not this client's): by the rival's
    own look-alike pointing to this condition, a finding written for any
    client, else by this note's findings the rival does not list; the cue
    both share is named only when this note shows it."""
    out: list[Choice] = []
    seen = {norm(sit.condition)}
    shown = [norm(line) for line in lines] or [norm(c.text) for c in sit.cues[:4]]
    charted = " ".join([sit.client or "", *lines, *(c.text for c in sit.cues[:4])])
    for la in sit.look_alikes:
        if la.points_to and norm(la.points_to) not in seen and not uncharted(la.text, charted):
            seen.add(norm(la.points_to))
            # what the rival would show and the deck's reason, nothing said
            # of the note: a finding the note shares with the rival ("extreme
            # tiredness" beside advanced cancer itself) would make "not the
            # findings in the note" false
            why = f": {la.why}" if la.why else ""
            out.append(Choice(la.points_to, False, f"{cap(la.points_to)} would show {la.text}{why}.",
                              sit.id, sit.cited(la)))
    mine = {norm(c.text) for c in sit.cues}
    for other in others(ctx, sit):
        shared = [c for c in other.cues if norm(c.text) in mine]
        if norm(other.condition) in seen or not shared:
            continue
        seen.add(norm(other.condition))
        out.append(rival(sit, other, shared, shown))
    return out[:k]


# "since starting dexamethasone", "after starting denosumab": a finding that
# dates itself from a treatment
_SINCE = re.compile(r"\b(?:since|after) (?:starting|taking|beginning|having) (?:the |her )?([a-z][a-z-]+)",
                    re.IGNORECASE)


def uncharted(text: str, charted: str) -> str | None:
    """The treatment ``text`` dates itself from that ``charted`` (the
    client and her note) never names, else None: "a side effect of the
    steroid" beside a note with no steroid rules itself out without any
    reasoning (review 16)."""
    m = _SINCE.search(text)
    if m and not content_stems(m.group(1)) & content_stems(charted):
        return m.group(1)
    return None


def telling_cues(sit: Situation, *rivals: str) -> list[Claim]:
    """The situation's cues that share no content word with the findings
    its rivals would show: the ones that tell the condition apart (words
    that only say who the client is, "bones" of "spread to her bones", tell
    nothing either way)."""
    theirs = set().union(*(content_stems(_affirmed(r)) for r in rivals)) if rivals else set()
    theirs -= content_stems(sit.client or "")
    # by root: "breathless even when resting" is no proof beside a rival's
    # "sudden, severe breathlessness", nor "a cough" beside "coughing up
    # phlegm" (reviews 24 P3, 26 #35)
    theirs = {_bare(t) for t in theirs}
    return [c for c in sit.cues if not {_bare(w) for w in content_stems(c.text)} & theirs]


def _bare(stem: str) -> str:
    """A word without the ending that makes a noun or a verb form of it
    ("breathlessness", "coughing"), but not one that changes what it names
    ("breath" is not "breathless")."""
    for end in ("ness", "ing"):
        if stem.endswith(end) and len(stem) - len(end) >= 4:
            return stem[: -len(end)]
    return stem


def on_problem(sit: Situation, claim: Claim) -> int:
    """How many words ``claim`` (its text and why) shares with the
    situation's problem: its condition, findings and first action's reason
    (a gap on the tingling shares them; one on dental work does not)."""
    problem = content_stems(" ".join([sit.condition, sit.priority.why or "", *(c.text for c in sit.cues)]))
    return len(content_stems(f"{claim.text} {claim.why or ''}") & problem)


def shown_by(sit: Situation, cue: Claim, look_alikes: Sequence[Claim]) -> Claim | None:
    """The first of ``look_alikes`` that shows ``cue`` *without* the
    condition's other signs: its finding shares a content word with the cue
    and says what is absent ("back pain alone, with no weakness, numbness,
    or bladder or bowel change": spinal metastases without compression).
    A look-alike that merely shares a word ("tiredness ... with a normal
    calcium", "sudden, severe breathlessness") does not make the cue a wrong
    answer: tiredness is a sign of high calcium too (review 18 #9)."""
    hers = content_stems(sit.client or "")
    mine = content_stems(cue.text) - hers
    # the cue must hold the whole finding the look-alike affirms ("back
    # pain"), not one word of it: "a band of pain" shares only "pain" with
    # "back pain alone", yet NICE counts it a sign of compression (review 20 #15)
    return next((la for la in look_alikes
                 if _NEGATIONS.search(la.text) and (shown := content_stems(_affirmed(la.text)) - _ALONE - hers)
                 and shown <= mine), None)


# words saying a finding comes by itself ("back pain alone")
_ALONE = content_stems("alone only just isolated")


_NEGATIONS = re.compile(r"\b(?:no|not|without|never|nor)\b", re.IGNORECASE)


def _affirmed(text: str) -> str:
    """What a finding says is there: the words before its first negation
    ("back pain alone, with no weakness" shows back pain, not weakness)."""
    return _NEGATIONS.split(text, maxsplit=1)[0]


def rival(sit: Situation, other: Situation, shared: Sequence[Claim], shown: Sequence[str]) -> Choice:
    """``other``'s condition as a wrong condition for ``sit``'s client."""
    in_note = [c for c in shared if any(norm(c.text) in line for line in shown)]
    lead = f"{cap(other.condition)} shares {in_note[0].text}, but" if in_note else cap(other.condition)
    back = [la for la in other.look_alikes if la.points_to and norm(la.points_to) == norm(sit.condition)]
    if back:
        # the rival's own look-alike pattern, which points here; not its
        # reason, written for the rival's client ("high calcium can also
        # cause ... seizures", review 28 #19); "would" fits "metastases" too
        said = f"{lead} {back[0].text} points to {sit.condition}" if in_note else \
            f"{lead}: less likely, since {back[0].text} points to {sit.condition}"
        return Choice(other.condition, False, f"{said}.", other.id, other.cited(back[0]))
    # only findings that share no word with the rival's own findings and
    # look-alikes: hypercalcemia's "seizures" means it does account for a seizure
    own = telling_cues(sit, *(c.text for c in other.cues), *(la.text for la in other.look_alikes))
    against = [c for c in own if any(norm(c.text) in line for line in shown)][:2]
    said = join_list([c.text for c in against]) if against else "the other findings in the note"
    return Choice(other.condition, False, f"{lead} would not account for {said}.", other.id,
                  sit.cited(*against) if against else ())


def own_text(sit: Situation) -> set[str]:
    """The content stems of everything the client's items say about her:
    client, condition, cues, expected findings and her own claims."""
    parts = [sit.client or "", *own_claims(sit), *(c.text for c in sit.teaching)]
    return content_stems(" ".join(parts))


# Nouns that name the care around any client, never an event of her own.
CARE_WORDS = frozenset(content_stems("provider team nurse doctor client patient findings signs symptoms bed "
                                     "morning"))


def presupposes(text: str, sit: Situation) -> str | None:
    """The thing ``text`` speaks of as already there ("the convulsion",
    "after the drainage") that nothing of ``sit`` mentions: a choice about a
    client with no convulsion and no drainage is struck out without
    reasoning. Returns that word, or None."""
    ours = own_text(sit) | CARE_WORDS
    toks = tokens(text)
    for i, t in enumerate(toks):
        if t != "the" and t != "after":
            continue
        for nxt in toks[i + 1:i + 3]:
            words = content_stems(nxt)
            if words and not words & ours:
                return nxt
            if words:
                break
    return None


# What a body position action is about: two actions that both set how she
# lies or sits are one kind of care, whatever their words ("help her into an
# upright position" beside a keyed "raise the head of her bed", review 16).
_POSITIONING = re.compile(r"\b(?:upright|sit(?:ting)? (?:her )?up|head of (?:her|the) bed|lying flat|lie flat|"
                          r"onto (?:her|the) side|position|propped)\b", re.IGNORECASE)


def indicated(sit: Situation) -> list[str]:
    """The texts of every action ``sit`` keys as right: its priority, its
    actions and its sequence steps."""
    return [sit.priority.text, *(a.text for a in sit.actions), *(s.text for s in sit.sequence)]


def resembles_indicated(text: str, sit: Situation) -> str | None:
    """The action ``sit`` keys as indicated that ``text`` resembles (shares
    most content words with, or sets her position as it does), else None: a
    borrowed "help her upright" beside a keyed "raise the head of her bed"
    is wrong only by the other client's reasons, which the student cannot
    see."""
    for own in indicated(sit):
        if not distinct(text, [own]) or (_POSITIONING.search(text) and _POSITIONING.search(own)):
            return own
    return None


def foreign(ctx: Context, sit: Situation, pick: str, k: int) -> list[Choice]:
    """Wrong choices from other situations' lists (``pick``: ``priority``
    or ``monitor``), only those that fit this client's note: never a claim
    of ``sit`` in other words, never one that presupposes an event or
    treatment she does not have (:func:`presupposes`), and (parameters)
    never one whose reason names a finding or action of hers, which she may
    well need watched; none from a situation of the same topic. One from
    each situation in turn, so they spread over
    the deck. Callers draw on the situation's own parts first."""
    # a situation of the same topic is the same client's body (her bones,
    # her brain): its actions and parameters may well fit her too, so they
    # are neither offered nor left as a rewording of another's claim
    near = [o for o in situations(ctx) if o.topic == sit.topic and o.id != sit.id]
    ours = [*own_claims(sit), *(t for o in near for t in own_claims(o))]
    rest = [o for o in others(ctx, sit, near_first=False) if o.topic != sit.topic]
    pools = [_pool(other, pick) for other in rest]
    out: list[Choice] = []
    seen: set[str] = set()
    for depth in range(max(map(len, pools), default=0)):
        for other, pool in zip(rest, pools):
            if depth >= len(pool) or len(out) >= k:
                continue
            text, why, claim = pool[depth]
            if not text or norm(text) in seen or not distinct(text, ours) or presupposes(text, sit):
                continue
            if pick == "priority" and resembles_indicated(text, sit):
                continue  # a rival of the same kind as one of her keyed actions
            if pick == "monitor" and (not bound(text, why, other) or bound(text, why, sit)):
                continue  # "fluid intake and output" could be watched in anyone
            if pick == "monitor" and {norm(c.text) for c in other.cues} & {norm(c.text) for c in sit.cues}:
                continue  # her note shows a sign of that condition too: it may be watched in her
            seen.add(norm(text))
            out.append(Choice(text, False, _foreign_rationale(pick, other, text, why, claim.detects), other.id,
                              other.cited(claim)))
    return out[:k]


def _pool(other: Situation, pick: str) -> list[tuple[str, str, Claim]]:
    if pick == "priority":
        return [(other.priority.text, other.priority.why or "", other.priority)]
    if pick == "why":
        return [(other.priority.why or "", other.priority.text, other.priority)]
    return [(c.text, c.why or "", c) for c in getattr(other, pick)]


_OTHER_CLIENT = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)


def _foreign_rationale(pick: str, other: Situation, text: str, why: str, detects: str | None = None) -> str:
    # a parameter says what it detects where the deck says it ("blood
    # calcium level": hypercalcemia, not the fracture its situation is
    # about, review 19 #1)
    about = detects if pick == "monitor" and detects else other.condition
    where = f"for {about}"
    # what it is for, not "nothing in her note calls for it": a borrowed
    # "help her upright" (pleural effusion) is a fair thought for raised
    # pressure in the skull too, so the claim was not always true
    if pick == "monitor":
        # why not for her: her note shows no sign of that condition (a
        # parameter of a situation sharing one of her signs is never borrowed).
        # Said of the other client's condition: "watched for the compression
        # getting worse" means nothing beside a client with no compression,
        # and a reason about that client ("bone metastases like hers") is
        # false of this one (review 26 #10, #35)
        said = f" ({why})" if why and not _OTHER_CLIENT.search(why) else ""
        lead = "" if norm(about) == norm(other.condition) else f"in {other.condition}, "
        if about.startswith("the "):  # "the compression getting worse": that client's
            about = other.condition
        return f"{cap(text)}: {lead}watched for {detects or about}{said}; nothing in this client's note points to {about}."
    if pick == "cues":
        # "not in the note", not "not of this problem": a seizure is a sign of
        # brain metastases, yet high calcium can bring one on too
        return f"{cap(text)}: not among this client's findings (a sign of {other.condition})."
    if pick == "why":
        return f"This is the reason {to_do(why)} {where}."
    return (f"{cap(text)}: the nurse's action {where} ({why}), not one of the actions asked for here."
            if why else f"{cap(text)}: the nurse's action {where}, not one of the actions asked for here.")


def note(sit: Situation, deck: Deck, lines: Sequence[str], head: str = "Nurse's note") -> dict[str, Any]:
    """The client's note: who the client is and what the nurse found."""
    who = client(deck, sit)
    return {"head": f"{cap(who)}. {head}:", "lines": [" ".join(line.split()) for line in lines]}


def points_to(sit: Situation, n: dict[str, Any] | None) -> str:
    """Why the condition is the key: the findings of the note that are its
    cues, named ("The findings in the note point to it." taught nothing)."""
    lines = " ".join(n["lines"]).casefold() if n else ""
    named = [c.text for c in sit.cues if c.text.casefold() in lines][:3]
    if not named:
        return f"The findings in the note point to {sit.condition}."
    return f"{cap(join_list(named))}: signs of {sit.condition}, all in the note."


def note_text(n: dict[str, Any]) -> str:
    """A note as one line (for formats that show plain text only)."""
    body = "; ".join(n["lines"])
    return f"{n['head']} {body}." if body else n["head"]


def prompt_of(n: dict[str, Any] | None, question: str) -> str:
    return f"{note_text(n)} {question}" if n else question


def judgment_item(
    ctx: Context,
    sit: Situation,
    kind: ItemKind,
    variant: str | int,
    side: str,
    step: str,
    question: str,
    *,
    note_: dict[str, Any] | None = None,
    choices: Sequence[Choice] = (),
    answers: Sequence[str] | None = None,
    claims: Iterable[Claim] = (),
    cited_by: Iterable[Choice] = (),
    extra: dict[str, Any] | None = None,
    shuffle: bool = True,
    facet: str | None = None,
) -> Item:
    """One judgment item of ``sit``: its options seeded by the item id, its
    sources those of the claims it uses, its client-needs category from
    what it asks (:func:`~factdrill.generators.client_needs.category`);
    ``cited_by`` are choices from other situations, whose sources the
    item's rationales rest on too."""
    iid = item_id(ctx.deck.id, sit.id, kind, variant)
    choices = unique(choices)
    opts = [Option(text=cap(c.text), correct=c.correct, rationale=c.rationale, fact_id=c.fact_id)
            for c in choices]
    if shuffle and opts:
        ctx.rng(iid).shuffle(opts)
    keys = [o.text for o in opts if o.correct] if answers is None else list(answers)
    data = {"ncjmm": step, "question": question, **(extra or {})}
    if note_ is not None:
        data["note"] = note_
    return Item(
        id=iid,
        kind=kind,
        card=card_id(sit.id, side),
        deck=ctx.deck.id,
        prompt=prompt_of(note_, f"{question} {data['text']}" if "text" in data else question),
        answers=tuple(keys),
        explanation=(sit.explanation or "").strip() or f"{cap(sit.condition)}: {sit.priority.why or ''}".strip(),
        fact_ids=(sit.id,),
        sources=evidence(ctx.deck, _sources(sit, claims, [*choices, *cited_by])),
        topic=sit.topic,
        tags=tuple(sit.tags),
        nclex=category(kind, sit, facet),
        options=tuple(opts),
        extra=data,
    )


def unique(choices: Sequence[Choice]) -> list[Choice]:
    """``choices`` with each text once: two situations may share a claim
    (a cue of both, an action of both), and a wrong copy of a key would be
    an option that is both right and wrong; the key wins, in its place."""
    keyed = {norm(c.text) for c in choices if c.correct}
    out: list[Choice] = []
    seen: set[str] = set()
    for c in choices:
        n = norm(c.text)
        if n in seen or (n in keyed and not c.correct):
            continue
        seen.add(n)
        out.append(c)
    return out


def _sources(sit: Situation, claims: Iterable[Claim], choices: Iterable[Choice]) -> tuple[str, ...]:
    claims = list(claims)
    own = sit.cited(*claims) if claims else tuple(sit.sources)
    return tuple(dict.fromkeys([*own, *(k for c in choices for k in c.sources)]))


def blank(ctx: Context, key: str, key_why: str, wrong: Sequence[Choice], seed: str) -> dict[str, Any]:
    """A drop-down: the key among the wrong choices, in a seeded order."""
    entries = [(cap(key), key_why)] + [(cap(w.text), w.rationale)
                                       for w in unique([Choice(key, True, key_why), *wrong])[1:]]
    ctx.rng(seed).shuffle(entries)
    keyed = cap(key)
    return {
        "options": [e[0] for e in entries],
        "key": [e[0] for e in entries].index(keyed),
        "rationales": [e[1] for e in entries],
    }


def shuffled(ctx: Context, seed: str, seq: Sequence[Any]) -> list[Any]:
    out = list(seq)
    ctx.rng(seed).shuffle(out)
    return out
