"""Blackboard upload text and Quizlet TSV, read back with the csv module."""

from __future__ import annotations

import csv
import io

import pytest

from factdrill.exporters.blackboard import pools_by_topic, to_blackboard
from factdrill.errors import ExportError
from factdrill.generators.keys import flat, numeric_key
from factdrill.exporters.quizlet import to_quizlet
from factdrill.generators.items import ItemKind

from instructor_fixtures import NASTY, _item, make_deck, make_items


def rows(text: str) -> list[list[str]]:
    assert "\n\n" not in text and not text.startswith("\n")  # a blank line is an upload error
    return list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_gradable_item_is_one_line_with_the_right_type_and_key():
    items = [i for i in make_items() if i.kind is not ItemKind.FLASHCARD]
    got = rows(to_blackboard(items))
    assert len(got) == len(items)
    for it, r in zip(items, got):
        assert r[1] == flat(it.prompt).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if it.kind is ItemKind.SATA:
            assert r[0] == "MA"
            pairs = list(zip(r[2::2], r[3::2]))
            assert [p[1] == "correct" for p in pairs] == [o.correct for o in it.options]
        elif it.options and it.kind is not ItemKind.TRUE_FALSE:
            assert r[0] == "MC"
            assert r[3::2].count("correct") == 1
        elif it.kind is ItemKind.TRUE_FALSE:
            assert r == ["TF", r[1], "false"]
        elif it.kind is ItemKind.NUMERIC:
            key = numeric_key(it)
            centre, tol = float(r[2]), float(r[3])
            assert centre - tol == pytest.approx(key.low_bound) and centre + tol == pytest.approx(key.high_bound)
        elif it.kind is ItemKind.CLOZE:
            assert r[0] == "FIB" and r[2:] == list(it.answers)
        elif it.kind is ItemKind.MATCHING:
            assert r[0] == "MAT" and r[3::2] == [a.replace("->", "-&gt;") for a in it.answers]
        elif it.kind is ItemKind.ORDERING:
            assert r == ["ORD", r[1], *it.answers]


def test_html_is_escaped_and_no_tab_or_newline_leaks():
    item = _item(ItemKind.TRUE_FALSE, "x", "bone", "line one\nline\ttwo <script>", ["True"], extra={"truth": True})
    (r,) = rows(to_blackboard([item]))
    assert r == ["TF", "line one line two &lt;script&gt;", "true"]


def test_one_pool_per_topic():
    deck, items = make_deck(), make_items()
    files = pools_by_topic(deck, items)
    assert [name for name, _ in files] == [f"test-deck-{t}-pool.txt" for t in ("bone", "liver", "brain", "stats")]
    assert sum(len(rows(text)) for _, text in files) == len([i for i in items if i.kind is not ItemKind.FLASHCARD])


def test_nothing_to_export_is_an_error():
    with pytest.raises(ExportError):
        to_blackboard([i for i in make_items() if i.kind is ItemKind.FLASHCARD])


def test_quizlet_writes_forward_flashcards_as_term_tab_definition():
    fwd = _item(ItemKind.FLASHCARD, "t1", "bone", "hyper\tcalcemia", ["too much\ncalcium"],
                extra={"front": "hyper\tcalcemia", "back": "too much\ncalcium " + NASTY})
    rev = _item(ItemKind.FLASHCARD, "t1", "bone", "too much calcium", ["hypercalcemia"], variant=1)
    rev = rev.__class__(**{**rev.__dict__, "card": "t1:reverse"})
    got = rows(to_quizlet([fwd, rev] + make_items()))
    assert got[0] == ["hyper calcemia", flat("too much calcium " + NASTY)]
    assert all(len(r) == 2 for r in got)
    assert ["too much calcium", "hypercalcemia"] not in got


def test_quizlet_without_flashcards_is_an_error():
    with pytest.raises(ExportError, match="no flashcards"):
        to_quizlet([i for i in make_items() if i.kind is not ItemKind.FLASHCARD])


def test_fill_in_answers_are_stored_as_typed():
    """Blackboard compares FIB answers with the typing: an HTML-escaped key
    ('gown &amp; gloves') marked the right answer wrong."""
    item = _item(ItemKind.CLOZE, "ppe", "bone", "Wear a <b>_____</b>.", ["gown & gloves", "gown and gloves"])
    (r,) = rows(to_blackboard([item]))
    assert r == ["FIB", "Wear a &lt;b&gt;_____&lt;/b&gt;.", "gown & gloves", "gown and gloves"]
