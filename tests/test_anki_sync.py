"""One memory across factdrill and Anki, checked with Anki's own core.

Drill cards here, export with progress, import into a fresh Anki collection
with "Import any learning progress" (Anki's ``with_scheduling``): the cards
are due on the same days and Anki's revlog holds their answers. Answer
cards with Anki's scheduler, pull the collection back: exactly those
answers arrive, their cards are rescheduled, and pulling again adds nothing.
"""

from __future__ import annotations

import random
import sqlite3
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdrill.cli import cli
from factdrill.deck.loader import resolve_deck
from factdrill.exporters.anki import card_items
from factdrill.generators.cache import deck_and_items
from factdrill.study.queue import deck_cards
from factdrill.study.store import Store

anki_collection = pytest.importorskip("anki.collection")
Collection = anki_collection.Collection
ImportAnkiPackageRequest = anki_collection.ImportAnkiPackageRequest
ImportAnkiPackageOptions = anki_collection.ImportAnkiPackageOptions
CardAnswer = pytest.importorskip("anki.scheduler.v3").CardAnswer

STUDIED = 30


@pytest.fixture(scope="module")
def flagship():
    return deck_and_items(resolve_deck(None))


def _anki_today_offset(when: datetime) -> int:
    """Days from today to ``when`` as Anki counts them (4 am rollover, local)."""
    day = lambda t: (t.astimezone() - timedelta(hours=4)).date()  # noqa: E731
    return (day(when) - day(datetime.now(timezone.utc))).days


def drill_history(home: Path, deck, items, *, seed: int = 7) -> dict[str, int]:
    """Study 30 cards over the last two weeks as the drill does (each answer
    through the store, first the learning steps, then reviews when due);
    returns each studied card's number of answers."""
    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    by_card: dict[str, list] = {}
    for it in items:
        by_card.setdefault(it.card, []).append(it)
    answers: dict[str, int] = {}
    with Store.open(home) as store:
        store.sync_deck(deck.id, deck_cards(deck, items), now=now - timedelta(days=20))
        for n, card in enumerate(list(by_card)[:STUDIED]):
            at = now - timedelta(days=rng.uniform(4, 16))
            shown = 0
            while at < now - timedelta(minutes=5) and shown < 6:
                item = by_card[card][shown % len(by_card[card])]
                rating = 1 if rng.random() < 0.15 else rng.choice([3, 3, 3, 4, 2])
                rv = store.record_review(
                    deck.id, card, item_id=item.id, item_kind=item.kind.value, response="r",
                    correct=rating > 1, score=float(rating > 1), rating=rating, elapsed_ms=4000,
                    now=at,
                )
                shown += 1
                at = max(rv.after.due, at + timedelta(seconds=30))
            if n % 5 == 0:  # a cram answer: logged, schedule unchanged
                item = by_card[card][0]
                store.record_review(deck.id, card, item_id=item.id, item_kind=item.kind.value,
                                    response="r", correct=True, score=1.0, rating=3, elapsed_ms=2000,
                                    now=now - timedelta(minutes=3), practice=True)
                shown += 1
            answers[card] = shown
    return answers


def import_with_progress(col, path: Path):
    req = ImportAnkiPackageRequest(
        package_path=str(path),
        options=ImportAnkiPackageOptions(with_scheduling=True, merge_notetypes=True),
    )
    return col.import_anki_package(req).log


def anki_cards_by_ours(col, deck, items) -> dict[str, list]:
    asks = card_items(deck, items)
    out: dict[str, list] = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        item = asks[(card.note().guid, card.ord)]
        out.setdefault(item.card, []).append(card)
    return out


