"""The YAML writer of drafts and imports: any text reads back exactly as it was.

Drafted and imported decks carry text from anywhere (articles, card sets);
one scalar that YAML reads differently (``yes`` as true, ``1e3`` as a
number, ``a: b`` as a mapping, a ``#`` comment) would change a fact or break
the deck, so every style the writer picks is checked against the loader.
"""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from factdrill.deck.yamlout import Comment, clean, dump, scalar

TRICKY = ["yes", "No", "on", "~", "null", "1e3", "0x1F", "2013-01-01", "- item", "a: b", "x #y",
          "'quoted'", '"dq"', "[1, 2]", "{a}", "*alias", "&anchor", "!tag", "%", "@", "`",
          " lead", "trail ", "two  spaces", "line\nbreak", "tab\there", "\x1b[31m", "\u202e",
          "\ud800", "\ufeff", "é" * 200, "word " * 40, "", "?0", "0?", ": x", "-"]


def _reads_back(text: str, **kw) -> bool:
    return yaml.safe_load(f"k: {scalar(text, **kw)}\n")["k"] == clean(text)


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_any_text_reads_back_in_block_context(text):
    assert _reads_back(text)


@given(st.lists(st.text(max_size=40), max_size=6))
@settings(max_examples=200)
def test_any_list_of_texts_reads_back(items):
    data = yaml.safe_load(dump({"members": items}))
    assert data["members"] == [clean(i) for i in items]


def test_tricky_texts_read_back_and_plain_words_stay_plain():
    for text in TRICKY:
        assert _reads_back(text), text
    # and inside a flow list such as members: [a, b] ('?0' there is a key indicator)
    assert yaml.safe_load(dump({"m": TRICKY}))["m"] == [clean(t) for t in TRICKY]
    assert scalar("jaundice") == "jaundice"
    assert scalar("yes") == '"yes"'
    assert scalar("word " * 40 + "end").startswith(">-\n")  # long text is folded, not one line


def test_nested_mappings_lists_and_comments():
    data = {
        Comment("made by a test"): None,
        "id": "x",
        "n": 3,
        "f": 2.5,
        "flag": False,
        "skip": None,
        "sources": {"a": {"title": "T: sub", "year": 2013}},
        "facts": [{Comment("first"): None, "id": "a", "members": ["a, b", "c"]}, {"id": "b"}],
    }
    text = dump(data)
    assert "# made by a test" in text and "# first" in text and "skip" not in text
    assert yaml.safe_load(text) == {
        "id": "x", "n": 3, "f": 2.5, "flag": False,
        "sources": {"a": {"title": "T: sub", "year": 2013}},
        "facts": [{"id": "a", "members": ["a, b", "c"]}, {"id": "b"}],
    }
    assert all(len(line) <= 80 for line in text.splitlines())
