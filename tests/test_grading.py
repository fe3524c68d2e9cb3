"""Grading: every kind's answer form, forgiving typed answers, NCLEX SATA scoring."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import item_factories as f
from factdrill.errors import FactdrillError
from factdrill.study.grading import Grade, InvalidResponse, Scoring, grade, key_response
from factdrill.study.typed import edit_distance, match_members, match_typed, normalize_tokens, parse_number
from factdrill.generators.items import ItemKind

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- single-answer choice items ---------------------------------------------------


@pytest.mark.parametrize("kind", [ItemKind.MCQ, ItemKind.SCENARIO, ItemKind.NUMERIC_MCQ])
@pytest.mark.parametrize("response", ["b", "B", " b ", "b)", "(b)", "bone", "Bone."])
def test_mcq_key_in_any_harmless_form_is_right(kind, response):
    g = grade(f.mcq(kind), response)
    assert g.correct and g.score == 1.0 and (g.earned, g.possible) == (1, 1)
    assert g.chosen == (1,) and g.wrong_chosen == ()


def test_mcq_option_text_that_looks_like_letters_is_still_text():
    item = f.make(ItemKind.MCQ, "Which?", ["bad"], options=[f.opt("good"), f.opt("bad", True), f.opt("ugly"), f.opt("fine")])
    assert grade(item, "Bad").correct
    assert not grade(item, "a").correct


def test_mcq_wrong_letter_names_the_confused_fact():
    item = f.mcq()
    g = grade(item, "c")
    assert not g.correct and g.score == 0.0
    assert g.wrong_chosen == (2,)
    assert item.options[g.wrong_chosen[0]].fact_id == "other-liver"


@pytest.mark.parametrize("response", ["z", "e", "", "   ", "b c", "bc", "1", "??", "kidney"])
def test_mcq_response_not_in_the_answer_form_is_invalid(response):
    with pytest.raises(InvalidResponse):
        grade(f.mcq(), response)


def test_mcq_invalid_message_names_the_letters():
    with pytest.raises(InvalidResponse, match="a to d"):
        grade(f.mcq(), "z")
    with pytest.raises(InvalidResponse, match="one letter"):
        grade(f.mcq(), "a b")


def test_invalid_response_is_a_factdrill_error_so_the_cli_prints_it():
    assert issubclass(InvalidResponse, FactdrillError)


@pytest.mark.parametrize("response", ["a", "t", "T", "true", "True", "yes", "y"])
def test_true_false_accepts_words_for_true(response):
    assert grade(f.true_false(True), response).correct
    assert not grade(f.true_false(False), response).correct


@pytest.mark.parametrize("response", ["b", "f", "false", "FALSE", "no", "n"])
def test_true_false_accepts_words_for_false(response):
    assert grade(f.true_false(False), response).correct
    assert not grade(f.true_false(True), response).correct


def test_true_false_words_follow_option_text_not_position():
    item = f.true_false(True)
    swapped = f.make(ItemKind.TRUE_FALSE, item.prompt, item.answers, options=tuple(reversed(item.options)))
    assert grade(swapped, "true").correct and grade(swapped, "b").correct
    assert not grade(swapped, "a").correct


@pytest.mark.parametrize("response", ["c", "maybe", "ab"])
def test_true_false_invalid(response):
    with pytest.raises(InvalidResponse):
        grade(f.true_false(), response)


# -- SATA -------------------------------------------------------------------------


@pytest.mark.parametrize("response", ["a c d", "acd", "a,c,d", "A, C, D", "d c a", "a and c and d", "a;c;d", "aacd"])
def test_sata_letters_in_any_form(response):
    g = grade(f.sata(), response)
    assert g.correct and g.score == 1.0 and g.chosen == (0, 2, 3)


def test_sata_nclex_plus_minus_scoring():
    item = f.sata()  # keys a c d (3 keys)
    g = grade(item, "a c d b")  # 3 right - 1 wrong
    assert (g.earned, g.possible, g.correct) == (2, 3, False)
    assert g.score == pytest.approx(2 / 3)
    assert g.wrong_chosen == (1,) and item.options[1].fact_id == "brain-symptoms"
    assert g.note == "3 of 3 correct choices, 1 wrong choice"
    g = grade(item, "a c")  # missing a key costs only that point
    assert (g.earned, g.possible) == (2, 3) and g.note == "2 of 3 correct choices"
    g = grade(item, "a b e f")  # 1 right - 3 wrong floors at 0
    assert (g.earned, g.score) == (0, 0.0)
    g = grade(item, "abcdef")  # everything: 3 - 3
    assert g.earned == 0 and not g.correct


def test_sata_all_or_nothing_scoring():
    item = f.sata()
    assert grade(item, "acd", scoring=Scoring.ALL_OR_NOTHING).score == 1.0
    g = grade(item, "acdb", scoring=Scoring.ALL_OR_NOTHING)
    assert (g.earned, g.possible, g.score, g.correct) == (0, 1, 0.0, False)
    assert g.note == "3 of 3 correct choices, 1 wrong choice"
    assert grade(item, "ac", scoring="all-or-nothing").score == 0.0


@pytest.mark.parametrize("response", ["", "g", "a g", "a 1", "none", "a-c-d-z"])
def test_sata_invalid(response):
    with pytest.raises(InvalidResponse):
        grade(f.sata(), response)


# -- typed answers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "response",
    ["leptomeningeal metastases", "Leptomeningeal Metastases", "  leptomeningeal   metastases. ",
     "leptoméningeal metastases", "leptomeningeal-metastases", "the leptomeningeal metastases"],
)
def test_typed_ignores_case_spacing_punctuation_accents_articles(response):
    g = grade(f.cloze(), response)
    assert g.correct and not g.typo
    assert g.accepted == "leptomeningeal metastases"
    assert g.note == "correct"


def test_typed_alias_is_accepted_and_reported():
    g = grade(f.cloze(), "Carcinomatous meningitis")
    assert g.correct and g.accepted == "carcinomatous meningitis" and not g.typo
    assert g.note == "accepted 'carcinomatous meningitis' (alias)"


@pytest.mark.parametrize(
    "response,accepted",
    [
        ("leptomeningel metastases", "leptomeningeal metastases"),  # 1 deletion in a 14-letter word
        ("leptomeninegal metastasis", "leptomeningeal metastases"),  # transposition + substitution
        ("carcinomatous meningitsi", "carcinomatous meningitis"),  # transposition
    ],
)
def test_typed_small_typos_are_forgiven_and_flagged(response, accepted):
    g = grade(f.cloze(), response)
    assert g.correct and g.typo and g.accepted == accepted
    assert "typo" in g.note


def _m(match):
    return None if match is None else (match.answer, match.typo)


def test_typo_budget_depends_on_word_length():
    assert _m(match_typed("jaundise", ["jaundice"])) == ("jaundice", True)  # 8 letters: 1 edit
    assert match_typed("jondise", ["jaundice"]) is None  # 2 edits is too many
    assert _m(match_typed("hypercalcaemia", ["hypercalcemia"])) == ("hypercalcemia", False)  # British spelling
    assert _m(match_typed("hyperkalsemia", ["hypercalcemia"])) == ("hypercalcemia", True)  # 2 edits, 13 letters
    assert match_typed("hyprkalsemia", ["hypercalcemia"]) is None  # 3 edits
    assert match_typed("lunk", ["lung"]) is None  # short words must be exact
    assert match_typed("bonk", ["bone"]) is None


def test_plurals_articles_and_list_order_are_not_what_is_asked():
    assert _m(match_typed("bones", ["bone"])) == ("bone", False)
    assert _m(match_typed("lungs", ["the lung"])) == ("the lung", False)
    assert _m(match_typed("metastases", ["metastasis"])) == ("metastasis", False)
    assert _m(match_typed("whites of eyes", ["the whites of the eyes"])) == ("the whites of the eyes", False)
    key = "the lymphatic system, the bloodstream and local invasion"
    assert _m(match_typed("local invasion, bloodstream, lymphatic system", [key])) == (key, False)
    assert match_typed("bloodstream and lymphatic system", [key]) is None  # a list missing an item


def test_words_the_question_says_are_fair_but_a_qualifier_of_the_students_own_is_not():
    q = "When breast cancer enters the lymphatic system it usually reaches the nearby _____ first."
    # review 13: "mediastinal lymph nodes" was graded right here as "axillary
    # lymph nodes" was; a word matcher cannot tell them apart, so neither
    # matches and the student judges both against the key (open blank)
    for said in ("axillary lymph nodes", "mediastinal lymph nodes", "liver nodes", "lung nodes"):
        assert match_typed(said, ["lymph nodes", "nodes"], context=q) is None, said
    assert match_typed("lymphatic lymph nodes", ["lymph nodes"], context=q) is not None  # the question's word
    assert match_typed("abdominal pain", ["pain"], context="Radiation can ease _____.") is None
    assert match_typed("metastatic liver disease", ["liver"]) is not None  # what every answer here is
    assert match_typed("brain metastases", ["brain"]) is not None  # a category word after the key
    assert match_typed("HER2-positive breast cancer", ["HER2-positive"],
                       context="more common in _____ and in triple-negative breast cancer") is not None
    assert match_typed("their quality of life", ["quality of life"]) is not None
    # never a negation, a second item, more than two qualifiers or new words after the key
    assert match_typed("no pain", ["pain"]) is None
    assert match_typed("liver and lung", ["lung"]) is None
    assert match_typed("very deep dull aching pain", ["pain"]) is None
    assert match_typed("bone marrow", ["bone"]) is None
    assert match_typed("14 lymph nodes", ["lymph nodes"]) is None


def test_a_polarity_or_a_count_never_qualifies_a_key():
    """Review 13: "HER2-negative" (the opposite) and "single bone metastasis"
    (for widespread bone metastases, strontium-89's point) were graded right."""
    q = "Brain metastases are more common in [which subtype?] and in triple-negative breast cancer."
    keys = ["HER2-positive breast cancer", "HER2-positive", "HER2+"]
    assert match_typed("HER2-negative", keys, context=q) is None
    assert match_typed("HER2 negative breast cancer", keys, context=q) is None
    assert match_typed("HER2+", keys, context=q) is not None and match_typed("her2 +ve", ["HER2"]) is None
    q = "Treatments aimed at one site: the condition that goes with the treatment \u201cstrontium 89\u201d is _____."
    for said in ("single bone metastasis", "solitary bone metastases", "localized bone metastasis"):
        assert match_typed(said, ["widespread bone metastases", "bone metastases"], context=q) is None, said


@pytest.mark.parametrize(
    "said, key, question",
    [
        ("less severe", "severe", "Itching from liver metastases can be _____ and should be taken seriously."),
        ("mildly severe", "severe", "Itching from liver metastases can be _____."),
        ("upper airways", "airways", "A tumor pressing on the _____ can cause a cough."),
        ("secondary lung cancer", "lung cancer", "A lung nodule may be a primary _____."),
        ("distant local recurrence", "local recurrence", "Cancer back at the original site is a _____."),
        ("relatively favourable", "favourable", "The outlook is _____."),
        ("progression-free survival", "survival", "The treatment improved _____."),
        ("disease-free survival", "survival", "The treatment improved _____."),
        ("cancer-specific survival", "survival", "The treatment improved _____."),
    ],
)
def test_a_qualifier_that_grades_places_or_reverses_the_key_is_refused(said, key, question):
    assert match_typed(said, [key], context=question) is None


def test_a_qualifier_the_question_itself_says_is_fine():
    q = "The blood-brain barrier is made of the tightly sealed _____ of the brain."
    assert match_typed("tightly sealed capillaries", ["capillaries"], context=q) is not None
    assert match_typed("leaky capillaries", ["capillaries"], context=q) is None


@pytest.mark.parametrize(
    "said, key",
    [
        ("tumour", "tumor"), ("oesophagus", "esophagus"), ("haemorrhage", "hemorrhage"),
        ("stabilising surgery", "stabilizing surgery"), ("centre", "center"), ("paediatric", "pediatric"),
        ("bronchus", "bronchi"), ("vertebra", "vertebrae"), ("scanning", "scans"),
        ("radiation treatment", "radiation"), ("chemotherapy drugs", "chemotherapy"),
        ("breast tissue", "breast"),
    ],
)
def test_british_spellings_latin_plurals_and_category_words_match_exactly(said, key):
    match = match_typed(said, [key])
    assert match is not None and not match.typo  # no typo flag, no Hard suggested


def test_the_question_may_supply_part_of_the_key():
    q = "The term _____ means chemotherapy injected directly into the fluid around the brain."
    m = match_typed("intrathecal", ["intrathecal chemotherapy"], context=q)
    assert m is not None and m.note == "the question supplies the rest"
    assert match_typed("chemotherapy", ["intrathecal chemotherapy"], context=q) is None  # the knowledge is missing
    assert match_typed("intrathecal", ["intrathecal chemotherapy"]) is None  # nothing supplies it
    assert match_typed("the", ["the spine"], context="the spine") is None


def test_the_rest_must_stand_beside_the_blank_not_anywhere_in_the_question():
    # review 6 #15: bare "lung" was accepted as "lung cancer" because the
    # sentence says "breast cancer" elsewhere and the hint asks "which other cancer?"
    q = ("Before a new nodule is treated, its origin is confirmed, because a [which other cancer?] "
         "is treated differently from breast cancer that has spread.")
    assert match_typed("lung", ["primary lung cancer", "lung cancer"], context=q) is None
    assert match_typed("lung", ["lung cancer"], context="Breast cancer and _____ are treated apart.") is None
    # the same words right beside the blank do supply it
    m = match_typed("lung", ["lung cancer"], context="A nodule may be a primary _____ cancer, not a metastasis.")
    assert m is not None and m.note == "the question supplies the rest"
    m = match_typed("lung cancer", ["primary lung cancer"], context="A nodule may be a primary _____.")
    assert m is not None and m.note == "the question supplies the rest"


@pytest.mark.parametrize(
    "said, key",
    [
        ("eradicate", "eradication"), ("eradicating", "eradication"), ("eliminating", "elimination"),
        ("ablate", "ablation"), ("detoxifying", "detoxification"), ("detoxify", "detoxification"),
    ],
)
def test_the_verb_of_a_noun_in_ation_is_the_same_word(said, key):
    # review 6 #39 and #10: "eradicate" was rejected for "eradication", although
    # "eradicating" and "eradicate" were already one word
    match = match_typed(said, [key])
    assert match is not None and not match.typo


def test_a_short_word_in_ation_is_not_folded_into_another():
    assert match_typed("state", ["station"]) is None


def test_numbers_are_never_typo_tolerant():
    assert match_typed("14", ["41"]) is None
    assert match_typed("stage 5", ["stage 4"]) is None
    assert match_typed("t4n1", ["t4n0"]) is None
    assert grade(f.cloze_number(), "5").correct is False


def test_typed_numbers_compare_as_numbers_and_aliases():
    item = f.cloze_number()
    for response in ("4", "4.0", "IV", "iv", "four", "Four!"):
        assert grade(item, response).correct, response


def test_typed_wrong_answer_names_the_expected_one():
    g = grade(f.cloze(), "glioblastoma")
    assert not g.correct and g.score == 0.0 and g.accepted is None
    assert g.note == "expected 'leptomeningeal metastases'"


def test_flashcard_typed_text_is_compared_too():
    assert grade(f.flashcard(), "Zoledronic Acid").correct
    assert not grade(f.flashcard(), "denosumab").correct


@pytest.mark.parametrize("response", ["", "   ", "?!", "..."])
def test_typed_empty_is_invalid(response):
    with pytest.raises(InvalidResponse):
        grade(f.cloze(), response)


def test_edit_distance_is_damerau():
    assert edit_distance("abcd", "abdc") == 1
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3
    assert edit_distance("abcdef", "uvwxyz", limit=2) == 3


# -- numeric -----------------------------------------------------------------------


@pytest.mark.parametrize("response", ["41", "41%", "41 %", "41.0", "41 percent", "about 41%", " 41 "])
def test_numeric_exact_with_optional_percent(response):
    g = grade(f.numeric(41), response)
    assert g.correct and g.accepted == "41%"


@pytest.mark.parametrize("response", ["40", "14", "42", "4.1", "410"])
def test_numeric_without_tolerance_must_be_exact(response):
    assert not grade(f.numeric(41), response).correct


def test_numeric_tolerance_is_absolute_and_reported():
    item = f.numeric(41, tolerance=2)
    assert grade(item, "43").correct and grade(item, "39%").correct
    assert not grade(item, "43.5").correct and not grade(item, "38").correct
    assert "within 2" in grade(item, "42").note
    assert grade(item, "41").note == "correct"


def test_numeric_unit_words_and_thousands_commas():
    years = f.numeric(5, unit="years")
    for response in ("5", "5 years", "5 Years", "5 year", "about 5 years", "5years"):
        assert grade(years, response).correct, response
    big = f.numeric(1000, unit="patients")
    assert grade(big, "1,000").correct and grade(big, "1000 patients").correct
    assert not grade(big, "1,001").correct


@pytest.mark.parametrize("response", ["5 months", "five", "5%", "", "1,00", "5 5", "--5", "x"])
def test_numeric_invalid_forms(response):
    with pytest.raises(InvalidResponse):
        grade(f.numeric(5, unit="years"), response)


def test_numeric_range_facts():
    item = f.numeric(10, 15)
    assert grade(item, "10-15").correct
    assert grade(item, "10 - 15%").correct
    assert grade(item, "10% to 15%").correct
    assert grade(item, "12").correct  # inside the range
    assert not grade(item, "16").correct
    assert not grade(item, "10-20").correct
    tolerant = f.numeric(10, 15, tolerance=1)
    assert grade(tolerant, "9-16").correct and grade(tolerant, "16").correct
    assert not grade(tolerant, "17").correct


def test_numeric_range_answer_to_a_single_value_is_wrong_not_invalid():
    assert not grade(f.numeric(41), "40-45").correct


def test_parse_number_forms():
    assert parse_number("1,000") == (1000, 1000)
    assert parse_number("-2.5") == (-2.5, -2.5)
    assert parse_number("15-10%", "%") == (10, 15)
    assert parse_number("ten") is None


def test_numeric_item_without_key_is_a_clear_error():
    broken = f.make(ItemKind.NUMERIC, "How many?", ["many"])
    with pytest.raises(FactdrillError, match="no numeric key"):
        grade(broken, "3")


# -- matching and ordering --------------------------------------------------------


@pytest.mark.parametrize("response", ["c a b", "cab", "c,a,b", "C A B", "1c 2a 3b", "1-c, 2-a, 3-b", "3b 1c 2a"])
def test_matching_letters_per_number(response):
    g = grade(f.matching(), response)
    assert g.correct and (g.earned, g.possible) == (3, 3) and g.picks == (2, 0, 1)


def test_matching_partial_credit():
    g = grade(f.matching(), "c b a")
    assert not g.correct and (g.earned, g.possible) == (1, 3)
    assert g.score == pytest.approx(1 / 3) and g.note == "1 of 3 pairs right"
    assert grade(f.matching(), "aaa").earned == 1  # repeating a letter is allowed, just wrong


@pytest.mark.parametrize("response", ["c a", "c a b a", "c a z", "1c 2a", "1c 1a 3b", "", "1c 2a 3b x"])
def test_matching_invalid(response):
    with pytest.raises(InvalidResponse):
        grade(f.matching(), response)


def test_ordering_first_to_last():
    item = f.ordering()
    assert grade(item, "b c a").correct
    g = grade(item, "c b a")  # liver last is right, the other two swapped
    assert (g.earned, g.possible, g.correct) == (1, 3, False)
    assert g.note == "1 of 3 positions right" and g.picks == (2, 1, 0)


@pytest.mark.parametrize("response", ["b c", "b b a", "b c a a", "b c d", ""])
def test_ordering_invalid(response):
    with pytest.raises(InvalidResponse):
        grade(f.ordering(), response)


def test_key_response_forms():
    assert key_response(f.mcq()) == "b"
    assert key_response(f.sata()) == "a c d"
    assert key_response(f.matching()) == "c a b"
    assert key_response(f.ordering()) == "b c a"
    assert key_response(f.cloze()) == "leptomeningeal metastases"


# -- properties -------------------------------------------------------------------


@SETTINGS
@given(f.any_items())
def test_answering_with_the_key_scores_full_marks(item):
    g = grade(item, key_response(item))
    assert isinstance(g, Grade)
    assert g.correct and g.score == 1.0 and g.earned == g.possible


@SETTINGS
@given(f.choice_items(), st.data())
def test_any_other_choice_scores_less(item, data):
    n = len(item.options)
    keys = set(item.correct_options)
    if item.kind is ItemKind.SATA:
        picked = data.draw(st.sets(st.integers(0, n - 1), min_size=1))
    else:
        picked = {data.draw(st.integers(0, n - 1))}
    assume(picked != keys)
    response = ",".join("abcdefgh"[i] for i in sorted(picked))
    for scoring in Scoring:
        g = grade(item, response, scoring=scoring)
        assert g.score < 1.0 and not g.correct
        assert 0.0 <= g.score
        assert set(g.wrong_chosen) == picked - keys


@SETTINGS
@given(st.one_of(f.matching_items(), f.ordering_items()), st.data())
def test_any_other_arrangement_scores_less(item, data):
    if item.kind is ItemKind.MATCHING:
        shown = item.extra["right"]
        picks = data.draw(st.lists(st.integers(0, len(shown) - 1), min_size=len(item.answers), max_size=len(item.answers)))
    else:
        shown = item.extra["choices"]
        picks = data.draw(st.permutations(range(len(shown))))
    assume([shown[p] for p in picks] != list(item.answers))
    g = grade(item, " ".join("abcdefgh"[p] for p in picks))
    assert g.score < 1.0 and not g.correct
    assert g.earned == sum(shown[p] == a for p, a in zip(picks, item.answers))


@SETTINGS
@given(f.numeric_items(), st.integers(-100, 3000))
def test_numeric_outside_tolerance_scores_zero(item, typed):
    tol = item.extra["tolerance"] or 0
    low, high = item.extra["value"], item.extra["high"] or item.extra["value"]
    g = grade(item, str(typed))
    assert g.correct == (low - tol <= typed <= high + tol)


@SETTINGS
@given(f.any_items(), st.text(max_size=40))
def test_random_responses_only_ever_raise_invalid_response(item, response):
    try:
        g = grade(item, response)
    except InvalidResponse as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert 0.0 <= g.score <= 1.0 and g.correct == (g.score == 1.0)


def test_every_three_letter_sata_response_is_graded_consistently():
    item = f.sata()
    for r in range(1, 7):
        for combo in itertools.combinations("abcdef", r):
            g = grade(item, "".join(combo))
            hits = len(set(combo) & {"a", "c", "d"})
            assert g.earned == max(0, hits - (len(combo) - hits))


@SETTINGS
@given(f.typed_items(), st.sampled_from(["qq7", "zz 9", "x1"]))
def test_typed_response_with_extra_words_scores_zero(item, extra_word):
    response = f"{item.answers[0]} {extra_word}"
    marker = extra_word.split()[-1]
    assume(not any(marker in "".join(normalize_tokens(a)) for a in item.answers))
    g = grade(item, response)
    assert g.score == 0.0 and not g.correct and g.accepted is None


def test_a_typed_range_holding_the_figure_counts_when_no_wider_than_the_margin():
    about15 = f.numeric(15, tolerance=3)
    assert grade(about15, "10-15").correct and grade(about15, "13-17").correct
    assert not grade(about15, "5-15").correct  # wider than the margin allows
    assert not grade(about15, "16-20").correct  # does not hold the figure
    exact = f.numeric(41)
    assert not grade(exact, "35-45").correct  # no margin: only the figure


@pytest.mark.parametrize(
    "said, key",
    [
        ("reduce brain swelling", "reducing brain swelling"),
        ("reduces brain swelling", "reducing brain swelling"),
        ("reduced brain swelling", "reducing brain swelling"),
        ("decrease swelling in the brain", "decreasing swelling in the brain"),
        ("fractured", "fracture"),
        ("stopping treatment", "stopped treatment"),
        ("diseases", "disease"),
    ],
)
def test_forms_of_one_verb_read_as_one_word_not_as_a_typo(said, key):
    # review 5 #8: "reduce" for "reducing" was accepted as a typo, so the drill
    # suggested Hard for a right answer
    match = match_typed(said, [key])
    assert match is not None and not match.typo, (said, key, match)


def test_verb_forms_do_not_merge_different_words():
    assert match_typed("increase brain swelling", ["reducing brain swelling"]) is None
    assert match_typed("swelling", ["reducing brain swelling"]) is None


def test_a_trailing_head_noun_after_the_key_is_fair():
    # review 5 #4 and #20: "survival time" for "survival"; "fractured bone"
    # for "fracture" when the question is about bone
    q = "they are becoming more common thanks to the longer _____ of people with metastatic cancer."
    assert match_typed("survival time", ["survival", "lifespan"], context=q) is not None
    bone = "Bone metastases do not always cause pain; some learn of them only from a [what event?]."
    match = match_typed("fractured bone", ["fracture", "broken bone"], context=bone)
    assert match is not None and not match.typo
    # the head noun never turns a wrong key right, and a rate is not a time
    assert match_typed("survival rate", ["survival"], context=q) is None
    assert match_typed("recurrence time", ["survival"], context=q) is None


def _two_of_card():
    from factdrill.deck.facts import Deck, FactSet, Source, Topic
    from factdrill.generators import generate

    effusions = FactSet(
        id="effusions", topic="lung", sources=("s",), name="ways of managing pleural effusions",
        members=("draining the fluid with a needle", "placing a shunt", "pleurodesis"), complete=False,
        alternatives=(("draining the fluid with a needle", ("thoracentesis",)), ("placing a shunt", ("shunt",))),
    )
    deck = Deck(id="d", title="D", sources={"s": Source(key="s", title="S")},
                topics=(Topic(id="lung", title="Lung"),), facts=(effusions,))
    (card,) = [i for i in generate(deck) if i.kind is ItemKind.FLASHCARD]
    assert card.prompt.startswith("Name two ways") and card.answers[0].startswith("For example:")
    return card


@pytest.mark.parametrize("said", ["shunt and pleurodesis", "pleurodesis, a shunt", "thoracentesis and pleurodesis",
                                  "Pleurodesis; placing a shunt", "thoracentesis or shunt"])
def test_a_name_two_of_card_matches_any_two_members_in_any_order(said):
    # review 5 #22: "shunt and pleurodesis" was reported as not matching an
    # "Any two of:" back, so every right attempt looked like a miss
    from factdrill.study.controls import suggested_rating
    from factdrill.study.scheduling import Rating

    card = _two_of_card()
    assert grade(card, said).correct, said
    assert suggested_rating(card, said) is Rating.GOOD


@pytest.mark.parametrize("said", ["pleurodesis", "pleurodesis and pleurodesis", "pleurodesis and surgery",
                                  "shunt, pleurodesis and radiation"])
def test_a_name_two_of_card_needs_two_different_members_and_no_wrong_one(said):
    from factdrill.study.controls import suggested_rating

    card = _two_of_card()
    assert not grade(card, said).correct, said
    assert suggested_rating(card, said) is None


def test_words_beside_the_blank_may_be_typed_again():
    # review 7 #20: "stage IV" passed ("with 'stag' added") but "stage 4",
    # the deck's own key with the stem word retyped, was graded wrong
    q = "Stage _____ breast cancer, the most advanced stage, is simply another name for metastatic breast cancer."
    for said in ("stage 4", "Stage 4", "stage IV", "stage four"):
        m = match_typed(said, ["4", "IV", "four"], context=q)
        assert m is not None and not m.typo, said
        assert m.note == "with 'stage' repeated from the question", said
    assert match_typed("stage 5", ["4", "IV", "four"], context=q) is None
    assert match_typed("stage 4", ["4"], context="The cancer is _____ now.") is None  # nothing to repeat
    brain = "Brain metastases do not always cause symptoms; some are found only on [what kind of tests?] of the brain."
    assert match_typed("MRI scans of the brain", ["MRI scans"], context=brain) is not None


def test_roman_numerals_read_as_their_digits():
    assert _m(match_typed("IV", ["4"])) == ("4", False)
    assert _m(match_typed("stage iii", ["stage 3"])) == ("stage 3", False)
    assert match_typed("stage II", ["stage 3"]) is None
    assert _m(match_typed("V", ["5"])) == ("5", False)  # a lone numeral as the whole answer
    assert match_typed("chest x-ray", ["chest 10-ray"]) is None  # a lone letter inside is a word


def test_an_abbreviations_plural_or_possessive_is_the_abbreviation():
    # review 7 #28: "MRI scans" passed, "MRIs", "CTs" and "MRI's" did not
    for said in ("MRIs", "CTs", "MRI's", "CT’s"):
        m = match_typed(said, ["imaging", "MRI", "CT"])
        assert m is not None and not m.typo and m.answer in ("MRI", "CT"), said
    assert match_typed("LESS severe", ["severe"], context="Itching can be _____.") is None  # capitals stay words


def test_feedback_shows_added_words_as_typed_not_their_stems():
    # review 7 #20: the feedback read "with 'stag' added"
    assert match_typed("enlarged lymph nodes", ["lymph nodes"], context="Look for _____ that are enlarged.").note == (
        "with 'enlarged' added")


@pytest.mark.parametrize("said, key", [("bone cancer", "bone"), ("liver cancer", "liver"),
                                       ("lung carcinoma", "lungs"), ("the bones cancer", "bones")])
def test_an_organ_followed_by_cancer_is_not_the_site_of_spread(said, key):
    """Review 10: 'bone cancer' matched 'bone' ('cancer' was a harmless head
    word), the misnomer a metastasis deck teaches students to correct."""
    context = "Breast cancer spreads most often to the _____."
    assert match_typed(said, [key], context=context) is None
    assert match_typed(f"{key} metastases", [key], context=context) is not None
    assert match_typed("HER2-positive breast cancer", ["HER2-positive"],
                       context="Which breast cancer subtype spreads to the brain more often? _____") is not None


def test_a_name_with_its_other_name_in_brackets_matches_either_way_round():
    """Review 12: the article's own 'stereotactic body radiotherapy (SBRT)' was
    refused while 'SBRT (stereotactic body radiotherapy)' passed."""
    answers = ["stereotactic body radiotherapy", "SBRT"]
    for said in ("stereotactic body radiotherapy (SBRT)", "SBRT (stereotactic body radiotherapy)"):
        assert match_typed(said, answers) is not None, said
    assert match_typed("pleurodesis (SBRT)", answers) is None


@pytest.mark.parametrize("said", ["skin and soft tissue, ovaries", "the ovaries and the skin and soft tissue",
                                  "skin and soft tissue; bone marrow"])
def test_a_list_member_that_holds_and_itself_is_named(said):
    """Review 16: 'skin and soft tissue' never matched, even typed word for word
    (the list was split at its 'and')."""
    members = [["the bone marrow"], ["the skin and soft tissue"], ["the ovaries"]]
    assert match_members(said, members, 2) is not None
    assert match_members("skin and soft tissue", members, 2) is None  # one member, two asked
