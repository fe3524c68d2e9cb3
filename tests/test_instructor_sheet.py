"""Study sheet: facts by topic in plain words, numbered references, escaped HTML and Markdown."""

from __future__ import annotations

from html.parser import HTMLParser

from click.testing import CliRunner

from factdrill.cli import cli
from factdrill.deck.facts import Mapping, Ranking
from factdrill.instructor.sheet import build_sheet, render_html, render_markdown

from instructor_fixtures import NASTY, make_deck


def deck_with_everything():
    return make_deck(extra_facts=(
        Mapping(id="brands", topic="bone", sources=("s2",), name="brand and generic names", left="brand",
                right="generic", pairs=(("Zometa", "zoledronic acid"), ("Xgeva", "denosumab"))),
        Ranking(id="order", topic="stats", sources=("s1",), name="first sites", items=("bone", "lung", "liver"),
                order="most common first"),
    ))


def test_facts_grouped_by_topic_in_deck_order_with_references_by_first_citation():
    sheet = build_sheet(deck_with_everything())
    assert [s.title for s in sheet.sections] == ["Bone & joints", "Liver", "Brain", "Statistics"]
    bone = sheet.sections[0].entries
    assert bone[0].lead == "hypercalcemia" and bone[0].body == "too much calcium in the blood"
    assert bone[0].refs == (1,)  # s1 is cited first
    assert bone[1].lines == ("Zometa \u2192 zoledronic acid", "Xgeva \u2192 denosumab") and bone[1].refs == (2,)
    stats = sheet.sections[3].entries
    assert stats[0].body == "41% (women after lumpectomy; 2013 cohort study)"
    assert stats[1].lines == ("1. bone", "2. lung", "3. liver")
    assert sheet.references[0].startswith("Berman AT. Incidence & patterns <i>of</i> metastases.")
    assert sheet.references[1].startswith("Where breast cancer spreads. Verywell 2023.")
    brain = sheet.sections[2].entries[0]
    assert brain.refs == (1, 2) and brain.body.endswith(" brain")  # cloze markup removed; marks in order


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_escapes_deck_text_and_links_references():
    page = render_html(build_sheet(deck_with_everything()))
    p = _Collect()
    p.feed(page)
    names = [t for t, _ in p.tags]
    assert "script" not in names and "i" not in names and "b" not in names  # all deck markup is text
    text = "".join(p.text)
    assert '<script>alert("x")</script>' in text and "Incidence & patterns <i>of</i>" in text
    hrefs = [a["href"] for t, a in p.tags if t == "a"]
    assert "#ref1" in hrefs and "https://example.org/a?b=1&c=2" in hrefs
    assert "https://doi.org/10.1016/j.clbc.2012.11.001" in hrefs
    assert 'Verywell 2023. <a href="https://example.org/a?b=1&amp;c=2">' in page
    assert page.count('<li id="ref') == 2 and "@page" in page


def test_markdown_sheet_is_escaped_and_numbered():
    md = render_markdown(build_sheet(deck_with_everything()))
    assert md.startswith("# Test deck &lt;b&gt;&amp; \"co\"&lt;/b&gt;\n")
    assert "## Bone &amp; joints" in md
    assert "- **hypercalcemia**: too much calcium in the blood [1]" in md
    assert "<script>" not in md and "\\*" in md and "\\`code\\`" in md
    assert md.rstrip().splitlines()[-2:] == [
        "1. Berman AT. Incidence &amp; patterns &lt;i&gt;of&lt;/i&gt; metastases. Clin Breast Cancer 2013. "
        "doi:10.1016/j.clbc.2012.11.001",
        "2. Where breast cancer spreads. Verywell 2023. https://example.org/a?b=1&amp;c=2",
    ]
    assert NASTY not in md  # never raw


def test_sheet_command_on_the_flagship_deck(tmp_path):
    out = tmp_path / "sheet.html"
    result = CliRunner().invoke(cli, ["sheet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<h2>References</h2>" in page and page.count("<section ") >= 10
    md = CliRunner().invoke(cli, ["sheet", "--format", "md"])
    assert md.exit_code == 0 and "## References" in md.output
