"""The actions a first-action question offers beside its key.

Shared by the priority, rationale ("first ... because ..."), drop-down and
bowtie generators: her right actions that can wait (each with its own
reason; one that waits for the team's offer shown without "if it is
offered", which would rule it out at a glance), her actions to avoid, and
the reasons of the actions on screen as wrong reasons for the first one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..deck.facts import Claim, Situation
from .common import Context, norm, sentence
from .phrasing import to_do
from .situations import Choice, distinct, foreign
from .wording import tokens


def waiting(sit: Situation) -> list[Claim]:
    """The situation's actions that may wait for the first one (not those the
    deck marks ``also_first``, done at once alongside it)."""
    return [a for a in sit.actions if not a.also_first]


# "give the bisphosphonate, after rehydration, ...": an action that says
# when it comes rules itself out as a first action (review 11)
_TIMED = re.compile(r"\b(?:after|once|until|afterwards|later|then)\b", re.I)


def offered_as_waiting(sit: Situation) -> list[Claim]:
    """:func:`waiting` actions fit to offer as wrong first actions: none that
    states its own timing."""
    return [a for a in waiting(sit) if not _TIMED.search(a.text)]


def can_wait(sit: Situation, action: Claim) -> Choice:
    """An indicated action offered where the first action is asked: its own
    reason, and why it is not first (it does not meet the need the first
    action meets). One that waits for the team's offer is shown without
    "if it is offered", which would rule it out at a glance (review 25 #24):
    its rationale says what it waits for."""
    text, offered = unhedged(action.text)
    done = f"it is done {action.when}," if action.when else "it is done"
    what = f"{done} because {action.why}" if action.why else f"it is part of the care for {sit.condition}"
    lead = "Not the first action: only if the team offers it;" if offered else "Indicated, but not the first action:"
    first = sit.priority
    before = f"; first, {first.text}, because {first.why}" if first.why else f"; first, {first.text}"
    return Choice(text, False, f"{lead} {what}{before}.", sit.id, sit.cited(action))


_OFFERED = re.compile(r",?\s+if (?:it is|they are) offered$", re.IGNORECASE)


def unhedged(text: str) -> tuple[str, bool]:
    """An action without its closing "if it is offered", and whether it had one."""
    m = _OFFERED.search(text.strip())
    return (text.strip()[: m.start()], True) if m else (text, False)


def to_avoid(sit: Situation, claims: Sequence[Claim]) -> list[Choice]:
    """Actions to avoid as wrong choices, each with its own reason."""
    return [Choice(a.text, False, sentence(f"Avoid: {a.why}"), sit.id, sit.cited(a)) for a in claims]


ESCALATE = frozenset({"report", "tell", "alert", "notify", "call", "contact"})
WHO = frozenset({"provider", "team", "doctor", "physician", "prescriber"})


def escalates(text: str) -> bool:
    """Whether an action hands the problem on (report ... to the provider)."""
    words = set(tokens(text))
    return bool(words & ESCALATE) and bool(words & WHO)


def first_wrongs(ctx: Context, sit: Situation, k: int = 3) -> list[Choice]:
    """Wrong choices where the first action is asked: the client's own
    actions that are right but can wait (each with its own reason), then,
    only where they are too few, one action to avoid, so the key is found
    by judging urgency, not by striking out acts nobody would weigh as
    first ("tell her the fluid will not come back", review 17 #2); other
    situations' first actions fill a short list (never one that also
    reports: two options handing the problem on cannot be told apart)."""
    wrong = [can_wait(sit, a) for a in offered_as_waiting(sit)][:k]
    wrong += to_avoid(sit, sit.avoid[:1])[: k - len(wrong)]
    if len(wrong) < k:
        wrong += [c for c in foreign(ctx, sit, "priority", 9) if not escalates(c.text)][: k - len(wrong)]
    return wrong


def own_reasons(sit: Situation, k: int = 3, shown: Sequence[str] | None = None) -> list[Choice]:
    """Reasons for the situation's other actions, as wrong reasons for its
    first action: true, about this client, yet not why the first action is
    taken (none that restates the first action's reason). With ``shown``
    (the actions listed beside them), the reasons of those actions only, or
    of others too when they are fewer than two, never one that opens with a
    pronoun ("It lowers blood calcium ..." of a bisphosphonate the list does
    not hold has nothing to refer to; a reason of an action off the screen
    points at nothing the student saw: review 23 #10, #13)."""
    first = sit.priority.why or ""
    usable = [a for a in sit.actions if a.why and distinct(a.why, [first])]
    if shown is not None:
        on_screen = {norm(s) for s in shown}
        listed = [a for a in usable if norm(unhedged(a.text)[0]) in on_screen]
        others = [a for a in usable if a not in listed and not _PRONOUN.match(a.why or "")]
        usable = listed if len(listed) >= 2 else listed + others
    return [Choice(a.why or "", False, f"This is the reason {to_do(unhedged(a.text)[0])}, not {to_do(sit.priority.text)}.",
                   sit.id, sit.cited(a)) for a in usable[:k]]


_PRONOUN = re.compile(r"(?:it|they|this|these|that)\b", re.I)