def test_progress_round_trip_through_anki(tmp_path, flagship, monkeypatch):
    deck, items = flagship
    monkeypatch.chdir(tmp_path)
    home = tmp_path / "home"
    answers = drill_history(home, deck, items)
    runner = CliRunner()
    out = runner.invoke(cli, ["export", "anki", "--with-progress", "-o", "exp", "--home", "home"])
    assert out.exit_code == 0, out.output
    assert f"progress: {STUDIED} studied cards" in out.output
    assert all(len(line) <= 80 for line in out.output.splitlines())

    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        col.set_config("fsrs", True)
        log = import_with_progress(col, tmp_path / "exp" / f"{deck.id}.apkg")
        assert len(log.new) > STUDIED
        with Store.open(home) as store:
            ours = {s.card_id: s for s in store.cards(deck.id)}
        anki = anki_cards_by_ours(col, deck, items)
        today = col.sched.today
        for card_id, count in answers.items():
            state = ours[card_id]
            for c in anki[card_id]:
                if state.state == "review":
                    assert c.type == 2 and c.queue == 2
                    assert abs((c.due - today) - _anki_today_offset(state.due)) <= 1, card_id
                    assert c.memory_state.stability == pytest.approx(state.stability, rel=1e-3)
                else:  # (re)learning: due to the second
                    assert c.queue == 1 and abs(c.due - state.due.timestamp()) <= 1, card_id
            cids = [c.id for c in anki[card_id]]
            logged = col.db.scalar(f"select count() from revlog where cid in ({','.join(map(str, cids))})")
            assert logged == count, card_id
        unstudied = [c for cid, cs in anki.items() if cid not in answers for c in cs]
        assert unstudied and all(c.type == 0 for c in unstudied)

        # Answer 10 due cards with Anki's own scheduler, in the deck's parent deck.
        col.decks.select(col.decks.id_for_name(deck.title))
        before_pull = {}
        answered = []
        while len(answered) < 10:
            card = col.sched.getCard()
            assert card is not None, "Anki has fewer than 10 cards due"
            states = col._backend.get_scheduling_states(card.id)
            rating = CardAnswer.GOOD if len(answered) % 3 else CardAnswer.AGAIN
            col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating))
            answered.append(card.id)
        revlog_ids = col.db.list(
            f"select id from revlog where cid in ({','.join(map(str, answered))}) order by id desc"
        )
    finally:
        col.close()
    asks = card_items(deck, items)
    with sqlite3.connect(tmp_path / "anki" / "collection.anki2") as db:
        guids = dict(db.execute("select c.id, n.guid || ':' || c.ord from cards c join notes n on n.id = c.nid"))
    touched = set()
    for cid in answered:
        guid, ord_ = guids[cid].rsplit(":", 1)
        touched.add(asks[(guid, int(ord_))].card)
    with Store.open(home) as store:
        count_before = store.review_count(deck.id)
        before_pull = {c: store.card(deck.id, c).due for c in touched}

    pulled = runner.invoke(cli, ["anki", "pull", "anki/collection.anki2", "--home", "home"])
    assert pulled.exit_code == 0, pulled.output
    assert "Pulled 10 new reviews" in pulled.output
    assert all(len(line) <= 80 for line in pulled.output.splitlines())
    with Store.open(home) as store:
        assert store.review_count(deck.id) == count_before + 10
        new = [rv for rv in store.reviews(deck.id)][-10:]
        assert sorted(int(rv.reviewed_at.timestamp() * 1000) for rv in new) == sorted(revlog_ids[:10])
        for card_id in touched:
            after = store.card(deck.id, card_id)
            assert after.due != before_pull[card_id]
            assert after.last_review is not None and after.last_review > datetime.now(timezone.utc) - timedelta(minutes=5)

    again = runner.invoke(cli, ["anki", "pull", "anki/collection.anki2", "--home", "home"])
    assert again.exit_code == 0, again.output
    assert "Pulled 0 new reviews" in again.output
    with Store.open(home) as store:
        assert store.review_count(deck.id) == count_before + 10


# -- the files a student may pull, and what is left out -------------------------------


