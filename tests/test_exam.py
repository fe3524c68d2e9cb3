"""Exam selection, versions and rendering, on hand-built items."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdrill.errors import UsageProblem
from factdrill.generators.overlap import conflicts, gives_away
from factdrill.instructor.exam import key_entries, make_versions, parse_topic_weights, select_items
from factdrill.instructor.exam_pages import build_exam_files, render_exam_html, render_exam_markdown, render_key_html, render_key_markdown
from factdrill.errors import ExportError
from factdrill.generators.items import ItemKind

from instructor_fixtures import NASTY, _item, make_deck, make_items, opt


def pool(n_per_topic=6, topics=("bone", "liver", "brain", "stats")):
    """Many independent MCQs per topic, one fact each, answers that give nothing away."""
    out = []
    for t in topics:
        for i in range(n_per_topic):
            out.append(_item(ItemKind.MCQ, f"{t}-f{i}", t, f"Question {i} about {t}?", [f"ans{t}{i}"],
                             [opt(f"ans{t}{i}", True), opt(f"wrong{t}{i}a", False), opt(f"wrong{t}{i}b", False),
                              opt(f"wrong{t}{i}c", False)]))
    return out


def test_balanced_across_topics_by_default():
    picked = select_items(pool(), make_deck(), 8, seed=1)
    counts = {t: sum(1 for i in picked if i.topic == t) for t in ("bone", "liver", "brain", "stats")}
    assert counts == {"bone": 2, "liver": 2, "brain": 2, "stats": 2}


def test_topic_weights_shape_the_split():
    deck = make_deck()
    picked = select_items(pool(), deck, 6, seed=1, weights=parse_topic_weights("bone=2,liver=1", deck))
    counts = {t: sum(1 for i in picked if i.topic == t) for t in ("bone", "liver", "brain", "stats")}
    assert counts == {"bone": 4, "liver": 2, "brain": 0, "stats": 0}


def test_bad_topic_weights_name_the_fix():
    deck = make_deck()
    with pytest.raises(UsageProblem, match="unknown topic 'lungs'; topics: bone, liver, brain, stats"):
        parse_topic_weights("lungs=1", deck)
    with pytest.raises(UsageProblem, match="TOPIC=WEIGHT"):
        parse_topic_weights("bone", deck)
    with pytest.raises(UsageProblem, match="above 0"):
        parse_topic_weights("bone=0", deck)


def test_never_two_items_on_one_fact():
    items = pool(3)
    twins = [_item(ItemKind.TRUE_FALSE, i.fact_ids[0], i.topic, f"Statement on {i.fact_ids[0]}.", ["True"],
                   extra={"truth": True}) for i in items]
    picked = select_items(items + twins, make_deck(), 12, seed=3)
    facts = [f for i in picked for f in i.fact_ids]
    assert len(facts) == len(set(facts)) == 12


def test_an_item_whose_answer_another_prompt_states_is_not_picked_with_it():
    asked = _item(ItemKind.MCQ, "a", "bone", "Which site is most common?", ["bone"],
                  [opt("bone", True), opt("lung", False), opt("liver", False)])
    giveaway = _item(ItemKind.TRUE_FALSE, "b", "bone", "Bone is the most common site of spread.", ["True"],
                     extra={"truth": True})
    number = _item(ItemKind.NUMERIC, "c", "stats", "What share went to bone?", ["41"],
                   extra={"value": 41, "unit": "%", "tolerance": 2})
    says_41 = _item(ItemKind.TRUE_FALSE, "d", "stats", "About 41% of first sites were bone.", ["True"],
                    extra={"truth": True})
    assert gives_away(giveaway, asked) and conflicts(asked, giveaway)
    assert gives_away(says_41, number)
    assert not gives_away(number, says_41)  # a true/false answer is not a phrase
    assert not gives_away(_item(ItemKind.MCQ, "e", "bone", "About 141 cases?", ["x"]), number)  # 141 is not 41
    upto = _item(ItemKind.NUMERIC, "f", "stats", "Up to how many metastases were treated?", ["5"],
                 extra={"value": 5, "unit": "metastases", "tolerance": 0})
    says_five = _item(ItemKind.TRUE_FALSE, "g", "stats", "The study treated up to five metastases.", ["True"],
                      extra={"truth": True})
    assert gives_away(says_five, upto)  # a number word gives away its digits
    for seed in range(10):
        picked = select_items([asked, giveaway, number, says_41], make_deck(), 2, seed=seed)
        assert not any(conflicts(a, b) for a in picked for b in picked if a is not b)


def test_asking_for_more_than_the_deck_can_give_says_how_many():
    with pytest.raises(ExportError, match=r"use --items 24 or fewer"):
        select_items(pool(), make_deck(), 30)


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 20), seed=st.integers(0, 10**6), versions=st.integers(1, 4))
def test_selection_and_versions_hold_their_rules(n, seed, versions):
    deck, items = make_deck(), pool(5) + make_items()
    try:
        picked = select_items(items, deck, n, seed=seed)
    except ExportError:
        return
    assert len(picked) == n
    assert not any(conflicts(a, b) for a in picked for b in picked if a is not b)
    forms = make_versions(deck, picked, versions, seed=seed)
    for f in forms:
        ids = [it.id for _, _, it in f.numbered()]
        assert sorted(ids) == sorted(i.id for i in picked)  # same questions, own order
        for _, _, it in f.numbered():
            orig = next(p for p in picked if p.id == it.id)
            assert sorted(o.text for o in it.options) == sorted(o.text for o in orig.options)
            assert {o.text for o in it.options if o.correct} == {o.text for o in orig.options if o.correct}


def test_versions_differ_in_question_and_option_order():
    deck = make_deck()
    picked = select_items(pool(), deck, 12, seed=5)
    a, b, c = make_versions(deck, picked, 3, seed=5)
    orders = [[it.id for _, _, it in f.numbered()] for f in (a, b, c)]
    assert len({tuple(o) for o in orders}) == 3
    opts = [[tuple(o.text for o in it.options) for _, _, it in sorted(f.numbered(), key=lambda x: x[2].id)]
            for f in (a, b, c)]
    assert opts[0] != opts[1] and opts[1] != opts[2]
    # sections stay in the deck's topic order
    assert [s.topic for s in a.sections] == ["bone", "liver", "brain", "stats"]


def test_same_seed_same_files_other_seed_other_files():
    deck = make_deck()
    items = pool() + make_items()

    def files(seed):
        forms = make_versions(deck, select_items(items, deck, 10, seed=seed), 3, seed=seed)
        return [(f.name, f.text) for f in build_exam_files(deck, forms)]

    assert files(7) == files(7)
    assert files(7) != files(8)
    assert [n for n, _ in files(7)] == [
        "test-deck-exam-A.html", "test-deck-exam-A.md", "test-deck-key-A.html", "test-deck-key-A.md",
        "test-deck-exam-B.html", "test-deck-exam-B.md", "test-deck-key-B.html", "test-deck-key-B.md",
        "test-deck-exam-C.html", "test-deck-exam-C.md", "test-deck-key-C.html", "test-deck-key-C.md",
    ]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _one_of_each():
    deck = make_deck()
    items = [i for i in make_items() if i.kind is not ItemKind.FLASHCARD]
    (form,) = make_versions(deck, items, 1, seed=2)
    return deck, items, form


def test_exam_html_has_header_numbered_questions_sections_and_no_injected_markup():
    deck, items, form = _one_of_each()
    page = render_exam_html(deck, form)
    p = _Tags()
    p.feed(page)
    assert "script" not in p.tags  # deck text arrives as text
    text = "".join(p.text)
    assert NASTY.replace("\\", "\\") in " ".join(text.split()) or "<script>alert" in text
    assert "Name:" in text and "Date:" in text and "version A" in text
    nums = [int(n) for n in re.findall(r'<span class="num">(\d+)\.</span>', page)]
    assert nums == list(range(1, len(items) + 1))
    assert page.count('<section class="topic">') == 4
    assert "break-before: page" in page and "@page" in page and "overflow-wrap: anywhere" in page
    assert page.count('class="box"') == 6  # SATA options are boxes, single answers bubbles
    assert 'class="bubble"' in page and 'class="line"' in page


def test_answer_key_lists_keys_nclex_rule_explanation_and_reference():
    deck, items, form = _one_of_each()
    entries = {e.number: e for e in key_entries(deck, form)}
    numbered = {n: it for n, _, it in form.numbered()}
    for n, it in numbered.items():
        e = entries[n]
        assert e.references and e.references[0].startswith("Berman AT. Incidence & patterns")
        assert e.explanation
        if it.kind is ItemKind.SATA:
            assert "+1 for each correct option" in e.rule and "-1 for each incorrect" in e.rule
            assert "maximum 3 points" in e.rule and e.points == 3
            letters = [l.split(".")[0] for l in e.answer.split("; ")]
            assert [it.options[ord(l) - 65].correct for l in letters] == [True] * 3
        if it.kind is ItemKind.MCQ:
            letter = e.answer.split(".")[0]
            assert it.options[ord(letter) - 65].text == "bone"
        if it.kind is ItemKind.NUMERIC and it.extra["value"] == 41:
            assert e.answer == "41% (accept 39 to 43)"
        if it.kind is ItemKind.ORDERING:
            choices = it.extra["choices"]
            assert [choices[ord(x) - 65] for x in e.answer.split(" (")[0].split(", ")] == ["bone", "lung", "liver"]
    key = render_key_html(deck, form)
    assert "<script>" not in key and "&lt;script&gt;" in key
    assert "NCLEX +/- scoring" in key and "doi:10.1016/j.clbc.2012.11.001" in key
    md = render_key_markdown(deck, form)
    assert "Reference: Berman AT" in md


def test_markdown_exam_escapes_deck_text():
    deck, _, form = _one_of_each()
    md = render_exam_markdown(deck, form)
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\*" in md and "\\_" in md  # Markdown punctuation from deck text is literal
    assert "Name: ____" in md


def test_output_names_never_leave_the_chosen_folder(tmp_path):
    from factdrill.exporters import safe_output_path as safe_child

    assert safe_child(tmp_path, "deck-exam-A.html") == (tmp_path / "deck-exam-A.html").resolve()
    for bad in ("../evil.html", "/etc/passwd", "a/b.html", "..", ""):
        with pytest.raises(ExportError, match="outside"):
            safe_child(tmp_path, bad)


def test_a_true_statement_printed_as_an_option_counts_as_giving_away():
    statement_mcq = _item(ItemKind.MCQ, "s", "bone", "Which of the following statements is true?", ["x"],
                          [opt("About 70% of people with metastatic disease have bone metastases.", True),
                           opt("Bone metastases are rare in breast cancer overall.", False)])
    number = _item(ItemKind.NUMERIC, "n", "bone", "What share have bone metastases?", ["70"],
                   extra={"value": 70, "unit": "%", "tolerance": 5})
    short_option = _item(ItemKind.MCQ, "m", "bone", "Which site?", ["bone"], [opt("70%", True), opt("41%", False)])
    assert gives_away(statement_mcq, number)
    assert not gives_away(short_option, number)  # a bare choice is not a statement of fact


def test_balance_survives_items_that_block_another_topic():
    bone = [_item(ItemKind.MCQ, f"b{i}", "bone", f"Bone question {i} mentioning ansliver{i}?", [f"bone{i}"],
                  [opt(f"bone{i}", True), opt("x", False)]) for i in range(2)]
    bone += [_item(ItemKind.MCQ, f"c{i}", "bone", f"Plain bone question {i}?", [f"plain{i}"],
                   [opt(f"plain{i}", True), opt("y", False)]) for i in range(2)]
    liver = [_item(ItemKind.MCQ, f"l{i}", "liver", f"Liver question {i}?", [f"ansliver{i}"],
                   [opt(f"ansliver{i}", True), opt("z", False)]) for i in range(2)]
    for seed in range(8):
        picked = select_items(bone + liver, make_deck(), 4, seed=seed)
        assert sorted(i.topic for i in picked) == ["bone", "bone", "liver", "liver"], seed


def test_ordering_and_matching_are_never_printed_in_answer_order():
    deck = make_deck()
    order = _item(ItemKind.ORDERING, "o", "stats", "Order them.", ["a", "b", "c"], extra={"choices": ["a", "b", "c"]})
    match = _item(ItemKind.MATCHING, "m", "bone", "Match them.", ["x", "y"],
                  extra={"left": ["1", "2"], "right": ["x", "y"]})
    for seed in range(30):
        (form,) = make_versions(deck, [order, match], 1, seed=seed)
        for _, _, it in form.numbered():
            if it.kind is ItemKind.ORDERING:
                assert it.extra["choices"] != ["a", "b", "c"] and sorted(it.extra["choices"]) == ["a", "b", "c"]
            else:
                assert it.extra["right"] == ["y", "x"]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=50)
       .filter(lambda s: s.strip()))
def test_any_deck_text_is_printed_literally_in_exam_and_key(text):
    from factdrill.generators.keys import flat

    deck = make_deck()
    item = _item(ItemKind.MCQ, "h", "bone", text, [text], [opt(text, True, text), opt(text + "!", False, "no")],
                 explanation=text)
    (form,) = make_versions(deck, [item], 1)
    for page in (render_exam_html(deck, form), render_key_html(deck, form)):
        p = _Tags()
        p.feed(page)
        allowed = {"html", "head", "meta", "title", "style", "body", "header", "h1", "div", "span", "p", "i",
                   "b", "section", "h2", "ul", "li", "br"}
        assert set(p.tags) <= allowed
        assert flat(text) in " ".join("".join(p.text).split())
