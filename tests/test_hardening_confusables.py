"""Look-alike text: members and non-members (and distractors and answers)
are compared by UTS #39 skeleton with format characters removed, so no
item shows two options a student cannot tell apart.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdrill.deck.confusables import look_alike, skeleton
from factdrill.deck.loader import check_deck
from hostile import builders as b

LOOK_ALIKES = [
    ("Smоke", "Smoke"),            # Cyrillic о
    ("smo\u200bke", "smoke"),      # zero-width space
    ("Ｓｍｏｋｅ", "smoke"),        # fullwidth
    ("ѕmoke", "smoke"),            # Cyrillic dze
    ("smok\u0435", "smoke"),       # Cyrillic е
    ("sm\u00adoke", "smoke"),      # soft hyphen
    ("smoke\ufe0f", "smoke"),      # variation selector
    ("ѕｍо\u200dkе", "SMOKE"),     # all at once
]


@pytest.mark.parametrize("fake, real", LOOK_ALIKES)
def test_look_alikes_share_a_key(fake, real):
    assert fake != real and look_alike(fake) == look_alike(real)


@pytest.mark.parametrize("a, b_", [("bone", "bones"), ("café", "cafe"), ("liver", "lung"), ("HER2", "HER3")])
def test_different_words_keep_different_keys(a, b_):
    assert look_alike(a) != look_alike(b_)


@given(st.text(max_size=30))
def test_the_skeleton_is_stable(text):
    assert skeleton(skeleton(text)) == skeleton(text)
    assert look_alike(text) == look_alike(text + " ")


@given(st.text(st.characters(max_codepoint=0x7F), max_size=30))
def test_ascii_text_gets_the_whole_tables_skeleton(text):
    # ASCII text skips the full table (an edit's check stays light); its
    # "rn"-for-"m" and "l"-for-"1" entries must still apply
    from factdrill.deck.confusables import _prototypes

    table = _prototypes()
    assert skeleton(text) == unicodedata.normalize("NFD", "".join(table.get(c, c) for c in text))
    assert look_alike("rn1") == look_alike("ml")


def set_fact(members: list[str], non_members: list[str]) -> str:
    quote = lambda xs: "[" + ", ".join(f'"{x}"' for x in xs) + "]"  # noqa: E731
    return (f"  - id: s1\n    kind: set\n    topic: bone\n    name: signs\n    members: {quote(members)}\n"
            f"    non_members: {quote(non_members)}\n    sources: [ref]\n    explanation: x\n")


@pytest.mark.parametrize("fake, real", LOOK_ALIKES)
def test_a_non_member_that_looks_like_a_member_is_refused(tmp_path, fake, real):
    escaped = fake.encode("ascii", "backslashreplace").decode().replace("\\x", "\\x")
    path = b.write(tmp_path, "s.yaml", b.deck(b.TERMS + set_fact([real, "nausea"], [escaped, "fever"])))
    deck, problems = check_deck(path)
    assert deck is None
    messages = [p.message for p in problems if p.is_error]
    assert any("looks the same as member" in m for m in messages), messages


def test_look_alike_members_are_refused_too(tmp_path):
    path = b.write(tmp_path, "s.yaml", b.deck(b.TERMS + set_fact(["Smoke", "Sm\\u043eke", "nausea"], ["fever"])))
    deck, problems = check_deck(path)
    assert deck is None and any("looks the same as 'Smoke'" in p.message for p in problems)


def test_a_sibling_look_alike_never_becomes_a_distractor():
    from factdrill.deck.facts import Deck, FactSet, Source, Topic
    from factdrill.generators import generate

    ours = FactSet(id="a", topic="t", sources=("r",), name="signs of liver metastases", signs_of="liver metastases",
                   members=("Smoke", "Fever"))
    sibling = FactSet(id="b", topic="t", sources=("r",), name="signs of lung metastases", signs_of="lung metastases",
                      members=("Smоke", "cough", "wheeze"))
    deck = Deck(id="d", title="D", topics=(Topic(id="t", title="T"),), sources={"r": Source(key="r", title="R")},
                facts=(ours, sibling))
    for item in generate(deck, seed=0):
        if item.fact_ids == ("a",):
            shown = [o.text for o in item.options] + [item.prompt]
            assert "Smоke" not in " ".join(shown), shown  # never offered as wrong beside "Smoke"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_an_ascii_skeleton_maps_each_character_by_the_table(text):
    from factdrill.deck import confusables

    table = confusables._ascii_prototypes()
    assert confusables.skeleton(text) == unicodedata.normalize("NFD", "".join(table.get(c, c) for c in text))
