"""The deck loader: valid decks become the right dataclasses; every broken deck
is reported at the exact file, line and column, and no input makes it raise."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdrill.errors import DeckError
from factdrill.deck.facts import FactKind, FactSet, Mapping, Ranking, Statement, Statistic, Term
from factdrill.deck.loader import (
    DEFAULT_DECK,
    DeckNotFound,
    Problem,
    check_deck,
    decks_dir,
    find_decks,
    load_deck,
    resolve_deck,
)

CORPUS = Path(__file__).parent / "broken_decks"
REPO_DECKS = Path(__file__).parents[1] / "decks"
EXPECT = "# expect: "

HEAD = """\
id: tiny
title: Tiny deck
sources:
  ref:
    title: A reference
    year: 2013
topics:
  - id: bone
    title: Bone
facts:
"""

ALL_KINDS = (
    HEAD
    + """\
  - id: osteolysis
    kind: term
    topic: bone
    term: osteolysis
    aliases: [bone breakdown]
    definition: breakdown of bone tissue by cancer cells
    sources: [ref]
    explanation: Metastases in bone can dissolve it.
  - id: first-site-bone
    kind: statistic
    topic: bone
    measure: share of first distant metastases that were in bone
    value: 41
    unit: "%"
    tolerance: 2
    sources: [ref]
    explanation: Bone was the most common first site.
  - id: lung-range
    kind: statistic
    topic: bone
    measure: share that spread to the lung
    value: [10, 15]
    unit: "%"
    approximate: true
    sources: [ref]
    explanation: A range from several studies.
  - id: bone-signs
    kind: set
    topic: bone
    name: signs of bone metastases
    members: [bone pain, fracture, high calcium]
    non_members: [seizures]
    complete: false
    signs_of: bone metastases
    sources: [ref]
    explanation: Pain is the most common sign.
    tags: [symptoms]
    nclex: physiological-adaptation
  - id: bone-drugs
    kind: mapping
    topic: bone
    name: bone drug brands
    left: brand name
    right: generic name
    pairs:
      Zometa: zoledronic acid
      Xgeva: denosumab
    sources: [ref]
    explanation: Both protect bone.
  - id: first-sites
    kind: ranking
    topic: bone
    name: first sites of spread
    order: most common first
    items: [bone, lung, liver]
    sources: [ref]
    explanation: In the 2013 study.
  - id: still-breast
    kind: statement
    topic: bone
    text: A tumour seeded in bone is made of {{breast::tissue of origin}} cancer cells.
    false_variants: [Breast cancer that spreads to bone turns into bone cancer.]
    sources: [ref]
    explanation: It is named for where it started.
"""
)


def write(tmp: Path, name: str, text: str | bytes) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def errors(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems if p.is_error]


# -- the broken-deck corpus ---------------------------------------------------


def corpus_cases() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.name != "folder_no_deck_yaml")


def expectations(entry: Path) -> set[str]:
    """``# expect: LINE:COL: error: MESSAGE`` header lines of each file, as full problem lines."""
    files = [entry] if entry.is_file() else sorted(entry.glob("*.yaml"))
    out = set()
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.startswith(EXPECT):
                break
            out.add(f"{f.relative_to(CORPUS)}:{line[len(EXPECT) :]}")
    return out


def test_corpus_is_big_enough():
    assert len(corpus_cases()) >= 25
    assert sum(len(expectations(CORPUS / c)) for c in corpus_cases()) >= 25


@pytest.mark.parametrize("case", corpus_cases())
def test_broken_deck_reports_exact_location_and_message(case, monkeypatch):
    monkeypatch.chdir(CORPUS)
    expected = expectations(Path(case).resolve())
    assert expected, f"{case} has no '# expect:' header"
    deck, problems = check_deck(case)
    assert deck is None
    assert set(errors(problems)) == expected
    assert not any("internal error" in p.message for p in problems)


def test_folder_without_deck_yaml(monkeypatch):
    monkeypatch.chdir(CORPUS)
    deck, problems = check_deck("folder_no_deck_yaml")
    assert deck is None
    assert errors(problems) == [
        "folder_no_deck_yaml:1:1: error: folder deck has no deck.yaml; create "
        "folder_no_deck_yaml/deck.yaml with the deck's 'id:' and 'title:'"
    ]


