"""The drill loop as library code: queue, item rotation, answers, undo, summary.

A :class:`Session` reads answer lines from an injected ``read`` function and
writes text through ``write``, with the clock injected too, so the whole loop
runs in tests without a terminal. The ``drill`` command only wires stdin and
stdout to it.

Durability: every answer is written to the store (one committed transaction)
before its feedback is shown, so killing the process loses at most the item
that is on screen and not yet answered.

Keys (shown by ``?``): ``:u`` undo, ``:s`` skip, ``:q`` quit, ``:?`` help
always work; the bare letters ``u``, ``s``, ``q`` and ``?`` work too wherever
they cannot be the right answer (see :func:`bare_commands_allowed`).

Learning steps: a card answered into a (re)learning step comes back in the
same session once its step is due; when only such cards are left, the
student chooses to study them early (within ``learn_ahead``) or to stop.
"""

from __future__ import annotations

import random
import re
import time
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from ..generators.items import Item, ItemKind

if TYPE_CHECKING:
    from ..deck.facts import Deck
    from .grading import Grade
    from .scheduling import Rating
    from .cards import CardInfo, CardState, Review
    from .store import Store

CardKey = tuple[str, str]  # (deck id, card id)

#: Choice items answered with option letters.
CHOICE_KINDS = frozenset(
    {ItemKind.MCQ, ItemKind.SATA, ItemKind.TRUE_FALSE, ItemKind.NUMERIC_MCQ, ItemKind.SCENARIO}
)
#: Items whose option order is reshuffled per showing, so the student learns
#: the fact and not the letter. True/false and numeric options keep their
#: conventional order (true first; numbers ascending).
SHUFFLED_KINDS = frozenset({ItemKind.MCQ, ItemKind.SATA, ItemKind.SCENARIO})
#: Answers are typed text (see :func:`bare_commands_allowed`).
TYPED_KINDS = frozenset({ItemKind.CLOZE, ItemKind.NUMERIC})
#: With 17 or more options the letters q, s and u are answers, not commands.
MAX_BARE_COMMAND_OPTIONS = 16

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


class Command(str, Enum):
    """A session key typed instead of an answer."""

    UNDO = "u"
    SKIP = "s"
    QUIT = "q"
    HELP = "?"


_COMMAND_WORDS = {
    "u": Command.UNDO,
    "undo": Command.UNDO,
    "s": Command.SKIP,
    "skip": Command.SKIP,
    "q": Command.QUIT,
    "quit": Command.QUIT,
    "exit": Command.QUIT,
    "?": Command.HELP,
    "h": Command.HELP,
    "help": Command.HELP,
}

HELP_TEXT = """\
Keys (type them alone on the line and press Enter):
  :u  undo the last answer (its review and the card state roll back)
  :s  skip this item (it stays due for next time)
  :q  end the session and show the summary (Ctrl-C and Ctrl-D do too)
  :?  this help
Without the colon, u s q ? work too unless they could be the right
answer (a choice item with 17 or more options, or a typed answer that is
one of those letters).
Multiple choice: type the letter. Select all that apply: type every
letter, in any form: a c d, acd or a,c,d. Matching: one letter per
numbered item, in order (b a c) or as pairs (1b 2a 3c). Ordering: the
letters from first to last (c a b). Cloze and numbers: type the answer.
Flashcards: Enter shows the answer, then rate yourself 1-4.
After feedback: Enter accepts the suggested rating, 1-4 overrides it
(1 Again, 2 Hard, 3 Good, 4 Easy)."""


