"""``factdrill drill`` (spaced-repetition study) and ``factdrill quiz`` (test mode).

Thin wiring only: options are checked and turned into library calls, stdin
and stdout are handed to :class:`factdrill.study.session.Session` or
:class:`factdrill.study.quiz.Quiz`. Heavy modules (fsrs, sqlite3, yaml) are
imported inside the command bodies so ``--help`` stays fast.
"""

from __future__ import annotations

import sys

from typing import TYPE_CHECKING, Callable

import click

from .options import KIND_NAMES, kind_option, home_option, open_store

if TYPE_CHECKING:
    from ..deck.facts import Deck
    from ..generators.itemdb import DeckItems
    from ..generators.items import Item
    from ..study.store import Store

# Upper bounds for counts and times: beyond them SQLite (64-bit integers) and
# int(float) overflow, and a remembered overflowing --new broke every later drill.
MAX_CARDS = 10_000_000
MAX_MINUTES = 10_080  # a week
MAX_NEW = 100_000  # = study.settings.MAX_NEW (kept here so --help imports nothing)


def _read_line(prompt: str) -> str:
    """One line from stdin: ``input()`` on a terminal, plain reads on a pipe.

    Raises EOFError at end of input (Ctrl-D), which ends the session.
    """
    if sys.stdin.isatty():
        _line_editing()
        return _valid_text(input(prompt))
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return _valid_text(line.rstrip("\r\n"))


def _line_editing() -> None:
    """Arrow keys, Home/End and history (Up) in the answer prompt: ``input()``
    uses GNU readline (or libedit) once the module is loaded. Without it
    (Windows, a Python built without it) the prompt still works, plainly.
    History stays in memory: answers are not written to a file."""
    try:
        import readline  # noqa: F401  (imported for its effect on input())
    except ImportError:  # pragma: no cover - platform without readline
        pass


def _valid_text(line: str) -> str:
    """``line`` with undecodable input bytes (surrogate escapes) made U+FFFD.

    Bytes that are not UTF-8 arrive as lone surrogates, which SQLite cannot
    store: the answer would crash the session instead of being graded.
    """
    try:
        return line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate no escape made: replace it too
        return line.encode("utf-8", "replace").decode("utf-8")


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _terminal() -> tuple[int, bool]:
    from ..terminal import use_color, width

    return width(sys.stdout), use_color(sys.stdout)


def _open(names: tuple[str, ...]) -> list["DeckItems"]:
    """Each named deck's items database, up to date (the flagship by default).

    An unchanged deck is neither parsed nor regenerated; a session then
    reads only the items of the cards it shows.
    """
    from ..generators.cache import open_items
    from ..deck.loader import resolve_deck

    from ..errors import UsageProblem

    views: list[DeckItems] = []
    seen: dict[str, str] = {}
    try:
        for name in dict.fromkeys(names or (None,)):
            view = open_items(resolve_deck(name), seed=0)
            views.append(view)
            deck_id = view.head.id
            if deck_id in seen:
                # one id is one set of cards in the store: the second deck would hide the first's
                raise UsageProblem(f"decks {seen[deck_id]} and {name} both have the id '{deck_id}'; "
                                   "study them one at a time, or give one a different 'id:'")
            seen[deck_id] = str(name)
    except BaseException:
        _close(views)
        raise
    return views


def _close(views: list["DeckItems"]) -> None:
    for view in views:
        view.close()


def _check_filters(views: list["DeckItems"], topics: tuple[str, ...], tags: tuple[str, ...]) -> None:
    from ..errors import UsageProblem

    known_topics = {t.id for view in views for t in view.head.topics}
    for t in topics:
        if t not in known_topics:
            raise UsageProblem(f"no topic {t!r}; choose from: {', '.join(sorted(known_topics))}")
    if not tags:
        return
    known_tags = {tag for view in views for tag in view.tags()}
    for t in tags:
        if t not in known_tags:
            raise UsageProblem(f"no card is tagged {t!r}; known tags: {', '.join(sorted(known_tags)) or 'none'}")


def _sync(store: "Store", view: "DeckItems", now) -> None:
    """Tell the store which cards the deck has now (new ones, vanished ones);
    an unchanged card list is recognised by its fingerprint, unread."""
    from ..study.cards import CardInfo

    def cards() -> list[CardInfo]:
        return [CardInfo(card_id=c.card, fact_id=c.fact, topic=c.topic, tags=c.tags) for c in view.card_rows()]

    store.sync_deck(view.head.id, cards, now=now, fingerprint=view.cards_fingerprint)


