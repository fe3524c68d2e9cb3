"""The drill loop against the real store: queue, answers, ratings, undo, skip, quit, summary."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

import item_factories as f
from factdrill.deck.facts import Deck, Source, Topic
from factdrill.generators.items import ItemKind
from factdrill.study.queue import GIVEAWAY_WINDOW
from factdrill.study.session import DeckPlan, Session, SessionConfig
from factdrill.study.cards import CardInfo
from factdrill.study.store import Store

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
DECK = Deck(
    id="test-deck",
    title="Test deck",
    topics=(Topic(id="bone", title="Bone metastases"), Topic(id="liver", title="Liver metastases")),
    sources={"ref": Source(key="ref", title="A cited reference", year=2013)},
)


def _card(item, n, side="main", topic="bone", kind_id=None):
    return replace(
        item,
        id=kind_id or f"{item.kind.value}-{n}-{side}",
        card=f"fact{n}:{side}",
        deck=DECK.id,
        fact_ids=(f"fact{n}",),
        topic=topic,
    )


def deck_items(facts=4):
    """Per fact: a main card with an mcq and a cloze, and a reverse sibling flashcard."""
    items = []
    for n in range(facts):
        topic = "bone" if n % 2 == 0 else "liver"
        items.append(_card(f.mcq(), n, topic=topic))  # key b
        items.append(_card(f.cloze(), n, topic=topic))  # key "leptomeningeal metastases"
        items.append(_card(f.flashcard(), n, side="reverse", topic=topic))
    return items


def answer(right):
    """The answer to the item on screen: right or wrong, in the item's form.

    mcq: the letter of "bone" (the key) or "lung" (a distractor drawn from
    fact other-lung); cloze: the typed key or a wrong word.
    """

    def pick(screen):
        screen = re.sub(r"\x1b\[[0-9;]*m", "", screen)
        *_, last = re.finditer(r"\[(\w+) [\w-]+\]\n", screen)
        kind, question = last.group(1), screen[last.end() :]
        if kind == "cloze":
            return "leptomeningeal metastases" if right else "pneumonia"
        text = "bone" if right else "lung"
        return re.findall(rf"^([a-z])\) {text}$", question, re.M)[-1]

    return pick


RIGHT = answer(True)
WRONG = answer(False)


class Script:
    """Answer lines for the session; the clock moves `step` seconds per line."""

    def __init__(self, *lines, step=5.0):
        self.lines = list(lines)
        self.out: list[str] = []
        self.now = T0
        self.mono = 0.0
        self.step = step
        self.prompts: list[str] = []

    def read(self, prompt):
        self.out.append(prompt)
        self.prompts.append(prompt)
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        if line is KeyboardInterrupt:
            raise KeyboardInterrupt
        if callable(line):
            line = line(self.text)
        self.tick(self.step)
        return line

    def tick(self, seconds):
        self.now += timedelta(seconds=seconds)
        self.mono += seconds

    def write(self, text):
        self.out.append(text)

    @property
    def text(self):
        return "".join(self.out)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "factdrill.db", fuzz=False) as s:
        yield s


def sync(store, items, now=T0):
    cards = {}
    for it in items:
        cards.setdefault(it.card, CardInfo(it.card, it.fact_ids[0], it.topic, it.tags))
    store.sync_deck(DECK.id, cards.values(), now=now)


def run(store, items, script, *, new_limit=20, **cfg):
    sync(store, items)
    session = Session(
        store,
        [DeckPlan(DECK, items, new_limit=new_limit)],
        SessionConfig(**cfg),
        read=script.read,
        write=script.write,
        now=lambda: script.now,
        clock=lambda: script.mono,
    )
    return session, session.run()


def reviews(store):
    return list(store.reviews(DECK.id))


# -- the queue ---------------------------------------------------------------------


def test_queue_buries_siblings_and_honours_the_new_card_limit(store):
    items = deck_items(4)
    sync(store, items)
    s = Script()
    session = Session(store, [DeckPlan(DECK, items, new_limit=3)], read=s.read, write=s.write, now=lambda: T0)
    keys = session.build_queue()
    assert len(keys) == 3  # 3 new cards, not 3 minus buried siblings
    assert len({card.split(":")[0] for _, card in keys}) == 3  # one card per fact


def test_due_cards_come_first_most_overdue_first(store):
    items = deck_items(3)
    sync(store, items)
    # fact2 studied long ago, fact0 more recently: both are due now.
    store.record_review(DECK.id, "fact2:main", item_id="x", item_kind="mcq", response="b", correct=True,
                        score=1, rating=3, elapsed_ms=1000, now=T0 - timedelta(days=30))
    store.record_review(DECK.id, "fact0:main", item_id="x", item_kind="mcq", response="b", correct=True,
                        score=1, rating=3, elapsed_ms=1000, now=T0 - timedelta(days=2))
    s = Script()
    session = Session(store, [DeckPlan(DECK, items)], read=s.read, write=s.write, now=lambda: T0)
    keys = session.build_queue()
    assert keys[:2] == [(DECK.id, "fact2:main"), (DECK.id, "fact0:main")]
    assert keys[2] == (DECK.id, "fact1:main")  # then new; fact0/2 siblings stay buried
    assert len(keys) == 3


def test_nothing_due_with_a_new_limit_of_0_says_why_and_how_to_lift_it(store):
    items = deck_items(1)
    s = Script()
    run(store, items, s, new_limit=0)
    assert "Nothing is due right now" in s.text
    assert "new-card limit is 0 a day" in s.text
    assert "'factdrill drill --new 20'" in s.text and "'factdrill settings --new 20'" in s.text  # never split
    assert "--cram" not in s.text  # nothing studied: cram would only say so again


def test_nothing_due_after_todays_new_cards_says_when_and_suggests_more_or_cram(store):
    items = deck_items(3)
    run(store, items, Script(RIGHT, "4", RIGHT, "4", RIGHT, "4", "q"), new_limit=3)
    s = Script()
    run(store, items, s, new_limit=3)
    assert "Nothing is due right now" in s.text
    assert "Today's 3 new cards are done" in s.text and "'factdrill drill --new 13'" in s.text
    assert "Next review in" in s.text and "'factdrill drill --cram'" in s.text


# -- answering ------------------------------------------------------------------


def test_right_answer_is_recorded_with_feedback_interval_and_progress(store):
    items = deck_items(2)
    s = Script(RIGHT, "", "q")
    _, summary = run(store, items, s)
    (rv,) = reviews(store)
    assert (rv.card_id, rv.item_kind, rv.correct, rv.rating) == ("fact0:main", "mcq", True, 3)
    assert re.search(rf"^{rv.response}\) bone$", s.text, re.M)
    assert rv.elapsed_ms == 5000
    text = s.text
    assert "Correct" in text
    assert "Why: Because." in text and "Source: A cited reference" in text
    assert "Rated Good. Next: in 10 min." in text  # fsrs learning step for a new card
    assert "0 due, 0 learning, 2 new; 0 answered" in text  # the card on screen counts as left
    assert "(0 due, 1 learning, 1 new; 1 answered)" in text  # fact1, and fact0 in its 10-min step
    assert summary.answered == 1 and summary.correct == 1


def test_wrong_answer_logs_the_confused_fact_and_comes_back_in_the_session(store):
    items = deck_items(1)
    # Wrong (lung, drawn from fact other-lung), Enter; 140 s later its
    # 1-minute step is due, so it is asked again: answered right this time.
    s = Script(WRONG, "", RIGHT, "", "q", step=70)
    _, summary = run(store, items, s)
    first, second = reviews(store)
    assert (first.correct, first.rating, first.confused_with) == (False, 1, ("other-lung",))
    assert second.card_id == first.card_id and second.correct
    assert "Wrong" in s.text
    assert summary.answered == 2 and summary.correct == 1


def test_learning_card_waits_for_its_step_while_other_cards_are_asked(store):
    items = deck_items(2)
    s = Script(WRONG, "", RIGHT, "", "", RIGHT, "", step=5)
    run(store, items, s)
    order = [r.card_id for r in reviews(store)]
    # fact0 failed (1 min step): fact1 comes next; then only learning cards
    # are left, not yet due: the student chooses to study them now.
    assert order == ["fact0:main", "fact1:main", "fact0:main"]
    assert "Only 2 cards are left, in learning steps (next due in under a minute)" in s.text


def test_ending_when_only_learning_cards_are_left(store):
    s = Script(RIGHT, "", "q")
    _, summary = run(store, deck_items(1), s)
    assert "Only 1 card is left" in s.text
    assert summary.answered == 1


def test_a_rating_the_student_did_not_choose_says_why(store):
    s = Script(RIGHT, "", "q", step=35)  # right, but 35 s for a choice item
    run(store, deck_items(1), s)
    assert "Rated Hard: right, but after 35 s (Good within 20 s). Next:" in s.text
    # the rule was on screen before the answer
    before = s.text.split("> ", 1)[0].replace("\n", " ")
    assert "Rated Good if right within 20 s, Hard if slower, Again if wrong." in before


def test_wrong_answer_is_rated_again_with_the_reason(store):
    s = Script(WRONG, "", "q")
    run(store, deck_items(1), s)
    assert "Rated Again: wrong. Next:" in s.text


def test_the_rating_menu_shows_the_interval_each_rating_then_gives(tmp_path):
    """With fuzz on (as students study), the preview and the outcome agree:
    '4 Easy 8d' is followed by 'in 8 days', never 'in 10 days'."""
    items = [it for it in deck_items(1) if it.card.endswith(":main")]
    with Store(tmp_path / "fuzzed.db") as fuzzed:  # fuzz on, as in real use
        run(fuzzed, items, Script(RIGHT, "4", "q"))  # graduate to review at once
        for _ in range(3):
            s = Script(RIGHT, "4", "q")
            s.now = fuzzed.card(DECK.id, "fact0:main").due + timedelta(hours=1)
            run(fuzzed, items, s)
            menu = re.search(r"4 Easy ([\d.]+)(d|mo|y)\b", s.text)
            outcome = re.search(r"Rated Easy\. Next: in ([\d.]+) (day|month|year)s?\.", s.text)
            assert menu and outcome, s.text
            assert (outcome.group(1), outcome.group(2)[0]) == (menu.group(1), menu.group(2)[0])


def test_rating_override_replaces_the_suggested_rating(store):
    items = deck_items(1)
    s = Script(RIGHT, "4", "q")
    run(store, items, s)
    (rv,) = reviews(store)
    assert rv.rating == 4 and rv.correct
    assert "Rated Easy" in s.text
    assert store.card(DECK.id, "fact0:main").state == "review"


def test_slow_right_answer_is_rated_hard(store):
    items = deck_items(1)
    s = Script(RIGHT, "q", step=25)
    run(store, items, s)
    assert reviews(store)[0].rating == 2


def test_typed_answer_that_may_be_a_letter_needs_the_colon_for_commands(store):
    items = [replace(_card(f.cloze(), 0), answers=("Q", "quinine"))]
    s = Script("s", "", ":q")
    run(store, items, s)
    (rv,) = reviews(store)
    assert rv.item_kind == "cloze" and rv.response == "s" and not rv.correct


def test_typed_answer_takes_bare_commands_when_no_answer_is_a_letter(store):
    s = Script("q")
    run(store, [_card(f.cloze(), 0)], s)
    assert reviews(store) == []
    assert "Session summary" in s.text


def test_flashcard_enter_reveals_then_self_rating(store):
    items = [_card(f.flashcard(), 0, side="reverse")]
    s = Script("", "2", "q")
    run(store, items, s)
    (rv,) = reviews(store)
    assert (rv.item_kind, rv.rating, rv.response, rv.correct) == ("flashcard", 2, "hard", True)
    assert "zoledronic acid" in s.text
    assert "1 Again 1m" in s.text  # the rating menu shows each rating's interval


def test_a_typed_flashcard_attempt_is_shown_beside_the_back_and_never_rated_again_for_the_student(store):
    items = [_card(f.flashcard(), 0, side="reverse")]
    s = Script("bisphosphonate drug", "", "3", "q")  # a mismatch: Enter alone is no rating
    run(store, items, s)
    (rv,) = reviews(store)
    assert (rv.rating, rv.response, rv.correct) == (3, "bisphosphonate drug", True)
    assert "Your answer: bisphosphonate drug" in s.text and "zoledronic acid" in s.text
    assert "Compare your answer with the back" in s.text
    assert "1-4 > " in s.prompts and "Type 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)." in s.text


def test_a_matching_flashcard_attempt_suggests_good(store):
    items = [_card(f.flashcard(), 0, side="reverse")]
    s = Script("Zoledronic acid", "", "q")
    run(store, items, s)
    (rv,) = reviews(store)
    assert (rv.rating, rv.response) == (3, "Zoledronic acid")
    assert "Your answer matches the back." in s.text and "1-4 (Enter = 3 Good) > " in s.prompts


def test_cards_that_give_each_other_away_are_kept_apart(store):
    # card 0's feedback states card 1's answer ("radiation therapy", with its
    # cue "painful"); eleven unrelated cards fill the window
    def typed(n, prompt, answer, explanation):
        return _card(f.make(ItemKind.CLOZE, prompt, [answer], explanation=explanation), n)

    giver = typed(0, "Which drug class is zoledronic acid? _____", "bisphosphonates",
                  "Painful bone metastases are treated with radiation therapy.")
    asked = typed(1, "Painful bone metastases needing rapid relief get _____.", "radiation therapy", "Works fast.")
    fillers = [typed(n, f"Filler question number {n}? _____", f"filleranswer{n}", "Nothing else.")
               for n in range(2, 14)]
    items = [giver, asked, *fillers]
    answers = {it.prompt: it.answers[0] for it in items}

    def right(screen):
        *_, last = re.finditer(r"\[cloze [\w-]+\]\n(.*)\n", screen)
        return answers[last.group(1)]

    s = Script(*[right, ""] * len(items), "q")
    run(store, items, s)
    order = [rv.card_id for rv in reviews(store)]
    assert order[0] == "fact0:main"
    assert order.index("fact1:main") - order.index("fact0:main") > GIVEAWAY_WINDOW


# -- keys: undo, skip, help, quit -------------------------------------------------


def test_undo_at_feedback_rolls_back_review_and_card_and_asks_again(store):
    items = deck_items(1)
    s = Script(WRONG, "u", RIGHT, "", "q")
    run(store, items, s)
    (rv,) = reviews(store)  # the wrong answer is gone
    assert rv.correct and rv.before.state == "new"
    assert "Undone" in s.text
    # The same item is asked again after the undo.
    assert s.text.count("[mcq mcq-0-main]") == 2


def test_undo_from_the_next_question_goes_back_one_card(store):
    items = deck_items(2)
    s = Script(RIGHT, "", ":u", RIGHT, "", "q")
    run(store, items, s)
    assert [r.card_id for r in reviews(store)] == ["fact0:main"]
    assert store.card(DECK.id, "fact1:main").state == "new"


def test_undo_with_nothing_answered_says_so(store):
    s = Script("u", "q")
    run(store, deck_items(1), s)
    assert "Nothing to undo" in s.text
    assert reviews(store) == []


def test_skip_records_nothing(store):
    s = Script("s", RIGHT, "", "q")
    _, summary = run(store, deck_items(2), s)
    assert [r.card_id for r in reviews(store)] == ["fact1:main"]
    assert summary.skipped == 1
    assert "Skipped 1." in s.text


def test_help_lists_the_keys(store):
    s = Script("?", "q")
    run(store, deck_items(1), s)
    assert ":u  undo" in s.text and ":s  skip" in s.text


@pytest.mark.parametrize("ending", ["q", ":q", KeyboardInterrupt, None])
def test_every_way_of_quitting_shows_the_summary(store, ending):
    lines = [RIGHT, ""] + ([ending] if ending is not None else [])  # None: end of input
    s = Script(*lines)
    _, summary = run(store, deck_items(3), s)
    assert "Session summary" in s.text
    assert summary.answered == 1
    assert len(reviews(store)) == 1


def test_invalid_answer_is_re_asked_and_not_recorded(store):
    s = Script("z", RIGHT, "q")
    run(store, deck_items(1), s)
    assert "There is no option z" in s.text
    assert [r.correct for r in reviews(store)] == [True]


# -- rotation ---------------------------------------------------------------------


def test_a_card_rotates_through_its_item_kinds_across_sessions(store):
    items = deck_items(1)
    sync(store, items)
    shown = []
    for day in range(3):
        s = Script("?", ":q")
        s.now = T0 + timedelta(days=day * 400)  # due again by then, whatever fsrs says
        Session(store, [DeckPlan(DECK, items)], read=s.read, write=s.write, now=lambda: s.now).run()
        kind = re.search(r"\[(\w+) ", s.text).group(1)
        shown.append(kind)
        answer = "b" if kind == "mcq" else "leptomeningeal metastases"
        store.record_review(DECK.id, "fact0:main", item_id=f"{kind}-0-main", item_kind=kind, response=answer,
                            correct=True, score=1, rating=3, elapsed_ms=1, now=s.now)
    assert shown[0] != shown[1] and shown[2] == shown[0]


# -- cram and summary ---------------------------------------------------------------


def test_cram_practises_studied_cards_without_changing_the_schedule(store):
    items = deck_items(2)
    sync(store, items)
    store.record_review(DECK.id, "fact1:main", item_id="x", item_kind="mcq", response="b", correct=True,
                        score=1, rating=3, elapsed_ms=1, now=T0 - timedelta(hours=1))
    before = store.card(DECK.id, "fact1:main")
    s = Script(WRONG, "", "q")
    _, summary = run(store, items, s, cram=True)
    after = store.card(DECK.id, "fact1:main")
    assert after == before
    last = reviews(store)[-1]
    assert last.practice and not last.correct
    assert summary.answered == 1  # only the studied card; new cards are not crammed
    assert "Practice: the schedule is not changed" in s.text


def test_cram_with_nothing_studied(store):
    s = Script()
    run(store, deck_items(1), s, cram=True)
    assert "Nothing to cram: no card has been studied yet." in s.text
    assert "2 new cards wait: learn them first with 'factdrill drill'." in s.text


def test_summary_per_topic_accuracy_time_and_next_due_within_80_columns(store):
    s = Script(RIGHT, "", WRONG, "", "q", step=30)
    _, summary = run(store, deck_items(2), s)
    text = s.text.split("Session summary", 1)[1]
    assert "Answered 2 items, 1 right (50%)" in text
    assert "Bone metastases" in text and "Liver metastases" in text
    # the wrong answer's 1-minute step is due again: "due in under a minute" would hide it
    assert "Still to study now: 0 due, 1 learning, 1 new" in text
    assert summary.next_due is not None
    assert max(len(line) for line in s.text.splitlines()) <= 80
    assert "\x1b[" not in s.text


def test_colour_only_when_asked(store):
    s = Script(RIGHT, "", "q")
    run(store, deck_items(1), s, color=True)
    assert "\x1b[" in s.text


def test_colour_does_not_change_where_lines_wrap(tmp_path):
    long_prompt = "Which organ was the most common first site of distant spread in " * 3
    items = [replace(i, prompt=long_prompt + "?") for i in deck_items(1)]
    screens = []
    for color in (False, True):
        with Store(tmp_path / f"{color}.db", fuzz=False) as st:
            s = Script(RIGHT, "", "q")
            run(st, items, s, color=color)
            screens.append(re.sub(r"\x1b\[[0-9;]*m", "", s.text))
    assert screens[0] == screens[1]
    assert max(len(line) for line in screens[1].splitlines()) <= 80


def test_eighth_lapse_makes_a_leech_that_leaves_the_session(store):
    items = deck_items(2)
    sync(store, items)
    for day in range(7):
        store.record_review(DECK.id, "fact0:main", item_id="x", item_kind="mcq", response="x", correct=False,
                            score=0, rating=1, elapsed_ms=1, now=T0 - timedelta(days=10 - day))
    s = Script(WRONG, "", RIGHT, "", "q", step=120)
    run(store, items, s)
    card = store.card(DECK.id, "fact0:main")
    assert card.leech and card.suspended and card.lapses == 8
    assert "now a leech and suspended" in s.text
    assert "factdrill unsuspend fact0" in s.text
    # The suspended card is not asked again, even once its step is due.
    assert [r.card_id for r in reviews(store)][-2:] == ["fact0:main", "fact1:main"]


def test_undo_refused_by_the_store_keeps_the_session_going(store, monkeypatch):
    from factdrill.errors import StoreError

    def refuse(review_id):
        raise StoreError("review 1 is not the newest review of its card; undo newer ones first")

    monkeypatch.setattr(store, "undo", refuse)
    s = Script(RIGHT, "u", "", "q")
    run(store, deck_items(1), s)
    assert "Cannot undo: review 1 is not the newest" in s.text
    assert len(reviews(store)) == 1


def test_exam_date_is_announced_and_caps_the_next_interval(store):
    items = deck_items(1)
    sync(store, items)
    store.set_setting(DECK.id, "exam_date", "2026-11-28")
    s = Script(RIGHT, "", "", RIGHT, "", "q", step=700)
    session = Session(
        store,
        [DeckPlan(DECK, items, exam_date=datetime(2026, 11, 28).date())],
        read=s.read, write=s.write, now=lambda: s.now, clock=lambda: s.mono,
    )  # fmt: skip
    session.run()
    assert "Exam on 2026-11-28 (in 3 days): no interval goes past it." in s.text
    exam_start = datetime(2026, 11, 28).astimezone(timezone.utc)
    assert all(r.after.due <= exam_start for r in reviews(store))


def test_two_decks_share_one_queue_most_overdue_first(store):
    other = replace(DECK, id="other-deck", title="Other")
    mine = deck_items(1)
    theirs = [replace(it, deck=other.id) for it in deck_items(1)]
    sync(store, mine)
    store.sync_deck(other.id, [CardInfo("fact0:main", "fact0", "bone")], now=T0)
    for deck_id, days in ((DECK.id, 3), (other.id, 40)):
        store.record_review(deck_id, "fact0:main", item_id="x", item_kind="mcq", response="x", correct=True,
                            score=1, rating=3, elapsed_ms=1, now=T0 - timedelta(days=days))
    s = Script()
    session = Session(store, [DeckPlan(DECK, mine), DeckPlan(other, theirs)], read=s.read, write=s.write,
                      now=lambda: T0)
    keys = session.build_queue()
    assert keys[:2] == [(other.id, "fact0:main"), (DECK.id, "fact0:main")]


def test_new_cards_come_in_the_decks_topic_order(tmp_path):
    from factdrill.generators.cache import deck_and_items
    from factdrill.deck.loader import resolve_deck
    from factdrill.study.queue import deck_cards

    deck, items = deck_and_items(resolve_deck(None))
    cards = deck_cards(deck, items)
    order = [t.id for t in deck.topics]
    ranks = [order.index(c.topic) for c in cards]
    assert ranks == sorted(ranks)
    assert len({c.card_id for c in cards}) == len(cards) == len({i.card for i in items})
    with Store(tmp_path / "s.db", fuzz=False) as st:
        st.sync_deck(deck.id, cards, now=T0)
        first = st.queue(deck.id, now=T0, new_limit=3)
    assert [c.topic for c in first] == [deck.topics[0].id] * 3


# -- acting on the card on screen ------------------------------------------------


def test_suspend_key_suspends_the_card_on_screen_and_its_fact(store):
    items = deck_items(2)
    s = Script(":x", RIGHT, "", "q")
    run(store, items, s)
    assert "Suspended fact 'fact0'" in s.text and "'factdrill unsuspend fact0'" in s.text
    assert store.card(DECK.id, "fact0:main").suspended and store.card(DECK.id, "fact0:reverse").suspended
    assert [r.card_id for r in reviews(store)] == ["fact1:main"]  # the next card came at once


def test_suspend_key_after_answering_suspends_the_answered_card(store):
    s = Script(RIGHT, ":x", "q")
    run(store, deck_items(1), s)
    assert store.card(DECK.id, "fact0:main").suspended
    assert "Only 1 card is left" not in s.text  # its learning step is gone with it


def test_flag_key_keeps_a_note_and_toggles(store):
    s = Script(":f wrong source", RIGHT, "", ":f", ":f", "q")  # the 2nd card: flagged, then unflagged
    run(store, deck_items(2), s)
    assert "Flagged mcq-0-main (wrong source)" in s.text and "Flag removed." in s.text
    assert [(f["card"], f["item"], f["note"]) for f in store.flags(DECK.id)] == [("fact0:main", "mcq-0-main", "wrong source")]


def test_edit_key_opens_the_fact_at_its_line(store, tmp_path):
    from factdrill.deck.facts import Location, Statement

    fact = Statement(id="fact0", topic="bone", sources=("ref",), text="Bone is first.",
                     loc=Location(str(tmp_path / "deck.yaml"), 12, 5))
    deck = replace(DECK, facts=(fact,))
    items = deck_items(1)
    opened = []
    s = Script(":e", "q")
    sync(store, items)
    Session(store, [DeckPlan(deck, items)], read=s.read, write=s.write, now=lambda: s.now,
            edit=lambda path, line: opened.append((path, line))).run()
    assert opened == [(tmp_path / "deck.yaml", 12)]
    assert "Edited " in s.text and "deck.yaml:12." in s.text.replace("\n", "")


def test_edit_key_without_an_editor_says_where_the_fact_is(store):
    s = Script(":e", "q")
    run(store, deck_items(1), s)
    assert "no known file and line" in s.text  # the test deck's facts have none; the flagship's do


def test_a_kind_filter_with_todays_new_cards_done_blames_the_limit_not_the_kind(store):
    items = deck_items(4)
    run(store, items, Script(RIGHT, "4", RIGHT, "4", "q"), new_limit=2)
    s = Script()
    clozes = [it for it in items if it.kind is ItemKind.CLOZE]
    run(store, clozes, s, new_limit=2, kinds=("cloze",))
    text = " ".join(s.text.split())
    assert "Nothing is due right now (kind cloze)." in text
    assert "Today's 2 new cards are done" in text and "leave out --kind" not in text
