"""``factdrill check`` and ``factdrill decks`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_loader import (
    ALL_KINDS,
    CORPUS,
    REPO_DECKS,
    billion_laughs,
    corpus_cases,
    expectations,
    write,
)

from factdrill.cli import cli
from factdrill.deck.facts import Location
from factdrill.deck.loader import DEFAULT_DECK, Problem


def run(*args: str, env: dict[str, str] | None = None, color: bool = False):
    result = CliRunner().invoke(cli, list(args), env=env, color=color)
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result


def fake_lints(monkeypatch, run_lints) -> None:
    """Stand in for the deck lints and the generators' skips (their findings
    are their own tests' business)."""
    import factdrill.deck.lints
    import factdrill.generators.skips

    monkeypatch.setattr(factdrill.deck.lints, "run_lints", run_lints)
    monkeypatch.setattr(factdrill.generators.skips, "lint_skips", lambda deck, skips=None: [])


@pytest.fixture
def decks(tmp_path, monkeypatch):
    """An isolated decks folder named by FACTDRILL_DECKS; authoring lints silenced."""
    root = tmp_path / "decks"
    root.mkdir()
    monkeypatch.setenv("FACTDRILL_DECKS", str(root))
    monkeypatch.delenv("NO_COLOR", raising=False)
    fake_lints(monkeypatch, lambda deck: [])
    return root


@pytest.mark.parametrize("case", corpus_cases())
def test_check_prints_each_broken_deck_problem_and_exits_1(case, monkeypatch):
    monkeypatch.chdir(CORPUS)
    result = run("check", case)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    for expected in expectations(Path(case).resolve()):
        assert expected in lines
    assert lines[-1].startswith("checked 1 deck: ")


def test_check_whole_corpus_sorted_with_summary(monkeypatch):
    monkeypatch.chdir(CORPUS)
    result = run("check", ".")
    assert result.exit_code == 1
    *problems, summary = result.output.splitlines()
    keys = []
    for line in problems:
        file, line_no, col, _ = line.split(":", 3)
        keys.append((file.removeprefix("./"), int(line_no), int(col)))
    assert keys == sorted(keys)
    n_errors = sum(": error: " in line for line in problems)
    n_warnings = sum(": warning: " in line for line in problems)
    assert n_errors >= len(corpus_cases())
    s = "" if n_warnings == 1 else "s"
    assert summary == (
        f"checked {len(corpus_cases()) + 1} decks: {n_errors} errors, {n_warnings} warning{s}"
    )
    assert "folder deck has no deck.yaml" in result.output


def test_valid_deck_passes(decks):
    path = write(decks, "tiny.yaml", ALL_KINDS)
    result = run("check", str(path))
    assert result.exit_code == 0
    assert result.output == "checked 1 deck: 0 errors, 0 warnings\n"


def test_default_checks_every_deck_in_the_decks_folder(decks):
    write(decks, "one.yaml", ALL_KINDS)
    write(decks, "two/deck.yaml", ALL_KINDS.replace("id: tiny", "id: two"))
    write(decks, "three.yaml", ALL_KINDS.replace("kind: ranking", "kind: rankin"))
    result = run("check")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{decks / 'three.yaml'}:61:11: error: unknown kind 'rankin' of fact 'first-sites'; "
        "did you mean 'ranking'? kinds: term, statistic, set, mapping, ranking, statement, situation",
        "checked 3 decks: 1 error, 0 warnings",
    ]


def test_warnings_pass_unless_strict(decks):
    path = write(decks, "warn.yaml", ALL_KINDS.replace("    explanation: In the 2013 study.\n", ""))
    result = run("check", str(path))
    assert result.exit_code == 0
    assert "warning: fact 'first-sites' has no explanation" in result.output
    assert result.output.endswith("checked 1 deck: 0 errors, 1 warning\n")
    assert run("check", "--strict", str(path)).exit_code == 1


def test_missing_path_is_a_usage_error(decks):
    result = run("check", str(decks / "nope.yaml"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_folder_with_no_decks_is_a_usage_error(decks, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("check", str(empty))
    assert result.exit_code == 2
    assert (
        f"no decks in {empty}: a deck is a NAME.yaml file or a folder with deck.yaml"
        in result.output
    )


def test_no_decks_at_all_is_a_usage_error(decks):
    result = run("check")
    assert result.exit_code == 2
    assert f"no decks found in {decks}" in result.output


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "1:1: error: file is empty"),
        (b"\x00\x01\x02binary", "1:1: error: binary file, not YAML text"),
        (billion_laughs().encode(), "1:1: error: anchors and aliases would expand this document"),
        (("a: " + "[" * 3000 + "]" * 3000).encode(), "error: nesting is too deep"),
    ],
    ids=["empty", "binary", "bomb", "deep"],
)
def test_hostile_files_give_one_line_and_exit_1(decks, data, message):
    path = write(decks, "bad.yaml", data)
    result = run("check", str(path))
    assert result.exit_code == 1
    first, summary = result.output.splitlines()
    assert first.startswith(str(path)) and message in first
    assert summary == "checked 1 deck: 1 error, 0 warnings"


