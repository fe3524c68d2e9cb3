"""The review store: opening safely, migrations, queues, reviews, undo, sync, backup."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdrill.study import migrations
from factdrill.errors import StoreError
from factdrill.study.scheduling import Rating
from factdrill.study.cards import CardInfo, local_day_start
from factdrill.study.store import Store
from factdrill.study.stats import compute_stats
from factdrill.study.backup import export_reviews, import_reviews

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc)


def cards(n: int, topic=lambda i: "bone" if i % 2 else "brain", tags=()) -> list[CardInfo]:
    return [CardInfo(f"f{i}:main", f"f{i}", topic(i), tuple(tags)) for i in range(n)]


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "factdrill.db", fuzz=False)
    s.sync_deck("d", cards(30), now=NOW)
    yield s
    s.close()


def answer(store: Store, card: str, rating: Rating, now: datetime, **kw):
    kw.setdefault("practice", False)
    return store.record_review(
        "d", card, item_id=f"mcq-{card}", item_kind="mcq", response="b",
        correct=rating > Rating.AGAIN, score=float(rating > Rating.AGAIN), rating=rating,
        elapsed_ms=4000, now=now, **kw,
    )  # fmt: skip


# -- opening, migrations, refusing foreign files -------------------------------------


def test_new_store_is_migrated_and_marked(tmp_path):
    path = tmp_path / "sub" / "factdrill.db"
    with Store(path):
        pass
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    assert con.execute("PRAGMA user_version").fetchone()[0] == len(migrations.MIGRATIONS)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [r[0] for r in con.execute("SELECT name FROM _factdrill_migrations")]
    assert names == [m.__name__ for m in migrations.MIGRATIONS]
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"cards", "reviews", "settings"} <= tables
    con.close()


def test_reopening_keeps_data_and_reruns_nothing(tmp_path):
    path = tmp_path / "factdrill.db"
    with Store(path) as s:
        s.sync_deck("d", cards(3), now=NOW)
    with Store(path) as s:
        assert migrations.migrate(s.conn) == 0
        assert len(s.cards("d")) == 3


def test_later_migration_applies_on_open(tmp_path, monkeypatch):
    path = tmp_path / "factdrill.db"
    with Store(path):
        pass

    def m999_add_note(conn):
        conn.execute("ALTER TABLE cards ADD COLUMN note TEXT")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_add_note])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.MIGRATIONS))
    with Store(path) as s:
        cols = [r[1] for r in s.conn.execute("PRAGMA table_info(cards)")]
        assert "note" in cols
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION


def test_store_made_by_the_first_release_is_upgraded_with_its_data(tmp_path, monkeypatch):
    path = tmp_path / "factdrill.db"
    first = migrations.MIGRATIONS[:1]
    monkeypatch.setattr(migrations, "MIGRATIONS", first)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 1)
    with Store(path) as s:
        s.sync_deck("d", cards(3), now=NOW)
        s.conn.execute("INSERT INTO reviews (id, deck, card_ref, item_id, item_kind, reviewed_at, response,"
                       " correct, score, rating, elapsed_ms, state_before, before, after)"
                       " VALUES (1, 'd', 1, 'i', 'mcq', 0, 'b', 0, 0, 1, 1, 0, '{}', '{}')")  # fmt: skip
        s.conn.execute("INSERT INTO confusions VALUES (1, 'd', 'f2', 'f0')")
    monkeypatch.undo()
    with Store(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations.MIGRATIONS) >= 2
        assert compute_stats(s, "d", now=NOW)["confused"] == [{"facts": ["f0", "f2"], "count": 1}]
        assert len(s.cards("d")) == 3


def _refused(path: Path, *words: str) -> None:
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        Store(path)
    msg = str(err.value)
    for w in words:
        assert w in msg
    assert "\n" not in msg
    assert path.read_bytes() == before, "a refused file must be left byte-for-byte unchanged"


def test_non_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "factdrill.db"
    path.write_text("these are my lecture notes\n" * 50)
    _refused(path, "not a factdrill store", "--home")


def test_foreign_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "factdrill.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, flds TEXT)")  # e.g. an Anki collection
    con.execute("INSERT INTO notes (flds) VALUES ('x')")
    con.commit()
    con.close()
    _refused(path, "not a factdrill store", "move it away")


def test_store_from_newer_factdrill_is_refused_untouched(tmp_path):
    path = tmp_path / "factdrill.db"
    with Store(path):
        pass
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 5}")
    con.close()
    _refused(path, "schema newer than this version", "upgrade factdrill")


def test_damaged_store_is_refused_untouched(tmp_path):
    path = tmp_path / "factdrill.db"
    with Store(path) as s:
        s.sync_deck("d", cards(200), now=NOW)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page after the header
    path.write_bytes(bytes(data))
    _refused(path, "damaged", "backup")


def test_damage_found_later_is_a_store_error_not_a_crash(tmp_path):
    path = tmp_path / "factdrill.db"
    with Store(path) as s:
        s.sync_deck("d", [CardInfo(f"fact-number-{i}:main", f"fact-number-{i}", "t") for i in range(3000)], now=NOW)
    data = bytearray(path.read_bytes())
    for page in (10, 20, 30):  # pages past the schema: only noticed when read
        data[page * 4096 : (page + 1) * 4096] = b"\x13" * 4096
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged.*backup"):
        with Store(path) as s:
            compute_stats(s, "d", now=NOW)


def test_open_uses_home_then_env(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_HOME", str(tmp_path / "env"))
    with Store.open() as s:
        assert s.path == tmp_path / "env" / "factdrill.db"
    with Store.open(tmp_path / "flag") as s:
        assert s.path == tmp_path / "flag" / "factdrill.db"
    (tmp_path / "afile").write_text("x")
    with pytest.raises(StoreError, match="folder"):
        Store.open(tmp_path / "afile")


# -- queue ----------------------------------------------------------------------------


def test_queue_due_most_overdue_first_then_new_in_deck_order(store):
    # Study f0..f2 so they are in learning with different due times.
    answer(store, "f0:main", Rating.GOOD, NOW)  # due +10m
    answer(store, "f1:main", Rating.AGAIN, NOW)  # due +1m
    answer(store, "f2:main", Rating.GOOD, NOW + timedelta(minutes=2))  # due +12m
    q = store.queue("d", now=NOW + timedelta(hours=1), new_limit=5)
    ids = [c.card_id for c in q]
    assert ids[:3] == ["f1:main", "f0:main", "f2:main"]
    assert all(c.state == "new" for c in q[3:])
    assert [c.card_id for c in q[3:]] == ["f3:main", "f4:main"]  # 5 - 3 introduced today


def test_new_card_limit_counts_the_local_day(store):
    for i in range(4):
        answer(store, f"f{i}:main", Rating.GOOD, NOW)
    q_today = store.queue("d", now=NOW, new_limit=6)
    assert sum(c.state == "new" for c in q_today) == 2
    tomorrow = local_day_start(NOW, 1) + timedelta(hours=1)
    q_next = store.queue("d", now=tomorrow, new_limit=6)
    assert sum(c.state == "new" for c in q_next) == 6


def test_queue_skips_suspended_hidden_and_filters(tmp_path):
    with Store(tmp_path / "s.db", fuzz=False) as s:
        s.sync_deck("d", [CardInfo("a:main", "a", "bone", ("drug",)), CardInfo("b:main", "b", "brain"),
                          CardInfo("c:main", "c", "bone"), CardInfo("c:rev", "c", "bone")], now=NOW)  # fmt: skip
        assert s.suspend("d", "c") == 2
        assert [c.card_id for c in s.queue("d", now=NOW)] == ["a:main", "b:main"]
        assert [c.card_id for c in s.queue("d", now=NOW, topics={"brain"})] == ["b:main"]
        assert [c.card_id for c in s.queue("d", now=NOW, tags={"drug"})] == ["a:main"]
        assert s.unsuspend("d", "c") == 2
        assert len(s.queue("d", now=NOW)) == 4
        assert [c.card_id for c in s.queue("d", now=NOW, limit=1)] == ["a:main"]


def test_queue_queries_use_indexes_not_scans(store):
    """The hot path must stay index searches on 100k-card stores."""
    plans = []
    for sql, params in [
        (
            "SELECT * FROM cards WHERE deck = ? AND suspended = 0 AND hidden = 0 AND due <= ?"
            " ORDER BY due LIMIT ?",
            ("d", 0, 20),
        ),
        (
            "SELECT * FROM cards WHERE deck = ? AND state = 0 AND suspended = 0 AND hidden = 0"
            " ORDER BY id LIMIT ?",
            ("d", 20),
        ),
        (
            "SELECT count(*) FROM reviews WHERE deck = ? AND reviewed_at >= ? AND reviewed_at < ?"
            " AND state_before = 0 AND practice = 0",
            ("d", 0, 1),
        ),
        ("SELECT 1 FROM reviews WHERE card_ref = ? AND id > ? LIMIT 1", (1, 1)),
        (  # reviews(deck, card_id=...): the session reads a card's history this way
            "SELECT r.id FROM reviews r JOIN cards c ON c.id = r.card_ref"
            " WHERE r.deck = ? AND c.deck = ? AND c.card = ? ORDER BY r.id",
            ("d", "d", "f0:main"),
        ),
        (
            "SELECT min(due) FROM cards INDEXED BY cards_deck_state WHERE deck = ?"
            " AND state IN (1, 3) AND suspended = 0 AND hidden = 0",
            ("d",),
        ),
        ("SELECT topic, sum(rv_total), sum(rv_pass) FROM cards WHERE deck = ? GROUP BY topic ORDER BY topic", ("d",)),
        (
            "SELECT count(*), coalesce(sum(rating > 1), 0) FROM reviews WHERE deck = ?"
            " AND reviewed_at >= ? AND reviewed_at <= ? AND state_before = 2 AND practice = 0",
            ("d", 0, 1),
        ),
    ]:
        plan = " ".join(r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        plans.append(plan)
        assert "SEARCH" in plan and "SCAN" not in plan and "TEMP B-TREE" not in plan, plan


def test_next_learning_due_and_next_due(store):
    assert store.next_learning_due("d", now=NOW) is None
    answer(store, "f0:main", Rating.AGAIN, NOW)
    assert store.next_learning_due("d", now=NOW) == NOW + timedelta(minutes=1)
    assert store.next_due("d", now=NOW) == NOW + timedelta(minutes=1)


# -- reviews, practice, leeches, undo ----------------------------------------------------


def test_review_is_logged_with_states_and_confusions(store):
    rv = answer(store, "f0:main", Rating.AGAIN, NOW, confused_with=["f7", "f7", "f0"])
    assert rv.before.state == "new" and rv.after.state == "learning"
    assert rv.confused_with == ("f7", "f0")
    (logged,) = list(store.reviews("d"))
    assert logged == rv
    assert store.card("d", "f0:main") == rv.after
    pairs = store.conn.execute("SELECT fact, other FROM confusions").fetchall()
    assert pairs == [("f0", "f7")]  # a fact is never confused with itself


def test_practice_reviews_leave_the_schedule_alone(store):
    first = answer(store, "f0:main", Rating.GOOD, NOW)
    cram = store.cram_queue("d", now=NOW)
    assert [c.card_id for c in cram] == ["f0:main"]
    rv = answer(store, "f0:main", Rating.AGAIN, NOW + timedelta(minutes=1), practice=True)
    assert rv.practice and rv.after == rv.before
    assert store.card("d", "f0:main") == first.after
    assert len(list(store.reviews("d"))) == 2


def test_cram_queue_weakest_first(store):
    answer(store, "f0:main", Rating.EASY, NOW)  # strong
    answer(store, "f1:main", Rating.HARD, NOW)  # weaker
    answer(store, "f2:main", Rating.AGAIN, NOW)  # weakest
    later = NOW + timedelta(days=3)
    assert [c.card_id for c in store.cram_queue("d", now=later)] == ["f2:main", "f1:main", "f0:main"]
    assert len(store.cram_queue("d", now=later, limit=2)) == 2


def test_eighth_failure_makes_a_suspended_leech(store):
    t = NOW
    for i in range(1, 8):
        rv = answer(store, "f0:main", Rating.AGAIN, t)
        assert not rv.after.leech and not rv.after.suspended, i
        t += timedelta(minutes=5)
    rv = answer(store, "f0:main", Rating.AGAIN, t)
    assert rv.after.lapses == 8 and rv.after.leech and rv.after.suspended
    assert "f0:main" not in [c.card_id for c in store.queue("d", now=t + timedelta(days=1))]
    store.unsuspend("d", "f0")
    assert store.card("d", "f0:main").leech  # the tag stays


def test_undo_restores_exactly_and_only_the_newest(store):
    a = answer(store, "f0:main", Rating.GOOD, NOW)
    b = answer(store, "f0:main", Rating.GOOD, a.after.due)
    with pytest.raises(StoreError, match="newest"):
        store.undo(a.id)
    assert store.undo(b.id) == a.after
    assert store.card("d", "f0:main") == a.after
    assert store.undo(a.id).state == "new"
    assert list(store.reviews("d")) == []
    with pytest.raises(StoreError, match="no review"):
        store.undo(a.id)


def test_exam_date_setting_caps_due(store):
    exam = (NOW + timedelta(days=3)).date()
    exam_start = datetime.combine(exam, datetime.min.time()).astimezone(timezone.utc)
    free = answer(store, "f1:main", Rating.EASY, NOW)  # no exam set yet
    assert free.after.due > exam_start
    store.set_setting("d", "exam_date", exam.isoformat())
    rv = answer(store, "f0:main", Rating.EASY, NOW)
    assert rv.after.due == exam_start
    # Once the exam is over, intervals are free again.
    after_exam = answer(store, "f0:main", Rating.EASY, exam_start + timedelta(days=1))
    assert after_exam.after.due > exam_start + timedelta(days=5)
    store.set_setting("d", "exam_date", None)
    assert store.get_setting("d", "exam_date") is None


def test_exam_date_is_remembered_per_deck(store):
    store.set_setting("d", "exam_date", (NOW + timedelta(days=2)).date().isoformat())
    store.sync_deck("e", cards(1), now=NOW)
    capped = answer(store, "f0:main", Rating.EASY, NOW)
    other = store.record_review(
        "e", "f0:main", item_id="i", item_kind="mcq", response="a", correct=True, score=1.0,
        rating=Rating.EASY, elapsed_ms=1, now=NOW,
    )  # fmt: skip
    assert capped.after.due < other.after.due


def test_unknown_card_is_a_clear_error(store):
    with pytest.raises(StoreError, match="sync the deck"):
        answer(store, "nope:main", Rating.GOOD, NOW)


def test_item_history_lists_a_cards_latest_items_oldest_first(store):
    a = answer(store, "f0:main", Rating.GOOD, NOW)
    store.record_review("d", "f0:main", item_id="cloze-1", item_kind="cloze", response="x", correct=True,
                        score=1.0, rating=Rating.GOOD, elapsed_ms=1, now=a.after.due)  # fmt: skip
    answer(store, "f1:main", Rating.GOOD, NOW)
    hist = store.item_history("d", ["f0:main", "f2:main"])
    assert list(hist) == ["f0:main"]
    assert [(k, i) for _, i, k in hist["f0:main"]] == [("mcq", "mcq-f0:main"), ("cloze", "cloze-1")]
    assert store.item_history("d", ["f0:main"], per_card=1)["f0:main"][0][1] == "cloze-1"


# -- deck edits ---------------------------------------------------------------------------


def test_sync_hides_removed_facts_and_restores_them_with_state(store):
    rv = answer(store, "f0:main", Rating.GOOD, NOW)
    store.sync_deck("d", cards(30)[1:], now=NOW)  # f0 removed from the deck
    assert store.card("d", "f0:main").hidden
    assert "f0:main" not in [c.card_id for c in store.queue("d", now=NOW + timedelta(days=1), new_limit=100)]
    assert len(list(store.reviews("d"))) == 1  # log kept
    store.sync_deck("d", [CardInfo("f0:main", "f0", "liver"), *cards(30)[1:]], now=NOW)
    back = store.card("d", "f0:main")
    assert not back.hidden and back.topic == "liver"
    assert (back.state, back.due, back.stability) == (rv.after.state, rv.after.due, rv.after.stability)


def test_unchanged_sync_is_skipped_but_an_import_forces_a_real_one(store, tmp_path):
    store.sync_deck("d", cards(30), now=NOW)
    with Store(tmp_path / "other.db", fuzz=False) as other:
        other.sync_deck("d", [CardInfo("gone:main", "gone", "bone")], now=NOW)
        other.record_review("d", "gone:main", item_id="i", item_kind="mcq", response="a", correct=True,
                            score=1.0, rating=Rating.GOOD, elapsed_ms=1, now=NOW)  # fmt: skip
        buf = io.StringIO()
        export_reviews(other, buf, "json")
    import_reviews(store, io.StringIO(buf.getvalue()), "json")
    assert not store.card("d", "gone:main").hidden
    store.sync_deck("d", cards(30), now=NOW)  # same list as before, yet the import added a card
    assert store.card("d", "gone:main").hidden


def test_sync_adds_new_facts_as_new_cards(store):
    store.sync_deck("d", [*cards(30), CardInfo("x:main", "x", "bone")], now=NOW)
    assert store.card("d", "x:main").state == "new"
    assert len(store.cards("d")) == 31


# -- backup ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_round_trip(store, tmp_path, fmt):
    t = NOW
    for i, r in enumerate([Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY]):
        rv = answer(store, f"f{i % 2}:main", r, t, confused_with=["f9"] if r == Rating.AGAIN else [])
        t += timedelta(minutes=15)
    buf = io.StringIO()
    assert export_reviews(store, buf, fmt) == 4
    with Store(tmp_path / "other.db", fuzz=False) as other:
        assert import_reviews(other, io.StringIO(buf.getvalue()), fmt) == 4
        assert import_reviews(other, io.StringIO(buf.getvalue()), fmt) == 0  # duplicates skipped
        mine = [(r.card_id, r.reviewed_at, r.rating, r.before, r.after, r.confused_with) for r in store.reviews()]
        theirs = [(r.card_id, r.reviewed_at, r.rating, r.before, r.after, r.confused_with) for r in other.reviews()]
        assert theirs == mine
        for cid in ("f0:main", "f1:main"):
            assert other.card("d", cid) == store.card("d", cid)
        assert compute_stats(other, "d", now=t)["confused"] == compute_stats(store, "d", now=t)["confused"]
    assert rv.id


def test_import_refuses_a_bad_record_as_a_whole(store):
    answer(store, "f0:main", Rating.GOOD, NOW)
    buf = io.StringIO()
    export_reviews(store, buf, "json")
    doc = json.loads(buf.getvalue())
    doc["reviews"].append({"deck": "d", "card": "f1:main"})
    with pytest.raises(StoreError, match="review 2"):
        import_reviews(store, io.StringIO(json.dumps(doc)), "json")
    assert len(list(store.reviews())) == 1
    with pytest.raises(StoreError, match="not a factdrill review export"):
        import_reviews(store, io.StringIO('{"a": 1}'), "json")
    with pytest.raises(StoreError, match="not JSON"):
        import_reviews(store, io.StringIO("<html>"), "json")
    with pytest.raises(StoreError, match="missing columns"):
        import_reviews(store, io.StringIO("a,b\n1,2\n"), "csv")
    with pytest.raises(StoreError, match="unreadable"):
        import_reviews(store, io.StringIO('{"format": "factdrill-reviews", "version": "x", "reviews": []}'), "json")


@settings(max_examples=50, deadline=None)
@given(
    responses=st.lists(st.text(max_size=30), min_size=1, max_size=5),
    fmt=st.sampled_from(["json", "csv"]),
)
def test_any_typed_response_survives_a_backup_round_trip(tmp_path_factory, responses, fmt):
    """Students type anything (commas, quotes, newlines, emoji); backups keep it exactly."""
    base = tmp_path_factory.mktemp("rt")
    with Store(base / "a.db", fuzz=False) as a, Store(base / "b.db", fuzz=False) as b:
        a.sync_deck("d", cards(2), now=NOW)
        for i, text in enumerate(responses):
            a.record_review(
                "d", f"f{i % 2}:main", item_id="i", item_kind="cloze", response=text, correct=False,
                score=0.0, rating=Rating.AGAIN, elapsed_ms=i, now=NOW + timedelta(minutes=i),
            )  # fmt: skip
        buf = io.StringIO(newline="")
        export_reviews(a, buf, fmt)
        assert import_reviews(b, io.StringIO(buf.getvalue(), newline=""), fmt) == len(responses)
        assert [r.response for r in b.reviews()] == responses


def test_open_defaults_to_the_user_data_folder(tmp_path, monkeypatch):
    import platformdirs

    monkeypatch.delenv("FACTDRILL_HOME", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "data"))
    with Store.open() as s:
        assert s.path == tmp_path / "data" / "factdrill.db"


# -- changing the rating of an answer --------------------------------------------------


def test_changed_rating_replaces_the_review_in_one_step(store):
    first = answer(store, "f1:main", Rating.AGAIN, NOW)
    second = answer(store, "f1:main", Rating.EASY, NOW, replaces=first.id)
    assert store.review_count("d") == 1
    assert [r.rating for r in store.reviews("d")] == [int(Rating.EASY)]
    assert second.before == first.before
    assert store.card("d", "f1:main") == second.after
    assert second.after.state == "review"  # as if Easy had been the only answer


def test_failed_replacement_keeps_the_original_answer(store):
    first = answer(store, "f1:main", Rating.GOOD, NOW)
    with pytest.raises(StoreError):
        store.record_review(
            "d", "no-such:main", item_id="x", item_kind="mcq", response="a", correct=True,
            score=1.0, rating=Rating.EASY, elapsed_ms=1, now=NOW, replaces=first.id,
        )  # fmt: skip
    assert [r.id for r in store.reviews("d")] == [first.id]
    assert store.card("d", "f1:main") == first.after
