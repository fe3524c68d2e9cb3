"""``factdrill draft --review``: keep, edit, drop or skip each draft, from a terminal or a pipe.

Every decision is written at once and changes only the lines of that fact;
the rest of the file (comments, other facts) stays byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdrill.cli import cli
from factdrill.deck.draft.review import find_drafts
from factdrill.deck.loader import check_deck, load_deck

FIXTURE = Path(__file__).parent / "fixtures" / "draft" / "velmar-syndrome.md"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("template") / "velmar"
    result = CliRunner().invoke(cli, ["draft", str(FIXTURE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def deck(template, tmp_path) -> Path:
    copy = tmp_path / "velmar"
    shutil.copytree(template, copy)
    return copy


def _review(deck: Path, answers: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["draft", "--review", str(deck)], input=answers, env=env or {})


def _facts(deck: Path) -> str:
    return (deck / "facts.yaml").read_text()


def test_keep_removes_only_the_draft_mark(deck):
    before = load_deck(deck)
    first = before.facts[0]
    result = _review(deck, "k\nq\n")
    assert result.exit_code == 0, result.output
    after = load_deck(deck)
    assert after.fact(first.id).draft is None
    assert after.fact(first.id) == first  # same content, only reviewed
    assert [f.id for f in after.facts] == [f.id for f in before.facts]
    assert sum(f.draft is not None for f in after.facts) == len(before.facts) - 1
    assert "kept 1, edited 0, dropped 0, skipped 0" in result.output


def test_drop_removes_the_fact_and_nothing_else(deck):
    text = _facts(deck)
    spans = find_drafts(deck)
    result = _review(deck, "d\nq\n")
    assert result.exit_code == 0, result.output
    lines = text.splitlines(keepends=True)
    assert _facts(deck) == "".join(lines[: spans[0].start] + lines[spans[0].end :])
    ids = [f.id for f in load_deck(deck).facts]
    assert spans[0].fact_id not in ids and spans[1].fact_id in ids


def test_skip_then_decide_the_next(deck):
    spans = find_drafts(deck)
    result = _review(deck, "s\nk\nq\n")
    assert result.exit_code == 0, result.output
    d = load_deck(deck)
    assert d.fact(spans[0].fact_id).draft is not None
    assert d.fact(spans[1].fact_id).draft is None
    assert "skipped 1" in result.output


def test_end_of_input_stops_and_keeps_what_was_decided(deck):
    result = _review(deck, "k\n")  # then stdin ends, as in a pipe
    assert result.exit_code == 0, result.output
    left = len(find_drafts(deck))
    assert left == len(load_deck(deck).facts) - 1
    assert f"{left} draft(s) left" in result.output


def test_an_unknown_answer_is_asked_again(deck):
    result = _review(deck, "maybe\nkeep\nq\n")
    assert "answer k (keep)" in result.output
    assert "kept 1" in result.output


def test_keep_all_leaves_no_draft_and_strict_check_no_longer_names_drafts(deck):
    result = _review(deck, "a\n")
    assert result.exit_code == 0, result.output
    assert find_drafts(deck) == []
    check = CliRunner().invoke(cli, ["check", "--strict", str(deck)])
    assert "is a draft" not in check.output and "not reviewed yet" not in check.output
    _, problems = check_deck(deck)
    assert not [p for p in problems if p.is_error]


def _editor(tmp_path: Path, body: str) -> dict:
    """An $EDITOR that replaces the file it is given with ``body``."""
    script = tmp_path / "editor.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        from pathlib import Path
        Path(sys.argv[1]).write_text({body!r})
    """))
    return {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}


def test_edit_writes_what_the_author_saved_and_ends_the_draft(deck, tmp_path):
    first = find_drafts(deck)[0]
    body = (
        "# header lines the author left are ignored\n"
        f"  - id: {first.fact_id}\n"
        "    kind: statistic\n"
        "    topic: overview\n"
        "    measure: share of screened adults found to have the (fictional) syndrome\n"
        "    value: 12\n"
        "    unit: \"%\"\n"
        "    approximate: true\n"
        "    sources: [arden2015]\n"
        "    explanation: A fictional figure from a test fixture.\n"
    )
    result = _review(deck, "e\nq\n", _editor(tmp_path, body))
    assert result.exit_code == 0, result.output
    fact = load_deck(deck).fact(first.fact_id)
    assert fact.draft is None
    assert fact.measure.startswith("share of screened adults")
    assert "edited 1" in result.output


def test_an_edit_with_errors_can_be_reverted(deck, tmp_path):
    text = _facts(deck)
    env = _editor(tmp_path, "  - id: broken\n    kind: nonsense\n")
    result = _review(deck, "e\nr\nq\n", env)
    assert "unknown kind 'nonsense'" in result.output
    assert "reverted" in result.output
    assert _facts(deck) == text


def test_an_empty_edit_drops_the_fact(deck, tmp_path):
    first = find_drafts(deck)[0]
    result = _review(deck, "e\nq\n", _editor(tmp_path, "# nothing left\n"))
    assert result.exit_code == 0, result.output
    assert first.fact_id not in [f.id for f in load_deck(deck).facts]


def test_without_an_editor_the_fact_stays_a_draft(deck):
    text = _facts(deck)
    result = _review(deck, "e\nq\n", {"EDITOR": "", "VISUAL": ""})
    assert "set $EDITOR" in result.output
    assert _facts(deck) == text


def test_review_from_a_real_pipe(deck):
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.run(
        [sys.executable, "-m", "factdrill", "draft", "--review", str(deck)],
        input="k\nd\n", capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "kept 1, edited 0, dropped 1" in proc.stdout
    assert "\x1b[" not in proc.stdout
    assert all(len(line) <= 80 for line in proc.stdout.splitlines())


def test_review_of_a_deck_without_drafts_says_so(deck):
    _review(deck, "a\n")
    result = _review(deck, "")
    assert result.exit_code == 0
    assert "0 draft(s) left" in result.output


def test_draft_marks_are_checked_where_they_are_written(tmp_path):
    deck = tmp_path / "marks.yaml"
    deck.write_text(textwrap.dedent("""\
        id: marks
        title: Marks
        sources:
          s: {title: S}
        topics:
          - {id: t, title: T}
        facts:
          - id: a
            kind: term
            topic: t
            term: alpha
            definition: the first letter
            sources: [s]
            draft: false
          - id: b
            kind: term
            topic: t
            term: beta
            definition: the second letter
            sources: [s]
            draft:
              at: nowhere
              colour: red
          - id: c
            kind: term
            topic: t
            term: gamma
            definition: the third letter
            sources: [s]
            draft: [1]
    """))
    lines = deck.read_text().splitlines()

    def line_of(text: str) -> str:
        return f"{deck}:{lines.index(text) + 1}:"

    _, problems = check_deck(deck)
    errors = [str(p) for p in problems if p.is_error]
    assert len(errors) == 4, errors
    assert errors[0].startswith(line_of("    draft: false")) and "delete the line" in errors[0]
    assert errors[1].startswith(line_of("      at: nowhere")) and "FILE:LINE" in errors[1]
    assert errors[2].startswith(line_of("      colour: red")) and "unknown key 'colour'" in errors[2]
    assert errors[3].startswith(line_of("    draft: [1]")) and "must be true or a mapping" in errors[3]
