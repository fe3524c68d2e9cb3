"""Exam forms drawn to the NCLEX-RN test plan: the plan is data with its year,
category shares fall in its ranges or the shortfall is named, a case counts
as its six items, answer keys come with the form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdrill.cli import cli
from factdrill.generators.items import ItemKind
from factdrill.generators.keys import GRADED_KINDS
from factdrill.instructor import blueprint


@pytest.fixture(scope="module")
def flagship():
    from factdrill.exporters.lms import load_items

    return load_items(None, kinds=GRADED_KINDS)


def test_the_2023_nclex_rn_plan_is_data_with_its_year():
    plan = blueprint.load_plan("nclex-rn")
    assert plan.year == 2023 and "NCLEX-RN" in plan.name and plan.source
    assert plan.ranges["management-of-care"] == (15, 21) and plan.ranges["physiological-adaptation"] == (11, 17)
    assert len(plan.ranges) == 8
    lo, hi = plan.bounds(75)["management-of-care"]
    assert (lo, hi) == (12, 15)  # 15% of 75 = 11.25 -> 12 items; 21% = 15.75 -> 15


@pytest.mark.parametrize("n, cases", [(40, 1), (75, 1), (75, 2)])
def test_forms_fall_in_the_ranges_or_name_what_the_deck_lacks(flagship, n, cases):
    deck, items = flagship
    plan = blueprint.load_plan("nclex-rn")
    form = blueprint.select(items, deck, n, plan, seed=5, cases=cases)
    assert form.size == n and form.cases == cases
    bounds = plan.bounds(n)
    for row in form.rows:
        assert row.count == sum(
            sum(1 for s in (it.steps or (it,)) if s.nclex == row.category) for it in form.items)
        if row.status == "short":  # the deck has fewer questions of it than the plan needs
            assert row.available < bounds[row.category][0]
    short = {r.category for r in form.short}
    if n == 40:
        assert all(r.status == "ok" for r in form.rows)
    else:  # every category the deck can fill beside the cases is filled
        assert short == {r.category for r in form.rows if r.available < r.low}
        assert "psychosocial-integrity" in short  # the deck has 4 such facts
    from factdrill.generators.overlap import conflicts

    chosen = list(form.items)
    assert not any(conflicts(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1:])


def test_a_form_asking_more_cases_than_the_deck_has_says_so(flagship):
    deck, items = flagship
    have = sum(i.kind is ItemKind.CASE for i in items)
    form = blueprint.select(items, deck, 75, blueprint.load_plan("nclex-rn"), seed=5, cases=have + 1)
    assert form.cases == have
    assert any(f"not {have + 1}" in note and "sequence" in note for note in form.notes)
    assert any("sequence" in line for line in blueprint.report(form))


def test_factdrill_exam_blueprint_writes_75_items_with_keys_and_a_report(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["exam", "--blueprint", "nclex-rn", "--items", "75", "--seed", "2",
                                 "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "NCLEX-RN test plan (2023): 75 items" in out and "wrote 1 version(s) of 75 questions" in out
    assert "cannot fill Psychosocial Integrity" in out
    report = out.split("wrote ")[0]  # (the lines after it name files, whose paths may be long)
    assert max(len(line) for line in report.splitlines()) <= 80
    page = (tmp_path / "breast-cancer-metastasis-exam-A.html").read_text()
    assert len(re.findall(r'<span class="num">\d+\.</span>', page)) == 75
    key = (tmp_path / "breast-cancer-metastasis-key-A.md").read_text()
    assert key.count("- Scoring:") == 75 and "Case study, step 6 of 6" in key


@pytest.mark.parametrize("args, words", [
    (["--blueprint", "nclex-pn", "--items", "10"], "unknown blueprint 'nclex-pn'; choose one of: nclex-rn"),
    (["--blueprint", "nclex-rn", "--items", "10", "--topic-weights", "bone=1"], "leave out --topic-weights"),
])
def test_blueprint_usage_errors_are_one_line(tmp_path, args, words):
    result = CliRunner().invoke(cli, ["exam", *args, "-o", str(Path(tmp_path) / "x")])
    assert result.exit_code == 2 and words in result.output
    assert "Traceback" not in result.output