# -- valid decks ---------------------------------------------------------------


def test_every_kind_loads_into_its_dataclass(tmp_path):
    deck = load_deck(write(tmp_path, "tiny.yaml", ALL_KINDS))
    assert (deck.id, deck.title) == ("tiny", "Tiny deck")
    assert deck.sources["ref"].year == 2013
    assert [t.id for t in deck.topics] == ["bone"]
    kinds = {f.id: type(f) for f in deck.facts}
    assert kinds == {
        "osteolysis": Term,
        "first-site-bone": Statistic,
        "lung-range": Statistic,
        "bone-signs": FactSet,
        "bone-drugs": Mapping,
        "first-sites": Ranking,
        "still-breast": Statement,
    }
    term = deck.fact("osteolysis")
    assert term.aliases == ("bone breakdown",) and term.reverse is True
    stat = deck.fact("first-site-bone")
    assert (stat.value, stat.high, stat.unit, stat.tolerance) == (41.0, None, "%", 2.0)
    assert stat.format_value() == "41%"
    rng = deck.fact("lung-range")
    assert (rng.value, rng.high, rng.approximate) == (10.0, 15.0, True)
    assert rng.format_value() == "10-15%"
    fset = deck.fact("bone-signs")
    assert fset.members == ("bone pain", "fracture", "high calcium")
    assert (fset.non_members, fset.complete, fset.signs_of) == (
        ("seizures",),
        False,
        "bone metastases",
    )
    assert (fset.tags, fset.nclex) == (("symptoms",), "physiological-adaptation")
    mapping = deck.fact("bone-drugs")
    assert mapping.pairs == (("Zometa", "zoledronic acid"), ("Xgeva", "denosumab"))
    assert deck.fact("first-sites").items == ("bone", "lung", "liver")
    statement = deck.fact("still-breast")
    assert statement.gaps[0].answers == ("breast",)
    assert statement.false_variants == (
        "Breast cancer that spreads to bone turns into bone cancer.",
    )
    assert len(deck.facts_of(FactKind.STATISTIC)) == 2


def test_facts_remember_where_they_were_written(tmp_path):
    path = write(tmp_path, "tiny.yaml", ALL_KINDS)
    deck = load_deck(path)
    loc = deck.fact("osteolysis").loc
    assert (loc.file, loc.line, loc.col) == (str(path), 11, 5)


def test_folder_deck_reads_files_in_name_order_and_checks_across_files(tmp_path):
    folder = tmp_path / "two-part"
    write(
        folder,
        "deck.yaml",
        HEAD + "  - id: in-deck-file\n    kind: ranking\n    topic: bone\n"
        "    name: n\n    items: [a, b]\n    sources: [ref]\n    explanation: e\n",
    )
    write(
        folder,
        "a-first.yaml",
        "facts:\n  - id: from-a\n    kind: set\n    topic: bone\n"
        "    name: n\n    members: [x]\n    sources: [ref]\n    explanation: e\n",
    )
    write(
        folder,
        "z-last.yaml",
        "facts:\n  - id: from-z\n    kind: statement\n    topic: bone\n"
        "    text: t\n    sources: [ref]\n    explanation: e\n",
    )
    deck = load_deck(folder)
    assert [f.id for f in deck.facts] == ["from-a", "in-deck-file", "from-z"]
    assert deck.path == str(folder)
    # A file of the folder means the whole folder deck.
    assert load_deck(folder / "z-last.yaml").content_hash == deck.content_hash


def test_content_hash_changes_with_any_edit(tmp_path):
    path = write(tmp_path, "tiny.yaml", ALL_KINDS)
    first = load_deck(path).content_hash
    assert load_deck(path).content_hash == first
    path.write_text(
        ALL_KINDS.replace("Both protect bone.", "Both protect bones."), encoding="utf-8"
    )
    assert load_deck(path).content_hash != first


def test_anchors_aliases_and_merge_keys_work(tmp_path):
    text = HEAD + (
        "  - &base\n    id: one\n    kind: set\n    topic: bone\n    name: n\n"
        "    members: [a]\n    sources: [ref]\n    explanation: e\n"
        "  - <<: *base\n    id: two\n    members: [b]\n"
    )
    deck = load_deck(write(tmp_path, "merge.yaml", text))
    assert [(f.id, f.members) for f in deck.facts] == [("one", ("a",)), ("two", ("b",))]


