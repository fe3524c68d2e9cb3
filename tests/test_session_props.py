"""Property tests of the session's pure parts and of undo against the real store."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import item_factories as f
from factdrill.study.grading import grade, key_response, letter
from factdrill.generators.items import ItemKind
from factdrill.study.controls import bare_commands_allowed, parse_command
from factdrill.study.queue import pick_item, shuffle_options
from factdrill.study.summary import SessionSummary, TopicResult, format_summary

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


@settings(max_examples=150, deadline=None)
@given(n=st.integers(2, 26), data=st.data())
def test_a_valid_letter_answer_is_never_taken_for_a_command(n, data):
    options = [f.opt(f"option {i}", i == 0) for i in range(n)]
    item = f.make(ItemKind.SATA, "Pick.", ["option 0"], options=options)
    picks = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    sep = data.draw(st.sampled_from(["", " ", ",", ", "]))
    response = sep.join(letter(i) for i in picks)
    grade(item, response)  # it is a valid answer...
    # ...so it must not be read as a command (the colon form always is one).
    assert parse_command(response, bare=bare_commands_allowed(item)) is None
    assert parse_command(":q", bare=bare_commands_allowed(item)) is not None


@settings(max_examples=150, deadline=None)
@given(item=f.choice_items(), seed=st.text(max_size=10))
def test_reshuffled_options_keep_the_question_and_its_key(item, seed):
    shown = shuffle_options(item, seed)
    assert shown.id == item.id
    assert sorted(o.text for o in shown.options) == sorted(o.text for o in item.options)
    assert {o.text for o in shown.options if o.correct} == {o.text for o in item.options if o.correct}
    assert grade(shown, key_response(shown)).correct
    assert shuffle_options(item, seed) == shown  # same seed, same order


@settings(max_examples=100, deadline=None)
@given(kinds=st.lists(st.sampled_from(list(ItemKind)), min_size=1, max_size=8))
def test_rotation_shows_every_kind_before_repeating_one(kinds):
    items = [replace(f.make(k, "Q?", ["a"]), id=f"{k.value}-{i}", card="fact:main") for i, k in enumerate(kinds)]
    history: list = []
    distinct = len(set(kinds))
    seen = []
    for step in range(distinct):
        it = pick_item(items, history)
        seen.append(it.kind)
        history.append((T0 + timedelta(days=step), it.id, it.kind.value))
    assert len(set(seen)) == distinct
    # ...and, past the first round, never the same kind twice in a row.
    for step in range(distinct, distinct + 4):
        it = pick_item(items, history)
        if distinct > 1:
            assert it.kind.value != history[-1][2]
        history.append((T0 + timedelta(days=step), it.id, it.kind.value))


@settings(max_examples=80, deadline=None)
@given(
    titles=st.lists(st.text(min_size=1, max_size=120).filter(str.strip), min_size=1, max_size=6),
    answered=st.integers(1, 500),
)
def test_summary_fits_80_columns(titles, answered):
    topics = tuple(TopicResult(f"t{i}", t, answered, answered // 2) for i, t in enumerate(titles))
    summary = SessionSummary(
        answered=answered, correct=answered // 2, skipped=3, duration_s=3725.0, topics=topics,
        next_due=T0 + timedelta(days=400), reviews=(),
    )  # fmt: skip
    text = format_summary(summary, now=T0, width=80)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert len(text.splitlines()) == 6 + len(titles)  # deck text cannot add lines
    assert f"Answered {answered} item" in text


# -- undo against the real store --------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(ops=st.lists(st.sampled_from(["right", "wrong", "undo", "skip", "rate1", "rate4"]), max_size=14))
def test_any_mix_of_answers_undos_and_skips_leaves_the_store_consistent(ops):
    """Whatever the student does, the store holds exactly the answers the
    session still counts, and every card's state is the result of its last
    kept review (or new)."""
    import test_session as ts
    from factdrill.study.session import DeckPlan, Session
    from factdrill.study.store import Store

    lines: list = []
    for op in ops:
        if op in ("right", "wrong"):
            lines += [ts.RIGHT if op == "right" else ts.WRONG, ""]
        elif op in ("rate1", "rate4"):
            lines += [ts.RIGHT, op[-1]]
        elif op == "undo":
            lines.append(":u")
        else:
            lines.append(":s")
    items = [it for it in ts.deck_items(3) if it.kind is ItemKind.MCQ]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.db", fuzz=False) as store:
        script = ts.Script(*lines, step=90)
        ts.sync(store, items)
        summary = Session(
            store, [DeckPlan(ts.DECK, items)], read=script.read, write=script.write,
            now=lambda: script.now, clock=lambda: script.mono,
        ).run()  # fmt: skip
        logged = list(store.reviews(ts.DECK.id))
        assert [r.id for r in logged] == [r.id for r in summary.reviews]
        assert summary.answered == len(logged)
        last = {}
        for r in logged:
            last[r.card_id] = r.after
        for it in items:
            state = store.card(ts.DECK.id, it.card)
            if it.card in last:
                assert state == last[it.card]
            else:
                assert state.state == "new" and state.reps == 0
