"""Authoring lints: each warning fires on the case it is for, and stays quiet on its near miss."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from factdrill.cli import cli
from factdrill.deck.facts import Deck, Location, Source, Statement, Statistic, Term, Topic
from factdrill.deck.lints import lint_near_duplicates, lint_numbers, lint_thin_topics, run_lints
from factdrill.generators.skips import lint_skips


def L(line):
    return Location("deck.yaml", line, 5)


def deck(*facts, topics=("t",)):
    return Deck(
        id="d", title="D", sources={"s": Source(key="s", title="S")},
        topics=tuple(Topic(id=t, title=t.upper()) for t in topics), facts=tuple(facts), path="deck.yaml",
    )


def stat(fid, measure, value, line, unit="%", explanation=None, **kw):
    return Statistic(id=fid, topic="t", sources=("s",), measure=measure, value=value, unit=unit,
                     explanation=explanation, loc=L(line), **kw)


def term(fid, t, d, line):
    return Term(id=fid, topic="t", sources=("s",), term=t, definition=d, explanation="x", loc=L(line))


def test_near_duplicate_facts_are_flagged_at_the_later_one():
    d = deck(term("a", "hypercalcemia", "too much calcium in the blood", 3),
             term("b", "hypercalcaemia", "too much calcium in the blood", 9),
             term("c", "hypokalemia", "too little potassium in the blood", 15))
    (p,) = lint_near_duplicates(d)
    assert str(p) == ("deck.yaml:9:5: warning: fact 'b' nearly repeats fact 'a' (line 3); "
                      "merge them or make each say something different")


def test_statistics_differing_in_one_word_or_number_are_not_duplicates():
    d = deck(stat("bone", "share of first distant metastases that were in the bones", 41, 3),
             stat("lung", "share of first distant metastases that were in the lungs", 22, 9),
             stat("liver", "share of first distant metastases that were in the liver", 7.3, 15),
             stat("brain", "share of first distant metastases that were in the brain", 7.3, 21))
    assert lint_near_duplicates(d) == []


def test_thin_topic_is_flagged_where_its_first_fact_is():
    d = deck(term("a", "x1", "def one", 3), term("b", "x2", "def two", 9),
             Term(id="c", topic="small", sources=("s",), term="x3", definition="def three", loc=L(20)),
             topics=("t", "small", "empty"))
    got = [str(p) for p in lint_thin_topics(d)]
    assert got == [
        "deck.yaml:3:5: warning: topic 't' has 2 facts, too few for an exam section (want at least 3); "
        "add facts or merge it into another topic",
        "deck.yaml:20:5: warning: topic 'small' has 1 fact, too few for an exam section (want at least 3); "
        "add facts or merge it into another topic",
        "deck.yaml:1:1: warning: topic 'empty' has 0 facts, too few for an exam section (want at least 3); "
        "add facts or merge it into another topic",
    ]


def test_number_in_text_that_disagrees_with_the_statistic():
    bone = stat("first-site-bone", "share of first distant metastases that were in the bones", 41, 3,
                explanation="Around 41%, ahead of the lungs.")
    lung = stat("first-site-lung", "share of first distant metastases that were in the lungs", 22, 9)
    wrong = Statement(id="claim", topic="t", sources=("s",), loc=L(15),
                      text="In the study, about 45% of first distant metastases were in the bones.")
    right = Statement(id="ok", topic="t", sources=("s",), loc=L(21),
                      text="In the study, 41% of first distant metastases were in the bones and 22% in the lungs.")
    (p,) = lint_numbers(deck(bone, lung, wrong, right))
    assert str(p) == (
        "deck.yaml:15:5: warning: fact 'claim' says 45% where statistic 'first-site-bone' gives 41% "
        "for share of first distant metastases that were in the bones; make them agree"
    )


def test_a_statistic_restating_its_own_value_and_unrelated_numbers_are_fine():
    own = stat("bone-share", "share of people with metastatic breast cancer who have bone metastases", 70, 3,
               tolerance=5, explanation="Around 70%, which makes bone the most common distant site.")
    first = stat("first-site-bone", "share of first distant metastases that were in the bones", 41, 9)
    other = Statement(id="years", topic="t", sources=("s",), loc=L(15),
                      text="Metastases can appear 10 years later; 3 of 4 sites were checked in 2013.")
    assert lint_numbers(deck(own, first, other)) == []


def test_range_statistic_accepts_numbers_inside_the_range():
    brain = stat("brain", "share of people with metastatic breast cancer whose cancer spreads to the brain",
                 10, 3, high=15)
    s1 = Statement(id="s1", topic="t", sources=("s",), loc=L(9),
                   text="Between 10-15% of people with metastatic breast cancer see it spread to the brain.")
    s2 = Statement(id="s2", topic="t", sources=("s",), loc=L(15),
                   text="About 30% of people with metastatic breast cancer see it spread to the brain.")
    assert [p.message.split(" where")[0] for p in lint_numbers(deck(brain, s1, s2))] == ["fact 's2' says 30%"]


def test_skipped_item_kinds_are_reported_once_per_fact():
    lonely = term("lonely", "hypercalcemia", "too much calcium in the blood", 3)
    (p,) = lint_skips(deck(lonely))
    assert p.loc == L(3) and p.severity == "warning"
    assert p.message.startswith("fact 'lonely' yields no item of some kinds (") and "mcq:" in p.message
    reasons = p.message.split(" (", 1)[1].rsplit("); ", 1)[0].split("; ")
    assert len(reasons) == len(set(reasons))  # the same reason is not repeated per variant


def test_run_lints_sorts_by_line():
    d = deck(
        term("a", "hypercalcemia", "too much calcium in the blood", 30),
        term("c", "hypercalcaemia", "too much calcium in the blood", 17),
        term("b", "hypercalcemia", "too much calcium in the blood!", 4),
    )
    lines = [p.loc.line for p in run_lints(d)]
    assert len(lines) >= 2 and lines == sorted(lines)


def test_check_prints_lint_warnings_and_still_passes(tmp_path: Path):
    deck_file = tmp_path / "thin.yaml"
    deck_file.write_text(
        "id: thin\ntitle: Thin\nsources:\n  s:\n    title: S\ntopics:\n  - id: t\n    title: T\nfacts:\n"
        "  - id: a\n    kind: term\n    topic: t\n    term: hypercalcemia\n"
        "    definition: too much calcium in the blood\n    sources: [s]\n    explanation: Bone breakdown.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", str(deck_file)])
    assert result.exit_code == 0, result.output
    assert f"{deck_file}:10:5: warning: topic 't' has 1 fact, too few for an exam section" in result.output
    # skipped kinds are counted in one note by default, listed with --skips
    assert "warning: fact 'a' yields no item" not in result.output
    assert f"{deck_file}: note: 1 fact yields no item of some kinds" in result.output
    listed = CliRunner().invoke(cli, ["check", "--skips", str(deck_file)])
    assert f"{deck_file}:10:5: warning: fact 'a' yields no item of some kinds" in listed.output
    assert "Traceback" not in result.output + listed.output


def test_a_generator_crash_becomes_one_warning(monkeypatch):
    import factdrill.generators.registry as registry

    def boom(deck, **kw):
        raise RuntimeError("bad day")

    monkeypatch.setattr(registry, "generate_report", boom)
    (p,) = lint_skips(deck(term("a", "x", "y", 3)))
    assert str(p) == ("deck.yaml:1:1: warning: could not generate items to look for skipped kinds "
                      "(RuntimeError: bad day); please report this")
