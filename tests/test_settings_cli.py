"""``factdrill settings``: the remembered settings seen and changed in one
place, the same values the drill's banner and ``stats`` show; and the
drill's status line counting what ``stats`` counts."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from click.testing import CliRunner

from factdrill.cli import cli
from factdrill.study.store import Store

DECK = "breast-cancer-metastasis"


def run(home, *args, input=None):
    return CliRunner().invoke(cli, [*args, "--home", str(home)], input=input)


def test_settings_shows_the_defaults_and_where_the_history_is(tmp_path):
    result = run(tmp_path, "settings")
    assert result.exit_code == 0
    assert "new cards a day  20" in result.output and "retention        0.9" in result.output
    assert "no exam date" in result.output and str(tmp_path / "factdrill.db") in result.output


def test_settings_changes_what_the_drill_then_uses(tmp_path):
    exam = (date.today() + timedelta(days=30)).isoformat()
    assert run(tmp_path, "settings", "--new", "7", "--retention", "0.85", "--exam-date", exam).exit_code == 0
    drill = run(tmp_path, "drill", input="q\n")
    assert "Drill: 7 cards" in drill.output
    assert f"Settings: 7 new cards a day, retention 85%, exam {exam} (in 30 days)" in " ".join(drill.output.split())
    data = json.loads(run(tmp_path, "settings", "--json").output)
    assert (data["new_per_day"], data["retention"], data["exam_date"]) == (7, 0.85, exam)
    stats = run(tmp_path, "stats")
    assert "Settings: 7 new cards a day, retention 85%" in " ".join(stats.output.split())


def test_a_past_exam_date_is_refused_everywhere_and_nothing_is_stored(tmp_path):
    for args in (["settings", "--exam-date", "2020-01-01"], ["drill", "--exam-date", "2020-01-01"],
                 ["plan", "--exam-date", "2020-01-01"]):
        result = run(tmp_path, *args, input="q\n")
        assert result.exit_code == 2, args
        assert "is in the past" in result.output and "Traceback" not in result.output
    with Store.open(tmp_path) as store:
        assert store.get_setting(DECK, "exam_date") is None


def test_bad_values_store_nothing_and_reset_forgets(tmp_path):
    assert run(tmp_path, "settings", "--new", "5").exit_code == 0
    bad = run(tmp_path, "settings", "--new", "9", "--retention", "1.5")
    assert bad.exit_code == 2 and "--retention 1.5 is out of range" in bad.output
    assert json.loads(run(tmp_path, "settings", "--json").output)["new_per_day"] == 5  # not 9
    assert run(tmp_path, "settings", "--reset").exit_code == 0
    assert json.loads(run(tmp_path, "settings", "--json").output)["new_per_day"] == 20
    assert run(tmp_path, "settings", "--reset", "--new", "3").exit_code == 2


def test_the_drill_counts_what_is_left_as_stats_does(tmp_path):
    """After a session, the banner of the next drill and 'stats' give the
    same due / learning / new numbers."""
    run(tmp_path, "drill", "--new", "4", input="a\n\n" * 3 + "q\n")
    stats = run(tmp_path, "stats").output
    m = re.search(r"Study now: (\d+) due, (\d+) learning, (\d+) new", stats)
    assert m
    drill = run(tmp_path, "drill", input="q\n").output
    banner = re.search(r"Drill: \d+ cards? \((\d+) due, (\d+) learning, (\d+) new\)", drill)
    if banner is None:  # nothing left today: the drill says so, and stats agrees
        assert "Nothing is due right now" in drill and m.groups() == ("0", "0", "0")
    else:
        assert banner.groups() == m.groups()


def test_text_follows_a_terminal_narrower_than_40_columns(monkeypatch):
    from factdrill.terminal import width

    monkeypatch.setenv("COLUMNS", "30")
    assert width() == 30  # text was laid out for 40 and the terminal broke its words