@pytest.fixture(scope="module")
def anki_side(tmp_path_factory, flagship):
    """A factdrill history exported with progress into an Anki collection,
    where 6 of our cards and one note of the student's own were answered;
    also the collection exported as .colpkg and as .apkg with scheduling."""
    deck, items = flagship
    root = tmp_path_factory.mktemp("anki-side")
    home = root / "home"
    drill_history(home, deck, items, seed=11)
    with Store.open(home) as store:
        from factdrill.commands.export_anki import progress_of
        from factdrill.exporters.anki import export_deck

        res = export_deck(deck, items, root / "exp", progress=progress_of(store, deck.id))
    (root / "anki").mkdir()
    col = Collection(str(root / "anki" / "collection.anki2"))
    import_with_progress(col, res.path)
    own = col.new_note(col.models.by_name("Basic"))
    own["Front"], own["Back"] = "my own card", "mine"
    col.add_note(own, col.decks.id_for_name("Default"))
    col.decks.select(col.decks.id_for_name(deck.title))
    for _ in range(6):
        card = col.sched.getCard()
        states = col._backend.get_scheduling_states(card.id)
        col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))
    col.decks.select(col.decks.id_for_name("Default"))
    foreign = col.sched.getCard()
    assert foreign.nid == own.id
    states = col._backend.get_scheduling_states(foreign.id)
    col.sched.answer_card(col.sched.build_answer(card=foreign, states=states, rating=CardAnswer.EASY))
    ExportOptions = anki_collection.ExportAnkiPackageOptions
    col.export_anki_package(out_path=str(root / "with-scheduling.apkg"),
                            options=ExportOptions(with_scheduling=True, with_deck_configs=True),
                            limit=None)
    col.export_collection_package(str(root / "backup.colpkg"), include_media=False, legacy=False)
    col.close()
    return root


def _fresh_home(anki_side: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "factdrill.db").write_bytes((anki_side / "home" / "factdrill.db").read_bytes())
    return home


@pytest.mark.parametrize("name", ["anki/collection.anki2", "backup.colpkg", "with-scheduling.apkg"])
def test_every_kind_of_file_brings_the_same_answers(anki_side, tmp_path, name):
    home = _fresh_home(anki_side, tmp_path)
    with zipfile.ZipFile(anki_side / "backup.colpkg") as zf:  # a current Anki compresses it
        assert "collection.anki21b" in zf.namelist()
    res = CliRunner().invoke(cli, ["anki", "pull", str(anki_side / name), "--home", str(home)])
    assert res.exit_code == 0, res.output
    assert "Pulled 6 new reviews" in res.output
    assert "Ignored: 1 review of notes that are not factdrill's." in res.output
    again = CliRunner().invoke(cli, ["anki", "pull", str(anki_side / name), "--home", str(home)])
    assert "Pulled 0 new reviews; " in again.output


def test_pulling_never_changes_the_anki_file(anki_side, tmp_path):
    home = _fresh_home(anki_side, tmp_path)
    path = anki_side / "anki" / "collection.anki2"
    before = path.read_bytes()
    assert CliRunner().invoke(cli, ["anki", "pull", str(path), "--home", str(home)]).exit_code == 0
    assert path.read_bytes() == before


def test_zstd_packages_need_the_optional_reader(anki_side, tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_zstd(name, *args, **kwargs):
        if name in ("zstandard", "compression"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_zstd)
    home = _fresh_home(anki_side, tmp_path)
    res = CliRunner().invoke(cli, ["anki", "pull", str(anki_side / "backup.colpkg"), "--home", str(home)])
    assert res.exit_code != 0
    assert "pip install 'factdrill[anki]'" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("content, says", [
    (b"just text\n", "is not an Anki collection"),
    (None, "no such file"),
    ("zip", "holds no Anki collection"),
    (b"SQLite format 3\x00" + b"\x00" * 200, "not a readable Anki collection"),
])  # fmt: skip
def test_a_file_that_is_not_a_collection_is_one_clear_line(tmp_path, content, says):
    path = tmp_path / "thing.anki2"
    if content == "zip":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("media", "{}")
    elif content is not None:
        path.write_bytes(content)
    res = CliRunner().invoke(cli, ["anki", "pull", str(path), "--home", str(tmp_path / "h")])
    assert res.exit_code != 0
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], res.output
