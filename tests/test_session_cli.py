"""`factdrill drill` and `factdrill quiz` through click's CliRunner (stdin is not a TTY)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

import drill_keys
from factdrill.cli import cli
from factdrill.study.store import Store

DECK_ID = "breast-cancer-metastasis"


@pytest.fixture(scope="module")
def items():
    return drill_keys.flagship_items()


def invoke(args, input="", env=None):
    result = CliRunner().invoke(cli, args, input=input, env=env or {"NO_COLOR": "1"})
    assert "Traceback" not in result.output
    return result


def one_line_error(result, code):
    assert result.exit_code == code, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def reviews(home):
    with Store.open(home) as store:
        return list(store.reviews(DECK_ID))


def setting(home, key):
    with Store.open(home) as store:
        return store.get_setting(DECK_ID, key)


def test_drill_answer_right_then_quit_saves_the_review(tmp_path, items):
    home = str(tmp_path)
    peek = invoke(["drill", "--home", home], input="q\n")
    assert peek.exit_code == 0 and reviews(home) == []
    kind, item_id, question = drill_keys.last_marker(peek.output)
    line = drill_keys.answer(items[item_id], question)
    keys = f"{line}\n3\nq\n" if kind == "flashcard" else f"{line}\n\nq\n"
    result = invoke(["drill", "--home", home], input=keys)
    assert result.exit_code == 0, result.output
    (rv,) = reviews(home)
    assert rv.item_id == item_id and rv.correct
    assert "Session summary" in result.output
    assert "Answered 1 item, 1 right (100%)" in result.output
    assert max(len(x) for x in result.output.splitlines()) <= 80
    assert "\x1b[" not in result.output


def test_factdrill_home_env_names_the_store(tmp_path):
    result = invoke(["drill"], input="s\nq\n", env={"FACTDRILL_HOME": str(tmp_path), "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert (tmp_path / "factdrill.db").exists()


@pytest.mark.parametrize(
    "args, words",
    [
        (["--retention", "1.5"], "--retention 1.5 is out of range"),
        (["--exam-date", "2027-13-01"], "write it as YYYY-MM-DD"),
        (["--topic", "nope"], "no topic 'nope'; choose from:"),
        (["--tag", "nope"], "no card is tagged 'nope'"),
    ],
)
def test_bad_options_are_one_line_usage_errors(tmp_path, args, words):
    line = one_line_error(invoke(["drill", "--home", str(tmp_path), *args]), 2)
    assert words in line


def test_a_missing_deck_is_a_one_line_error(tmp_path):
    result = invoke(["drill", "--home", str(tmp_path), str(tmp_path / "no-such-deck.yaml")])
    assert result.exit_code != 0
    assert "Error:" in result.output


def test_retention_exam_date_and_new_limit_are_remembered_per_deck(tmp_path):
    home = str(tmp_path)
    first = invoke(["drill", "--home", home, "--retention", "0.85", "--exam-date", "2027-05-14", "--new", "3"], "q\n")
    assert "Drill: 3 cards" in first.output
    second = invoke(["drill", "--home", home], "q\n")
    assert "Drill: 3 cards" in second.output
    assert (setting(home, "retention"), setting(home, "exam_date"), setting(home, "new_per_day")) == (
        "0.85",
        "2027-05-14",
        "3",
    )
    invoke(["drill", "--home", home, "--exam-date", "off"], "q\n")
    assert setting(home, "exam_date") is None


def test_limit_topic_and_kind_filters(tmp_path, items):
    home = str(tmp_path)
    assert "Drill: 2 cards" in invoke(["drill", "--home", home, "--limit", "2"], "q\n").output
    result = invoke(["drill", "--home", home, "--topic", "brain"], "q\n")
    _, item_id, _ = drill_keys.last_marker(result.output)
    assert items[item_id].topic == "brain"
    result = invoke(["drill", "--home", home, "--kind", "sata"], "q\n")
    kind, _, _ = drill_keys.last_marker(result.output)
    assert kind == "sata"


def test_cram_before_any_study(tmp_path):
    result = invoke(["drill", "--home", str(tmp_path), "--cram"])
    assert result.exit_code == 0
    assert "Nothing to cram: no card has been studied yet." in result.output


def test_quiz_leaves_the_store_alone_unless_recording(tmp_path):
    home = tmp_path / "home"
    peek = invoke(["quiz", "--home", str(home), "--items", "3", "--seed", "7"], ":submit\n")
    assert peek.exit_code == 0, peek.output
    assert "Score: 0 of" in peek.output and "3 of 3 answered" not in peek.output
    assert not home.exists()  # no store was even opened
    keys = re.findall(r"Key: (.+)", peek.output)
    assert len(keys) == 3
    answers = "".join(f"{k.strip()}\n" for k in keys) + "submit\n"
    result = invoke(["quiz", "--home", str(home), "--items", "3", "--seed", "7", "--record"], answers)
    assert result.exit_code == 0, result.output
    assert "(100%), 3 of 3 answered" in result.output
    assert "Recorded 3 answers as reviews." in result.output
    logged = reviews(str(home))
    assert len(logged) == 3 and all(r.correct and not r.practice for r in logged)


def test_quiz_report_sections_and_width(tmp_path):
    result = invoke(["quiz", "--items", "5", "--seed", "2", "--scoring", "all-or-nothing"], "\n" * 5 + "submit\n")
    assert result.exit_code == 0
    out = result.output
    for section in ("Test results", "By topic:", "By NCLEX client need:", "Questions and rationales:"):
        assert section in out
    assert max(len(x) for x in out.splitlines()) <= 80


def test_quiz_bad_scoring_is_a_usage_error():
    result = invoke(["quiz", "--scoring", "lenient"])
    assert result.exit_code == 2


@pytest.mark.parametrize("argv", [["drill", "--help"], ["quiz", "--help"]])
def test_help_of_drill_and_quiz_stays_light(argv):
    import json
    import subprocess
    import sys

    code = (
        "import sys; from factdrill.cli import cli\n"
        f"try:\n    cli({argv!r}, prog_name='factdrill')\nexcept SystemExit:\n    pass\n"
        "import json; print(json.dumps(sorted(m for m in ('fsrs', 'sqlite3', 'yaml', 'genanki')"
        " if m in sys.modules)), file=sys.stderr)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == []
    assert max(len(line) for line in proc.stdout.splitlines()) <= 80


def test_kind_choices_match_the_item_kinds():
    from factdrill.commands.drill import KIND_NAMES
    from factdrill.generators.items import ItemKind

    assert sorted(KIND_NAMES) == sorted(k.value for k in ItemKind)
