"""Bounds in ``check``: what one deck value may hold, with a clear error.

Each refusal names file:line:col and what to do; every command refuses the
same deck in one line. Within the bounds, generation is linear in the size
of one fact (no item repeats a whole long list).
"""

from __future__ import annotations

import json

import pytest

from factdrill.deck.loader import check_deck
from hostile.cli import invoke
from hostile import builders as b


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")




def errors(path) -> list[str]:
    deck, problems = check_deck(path)
    assert deck is None
    return [str(p) for p in problems if p.is_error]


def refused_everywhere(path, out, needle: str) -> None:
    """Every deck command refuses ``path`` in one Error: line holding ``needle``."""
    for args in (("items", path), ("preview", path), ("drill", path), ("export", "anki", path, "-o", out),
                 ("export", "gift", path), ("export", "qti", path, "-o", out / "q.zip"), ("sheet", path)):
        result = invoke(*args, input="q\n")
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code != 0 and len(lines) == 1, (args, result.output[:500])
        assert lines[0].startswith("Error: ") and needle in lines[0], (args, lines[0][:300])


# ------------------------------------------------------------------ ids


@pytest.mark.parametrize("where", ["deck", "topic", "fact", "source", "tag"])
def test_ids_longer_than_64_characters_are_refused(tmp_path, where):
    long = "a" * 300
    text = b.deck()
    text = {
        "deck": text.replace("id: hostile", f"id: {long}"),
        "topic": text.replace("id: bone", f"id: {long}").replace("topic: bone", f"topic: {long}"),
        "fact": text.replace("id: t1", f"id: {long}"),
        "source": text.replace("  ref:\n", f"  {long}:\n").replace("[ref]", f"[{long}]"),
        "tag": text.replace("    sources: [ref]\n", f"    sources: [ref]\n    tags: [{long}]\n", 1),
    }[where]
    path = b.write(tmp_path, "long.yaml", text)
    found = errors(path)
    assert any("is 300 characters long; at most 64 are allowed" in e for e in found), found


def test_a_300_character_deck_id_gives_one_line_not_a_traceback(tmp_path):
    path = b.write(tmp_path, "long.yaml", b.deck(deck_id="d" * 300))
    refused_everywhere(path, tmp_path / "out", "at most 64")


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize("value", ["1.0e+308", "-1.0e+308", "[1, 1.0e+300]", "1.0e+13", "123456789012345"])
def test_numbers_too_large_to_generate_from_are_refused(tmp_path, value):
    path = b.write(tmp_path, "big-number.yaml", b.deck(b.TERMS + b.statistic(value, unit="cells")))
    found = errors(path)
    assert any("too large: numbers must lie between" in e for e in found), found
    refused_everywhere(path, tmp_path / "out", "too large")


@pytest.mark.parametrize("tolerance", ["1.0e+308", "5.0e+12"])
def test_tolerances_are_bounded_too(tmp_path, tolerance):
    path = b.write(tmp_path, "tol.yaml", b.deck(b.TERMS + b.statistic("41", tolerance=tolerance)))
    assert any("too large" in e for e in errors(path))


@pytest.mark.parametrize("value", ["1.0e-9", "0.0000001", "-5.0e-324"])
def test_numbers_too_small_to_print_are_refused(tmp_path, value):
    path = b.write(tmp_path, "tiny.yaml", b.deck(b.TERMS + b.statistic(value, unit="grams")))
    assert any("too small to print" in e for e in errors(path))


@pytest.mark.parametrize("value", ["-5", "150", "[90, 120]"])
def test_percentages_outside_0_to_100_are_warned_about(tmp_path, value):
    path = b.write(tmp_path, "pct.yaml", b.deck(b.TERMS + b.statistic(value)))
    result = invoke("check", path)
    assert result.exit_code == 0, result.output
    assert "outside 0-100%" in result.output
    assert invoke("check", "--strict", path).exit_code == 1


# ------------------------------------------------------------------ the size of one fact


@pytest.mark.parametrize(
    "build, needle",
    [
        (b.write_huge_set, "has 100,000 entries; at most 100"),
        (b.write_huge_mapping, "has 20,000 pairs; at most 100"),
        (b.write_many_gaps, "has 300 {{gaps}}; at most 20"),
        (lambda folder: b.write_long_ranking(folder, 1_000), "has 1,000 entries; at most 100"),
        (b.write_big_field, "is 15,000,000 characters long; at most 5,000"),
    ],
    ids=["set-100k", "mapping-20k", "gaps-300", "ranking-1000", "field-15MB"],
)
def test_facts_too_big_to_generate_from_are_refused(tmp_path, build, needle):
    path = build(tmp_path)
    found = errors(path)
    assert any(needle in e for e in found), found
    refused_everywhere(path, tmp_path / "out", needle.split("; ")[-1])


