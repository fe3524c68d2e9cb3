"""``factdrill optimize``: a personal FSRS model, fitted only when it is better."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner

from factdrill.cli import cli
from factdrill.study.cards import CardState
from factdrill.study.optimize import MIN_ITEMS, _evaluate, _fit, _to_rs, training_items
from factdrill.study.params import PARAMETERS_KEY, default_parameters, load_fitted, load_parameters
from factdrill.study.scheduling import Rating, next_state
from factdrill.study.store import Store
from fsrs_synth import DECK, START, fill_store

pytest.importorskip("fsrs_rs_python")


@pytest.fixture(scope="module")
def rich_home(tmp_path_factory):
    """A store with a synthetic student's year: well over the minimum."""
    home = tmp_path_factory.mktemp("rich")
    with Store.open(home, fuzz=False) as store:
        fill_store(store, cards=260)
    return home


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_fitted_parameters_beat_the_defaults_on_held_out_reviews(rich_home, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "factdrill.db").write_bytes((rich_home / "factdrill.db").read_bytes())
    res = run("optimize", DECK, "--home", str(home))
    assert res.exit_code == 0, res.output
    assert "Better: saved" in res.output
    assert all(len(line) <= 80 for line in res.output.splitlines())
    with Store.open(home) as store:
        fitted = load_fitted(store, DECK)
        items = training_items(store.reviews(DECK))
    assert fitted is not None and fitted.log_loss < fitted.default_log_loss
    assert fitted.parameters != pytest.approx(default_parameters())

    # Independently: fit on the first 80% in time, test on the last 20%.
    cut = len(items) * 4 // 5
    train, test = _to_rs(items[:cut]), _to_rs(items[cut:])
    assert _evaluate(_fit(train), test).log_loss < _evaluate(default_parameters(), test).log_loss


def test_the_drill_schedules_with_the_fitted_parameters(rich_home, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "factdrill.db").write_bytes((rich_home / "factdrill.db").read_bytes())
    assert run("optimize", DECK, "--home", str(home)).exit_code == 0
    with Store.open(home, fuzz=False) as store:
        params = load_parameters(store, DECK)
        assert params is not None
        store.sync_deck(DECK, [*(_infos(store)), _info("fresh:main")], now=START)
        at = START + timedelta(days=300)
        rv = store.record_review(DECK, "fresh:main", item_id="x", item_kind="flashcard", response="",
                                 correct=True, score=1.0, rating=3, elapsed_ms=1, now=at)
        ident = rv.before
    mine = next_state(ident, Rating.GOOD, now=at, fuzz=False, parameters=params)
    default = next_state(ident, Rating.GOOD, now=at, fuzz=False)
    assert rv.after.stability == pytest.approx(mine.stability)
    assert rv.after.stability != pytest.approx(default.stability)

    reset = run("optimize", DECK, "--reset", "--home", str(home))
    assert reset.exit_code == 0 and "default parameters" in reset.output
    with Store.open(home) as store:
        assert load_parameters(store, DECK) is None


def test_below_the_minimum_it_refuses_and_changes_nothing(tmp_path):
    with Store.open(tmp_path, fuzz=False) as store:
        fill_store(store, cards=40, days=60)
        count = store.review_count()
        have = len(training_items(store.reviews(DECK)))
    assert have < MIN_ITEMS
    before = (tmp_path / "factdrill.db").read_bytes()
    res = run("optimize", DECK, "--home", str(tmp_path))
    assert res.exit_code == 2
    assert f"you have {have}, so {MIN_ITEMS - have} more" in res.output
    assert "Traceback" not in res.output
    with Store.open(tmp_path) as store:
        assert store.get_setting(DECK, PARAMETERS_KEY) is None
        assert store.review_count() == count
    assert (tmp_path / "factdrill.db").read_bytes() == before


def test_not_better_keeps_what_is_in_use(rich_home, tmp_path, monkeypatch):
    from factdrill.study import optimize as opt

    home = tmp_path / "home"
    home.mkdir()
    (home / "factdrill.db").write_bytes((rich_home / "factdrill.db").read_bytes())
    # an optimizer that can only return the defaults is never better than them
    monkeypatch.setattr(opt, "_fit", lambda items: tuple(default_parameters()))
    res = run("optimize", DECK, "--home", str(home))
    assert res.exit_code == 0, res.output
    assert "nothing changed" in res.output
    with Store.open(home) as store:
        assert store.get_setting(DECK, PARAMETERS_KEY) is None


def test_a_damaged_parameters_setting_falls_back_to_the_defaults(tmp_path):
    with Store.open(tmp_path) as store:
        for bad in ("not json", json.dumps({"parameters": [1, 2]}), json.dumps({"parameters": ["x"] * 21})):
            store.set_setting(DECK, PARAMETERS_KEY, bad)
            assert load_parameters(store, DECK) is None


def test_training_items_follow_ankis_rules():
    """Days between answers; an item per answer on a later day; cram and
    partial histories left out."""
    from datetime import datetime, timezone

    from factdrill.study.cards import Review

    def rv(i, card, day, hour, rating, before="review", practice=False):
        at = datetime(2026, 3, day, hour, tzinfo=timezone.utc).astimezone()
        st = CardState(DECK, card, card, "t", before, None, None, None, None, None, 0, 0, False, False, False)
        return Review(i, DECK, card, "it", "flashcard", at, "", True, 1.0, rating, 0, (), st, st, practice)

    log = [
        rv(1, "a", 1, 12, 3, before="new"), rv(2, "a", 1, 12, 3, before="learning"),
        rv(3, "a", 4, 12, 1), rv(4, "a", 4, 13, 3, before="relearning"),
        rv(5, "a", 5, 12, 3, practice=True), rv(6, "a", 9, 12, 4),
        rv(7, "b", 2, 12, 3),  # its first logged answer was not its first: left out
    ]  # fmt: skip
    items = training_items(log)
    assert [it.reviews for it in items] == [
        ((3, 0), (3, 0), (1, 3)),
        ((3, 0), (3, 0), (1, 3), (3, 0), (4, 5)),
    ]


def _info(card):
    from factdrill.study.cards import CardInfo

    return CardInfo(card, card.split(":")[0], "t")


def _infos(store):
    return [_info(s.card_id) for s in store.cards(DECK)]


def test_the_rating_menu_previews_intervals_with_the_decks_parameters():
    """What the drill shows before a rating comes from the same parameters."""
    from fsrs_synth import true_parameters

    from factdrill.study.render import rating_menu

    st = CardState(DECK, "c:main", "c", "t", "review", START, 4.0, 6.0, None,
                   START - timedelta(days=4), 3, 0, False, False, False)
    mine = rating_menu(st, now=START, retention=0.9, exam_date=None, cram=False,
                       parameters=tuple(true_parameters()))
    default = rating_menu(st, now=START, retention=0.9, exam_date=None, cram=False)
    assert mine != default and mine.startswith("1 Again")