def test_fact_file_of_a_folder_deck_checks_the_folder(decks):
    folder = decks / "folder"
    write(folder, "deck.yaml", ALL_KINDS)
    write(folder, "more.yaml", "facts:\n  - id: osteolysis\n")
    result = run("check", str(folder / "more.yaml"), str(folder / "deck.yaml"))
    assert result.exit_code == 1
    assert result.output.count("duplicate fact id 'osteolysis'") == 1
    assert result.output.splitlines()[-1].startswith("checked 1 deck:")


def test_color_only_on_request_and_never_with_no_color(decks):
    path = write(decks, "bad.yaml", ALL_KINDS.replace("kind: set", "kind: sett"))
    assert "\x1b[" not in run("check", str(path)).output
    assert "\x1b[31" in run("check", str(path), color=True).output
    assert "\x1b[" not in run("check", str(path), env={"NO_COLOR": "1"}, color=True).output


def test_lint_warnings_are_appended_for_decks_that_load(decks, monkeypatch):
    seen = []

    def run_lints(deck):
        seen.append(deck.id)
        return [Problem(Location("lint.yaml", 1, 1), "warning", "definition repeats the term")]

    fake_lints(monkeypatch, run_lints)
    good = write(decks, "good.yaml", ALL_KINDS)
    write(decks, "bad.yaml", ALL_KINDS.replace("id: tiny", "id: Bad Id"))
    result = run("check")
    assert seen == ["tiny"]  # only decks that loaded are linted
    assert "lint.yaml:1:1: warning: definition repeats the term" in result.output
    assert run("check", str(good)).exit_code == 0
    assert run("check", "--strict", str(good)).exit_code == 1


@pytest.mark.skipif(
    not (REPO_DECKS / DEFAULT_DECK).exists(), reason="flagship deck not written yet"
)
def test_flagship_deck_passes_check(monkeypatch):
    monkeypatch.delenv("FACTDRILL_DECKS", raising=False)
    result = run("check", str(REPO_DECKS / DEFAULT_DECK))
    assert result.exit_code == 0, result.output
    assert " 0 errors" in result.output.splitlines()[-1]


# -- factdrill decks ---------------------------------------------------------


def test_decks_lists_counts_per_kind_and_topic(decks):
    write(decks, "tiny.yaml", ALL_KINDS)
    result = run("decks")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[:2] == ["tiny  7 facts", "  Tiny deck"]
    assert lines[2].startswith("  path: ") and lines[2].endswith("/decks/tiny.yaml")
    assert "  kinds: term 1, statistic 2, set 1, mapping 1, ranking 1, statement 1" in lines
    assert "  topics: bone 7" in lines
    assert max(len(line) for line in lines) <= 80


def test_decks_wraps_long_lists_within_80_columns(decks):
    many_topics = ALL_KINDS.replace(
        "topics:\n",
        "topics:\n" + "".join(f"  - id: topic-number-{i}\n    title: T{i}\n" for i in range(30)),
    )
    text = many_topics + "".join(
        f"  - id: extra-{i}\n    kind: ranking\n    topic: topic-number-{i}\n    name: n\n"
        f"    items: [a, b]\n    sources: [ref]\n    explanation: e\n"
        for i in range(30)
    )
    write(decks, "wide.yaml", text.replace("title: Tiny deck", "title: " + "Very long title " * 10))
    result = run("decks")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "topic-number-29 1" in result.output  # a name and its count never split


def test_decks_json(decks):
    write(decks, "tiny.yaml", ALL_KINDS)
    result = run("decks", "--json")
    assert result.exit_code == 0
    (row,) = json.loads(result.output)
    assert row["id"] == "tiny" and row["valid"] is True and row["facts"] == 7
    assert row["kinds"]["statistic"] == 2 and row["topics"] == {"bone": 7}


def test_decks_marks_invalid_decks_and_exits_1(decks):
    write(decks, "good.yaml", ALL_KINDS)
    write(decks, "broken.yaml", "id: [\n")
    result = run("decks")
    assert result.exit_code == 1
    assert (
        "/decks/broken.yaml  INVALID\n  1 error; run 'factdrill check' to see them\n"
        in result.output
    )
    assert "tiny  7 facts" in result.output


def test_decks_with_no_decks_says_where_it_looked(decks):
    result = run("decks")
    assert result.exit_code == 0
    assert f"no decks in {decks}" in result.output
    assert json.loads(run("decks", "--json").output) == []


def test_the_lints_run_with_the_collector_paused_and_leave_it_running(decks, monkeypatch):
    # the lints build many small objects beside the whole loaded deck; a
    # collection would walk the deck each time (check's cost per fact grew
    # with the deck); the pause must end with the command, even when a lint fails
    import gc

    seen = []

    def lints(deck):
        seen.append(gc.isenabled())
        raise RuntimeError("a lint's own bug")

    fake_lints(monkeypatch, lints)
    path = write(decks, "tiny.yaml", ALL_KINDS)
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert isinstance(result.exception, RuntimeError)
    assert seen == [False] and gc.isenabled()