def test_plain_scalars_in_text_fields_keep_what_was_written(tmp_path):
    text = ALL_KINDS.replace("title: Tiny deck", "title: Tiny deck\nversion: 1.10").replace(
        "items: [bone, lung, liver]", "items: [4, yes, 1.50]"
    )
    deck = load_deck(write(tmp_path, "tiny.yaml", text))
    assert deck.version == "1.10"
    assert deck.fact("first-sites").items == ("4", "yes", "1.50")


def test_warnings_do_not_stop_loading(tmp_path):
    text = (
        HEAD.replace("facts:\n", "").replace(
            "topics:", "  unused:\n    title: Never cited\ntopics:"
        )
        + "facts:\n  - id: bare\n    kind: statement\n    topic: bone\n"
        + "    text: t\n    sources: [ref]\n"
    )
    path = write(tmp_path, "warn.yaml", text)
    deck, problems = check_deck(path)
    assert deck is not None
    assert [str(p) for p in problems] == [
        f"{path}:7:3: warning: source 'unused' is declared but no fact cites it; "
        "cite it or remove it",
        f"{path}:13:5: warning: fact 'bare' has no explanation; add 'explanation:' with the "
        "rationale a student sees after answering",
    ]


def test_load_deck_raises_deck_error_naming_the_first_problem(tmp_path):
    path = write(tmp_path, "bad.yaml", HEAD.replace("title: Tiny deck\n", "") + "  - id: BAD\n")
    with pytest.raises(DeckError) as info:
        load_deck(path)
    message = str(info.value)
    assert message.startswith(f"{path}:1:1: error: the deck is missing 'title'")
    assert "more; run 'factdrill check' for all" in message
    assert all(p.is_error for p in info.value.problems)


def test_problems_are_sorted_by_line(tmp_path):
    text = HEAD + "  - id: A\n    kind: nope\n    topic: nowhere\n    sources: [none]\n"
    _, problems = check_deck(write(tmp_path, "many.yaml", text))
    lines = [p.loc.line for p in problems]
    assert lines == sorted(lines) and len(lines) >= 4


# -- hostile and odd input -------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("empty.yaml", b"", "1:1: error: file is empty; a deck needs at least 'id:' and 'title:'"),
        (
            "comments.yaml",
            b"# nothing\n\n",
            "1:1: error: file is empty; a deck needs at least 'id:' and 'title:'",
        ),
        (
            "binary.yaml",
            b"id: x\n\x89PNG\x00\x01",
            "2:5: error: binary file, not YAML text (NUL byte here); a deck is a UTF-8 text file",
        ),
        (
            "latin1.yaml",
            "id: x\ntitle: caf\xe9\n".encode("latin-1"),
            "2:11: error: file is not UTF-8 text (byte 0xe9 here); save it with UTF-8 encoding",
        ),
        (
            "control.yaml",
            b"id: x\ntitle: a\x07b\n",
            "2:9: error: character U+0007 is not allowed in YAML; "
            "delete it or write it as an escape in a double-quoted string",
        ),
        (
            "scalar.yaml",
            b"just some text\n",
            "1:1: error: the top of a deck file must be a mapping of keys "
            "like 'id:' and 'title:', not 'just some text'",
        ),
    ],
)
def test_unusable_files_give_one_line(tmp_path, name, data, expected):
    path = write(tmp_path, name, data)
    deck, problems = check_deck(path)
    assert deck is None
    assert errors(problems) == [f"{path}:{expected}"]


def test_missing_path_is_a_problem_not_an_exception(tmp_path):
    deck, problems = check_deck(tmp_path / "nope.yaml")
    assert deck is None
    assert errors(problems) == [
        f"{tmp_path / 'nope.yaml'}:1:1: error: no such file or folder; give a deck file or folder"
    ]


