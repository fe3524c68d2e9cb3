"""Hostile option values on the command line: a clear usage error, never a
traceback, and never a value remembered in the store that breaks later runs."""

from __future__ import annotations

from functools import partial

import pytest

from hostile.cli import invoke as run

DECK_ID = "breast-cancer-metastasis"
HUGE = "99999999999999999999999"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")


invoke = partial(run, input="q\n")  # each run ends a drill at its first question


@pytest.mark.parametrize(
    "args",
    [
        ("drill", "--new", HUGE), ("drill", "--new", "-1"), ("drill", "--limit", HUGE), ("drill", "--limit", "0"),
        ("drill", "--retention", "nan"), ("drill", "--retention", "inf"), ("drill", "--retention", "-1e308"),
        ("drill", "--exam-date", "99999-01-01"), ("drill", "--exam-date", "\x1b[2J"), ("drill", "--topic", "\x00"),
        ("drill", "--tag", "../../etc"), ("drill", "--kind", "evil"), ("quiz", "--timed", "1e308"),
        ("quiz", "--timed", "nan"), ("quiz", "--items", "0"), ("quiz", "--topic", "\u202e"),
        ("items", "--seed", "x"), ("stats", "--days", HUGE),
    ],
)
def test_bad_option_values_are_usage_errors(args):
    result = invoke(*args)
    assert result.exit_code != 0, result.output
    assert "Error" in result.output


@pytest.mark.parametrize("args", [("quiz", "--items", HUGE), ("quiz", "--seed", HUGE),
                                  ("drill", "--exam-date", "9999-12-31")])
def test_extreme_but_valid_values_work(args):
    result = invoke(*args, input="q\n:submit\ny\n")
    assert result.exit_code == 0, result.output


def test_the_earliest_date_is_refused_as_past_in_one_line():
    result = invoke("drill", "--exam-date", "0001-01-01")
    assert result.exit_code == 2 and "is in the past" in result.output and "Traceback" not in result.output


def test_a_bad_remembered_new_card_limit_does_not_break_later_drills(tmp_path):
    from factdrill.study.store import Store

    assert invoke("drill", "--new", "3").exit_code == 0
    for bad in (HUGE, "-5", "twenty", ""):
        with Store.open(tmp_path / "home") as store:
            store.set_setting(DECK_ID, "new_per_day", bad)
        result = invoke("drill")
        assert result.exit_code == 0, (bad, result.output)
        assert "Drill:" in result.output or "Nothing" in result.output


@pytest.mark.parametrize(
    "key,bad",
    [("retention", "abc"), ("retention", "nan"), ("retention", "5"), ("exam_date", "garbage"),
     ("exam_date", "99999")],
)
def test_bad_remembered_retention_or_exam_date_does_not_break_drills(tmp_path, key, bad):
    from factdrill.study.store import Store

    assert invoke("drill").exit_code == 0
    with Store.open(tmp_path / "home") as store:
        store.set_setting(DECK_ID, key, bad)
    result = invoke("drill", input="a\n\n3\nq\n")
    assert result.exit_code == 0, result.output
