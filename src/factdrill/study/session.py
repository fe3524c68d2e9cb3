"""The drill loop as library code: queue, item rotation, answers, undo, summary.

A :class:`Session` reads answer lines from an injected ``read`` function and
writes text through ``write``, with the clock injected too, so the whole loop
runs in tests without a terminal. The ``drill`` command only wires stdin and
stdout to it.

Durability: every answer is written to the store (one committed transaction)
before its feedback is shown, so killing the process loses at most the item
that is on screen and not yet answered.

Keys (shown by ``?``) are :mod:`factdrill.study.controls`; which cards come
and which item of a card is shown are :mod:`factdrill.study.queue`; the
end-of-session report is :mod:`factdrill.study.summary`.

Learning steps: a card answered into a (re)learning step comes back in the
same session once its step is due; when only such cards are left, the
student chooses to study them early (within ``learn_ahead``) or to stop.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Callable, Sequence

from ..generators.items import Item, ItemKind
from ..terminal import printable, visible_len
from .session_keys import SessionKeys, _Quit
from .answers import confused_fact_ids, self_rated_grade  # noqa: F401  (their home was here)
from . import render, stepwise
from .render import RATING_NAMES
from .cardsource import CardSource, card_source
from .controls import Command, bare_commands_allowed, parse_command, read_rating, suggested_rating
from .queue import CardKey, QueueCounts, Spacing, pick_item, queue_states, shuffle_options
from .summary import SessionSummary, format_interval, format_summary, summarize

# Cards of a queue looked at for giveaways (a session rarely gets further).
SPACED_CARDS = 500

if TYPE_CHECKING:
    from ..deck.facts import Deck
    from .cards import CardState, Review
    from .grading import Grade
    from .scheduling import Rating
    from .card_actions import Editor
    from .store import Store



def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class SessionConfig:
    """What to study and how; the ``drill`` command builds it from options."""

    limit: int | None = None
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    cram: bool = False
    #: When nothing else is left, learning cards due within this are shown
    #: early (as Anki does), so 1- and 10-minute steps finish in-session.
    learn_ahead: timedelta = timedelta(minutes=20)
    width: int = 80
    color: bool = False
    kinds: tuple[str, ...] = ()  # the --kind filter, named when nothing is due


@dataclass
class _Answer:
    key: CardKey
    item: Item  # as shown (options in the shown order)
    grade: "Grade"
    elapsed: float
    review: "Review"


@dataclass(frozen=True)
class DeckPlan:
    """A deck to study, its items and its remembered settings.

    ``deck`` needs only the deck's metadata (topics, sources); ``items`` is
    a list of items or a :class:`~.cardsource.CardSource` (the items
    database, read one card at a time).
    """

    deck: "Deck"
    items: "Sequence[Item] | CardSource"
    retention: float = 0.9
    exam_date: date | None = None
    new_limit: int = 20  # new cards per (local) day
    parameters: tuple[float, ...] | None = None  # fitted FSRS parameters; None: defaults


@dataclass
class _Deckinfo:
    plan: DeckPlan
    cards: "CardSource"

    @property
    def deck(self) -> "Deck":
        return self.plan.deck


class Session(SessionKeys):
    """One drill session over one or more decks.

    ``read(prompt)`` returns one line without its newline and raises EOFError
    at end of input; KeyboardInterrupt from it ends the session cleanly.
    """

    def __init__(
        self,
        store: "Store",
        decks: Sequence[DeckPlan],
        config: SessionConfig = SessionConfig(),
        *,
        read: Callable[[str], str],
        write: Callable[[str], None],
        now: Callable[[], datetime] = utcnow,
        clock: Callable[[], float] = time.monotonic,
        edit: "Editor | None" = None,
    ) -> None:
        self.store = store
        self.config = config
        self._read = read
        self._write = write
        self._now = now
        self._clock = clock
        self._edit = edit  # opens a fact's file at its line (:e); None: say where it is
        self._on_screen: tuple[CardKey, Item] | None = None  # the card shown (until the next)
        self._last_line = ""  # the last line typed (a :f note)
        self._decks: dict[str, _Deckinfo] = {}
        for plan in decks:
            self._decks[plan.deck.id] = _Deckinfo(plan, card_source(plan.items))
        self._queue: deque[CardKey] = deque()
        self._state_of: dict[CardKey, str] = {}  # queued card -> its state when queued
        self._spacing = Spacing({})
        self._learning: dict[CardKey, datetime] = {}
        self._history: dict[CardKey, list[tuple[datetime, str, str]]] = {}
        self._answers: list[_Answer] = []
        self._skipped: set[CardKey] = set()
        self._ahead: bool | None = None  # study learning cards early? (asked once)
        self._started = 0.0

    # -- queue -------------------------------------------------------------

    def build_queue(self) -> list[CardKey]:
        """Queue the cards to study (see :func:`factdrill.study.queue.build_queue`)."""
        cfg = self.config
        states = queue_states(
            self.store,
            {deck_id: info.cards for deck_id, info in self._decks.items()},
            {deck_id: info.plan.new_limit for deck_id, info in self._decks.items()},
            now=self._now(), cram=cfg.cram, limit=cfg.limit, topics=cfg.topics, tags=cfg.tags,
        )
        keys = [(st.deck_id, st.card_id) for st in states]
        self._state_of = {(st.deck_id, st.card_id): st.state for st in states}
        self._queue = deque(keys)
        # the next cards are what giveaways can reach; a long cram queue is not indexed whole
        self._spacing = Spacing({k: self._decks[k[0]].cards.items(k[1]) for k in keys[:SPACED_CARDS]})
        return keys

    def _card_history(self, key: CardKey) -> list[tuple[datetime, str, str]]:
        """The card's showings (time, item id, kind), read from the log once."""
        if key not in self._history:
            self._history[key] = [
                (r.reviewed_at, r.item_id, r.item_kind) for r in self.store.reviews(key[0], card_id=key[1])
            ]
        return self._history[key]

    @property
    def remaining(self) -> int:
        """Cards still to show in this session (queue plus learning steps)."""
        return len(self._queue) + len(self._learning)

    def counts(self, on_screen: CardKey | None = None) -> QueueCounts:
        """What is left, by kind of card: the queue as queued, cards in a
        learning step of this session, and the card on screen."""
        states = [self._state_of.get(k, "new") for k in self._queue]
        if on_screen is not None and on_screen not in self._learning:
            states.append(self._state_of.get(on_screen, "new"))
        left = QueueCounts.of(states)
        return QueueCounts(left.due, left.learning + len(self._learning), left.new)

    def _next_card(self) -> CardKey | None:
        now = self._now()
        ready = sorted((d, k) for k, d in self._learning.items() if d <= now)
        if ready:
            key = ready[0][1]
            del self._learning[key]
            return key
        if self._queue:
            return self._spacing.take(self._queue, len(self._answers))
        if self._learning:
            when, key = min((d, k) for k, d in self._learning.items())
            if when <= now + self.config.learn_ahead and self._study_ahead(when - now):
                del self._learning[key]
                return key
        return None

    def _study_ahead(self, wait: timedelta) -> bool:
        """Only learning steps are left and none is due yet: ask once whether
        to study them now (as Anki's learn-ahead does) or end the session."""
        if self._ahead is None:
            n = len(self._learning)
            cards = "card is" if n == 1 else "cards are"
            self._say("")
            self._say(f"Only {n} {cards} left, in learning steps (next due {format_interval(wait)}).")
            line = self._input("Enter: study them now  q: end the session > ").strip().lower()
            self._ahead = parse_command(line, bare=True) is None
        return self._ahead

    # -- the loop ----------------------------------------------------------

    def run(self) -> SessionSummary:
        """Build the queue, ask until it is empty or the student quits, summarise."""
        self._started = self._clock()
        self.build_queue()
        if not self._queue:
            self._say(self._nothing_due_message())
            return self._finish()
        self._banner()
        try:
            while True:
                key = self._next_card()
                if key is None:
                    break
                self._ask(key)
        except (_Quit, KeyboardInterrupt):
            pass
        return self._finish()

    def _banner(self) -> None:
        """What this session holds, and each deck's settings in force."""
        from .status import banner

        plans = [info.plan for info in self._decks.values()]
        counts = None if self.config.cram else self.counts()
        head, settings, exams = banner(plans, len(self._queue), counts, today=self._now().astimezone().date())
        self._say(head)
        for line in settings:
            self._say(self._dim(line))
        for line in exams:
            self._say(line)

    def _ask(self, key: CardKey) -> None:
        """Show one item of card ``key`` until it is answered, skipped or undone."""
        from . import grading

        deck_id, card_id = key
        items = self._decks[deck_id].cards.items(card_id)
        history = self._card_history(key)
        chosen = pick_item(items, history, [a.item.kind.value for a in self._answers])
        item = shuffle_options(chosen, f"{chosen.id}:{len(history)}")
        self._on_screen = (key, item)
        bare = bare_commands_allowed(item)
        cfg = self.config
        self._say("")
        self._say(self._dim(self._progress(on_screen=key) + f"  [{item.kind.value} {item.id}]"))
        inputs = stepwise.asks(item, width=cfg.width, color=cfg.color)  # grids, bowties, cases: in parts
        self._say((stepwise.opening if inputs else render.render_question)(item, width=cfg.width, color=cfg.color))
        shown = self._clock()
        flashcard = item.kind is ItemKind.FLASHCARD
        if inputs and (line := _in_parts(self, item, inputs, key, bare)) is None:
            return  # skipped, undone or quit mid-answer: nothing recorded
        while not inputs:  # one-line answers
            line = self._input("> ")
            cmd = parse_command(line, bare=bare)
            if cmd is not None:
                if self._command(cmd, key):
                    return
                continue
            if flashcard:  # Enter (or a typed attempt) reveals; the student rates themself
                self._self_rate(key, item, shown, attempt=line.strip() or None)
                return
            if not line.strip():
                self._say(self._dim("Type your answer, or ? for help."))
                continue
            try:
                grade = grading.grade(item, line)
            except grading.InvalidResponse as exc:
                self._say(str(exc))
                continue
            if grade.judge:  # an open blank typed in other words: the student judges
                self._self_rate(key, item, shown, attempt=line.strip())
                return
            break
        grade = grading.grade(item, line) if inputs else grade
        elapsed = self._clock() - shown
        from .scheduling import rating_for, rating_reason

        rating = rating_for(grade, elapsed_s=elapsed, item=item)
        answer = self._record(key, item, line, grade, rating, elapsed)
        sources = self._sources(deck_id)
        self._say(render.render_answer(item, grade, width=cfg.width, color=cfg.color, sources=sources))
        self._feedback(answer, rating_reason(grade, elapsed_s=elapsed, item=item))

    def _self_rate(self, key: CardKey, item: Item, shown: float, attempt: str | None = None) -> None:
        """Reveal a flashcard's answer (or an open blank's key, after an
        attempt the grader could not match) and record the student's own 1-4 rating.

        A typed attempt is shown beside the back and may suggest a rating (a
        match suggests Good); it never rates the card itself, and a mismatch
        suggests nothing: only the student knows whether "blood, lymph,
        direct extension" is what the back says in other words.
        """
        elapsed = self._clock() - shown
        suggested = suggested_rating(item, attempt)
        if attempt is not None:
            self._say(f"Your answer: {printable(attempt)}")
        cfg = self.config
        self._say(render.render_answer(item, None, width=cfg.width, color=cfg.color, sources=self._sources(key[0])))
        if attempt is not None:
            back = "the back" if item.kind is ItemKind.FLASHCARD else "the key"
            if suggested is not None:
                said = f"Your answer matches {back}."
            elif item.open_answer:
                said = "Not a listed answer: compare it with the key; 1 if it means something else."
            else:
                said = f"Compare your answer with {back}, then rate yourself."
            self._say(self._dim(said))
        self._say(f"How well did you know it?  {self._rating_menu(self.store.card(*key))}")
        rating = read_rating(self._input, self._say, suggested, lambda cmd: self._command(cmd, key))
        if rating is None:
            return  # skipped, undone or quit from the rating prompt
        grade = self_rated_grade(rating)
        response = attempt if attempt is not None else RATING_NAMES[int(rating)].lower()
        answer = self._record(key, item, response, grade, rating, elapsed)
        self._say(self._interval_line(answer))

    def _feedback(self, answer: _Answer, reason: str | None = None) -> None:
        """After the answer: Enter keeps the suggested rating, 1-4 overrides it."""
        from .scheduling import parse_rating

        self._say(self._interval_line(answer, reason))
        self._say(self._dim(f"Change rating? {self._rating_menu(answer.review.before)}"))
        prompt = "Enter: next  1-4: change rating  u: undo  q: quit > "
        while True:
            line = self._input(prompt).strip().lower()
            if not line:
                return
            cmd = parse_command(line, bare=True)
            rating = parse_rating(line) if cmd is None else None
            if rating is not None:
                if int(rating) != answer.review.rating:
                    self._rerate(answer, rating)
                    self._say(self._interval_line(self._answers[-1]))
                return
            if cmd is Command.SKIP:
                return
            if cmd is not None:
                if self._command(cmd, None):
                    return
                continue
            self._say("Press Enter to go on, or 1-4 to change the rating (? for help).")

    # -- store writes --------------------------------------------------------

    def _record(
        self, key: CardKey, item: Item, response: str, grade: "Grade", rating: "Rating",
        elapsed: float, *, replaces: int | None = None,
    ) -> _Answer:
        """Write one review (committed before this returns) and track it for undo."""
        deck_id, card_id = key
        cfg = self.config
        history = self._card_history(key)  # read before the new review lands
        review = self.store.record_review(
            deck_id,
            card_id,
            item_id=item.id,
            item_kind=item.kind.value,
            response=response,
            correct=grade.correct,
            score=grade.score,
            rating=rating,
            elapsed_ms=int(elapsed * 1000),
            confused_with=confused_fact_ids(item, grade.wrong_chosen),
            now=self._now(),
            retention=self._decks[deck_id].plan.retention,
            practice=cfg.cram,
            replaces=replaces,
        )
        answer = _Answer(key, item, grade, elapsed, review)
        self._answers.append(answer)
        self._spacing.answered(key, len(self._answers))
        history.append((review.reviewed_at, item.id, item.kind.value))
        after = review.after
        self._state_of[key] = after.state  # a new card answered now counts as learning
        if (
            not cfg.cram
            and not after.suspended
            and after.state in ("learning", "relearning")
            and after.due is not None
        ):
            self._learning[key] = after.due
        else:
            self._learning.pop(key, None)
        return answer

    def _rerate(self, answer: _Answer, rating) -> None:
        """Replace the newest review with the same answer at another rating.

        The store swaps the two reviews in one transaction, so a kill
        between them cannot lose the answer.
        """
        self._forget_last()
        self._record(
            answer.key, answer.item, answer.review.response, answer.grade, rating,
            answer.elapsed, replaces=answer.review.id,
        )

    # -- output helpers -------------------------------------------------------

    def _input(self, prompt: str) -> str:
        try:
            self._last_line = self._read(prompt)
            return self._last_line
        except EOFError:
            self._say("")
            raise _Quit from None

    def _say(self, text: str) -> None:
        """Write lines, wrapping any of ours longer than the width (rendered
        items come already wrapped, so they pass through unchanged)."""
        from ..terminal import wrap

        width = self.config.width
        lines = text.split("\n")
        if any(visible_len(line) > width for line in lines):
            text = "\n".join(line if visible_len(line) <= width else wrap(line, width) for line in lines)
        self._write(text + "\n")

    def _dim(self, text: str) -> str:
        from ..terminal import style

        return style(text, dim=True, enabled=self.config.color)

    def _sources(self, deck_id: str):
        return self._decks[deck_id].deck.sources

    def _progress(self, on_screen: CardKey | None = None) -> str:
        """The status line: what is left (as ``stats`` counts it) and what was answered."""
        return f"{self.counts(on_screen).text()}; {len(self._answers)} answered"

    def _interval_line(self, answer: _Answer, reason: str | None = None) -> str:
        return render.review_outcome(answer.review, progress=self._progress(), reason=reason)

    def _rating_menu(self, state: "CardState") -> str:
        plan = self._decks[state.deck_id].plan
        return render.rating_menu(
            state, now=self._now(), retention=plan.retention, exam_date=plan.exam_date, cram=self.config.cram,
            parameters=plan.parameters, fuzz=self.store.fuzz,
        )

    def _cards_and_limits(self) -> dict[str, tuple["CardSource", int]]:
        return {deck_id: (info.cards, info.plan.new_limit) for deck_id, info in self._decks.items()}

    def _nothing_due_message(self) -> str:
        """Why nothing is due, and what the student can do (see :mod:`.status`)."""
        from .status import why_nothing_due

        cfg = self.config
        return why_nothing_due(self.store, self._cards_and_limits(), now=self._now(), cram=cfg.cram,
                               topics=cfg.topics, tags=cfg.tags, kinds=cfg.kinds)

    # -- summary ------------------------------------------------------------

    def _finish(self) -> SessionSummary:
        summary = self.summary()
        self._say("")
        self._say(format_summary(summary, now=self._now(), width=self.config.width))
        return summary

    def summary(self) -> SessionSummary:
        from .status import counts_now, next_due

        def title(deck_id: str, topic: str) -> str:
            try:
                return self._decks[deck_id].deck.topic(topic).title
            except KeyError:
                return topic

        return summarize(
            [(a.key[0], a.item.topic, a.review) for a in self._answers],
            title,
            skipped=len(self._skipped),
            duration_s=self._clock() - self._started if self._started else 0.0,
            next_due=next_due(self.store, self._decks, now=self._now()),
            left=None if self.config.cram else counts_now(
                self.store, *_split(self._cards_and_limits()), now=self._now(),
                topics=self.config.topics, tags=self.config.tags),
        )

def _in_parts(session: Session, item: Item, inputs: list[stepwise.Ask], key: CardKey, bare: bool) -> str | None:
    """The one-line answer of an item asked part by part, or None when a key
    (skip, undo, quit) left it."""
    parts = stepwise.collect(inputs, session._input, session._say, lambda typed: _part_key(session, typed, key, bare))
    return None if parts is None else stepwise.join(item, parts, inputs)


def _part_key(session: Session, line: str, key: CardKey, bare: bool) -> stepwise.Then:
    """A key typed while answering in parts: the same keys as anywhere."""
    cmd = parse_command(line, bare=bare)
    if cmd is None:
        if line.strip():
            return stepwise.Then.ANSWER
        session._say(session._dim("Type your answer, or ? for help."))
        return stepwise.Then.AGAIN
    return stepwise.Then.STOP if session._command(cmd, key) else stepwise.Then.AGAIN


def _split(decks: dict[str, tuple["CardSource", int]]) -> tuple[dict, dict]:
    """(card ids with items, new limits) per deck, as the queue functions take them."""
    return {d: v[0] for d, v in decks.items()}, {d: v[1] for d, v in decks.items()}
