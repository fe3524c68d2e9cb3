"""Nothing outside the chosen home: every command, run with ``HOME`` pointed
at an empty folder and ``FACTDRILL_HOME`` at another, leaves ``HOME`` empty;
the items cache follows the chosen home (it went to ``~/.cache/factdrill``
even with ``FACTDRILL_HOME`` set, and the test suite wrote there too).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdrill.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "tests" / "fixtures" / "draft" / "velmar-syndrome.md"

# One invocation (or more) of every command, in an order where each finds
# what it needs (a history, an export to import...). "{item}" and "{fact}"
# are filled from the flagship's items.
SCRIPT: list[tuple[list[str], str]] = [
    (["decks"], ""),
    (["check", "breast-cancer-metastasis"], ""),
    (["items", "--kind", "mcq"], ""),
    (["preview", "--kind", "numeric"], ""),
    (["audit", "--errors-only", "--rule", "key-count"], ""),
    (["grade", "{item}", "a"], ""),
    (["drill", "--new", "2"], "q\n"),
    (["quiz", "--items", "2", "--record"], ":submit\n"),
    (["stats"], ""),
    (["settings", "--new", "5"], ""),
    (["suspend", "{fact}"], ""),
    (["unsuspend", "{fact}"], ""),
    (["export-reviews", "reviews.json"], ""),
    (["import-reviews", "reviews.json"], ""),
    (["export", "anki", "-o", "exports/"], ""),
    (["export", "gift", "-o", "quiz.gift"], ""),
    (["export", "quizlet", "-o", "cards.txt"], ""),
    (["anki", "pull", "exports/breast-cancer-metastasis.apkg"], ""),
    (["optimize"], ""),
    (["plan", "--exam-date", "{exam}", "--rates", "5"], ""),
    (["new", "my-deck"], ""),
    (["sheet", "my-deck", "-o", "sheet.html"], ""),
    (["exam", "my-deck", "--items", "5", "-o", "exams/"], ""),
    (["draft", str(ARTICLE), "-o", "decks/velmar"], ""),
    (["import", "quizlet", "cards.txt", "-o", "decks/from-quizlet"], ""),
]


def test_every_command_is_in_the_script():
    assert {args[0] for args, _ in SCRIPT} == set(COMMANDS)


def test_commands_leave_an_empty_home_empty(tmp_path, monkeypatch):
    home, chosen, work = tmp_path / "home", tmp_path / "chosen", tmp_path / "work"
    for d in (home, work):
        d.mkdir()
    monkeypatch.chdir(work)
    env = {"HOME": str(home), "FACTDRILL_HOME": str(chosen), "FACTDRILL_CACHE": None, "FACTDRILL_DECKS": None,
           "XDG_DATA_HOME": None, "XDG_CACHE_HOME": None, "XDG_CONFIG_HOME": None, "NO_COLOR": "1"}
    for key, value in env.items():
        monkeypatch.delenv(key, raising=False) if value is None else monkeypatch.setenv(key, value)
    runner = CliRunner()
    first = json.loads(runner.invoke(cli, ["items", "--kind", "mcq", "--json"]).stdout.splitlines()[0])
    fill = {"item": first["id"], "fact": first["fact_ids"][0], "exam": (date.today() + timedelta(days=40)).isoformat()}
    for args, stdin in SCRIPT:
        args = [a.format(**fill) for a in args]
        result = runner.invoke(cli, args, input=stdin)
        # optimize says it needs 400 reviews (a usage error): the others succeed
        assert result.exit_code == (2 if args[0] == "optimize" else 0), (args, result.output)
        assert "Traceback" not in result.output, args
        assert not any(home.iterdir()), f"{args} wrote {sorted(p.name for p in home.rglob('*'))} in HOME"
    assert (chosen / "factdrill.db").is_file()
    assert any((chosen / "cache").iterdir())  # the cache followed the chosen home


def test_without_a_chosen_home_the_cache_goes_to_the_platform_cache_folder(tmp_path, monkeypatch):
    from factdrill import paths

    monkeypatch.delenv("FACTDRILL_HOME", raising=False)
    monkeypatch.delenv("FACTDRILL_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    assert paths.cache_dir() == tmp_path / "xdg-cache" / "factdrill"
    assert paths.data_dir() == tmp_path / "xdg-data" / "factdrill"
    paths.choose_home(tmp_path / "h")  # --home moves both
    assert paths.cache_dir() == tmp_path / "h" / "cache" and paths.data_dir() == tmp_path / "h"
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "c"))  # the cache alone
    assert paths.cache_dir() == tmp_path / "c"


def test_home_option_moves_the_cache_too(tmp_path, monkeypatch):
    monkeypatch.delenv("FACTDRILL_CACHE", raising=False)
    monkeypatch.delenv("FACTDRILL_HOME", raising=False)
    result = CliRunner().invoke(cli, ["stats", "--home", str(tmp_path / "h")])
    assert result.exit_code == 0
    assert any((tmp_path / "h" / "cache").iterdir())
