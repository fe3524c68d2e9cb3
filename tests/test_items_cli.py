"""``factdrill items`` and ``factdrill preview`` through click's CliRunner, on the flagship deck."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdrill.cli import cli
from factdrill.study.grading import InvalidResponse, grade, key_response
from factdrill.generators.items import Item, ItemKind, Option

DECK = "breast-cancer-metastasis"


def run(*args: str, **env: str):
    return CliRunner().invoke(cli, list(args), env={"NO_COLOR": None, "COLUMNS": "80", **env})


@pytest.fixture(scope="module")
def json_lines() -> list[str]:
    result = run("items", "--json", "--seed", "7")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def item_from(d: dict) -> Item:
    """Rebuild an Item from its --json line (the interface other tools read)."""
    d = dict(d)
    d.pop("correct")
    d["kind"] = ItemKind(d["kind"])
    d["options"] = tuple(Option(**o) for o in d["options"])
    for key in ("answers", "fact_ids", "sources", "tags"):
        d[key] = tuple(d[key])
    return Item(**d)


# -- items --json -------------------------------------------------------------------


def test_json_lines_are_the_generated_items_as_dataclass_dicts(json_lines):
    # the contract from before items were streamed: asdict() of each item of a
    # fresh generation, with the kind's value and the correct options' indexes
    from dataclasses import asdict

    from factdrill.deck.loader import load_deck, resolve_deck
    from factdrill.generators import generate

    def as_dict(it):
        d = {**asdict(it), "kind": it.kind.value, "correct": it.correct_options}
        if it.extra.get("steps"):  # a case's items, each in this same form
            d["extra"]["steps"] = [as_dict(s) for s in it.extra["steps"]]
        return d

    items = generate(load_deck(resolve_deck(DECK)), seed=7)
    expected = [json.dumps(as_dict(it), sort_keys=True, ensure_ascii=False) for it in items]
    assert json_lines == expected


def test_json_is_one_sorted_object_per_line_with_every_field(json_lines):
    assert len(json_lines) > 100
    first = json.loads(json_lines[0])
    for field in ("id", "kind", "card", "deck", "prompt", "answers", "explanation", "fact_ids",
                  "sources", "topic", "tags", "nclex", "options", "extra", "correct"):
        assert field in first
    for line in json_lines:
        obj = json.loads(line)
        assert json.dumps(obj, sort_keys=True, ensure_ascii=False) == line
        assert obj["deck"] == DECK


def test_json_is_byte_identical_for_the_same_seed(json_lines):
    again = run("items", "--json", "--seed", "7")
    assert again.stdout.splitlines() == json_lines


def test_another_seed_changes_option_order_but_not_ids(json_lines):
    other = run("items", "--json", "--seed", "8").stdout.splitlines()
    assert other != json_lines
    assert [json.loads(x)["id"] for x in other] == [json.loads(x)["id"] for x in json_lines]


def test_default_deck_and_named_deck_are_the_same(json_lines):
    assert run("items", DECK, "--json", "--seed", "7").stdout.splitlines() == json_lines


def test_every_json_item_grades_full_marks_with_its_key(json_lines):
    """The --json contract carries enough to grade: key answers score 1.0, others less."""
    kinds = Counter()
    for line in json_lines:
        item = item_from(json.loads(line))
        kinds[item.kind] += 1
        assert grade(item, key_response(item)).score == 1.0, item.id
        if item.kind in (ItemKind.MCQ, ItemKind.SCENARIO, ItemKind.NUMERIC_MCQ, ItemKind.TRUE_FALSE):
            wrong = next(i for i, o in enumerate(item.options) if not o.correct)
            g = grade(item, "abcdefgh"[wrong])
            assert not g.correct and g.wrong_chosen == (wrong,)
    assert len(kinds) >= 8, kinds


@pytest.fixture(scope="module")
def flagship_items(json_lines) -> list[Item]:
    return [item_from(json.loads(line)) for line in json_lines]


RESPONSES = st.one_of(
    st.text(max_size=20),
    st.from_regex(r"[a-g][ ,]?[a-g]?[ ,]?[a-g]?[ ,]?[a-g]?", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,3}(\.[0-9])?(-[0-9]{1,3})?%?", fullmatch=True),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_responses_to_flagship_items_grade_or_ask_again(flagship_items, data):
    item = data.draw(st.sampled_from(flagship_items))
    response = data.draw(RESPONSES)
    try:
        g = grade(item, response)
    except InvalidResponse as err:
        assert str(err) and "\n" not in str(err)
        return
    assert 0.0 <= g.score <= 1.0 and g.correct == (g.score == 1.0)
    several = item.kind in (ItemKind.SATA, ItemKind.HIGHLIGHT)  # select all that apply, scored +/-
    if item.options and not several:
        assert g.correct == item.options[g.chosen[0]].correct
    if several:
        assert g.correct == (set(g.chosen) == set(item.correct_options))


def test_kind_filter_is_repeatable(json_lines):
    result = run("items", "--json", "--seed", "7", "--kind", "sata", "--kind", "ordering")
    assert result.exit_code == 0
    kinds = {json.loads(x)["kind"] for x in result.stdout.splitlines()}
    assert kinds == {"sata", "ordering"}
    expected = [x for x in json_lines if json.loads(x)["kind"] in kinds]
    assert result.stdout.splitlines() == expected  # filtering never changes the items


def test_topic_and_fact_filters():
    result = run("items", "--json", "--topic", "liver")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines and all(json.loads(x)["topic"] == "liver" for x in lines)
    fact = json.loads(lines[0])["fact_ids"][0]
    only = run("items", "--json", "--fact", fact).stdout.splitlines()
    assert only and all(fact in json.loads(x)["fact_ids"] for x in only)


def test_unknown_topic_or_fact_is_a_one_line_usage_error():
    result = run("items", "--topic", "kidney")
    assert result.exit_code == 2
    assert "no topic 'kidney'" in result.stderr and "liver" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    result = run("items", "--fact", "no-such-fact")
    assert result.exit_code == 2 and "no fact 'no-such-fact'" in result.stderr


def test_unknown_kind_is_rejected_by_click():
    result = run("items", "--kind", "essay")
    assert result.exit_code == 2 and "essay" in result.stderr


# -- human listing ------------------------------------------------------------------


def test_listing_is_one_line_per_item_within_80_columns(json_lines):
    result = run("items", "--seed", "7")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(json_lines)
    assert max(len(x) for x in lines) <= 80
    first = json.loads(json_lines[0])
    assert lines[0].split()[:2] == [first["id"], first["fact_ids"][0]]
    assert first["id"].startswith(first["kind"])
    assert f"{len(lines)} items (" in result.stderr


def test_wide_terminals_and_pipes_get_whole_questions(json_lines):
    """At 160 columns questions were cut to about 32 characters."""
    wide = run("items", "--seed", "7", COLUMNS="160").stdout.splitlines()
    assert max(len(x) for x in wide) > 100 and all(len(x) <= 160 for x in wide)
    piped = CliRunner().invoke(cli, ["items", "--seed", "7"], env={"COLUMNS": None}).stdout.splitlines()
    longest = max(json.loads(line)["prompt"] for line in json_lines)
    assert not any(line.endswith("...") for line in piped) and len(piped) == len(json_lines)
    assert any(" ".join(longest.split()) in line for line in piped)


def test_listing_says_when_nothing_matches(tmp_path):
    deck = tmp_path / "tiny.yaml"
    deck.write_text(
        "id: tiny\ntitle: Tiny\nsources:\n  s: {title: A source, year: 2020}\n"
        "topics:\n  - {id: t, title: T}\n"
        "facts:\n  - id: bone-term\n    kind: term\n    topic: t\n    sources: [s]\n"
        "    term: osteolysis\n    definition: destruction of bone tissue\n",
        encoding="utf-8",
    )
    result = run("items", str(deck), "--kind", "ordering")
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "No items match." in result.stderr


# -- bad decks ----------------------------------------------------------------------


def test_broken_deck_is_a_one_line_error_exit_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: [unclosed\n", encoding="utf-8")
    for command in ("items", "preview"):
        result = run(command, str(bad))
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1
        assert "bad.yaml" in result.stderr and "Traceback" not in result.stderr
        assert isinstance(result.exception, SystemExit)  # a clean exit, not a crash


def test_missing_deck_is_a_one_line_error():
    result = run("items", "no-such-deck")
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "no-such-deck" in result.stderr
    assert "Traceback" not in result.stderr


# -- preview ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def preview_text() -> str:
    result = run("preview")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_preview_of_the_flagship_deck_fits_80_columns_without_colour(preview_text, json_lines):
    lines = preview_text.splitlines()
    assert max(len(x) for x in lines) <= 80
    assert "\x1b" not in preview_text
    assert preview_text.count("-" * 80 + "\n") == len(json_lines) - 1


def test_preview_shows_question_answer_rationale_and_source(preview_text):
    blocks = preview_text.split("-" * 80 + "\n")
    sata = next(b for b in blocks if b.startswith("[sata-"))  # the header names the item id
    assert "Select all that apply" in " ".join(sata.split())  # wrapped prompt
    assert "a c d / acd / a,c,d" in sata
    assert "Correct choices: " in sata and "[correct]" in sata
    assert "Source: " in sata
    matching = next(b for b in blocks if b.startswith("[matching-"))
    assert re.search(r"^1\. ", matching, re.M) and "one letter per number" in matching
    assert "Answer: " in matching


def test_preview_filters_by_fact_and_kind():
    items = [json.loads(x) for x in run("items", "--json").stdout.splitlines()]
    target = next(i for i in items if i["kind"] == "numeric")
    fact = target["fact_ids"][0]
    result = run("preview", "--fact", fact, "--kind", "numeric")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"[{target['id']}] {target['topic']} / {fact}")
    assert "Type a number" in result.stdout and f"Answer: {target['answers'][0]}" in result.stdout


def test_preview_ignores_a_tty_guess_when_no_color_is_set():
    result = run("preview", "--kind", "sata", NO_COLOR="1")
    assert result.exit_code == 0 and "\x1b" not in result.stdout



def test_json_is_byte_identical_across_processes_and_hash_seeds():
    """Set/dict order must not leak into the output: two interpreters, two hash seeds."""
    import os
    import subprocess
    import sys

    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        proc = subprocess.run(
            [sys.executable, "-m", "factdrill", "items", "--json", "--seed", "3"],
            capture_output=True, env=env, check=True, timeout=120,
        )
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") > 100


def test_json_of_an_unchanged_deck_is_not_serialised_again_and_an_edit_redoes_its_facts(tmp_path, monkeypatch):
    import shutil

    from factdrill.commands import items as items_cmd
    from factdrill.deck.loader import load_deck, resolve_deck
    from factdrill.generators import filescan, generate

    monkeypatch.setattr(filescan, "RACY_NS", 0)  # trust signatures: the edit changes the size
    deck = tmp_path / DECK
    shutil.copytree(resolve_deck(DECK), deck)
    rendered: list[int] = []
    real = items_cmd._json_lines

    def counting(items):
        rendered.append(len(items))
        return real(items)

    monkeypatch.setattr(items_cmd, "_json_lines", counting)

    def json_run() -> str:
        rendered.clear()
        result = run("items", str(deck), "--json")
        assert result.exit_code == 0, result.output
        return result.stdout

    first = json_run()
    facts = len(rendered)
    assert facts > 50
    assert json_run() == first and rendered == []  # the kept texts, byte for byte
    bone = deck / "bone.yaml"
    text = bone.read_text(encoding="utf-8")
    assert "who have bone\n" in text
    bone.write_text(text.replace("who have bone\n", "who have osseous\n", 1), encoding="utf-8")
    edited = json_run()
    assert 0 < len(rendered) < facts
    assert edited != first
    assert edited == real(generate(load_deck(deck)))  # what a fresh generation writes
