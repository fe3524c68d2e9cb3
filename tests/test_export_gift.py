"""GIFT export: every file parsed back by a strict reader of Moodle's rules and by pygiftparserrgmf."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdrill.exporters.gift import escape, to_gift, weight
from factdrill.errors import ExportError
from factdrill.generators.keys import flat, matching_pairs, numeric_key
from factdrill.generators.items import ItemKind

from gift_reference import GiftError, moodle_grade, parse, shortanswer_accepts
from instructor_fixtures import make_deck, make_items, opt, _item


def _by_name(questions):
    return {q.name: q for q in questions}


def test_every_gradable_item_round_trips_through_a_strict_moodle_reader():
    deck, items = make_deck(), make_items()
    qs = parse(to_gift(deck, items))
    gradable = [i for i in items if i.kind is not ItemKind.FLASHCARD]
    assert len(qs) == len(gradable)
    byname = _by_name(qs)
    expected_type = {
        ItemKind.MCQ: "multichoice", ItemKind.SCENARIO: "multichoice", ItemKind.NUMERIC_MCQ: "multichoice",
        ItemKind.SATA: "multichoice_multi", ItemKind.TRUE_FALSE: "truefalse", ItemKind.NUMERIC: "numerical",
        ItemKind.CLOZE: "shortanswer", ItemKind.MATCHING: "matching", ItemKind.ORDERING: "matching",
    }
    for it in gradable:
        q = byname[it.id]
        assert q.qtype == expected_type[it.kind], it.kind
        assert q.fmt == "html"
        assert q.general_feedback == flat(it.explanation)
        if it.kind is not ItemKind.ORDERING:
            assert q.text == flat(it.prompt)  # every special character survives literally


def test_single_answer_choice_items_keep_key_and_per_answer_feedback():
    deck, items = make_deck(), make_items()
    byname = _by_name(parse(to_gift(deck, items)))
    for it in items:
        if it.kind not in (ItemKind.MCQ, ItemKind.SCENARIO, ItemKind.NUMERIC_MCQ):
            continue
        q = byname[it.id]
        assert [a.text for a in q.answers] == [o.text for o in it.options]
        assert [a.weight for a in q.answers] == [100.0 if o.correct else 0.0 for o in it.options]
        assert [a.feedback for a in q.answers] == [o.rationale for o in it.options]


def test_sata_is_checkboxes_with_nclex_plus_minus_weights():
    deck, items = make_deck(), make_items()
    sata = next(i for i in items if i.kind is ItemKind.SATA)
    q = _by_name(parse(to_gift(deck, [sata])))[sata.id]
    k = len(sata.correct_options)
    assert q.qtype == "multichoice_multi"  # no '=' answer: Moodle shows checkboxes
    for a, o in zip(q.answers, sata.options):
        assert a.text == o.text
        assert a.weight == pytest.approx((100 / k) if o.correct else -(100 / k), abs=1e-4)
    keys = {o.text for o in sata.options if o.correct}
    wrong = [o.text for o in sata.options if not o.correct]
    assert moodle_grade(q, keys) == pytest.approx(1)
    assert moodle_grade(q, keys | {wrong[0]}) == pytest.approx((k - 1) / k, abs=1e-4)
    assert moodle_grade(q, set(wrong)) == 0  # floored at zero, never negative


@settings(max_examples=100, deadline=None)
@given(k=st.integers(2, 10), n_wrong=st.integers(1, 6), data=st.data())
def test_sata_moodle_grade_equals_nclex_plus_minus_score(k, n_wrong, data):
    options = [opt(f"key {i}", True) for i in range(k)] + [opt(f"wrong {i}", False) for i in range(n_wrong)]
    item = _item(ItemKind.SATA, "f-p", "bone", "Pick all.", [o.text for o in options if o.correct], options)
    q = parse(to_gift(make_deck(), [item]))[0]
    chosen = data.draw(st.sets(st.sampled_from([o.text for o in options])))
    hits = sum(1 for c in chosen if c.startswith("key"))
    misses = len(chosen) - hits
    assert moodle_grade(q, chosen) == pytest.approx(max(0, hits - misses) / k, abs=1e-4)


def test_weights_are_in_moodles_grade_list():
    assert weight(3, True) == "%33.33333%"
    assert weight(4, False) == "%-25%"
    assert weight(1, True) == "%100%"


def test_true_false_numeric_short_answer_and_matching_keys():
    deck, items = make_deck(), make_items()
    byname = _by_name(parse(to_gift(deck, items)))
    for it in items:
        q = byname.get(it.id)
        if it.kind is ItemKind.TRUE_FALSE:
            assert q.truth is False
            assert q.tf_feedback == ("It is still breast cancer.", "Right: still breast cancer.")
        elif it.kind is ItemKind.NUMERIC:
            key = numeric_key(it)
            assert q.numeric == [(pytest.approx(key.low_bound), pytest.approx(key.high_bound))]
        elif it.kind is ItemKind.CLOZE:
            assert [a.text for a in q.answers] == list(it.answers)
        elif it.kind is ItemKind.MATCHING:
            pairs = matching_pairs(it)
            # '->' inside deck text would read as Moodle's arrow, so it becomes an arrow glyph
            assert q.pairs == [(l, r.replace("->", "\u2192")) for l, r in zip(pairs.left, pairs.key)]
        elif it.kind is ItemKind.ORDERING:
            assert [r for _, r in q.pairs] == list(it.answers)
            assert [l for l, _ in q.pairs] == ["1st", "2nd", "3rd"]


def test_one_category_per_topic_in_deck_order():
    deck, items = make_deck(), make_items()
    text = to_gift(deck, items)
    cats = re.findall(r"^\$CATEGORY: (.*)$", text, re.M)
    assert cats == [
        "$course$/Test deck &lt;b&gt;&amp; \"co\"&lt;//b&gt;/Bone &amp; joints",  # '/' doubled
        "$course$/Test deck &lt;b&gt;&amp; \"co\"&lt;//b&gt;/Liver",
        "$course$/Test deck &lt;b&gt;&amp; \"co\"&lt;//b&gt;/Brain",
        "$course$/Test deck &lt;b&gt;&amp; \"co\"&lt;//b&gt;/Statistics",
    ]
    titles = {t.id: t.title for t in deck.topics}
    for q in parse(text):
        item = next(i for i in items if i.id == q.name)
        assert q.category.endswith("/" + titles[item.topic].replace("&", "&amp;"))


def test_script_never_reaches_moodle_as_markup():
    text = to_gift(make_deck(), make_items())
    assert "<script>" not in text
    assert "&lt;script&gt;" in text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
       .filter(lambda s: s.strip()))
def test_any_text_survives_escaping(text):
    item = _item(ItemKind.MCQ, "f-x", "bone", text, ["a"],
                 [opt(text + " a", True, text), opt(text + " b", False, text), opt("c", False)],
                 explanation=text)
    q = parse(to_gift(make_deck(), [item]))[0]
    assert q.text == flat(text)
    assert [a.text for a in q.answers] == [flat(text + " a"), flat(text + " b"), "c"]
    assert q.answers[0].feedback == flat(text)
    assert q.general_feedback == flat(text)


def test_escape_backslashes_every_special_character():
    assert escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert escape("x <y> & z") == "x &lt;y&gt; &amp; z"


def test_strict_reader_rejects_broken_gift():
    with pytest.raises(GiftError):
        parse("::a::Q {=a =b ~c}")  # two '=' in a single-answer question
    with pytest.raises(GiftError):
        parse("Q {~%50%a ~%-50%b}")  # multi-answer weights sum to 50%
    with pytest.raises(GiftError):
        parse("Q with a { brace {=a}")


def test_flashcards_and_empty_exports_are_refused():
    with pytest.raises(ExportError, match="no items"):
        to_gift(make_deck(), [i for i in make_items() if i.kind is ItemKind.FLASHCARD])


def _plain_items():
    """Items without GIFT specials in feedback, for the third-party parser."""
    return [
        _item(ItemKind.MCQ, "p-mcq", "bone", "Which site is most common?", ["bone"],
              [opt("lung", False), opt("bone", True), opt("liver", False)], explanation=""),
        _item(ItemKind.SATA, "p-sata", "liver", "Which are liver symptoms?", ["jaundice", "itching"],
              [opt("jaundice", True), opt("seizures", False), opt("itching", True), opt("cough", False)],
              explanation=""),
        _item(ItemKind.TRUE_FALSE, "p-tf", "brain", "Bone metastases are bone cancer.", ["False"],
              [opt("True", False, ""), opt("False", True, "")], explanation=""),
        _item(ItemKind.NUMERIC, "p-num", "stats", "What share were in bone?", ["41"],
              extra={"value": 41, "high": None, "unit": "%", "tolerance": 2}, explanation=""),
        _item(ItemKind.NUMERIC, "p-range", "stats", "What share spread to the brain?", ["10-15"],
              extra={"value": 10, "high": 15, "unit": "%", "tolerance": 0}, explanation=""),
        _item(ItemKind.CLOZE, "p-cloze", "brain", "The tumour is made of _____ cells.", ["breast", "mammary"],
              explanation=""),
        _item(ItemKind.MATCHING, "p-match", "bone", "Match brand to generic.", ["zoledronic acid", "denosumab", "pamidronate"],
              extra={"left": ["Zometa", "Xgeva", "Aredia"], "right": ["denosumab", "pamidronate", "zoledronic acid"]},
              explanation=""),
    ]


def test_pygiftparserrgmf_reads_our_questions():
    """The PyPI parser cannot read '####' general feedback or decimal weights, so give it the rest."""
    from pygiftparser import parser

    items = _plain_items()
    text = to_gift(make_deck(), items)
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("####"))
    result = parser.parse(text)
    qs = {q.name: q for q in result.questions}
    assert len(qs) == len(items)
    kinds = {n: repr(q.answer) for n, q in qs.items()}
    assert kinds == {
        items[0].id: "MultipleChoiceRadio()", items[1].id: "MultipleChoiceCheckbox()",
        items[2].id: "TrueFalse()", items[3].id: "Numerical()", items[4].id: "Range()",
        items[5].id: "Short()", items[6].id: "Matching()",
    }
    mcq = qs[items[0].id].answer
    assert [(o.text.strip(), o.percentage) for o in mcq.options] == [("lung", 0.0), ("bone", 1.0), ("liver", 0.0)]
    sata = qs[items[1].id].answer
    assert [(o.text.strip(), o.percentage) for o in sata.options] == [
        ("jaundice", 0.5), ("seizures", -0.5), ("itching", 0.5), ("cough", -0.5)]
    assert qs[items[2].id].answer.options[0].text == "False"
    num = qs[items[3].id].answer
    assert (num.get_number(), num.get_error_margin()) == (41.0, 2.0)
    assert qs[items[6].id].answer.get_pair(qs[items[6].id].answer.options[0]) == {"first": "Zometa", "second": "zoledronic acid"}
    assert all(q.category.endswith(("Bone &amp; joints", "Liver", "Brain", "Statistics")) for q in qs.values())


def test_flagship_deck_exports_and_every_question_reads_back():
    from factdrill.exporters.gift import GIFT_KINDS
    from factdrill.generators.keys import GRADED_KINDS
    from factdrill.exporters.lms import load_items

    from factdrill.exporters.moodle_cloze import CLOZE_KINDS
    from factdrill.generators.judgment_keys import expand_cases

    deck, items = load_items(None, kinds=GRADED_KINDS)
    qs = parse(to_gift(deck, items))
    usable = [i for i in expand_cases(items) if i.kind in GIFT_KINDS and i.kind not in CLOZE_KINDS]
    assert len(qs) == len(usable) > 250
    by_id = {i.id: i for i in usable}
    topics = {t.id: t.title for t in deck.topics}
    for q in qs:
        it = by_id[q.name]
        assert q.category.endswith("/" + topics[it.topic].replace("&", "&amp;"))
        if q.qtype in ("multichoice", "multichoice_multi") and it.options:  # grids and bowties: test_export_judgment
            assert [a.text for a in q.answers] == [flat(o.text) for o in it.options]
            assert [a.weight > 0 for a in q.answers] == [o.correct for o in it.options]


def test_pygiftparserrgmf_reads_the_whole_flagship_export():
    """Both parsers on the real deck (general feedback lines removed for the PyPI one)."""
    from pygiftparser import parser

    from factdrill.generators.keys import GRADED_KINDS

    from factdrill.exporters.lms import load_items

    deck, items = load_items(None, kinds=GRADED_KINDS)
    text = to_gift(deck, items)
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("####"))
    result = parser.parse(text)
    from factdrill.generators.judgment_keys import expand_cases

    by_id = {i.id: i for i in expand_cases(items)}
    expected = {
        ItemKind.MCQ: "MultipleChoiceRadio()", ItemKind.SCENARIO: "MultipleChoiceRadio()",
        ItemKind.NUMERIC_MCQ: "MultipleChoiceRadio()", ItemKind.SATA: "MultipleChoiceCheckbox()",
        ItemKind.TRUE_FALSE: "TrueFalse()", ItemKind.CLOZE: "Short()", ItemKind.MATCHING: "Matching()",
        ItemKind.ORDERING: "Matching()",
        # clinical-judgment items in Moodle's nearest types
        ItemKind.PRIORITY: "MultipleChoiceRadio()", ItemKind.TEACHING: "MultipleChoiceRadio()",
        ItemKind.HIGHLIGHT: "MultipleChoiceCheckbox()", ItemKind.MATRIX_MR: "MultipleChoiceCheckbox()",
        ItemKind.BOWTIE: "MultipleChoiceCheckbox()", ItemKind.MATRIX_MC: "Matching()",
        ItemKind.ACTION_ORDER: "Matching()",
    }
    assert len(result.questions) == len(parse(to_gift(deck, items))) > 250
    for q in result.questions:
        it = by_id[q.name]
        got = repr(q.answer)
        if it.kind is ItemKind.NUMERIC:
            assert got in ("Numerical()", "Range()")
        else:
            assert got == expected[it.kind], (it.id, got)


def test_short_answers_are_stored_as_typed_not_html_escaped():
    """Moodle compares a short answer with the typing and never decodes HTML:
    'gown &amp; gloves' was graded wrong for 'gown & gloves'."""
    item = _item(ItemKind.CLOZE, "ppe", "bone", "Contact precautions: wear a _____.", ["gown & gloves", "<gown>"])
    text = to_gift(make_deck(), [item])
    assert "\t=gown & gloves\n" in text and "=gown &amp; gloves" not in text
    (q,) = parse(text)
    assert [a.text for a in q.answers] == ["gown & gloves", "<gown>"]
    assert shortanswer_accepts(q.answers[0].text, "gown & gloves")


def test_an_asterisk_in_a_short_answer_is_literal_not_a_wildcard():
    item = _item(ItemKind.CLOZE, "dose", "bone", "The order reads 2 _____ daily.", ["2*5 mg"])
    (q,) = parse(to_gift(make_deck(), [item]))
    answer = q.answers[0].text
    assert shortanswer_accepts(answer, "2*5 mg")
    assert not shortanswer_accepts(answer, "2 then anything 5 mg")  # '*' would have matched this
