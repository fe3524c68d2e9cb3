"""The instructor workflow through the CLI: new deck -> check -> exam -> LMS files."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdrill.cli import cli
from factdrill.deck.loader import check_deck

from gift_reference import parse as parse_gift


@contextlib.contextmanager
def inside(folder: Path):
    """Run in ``folder`` (commands default to ./decks and write relative paths)."""
    old = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("FACTDRILL_DECKS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return CliRunner()


def _run(runner, args):
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def test_new_deck_passes_check_with_no_errors_or_warnings(runner, tmp_path):
    result = _run(runner, ["new", "cardiac-care", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "cardiac-care"
    assert sorted(p.name for p in folder.iterdir()) == ["deck.yaml", "facts.yaml"]
    deck, problems = check_deck(folder)
    assert deck is not None and deck.id == "cardiac-care"
    assert [str(p) for p in problems] == []
    from factdrill.deck.lints import run_lints

    assert [str(p) for p in run_lints(deck)] == []
    kinds = {f.kind.value for f in deck.facts}
    assert kinds == {"term", "statistic", "set", "mapping", "ranking", "statement", "situation"}
    text = (folder / "facts.yaml").read_text()
    for kind in kinds:
        assert f"# --- {kind}:" in text  # a commented example of every kind
    check = _run(runner, ["check", str(folder)])
    assert check.exit_code == 0, check.output
    assert "0 errors" in check.output


def test_new_refuses_to_overwrite_and_rejects_bad_names(runner, tmp_path):
    assert _run(runner, ["new", "x-deck", "--dir", str(tmp_path)]).exit_code == 0
    before = (tmp_path / "x-deck" / "facts.yaml").read_text()
    (tmp_path / "x-deck" / "facts.yaml").write_text(before + "# my edits\n")
    again = _run(runner, ["new", "x-deck", "--dir", str(tmp_path)])
    assert again.exit_code != 0
    assert "already exists" in again.output and len(again.output.strip().splitlines()) == 1
    assert (tmp_path / "x-deck" / "facts.yaml").read_text().endswith("# my edits\n")
    bad = _run(runner, ["new", "Bad Name!", "--dir", str(tmp_path)])
    assert bad.exit_code == 2 and "not a slug" in bad.output


def test_four_commands_from_new_deck_to_exam_and_lms_files(runner, tmp_path):
    """The README's instructor quick start, end to end."""
    with inside(tmp_path):
        assert _run(runner, ["new", "my-deck"]).exit_code == 0
        assert _run(runner, ["check", "decks/my-deck"]).exit_code == 0
        exam = _run(runner, ["exam", "decks/my-deck", "--items", "10", "--versions", "3", "-o", "exams"])
        assert exam.exit_code == 0, exam.output
        names = sorted(p.name for p in Path("exams").iterdir())
        assert names == sorted(
            f"my-deck-{what}-{v}.{ext}" for what in ("exam", "key") for v in "ABC" for ext in ("html", "md")
        )
        gift = _run(runner, ["export", "gift", "decks/my-deck", "-o", "exports/my-deck.gift"])
        assert gift.exit_code == 0, gift.output
        questions = parse_gift(Path("exports/my-deck.gift").read_text(encoding="utf-8"))
        assert len(questions) > 40
        assert {q.category.rsplit("/", 1)[1] for q in questions} == {
            "Vital signs", "Recognising clinical signs", "Infection control"}
        qti = _run(runner, ["export", "qti", "decks/my-deck", "-o", "exports/my-deck-qti.zip"])
        assert qti.exit_code == 0, qti.output
        with zipfile.ZipFile("exports/my-deck-qti.zip") as z:
            assert "imsmanifest.xml" in z.namelist()


def test_exam_versions_are_reproducible_and_differ(runner, tmp_path):
    with inside(tmp_path):
        _run(runner, ["new", "my-deck"])
        args = ["exam", "my-deck", "--items", "9", "--versions", "2", "--seed", "4"]
        _run(runner, args + ["-o", "one"])
        _run(runner, args + ["-o", "two"])
        for p in Path("one").iterdir():
            assert p.read_bytes() == (Path("two") / p.name).read_bytes()
        a = Path("one/my-deck-exam-A.html").read_text()
        b = Path("one/my-deck-exam-B.html").read_text()
        assert a != b
        count = lambda page: len(re.findall(r'<span class="num">\d+\.</span>', page))  # noqa: E731
        assert count(a) == count(b) == 9
        key = Path("one/my-deck-key-A.md").read_text()
        assert key.count("- Scoring:") == 9 and "Reference:" in key


