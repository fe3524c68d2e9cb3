"""Review 21's findings, each fixed as a class (docs/reviews/review-21.md)."""

from __future__ import annotations

import pytest

from factdrill.generators.items import ItemKind
from factdrill.study.grading import grade
from factdrill.study.typed import match_typed


@pytest.mark.parametrize("said,key", [("radiaton", "radiation"), ("radiatin", "radiation"),
                                      ("radiasion", "radiation"), ("radiatoin", "radiation"),
                                      ("eradicaton", "eradication"), ("eradiction", "eradication"), ("deses", "doses"),
                                      ("radiaton therapy", "radiation therapy"),
                                      ("itrathecal chemotherapy", "intrathecal chemotherapy"),
                                      ("deenosumab", "denosumab"), ("dstruction", "destruction"),
                                      ("nvasive lobular carcinoma", "invasive lobular carcinoma")])
def test_a_slip_in_the_ending_of_an_ation_word_is_a_typo(said, key):
    """#37: the key was folded ("radiation" -> "radiat") before typos were
    weighed, so a slip in "-ation" cost two edits against a shorter word's
    allowance of one, against the answer line's promise."""
    hit = match_typed(said, [key])
    assert hit is not None and hit.typo


def test_a_key_ending_in_brackets_forgives_a_slip():
    key = "1. bones; 2. lungs; 3. the liver and the brain (tied)"
    assert match_typed("1. bones; 2. lungs; 3. the livr and the brain (tied)", [key]) is not None
    # a name with another name in brackets must still say the key twice
    assert match_typed("pleurodesis (SBRT)", ["pleurodesis"]) is None


@pytest.mark.parametrize("said,key", [("decompression", "compression"), ("noninvasive", "invasive"),
                                      ("inactive", "active"), ("hypocalcemia", "hypercalcemia")])
def test_a_whole_prefix_added_or_dropped_is_still_another_word(said, key):
    assert match_typed(said, [key]) is None


@pytest.mark.parametrize("said,key", [("irradiation", "radiation"), ("ration", "radiation"),
                                      ("radiations", "radiation therapy")])
def test_weighing_the_written_words_accepts_no_other_word(said, key):
    hit = match_typed(said, [key])
    assert hit is None or not hit.typo


def _item(items, kind, first_answer):
    return next(i for i in items if i.kind is kind and i.answers and i.answers[0] == first_answer)


@pytest.mark.parametrize("said", ["HER-2 positive", "HER 2 positive", "HER-2-positive breast cancer", "HER2+"])
def test_her2_is_accepted_as_it_is_also_spelt(items5, said):
    """#11: "HER-2 positive" was not accepted (NCI and the Encyclopedia of
    Cancer spell it so)."""
    cloze = _item(items5, ItemKind.CLOZE, "HER2-positive breast cancer")
    assert grade(cloze, said).correct


def test_tnbc_is_accepted_for_triple_negative_breast_cancer(items5):
    """#33: the standard abbreviation was missing."""
    cloze = _item(items5, ItemKind.CLOZE, "triple-negative breast cancer")
    assert grade(cloze, "TNBC").correct


@pytest.mark.parametrize("said", ["bone-modifying medications", "bone-modifying agents", "BMAs",
                                  "bisphosphonates", "denosumab", "zoledronic acid"])
def test_the_articles_name_and_examples_of_bone_modifying_drugs_match_the_back(items5, said):
    """#22: the article's own "bone-modifying medications", and its examples,
    got no Good suggestion."""
    card = _item(items5, ItemKind.FLASHCARD, "bone-modifying drugs")
    assert grade(card, said).correct


def test_a_treatment_for_one_site_is_asked_in_its_setting(items5):
    """#4: "Pleurodesis is used for what condition?" admitted recurrent
    pneumothorax; the setting is now said, and the lay answer matches."""
    card = _item(items5, ItemKind.FLASHCARD, "recurrent malignant effusion")
    assert "in metastatic breast cancer" in card.prompt
    assert grade(card, "fluid returning around the lungs").correct and grade(card, "recurring pleural effusion").correct
    # an effusion that has not come back is not what pleurodesis is for (review 32 #21)
    assert not grade(card, "pleural effusion").correct