def billion_laughs(levels: int = 9) -> str:
    lines = ["lol0: &lol0 [" + ", ".join(["lol"] * 10) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly(tmp_path):
    path = write(tmp_path, "bomb.yaml", billion_laughs())
    start = time.perf_counter()
    deck, problems = check_deck(path)
    elapsed = time.perf_counter() - start
    assert deck is None
    assert "(a 'YAML bomb'); refused" in errors(problems)[0]
    assert elapsed < 0.5, f"took {elapsed:.2f}s"


def test_bomb_hidden_in_a_fact_field_is_refused(tmp_path):
    text = billion_laughs(6).replace("lol", "x") + ALL_KINDS.replace(
        "members: [bone pain, fracture, high calcium]",
        "members: [*x6, *x6, *x6, *x6, *x6, *x6, *x6, *x6]",
    )
    deck, problems = check_deck(write(tmp_path, "bomb2.yaml", text))
    assert deck is None and "YAML bomb" in errors(problems)[0]


def test_moderate_alias_reuse_is_fine(tmp_path):
    text = ALL_KINDS.replace("sources: [ref]", "sources: &src [ref]", 1).replace(
        "sources: [ref]", "sources: *src"
    )
    assert len(load_deck(write(tmp_path, "reuse.yaml", text)).facts) == 7


def test_recursive_alias_is_refused(tmp_path):
    deck, problems = check_deck(write(tmp_path, "loop.yaml", "id: &a [x, *a]\n"))
    assert deck is None
    assert "recursive alias" in errors(problems)[0]


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "a: " + "{b: " * 3000 + "c" + "}" * 3000 + "\n",
        "a:\n" + "".join(" " * (i + 1) + "b:\n" for i in range(2000)),
    ],
    ids=["flow-lists", "flow-maps", "block"],
)
def test_deep_nesting_is_refused(tmp_path, text):
    deck, problems = check_deck(write(tmp_path, "deep.yaml", text))
    assert deck is None
    assert "nesting is too deep" in errors(problems)[0]


def test_ten_megabyte_string_is_refused_with_its_size(tmp_path):
    # A field this size made preview, gift, qti and sheet take a minute: fields are bounded.
    text = ALL_KINDS.replace("description", "x").replace(
        "title: Tiny deck", "title: Tiny deck\ndescription: '" + "a" * 10_000_000 + "'"
    )
    start = time.perf_counter()
    deck, problems = check_deck(write(tmp_path, "big.yaml", text))
    assert deck is None
    assert "'description' of the deck is 10,000,000 characters long; at most 5,000" in errors(problems)[0]
    assert time.perf_counter() - start < 5


def test_file_over_20_mb_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(21 * 1024 * 1024)
    deck, problems = check_deck(path)
    assert errors(problems) == [
        f"{path}:1:1: error: file is 21 MB, more than the 20 MB a deck file may have; "
        "split it into several files of a folder deck"
    ]


def test_numbers_too_big_for_a_float_are_not_numbers(tmp_path):
    text = ALL_KINDS.replace("value: 41", "value: " + "9" * 5000)
    deck, problems = check_deck(write(tmp_path, "huge-number.yaml", text))
    assert deck is None
    assert "'value' of fact 'first-site-bone' must be a finite number" in errors(problems)[0]


def test_braces_in_deck_text_do_not_break_messages(tmp_path):
    text = ALL_KINDS.replace("items: [bone, lung, liver]", "items: ['{value}', '{VALUE}']")
    _, problems = check_deck(write(tmp_path, "braces.yaml", text))
    assert any("'{VALUE}' is listed twice" in p.message for p in problems)


