"""The stats, suspend/unsuspend and export/import-reviews commands, through CliRunner."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from factdrill.cli import cli
from factdrill.study.scheduling import Rating
from factdrill.study.store import Store

NOW = datetime.now(timezone.utc)

DECK = """\
id: stats-test
title: Stats test deck
description: A small deck for the stats command tests.
version: 1.0.0
authors: [Test Author]
license: CC-BY-4.0
sources:
  ref:
    title: A reference textbook of oncology nursing
    publisher: Test Press
    year: 2020
topics:
  - id: bone
    title: Bone metastases
  - id: brain
    title: Brain metastases
facts:
  - id: hypercalcemia
    kind: term
    topic: bone
    term: hypercalcemia
    definition: a raised level of calcium in the blood, often from bone breakdown
    sources: [ref]
  - id: spinal-cord-compression
    kind: term
    topic: bone
    term: spinal cord compression
    definition: pressure on the spinal cord from a tumour in a vertebra
    sources: [ref]
  - id: pathologic-fracture
    kind: term
    topic: bone
    term: pathologic fracture
    definition: a break through bone weakened by disease rather than by injury
    sources: [ref]
  - id: cerebral-edema
    kind: term
    topic: brain
    term: cerebral edema
    definition: swelling of the brain from fluid collecting around a tumour
    sources: [ref]
  - id: seizure
    kind: term
    topic: brain
    term: seizure
    definition: a burst of abnormal electrical activity in the brain
    sources: [ref]
  - id: headache-first-sign
    kind: statement
    topic: brain
    text: A new {{headache}} is a common first sign of spread to the brain.
    false_variants:
      - Spread to the brain never causes headaches.
    sources: [ref]