def _settings(store: "Store", deck_id: str, *, new: int | None = None, retention: float | None = None,
              exam: str | None = None):
    """The deck's settings after remembering the given ones (each checked
    first: a bad or past value stores nothing)."""
    from ..study.session import utcnow
    from ..study.settings import KEEP, parse_exam_date, save_settings

    today = utcnow().astimezone().date()
    when = KEEP if exam is None else parse_exam_date(exam, today=today)
    return save_settings(store, deck_id, new_per_day=new, retention=retention, exam_date=when, today=today)


def _run(body: Callable[[], int | None]) -> None:
    """Run a command body and exit with its status (domain errors are
    turned into one line by the command group, see cli.py)."""
    code = body()
    if code:
        sys.exit(code)


@click.command()
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("--topic", "topics", multiple=True, metavar="T", help="Only cards of this topic (repeatable).")
@click.option("--tag", "tags", multiple=True, metavar="T", help="Only cards with this tag (repeatable).")
@click.option("--new", "new_limit", type=click.IntRange(min=0, max=MAX_NEW), metavar="N",
              help="New cards per day (default 20; remembered for the deck).")
@click.option("--limit", type=click.IntRange(min=1, max=MAX_CARDS), metavar="N", help="At most N cards this session.")
@kind_option("Only items of these kinds")
@click.option("--cram", is_flag=True, help="Practise studied cards, weakest first; schedule unchanged.")
@click.option("--exam-date", metavar="YYYY-MM-DD",
              help="Keep intervals from passing the exam ('off' clears; remembered).")
@click.option("--retention", type=float, metavar="R",
              help="Desired retention, 0.7-0.99 (default 0.9; remembered).")
@home_option
def drill(decks, topics, tags, kinds, new_limit, limit, cram, exam_date, retention, home):
    """Study due cards with spaced repetition (FSRS).

    With no DECK, the bundled flagship deck. Due cards come first, most
    overdue first, then new cards up to the daily limit. Every answer is
    saved the moment you give it.

    \b
    Answer forms: a letter (b); several letters for select-all (a c d, acd,
    a,c,d); typed words or numbers; matching 'b a c' (1->b, 2->a, 3->c);
    ordering 'c a b'. After feedback, Enter keeps the suggested rating and
    1-4 changes it (Again, Hard, Good, Easy).
    Keys: :u undo, :s skip, :q quit, :? help (without the colon where
    the letter cannot be an answer); :x suspend the card on screen, :f
    flag it (:f NOTE), :e open its fact in $EDITOR. Ctrl-C or Ctrl-D quit.

    \b
    Examples:
        factdrill drill
        factdrill drill --topic bone --new 5
        factdrill drill --exam-date 2027-05-14
    """

    def body() -> None:
        from ..study.cardsource import StoredCards
        from ..study.params import load_parameters
        from ..study.session import DeckPlan, Session, SessionConfig, utcnow

        views = _open(decks)
        try:
            _check_filters(views, topics, tags)
            width, color = _terminal()
            with open_store(home) as store:
                now = utcnow()
                plans = []
                for view in views:
                    deck = view.head
                    _sync(store, view, now)
                    settings = _settings(store, deck.id, new=new_limit, retention=retention, exam=exam_date)
                    # Sync every card above; study only the chosen kinds.
                    plans.append(DeckPlan(deck, StoredCards(view, kinds), retention=settings.retention,
                                          exam_date=settings.exam_date, new_limit=settings.new_per_day,
                                          parameters=load_parameters(store, deck.id)))
                config = SessionConfig(
                    limit=limit, topics=topics, tags=tags, cram=cram, width=width, color=color, kinds=kinds,
                )
                from ..study.card_actions import open_in_editor

                # :e opens an editor only where one can take the terminal
                edit = open_in_editor if sys.stdin.isatty() else None
                Session(store, plans, config, read=_read_line, write=_write, edit=edit).run()
        finally:
            _close(views)

    _run(body)


@click.command()
@click.argument("deck", required=False)
@click.option("--items", "count", type=click.IntRange(min=1), default=20, show_default=True, metavar="N",
              help="Number of questions.")