# Fragments that exercise every branch of the reader: YAML syntax, aliases,
# tags, merge keys, gap markup, numbers and the deck's own keywords.
FRAGMENTS = [
    "id: ",
    "title: ",
    "kind: ",
    "term",
    "set",
    "statistic",
    "mapping",
    "ranking",
    "statement",
    "facts:",
    "sources:",
    "topics:",
    "members: ",
    "value: ",
    "pairs:",
    "items: ",
    "text: ",
    "- ",
    "  ",
    "    ",
    "\n",
    "\t",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "'",
    '"',
    "#",
    "|",
    ">-",
    "&a ",
    "*a",
    "<<: ",
    "!!str ",
    "!!python/object ",
    "!x ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "{{",
    "}}",
    "::",
    "41",
    "-1",
    "1e999",
    ".nan",
    "0x1F",
    "true",
    "null",
    "~",
    "2013-01-01",
    "\x00",
    "\ufeff",
    "é",
    "ref",
    "bone",
    "x",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join).map(str.encode),
    )
)
def test_fuzz_random_input_never_raises(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yaml"
        path.write_bytes(data)
        deck, problems = check_deck(path)
    assert deck is not None or any(p.is_error for p in problems)
    assert not any("internal error" in p.message for p in problems)
    for p in problems:
        assert p.loc.line >= 1 and p.loc.col >= 1
        assert "\n" not in p.message


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_fuzz_mutated_valid_deck_never_raises(data):
    text = ALL_KINDS
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(text)))
        end = pos + data.draw(st.integers(0, 12))
        text = text[:pos] + data.draw(st.sampled_from(FRAGMENTS + [""])) + text[end:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutant.yaml"
        path.write_text(text, encoding="utf-8")
        deck, problems = check_deck(path)
    assert not any("internal error" in p.message for p in problems)
    assert (deck is None) == any(p.is_error for p in problems)


# -- finding and resolving decks ---------------------------------------------------


def make_decks_dir(tmp: Path) -> Path:
    root = tmp / "decks"
    write(root, "one.yaml", ALL_KINDS)
    write(root, f"{DEFAULT_DECK}/deck.yaml", ALL_KINDS.replace("id: tiny", "id: flagship"))
    write(root, "README.md", "# not a deck\n")
    write(root, ".hidden.yaml", "id: hidden\n")
    write(root, "broken-folder/facts.yaml", "facts: []\n")
    (root / "empty-folder").mkdir()
    return root


def test_find_decks_lists_files_and_folders_with_deck_yaml(tmp_path):
    root = make_decks_dir(tmp_path)
    assert [p.name for p in find_decks(root)] == [DEFAULT_DECK, "one.yaml"]
    assert [p.name for p in find_decks(root, include_broken=True)] == [
        DEFAULT_DECK,
        "broken-folder",
        "one.yaml",
    ]
    assert find_decks(tmp_path / "missing") == []


def test_decks_dir_prefers_env_then_cwd_then_package(tmp_path, monkeypatch):
    monkeypatch.delenv("FACTDRILL_DECKS", raising=False)
    monkeypatch.chdir(tmp_path)
    assert decks_dir().resolve() == REPO_DECKS.resolve()
    (tmp_path / "decks").mkdir()
    assert decks_dir() == Path("decks")
    monkeypatch.setenv("FACTDRILL_DECKS", str(tmp_path / "elsewhere"))
    assert decks_dir() == tmp_path / "elsewhere"


def test_resolve_deck_by_default_name_and_path(tmp_path, monkeypatch):
    root = make_decks_dir(tmp_path)
    monkeypatch.setenv("FACTDRILL_DECKS", str(root))
    assert resolve_deck(None) == root / DEFAULT_DECK
    assert resolve_deck("one") == root / "one.yaml"
    assert resolve_deck(DEFAULT_DECK) == root / DEFAULT_DECK
    assert resolve_deck(str(root / "one.yaml")) == root / "one.yaml"
    assert load_deck(resolve_deck(None)).id == "flagship"


@pytest.mark.skipif(
    not (REPO_DECKS / DEFAULT_DECK).exists(), reason="flagship deck not written yet"
)
def test_default_deck_falls_back_to_the_bundled_one(tmp_path, monkeypatch):
    own = tmp_path / "mine"
    write(own, "own.yaml", ALL_KINDS)
    monkeypatch.setenv("FACTDRILL_DECKS", str(own))
    assert resolve_deck("own") == own / "own.yaml"
    assert resolve_deck(None).resolve() == (REPO_DECKS / DEFAULT_DECK).resolve()


def test_resolve_unknown_deck_is_a_usage_error_listing_decks(tmp_path, monkeypatch):
    root = make_decks_dir(tmp_path)
    monkeypatch.setenv("FACTDRILL_DECKS", str(root))
    with pytest.raises(DeckNotFound) as info:
        resolve_deck("nope")
    assert info.value.exit_code == 2
    assert str(info.value) == (
        f"no deck named 'nope' in {root} (available: {DEFAULT_DECK}, one); "
        "give a deck name from 'factdrill decks' or a path"
    )


@pytest.mark.skipif(
    not (REPO_DECKS / DEFAULT_DECK).exists(), reason="flagship deck not written yet"
)
def test_flagship_deck_is_valid():
    deck, problems = check_deck(REPO_DECKS / DEFAULT_DECK)
    assert errors(problems) == []
    assert deck is not None and deck.id == DEFAULT_DECK
    assert len(deck.facts) >= 20
    assert {f.kind for f in deck.facts} >= {FactKind.TERM, FactKind.STATISTIC, FactKind.STATEMENT}
    cited = {s for f in deck.facts for s in f.sources}
    assert cited <= set(deck.sources)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("id: x\ntitle: a\x07b\n", "2:9: error: character U+0007 is not allowed in YAML"),
        ("a: " + "[" * 3000 + "]" * 3000 + "\n", "1:1: error: nesting is too deep"),
        (billion_laughs(), "1:1: error: anchors and aliases would expand this document"),
        ("id: x\n\ttitle: y\n", "2:1: error: invalid YAML: found character '\\t'"),
        ("id: &a [*a]\n", "1:5: error: this collection contains an alias of itself"),
    ],
    ids=["control-char", "deep", "bomb", "tab", "recursive"],
)
def test_pure_python_fallback_loader_reports_too(tmp_path, monkeypatch, text, expected):
    """Without libyaml the same problems come back as lines, never exceptions."""
    import yaml

    import factdrill.deck.yamlnodes

    monkeypatch.setattr(factdrill.deck.yamlnodes, "_LOADER", yaml.SafeLoader)
    path = write(tmp_path, "x.yaml", text)
    deck, problems = check_deck(path)
    assert deck is None
    assert errors(problems)[0].startswith(f"{path}:{expected}")