"""


@pytest.fixture
def env(tmp_path, monkeypatch):
    deck = tmp_path / "stats-test.yaml"
    deck.write_text(DECK)
    home = tmp_path / "home"
    monkeypatch.delenv("FACTDRILL_HOME", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return {"deck": str(deck), "home": str(home), "tmp": tmp_path}


RESPONSES = ["b", 'typed, with "quotes"\r\nand lines', "\u00e9t\u00e9 \U0001f9e0"]


def run(*args, **kw):
    result = CliRunner().invoke(cli, [str(a) for a in args], **kw)
    return result


def study(env, n=3):
    """Answer a few cards of the test deck directly through the store."""
    with Store.open(env["home"]) as s:
        ids = [c.card_id for c in s.queue("stats-test", now=NOW)][:n]
        for i, cid in enumerate(ids):
            s.record_review(
                "stats-test", cid, item_id=f"i{i}", item_kind="mcq", response=RESPONSES[i % 3], correct=i != 0,
                score=1.0, rating=Rating.AGAIN if i == 0 else Rating.GOOD, elapsed_ms=2000, now=NOW,
                confused_with=["seizure"] if i == 0 else (),
            )  # fmt: skip
    return ids


def test_stats_of_a_fresh_deck_counts_its_new_cards(env):
    r = run("stats", env["deck"], "--home", env["home"])
    assert r.exit_code == 0, r.output
    assert "Stats test deck" in r.output
    assert "new, 0 learning, 0 review" in r.output
    assert "Due in the next 7 days" in r.output
    where = str(Store.open(env["home"]).path)
    assert where in r.output  # where the history lives
    # Every line fits 80 columns, except a long store path (never cut: it must stay copyable).
    assert all(len(line) <= 80 for line in r.output.splitlines() if where not in line)
    assert "\x1b[" not in r.output


def test_stats_json_after_studying(env):
    run("stats", env["deck"], "--home", env["home"])  # syncs the deck's cards
    study(env)
    r = run("stats", env["deck"], "--home", env["home"], "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["deck"] == "stats-test"
    assert data["store"].endswith("factdrill.db")
    assert data["cards"]["learning"] == 3
    assert data["reviews_today"] == 3
    assert data["streak_days"] == 1
    assert len(data["forecast"]) == 30
    assert data["confused"][0]["count"] == 1


def test_stats_uses_factdrill_home(env, monkeypatch):
    monkeypatch.setenv("FACTDRILL_HOME", env["home"])
    run("stats", env["deck"])
    study(env, 2)
    r = run("stats", env["deck"], "--json")
    assert json.loads(r.output)["reviews_today"] == 2


def test_stats_on_a_foreign_file_is_one_clear_line(env):
    home = env["tmp"] / "anki"
    home.mkdir()
    db = home / "factdrill.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE col (id INTEGER)")
    con.commit()
    con.close()
    before = db.read_bytes()
    r = run("stats", env["deck"], "--home", home)
    assert r.exit_code == 1
    assert "not a factdrill store; move it away or use --home" in r.output
    assert "Traceback" not in r.output
    assert db.read_bytes() == before


def test_suspend_and_unsuspend_a_fact(env):
    r = run("suspend", "hypercalcemia", "--deck", env["deck"], "--home", env["home"])
    assert r.exit_code == 0, r.output
    assert "Suspended 2 cards of fact 'hypercalcemia'" in r.output  # a term has two sides
    with Store.open(env["home"]) as s:
        queued = {c.fact_id for c in s.queue("stats-test", now=NOW, new_limit=100)}
        assert "hypercalcemia" not in queued and "seizure" in queued
    r = run("suspend", "hypercalcemia", "--deck", env["deck"], "--home", env["home"])
    assert "already suspended" in r.output
    r = run("unsuspend", "hypercalcemia", "--deck", env["deck"], "--home", env["home"])
    assert r.exit_code == 0 and "Unsuspended 2 cards" in r.output
    with Store.open(env["home"]) as s:
        assert "hypercalcemia" in {c.fact_id for c in s.queue("stats-test", now=NOW, new_limit=100)}


def test_suspend_unknown_fact_suggests_ids(env):
    r = run("suspend", "hypercalcaemia", "--deck", env["deck"], "--home", env["home"])
    assert r.exit_code == 2
    assert "no fact 'hypercalcaemia' in deck stats-test" in r.output
    assert "did you mean hypercalcemia" in r.output and "factdrill items" in r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize("name", ["backup.json", "backup.csv"])
def test_export_then_import_on_another_computer(env, name):
    run("stats", env["deck"], "--home", env["home"])
    ids = study(env)
    out = env["tmp"] / name
    r = run("export-reviews", out, "--home", env["home"])
    assert r.exit_code == 0, r.output
    assert "Exported 3 reviews" in r.output
    other = env["tmp"] / "laptop"
    r = run("import-reviews", out, "--home", other)
    assert r.exit_code == 0, r.output
    assert "Imported 3 reviews (0 already present)" in r.output
    r = run("import-reviews", out, "--home", other)
    assert "Imported 0 reviews (3 already present)" in r.output
    with Store.open(env["home"]) as a, Store.open(other) as b:
        for cid in ids:
            assert b.card("stats-test", cid) == a.card("stats-test", cid)
        assert [r.response for r in b.reviews()] == RESPONSES


def test_export_to_stdout_is_json(env):
    run("stats", env["deck"], "--home", env["home"])
    study(env, 1)
    r = run("export-reviews", "-", "--home", env["home"])
    doc = json.loads(r.output)
    assert doc["format"] == "factdrill-reviews" and len(doc["reviews"]) == 1


def test_import_of_a_wrong_file_is_refused(env):
    bad = env["tmp"] / "notes.json"
    bad.write_text('{"hello": "world"}')
    r = run("import-reviews", bad, "--home", env["home"])
    assert r.exit_code == 1
    assert "not a factdrill review export" in r.output
    assert str(bad) in r.output
    r = run("import-reviews", env["tmp"] / "missing.json", "--home", env["home"])
    assert r.exit_code == 2 and "no file" in r.output


def test_help_does_not_import_the_store():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from factdrill.cli import cli\n"
        "CliRunner().invoke(cli, ['--help'])\n"
        "print(sorted(m for m in ('sqlite3', 'fsrs', 'factdrill.study.store', 'factdrill.study.stats') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