def test_a_purpose_is_a_purpose(flagship):
    """#14: strontium 89's "purpose" was its mechanism alone."""
    pairs = flagship.fact("bone-treatment-purposes").pairs
    purpose = next(right for left, right in pairs if left.startswith("strontium 89"))
    assert purpose.startswith("treating ")


def test_no_indicated_row_treats_a_suspected_condition_before_it_is_confirmed(items5):
    """#3: "give the intravenous bisphosphonate" was Indicated for suspected
    hypercalcemia while the blood draw that confirms it was another row; the
    fracture grid prepared her for radiation before any imaging."""
    checked = 0
    for item in items5:
        if item.kind is not ItemKind.MATRIX_MC or "suspected" not in item.prompt:
            continue
        for row, keys in zip(item.extra["rows"], item.extra["row_keys"]):
            text = row if isinstance(row, str) else row["text"]
            if "bisphosphonate" in text.lower() or "radiation therapy" in text.lower():
                checked += 1
                # indicated only once confirmed; given before that, it is the
                # slip to avoid (review 30 #14 put it on the grid that way)
                if keys == [0]:
                    assert any(w in text for w in ("once", "if it is offered")), text
                else:
                    assert "before" in text, text
    assert checked


def test_range_options_are_evenly_spaced_bands(flagship):
    """#10: a range's rivals were nudged ("49-54%" beside "20-25%" and
    "30-35%") and read as made up."""
    from factdrill.generators import generate

    seen = 0
    for seed in (1, 5, 262627):
        for item in generate(flagship, seed=seed, kinds=[ItemKind.NUMERIC_MCQ]):
            spans = [tuple(float(x) for x in o.text.rstrip("%").split("-")) for o in item.options
                     if "-" in o.text.lstrip("-")]
            if len(spans) != len(item.options):
                continue
            seen += 1
            widths = {round(b - a, 6) for a, b in spans}
            gaps = {round(b[0] - a[0], 6) for a, b in zip(spans, spans[1:])}
            assert len(widths) == 1, item.id
            step = min(gaps)
            assert all(abs(g / step - round(g / step)) < 1e-9 for g in gaps), (item.id, spans)
    assert seen


def test_the_dental_gap_names_the_risk_and_is_not_found_by_its_tone(items5):
    """#18: the only dismissive statement was the key, and its rationale never
    named osteonecrosis of the jaw."""
    checked = 0
    for item in items5:
        if item.kind is not ItemKind.TEACHING:
            continue
        key = next(o for o in item.options if o.correct)
        if "tooth" in key.text:
            checked += 1
            assert "bother" not in key.text
            assert "osteonecrosis" in key.rationale
    assert checked


# -- the audit's suggestion: every slip in a key word is forgiven -----------------

from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from factdrill.study.typos import real_word  # noqa: E402


def _slip(word: str, op: str, pos: int, letter: str) -> str:
    pos %= len(word)
    if op == "delete":
        return word[:pos] + word[pos + 1:]
    if op == "insert":
        return word[:pos] + letter + word[pos:]
    if op == "swap" and pos < len(word) - 1:
        return word[:pos] + word[pos + 1] + word[pos] + word[pos + 2:]
    return word[:pos] + letter + word[pos + 1:]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_one_slip_in_a_word_of_a_typed_key_is_forgiven(items5, data):
    """Review 21's proposed self-test: one slip in a word of five letters or
    more of any typed key, making no real word, still matches (the slips it
    found: "-ation" endings; and, found by this test, a slip in a word that
    begins with in- or de- read as the prefix dropped, and a key ending in
    brackets read as a name with another name in brackets)."""
    typed = [i for i in items5 if i.kind in (ItemKind.CLOZE, ItemKind.FLASHCARD) and i.answers]
    item = data.draw(st.sampled_from(typed))
    words = item.answers[0].split()
    candidates = [n for n, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    assume(candidates)
    n = data.draw(st.sampled_from(candidates))
    slip = _slip(words[n], data.draw(st.sampled_from(["delete", "insert", "swap", "replace"])),
                 data.draw(st.integers(0, 40)), data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz")))
    assume(slip != words[n] and not real_word(slip.casefold()))
    said = " ".join(words[:n] + [slip] + words[n + 1:])
    assert match_typed(said, list(item.answers), item.prompt) is not None, (item.id, said)