def test_a_broken_fact_file_does_not_cause_unused_source_warnings(tmp_path):
    folder = tmp_path / "deck"
    write(folder, "deck.yaml", HEAD.replace("facts:\n", ""))
    write(folder, "facts.yaml", "facts:\n  - id: [unclosed\n")
    deck, problems = check_deck(folder)
    assert deck is None
    assert [p.severity for p in problems] == ["error"]
    assert problems[0].loc.file == str(folder / "facts.yaml")


def test_a_pair_lists_alternatives_accepted_but_never_shown(tmp_path: Path):
    path = tmp_path / "alt.yaml"
    path.write_text(
        "id: alt\ntitle: Alt\nsources:\n  s:\n    title: S\ntopics:\n  - id: t\n    title: T\n"
        "facts:\n  - id: m\n    kind: mapping\n    topic: t\n    name: treating bone metastases\n"
        "    left: treatment\n    right: purpose\n    pairs:\n"
        "      surgery|surgical fixation: stabilising a weakened bone\n"
        "      radiation: rapid pain relief\n    sources: [s]\n",
        encoding="utf-8",
    )
    deck, problems = check_deck(path)
    assert errors(problems) == []
    (m,) = deck.facts
    assert m.pairs == (("surgery", "stabilising a weakened bone"), ("radiation", "rapid pain relief"))
    assert m.accepted("surgery") == ("surgery", "surgical fixation")
    assert m.accepted("radiation") == ("radiation",)


def test_a_mapping_decoy_fits_no_left_value_and_a_wording_source_is_read(tmp_path: Path):
    def deck_with(decoys: str) -> Path:
        path = tmp_path / "decoy.yaml"
        path.write_text(
            "id: alt\ntitle: Alt\nsources:\n  s:\n    title: S\n  w:\n    title: W\n    wording: true\n"
            "topics:\n  - id: t\n    title: T\n"
            "facts:\n  - id: m\n    kind: mapping\n    topic: t\n    name: treating bone metastases\n"
            "    left: treatment\n    right: purpose\n    pairs:\n"
            "      surgery: stabilising a weakened bone\n      radiation: rapid pain relief\n"
            f"    decoys: [{decoys}]\n    sources: [s, w]\n",
            encoding="utf-8",
        )
        return path

    deck, problems = check_deck(deck_with("curing the cancer"))
    assert errors(problems) == [] and deck.facts[0].decoys == ("curing the cancer",)
    assert deck.sources["w"].wording and not deck.sources["s"].wording
    _, problems = check_deck(deck_with("rapid pain relief"))
    (bad,) = errors(problems)
    assert "decoy 'rapid pain relief'" in bad and "fits no left value" in bad