@pytest.mark.parametrize("key, n", [("aliases", 21), ("false_variants", 21), ("non_members", 101)])
def test_other_lists_are_bounded(tmp_path, key, n):
    entries = "".join(f"      - entry {i}\n" for i in range(n))
    kind = {"aliases": "term", "false_variants": "statement", "non_members": "set"}[key]
    body = {
        "term": "    term: x\n    definition: y\n",
        "statement": "    text: The sky is blue.\n",
        "set": "    name: s\n    members: [a, b]\n",
    }[kind]
    fact = f"  - id: big\n    kind: {kind}\n    topic: bone\n{body}    {key}:\n{entries}    sources: [ref]\n"
    path = b.write(tmp_path, "list.yaml", b.deck(b.TERMS + fact))
    assert any(f"has {n} entries; at most" in e for e in errors(path))


def test_an_entry_longer_than_300_characters_is_refused(tmp_path):
    fact = "  - id: s\n    kind: set\n    topic: bone\n    name: s\n    members: [a, " + "b" * 301 + "]\n    sources: [ref]\n"
    found = errors(b.write(tmp_path, "entry.yaml", b.deck(b.TERMS + fact)))
    assert any("is 301 characters long; at most 300" in e for e in found), found


def _items_json_size(n: int) -> int:
    from factdrill.deck.facts import Deck, FactSet, Mapping, Ranking, Source, Topic
    from factdrill.generators import generate

    facts = (
        Mapping(id="m", topic="t", sources=("r",), name="drug purposes", left="drug", right="purpose",
                pairs=tuple((f"drug {i}", f"purpose {i}") for i in range(n))),
        FactSet(id="s", topic="t", sources=("r",), name="signs", members=tuple(f"member {i}" for i in range(n)),
                non_members=("x", "y", "z")),
        Ranking(id="r", topic="t", sources=("r",), name="sites", items=tuple(f"site {i}" for i in range(n))),
    )
    deck = Deck(id="d", title="D", topics=(Topic(id="t", title="T"),), sources={"r": Source(key="r", title="R")},
                facts=facts)
    return sum(len(json.dumps(i.to_dict())) for i in generate(deck, seed=0))


def test_generation_is_linear_in_the_size_of_one_fact():
    # Items used to quote the whole list each: 4,000 pairs gave 2.1 GB of JSON.
    small, large = _items_json_size(400), _items_json_size(1600)
    assert large < 4.6 * small, (small, large)


# ------------------------------------------------------------------ YAML


@pytest.mark.parametrize(
    "field, value, tag",
    [
        ("reverse", "!!bool maybe", "!!bool"),
        ("definition", "!!timestamp not-a-date", "!!timestamp"),
        ("definition", "!!timestamp 2024-13-45", "!!timestamp"),
        ("definition", "!!int abc", "!!int"),
        ("definition", "!!float twelve", "!!float"),
        ("definition", "!!null something", "!!null"),
    ],
)
def test_explicit_tags_must_match_their_values(tmp_path, field, value, tag):
    text = b.deck().replace("    definition: breakdown of bone tissue\n",
                            f"    definition: breakdown of bone tissue\n    reverse: true\n", 1)
    text = text.replace(f"    {field}: " + ("true" if field == "reverse" else "breakdown of bone tissue"),
                        f"    {field}: {value}", 1)
    found = errors(b.write(tmp_path, "tags.yaml", text))
    assert any(f"is not a valid {tag} value" in e for e in found), found


@pytest.mark.parametrize("build", [b.write_alias_text_bomb, b.write_alias_list_bomb, b.write_merge_bomb],
                         ids=["anchored-text", "anchored-list", "merge-key"])
def test_aliases_that_repeat_megabytes_of_text_are_refused(tmp_path, build):
    path = build(tmp_path)
    found = errors(path)
    assert any("would repeat more than 1,000,000 characters" in e for e in found), found[:3]


# ------------------------------------------------------------------ control characters


@pytest.mark.parametrize("escape", ["\\0", "\\e[2J", "\\x9b", "\\x7f", "\\x1f"])
def test_control_characters_in_deck_text_are_replaced_and_reported(tmp_path, escape):
    text = b.deck().replace("definition: breakdown of bone tissue", f'definition: "breakdown {escape} of bone"')
    path = b.write(tmp_path, "ctl.yaml", text)
    result = invoke("check", path)
    assert result.exit_code == 0 and "control character" in result.output, result.output
    bad = [chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]] + ["\ud800"]
    outputs = {
        "gift": invoke("export", "gift", path, "-o", tmp_path / "q.gift"),
        "csv": invoke("export", "csv", path, "-o", tmp_path),
        "sheet-html": invoke("sheet", path, "-o", tmp_path / "s.html"),
        "sheet-md": invoke("sheet", path, "-o", tmp_path / "s.md"),
        "exam": invoke("exam", path, "--items", "2", "--kinds", "mcq", "-o", tmp_path / "exam"),
    }
    assert all(r.exit_code == 0 for r in outputs.values()), {k: r.output for k, r in outputs.items()}
    files = [tmp_path / "q.gift", tmp_path / "hostile.tsv", tmp_path / "s.html", tmp_path / "s.md",
             *(tmp_path / "exam").iterdir()]
    for f in files:
        text = f.read_text(encoding="utf-8", errors="surrogateescape")
        assert not [c for c in text if c in bad and c != "\n"], f.name
