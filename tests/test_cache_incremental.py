"""The items cache after edits: exactly what a full generation gives.

After any sequence of edits (a word of a definition, a figure, a fact moved,
removed or added, a topic changed, a file added or deleted, the deck's
metadata), the incremental path (re-read the edited file, regenerate the
units whose inputs changed) must give the same deck, items and skips as
loading and generating the deck afresh; the drill's lazy reads (one card's
items, the card list) must agree with them too. An edit to one fact
regenerates only what depends on it.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdrill.commands.items import _json_lines
from factdrill.deck.loader import load_deck
from factdrill.generators import cache
from factdrill.generators import filescan, generate_report, incremental
from factdrill.generators.common import Context
from factdrill.generators.tracking import TrackingContext
from factdrill.generators.items import ItemKind
from factdrill.study.queue import deck_cards
from synthdeck import WORDS, write_synth_deck, write_synth_folder

OPS = ["reword", "word", "figure", "remove", "move", "topic", "add", "file", "unfile", "meta", "variant", "member"]


def _blocks(text: str) -> list[tuple[int, int]]:
    starts = [m.start() for m in re.finditer(r"^  - id: fact-", text, re.M)]
    return [(a, b) for a, b in zip(starts, starts[1:] + [len(text)])]


def edit(deck: Path, op: str, n: int) -> None:
    """One edit to the deck at ``deck`` (a folder or one file), chosen by ``n``."""
    files = sorted(deck.glob("part-*.yaml")) if deck.is_dir() else [deck]
    files = [f for f in files if _blocks(f.read_text(encoding="utf-8"))] or files
    f = files[n % len(files)]
    text = f.read_text(encoding="utf-8")
    blocks = _blocks(text)
    if not blocks and op not in ("file", "meta"):
        return
    a, b = blocks[n % len(blocks)] if blocks else (0, 0)
    block = text[a:b]
    if op == "reword":
        block = block.replace(" of ", " about ", 1).replace(" says ", " states ", 1)
    elif op == "word":
        word = next((w for w in WORDS if f" {w}" in block), None)
        if word:
            block = block.replace(f" {word}", f" {WORDS[(WORDS.index(word) + n) % len(WORDS)]}", 1)
    elif op == "figure":
        block = re.sub(r"value: \d+", f"value: {1 + n % 90}", block)
    elif op == "topic":
        block = re.sub(r"topic: topic-\d+", f"topic: topic-{n % 3}", block)
    elif op == "variant":
        block = block.replace("nothing matters", "everything matters" if n % 2 else "little matters")
    elif op == "member":
        block = re.sub(r"(sign \d+-1 )\w+", rf"\g<1>{WORDS[n % len(WORDS)]}", block)
    if op == "remove" and len(blocks) > 1:
        f.write_text(text[:a] + text[b:], encoding="utf-8")
        return
    if op == "move" and len(files) > 1 and len(blocks) > 1:
        # (a file's only fact stays: copied without being removed, its id
        # would be in the deck twice, which check refuses)
        other = files[(n // 7 + 1) % len(files)]
        if other != f:
            f.write_text(text[:a] + text[b:], encoding="utf-8")
            other.write_text(other.read_text(encoding="utf-8") + block, encoding="utf-8")
            return
    if op == "add":
        block = text[a:b] + re.sub(r"id: fact-(\d+)", rf"id: fact-\g<1>-copy{n}-{len(text)}", text[a:b], count=1)
    if op == "file" and deck.is_dir():
        (deck / f"part-new-{n}.yaml").write_text(
            "facts:\n" + re.sub(r"id: fact-(\d+)", rf"id: fact-\g<1>-new{n}-{len(text)}", block, count=1),
            encoding="utf-8")
        return
    if op == "unfile" and deck.is_dir() and len(files) > 1:
        f.unlink()
        return
    if op == "meta":
        head = deck / "deck.yaml" if deck.is_dir() else deck
        meta = head.read_text(encoding="utf-8")
        if n % 2 or "synonyms:" in meta:
            meta = re.sub(r"title: Topic (number \d+|1)\n", f"title: Topic number {n}\n", meta, count=1)
        else:
            meta = meta.replace("topics:\n", "synonyms:\n  - terms: [alpha, alfa]\n    sources: [ref]\ntopics:\n", 1)
        head.write_text(meta, encoding="utf-8")
        return
    f.write_text(text[:a] + block + text[b:], encoding="utf-8")


def assert_same_as_fresh(path: Path) -> None:
    fresh = load_deck(path)
    items, skips = generate_report(fresh, seed=0)
    with cache.open_items(path) as view:
        # the database on disk, not the in-memory fallback for a damaged one
        assert view.conn.execute("PRAGMA database_list").fetchone()[2]
        assert view.deck() == fresh
        assert [it.to_dict() for it in view.items()] == [it.to_dict() for it in items]
        assert view.skips() == skips
        # every kept memo node's value is what the helper gives on the fresh deck
        from factdrill.generators.tracking import SEP, memo_function, value_digest

        ctx, by_id = Context(fresh), {f.id: f for f in fresh.facts}
        for key, value in view.conn.execute("SELECT key, value FROM keys WHERE key >= ? AND key < ?",
                                            ("m" + SEP, "m" + chr(ord(SEP) + 1))):
            _, name, fid = key.split(SEP)
            if fid in by_id:
                assert value == value_digest(memo_function(name)(ctx, by_id[fid])), key
        # ...and it is recorded as reading what the helper reads on the fresh deck
        tracked = TrackingContext(fresh, 0)
        for mid, name, fid in view.conn.execute("SELECT mid, name, fact FROM memos").fetchall():
            if fid in by_id:
                fact, fn = by_id[fid], memo_function(name)
                _, reads = tracked._framed(fact, lambda: fn(tracked, fact))
                stored = view.conn.execute("SELECT k.key FROM rdeps r JOIN keys k ON k.kid = r.kid WHERE r.node = ?",
                                           (-mid,)).fetchall()
                assert {k for (k,) in stored} == set(reads), (name, fid)
        # the term word counts kept for the next update are a fresh count's
        kept = view.conn.execute("SELECT value FROM meta WHERE key = 'term_df'").fetchone()
        if kept is not None:
            assert dict(pickle.loads(kept[0])) == dict(Context(fresh).term_word_df())  # no zero counts
        cards = deck_cards(fresh, items)
        assert [(c.card, c.fact, c.topic, c.tags) for c in view.card_rows()] == [
            (c.card_id, c.fact_id, c.topic, c.tags) for c in cards]
        for c in cards[:: max(1, len(cards) // 7)]:
            assert view.card_items(c.card_id) == [it for it in items if it.card == c.card_id]
    # items --json from the texts kept by the last run (an edit drops the
    # texts of the facts whose items it rewrote): rendered, then read back
    expected = _json_lines(items)
    for _ in range(2):
        with cache.open_items(path) as view:
            assert "".join(view.fact_texts(_json_lines)) == expected


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(folder=st.booleans(),
       edits=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 10**6)), min_size=1, max_size=4))
def test_after_any_edits_the_cache_gives_what_a_fresh_generation_gives(tmp_path_factory, monkeypatch, folder, edits):
    root = tmp_path_factory.mktemp("deck")
    monkeypatch.setenv("FACTDRILL_CACHE", str(root / "cache"))
    monkeypatch.setattr(filescan, "RACY_NS", 0)  # trust signatures: each edit changes size or mtime
    path = write_synth_folder(root, 36, per_file=9, topics=3) if folder else write_synth_deck(root, 36, topics=3)
    cache.open_items(path).close()
    for op, n in edits:
        edit(path, op, n)
        assert_same_as_fresh(path)


def units_generated(monkeypatch) -> list[int]:
    counts: list[int] = []
    real = incremental.Updater._generate

    def counting(self, ctx, facts, kinds):
        counts.append(sum(len(kinds[f.id]) for f in facts))
        return real(self, ctx, facts, kinds)

    monkeypatch.setattr(incremental.Updater, "_generate", counting)
    return counts


def test_editing_one_fact_regenerates_only_what_reads_it(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    path = write_synth_folder(tmp_path, 600, per_file=100, topics=20)
    cache.open_items(path).close()
    counts = units_generated(monkeypatch)
    part = path / "part-00003.yaml"
    # a definition reworded (another word count, the same telling words)
    part.write_text(part.read_text(encoding="utf-8").replace("meaning 300 of", "meaning 300 about"),
                    encoding="utf-8")
    assert_same_as_fresh(path)
    with cache.open_items(path) as view:  # the counts were kept, and brought up to date (checked above)
        assert view.conn.execute("SELECT 1 FROM meta WHERE key = 'term_df'").fetchone()
    # the term itself (every item kind) and the few terms drawing it as a distractor
    kinds = len(ItemKind)
    assert kinds <= counts[0] <= kinds + 40, counts
    part.write_text(re.sub(r"(id: fact-301\n(?:.*\n)*?    value: )\d+", r"\g<1>3", part.read_text(encoding="utf-8"),
                           count=1), encoding="utf-8")
    assert_same_as_fresh(path)
    assert counts[1] <= kinds + 40, counts


def test_an_unchanged_deck_reads_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    path = write_synth_folder(tmp_path, 30, per_file=10, topics=3)
    cache.open_items(path).close()
    monkeypatch.setattr(filescan, "RACY_NS", -10**18)  # the files are old enough to trust
    cache.open_items(path).close()  # the signatures are taken, trusted from now on
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    with cache.open_items(path) as view:
        assert view.head.id == "synth-30"
    assert read == []


def test_a_rewrite_within_the_timestamp_granularity_is_seen(tmp_path, monkeypatch):
    # same size, same mtime (a coarse file system): a file written just
    # before its signature was taken is hashed again next time
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    path = write_synth_deck(tmp_path, 12, topics=2)
    st = path.stat()
    cache.open_items(path).close()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Explanation number 4", "Explanation numbr 44"), encoding="utf-8")
    import os

    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert_same_as_fresh(path)


@pytest.mark.parametrize("folder", [True, False])
def test_a_bad_edit_raises_and_the_fixed_deck_is_right_again(tmp_path, monkeypatch, folder):
    from factdrill.errors import DeckError

    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    path = write_synth_folder(tmp_path, 24, per_file=8, topics=3) if folder else write_synth_deck(tmp_path, 24, topics=3)
    cache.open_items(path).close()
    f = sorted(path.glob("part-*.yaml"))[1] if folder else path
    good = f.read_text(encoding="utf-8")
    f.write_text(good.replace("topic: topic-1", "topic: no-such-topic", 1), encoding="utf-8")
    with pytest.raises(DeckError, match="no-such-topic"):
        cache.open_items(path)
    f.write_text(good.replace("id: fact-9\n", "id: fact-10\n", 1), encoding="utf-8")  # a duplicate id
    with pytest.raises(DeckError, match="duplicate fact id"):
        cache.open_items(path)
    f.write_text(good.replace("Explanation number 9", "Fixed 9"), encoding="utf-8")
    assert_same_as_fresh(path)


def test_situations_edited_in_the_flagship_are_generated_as_fresh(tmp_path, monkeypatch):
    # judgment items (priority, grids, bowtie, case...) come from situations,
    # which draw on each other: the cache must hand them one situation at a
    # time and see an edit to one in the items of the others
    import shutil

    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "deck"
    shutil.copytree(Path(__file__).resolve().parents[1] / "decks" / "breast-cancer-metastasis", path)
    assert_same_as_fresh(path)
    part = path / "situations.yaml"
    text = part.read_text(encoding="utf-8")
    assert "a band of pain around her body" in text
    part.write_text(text.replace("a band of pain around her body", "a tight band of pain around her chest"),
                    encoding="utf-8")
    assert_same_as_fresh(path)


_FRESH_PROCESS_EDIT = """
import json, sys
from factdrill.generators import cache, tracking
from factdrill.generators import incremental
calls = []
resolve = tracking.memo_function
def spy(name):
    calls.append((name, 'factdrill.generators.mcq' in sys.modules))
    return resolve(name)