def self_rated_grade(rating: int) -> "Grade":
    """The grade of a self-rated flashcard: recalled unless rated Again."""
    from .grading import Grade

    ok = int(rating) > 1
    return Grade(correct=ok, score=float(ok), earned=int(ok), possible=1, note="self-rated")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def bare_commands_allowed(item: Item) -> bool:
    """Whether a lone ``u``/``s``/``q``/``?`` is a command for this item.

    Only where it cannot be a right answer: choice items with 17+ options use
    q, s and u as option letters, and a typed answer may be one of those
    characters; there only ``:``-prefixed commands work. A number never is a
    letter, so numeric items take bare commands.
    """
    if item.kind is ItemKind.NUMERIC:
        return True
    if item.kind in TYPED_KINDS or item.kind is ItemKind.FLASHCARD:
        from .grading import normalize_tokens

        return not any(" ".join(normalize_tokens(a)) in _BARE for a in item.answers) and not any(
            a.strip() == "?" for a in item.answers
        )
    if item.kind in CHOICE_KINDS:
        return len(item.options) <= MAX_BARE_COMMAND_OPTIONS
    count = max(len(item.options), len(item.answers))
    return count <= MAX_BARE_COMMAND_OPTIONS


_BARE = ("u", "s", "q", "?")


def parse_command(line: str, *, bare: bool) -> Command | None:
    """The command typed on ``line``, or None when it is an answer."""
    text = line.strip().lower()
    if text.startswith(":"):
        return _COMMAND_WORDS.get(text[1:].strip())
    if bare and text in _BARE:
        return _COMMAND_WORDS[text]
    return None


def format_interval(delta: timedelta) -> str:
    """A next-review interval as a student reads it: ``in 10 min``, ``in 3 days``."""
    seconds = max(0.0, delta.total_seconds())
    minutes = seconds / 60
    if minutes < 1:
        return "in under a minute"
    if minutes < 60:
        return f"in {round(minutes)} min"
    hours = minutes / 60
    if hours < 24:
        n = round(hours)
        return f"in {n} hour" + ("s" if n != 1 else "")
    days = hours / 24
    if days < 60:
        n = round(days)
        return f"in {n} day" + ("s" if n != 1 else "")
    if days < 365:
        return f"in {days / 30.44:.1f} months"
    return f"in {days / 365.25:.1f} years"


def shuffle_options(item: Item, seed: str) -> Item:
    """``item`` with its options in a seeded order (same id, same key).

    Only kinds in :data:`SHUFFLED_KINDS` are reshuffled; the grader and the
    renderer both read the returned item, so letters stay consistent.
    """
    if item.kind not in SHUFFLED_KINDS or len(item.options) < 2:
        return item
    options = list(item.options)
    random.Random(seed).shuffle(options)
    return replace(item, options=tuple(options))


def confused_fact_ids(item: Item, wrong_chosen: Iterable[object]) -> tuple[str, ...]:
    """Fact ids of the wrong options the student picked (for confusion stats).

    ``wrong_chosen`` holds option indices (or Options); options drawn from the
    item's own fact are not a confusion with another fact.
    """
    out: list[str] = []
    for w in wrong_chosen:
        option = item.options[w] if isinstance(w, int) else w
        fid = getattr(option, "fact_id", None)
        if fid and fid not in item.fact_ids and fid not in out:
            out.append(fid)
    return tuple(out)


def pick_item(items: Sequence[Item], history: Sequence[tuple[datetime, str, str]]) -> Item:
    """The item of a card to show next: the kind shown least recently first.

    ``history`` is the card's past showings as (time, item id, item kind).
    Kinds never shown come first; among items of one kind the least recently
    shown variant wins, so a card cycles through all of its items. Ties go
    round the card's items from a start that depends on the card id, so a
    session of new cards mixes item kinds instead of opening every card with
    the same kind.
    """
    import zlib

    start = zlib.crc32(items[0].card.encode()) % len(items) if items else 0
    never = datetime.min.replace(tzinfo=timezone.utc)
    last_kind: dict[str, datetime] = {}
    last_item: dict[str, datetime] = {}
    for when, iid, kind in history:
        last_kind[kind] = max(last_kind.get(kind, never), when)
        last_item[iid] = max(last_item.get(iid, never), when)

    def key(pair: tuple[int, Item]) -> tuple[datetime, datetime, int]:
        i, it = pair
        return (last_kind.get(it.kind.value, never), last_item.get(it.id, never), (i - start) % len(items))

    return min(enumerate(items), key=key)[1]


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


