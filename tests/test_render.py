"""Terminal rendering of items and the colour/width helpers."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import item_factories as f
from factdrill.deck.facts import Source
from factdrill.study.grading import grade
from factdrill.generators.items import ItemKind
from factdrill.study.render import answer_help, render_answer, render_question
from factdrill.terminal import printable, style, truncate, use_color, wrap

ANSI = re.compile(r"\x1b\[")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOURCES = {
    "ref": Source(
        key="ref",
        title="Incidence and patterns of distant metastases for patients with early-stage breast cancer",
        authors="Berman AT, Thukral AD, Hwang WT",
        journal="Clin Breast Cancer",
        year=2013,
        details="13(2):88-94",
        doi="10.1016/j.clbc.2012.11.001",
    )
}


def widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


# -- questions --------------------------------------------------------------------


def test_mcq_question_letters_options_and_says_how_to_answer():
    text = render_question(f.mcq())
    assert text.splitlines()[0] == "Which organ was the most common first site of distant spread?"
    assert "a) lung\nb) bone\nc) liver\nd) brain" in text
    hint = text.split("\n\n")[-1].replace("\n", " ")
    assert hint == "Answer with a letter (a-d). Rated Good if right within 20 s, Hard if slower, Again if wrong."
    assert "bone is right" not in text  # no rationale before answering


def test_sata_question_explains_the_letter_forms():
    text = render_question(f.sata())
    assert "f) bone pain" in text
    assert "a c d / acd / a,c,d" in text


def test_matching_question_is_a_numbered_and_lettered_table():
    lines = render_question(f.matching()).splitlines()
    assert lines[2].startswith("1. Zometa") and lines[2].endswith("a) denosumab")
    assert lines[4].startswith("3. Aredia") and lines[4].endswith("c) zoledronic acid")
    assert "one letter per number" in " ".join(lines[-2:])


def test_matching_too_wide_for_two_columns_is_stacked():
    item = f.matching()
    long = f.make(
        ItemKind.MATCHING, item.prompt, item.answers,
        extra={"left": [x * 12 for x in item.extra["left"]], "right": item.extra["right"]},
    )
    text = render_question(long, width=60)
    assert widest(text) <= 60
    assert "\n\na) denosumab" in text


def test_matching_cells_with_line_breaks_stay_on_one_line():
    item = f.make(ItemKind.MATCHING, "Match.", ["b"], extra={"left": ["two\nlines"], "right": ["b"]})
    assert "1. two lines    a) b" in render_question(item).splitlines()


def test_ordering_question_letters_the_shuffled_choices():
    text = render_question(f.ordering())
    assert "a) liver\nb) bone\nc) lung" in text
    assert "first to last" in text


@pytest.mark.parametrize(
    "item,expected",
    [
        (f.mcq(), "Answer with a letter (a-d)."),
        (f.true_false(), "Answer with a letter (a-b), or t / f."),
        (f.numeric(41), "Type a number, e.g. 12%. Graded right: the exact figure."),
        (f.numeric(5, unit="years", tolerance=1), "Type a number, e.g. 12 years. Graded right: within 1 years of the "
                                                  "figure (4 years to 6 years); a range counts if it holds the figure "
                                                  "and spans at most 2."),
        # points, not a share of the figure: 70% +- 5 is 65-75, not 66.5-73.5 (review 26 #3)
        (f.numeric(70, tolerance=5), "Type a number, e.g. 12%. Graded right: within 5 percentage points of the "
                                     "figure (65% to 75%); a range counts if it holds the figure and spans at most "
                                     "10."),
        # the example is never a right answer (review 27 #22: "e.g. 12%" beside 10-15%)
        (f.numeric(10, high=15), "Type a number, e.g. 40%. Graded right: a number inside the range, or the range "
                                 "itself."),
        (f.cloze(), "Type the missing word(s)."),
        (f.ordering(), "Order: type the letters from first to last, e.g. 'c a b'."),
    ],
)
def test_answer_help(item, expected):
    assert answer_help(item) == expected


def test_cloze_hint_is_shown_unless_already_in_the_blank():
    item = f.make(ItemKind.CLOZE, "Breast cancer in bone is made of _____ cells.", ["breast"], extra={"hint": "tissue of origin"})
    assert "Hint: tissue of origin" in render_question(item)
    inline = f.make(ItemKind.CLOZE, "Made of [tissue of origin] cells.", ["breast"], extra={"hint": "tissue of origin"})
    assert "Hint:" not in render_question(inline)


# -- answers ----------------------------------------------------------------------


def test_sata_answer_marks_correct_and_chosen_options_with_rationales():
    item = f.sata()
    text = render_answer(item, grade(item, "a b"), sources=SOURCES)
    lines = text.splitlines()
    assert lines[0] == "Wrong: 1 of 3 correct choices, 1 wrong choice."  # 1 - 1 = 0 points
    assert "Correct choices: a, c, d" in text
    assert "a) abdominal pain  [correct, your choice]" in lines
    assert "b) seizures  [your choice]" in lines
    assert "c) itching  [correct]" in lines
    assert "e) shortness of breath" in lines
    assert "   seizures belongs to another fact." in lines
    assert "Why: Because." in text
    assert "Source: Berman AT, Thukral AD, Hwang WT. Incidence" in text
    assert "doi:10.1016/j.clbc.2012.11.001" in text


def test_partly_right_verdict_shows_points():
    item = f.sata()
    assert render_answer(item, grade(item, "a c d b")).splitlines()[0] == (
        "Partly right (2 of 3 points): 3 of 3 correct choices, 1 wrong choice."
    )


def test_answer_without_grade_is_the_key_alone():
    text = render_answer(f.mcq(), None, sources=SOURCES)
    assert text.startswith("Answer: b) bone")
    assert "your choice" not in text and "Correct" not in text.split("\n")[0]
    assert "b) bone  [correct]" in text


def test_unknown_source_key_is_shown_as_is():
    assert "Source: ref" in render_answer(f.mcq(), None, sources=None)


def test_typed_answer_shows_alias_note_and_accepted_forms():
    item = f.cloze()
    text = render_answer(item, grade(item, "carcinomatous meningitis"))
    assert text.startswith("Correct: accepted 'carcinomatous meningitis' (alias).")
    assert "Answer: leptomeningeal metastases" in text
    assert "Also accepted: carcinomatous meningitis" in text
    wrong = render_answer(item, grade(item, "glioma"))
    assert wrong.startswith("Wrong.\nAnswer: leptomeningeal metastases")


def test_numeric_answer_states_the_tolerance():
    text = render_answer(f.numeric(41, tolerance=2), None)
    assert "Answer: 41% (any answer from 39% to 43% counts)" in text


def test_matching_answer_shows_which_pairs_were_wrong():
    item = f.matching()
    text = render_answer(item, grade(item, "c b a"))
    assert "Answer: c a b" in text
    assert "1. Zometa -> zoledronic acid (c)" in text.splitlines()
    assert "2. Xgeva -> denosumab (a); you chose b) pamidronate" in text


def test_ordering_answer_shows_misplaced_items():
    item = f.ordering()
    text = render_answer(item, grade(item, "c b a"))
    assert "Answer: b c a" in text
    assert "1. bone (b); you put c) lung here" in text
    assert "3. liver (a)" in text.splitlines()


# -- width, colour, hostile text --------------------------------------------------

long_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=300)


@SETTINGS
@given(f.any_items(), st.sampled_from([40, 60, 80]), long_text)
def test_no_line_is_wider_than_the_width(item, width, blob):
    item = f.make(
        ItemKind(item.kind), blob + " " + item.prompt, item.answers, options=item.options,
        extra=item.extra, explanation=blob * 2,
    )
    assert widest(render_question(item, width=width)) <= width
    assert widest(render_answer(item, None, width=width, sources=SOURCES)) <= width


def test_control_characters_in_deck_text_cannot_reach_the_terminal():
    item = f.make(ItemKind.MCQ, "Evil \x1b[2J prompt", ["x"], options=[f.opt("x\x1b]0;title\x07", True), f.opt("y")])
    text = render_question(item) + render_answer(item, None)
    assert "\x1b" not in text and "\x07" not in text
    assert "\ufffd" in text


def test_color_only_when_asked(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    item = f.sata()
    g = grade(item, "a")
    assert not ANSI.search(render_question(item) + render_answer(item, g))
    colored = render_answer(item, g, color=True)
    assert ANSI.search(colored)
    assert ANSI.sub("", colored).count("\n") == colored.count("\n")
    # Escapes are added after wrapping: each line's visible text still fits.
    plain = re.sub(r"\x1b\[[0-9;]*m", "", colored)
    assert widest(plain) <= 80


def test_no_color_wins_even_when_color_is_requested(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    item = f.sata()
    assert not ANSI.search(render_answer(item, grade(item, "a"), color=True))
    assert not ANSI.search(render_question(item, color=True))
    assert style("x", "red", enabled=True) == "x"


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_style_follows_the_stream(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert style("hi", "green", stream=io.StringIO()) == "hi"
    assert style("hi", "green", stream=FakeTTY()) == "\x1b[32mhi\x1b[0m"
    assert style("hi", bold=True, stream=FakeTTY()) == "\x1b[1mhi\x1b[0m"
    assert use_color(FakeTTY()) and not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(FakeTTY())
    monkeypatch.setenv("NO_COLOR", "")  # empty means unset (no-color.org)
    assert use_color(FakeTTY())


def test_wrap_keeps_line_breaks_and_hanging_indent():
    text = wrap("word " * 30 + "\nsecond line", 40, indent="a) ", subsequent_indent="   ")
    lines = text.splitlines()
    assert lines[0].startswith("a) word") and all(line.startswith("   ") for line in lines[1:])
    assert lines[-1] == "   second line"
    assert widest(text) <= 40
    assert widest(wrap("https://doi.org/" + "x" * 200, 80)) == 80


def test_truncate_and_printable():
    assert truncate("a  b\nc", 80) == "a b c"
    assert truncate("x" * 100, 20) == "x" * 17 + "..."
    assert printable("tab\there") == "tab here"
    assert printable("rtl\u202eevil") == "rtl\ufffdevil"


@pytest.mark.parametrize("kind", ["matrix_mc", "matrix_mr", "dropdown", "rationale", "bowtie", "case"])
def test_judgment_items_say_before_answering_that_points_lost_set_the_rating(kind):
    from factdrill.study.scheduling import rating_rule

    rule = rating_rule(kind)
    assert "every point is earned" in rule and "one point lost" in rule


def test_a_judgment_rating_the_student_did_not_choose_names_the_points_lost():
    from types import SimpleNamespace

    from factdrill.study.scheduling import rating_reason

    item = SimpleNamespace(kind="bowtie", correct_options=())
    assert rating_reason(SimpleNamespace(possible=5, earned=3, correct=False), elapsed_s=5, item=item) == (
        "2 of 5 points lost")
    assert rating_reason(SimpleNamespace(possible=5, earned=4, correct=False), elapsed_s=5, item=item) == (
        "one point lost")
    assert rating_reason(SimpleNamespace(possible=5, earned=5, correct=True), elapsed_s=5, item=item) is None
    assert "but after 900 s" in rating_reason(SimpleNamespace(possible=5, earned=5, correct=True), elapsed_s=900,
                                             item=item)


def test_no_numeric_item_of_the_flagship_shows_a_right_answer_as_its_example(items5):
    """The format example ("e.g. 12%") must not hint at the key."""
    from factdrill.study.grading import grade

    numeric = [i for i in items5 if i.kind is ItemKind.NUMERIC]
    assert numeric
    for it in numeric:
        shown = re.search(r"e\.g\. ([\d.]+)", answer_help(it)).group(1)
        assert not grade(it, shown).correct, (it.id, shown)
