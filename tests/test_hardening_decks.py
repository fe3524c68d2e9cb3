"""Hostile and broken decks through the commands a student or instructor runs.

The loader's own tests check each broken deck's exact message; these check
the user-facing promise for every command that reads a deck: a clear one-line
error and a non-zero exit for a deck that cannot be used, never a traceback,
and for valid decks with hostile text (terminal escapes, BIDI overrides,
right-to-left scripts, 10 MB strings) output that is safe to show.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from hostile.cli import invoke
from hostile import (
    DECKS,
    TERMINAL_UNSAFE,
    VALID_HOSTILE,
    broken_cases,
    write_big_string_deck,
    write_oversized_deck,
)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """A private store and items cache, no colour, 80 columns."""
    monkeypatch.setenv("FACTDRILL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")




def unsafe_in(text: str) -> list[str]:
    return sorted({repr(c) for c in text if c in TERMINAL_UNSAFE})


def deck_commands(deck: str, out: Path) -> list[tuple[str, ...]]:
    """Every command that loads a deck, pointed at ``deck``."""
    return [
        ("drill", deck),
        ("quiz", deck, "--items", "3"),
        ("items", deck),
        ("preview", deck),
        ("stats", deck),
        ("export", "csv", deck, "-o", str(out)),
        ("export", "anki", deck, "-o", str(out)),
        ("sheet", deck, "-o", str(out / "sheet")),
    ]


@pytest.mark.parametrize("case", broken_cases(), ids=lambda p: p.name)
def test_every_command_refuses_a_broken_deck_in_one_line(case, tmp_path):
    for args in deck_commands(str(case), tmp_path / "out"):
        result = invoke(*args, input="q\n")
        assert result.exit_code != 0, (args, result.output)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), (args, result.output)
        # it names the problem and where, or tells what to run for all of them
        assert str(case.name) in lines[0] or "factdrill check" in lines[0], lines[0]


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = write_oversized_deck(tmp_path)
    start = time.perf_counter()
    result = invoke("drill", str(path))
    assert result.exit_code == 1
    assert "more than the 20 MB a deck file may have" in result.output
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("name", VALID_HOSTILE)
def test_hostile_text_never_reaches_the_terminal(name, tmp_path):
    deck = str(DECKS / name)
    for args in deck_commands(deck, tmp_path / "out") + [("check", deck)]:
        # answer whatever is asked with a letter, then quit
        result = invoke(*args, input="a\n\n3\n\nq\n")
        assert result.exit_code == 0, (args, result.output)
        assert unsafe_in(result.output) == [], (args, result.output)


def test_right_to_left_deck_drills_and_records(tmp_path):
    from factdrill.study.store import Store

    result = invoke("drill", str(DECKS / "rtl_text.yaml"), "--new", "3", input="\n3\n" * 6 + "q\n")
    assert result.exit_code == 0, result.output
    assert "Rated" in result.output
    with Store.open(tmp_path / "home") as store:
        assert store.review_count("rtl-text") >= 1


def test_ten_megabyte_strings_are_refused_in_one_line_by_every_command(tmp_path):
    # Fields are bounded by 'check': a 10 MB field used to cost a minute in
    # preview, gift, qti and sheet.
    path = str(write_big_string_deck(tmp_path))
    for args in deck_commands(path, tmp_path / "out"):
        result = invoke(*args, input="q\n")
        assert result.exit_code != 0
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and "characters long; at most 5,000" in lines[0], (args, result.output[:300])
    result = invoke("check", path)
    assert result.exit_code == 1 and max(len(line) for line in result.output.splitlines()) < 400


@pytest.mark.parametrize("name", VALID_HOSTILE)
def test_qti_of_a_hostile_deck_is_well_formed_xml(name, tmp_path):
    """XML 1.0 forbids control characters even as references: they must not reach the QTI."""
    import zipfile
    from xml.etree import ElementTree

    out = tmp_path / "q.zip"
    assert invoke("export", "qti", str(DECKS / name), "-o", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as zf:
        xml_files = [n for n in zf.namelist() if n.endswith(".xml")]
        assert len(xml_files) >= 2
        for n in xml_files:
            ElementTree.fromstring(zf.read(n))  # raises ParseError if not well-formed