@click.option("--topic", "topics", multiple=True, metavar="T", help="Only questions of this topic (repeatable).")
@click.option("--scoring", type=click.Choice(["nclex", "all-or-nothing"]), default="nclex", show_default=True,
              help="Select-all items: NCLEX +/- partial credit, or all-or-nothing.")
@click.option("--timed", type=click.FloatRange(min=0, min_open=True, max=MAX_MINUTES), metavar="MIN",
              help="Time limit in minutes.")
@click.option("--record", is_flag=True, help="Also log the answers as reviews (updates the schedule).")
@click.option("--seed", type=int, help="Pick the same questions again (any whole number).")
@kind_option("Only questions of these kinds")
@home_option
def quiz(deck, count, topics, scoring, timed, record, seed, kinds, home):
    """Take a practice test, scored at the end.

    No feedback until you submit: leave questions blank, flag them (:f), go
    back (:p, :g N), review the list (:r) and hand in (:submit). The report
    scores each topic and NCLEX client-needs category and gives every
    question's rationale. Your schedule is untouched unless --record.

    \b
    Examples:
        factdrill quiz --items 10
        factdrill quiz --topic bone --timed 15 --scoring all-or-nothing
    """

    def body() -> None:
        views = _open((deck,) if deck else ())
        try:
            _quiz(views[0])
        finally:
            _close(views)

    def _quiz(view: "DeckItems") -> None:
        from ..generators.items import ItemKind
        from ..study.quiz import Quiz, pick_questions

        if timed is not None and timed != timed:  # NaN passes click's range check
            from ..errors import UsageProblem

            raise UsageProblem("--timed needs a number of minutes, e.g. --timed 15")

        _check_filters([view], topics, ())
        the_deck = view.head

        def gradable(fact_id: str) -> list["Item"]:
            return [it for it in view.fact_items(fact_id) if not it.self_judged
                    and (not kinds or it.kind.value in kinds)]

        picked = pick_questions(view.quiz_facts(topics), gradable, count=count, seed=seed)
        if not picked:
            from ..errors import UsageProblem

            raise UsageProblem("no questions to ask; check --topic")
        width, color = _terminal()
        read = _read_line
        if timed and sys.stdin.isatty():
            read = _timed_reader(timed * 60)
        test = Quiz(
            picked,
            read=read,
            write=_write,
            scoring=scoring,
            time_limit_s=timed * 60 if timed else None,
            topic_titles={t.id: t.title for t in the_deck.topics},
            sources=the_deck.sources,
            width=width,
            color=color,
        )
        report = test.run()
        if record:
            _record_quiz(home, view, report)

    _run(body)


def _timed_reader(seconds: float) -> Callable[[str], str]:
    """A line reader that gives up with TimeUp when the test time ends.

    A real-time timer interrupts the wait for input on a terminal; it only
    fires while reading, so it never breaks the scoring afterwards.
    """
    import signal

    from ..study.quiz import TimeUp

    if not hasattr(signal, "setitimer"):  # pragma: no cover - not on Windows
        return _read_line
    reading = False

    def on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
        if reading:
            raise TimeUp

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)

    def read(prompt: str) -> str:
        nonlocal reading
        reading = True
        try:
            return _read_line(prompt)
        finally:
            reading = False

    return read


def _record_quiz(home, view: "DeckItems", report) -> None:
    """Log the answered questions as scheduled reviews (``quiz --record``)."""
    from ..study.scheduling import rating_for
    from ..study.session import confused_fact_ids, utcnow
    from ..study.store import Store

    deck = view.head
    with open_store(home) as store:
        now = utcnow()
        _sync(store, view, now)
        ret = _settings(store, deck.id).retention
        n = 0
        for a in report.answers:
            if a.grade is None:
                continue
            store.record_review(
                deck.id,
                a.item.card,
                item_id=a.item.id,
                item_kind=a.item.kind.value,
                response=a.response or "",
                correct=a.grade.correct,
                score=a.grade.score,
                rating=rating_for(a.grade, elapsed_s=a.elapsed_s, item=a.item),
                elapsed_ms=int(a.elapsed_s * 1000),
                confused_with=confused_fact_ids(a.item, a.grade.wrong_chosen),
                now=now,
                retention=ret,
            )
            n += 1
        _write(f"Recorded {n} answers as reviews.\n")