tracking.memo_function = spy
cache.open_items(sys.argv[1]).close()
print(json.dumps({"calls": calls, "modules": sorted(m for m in sys.modules if m.startswith("factdrill.generators."))}))
"""


def _open_in_a_fresh_process(path: Path, cache_dir: Path) -> dict:
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, FACTDRILL_CACHE=str(cache_dir))
    out = subprocess.run([sys.executable, "-c", _FRESH_PROCESS_EDIT, str(path)], capture_output=True, text=True,
                         env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_an_edit_imports_only_the_generators_of_the_kinds_it_regenerates(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_code_print", None)  # as the child computes it
    path = write_synth_folder(tmp_path, 300, per_file=100, topics=10)
    cache.open_items(path).close()
    part = path / "part-00001.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("meaning 102 of", "meaning 102 about"),
                    encoding="utf-8")
    report = _open_in_a_fresh_process(path, tmp_path / "cache")
    modules = set(report["modules"])
    # a term's items: flashcards, clozes, MCQs; no nursing-judgment generator
    assert {"factdrill.generators.mcq", "factdrill.generators.flashcard", "factdrill.generators.cloze"} <= modules
    assert not modules & {"factdrill.generators.bowtie", "factdrill.generators.case", "factdrill.generators.sata",
                          "factdrill.generators.numeric_mcq"}, modules
    assert_same_as_fresh(path)


def test_a_memo_node_of_a_module_not_imported_yet_is_recomputed_right(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_code_print", None)
    path = write_synth_folder(tmp_path, 300, per_file=100, topics=10)
    cache.open_items(path).close()
    part = path / "part-00001.yaml"
    calls = []
    for n in range(3):  # a word of a definition swapped: other terms' telling words are weighed again
        text = part.read_text(encoding="utf-8")
        line = re.search(r"definition: meaning 102 of (\w+)", text)
        word = WORDS[(WORDS.index(line.group(1)) + 5 + n) % len(WORDS)]
        part.write_text(text.replace(line.group(0), f"definition: meaning 102 of {word}"), encoding="utf-8")
        calls += _open_in_a_fresh_process(path, tmp_path / "cache")["calls"]
        assert_same_as_fresh(path)
    # the telling words of terms are recomputed before their generator was imported
    assert ["factdrill.generators.mcq._telling_words", False] in calls, calls


def test_a_memo_name_resolves_by_importing_its_module(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from factdrill.generators.tracking import memo_function as f; "
            "assert 'factdrill.generators.mcq' not in sys.modules; "
            "print(f('factdrill.generators.mcq._telling_words').__name__, 'factdrill.generators.mcq' in sys.modules, "
            "f('factdrill.generators.gone._helper'), f('os.path.join'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["_telling_words", "True", "None", "None"]
