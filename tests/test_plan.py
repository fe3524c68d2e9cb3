"""``factdrill plan``: new cards a day for an exam, by simulation."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdrill.cli import cli
from factdrill.generators.cache import deck_and_items
from factdrill.study.plan import Settings, evaluate_option, exam_retention, simulate
from factdrill.study.queue import deck_cards
from factdrill.study.store import Store
from synthdeck import write_synth_deck

NOW = datetime(2026, 3, 2, 8, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def deck200(tmp_path_factory):
    """A deck of exactly 200 cards."""
    path = write_synth_deck(tmp_path_factory.mktemp("deck"), 150)
    deck, items = deck_and_items(path)
    assert len({it.card for it in items}) == 200
    return path, deck, items


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_plan_prints_the_table_and_the_chart_in_80_columns(deck200, tmp_path):
    path, deck, _ = deck200
    exam = (date.today() + timedelta(days=30)).isoformat()
    res = run("plan", str(path), "--exam-date", exam, "--home", str(tmp_path))
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert any("new/day" in line and "remembered" in line for line in lines)
    table = [line for line in lines if line[:3] in ("   ", " > ") and "%" in line]
    assert len(table) >= 3 and sum(line.startswith(" > ") for line in table) == 1
    assert "Recommended:" in res.output and "Reviews a day with" in res.output
    assert any("\u2588" in line or "#" in line for line in lines)  # the chart's bars
    with Store.open(tmp_path) as store:  # the exam date is remembered, the pace unchanged
        assert store.get_setting(deck.id, "exam_date") == exam
        assert store.get_setting(deck.id, "new_per_day") is None


def test_predicted_retention_agrees_with_a_replay_of_the_simulation(deck200, tmp_path):
    _, deck, items = deck200
    exam = (NOW + timedelta(days=30)).astimezone().date()
    with Store.open(tmp_path / "plan", fuzz=False) as store:
        store.sync_deck(deck.id, deck_cards(deck, items), now=NOW)
        cards = store.cards(deck.id)
    settings_ = Settings(exam=exam)
    option = evaluate_option(cards, 10, settings=settings_, now=NOW, runs=2, seed=5)
    for run_ in option.runs:
        with Store.open(tmp_path / f"replay{id(run_)}", fuzz=False) as store:
            store.sync_deck(deck.id, deck_cards(deck, items), now=NOW)
            store.set_setting(deck.id, "exam_date", exam.isoformat())
            for a in run_.answers:
                store.record_review(deck.id, a.card_id, item_id="sim", item_kind="flashcard",
                                    response="", correct=a.rating > 1, score=float(a.rating > 1),
                                    rating=a.rating, elapsed_ms=0, now=a.at)
            replayed = exam_retention([c for c in store.cards(deck.id)], settings=settings_, now=NOW)
        assert replayed == pytest.approx(run_.exam_retention, abs=1e-9)
        assert sum(run_.reviews) == len(run_.answers)
    assert option.retention == pytest.approx(sum(r.exam_retention for r in option.runs) / 2)
    assert 0.3 < option.retention < 1.0


def test_apply_sets_the_recommended_pace_and_json_reports_it(deck200, tmp_path):
    path, deck, _ = deck200
    exam = (date.today() + timedelta(days=30)).isoformat()
    res = run("plan", str(path), "--exam-date", exam, "--rates", "4,12", "--json", "--apply",
              "--home", str(tmp_path))
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert [o["new_per_day"] for o in doc["options"]] == [4, 12]
    assert all(len(o["daily_reviews"]) == 30 for o in doc["options"])
    with Store.open(tmp_path) as store:
        assert store.get_setting(deck.id, "new_per_day") == str(doc["recommended"])


def test_a_tight_time_budget_picks_a_lighter_pace(deck200, tmp_path):
    path, _, _ = deck200
    exam = (date.today() + timedelta(days=30)).isoformat()
    loose = json.loads(run("plan", str(path), "--exam-date", exam, "--rates", "3,30", "--json",
                           "--home", str(tmp_path)).output)
    heavy = max(loose["options"], key=lambda o: o["minutes_avg"])
    light = min(loose["options"], key=lambda o: o["minutes_avg"])
    tight = json.loads(run("plan", str(path), "--exam-date", exam, "--rates", "3,30", "--json",
                           "--minutes", str(int(heavy["minutes_avg"]) - 1), "--home", str(tmp_path)).output)
    assert tight["recommended"] == light["new_per_day"]


@pytest.mark.parametrize("args, says", [
    ((), "no exam date"),
    (("--exam-date", "2001-01-01"), "is in the past"),
    (("--exam-date", "soon"), "not a date"),
    (("--exam-date", "2999-01-01", "--rates", "a,b"), "whole numbers"),
])  # fmt: skip
def test_bad_input_is_one_clear_line(deck200, tmp_path, args, says):
    path, _, _ = deck200
    res = run("plan", str(path), *args, "--home", str(tmp_path))
    assert res.exit_code == 2
    assert says in res.output and "Traceback" not in res.output


def test_stats_shows_the_exam_day_outlook(deck200, tmp_path):
    path, deck, items = deck200
    exam = (date.today() + timedelta(days=20)).isoformat()
    now = datetime.now(timezone.utc)
    with Store.open(tmp_path) as store:
        store.sync_deck(deck.id, deck_cards(deck, items), now=now)
        store.set_setting(deck.id, "exam_date", exam)
        for card in [c.card_id for c in store.cards(deck.id)][:10]:
            for k in range(2):
                store.record_review(deck.id, card, item_id="i", item_kind="flashcard", response="",
                                    correct=True, score=1.0, rating=3, elapsed_ms=1,
                                    now=now - timedelta(days=3) + timedelta(minutes=15 * k))
    res = run("stats", str(path), "--home", str(tmp_path))
    assert res.exit_code == 0, res.output
    assert f"Exam {exam}" in res.output and "of the 10 cards studied" in res.output
    data = json.loads(run("stats", str(path), "--json", "--home", str(tmp_path)).output)
    outlook = data["exam"]
    assert outlook["studied"] == 10 and outlook["cards"] == 200
    assert 0 < outlook["recall_deck"] < outlook["recall_studied"] < 1
    assert outlook["recall_deck"] == pytest.approx(outlook["recall_studied"] * 10 / 200, abs=1e-3)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(new=st.integers(0, 12), studied=st.integers(0, 6), rate=st.integers(0, 8),
       days=st.integers(1, 12), seed=st.integers(0, 10**6))
def test_simulation_invariants(new, studied, rate, days, seed):
    """Never more new cards a day than the rate, nor than the deck has; every
    answer is counted; the predicted share is a probability."""
    from factdrill.study.cards import CardState

    cards = []
    for i in range(studied + new):
        cards.append(CardState("d", f"c{i}:main", f"c{i}", "t", "new", None, None, None, None, None,
                               0, 0, False, False, False))
    for i in range(studied):  # studied a while ago, due around now
        cards[i] = CardState("d", f"c{i}:main", f"c{i}", "t", "review", NOW + timedelta(days=i - 3),
                             3.0 + i, 5.0, None, NOW - timedelta(days=4), 2, 0, False, False, False)
    exam = (NOW + timedelta(days=days)).astimezone().date()
    out = simulate(cards, new_per_day=rate, settings=Settings(exam=exam), now=NOW, seed=seed)
    assert all(n <= rate for n in out.introduced)
    assert sum(out.introduced) == min(new, rate * len(out.introduced))
    assert sum(out.reviews) == len(out.answers)
    assert 0.0 <= out.exam_retention <= 1.0
    assert all(NOW <= a.at for a in out.answers)