@dataclass(frozen=True)
class TopicResult:
    topic: str
    title: str
    answered: int
    correct: int


@dataclass(frozen=True)
class SessionSummary:
    """What the student did: shown at the end and returned to callers."""

    answered: int
    correct: int
    skipped: int
    duration_s: float
    topics: tuple[TopicResult, ...]
    next_due: datetime | None
    reviews: tuple["Review", ...]

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass
class _Answer:
    key: CardKey
    item: Item  # as shown (options in the shown order)
    grade: "Grade"
    elapsed: float
    review: "Review"


class _Quit(Exception):
    """The student ended the session (q, Ctrl-C, Ctrl-D, end of input)."""


@dataclass(frozen=True)
class DeckPlan:
    """A deck to study, its items and its remembered settings."""

    deck: "Deck"
    items: Sequence[Item]
    retention: float = 0.9
    exam_date: date | None = None
    new_limit: int = 20  # new cards per (local) day


@dataclass
class _Deckinfo:
    plan: DeckPlan
    items: dict[str, list[Item]] = field(default_factory=dict)  # card id -> items

    @property
    def deck(self) -> "Deck":
        return self.plan.deck


class Session:
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
    ) -> None:
        self.store = store
        self.config = config
        self._read = read
        self._write = write
        self._now = now
        self._clock = clock
        self._decks: dict[str, _Deckinfo] = {}
        for plan in decks:
            info = _Deckinfo(plan)
            for it in plan.items:
                info.items.setdefault(it.card, []).append(it)
            self._decks[plan.deck.id] = info
        self._queue: deque[CardKey] = deque()
        self._learning: dict[CardKey, datetime] = {}
        self._history: dict[CardKey, list[tuple[datetime, str, str]]] = {}
        self._answers: list[_Answer] = []
        self._skipped: set[CardKey] = set()
        self._ahead: bool | None = None  # study learning cards early? (asked once)
        self._started = 0.0

    # -- queue -------------------------------------------------------------

    def build_queue(self) -> list[CardKey]:
        """Cards to study, in order: due (most overdue first), then new.

        In cram mode: studied cards, weakest first. Only one card per fact
        is queued (siblings are buried until the next session), and cards
        without items (e.g. filtered out) are left alone.
        """
        cfg = self.config
        now = self._now()
        topics = cfg.topics or None
        tags = cfg.tags or None
        due: list["CardState"] = []
        new: list["CardState"] = []
        new_allowed: dict[str, int] = {}
        for deck_id, info in self._decks.items():
            if cfg.cram:
                states = self.store.cram_queue(deck_id, now=now, topics=topics, tags=tags)
            else:
                # How many new cards today's limit still allows, then every
                # candidate: burying siblings must not shrink the new intake.
                allowed = self.store.queue(
                    deck_id, now=now, new_limit=info.plan.new_limit, topics=topics, tags=tags
                )
                new_allowed[deck_id] = sum(st.state == "new" for st in allowed)
                states = self.store.queue(deck_id, now=now, new_limit=10**9, topics=topics, tags=tags)
            for st in states:
                (new if st.state == "new" else due).append(st)
        if not cfg.cram and len(self._decks) > 1:
            far = datetime.max.replace(tzinfo=timezone.utc)
            due.sort(key=lambda s: s.due or far)
        keys: list[CardKey] = []
        facts: set[tuple[str, str]] = set()
        for st in due + new:
            if st.card_id not in self._decks[st.deck_id].items:
                continue
            if (st.deck_id, st.fact_id) in facts:
                continue
            if st.state == "new":
                if new_allowed.get(st.deck_id, 0) <= 0:
                    continue
                new_allowed[st.deck_id] -= 1
            facts.add((st.deck_id, st.fact_id))
            keys.append((st.deck_id, st.card_id))
        if cfg.limit is not None:
            keys = keys[: cfg.limit]
        self._queue = deque(keys)
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

    def _next_card(self) -> CardKey | None:
        now = self._now()
        ready = sorted((d, k) for k, d in self._learning.items() if d <= now)
        if ready:
            key = ready[0][1]
            del self._learning[key]
            return key
        if self._queue:
            return self._queue.popleft()
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
        mode = "Cram (practice; the schedule is not changed)" if self.config.cram else "Drill"
        self._say(f"{mode}: {_plural(len(self._queue), 'card')}. Type ? for help.")
        for info in self._decks.values():
            exam = info.plan.exam_date
            if exam is not None and exam > self._now().astimezone().date():
                days = (exam - self._now().astimezone().date()).days
                self._say(f"Exam on {exam.isoformat()} (in {_plural(days, 'day')}): no interval goes past it.")
        try:
            while True:
                key = self._next_card()
                if key is None:
                    break
                self._ask(key)
        except (_Quit, KeyboardInterrupt):
            pass
        return self._finish()

    def _ask(self, key: CardKey) -> None:
        """Show one item of card ``key`` until it is answered, skipped or undone."""
        from . import grading, render

        deck_id, card_id = key
        items = self._decks[deck_id].items[card_id]
        history = self._card_history(key)
        chosen = pick_item(items, history)
        item = shuffle_options(chosen, f"{chosen.id}:{len(history)}")
        bare = bare_commands_allowed(item)
        cfg = self.config
        self._say("")
        self._say(self._dim(self._progress(on_screen=1) + f"  [{item.kind.value} {item.id}]"))
        self._say(render.render_question(item, width=cfg.width, color=cfg.color))
        shown = self._clock()
        flashcard = item.kind is ItemKind.FLASHCARD
        while True:
            line = self._input("> ")
            cmd = parse_command(line, bare=bare)
            if cmd is not None:
                if self._command(cmd, key):
                    return
                continue
            if not line.strip():
                if flashcard:  # Enter reveals; the student rates themself
                    self._self_rate(key, item, shown)
                    return
                self._say(self._dim("Type your answer, or ? for help."))
                continue
            try:
                grade = grading.grade(item, line)
            except grading.InvalidResponse as exc:
                self._say(str(exc))
                continue
            break
        elapsed = self._clock() - shown
        from .scheduling import rating_for

        rating = rating_for(grade, elapsed_s=elapsed, item=item)
        answer = self._record(key, item, line, grade, rating, elapsed)
        sources = self._sources(deck_id)
        self._say(render.render_answer(item, grade, width=cfg.width, color=cfg.color, sources=sources))
        self._feedback(answer)

    def _self_rate(self, key: CardKey, item: Item, shown: float) -> None:
        """Reveal a flashcard's answer and record the student's own 1-4 rating."""
        from . import render
        from .scheduling import Rating, parse_rating

        elapsed = self._clock() - shown
        self._say(
            render.render_answer(
                item, None, width=self.config.width, color=self.config.color, sources=self._sources(key[0])
            )
        )
        self._say(f"How well did you know it?  {self._rating_menu(self.store.card(*key))}")
        while True:
            line = self._input("1-4 (Enter = 3 Good) > ").strip().lower()
            cmd = parse_command(line, bare=True)
            if cmd is Command.HELP:
                self._say(HELP_TEXT)
                continue
            if cmd is not None:
                if self._command(cmd, key):
                    return
                continue
            rating = Rating.GOOD if not line else parse_rating(line)
            if rating is not None:
                break
            self._say("Type 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), or Enter for Good.")
        grade = self_rated_grade(rating)
        answer = self._record(key, item, RATING_NAMES[int(rating)].lower(), grade, rating, elapsed)
        self._say(self._interval_line(answer))

    def _feedback(self, answer: _Answer) -> None:
        """After the answer: Enter keeps the suggested rating, 1-4 overrides it."""
        from .scheduling import parse_rating

        self._say(self._interval_line(answer))
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

    def _command(self, cmd: Command, current: CardKey | None) -> bool:
        """Carry out ``cmd``; True when the current card is finished with."""
        if cmd is Command.HELP:
            self._say(HELP_TEXT)
            return False
        if cmd is Command.QUIT:
            if current is not None:
                self._queue.appendleft(current)  # unanswered: still counted as left
            raise _Quit
        if cmd is Command.SKIP:
            if current is not None:
                self._skipped.add(current)
                self._say(self._dim("Skipped."))
            return True
        # UNDO
        if not self._answers:
            self._say("Nothing to undo in this session.")
            return False
        from ..errors import StoreError

        try:
            undone = self._undo_last()
        except StoreError as exc:  # e.g. another session reviewed that card since
            self._say(f"Cannot undo: {exc}")
            return False
        if current is not None:
            self._queue.appendleft(current)
        self._say("Undone: your last answer was removed; that card comes again.")
        self._queue.appendleft(undone.key)
        return True

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
        history.append((review.reviewed_at, item.id, item.kind.value))
        after = review.after
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

    def _undo_last(self) -> _Answer:
        """Roll back the newest answer of this session in the store, then here."""
        self.store.undo(self._answers[-1].review.id)  # raises StoreError, changing nothing
        return self._forget_last()

    def _forget_last(self) -> _Answer:
        """Drop the newest answer from this session's own bookkeeping."""
        answer = self._answers.pop()
        hist = self._history.get(answer.key, [])
        if hist:
            hist.pop()
        self._learning.pop(answer.key, None)
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
            return self._read(prompt)
        except EOFError:
            self._say("")
            raise _Quit from None

    def _say(self, text: str) -> None:
        """Write lines, wrapping any of ours longer than the width (rendered
        items come already wrapped, so they pass through unchanged)."""
        from ..terminal import wrap

        width = self.config.width
        lines = text.split("\n")
        if any(_visible_len(line) > width for line in lines):
            text = "\n".join(line if _visible_len(line) <= width else wrap(line, width) for line in lines)
        self._write(text + "\n")

    def _dim(self, text: str) -> str:
        from ..terminal import style

        return style(text, dim=True, enabled=self.config.color)

    def _sources(self, deck_id: str):
        return self._decks[deck_id].deck.sources

    def _progress(self, on_screen: int = 0) -> str:
        return f"{len(self._answers)} answered, {self.remaining + on_screen} left"

    def _interval_line(self, answer: _Answer) -> str:
        r = answer.review
        name = RATING_NAMES.get(r.rating, str(r.rating))
        if r.practice:
            return f"Rated {name}. Practice: the schedule is not changed."
        if r.after.leech and not r.before.leech:
            return (
                f"Rated {name}. This card failed {r.after.lapses} times: it is now a leech and suspended."
                f"\nRewrite or re-read it, then 'factdrill unsuspend {r.after.fact_id}'."
            )
        due = r.after.due
        when = format_interval(due - r.reviewed_at) if due is not None else "not scheduled"
        return f"Rated {name}. Next: {when}.  ({self._progress()})"

    def _rating_menu(self, state: "CardState") -> str:
        from .scheduling import format_interval as short
        from .scheduling import preview_intervals

        if self.config.cram:
            return "1 Again  2 Hard  3 Good  4 Easy"
        plan = self._decks[state.deck_id].plan
        intervals = preview_intervals(state, now=self._now(), retention=plan.retention, exam_date=plan.exam_date)
        parts = [f"{int(r)} {RATING_NAMES[int(r)]} {short(d)}" for r, d in sorted(intervals.items())]
        return "  ".join(parts)

    def _nothing_due_message(self) -> str:
        if self.config.cram:
            return "Nothing to cram yet: study some cards with 'factdrill drill' first."
        nxt = self._next_due()
        tail = f" Next card due {format_interval(nxt - self._now())}." if nxt else ""
        return "Nothing is due right now." + tail + " Try 'factdrill drill --cram' to practise anyway."

    def _next_due(self) -> datetime | None:
        """The earliest due time over the session's decks (for the summary)."""
        best: datetime | None = None
        for deck_id in self._decks:
            nxt = self.store.next_due(deck_id, now=self._now())
            if nxt is not None and (best is None or nxt < best):
                best = nxt
        return best

    # -- summary ------------------------------------------------------------

    def _finish(self) -> SessionSummary:
        summary = self.summary()
        self._say("")
        self._say(format_summary(summary, now=self._now(), width=self.config.width))
        return summary

    def summary(self) -> SessionSummary:
        per: dict[tuple[str, str], list[int]] = {}
        for a in self._answers:
            counts = per.setdefault((a.key[0], a.item.topic), [0, 0])
            counts[0] += 1
            counts[1] += int(a.review.correct)
        topics = []
        for (deck_id, topic), (n, ok) in per.items():
            try:
                title = self._decks[deck_id].deck.topic(topic).title
            except KeyError:
                title = topic
            topics.append(TopicResult(topic, title, n, ok))
        return SessionSummary(
            answered=len(self._answers),
            correct=sum(int(a.review.correct) for a in self._answers),
            skipped=len(self._skipped),
            duration_s=self._clock() - self._started if self._started else 0.0,
            topics=tuple(topics),
            next_due=self._next_due(),
            reviews=tuple(a.review for a in self._answers),
        )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def format_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def format_summary(summary: SessionSummary, *, now: datetime, width: int = 80) -> str:
    """The end-of-session report, every line within ``width`` columns."""
    from ..terminal import printable, truncate

    lines = ["Session summary", "-" * 15]
    if summary.answered:
        acc = summary.accuracy or 0.0
        lines.append(
            f"Answered {_plural(summary.answered, 'item')}, {summary.correct} right ({acc:.0%}) "
            f"in {format_duration(summary.duration_s)}."
        )
    else:
        lines.append("No items answered.")
    if summary.skipped:
        lines.append(f"Skipped {summary.skipped}.")
    if summary.topics:
        lines.append("By topic:")
        name_w = max(10, width - 24)
        for t in sorted(summary.topics, key=lambda t: t.title):
            title = truncate(printable(t.title), name_w)
            lines.append(f"  {title:<{name_w}} {t.correct:>3}/{t.answered:<3} {t.correct / t.answered:>5.0%}")
    if summary.next_due is not None:
        local = summary.next_due.astimezone()
        lines.append(f"Next card due {format_interval(summary.next_due - now)} ({local:%Y-%m-%d %H:%M}).")
    return "\n".join(line[:width] for line in lines)


_ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")


def _visible_len(line: str) -> int:
    """Length on screen: colour codes take no columns (counting them re-wrapped
    already wrapped, coloured lines into ragged ones)."""
    return len(_ANSI_RE.sub("", line))


def deck_cards(deck: "Deck", items: Sequence[Item]) -> list["CardInfo"]:
    """The deck's cards for :meth:`Store.sync_deck`, in teaching order.

    New cards are introduced in the order the store first saw them, so they
    are listed by the deck's topic order (as declared in ``topics:``), then
    by fact order: a first session starts with the deck's first topic, not
    with whichever fact file sorts first.
    """
    from .cards import CardInfo

    rank = {t.id: n for n, t in enumerate(deck.topics)}
    facts = {f.id: n for n, f in enumerate(deck.facts)}
    cards: dict[str, CardInfo] = {}
    for it in items:
        if it.card not in cards:
            cards[it.card] = CardInfo(card_id=it.card, fact_id=it.fact_ids[0], topic=it.topic, tags=it.tags)
    return sorted(cards.values(), key=lambda c: (rank.get(c.topic, len(rank)), facts.get(c.fact_id, 0)))
