"""The pieces of ``factdrill draft`` an author relies on without seeing: how a
reference is read, where a block's lines are, what Markdown and HTML turn into."""

from __future__ import annotations

import pytest

from factdrill.deck.draft.blocks import BlockKind
from factdrill.deck.draft.html import read_html
from factdrill.deck.draft.references import find, parse_reference
from factdrill.deck.draft.sentences import sentences, strip_cites
from factdrill.deck.draft.text import read_text


@pytest.mark.parametrize("text, expected", [
    ("Berman AT, Thukral AD. Incidence of metastases. Clin Breast Cancer. 2013;13(2):88-94. "
     "doi:10.1016/j.clbc.2012.11.001",
     {"authors": "Berman AT, Thukral AD", "title": "Incidence of metastases", "journal": "Clin Breast Cancer",
      "year": 2013, "details": "13(2):88-94", "doi": "10.1016/j.clbc.2012.11.001"}),
    # factdrill's own citation style: no stop between journal and year
    ("Inoue M, Nakada H, et al. Sites of metastases. Breast Cancer 2017;24(5):667-672. doi:10.1007/s12282-017-0753-4",
     {"authors": "Inoue M, Nakada H, et al", "journal": "Breast Cancer", "year": 2017,
      "doi": "10.1007/s12282-017-0753-4"}),
    ("[3] Smith J. A study (of things). J Test. 2019 Mar;4:1-2. https://doi.org/10.1000/xyz(19)01-2.",
     {"authors": "Smith J", "title": "A study (of things)", "year": 2019, "doi": "10.1000/xyz(19)01-2"}),
    ("American Cancer Society. Types of Breast Cancer.",
     {"publisher": "American Cancer Society", "title": "Types of Breast Cancer"}),
    ("World Health Organization. Hand hygiene guidance. https://www.who.int/hh. Accessed May 1, 2020.",
     {"publisher": "World Health Organization", "title": "Hand hygiene guidance", "url": "https://www.who.int/hh"}),
])
def test_references_are_read_in_vancouver_style(text, expected):
    fields = parse_reference(text)
    for key, value in expected.items():
        assert fields.get(key) == value, (key, fields)
    assert "doi" not in fields.get("title", "").lower()


def test_markdown_headings_lists_footnotes_and_code():
    doc = read_text(
        "Title Here\n==========\n\nIntro with a mark[^1].\n\n## Part *One*\n\n"
        "Lead line:\n\n- one\n- two\n  continued\n\n```\n- not an item 50%\n```\n\n"
        "[^1]: Smith J. T. J Test. 2010;1:2. doi:10.5555/a\n",
        "a.md", markdown=True,
    )
    kinds = [(b.kind, b.text, b.line) for b in doc.blocks]
    assert doc.title == "Title Here"
    assert (BlockKind.HEADING, "Part One", 6) in kinds
    assert (BlockKind.ITEM, "two continued", 11) in kinds
    assert not any("not an item" in b.text for b in doc.blocks)
    refs = find(doc)
    assert [r.fields.get("doi") for r in refs.refs] == ["10.5555/a"]
    assert strip_cites(doc.blocks[1].text) == ("Intro with a mark.", (1,))


def test_plain_text_lines_are_kept_for_every_sentence():
    doc = read_text("A Title\n\nFirst sentence here. Second one\nwraps onto line four. Third.\n", "t.txt",
                    markdown=False)
    para = doc.blocks[1]
    assert [(s.text, s.line) for s in sentences(para)] == [
        ("First sentence here.", 3), ("Second one wraps onto line four.", 3), ("Third.", 4)]


def test_html_soup_is_read_without_error():
    doc = read_html("<h2>Top<p>para <b>one</i> 30%<li>item<li>item two</ul></ul><h3>Sub</h3>"
                    "<p>x<sup>2,4-5</sup></p><script>99%</script><!-- c --><![CDATA[x]]>", "s.html")
    texts = [b.text for b in doc.blocks]
    assert "para one 30%" in texts and "item two" in texts
    assert "x[2,4-5]" in texts
    assert not any("99" in t for t in texts)
    assert strip_cites("x[2,4-5]")[1] == (2, 4, 5)
