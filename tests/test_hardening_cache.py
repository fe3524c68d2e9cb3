"""The generated-items cache: fast when nothing changed, never stale, never fatal.

A cache hit must give exactly what loading and generating gives; any edit
to the deck, another seed or other code must be seen; a corrupt, foreign or
unwritable cache must be ignored; bad decks are never cached.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from factdrill.generators import cache
from factdrill.errors import DeckError
from factdrill.generators import generate
from factdrill.deck.loader import load_deck
from synthdeck import write_synth_deck


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FACTDRILL_CACHE", str(folder))
    return folder


@pytest.fixture
def deck_path(tmp_path) -> Path:
    return write_synth_deck(tmp_path, 30, topics=3)


def dicts(items) -> list[dict]:
    return [it.to_dict() for it in items]


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{cache.SUFFIX}"))


def test_hit_gives_exactly_what_loading_and_generating_gives(cache_dir, deck_path):
    fresh_deck = load_deck(deck_path)
    fresh = dicts(generate(fresh_deck, seed=0))
    first = cache.deck_and_items(deck_path)
    assert len(entries(cache_dir)) == 1
    second = cache.deck_and_items(deck_path)
    assert dicts(first[1]) == dicts(second[1]) == fresh
    assert second[0] == fresh_deck


def test_hit_does_not_parse_yaml(cache_dir, deck_path, monkeypatch):
    # a fresh code fingerprint, as the subprocess computes (the source may
    # have changed since this process first computed it)
    monkeypatch.setattr(cache, "_code_print", None)
    cache.deck_and_items(deck_path)
    code = (
        "import sys; from factdrill.generators.cache import deck_and_items; "
        f"d, items = deck_and_items({str(deck_path)!r}); "
        "print(len(items), 'yaml' in sys.modules, 'factdrill.generators.registry' in sys.modules)"
    )
    env = dict(os.environ, FACTDRILL_CACHE=str(cache_dir))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    n, yaml_loaded, generators_loaded = out.stdout.split()
    assert int(n) > 0 and yaml_loaded == "False" and generators_loaded == "False"


def test_any_edit_seed_or_kind_choice_misses(cache_dir, deck_path):
    _, items = cache.deck_and_items(deck_path)
    text = deck_path.read_text(encoding="utf-8")
    deck_path.write_text(text.replace("Explanation number 0", "Edited explanation 0"), encoding="utf-8")
    _, edited = cache.deck_and_items(deck_path)
    assert edited[0].explanation.startswith("Edited explanation 0")
    assert items[0].explanation.startswith("Explanation number 0")
    assert dicts(edited) == dicts(generate(load_deck(deck_path), seed=0))
    assert dicts(cache.deck_and_items(deck_path, seed=7)[1]) == dicts(generate(load_deck(deck_path), seed=7))
    only = cache.deck_and_items(deck_path, kinds=["mcq"])[1]
    assert {it.kind.value for it in only} == {"mcq"}
    assert dicts(only) == dicts(generate(load_deck(deck_path), seed=0, kinds=["mcq"]))


def test_an_update_leaves_no_write_ahead_log(cache_dir, deck_path):
    # a first build goes through the log whole: left there, a session killed
    # with its terminal would make every later start replay all of it
    for edit in ("", "Edited explanation 0"):
        if edit:
            text = deck_path.read_text(encoding="utf-8")
            deck_path.write_text(text.replace("Explanation number 0", edit), encoding="utf-8")
        with cache.open_items(deck_path) as view:
            assert view.all_items()
            (entry,) = entries(cache_dir)
            log = entry.with_name(entry.name + "-wal")
            assert not log.exists() or log.stat().st_size == 0


def test_one_entry_per_deck_path_and_seed(cache_dir, deck_path):
    for seed in (0, 1, 0, 1):
        cache.deck_and_items(deck_path, seed=seed)
    text = deck_path.read_text(encoding="utf-8")
    deck_path.write_text(text.replace("Explanation number 3", "Edited 3"), encoding="utf-8")
    cache.deck_and_items(deck_path)
    assert len(entries(cache_dir)) == 2


def test_other_code_rebuilds(cache_dir, deck_path, monkeypatch):
    from factdrill.generators import incremental

    cache.deck_and_items(deck_path)
    runs = []
    real = incremental.Updater.run
    monkeypatch.setattr(incremental.Updater, "run", lambda self: runs.append(self.rebuild) or real(self))
    cache.deck_and_items(deck_path)
    assert runs == []  # unchanged: nothing generated
    monkeypatch.setattr(cache, "_code_print", "another build of factdrill")
    _, items = cache.deck_and_items(deck_path)
    assert runs == [True]
    assert dicts(items) == dicts(generate(load_deck(deck_path), seed=0))


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(p.read_bytes()[:3000]),
        lambda p: p.write_bytes(b"not a database at all \x00\xff" * 100),
        lambda p: p.write_bytes(p.read_bytes()[:100] + b"\xff" * 50 + p.read_bytes()[150:]),
    ],
    ids=["empty", "truncated", "garbage", "bad-header"],
)
def test_damaged_entry_is_ignored_and_rebuilt(cache_dir, deck_path, damage):
    _, items = cache.deck_and_items(deck_path)
    (entry,) = entries(cache_dir)
    damage(entry)
    _, again = cache.deck_and_items(deck_path)
    assert dicts(again) == dicts(items)
    _, third = cache.deck_and_items(deck_path)  # rebuilt entry is good again
    assert dicts(third) == dicts(items)
    with sqlite3.connect(entries(cache_dir)[0]) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'complete'").fetchone() == ("1",)


def test_entry_of_another_format_is_rebuilt(cache_dir, deck_path):
    _, items = cache.deck_and_items(deck_path)
    (entry,) = entries(cache_dir)
    with sqlite3.connect(entry) as conn:
        conn.execute("UPDATE meta SET value = 'an older format' WHERE key = 'format'")
    conn.close()
    _, again = cache.deck_and_items(deck_path)
    assert dicts(again) == dicts(items)
    with sqlite3.connect(entry) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() != ("an older format",)


def test_unwritable_cache_is_not_an_error(tmp_path, deck_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("FACTDRILL_CACHE", str(blocker / "cache"))  # cannot be created
    _, items = cache.deck_and_items(deck_path)
    assert dicts(items) == dicts(generate(load_deck(deck_path), seed=0))


def test_bad_deck_raises_and_is_not_cached(cache_dir, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nfacts: 3\n", encoding="utf-8")
    with pytest.raises(DeckError):
        cache.deck_and_items(bad)
    with pytest.raises(DeckError):
        cache.deck_and_items(bad)
    for entry in entries(cache_dir):
        with sqlite3.connect(entry) as conn:
            assert conn.execute("SELECT count(*) FROM facts").fetchone() == (0,)


def test_missing_deck_is_the_loaders_error(cache_dir, tmp_path):
    with pytest.raises(DeckError):
        cache.deck_and_items(tmp_path / "nowhere.yaml")


def test_entries_others_could_have_written_are_never_unpickled(cache_dir, deck_path, tmp_path):
    _, items = cache.deck_and_items(deck_path)
    (entry,) = entries(cache_dir)
    assert entry.stat().st_mode & 0o077 == 0  # written private
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (Path.touch, (marker,))

    with sqlite3.connect(entry) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'head'", (pickle.dumps(Evil()),))
    conn.close()
    os.chmod(entry, 0o666)  # a planted, world-writable entry
    _, again = cache.deck_and_items(deck_path)
    assert not marker.exists()
    assert dicts(again) == dicts(items)


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_a_link_planted_at_the_entry_is_never_followed(cache_dir, deck_path, tmp_path, suffix):
    _, items = cache.deck_and_items(deck_path)
    (entry,) = entries(cache_dir)
    victim = tmp_path / "victim.db"  # e.g. the user's review store
    with sqlite3.connect(victim) as conn:
        conn.execute("CREATE TABLE reviews (x)")
    conn.close()
    os.chmod(victim, 0o600)
    before = victim.read_bytes()
    for p in (entry, Path(f"{entry}-wal"), Path(f"{entry}-shm")):
        p.unlink(missing_ok=True)
    Path(f"{entry}{suffix}").symlink_to(victim)
    _, again = cache.deck_and_items(deck_path)
    assert victim.read_bytes() == before
    assert dicts(again) == dicts(items)
    assert not Path(f"{entry}{suffix}").is_symlink()  # removed, and a database of our own written


def test_the_cache_folder_stays_bounded(cache_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    paths = []
    for i in range(9):  # nine decks in nine temporary folders, as a test suite makes
        folder = tmp_path / f"deck{i}"
        folder.mkdir()
        paths.append(write_synth_deck(folder, 6, topics=2))
    for p in paths:
        cache.deck_and_items(p)
    assert len(entries(cache_dir)) == 3
    _, items = cache.deck_and_items(paths[-1])  # the newest is still there and right
    assert dicts(items) == dicts(generate(load_deck(paths[-1]), seed=0))
