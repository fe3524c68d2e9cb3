"""Hostile review backups given to ``factdrill import-reviews``.

A backup file comes from anywhere (another computer, a chat message, a hand
edit). Whatever it holds, the import either succeeds or says what is wrong
in one line and exits non-zero, never a traceback, and the store keeps
exactly the reviews it had (a bad record refuses the whole file).
"""

from __future__ import annotations

import json

import pytest

from hostile.cli import invoke
from factdrill.study.store import Store

DECK_ID = "breast-cancer-metastasis"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FACTDRILL_HOME", raising=False)




@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    result = invoke("drill", "--home", home, "--kind", "flashcard", "--new", "3", input="\n3\n" * 3 + "q\n")
    assert result.exit_code == 0, result.output
    return home


@pytest.fixture
def backup(home, tmp_path) -> dict:
    path = tmp_path / "good.json"
    assert invoke("export-reviews", path, "--home", home).exit_code == 0
    return json.loads(path.read_text(encoding="utf-8"))


def reviews(home) -> list:
    with Store.open(home) as store:
        return [(r.card_id, r.item_id, r.reviewed_at, r.rating) for r in store.reviews()]


def _mutants(good: dict) -> dict[str, bytes]:
    rec = good["reviews"][0]
    text = json.dumps(good)

    def with_record(**changes) -> bytes:
        bad = dict(rec, **changes)
        return json.dumps(dict(good, reviews=[bad])).encode()

    return {
        "empty": b"",
        "binary": bytes(range(256)) * 64,
        "truncated": text[: len(text) // 2].encode(),
        "not-utf8": b'{"format": "factdrill-reviews", "version": 1, "reviews": ["\xff\xfe"]}',
        "top-level-list": b"[1, 2, 3]",
        "wrong-format": json.dumps(dict(good, format="anki")).encode(),
        "future-version": json.dumps(dict(good, version=99)).encode(),
        "version-text": json.dumps(dict(good, version="one")).encode(),
        "version-list": json.dumps(dict(good, version=[1])).encode(),
        "reviews-not-list": json.dumps(dict(good, reviews="all of them")).encode(),
        "record-not-object": json.dumps(dict(good, reviews=[42])).encode(),
        "rating-text": with_record(rating="excellent"),
        "rating-huge": with_record(rating=10**30),
        "score-nan": with_record(score=float("nan")),
        "date-garbage": with_record(reviewed_at="yesterday"),
        "date-year-0": with_record(reviewed_at="0000-01-01T00:00:00+00:00"),
        "state-unknown": with_record(before=dict(rec["before"], state="zombie")),
        "state-not-object": with_record(after="fine"),
        "deep-nesting": b'{"reviews": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "escapes-in-text": with_record(response="\x1b[2J\x1b]0;pwned\x07", deck="\u202eevil"),
        "huge-string": with_record(response="x" * 10_000_000),
        "missing-fields": json.dumps(dict(good, reviews=[{"deck": DECK_ID}])).encode(),
    }


@pytest.mark.parametrize("case", list(_mutants({"reviews": [{"before": {}}]}).keys()))
def test_a_hostile_backup_is_refused_or_imported_and_never_loses_reviews(case, home, backup, tmp_path):
    data = _mutants(backup)[case]
    path = tmp_path / f"{case}.json"
    path.write_bytes(data)
    before = reviews(home)
    result = invoke("import-reviews", path, "--home", home)
    after = reviews(home)
    if result.exit_code == 0:
        assert set(before) <= set(after), "an import removed or changed reviews"
    else:
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.output[:500]
        assert len(lines[0]) < 400
        assert after == before
    assert "\x1b" not in result.output


def test_hostile_csv_backups_too(home, tmp_path):
    good = tmp_path / "good.csv"
    assert invoke("export-reviews", good, "--home", home).exit_code == 0
    text = good.read_text(encoding="utf-8")
    header, first = text.splitlines()[:2]
    before = reviews(home)
    for name, body in {
        "no-header": first + "\n",
        "only-header": header + "\n",
        "nul": text.replace(",", ",\x00", 1),
        "extra-columns": header + "\n" + first + ",x,y,z\n",
        "quote-bomb": header + "\n" + '"' * 100_000 + "\n",
        "ragged": header + "\n" + first.split(",")[0] + "\n",
        "deep-state": header + "\n" + first.replace('"{""state""', '"' + "[" * 50_000, 1) + "\n",
    }.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(body, encoding="utf-8")
        result = invoke("import-reviews", path, "--home", home)
        if result.exit_code:
            assert result.output.startswith("Error: ") and result.output.count("\n") == 1, (name, result.output)
        assert set(before) <= set(reviews(home)), name