def test_a_member_lists_alternatives_accepted_but_never_shown(tmp_path: Path):
    path = tmp_path / "alt.yaml"
    path.write_text(
        "id: alt\ntitle: Alt\nsources:\n  s:\n    title: S\ntopics:\n  - id: t\n    title: T\n"
        "facts:\n  - id: m\n    kind: set\n    topic: t\n    name: ways of draining a pleural effusion\n"
        "    members: [placing a shunt|shunt, pleurodesis]\n    complete: false\n"
        "    non_members: [shunt|x]\n    sources: [s]\n",
        encoding="utf-8",
    )
    deck, problems = check_deck(path)
    (m,) = deck.facts if deck else (None,)
    # a non-member's '|' is text, and a member's alternative is not a member
    assert m is not None and m.members == ("placing a shunt", "pleurodesis"), problems
    assert m.accepted("placing a shunt") == ("placing a shunt", "shunt")
    assert m.accepted("pleurodesis") == ("pleurodesis",)


# -- properties ----------------------------------------------------------------

TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff{}"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip())
SLUG = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)


def _norm_key(s: str) -> str:
    return " ".join(s.casefold().split())


def distinct_texts(min_size: int, max_size: int = 5):
    return st.lists(TEXT, min_size=min_size, max_size=max_size, unique_by=_norm_key)


@st.composite
def fact_dicts(draw):
    fid = draw(SLUG)
    base = {"id": fid, "topic": "t", "sources": ["ref"], "explanation": draw(TEXT)}
    kind = draw(st.sampled_from([k.value for k in FactKind]))
    base["kind"] = kind
    if kind == "term":
        base |= {"term": draw(TEXT), "definition": draw(TEXT), "aliases": draw(distinct_texts(0))}
    elif kind == "statistic":
        low = draw(st.integers(-1000, 1000))
        ranged = draw(st.booleans())
        base |= {"measure": draw(TEXT), "unit": draw(TEXT)}
        base["value"] = [low, low + draw(st.integers(1, 50))] if ranged else low
    elif kind == "set":
        # '|' in a member separates accepted alternatives, as in a pair
        things = draw(st.lists(TEXT.filter(lambda s: "|" not in s), min_size=1, max_size=8, unique_by=_norm_key))
        cut = draw(st.integers(1, len(things)))
        base |= {"name": draw(TEXT), "members": things[:cut], "non_members": things[cut:]}
    elif kind == "mapping":
        # '|' in a pair separates accepted alternatives (markup, like {{ }})
        side = TEXT.filter(lambda s: "|" not in s)
        lefts = draw(st.lists(side, min_size=1, max_size=5, unique_by=_norm_key))
        rights = draw(st.lists(side, min_size=len(lefts), max_size=len(lefts), unique_by=_norm_key))
        base |= {"name": draw(TEXT), "left": draw(TEXT), "right": draw(TEXT)}
        base["pairs"] = dict(zip(lefts, rights))
    elif kind == "ranking":
        base |= {"name": draw(TEXT), "items": draw(distinct_texts(2))}
    elif kind == "situation":
        base |= {"condition": draw(TEXT), "cues": draw(distinct_texts(1, 4)),
                 "priority": {"text": draw(TEXT), "why": draw(TEXT)}}
    else:
        base |= {"text": draw(TEXT)}
    return base


@settings(max_examples=100, deadline=None)
@given(st.lists(fact_dicts(), min_size=1, max_size=6, unique_by=lambda f: f["id"]))
def test_any_deck_pyyaml_can_write_loads_back_unchanged(facts):
    """Whatever text a deck holds, the loader returns exactly what was written."""
    import yaml

    data = {
        "id": "prop",
        "title": "Property deck",
        "sources": {"ref": {"title": "A reference"}},
        "topics": [{"id": "t", "title": "T"}],
        "facts": facts,
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "prop.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        deck, problems = check_deck(path)
    assert errors(problems) == []
    assert [f.id for f in deck.facts] == [f["id"] for f in facts]
    for want, got in zip(facts, deck.facts):
        assert got.kind.value == want["kind"]
        for key, value in want.items():
            if key in ("id", "kind"):
                continue
            if key == "pairs":
                assert got.pairs == tuple(value.items())
            elif key == "value" and isinstance(value, list):
                assert (got.value, got.high) == tuple(value)
            elif key == "cues":
                assert [c.text for c in got.cues] == value
            elif key == "priority":
                assert (got.priority.text, got.priority.why) == (value["text"], value["why"])
            else:
                have = getattr(got, key)
                assert (list(have) if isinstance(have, tuple) else have) == value, key


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("ab {}|:"), max_size=30))
def test_gap_check_agrees_with_the_cloze_parser(text):
    """Text the validator accepts parses into gaps that all have an answer."""
    from factdrill.deck.markup import parse_gaps, plain_text
    from factdrill.deck.validators.statement import gap_problem

    if gap_problem(text) is None:
        assert all(gap.answers for _, gap in parse_gaps(text))
        plain = plain_text(text)
        assert "{{" not in plain and "}}" not in plain