def test_exam_topic_weights_and_kinds(runner, tmp_path):
    with inside(tmp_path):
        _run(runner, ["new", "my-deck"])
        result = _run(runner, ["exam", "my-deck", "--items", "3", "--topic-weights", "infection-control=1",
                               "--kinds", "mcq,true_false", "-o", "out"])
        assert result.exit_code == 0, result.output
        page = Path("out/my-deck-exam-A.html").read_text()
        assert page.count('<section class="topic">') == 1 and "Infection control" in page
        key = Path("out/my-deck-key-A.md").read_text()
        kinds = set(re.findall(r"\((mcq|true false|sata|cloze|numeric|matching|ordering|scenario)", key))
        assert kinds <= {"mcq", "true false"}


@pytest.mark.parametrize(
    "args, message, code",
    [
        (["--items", "3", "--topic-weights", "nope=1"], "unknown topic 'nope'", 2),
        (["--items", "3", "--kinds", "essay"], "unknown item kind 'essay'", 2),
        (["--items", "0"], "--items must be at least 1", 2),
        (["--items", "3", "--versions", "0"], "--versions must be at least 1", 2),
    ],
)
def test_exam_errors_are_one_clear_line(runner, tmp_path, args, message, code):
    with inside(tmp_path):
        _run(runner, ["new", "my-deck"])
        result = _run(runner, ["exam", "my-deck", *args, "-o", "out"])
        assert result.exit_code == code
        assert message in result.output
        assert len(result.output.strip().splitlines()) == 1
        if code == 1:
            assert len(result.output.strip()) <= 80


def test_missing_deck_is_a_clear_error(runner, tmp_path):
    with inside(tmp_path):
        result = _run(runner, ["exam", "no-such-deck", "--items", "3"])
        assert result.exit_code != 0 and "no-such-deck" in result.output


def test_sheet_html_and_markdown(runner, tmp_path):
    with inside(tmp_path):
        _run(runner, ["new", "my-deck"])
        html_run = _run(runner, ["sheet", "my-deck", "-o", "sheet.html"])
        assert html_run.exit_code == 0, html_run.output
        page = Path("sheet.html").read_text()
        assert page.startswith("<!DOCTYPE html>") and "<h2>Vital signs</h2>" in page
        assert '<li id="ref1">' in page and '<li id="ref2">' in page and "<h2>References</h2>" in page
        md = _run(runner, ["sheet", "my-deck"])
        assert md.exit_code == 0
        assert md.output.startswith("# My deck") and "## References" in md.output
        assert "**Tachycardia**" in md.output or "**tachycardia**" in md.output


def test_blackboard_and_quizlet_exports(runner, tmp_path):
    with inside(tmp_path):
        _run(runner, ["new", "my-deck"])
        bb = _run(runner, ["export", "blackboard", "my-deck", "-o", "bb.txt"])
        assert bb.exit_code == 0, bb.output
        rows = list(csv.reader(io.StringIO(Path("bb.txt").read_text()), delimiter="\t", quoting=csv.QUOTE_NONE))
        assert {r[0] for r in rows} >= {"MC", "MA", "TF", "NUM", "FIB", "MAT", "ORD"}
        pools = _run(runner, ["export", "blackboard", "my-deck", "--by-topic", "-o", "pools"])
        assert pools.exit_code == 0 and len(list(Path("pools").iterdir())) == 3
        ql = _run(runner, ["export", "quizlet", "my-deck"])
        assert ql.exit_code == 0
        cards = [line.split("\t") for line in ql.output.splitlines()]
        assert ["Tachycardia", "A resting heart rate faster than 100 beats per minute in an adult"] in cards or any(
            c[0].lower() == "tachycardia" for c in cards)


def test_gift_refuses_flashcards_with_a_hint(runner, tmp_path):
    with inside(tmp_path):
        _run(runner, ["new", "my-deck"])
        result = _run(runner, ["export", "gift", "my-deck", "--kinds", "flashcard"])
        assert result.exit_code != 0 and "leave them out of --kind" in result.output
