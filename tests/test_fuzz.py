"""Bounded fuzzing of the two places where untrusted text enters factdrill.

* Deck files: byte-level mutations of a valid deck (control characters,
  broken UTF-8, stray YAML syntax, cut files) go through the same path a
  drill takes (``cache.deck_and_items``: read, hash, validate, generate):
  the result is a ``DeckError`` or a list of items, never another exception.
* Answers: arbitrary Unicode (and mutations of the right answer) graded
  against one item of every kind: a grade or a re-prompt, never a crash,
  always the same verdict for the same text.

Example counts are modest (the suite runs on 2 cores) but every run draws
new examples, so CI keeps exploring.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from factdrill.errors import DeckError
from factdrill.study.grading import Grade, InvalidResponse, grade, key_response
from factdrill.generators.items import Item, ItemKind
from synthdeck import synth_deck_text

SEED_DECK = synth_deck_text(24, topics=3).encode("utf-8")
JUNK = [b"\x00", b"\xff", b"\xc3", b"\x1b[2J", b"\t", b"\r", b"\n", b"\n  ", b"- ", b": ", b"{", b"}", b"[",
        b"]", b"&a ", b"*a", b"!!python/object:os.system ", b"!!binary ", b"'", b'"', b"#", b"|", b">",
        b"---\n", b"...\n", b"? ", b"%YAML 1.1\n", b"\xe2\x80\xae", b"\xef\xbb\xbf", b"<<: ", b"~", b"1e999",
        b"{{", b"}}", b"::", b"kind: ", b"id: ", b"facts: ", "ü日本".encode()]


@pytest.fixture(scope="module")
def private_cache(tmp_path_factory):
    """Items cache in a temporary folder, not the user's."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACTDRILL_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@st.composite
def mutated_decks(draw) -> bytes:
    data = SEED_DECK
    for _ in range(draw(st.integers(1, 3))):
        # mostly small edits, so a good share of mutants stays a valid deck
        op = draw(st.sampled_from(["insert"] * 4 + ["replace"] * 3 + ["delete", "truncate"]))
        pos = draw(st.integers(0, len(data)))
        if op == "truncate":
            data = data[:pos]
        elif op == "delete":
            data = data[:pos] + data[pos + draw(st.integers(1, 40)):]
        else:
            piece = draw(st.one_of(st.sampled_from(JUNK), st.binary(min_size=1, max_size=6)))
            cut = pos + (len(piece) if op == "replace" else 0)
            data = data[:pos] + piece + data[cut:]
    return data


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_decks())
def test_fuzz_deck_files_load_and_generate_or_fail_cleanly(data, private_cache):
    from factdrill.generators.cache import deck_and_items

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutant.yaml"
        path.write_bytes(data)
        try:
            deck, items = deck_and_items(path)
        except DeckError as exc:
            message = str(exc)
            assert "\n" not in message and "internal error" not in message, message
            event("refused")
            return
    event("loaded")
    assert all(isinstance(it, Item) for it in items)
    for it in items:
        if it.kind is not ItemKind.FLASHCARD:
            assert grade(it, key_response(it)).correct, it.id


@pytest.fixture(scope="module")
def one_item_per_kind() -> dict[ItemKind, Item]:
    from factdrill.generators.cache import deck_and_items
    from factdrill.deck.loader import resolve_deck

    _, items = deck_and_items(resolve_deck(None))
    out: dict[ItemKind, Item] = {}
    for it in items:
        out.setdefault(it.kind, it)
    return out


def _verdict(item: Item, text: str):
    try:
        g = grade(item, text)
    except InvalidResponse as exc:
        assert str(exc) and "\n" not in str(exc)
        return ("again", str(exc))
    assert isinstance(g, Grade)
    assert 0.0 <= g.score <= 1.0
    assert g.earned <= g.possible
    return ("graded", g.score, g.correct)


answers = st.one_of(
    st.text(max_size=80),
    # numbers too long for int() (Python refuses strings over 4,300 digits)
    st.builds(lambda n, tail: "1" * n + tail, st.integers(4000, 6000), st.sampled_from(["", "a", "-b 2a", " %"])),
    st.text(alphabet="abcdefgh ,;0123456789.-%", max_size=30),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(list(ItemKind)), text=answers)
def test_fuzz_answers_are_graded_or_asked_again_the_same_way_twice(one_item_per_kind, kind, text):
    item = one_item_per_kind[kind]
    assert _verdict(item, text) == _verdict(item, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(list(ItemKind)), pre=st.sampled_from(["", " ", "  ", "\t"]),
       post=st.sampled_from(["", " ", "\t ", "  "]), noise=st.text(max_size=3), at=st.integers(0, 40))
def test_fuzz_the_key_with_spaces_is_right_and_near_misses_never_crash(one_item_per_kind, kind, pre, post, noise, at):
    item = one_item_per_kind[kind]
    key = key_response(item)
    assert grade(item, pre + key + post).correct
    at = min(at, len(key))
    _verdict(item, key[:at] + noise + key[at:])
