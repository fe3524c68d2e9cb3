"""``factdrill draft`` on the flagship deck's own source article.

The article is the one the hand-written flagship deck was made from, so the
hand-made deck says what a draft must find: the 14 references with the DOIs
the article prints (tests/test_flagship_figures.py holds them), every
percentage and proportion, its bulleted lists as sets, its defined terms;
and the draft must load with 0 errors, every fact marked as a draft at the
line of the article it came from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_flagship_figures import ARTICLE_CANDIDATES, ARTICLE_DOIS, FIGURES

from factdrill.cli import cli
from factdrill.deck.facts import Deck, FactSet, Statistic, Term


@pytest.fixture(scope="module")
def article_path() -> Path:
    for path in ARTICLE_CANDIDATES:
        if path.is_file():
            return path
    pytest.skip("source article not available (expected in ../shared/sources)")


@pytest.fixture(scope="module")
def drafted(article_path, tmp_path_factory) -> tuple[Path, Deck, str]:
    from factdrill.deck.loader import load_deck

    root = tmp_path_factory.mktemp("draft")
    out = Path("decks") / "breast-cancer-draft"  # relative, as an instructor would type it
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = CliRunner().invoke(cli, ["draft", str(article_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"next: factdrill draft --review {out}" in result.output
    return root / out, load_deck(root / out), result.output


def _stats(deck: Deck) -> list[Statistic]:
    return [f for f in deck.facts if isinstance(f, Statistic)]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"\([^()]*\)", "", text).casefold().split())


def test_the_command_reports_the_draft_and_what_to_do_next(drafted):
    out, deck, output = drafted
    assert "14 references (9 with a DOI)" in output
    assert "check: 0 errors" in output
    assert all(len(line) <= 80 for line in output.splitlines())


def test_all_fourteen_references_become_sources_with_their_dois(drafted):
    _, deck, _ = drafted
    references = {k: s for k, s in deck.sources.items() if k != "article"}
    assert len(references) == 14
    assert {s.doi for s in references.values() if s.doi} == set(ARTICLE_DOIS.values())
    # Keys read like the hand-made deck's: first author and year.
    assert set(ARTICLE_DOIS) <= set(references)
    berman = references["berman2013"]
    assert berman.journal == "Clin Breast Cancer" and berman.year == 2013
    assert berman.details == "13(2):88-94"
    assert references["lerhun2013"].doi == "10.4103/2152-7806.111304"
    organisations = [s for s in references.values() if not s.doi]
    assert {s.publisher for s in organisations} == {"American Cancer Society", "BreastCancer.org"}


def test_the_article_itself_is_a_source_with_its_author(drafted):
    _, deck, _ = drafted
    article = deck.sources["article"]
    assert article.title == "Where Breast Cancer Can Spread"
    assert article.authors == "Eldridge L"
    assert deck.title == "Where Breast Cancer Can Spread"


@pytest.mark.parametrize(
    "fact_id, value, high, approximate, _source, phrase", FIGURES, ids=[row[0] for row in FIGURES]
)
def test_every_percentage_and_proportion_is_a_statistic(drafted, fact_id, value, high, approximate,
                                                         _source, phrase):
    _, deck, _ = drafted
    matches = [
        s for s in _stats(deck)
        if s.unit == "%" and s.value == pytest.approx(value)
        and (s.high is None if high is None else s.high == pytest.approx(high))
        and s.approximate is approximate
        and _norm(phrase)[:25] in _norm(s.draft.quote or "")
    ]
    assert matches, f"no statistic for {phrase!r}"


def test_two_thirds_and_the_count_with_a_unit_are_found_too(drafted):
    _, deck, _ = drafted
    two_thirds = [s for s in _stats(deck) if s.wording == "two-thirds"]
    assert len(two_thirds) == 1 and two_thirds[0].value == 67 and two_thirds[0].approximate
    # typed 66.7 must count as right, a half must not
    tol = two_thirds[0].tolerance or 0
    assert abs(66.7 - two_thirds[0].value) <= tol < abs(50 - two_thirds[0].value)
    five = [s for s in _stats(deck) if s.unit == "metastases"]
    assert len(five) == 1 and five[0].value == 5


def test_no_statistic_is_made_of_a_year_or_a_stage(drafted):
    _, deck, _ = drafted
    values = {s.value for s in _stats(deck)}
    assert not values & {2013, 2017, 2019, 4, 89}


def test_each_figure_names_the_article_line_it_came_from(drafted, article_path):
    _, deck, _ = drafted
    lines = article_path.read_text(encoding="utf-8").splitlines()
    for s in _stats(deck):
        file, _, line = s.draft.at.rpartition(":")
        assert file == article_path.name
        text = " ".join(lines[int(line) - 1].split())
        quote = " ".join(s.draft.quote.split())
        assert quote[:30] in text, f"{s.id}: line {line} is not where {quote!r} starts"
        shown = f"{s.value:g}" if s.wording is None else s.wording.split()[-1]
        assert shown in quote or "five" in quote, f"{s.id}: {quote!r} does not say {shown}"


def _article_lists(text: str) -> list[list[str]]:
    """The bulleted lists of the article, read independently of the drafter."""
    lists: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line.strip().startswith("•"):
            if current is None:
                current = []
                lists.append(current)
            current.append(line.strip().lstrip("•").strip())
        elif line.strip() and not line.startswith("    "):
            current = None  # unindented text ends a list; FAQ answers are indented
    return lists


def test_at_least_eighty_percent_of_the_bulleted_lists_become_sets(drafted, article_path):
    _, deck, _ = drafted
    lists = _article_lists(article_path.read_text(encoding="utf-8"))
    assert len(lists) == 8  # the article's 8 bulleted lists
    sets = [f for f in deck.facts if isinstance(f, FactSet)]

    def found(items: list[str]) -> bool:
        wanted = [_norm(i) for i in items]
        for s in sets:
            members = [_norm(m) for m in s.members]
            covered = [w for w in wanted if any(w.startswith(m) or m in w for m in members)]
            if len(covered) >= 0.8 * len(wanted) and len(members) >= 0.8 * len(wanted):
                return True
        return False

    as_sets = [items[0] for items in lists if found(items)]
    assert len(as_sets) >= 0.8 * len(lists), as_sets
    symptoms = next(s for s in sets if "headaches" in s.members)
    assert symptoms.signs_of == "brain metastases"
    assert symptoms.complete is False  # "often include": examples, not the whole list


def test_at_least_ten_defined_terms_with_their_aliases(drafted):
    _, deck, _ = drafted
    terms = {f.term: f for f in deck.facts if isinstance(f, Term)}
    assert len(terms) >= 10
    assert terms["jaundice"].definition.startswith("a yellowish discoloration")
    assert terms["oligometastasis"].definition == "metastasis to a limited number of sites"
    sbrt = terms["stereotactic body radiotherapy"]
    assert {"SBRT", "Cyberknife", "gamma knife"} <= set(sbrt.aliases)
    assert sbrt.definition.startswith("a procedure in which high doses of radiation")
    assert "carcinomatous meningitis" in terms["leptomeningeal metastases"].aliases
    assert terms["pleura"].definition == "a membrane covering the lungs"
    for t in terms.values():
        assert t.term.casefold() not in t.definition.casefold()


def test_headings_become_topics_and_subheadings_stay_with_their_site(drafted):
    _, deck, _ = drafted
    titles = [t.title for t in deck.topics]
    assert "Bone Metastases" in titles and "Liver Metastases" in titles
    assert "Symptoms and Detection" not in titles  # repeated under each site
    assert "14 Sources" not in titles and "Additional Reading" not in titles
    liver_symptoms = next(f for f in deck.facts if isinstance(f, FactSet) and "jaundice" in f.members)
    assert deck.topic(liver_symptoms.topic).title == "Liver Metastases"


def test_every_fact_is_a_draft_and_check_says_so_without_errors(drafted):
    out, deck, _ = drafted
    assert deck.facts and all(f.draft is not None and f.draft.at for f in deck.facts)
    result = CliRunner().invoke(cli, ["check", str(out)])
    assert result.exit_code == 0, result.output
    assert " 0 errors" in result.output
    drafts = [line for line in result.output.splitlines() if "is a draft (from " in line]
    assert len(drafts) == len(deck.facts)


def test_check_strict_refuses_a_deck_with_drafts(drafted):
    out, deck, _ = drafted
    result = CliRunner().invoke(cli, ["check", "--strict", str(out)])
    assert result.exit_code == 1
    assert f"{len(deck.facts)} draft facts not reviewed yet" in result.stderr
    assert f"factdrill draft --review {out}" in result.stderr


def test_the_draft_generates_quiz_items(drafted):
    out, _, _ = drafted
    result = CliRunner().invoke(cli, ["items", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) > 50
