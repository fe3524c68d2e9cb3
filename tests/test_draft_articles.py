"""``factdrill draft`` on other articles, on hostile sources, and on any text at all.

The two fixture articles (tests/fixtures/draft/, fictional, see its README)
are Markdown with ``[n]`` citation marks and an HTML page with ``<sup>``
marks, navigation, scripts and a footer. For each, the test pins what an
instructor would check first: every reference and its DOI, every figure with
its value, range and "about", the lists as sets, the definitions as terms,
citation marks turned into the right sources, and 0 errors in ``check``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdrill.cli import cli
from factdrill.deck.facts import FactSet, Statistic, Term

FIXTURES = Path(__file__).parent / "fixtures" / "draft"

# file -> (DOIs, figures (value, high, approximate, wording or None), lists, terms,
#          {figure value: the source its citation mark names})
ARTICLES = {
    "velmar-syndrome.md": (
        {"10.5555/velmar.2015.001", "10.5555/velmar.2018.002", "10.5555/velmar.2016.003",
         "10.5555/velmar.2020.005"},
        [(12, None, True, None), (33, None, True, "Roughly a third"), (18, None, False, None),
         (9, None, False, None), (3.5, None, False, None), (55, 60, False, None),
         (67, None, True, "two-thirds"), (50, None, True, "nearly half"), (20, None, False, "1 in 5")],
        3,
        {"Velmar syndrome", "transient elastography", "corvastat", "confirmed velmarosis"},
        {12: "arden2015", 33: "brightwater2018", 3.5: "castellano2016", 50: "dunmore2020"},
    ),
    "ostrin-deficiency.html": (
        {"10.5555/ostrin.2017.01", "10.5555/ostrin.2018.02", "10.5555/ostrin.2019.03",
         "10.5555/ostrin.2021.05"},
        [(7, None, True, None), (25, None, True, "about one in four"), (46, None, False, None),
         (31, None, False, None), (15, None, False, None), (8, None, False, None),
         (20, 25, False, None), (68.5, None, False, None), (22, None, False, None)],
        3,
        {"ostrin deficiency", "ostral atrophy", "ostrin crash", "serum ostrin test", "ostrinopenia"},
        {46: "ibarra2019", 68.5: "jansen2021"},
    ),
}


def _draft(source: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["draft", str(source), "-o", str(out)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture(scope="module", params=sorted(ARTICLES))
def drafted(request, tmp_path_factory):
    from factdrill.deck.loader import load_deck

    out = tmp_path_factory.mktemp("draft") / re.sub(r"\..*", "", request.param)
    code, output = _draft(FIXTURES / request.param, out)
    assert code == 0, output
    return request.param, out, load_deck(out)


def test_every_reference_and_doi_is_found(drafted):
    name, _, deck = drafted
    dois = ARTICLES[name][0]
    refs = {k: s for k, s in deck.sources.items() if k != "article"}
    assert len(refs) == 5
    assert {s.doi for s in refs.values() if s.doi} == dois
    society = [s for s in refs.values() if s.publisher == "Example Health Society"]
    assert len(society) == 1 and society[0].doi is None


def test_every_figure_is_a_statistic(drafted):
    name, _, deck = drafted
    stats = [f for f in deck.facts if isinstance(f, Statistic)]
    for value, high, approximate, wording in ARTICLES[name][1]:
        found = [s for s in stats if s.unit == "%" and s.value == pytest.approx(value)
                 and (s.high == pytest.approx(high) if high else s.high is None)
                 and s.approximate is approximate and s.wording == wording]
        assert found, f"{name}: no statistic {value}-{high} (approximate {approximate}, {wording})"


def test_counts_with_units_are_statistics_and_years_are_not(drafted):
    _, _, deck = drafted
    stats = [f for f in deck.facts if isinstance(f, Statistic)]
    units = {(s.value, s.unit) for s in stats if s.unit != "%"}
    assert units & {(8, "weeks"), (4, "weeks"), (200, "mg"), (12, "weeks"), (3, "years")}
    assert not {s.value for s in stats} & {2015, 2016, 2019, 2020, 2021}


def test_lists_under_a_lead_become_sets(drafted):
    name, _, deck = drafted
    sets = [f for f in deck.facts if isinstance(f, FactSet)]
    from_lists = [s for s in sets if "list read from the article" in (s.draft.note or "")]
    assert len(from_lists) == ARTICLES[name][2]
    signs = [s for s in sets if s.signs_of]
    assert signs and all(not s.complete for s in signs)  # "may/often include"


def test_definitions_become_terms(drafted):
    name, _, deck = drafted
    terms = {f.term for f in deck.facts if isinstance(f, Term)}
    assert ARTICLES[name][3] <= terms


def test_citation_marks_name_the_cited_reference(drafted):
    name, _, deck = drafted
    for value, key in ARTICLES[name][4].items():
        stat = next(f for f in deck.facts if isinstance(f, Statistic) and f.value == pytest.approx(value))
        assert key in stat.sources, f"{stat.id} cites {stat.sources}, not {key}"


def test_abbreviations_and_also_called_become_aliases(drafted):
    name, _, deck = drafted
    terms = {f.term: f for f in deck.facts if isinstance(f, Term)}
    if name.endswith(".md"):
        assert "velmarite storage disease" in terms["Velmar syndrome"].aliases
        assert "TE" in terms["transient elastography"].aliases
    else:
        assert "SOT" in terms["serum ostrin test"].aliases


def test_scripts_navigation_and_footer_are_not_read(drafted):
    name, out, deck = drafted
    text = (out / "facts.yaml").read_text()
    assert "99" not in re.findall(r"value: (\d+)", text)
    assert "Home" not in text and "dataLayer" not in text


def test_the_draft_checks_with_no_errors(drafted):
    _, out, deck = drafted
    result = CliRunner().invoke(cli, ["check", str(out)])
    assert result.exit_code == 0, result.output
    assert " 0 errors" in result.output


# --- hostile sources ---------------------------------------------------------

HOSTILE = {
    "binary.txt": (b"MZ\x90\x00\x03\x00\x00\x00" * 100, "binary data"),
    "scan.pdf": (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "is a PDF"),
    "article.docx": (b"PK\x03\x04\x14\x00\x06\x00", "zip archive"),
    "latin1.txt": ("Caf\u00e9 au lait: 30% of people.\n".encode("latin-1"), "not UTF-8"),
    "empty.txt": (b"  \n\n", "empty"),
    "soup.html": (b"<div><<<p>>><b><i></p></div>&&&;<script>" * 2000 + b"</script><p>", "nothing to draft"),
    "soup.txt": (b"<<<>>> ]]] [[[ }}} {{{ ::: ### !!! \x7f\x1b[31m\n" * 500, "nothing to draft"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_sources_get_one_clear_line(tmp_path, name):
    data, message = HOSTILE[name]
    source = tmp_path / name
    source.write_bytes(data)
    code, output = _draft(source, tmp_path / "decks" / "x")
    assert code == 1
    assert message in output
    assert len(output.strip().splitlines()) == 1
    assert not (tmp_path / "decks" / "x").exists()


def test_a_twenty_megabyte_source_is_refused_before_reading(tmp_path):
    source = tmp_path / "huge.txt"
    with source.open("wb") as f:
        f.truncate(20 * 1024 * 1024)  # sparse: no 20 MB written
    code, output = _draft(source, tmp_path / "decks" / "x")
    assert code == 1
    assert "20.0 MB" in output and "2 MB" in output
    assert len(output.strip().splitlines()) == 1


def test_a_source_without_references_cites_the_article(tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text(
        "Lecture Notes on Velmar Syndrome\n\nThis is a fictional test text.\n\n"
        "About 12% of screened adults have it. Pallor (a paleness of the skin) is common.\n"
    )
    code, output = _draft(source, tmp_path / "decks" / "notes")
    assert code == 0, output
    assert "no numbered reference list found" in output
    from factdrill.deck.loader import load_deck

    deck = load_deck(tmp_path / "decks" / "notes")
    assert set(deck.sources) == {"article"}
    assert all(f.sources == ("article",) for f in deck.facts)


def test_an_existing_deck_is_never_overwritten(tmp_path):
    out = tmp_path / "decks" / "velmar"
    out.mkdir(parents=True)
    (out / "deck.yaml").write_text("id: velmar\ntitle: mine\n")
    code, output = _draft(FIXTURES / "velmar-syndrome.md", out)
    assert code == 1 and "exists already" in output
    assert (out / "deck.yaml").read_text() == "id: velmar\ntitle: mine\n"


def test_a_deck_name_must_be_a_slug(tmp_path):
    code, output = _draft(FIXTURES / "velmar-syndrome.md", tmp_path / "My Deck")
    assert code == 1 and "'my-deck'" in output


def test_a_missing_source_is_one_line(tmp_path):
    code, output = _draft(tmp_path / "nope.txt", tmp_path / "decks" / "x")
    assert code == 1 and "cannot read the file" in output


# --- any text at all ---------------------------------------------------------

FRAGMENTS = [
    "Heading One", "\n\n", "\n", "  • item one\n", "  • Item: 45%\n", "- dash item\n",
    "1. Smith J. A title. J Test. 2010;1(2):3-4. doi:10.5555/x.1\n",
    "References\n", "About 30% of adults (a made-up group) have it.", " roughly a third of people",
    "X, also called Y, is a thing.", " is called zork.", "#", ": ", "'", '"', "{{", "}}",
    "- ", "yes", "null", "~", "%", "[1]", "(", ")", "—", "\t", "é", "\u202e", "\x1b[31m",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=40),
       st.sampled_from([".txt", ".md", ".html"]))
def test_any_text_drafts_a_deck_with_no_errors_or_says_why_not(tmp_path_factory, parts, suffix):
    from factdrill.deck.draft import DraftError, draft_deck
    from factdrill.deck.loader import check_deck

    root = tmp_path_factory.mktemp("any")
    source = root / f"article{suffix}"
    source.write_text("".join(parts), encoding="utf-8", errors="replace")
    try:
        result = draft_deck(source, root / "decks" / "any")
    except DraftError as exc:
        assert "\n" not in str(exc)
        return
    _, problems = check_deck(root / "decks" / "any")
    assert [str(p) for p in problems if p.is_error] == []
    assert result.dropped == 0


def test_a_sentence_with_gap_markup_is_not_drafted_then_dropped(tmp_path):
    """Hypothesis found 'Heading One{{ is called zork.': the term 'One{{' was
    drafted, failed `check` (the markup reads as a blank) and was dropped."""
    from factdrill.deck.draft import DraftError, draft_deck

    source = tmp_path / "a.txt"
    source.write_text("Heading One{{ is called zork. Zork is called a glorb of the blue kind.", encoding="utf-8")
    try:
        result = draft_deck(source, tmp_path / "decks" / "any")
    except DraftError as exc:
        assert "found nothing to draft" in str(exc)
        return
    assert result.dropped == 0
