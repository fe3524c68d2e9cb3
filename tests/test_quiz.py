"""Test mode: questions chosen fairly, no feedback until submit, scores per topic and NCLEX category."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

import item_factories as f
from factdrill.study.grading import Scoring
from factdrill.generators.items import ItemKind
from factdrill.study.quiz import Quiz, format_report, score, select_items, Answer


def _as(item, n, topic="spread", nclex=None):
    """A copy of ``item`` belonging to fact ``n`` in ``topic``."""
    return replace(item, id=f"{item.kind.value}-{n}", card=f"fact{n}:main", fact_ids=(f"fact{n}",),
                   topic=topic, nclex=nclex)


def _pool(facts=12, topics=("bone", "brain", "liver")):
    items = []
    for n in range(facts):
        topic = topics[n % len(topics)]
        items.append(_as(f.mcq(), n, topic))
        items.append(replace(_as(f.flashcard(), n, topic), id=f"flashcard-{n}"))
        items.append(replace(_as(f.true_false(), n, topic), id=f"tf-{n}"))
    return items


class Script:
    """Feeds lines to the quiz and collects everything it writes."""

    def __init__(self, *lines, clock_step=1.0):
        self.lines = list(lines)
        self.out: list[str] = []
        self.t = 0.0
        self.step = clock_step

    def read(self, prompt):
        self.out.append(prompt)
        if not self.lines:
            raise EOFError
        self.t += self.step
        return self.lines.pop(0)

    def write(self, text):
        self.out.append(text)

    def clock(self):
        return self.t

    @property
    def text(self):
        return "".join(self.out)


def _quiz(items, script, **kw):
    return Quiz(items, read=script.read, write=script.write, clock=script.clock, **kw)


# -- choosing questions -------------------------------------------------------


def test_select_items_one_per_fact_no_flashcards_and_seeded():
    items = _pool()
    picked = select_items(items, count=8, seed=3)
    assert len(picked) == 8
    assert all(it.kind is not ItemKind.FLASHCARD for it in picked)
    assert len({it.fact_ids[0] for it in picked}) == 8
    again = select_items(items, count=8, seed=3)
    assert [it.id for it in again] == [it.id for it in picked]
    assert [it.options for it in again] == [it.options for it in picked]


def test_select_items_leaves_out_open_blanks_a_grader_cannot_judge():
    """An open-answer blank ("the aim is _____") is graded right only when it
    matches a listed answer: a scored test would mark fair paraphrases wrong."""
    items = []
    for n in range(6):
        items.append(_as(f.cloze(), n, "bone"))
        items.append(replace(_as(f.cloze(), n, "bone"), id=f"open-{n}", extra={"hint": None, "open": True}))
    picked = select_items(items, count=6, seed=1)
    assert len(picked) == 6 and not any(it.open_answer for it in picked)


def test_select_items_mixes_item_kinds():
    picked = select_items(_pool(facts=12), count=10, seed=5)
    kinds = [it.kind for it in picked]
    assert kinds.count(ItemKind.MCQ) == kinds.count(ItemKind.TRUE_FALSE) == 5


def test_select_items_topic_filter_and_small_pool():
    picked = select_items(_pool(), count=50, topics=("brain",), seed=1)
    assert picked and all(it.topic == "brain" for it in picked)
    assert len(picked) == 4  # only 4 brain facts exist: never repeats a fact


@settings(max_examples=60, deadline=None)
@given(count=st.integers(1, 20), seed=st.integers(0, 10_000))
def test_select_items_spreads_over_topics(count, seed):
    picked = select_items(_pool(facts=15), count=count, seed=seed)
    per_topic = {}
    for it in picked:
        per_topic[it.topic] = per_topic.get(it.topic, 0) + 1
    assert len(picked) == min(count, 15)
    # Topics are taken in turn, so no topic has more than one extra question.
    assert max(per_topic.values()) - min(per_topic.values()) <= 1 or len(per_topic) < 3
    assert len(per_topic) == min(3, len(picked))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_shuffled_options_keep_the_key(seed):
    (item,) = select_items([_as(f.sata(), 1)], count=1, seed=seed)
    assert sorted(o.text for o in item.options) == sorted(o.text for o in f.sata().options)
    assert {item.options[i].text for i in item.correct_options} == {"abdominal pain", "itching", "jaundice"}


# -- sitting the test ---------------------------------------------------------


def _three():
    mcq = _as(f.mcq(), 1, "bone", "physiological-adaptation")  # key b
    sata = _as(f.sata(), 2, "liver", "reduction-of-risk-potential")  # keys a c d
    tf = _as(f.true_false(True), 3, "brain")  # key a
    return [mcq, sata, tf]


def test_no_feedback_until_submitted_then_scores_per_topic_and_nclex():
    s = Script("b", "a c e", "a", "submit")
    report = _quiz(_three(), s, topic_titles={"bone": "Bone metastases"}).run()
    before, _, after = s.text.partition("Test results")
    assert "Correct" not in before and "Wrong" not in before and "Partly" not in before
    # NCLEX +/-: SATA a c e against keys a c d = 2 - 1 = 1 of 3 points.
    assert (report.total.earned, report.total.possible) == (3, 5)
    assert "Score: 3 of 5 points (60%)" in after
    topics = {t.name: (t.earned, t.possible) for t in report.by_topic}
    assert topics == {"Bone metastases": (1, 1), "liver": (1, 3), "brain": (1, 1)}
    nclex = {t.name: (t.earned, t.possible) for t in report.by_nclex}
    assert nclex["Physiological Adaptation"] == (1, 1)
    assert nclex["Reduction of Risk Potential"] == (1, 3)
    assert nclex["Not categorised"] == (1, 1)
    assert "PARTIAL 1/3" in after
    assert "Why: Because." in after  # each item's rationale
    assert "belongs to another fact" in after  # per-option rationale
    assert max(len(line) for line in s.text.splitlines()) <= 80


def test_all_or_nothing_scoring():
    s = Script("b", "a c e", "a", "submit")
    report = _quiz(_three(), s, scoring="all-or-nothing").run()
    assert (report.total.earned, report.total.possible) == (2, 3)


def test_blank_flag_review_and_revisit_before_submitting():
    s = Script("", ":f", "a c d", "a", "1", "b", "submit")
    report = _quiz(_three(), s).run()
    text = s.text
    assert "Review before you submit" in text
    assert "BLANK" in text and "FLAG" in text
    assert "1 blank, 1 flagged." in text
    # Question 1 was left blank, then revisited from the review list and
    # answered, which leads back to the list rather than on to question 2.
    assert text.count("Review before you submit") == 2
    assert "0 blank, 1 flagged." in text
    assert [a.response for a in report.answers] == ["b", "a c d", "a"]
    assert report.answers[1].flagged
    assert report.total.earned == report.total.possible == 5


def test_previous_goto_and_changing_an_answer():
    s = Script("a", ":p", "b", ":g 3", "b", ":submit")
    report = _quiz(_three(), s).run()
    assert [a.response for a in report.answers] == ["b", None, "b"]
    assert "(your answer: a)" in s.text
    assert report.answers[1].grade is None  # blank earns nothing
    assert report.total.earned == 1


def test_invalid_answer_is_re_asked_not_recorded():
    s = Script("z", "b", ":submit")
    report = _quiz(_three()[:1], s).run()
    assert "There is no option z" in s.text
    assert report.answers[0].response == "b"


def test_end_of_input_submits():
    s = Script("b")
    report = _quiz(_three(), s).run()
    assert "Test results" in s.text
    assert report.answers[0].grade.correct and report.answers[1].grade is None


def test_time_limit_hands_in_and_drops_late_answers():
    s = Script("b", "a c d", "a", clock_step=30)
    report = _quiz(_three(), s, time_limit_s=70).run()
    assert report.timed_out
    assert "Time is up" in s.text
    # 30 s and 60 s answers count; the one typed at 90 s is not.
    assert [a.response for a in report.answers] == ["b", "a c d", None]
    assert "time ran out" in s.text


def test_score_function_counts_blank_items_as_possible_points():
    items = _three()
    report = score([Answer(items[0], "b"), Answer(items[1])], scoring=Scoring.NCLEX)
    assert (report.total.earned, report.total.possible, report.total.items) == (1, 4, 2)


def test_report_fits_80_columns_and_has_no_colour_when_off():
    s = Script("a", "b", "b", ":submit")
    report = _quiz(_three(), s).run()
    text = format_report(report, width=80, color=False)
    assert "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_report_neutralises_deck_text():
    evil = replace(_as(f.mcq(), 1, "bone\x1b[31m"), prompt="Which \x1b[2J organ? " + "x" * 200)
    s = Script("b", ":submit")
    _quiz([evil], s, topic_titles={"bone\x1b[31m": "Bone \x1b[31mred"}).run()
    report = s.text.split("Test results", 1)[1]
    assert "\x1b[" not in report
    assert max(len(line) for line in report.splitlines()) <= 80
