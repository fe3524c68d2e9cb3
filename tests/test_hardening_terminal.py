"""Terminal output: one sanitiser for every line that reaches a terminal.

Deck titles in ``factdrill decks``, problems in ``check``, ``Error:`` lines
(which quote file names, deck text and typed arguments) and JSON output
never carry C0/C1 controls, BIDI overrides or lone surrogates; a failed
write to stdout (``> /dev/full``) is one line, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdrill.terminal import json_text, printable
from hostile.cli import invoke
from hostile import TERMINAL_UNSAFE

FACTDRILL = str(Path(sys.executable).with_name("factdrill"))
EVIL = "\x1b]0;pwned\x07 \x9b2J \u202eevil\u202c \x1b[2J"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")




def unsafe(text: str) -> list[str]:
    return sorted({repr(c) for c in text if c in TERMINAL_UNSAFE})


def deck_text(title: str, deck_id: str = "evil") -> str:
    return (
        f'id: {deck_id}\ntitle: "{title}"\nsources:\n  ref:\n    title: R\n'
        "topics:\n  - id: bone\n    title: Bone\nfacts:\n"
        "  - id: t1\n    kind: term\n    topic: bone\n    term: osteolysis\n"
        "    definition: breakdown of bone\n    sources: [ref]\n    explanation: x\n"
    )


def yaml_escaped(text: str) -> str:
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def test_the_sanitiser_covers_c0_c1_bidi_separators_and_surrogates():
    nasty = "a\x1b[2J\x9b31m\x85\u2028\u202e\u2066b\ud800\x00\x7f"
    shown = printable(nasty)
    assert unsafe(shown) == [] and "\ud800" not in shown
    line = printable(nasty + "\nsecond", one_line=True)
    assert "\n" not in line and unsafe(line) == []
    assert "\\x1b" in line and "\\u202e" in line and "\\n" in line  # shown, so an author can find it
    assert printable("plain text, accents é, Arabic سرطان") == "plain text, accents é, Arabic سرطان"


def test_json_output_stays_equal_and_valid_but_safe():
    doc = {"t": "x\u202e\x9b\u2028y", "n": [1, 2]}
    text = json_text(json.dumps(doc, ensure_ascii=False, indent=2))
    assert unsafe(text) == [] and json.loads(text) == doc


@pytest.mark.parametrize("title", [EVIL, "\x9b2J\x9b0m only C1", "\u202eright-to-left override", "\u2066isolate\u2069"])
def test_decks_lists_titles_without_escape_sequences(tmp_path, monkeypatch, title):
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "evil.yaml").write_text(deck_text(yaml_escaped(title)), encoding="utf-8")
    monkeypatch.setenv("FACTDRILL_DECKS", str(folder))
    for args in (("decks",), ("decks", "--json")):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        assert unsafe(result.output) == [], result.output
    data = json.loads(invoke("decks", "--json").output)
    assert data[0]["id"] == "evil"


@pytest.mark.parametrize("name", ["\x1b[2J.yaml", "\x9b31m.yaml", "\u202eevil.yaml"])
def test_check_and_error_lines_never_pass_escapes_from_file_names(tmp_path, name):
    path = tmp_path / name
    path.write_text("id: [unclosed\n", encoding="utf-8")
    for args in (("check", path), ("items", path), ("drill", path), ("check", tmp_path / ("missing" + name))):
        result = invoke(*args, input="q\n")
        assert result.exit_code != 0
        assert unsafe(result.output) == [], (args, result.output)
        assert "Error" in result.output or "error" in result.output


@pytest.mark.parametrize("value", ["\\x9b2J", "\\u202eevil", "\\e]0;pwned\\a", "\\u2028second line"])
def test_check_messages_that_quote_deck_text_stay_one_safe_line(tmp_path, value):
    path = tmp_path / "d.yaml"
    path.write_text(deck_text("T").replace("topic: bone", f'topic: "{value}"'), encoding="utf-8")
    result = invoke("check", path)
    assert result.exit_code == 1
    assert unsafe(result.output) == [], result.output
    problem = [line for line in result.output.splitlines() if "unknown topic" in line]
    assert len(problem) == 1, result.output


def test_a_file_on_stdout_is_exact_for_a_pipe_and_safe_for_a_terminal(tmp_path, monkeypatch):
    import io

    from factdrill.exporters.outputs import write_text_output

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    for stream, safe in ((io.StringIO(), False), (Terminal(), True)):
        monkeypatch.setattr(sys, "stdout", stream)
        write_text_output(f"gift text {EVIL}\n", None, what="x")
        assert (unsafe(stream.getvalue()) == []) is safe


def test_typed_arguments_echoed_in_errors_are_sanitised():
    for args in (("items", "--topic", EVIL), ("suspend", EVIL), (EVIL,), ("items", "--kind", EVIL)):
        result = invoke(*args)
        assert result.exit_code != 0
        assert unsafe(result.output) == [], (args, result.output)


STDOUT_COMMANDS = [
    ["check"], ["decks"], ["items"], ["preview", "--kind", "mcq"], ["stats"], ["export", "gift"],
    ["export", "quizlet"], ["export", "blackboard", "--kind", "mcq"], ["sheet"], ["export-reviews"], ["items", "--json"],
    ["--help"], ["drill", "--kind", "flashcard"], ["quiz", "--items", "2"], ["suspend", "first-site-bone"],
    ["export", "anki", "-o", "{tmp}/a"], ["export", "csv", "-o", "{tmp}/c"], ["new", "x", "--dir", "{tmp}/d"],
    ["exam", "--items", "2", "-o", "{tmp}/e"], ["decks", "--json"],
]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("argv", STDOUT_COMMANDS, ids=" ".join)
def test_a_full_disk_on_stdout_is_one_error_line(tmp_path, argv):
    env = dict(os.environ, FACTDRILL_HOME=str(tmp_path / "home"), FACTDRILL_CACHE=str(tmp_path / "cache"))
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    with open("/dev/full", "w") as full:
        proc = subprocess.run([FACTDRILL, *argv], stdout=full, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                              env=env, timeout=120)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and "No space left" in lines[0], err


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=8), st.text(max_size=20), max_size=3), min_size=1, max_size=4))
def test_json_text_is_safe_and_equal_for_any_documents(docs):
    """The ASCII fast path (no regex pass) gives the same safe text: every
    document reads back equal and no unsafe character reaches the terminal."""
    text = "\n".join(json.dumps(d, ensure_ascii=False, sort_keys=True) for d in docs) + "\n"
    out = json_text(text)
    assert unsafe(out) == [] and [json.loads(line) for line in out.splitlines()] == docs
