"""The item-writing-flaw audit: each rule fires on the flaw it is for and stays
quiet on its near miss; the command reports, exits 1 on errors, and speaks
JSON; the flagship deck audits clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import item_factories as f
from factdrill.audit import RULE_IDS, audit
from factdrill.cli import cli
from factdrill.deck.facts import Deck, FactSet, Location, Mapping, Source, Statement, Term, Topic
from factdrill.generators.items import ItemKind
from factdrill.generators.wording import content_stems

FLAGSHIP = Path(__file__).resolve().parents[1] / "decks" / "breast-cancer-metastasis"
LOC = Location("deck.yaml", 7, 5)


def deck(*facts):
    return Deck(id="d", title="D", sources={"ref": Source(key="ref", title="R")},
                topics=(Topic(id="topic", title="T"),), facts=facts, path="deck.yaml")


def stmt(fid="fact", text="Steroids reduce swelling around brain tumours.", variants=()):
    return Statement(id=fid, topic="topic", sources=("ref",), text=text, false_variants=tuple(variants),
                     explanation="Swelling causes the headache.", loc=LOC)


def item(prompt, options, kind=ItemKind.MCQ, explanation="Because.", **extra):
    return f.make(kind, prompt, [o.text for o in options if o.correct], options=options,
                  explanation=explanation, extra=extra)


def rules(findings):
    return sorted({x.rule for x in findings})


def one_rule(rule, it, *facts):
    return [x for x in audit(deck(*(facts or (stmt(),))), [it], [rule])]


OPT = f.opt


def test_every_finding_names_item_fact_place_rule_and_fix():
    it = item("Which organ?", [OPT("bone", True), OPT("bone "), OPT("lung")])
    (x,) = one_rule("duplicate-options", it)
    assert (x.item_id, x.fact_id, x.loc, x.severity) == (it.id, "fact", LOC, "error")
    assert x.line().startswith("deck.yaml:7:5: error: [duplicate-options] mcq-test: ") and x.hint


def test_longest_key_per_item_and_near_miss():
    long_key = OPT("Steroids reduce the swelling around the tumours in the brain", True)
    it = item("Why are steroids given?", [long_key, OPT("To kill cells"), OPT("To stop pain")])
    assert rules(one_rule("longest-option", it)) == ["longest-option"]
    fair = item("Why are steroids given?", [long_key, OPT("To kill the cancer cells that grow in the brain itself"),
                                              OPT("To stop pain")])
    assert one_rule("longest-option", fair) == []


def test_a_distractor_rewriting_the_key_from_its_own_fact():
    key = OPT("Steroids reduce swelling around brain tumours", True, fact_id="fact")
    twin = OPT("Steroids increase swelling around brain tumours", fact_id="fact")
    other = OPT("Radiation therapy has no role in treating brain tumours", fact_id="other")
    assert rules(one_rule("key-rewrite", item("Which is true?", [key, twin, OPT("x y")]))) == ["key-rewrite"]
    assert one_rule("key-rewrite", item("Which is true?", [key, other, OPT("x y")])) == []


def test_clang_a_stem_word_only_the_key_repeats():
    it = item("A client has bone pain. Which site of spread?", [OPT("Bone metastases", True), OPT("Liver metastases"),
                                                              OPT("Lung metastases")])
    assert rules(one_rule("clang", it)) == ["clang"]
    fair = item("A client has bone pain. Which site of spread?", [OPT("Bone metastases", True),
                                                                 OPT("Bone marrow metastases"), OPT("Lung metastases")])
    assert one_rule("clang", fair) == []


def test_clang_by_root_is_a_warning():
    it = item("Which treatment keeps a pleural effusion from coming back?",
              [OPT("Pleurodesis", True), OPT("Thoracentesis"), OPT("Radiation therapy")])
    (x,) = one_rule("clang", it)
    assert x.severity == "warning" and "the root of 'pleurodes'" in x.message


def test_absolute_terms_only_in_false_claims():
    facts = (stmt(), stmt("other", "Radiation eases bone pain.", ["x"]))
    key = OPT("Steroids reduce swelling around brain tumours.", True)
    cue = OPT("Radiation always cures brain tumours.", fact_id="other")
    it = item("Which is true?", [key, cue, OPT("Steroids kill cancer cells.", fact_id="other")])
    assert rules(one_rule("absolute-terms", it, *facts)) == ["absolute-terms"]
    # "allergy" holds "all" and "commonly" holds "only": whole words only
    quiet = item("Which is true?", [key, OPT("Allergy commonly follows radiation.", fact_id="other"),
                                    OPT("Steroids kill cancer cells.", fact_id="other")])
    assert one_rule("absolute-terms", quiet, *facts) == []


def test_rationale_that_only_restates_the_option():
    lazy = item("Which is a sign of liver spread?", [
        OPT("Jaundice", True, rationale="Jaundice: one of the signs."),
        OPT("Seizures", rationale="Seizures: not one of the signs of liver spread.")])
    assert [x.message.split("'")[1] for x in one_rule("rationale-restates", lazy)] == ["Seizures"]
    taught = item("Which is a sign of liver spread?", [
        OPT("Jaundice", True, rationale="Jaundice: one of the signs."),
        OPT("Seizures", rationale="Seizures point to the brain, not the liver.")])
    assert one_rule("rationale-restates", taught) == []
    numbers = item("What share had bone spread?", [OPT("41%", True), OPT("60%", rationale="60% is too high: 41%.")],
                   kind=ItemKind.NUMERIC_MCQ)
    assert one_rule("rationale-restates", numbers) == []  # the right figure teaches


def test_a_distractor_another_fact_makes_true():
    liver = FactSet(id="fact", topic="topic", sources=("ref",), name="possible signs of liver spread",
                    members=("jaundice", "itching"), signs_of="liver metastases", loc=LOC)
    twin = FactSet(id="fact2", topic="topic", sources=("ref",), name="possible signs of liver spread",
                   members=("nausea",), loc=LOC)
    it = item("Which is one of the possible signs of liver spread?", [OPT("jaundice", True), OPT("nausea"),
                                                                        OPT("seizures")])
    (x,) = one_rule("true-elsewhere", it, liver, twin)
    assert "nausea" in x.message
    pairs = Mapping(id="fact", topic="topic", sources=("ref",), name="drug purposes", left="drug", right="purpose",
                    pairs=(("steroids", "swelling"), ("steroids", "nausea"), ("radiation", "tumours")), loc=LOC)
    mapped = item("Which purpose matches steroids?", [OPT("swelling", True), OPT("nausea"), OPT("tumours")],
                  given="steroids")
    assert ["true-elsewhere"] == rules(one_rule("true-elsewhere", mapped, pairs))


def test_a_question_turned_round_by_not_must_say_it_in_capitals():
    it = item("Which of the following is not a sign of liver spread?", [OPT("Seizures", True), OPT("Jaundice")])
    assert rules(one_rule("negative-stem", it)) == ["negative-stem"]
    shouted = item("Which of the following is NOT a sign of liver spread?", [OPT("Seizures", True), OPT("Jaundice")])
    quoted = item("Which term means a procedure so fluid can no longer collect?", [OPT("Pleurodesis", True),
                                                                               OPT("Shunt")])
    assert one_rule("negative-stem", shouted) == [] and one_rule("negative-stem", quoted) == []


def test_numbers_out_of_order_and_all_of_the_above():
    it = item("What share?", [OPT("41%", True), OPT("22%"), OPT("60%")], kind=ItemKind.NUMERIC_MCQ)
    assert rules(one_rule("lost-sequence", it)) == ["lost-sequence"]
    aota = item("Which are signs?", [OPT("Jaundice", True), OPT("All of the above")])
    assert rules(one_rule("all-none-of-the-above", aota)) == ["all-none-of-the-above"]


def test_deck_rules_count_true_false_share_and_longest_keys():
    tf = [f.true_false(i % 2 == 0) for i in range(3)]
    mcq = [item(f"Question {i}?", [OPT("a much longer key text", True), OPT("short"), OPT("tiny")]) for i in range(3)]
    found = audit(deck(stmt()), tf + mcq)
    assert {"true-false-share", "longest-key-share"} <= set(rules(found))
    x = next(x for x in found if x.rule == "true-false-share")
    assert x.item_id is None and "3 of 6 items (50%)" in x.message


def test_check_warns_about_a_false_variant_that_says_always(tmp_path):
    from factdrill.audit.deck_text import deck_text_problems

    cue = stmt(variants=["Steroids always cure brain tumours."])
    fair = stmt("other", variants=["Steroids are given to kill the cancer cells in the brain."])
    (p,) = deck_text_problems(deck(cue, fair))
    assert p.loc == LOC and "'always'" in p.message


def write_deck(tmp_path, statements):
    facts = "".join(
        f"  - id: s{i}\n    kind: statement\n    topic: t\n    text: {text}\n    false_variants: [{false}]\n"
        f"    sources: [s]\n    explanation: {expl}\n"
        for i, (text, false, expl) in enumerate(statements)
    )
    path = tmp_path / "tf.yaml"
    path.write_text("id: tf\ntitle: TF\nsources:\n  s:\n    title: S\ntopics:\n  - id: t\n    title: T\n"
                    "facts:\n" + facts, encoding="utf-8")
    return path


def test_audit_command_exits_1_on_errors_with_a_summary_line_and_json(tmp_path):
    path = write_deck(tmp_path, [
        ("Bone is the most common site of distant spread", "The liver is the most common distant site", "Bone first."),
        ("Jaundice can be a sign of liver spread", "Jaundice is a sign of lung spread", "The liver clears bilirubin."),
        ("Seizures can come from brain spread", "Seizures come from bone spread", "Brain tissue is irritated."),
    ])
    result = CliRunner().invoke(cli, ["audit", str(path)])
    assert result.exit_code == 1, result.output
    assert "error: [true-false-share]" in result.output and "  fix: " in result.output
    assert result.output.splitlines()[-1].startswith("audited ") and " error" in result.output.splitlines()[-1]
    assert all(len(line) <= 80 for line in result.output.splitlines() if line.startswith("  fix"))
    js = CliRunner().invoke(cli, ["audit", str(path), "--json"])
    rows = [json.loads(line) for line in js.stdout.splitlines()]
    assert {"rule", "severity", "item", "fact", "file", "line", "message", "hint"} <= set(rows[0])
    bad = CliRunner().invoke(cli, ["audit", str(path), "--rule", "nope"])
    assert bad.exit_code == 2 and "unknown rule 'nope'" in bad.output


def test_rule_ids_are_unique():
    assert len(RULE_IDS) == len(set(RULE_IDS))


@pytest.mark.parametrize("seed", [0, 11, 2026])
def test_the_flagship_deck_audits_without_errors(seed):
    from factdrill.deck.loader import load_deck
    from factdrill.generators import generate

    d = load_deck(FLAGSHIP)
    errors = [x.line() for x in audit(d, generate(d, seed=seed)) if x.is_error]
    assert errors == []


def test_the_flagship_mix_is_exam_like():
    from factdrill.deck.loader import load_deck
    from factdrill.generators import generate

    d = load_deck(FLAGSHIP)
    items = generate(d, seed=5)
    tf = [i for i in items if i.kind is ItemKind.TRUE_FALSE]
    assert len(tf) <= 0.15 * len(items)
    facts = {fact.id: fact for fact in d.facts}
    for it in items:
        if it.kind is ItemKind.MCQ and isinstance(facts[it.fact_ids[0]], Statement):
            key = next(o for o in it.options if o.correct)
            # never the key's own negation: its own misconceptions only when they share few of its words
            words = content_stems(key.text, min_len=3)
            for o in it.options:
                if not o.correct and o.fact_id == key.fact_id:
                    theirs = content_stems(o.text, min_len=3)
                    assert len(words & theirs) / min(len(words), len(theirs)) < 0.4, o.text
    mcqs = [i for i in items if i.kind in (ItemKind.MCQ, ItemKind.SCENARIO) and len(i.options) >= 3]
    longest = sum(len(next(o for o in i.options if o.correct).text) > max(len(o.text) for o in i.options
                                                                           if not o.correct) for i in mcqs)
    assert longest <= 0.35 * len(mcqs)


def test_term_facts_are_unaffected_by_the_absolute_rule():
    # "after only a minor injury" in a definition is no specific determiner
    t = Term(id="fact", topic="topic", sources=("ref",), term="pathologic fracture",
             definition="a break after only a minor injury", loc=LOC)
    other = Term(id="other", topic="topic", sources=("ref",), term="x", definition="y", loc=LOC)
    it = item("Which describes jaundice?", [OPT("yellow skin", True), OPT("a break after only a minor injury",
                                                                           fact_id="other")])
    assert one_rule("absolute-terms", it, t, other) == []


def test_an_urgency_word_only_the_key_has():
    """Review 12: 'report the findings to the provider at once' among plain
    actions: the one option saying how soon is the first action."""
    cue = item("Which action first?", [OPT("Report the findings to the provider at once", True),
                                       OPT("Draw blood for calcium"), OPT("Set up saline to rehydrate her")],
               kind=ItemKind.PRIORITY)
    (x,) = one_rule("urgency-cue", cue)
    assert x.severity == "error" and "'at once'" in x.message
    fair = item("Which action first?", [OPT("Report the findings to the provider at once", True),
                                        OPT("Draw blood for calcium right away"), OPT("Set up saline to rehydrate her")],
                kind=ItemKind.PRIORITY)
    assert one_rule("urgency-cue", fair) == []
    plain = item("Which action first?", [OPT("Report the findings to the provider", True),
                                         OPT("Draw blood for calcium"), OPT("Set up saline to rehydrate her")],
                 kind=ItemKind.PRIORITY)
    assert one_rule("urgency-cue", plain) == []


def test_a_phrase_every_wrong_choice_has_and_the_key_lacks():
    """NGN read 5: each action that could wait ended 'once it is ordered', the
    key reported to the provider: the odd one out was the key."""
    cue = item("Which action first?", [OPT("Report the findings to the provider", True),
                                       OPT("Draw blood for calcium once it is ordered"),
                                       OPT("Set up saline to rehydrate her once it is ordered")],
               kind=ItemKind.PRIORITY)
    (x,) = one_rule("shared-phrase", cue)
    assert x.severity == "error" and "once it is ordered" in x.message
    fair = item("Which action first?", [OPT("Report the findings to the provider", True),
                                        OPT("Draw blood for calcium"), OPT("Set up saline to rehydrate her")],
                kind=ItemKind.PRIORITY)
    assert one_rule("shared-phrase", fair) == []


def test_a_grid_column_no_row_points_to_alone():
    """Review 15: fracture against cord compression with one shared row and
    every other row cord compression: ticking that column everywhere scored 5/6."""
    def grid(row_keys):
        return f.make(ItemKind.MATRIX_MR, "For each finding, specify the condition(s).", ["x"],
                      extra={"columns": ["Fracture", "Cord compression"], "rows": [f"r{i}" for i in range(4)],
                             "row_keys": row_keys})
    (x,) = one_rule("grid-column-alone", grid([[1], [1], [0, 1], [1]]))
    assert x.severity == "error" and "'Fracture'" in x.message
    assert one_rule("grid-column-alone", grid([[1], [0], [0, 1], [1]])) == []


def test_a_stem_agreeing_in_number_with_the_key_alone_is_a_grammatical_cue():
    # review 16 #33: "tumors" agrees only with "Distant metastases"
    stem = "Which term means tumors that breast cancer has seeded beyond the breast, found at diagnosis or later?"
    key = OPT("Distant metastases", True)
    rivals = [OPT("Distant recurrence"), OPT("Regional recurrence"), OPT("Local recurrence")]
    (x,) = one_rule("grammatical-number", item(stem, [key, *rivals]))
    assert x.severity == "error" and "plural" in x.message and "Distant metastases" in x.message
    # near misses: a rival of the key's number, a stem that fixes no number,
    # a singular stem ("means a ...") with a singular key among singulars
    assert one_rule("grammatical-number", item(stem, [key, OPT("Leptomeningeal metastases"), *rivals[1:]])) == []
    quoted = "Which term matches the definition \u201ctumors that breast cancer has seeded beyond the breast\u201d?"
    assert one_rule("grammatical-number", item(quoted, [key, *rivals])) == []
    assert one_rule("grammatical-number", item("Which of the following is one of the routes of spread?",
                                               [OPT("The bloodstream", True), OPT("The airways"),
                                                OPT("The urinary tract"), OPT("The skin")])) == []
    singular = item("Which term means a procedure that scars the pleura together?",
                    [OPT("Pleurodesis", True), OPT("Thoracentesis"), OPT("Paracentesis"), OPT("Lumbar puncture")])
    assert one_rule("grammatical-number", singular) == []


def test_a_one_best_answer_item_with_three_options_is_an_error():
    three = item("Which organ?", [OPT("Bone", True), OPT("Lung"), OPT("Liver")])
    (x,) = one_rule("options-count", three)
    assert x.severity == "error" and "3 options" in x.message
    four = item("Which organ?", [OPT("Bone", True), OPT("Lung"), OPT("Liver"), OPT("Brain")])
    assert one_rule("options-count", four) == []


@pytest.mark.parametrize("seed", [1, 5, 9])
def test_flagship_mcqs_have_four_options_and_no_number_cue(seed):
    from factdrill.deck.loader import load_deck
    from factdrill.generators import generate

    d = load_deck(FLAGSHIP)
    found = audit(d, generate(d, seed=seed), ["options-count", "grammatical-number"])
    assert [x.line() for x in found] == []