def test_definition_naming_its_own_term_is_a_warning(tmp_path):
    text = ALL_KINDS.replace(
        "definition: breakdown of bone tissue by cancer cells",
        "definition: Bone Breakdown (osteolysis) caused by cancer cells",
    )
    path = write(tmp_path, "giveaway.yaml", text)
    deck, problems = check_deck(path)
    assert deck is not None
    assert [str(p) for p in problems] == [
        f"{path}:16:17: warning: the definition of fact 'osteolysis' names the term itself "
        "('osteolysis'), which gives the answer away; describe it without the term"
    ]
    # Part of a longer word is not the term: "osteolysis" inside "osteolysises" is fine.
    text = ALL_KINDS.replace("definition: breakdown", "definition: osteolysises-like breakdown")
    assert check_deck(write(tmp_path, "ok.yaml", text))[1] == []


def test_scenario_frame_and_statistic_wording_load(tmp_path):
    text = HEAD.replace(
        "topics:", "scenario_client: a client with metastatic breast cancer\n"
        "scenario_question: Which site of spread does the nurse suspect?\ntopics:"
    ) + """\
  - id: her2-brain
    kind: statistic
    topic: bone
    measure: share of people with HER2-positive metastatic disease who get brain spread
    value: 33
    unit: "%"
    approximate: true
    wording: roughly a third
    sources: [ref]
    explanation: About one in three.
"""
    deck = load_deck(write(tmp_path, "d.yaml", text))
    assert deck.scenario_client == "a client with metastatic breast cancer"
    assert deck.scenario_question == "Which site of spread does the nurse suspect?"
    assert deck.facts[0].wording == "roughly a third"
    assert deck.facts[0].display_value() == "roughly a third (about 33%)"


def test_a_definition_may_mark_the_word_its_cloze_blanks(tmp_path):
    """The author chooses the blank and its other fair answers; everything
    else (flashcards, options, sheets) sees the plain definition."""
    from factdrill.generators import generate
    from factdrill.generators.items import ItemKind
    from factdrill.study.grading import grade

    text = ALL_KINDS.replace(
        "definition: breakdown of bone tissue by cancer cells",
        "definition: breakdown of {{bone tissue|bone|skeleton::what breaks down?}} by cancer cells",
    )
    deck, problems = check_deck(write(tmp_path, "marked.yaml", text))
    assert problems == [] and deck is not None
    term = deck.fact("osteolysis")
    assert term.definition == "breakdown of bone tissue by cancer cells"
    forward = next(i for i in generate(deck) if i.kind is ItemKind.CLOZE and i.prompt.startswith("The term osteolysis"))
    assert "[what breaks down?]" in forward.prompt and "{{" not in forward.prompt
    assert grade(forward, "skeleton").correct and not grade(forward, "cancer cells").correct


@pytest.mark.parametrize(
    "definition, says",
    [
        ("breakdown of {{bone}} by {{cancer}} cells", "marks 2 gaps"),
        ("breakdown of {{bone by cancer cells", "never closed"),
    ],
)
def test_a_marked_definition_with_a_bad_gap_is_one_clear_error(tmp_path, definition, says):
    text = ALL_KINDS.replace("definition: breakdown of bone tissue by cancer cells", f"definition: {definition}")
    path = write(tmp_path, "bad.yaml", text)
    deck, problems = check_deck(path)
    assert [p.severity for p in problems] == ["error"] and says in str(problems[0])
    assert str(problems[0]).startswith(f"{path}:16:")
