"""One-best-answer MCQs as an exam would print them (issue 12, review 16
#17, #33, P5, reviews 19-20): four options, no partly right look-alike
among the rivals, no grammatical number cue, rivals' rationales saying where they belong, and a
key that is specific to the set asked about."""

from __future__ import annotations

from factdrill.audit import audit
from factdrill.deck.facts import Deck, FactSet, Mapping, Source, Term, Topic
from factdrill.generators import generate, generate_report
from factdrill.generators.items import ItemKind

SRC = {"acs": Source(key="acs", title="American Cancer Society")}
TOPICS = tuple(Topic(id=t, title=f"{t.title()} metastases") for t in ("bone", "liver", "terms", "lepto"))


def _term(fid, term, definition, explanation=None):
    return Term(id=fid, topic="terms", sources=("acs",), term=term, definition=definition, category="spread",
                tags=("terminology",), explanation=explanation)


SPREAD = (
    _term("dm", "distant metastases",
          "tumors that breast cancer has seeded beyond the breast and its nearby lymph nodes, found at diagnosis or later"),
    _term("dr", "distant recurrence", "breast cancer coming back after treatment in organs far from the breast",
          "A distant recurrence means the cancer is now metastatic (stage 4)."),
    _term("rr", "regional recurrence", "breast cancer coming back in a lymph node near the breast"),
    _term("lr", "local recurrence", "breast cancer returning in the same place as the original tumor"),
    _term("ol", "oligometastasis", "a small number of tumors in only one or two places"),
)
SPREAD_DECK = Deck(id="spread", title="Spread", sources=SRC, topics=TOPICS, facts=SPREAD)


def _mcqs(deck, fact_id):
    return {i.card.split(":")[1]: i for i in generate(deck, kinds=[ItemKind.MCQ]) if i.fact_ids[0] == fact_id}


def test_a_term_is_never_offered_its_narrower_look_alike():
    # reviews 19 #16 and 20 #37: "distant recurrence" as a rival of
    # "distant metastases" describes one case of it, a partly right
    # distractor an instructor sends back; the rivals are other terms
    items = _mcqs(SPREAD_DECK, "dm")
    assert set(items) == {"forward", "reverse"}
    for item in items.values():
        assert len(item.options) == 4
        assert {o.fact_id for o in item.options if not o.correct} == {"rr", "lr", "ol"}
    forward = {o.fact_id: o.rationale for o in items["forward"].options}
    assert forward["rr"].startswith("This describes \u201cregional recurrence\u201d; "
                                    "\u201cdistant metastases\u201d means tumors")


def test_the_narrower_term_is_never_offered_its_broader_look_alike():
    # a distant recurrence is distant metastases: "distant metastases" would
    # be a second right answer to "which term means coming back after
    # treatment in organs far from the breast"
    items = _mcqs(SPREAD_DECK, "dr")
    assert items
    for item in items.values():
        assert {o.fact_id for o in item.options if not o.correct} == {"rr", "lr", "ol"}
    # with two rivals left (no "oligometastasis") the item is skipped
    # rather than asked with three options
    small = Deck(id="spread", title="Spread", sources=SRC, topics=TOPICS, facts=SPREAD[:4])
    items, skips = generate_report(small, kinds=[ItemKind.MCQ])
    assert not [i for i in items if i.fact_ids[0] in ("dr", "dm")]
    assert [s for s in skips if s.fact_id == "dr" and "need 3" in s.reason]


def test_a_stem_agreeing_in_number_with_the_key_alone_is_reworded():
    # review 16 #33: "Which term means tumors ...?" agreed with "Distant
    # metastases" alone among three "... recurrence"
    reverse = _mcqs(SPREAD_DECK, "dm")["reverse"]
    assert not reverse.prompt.startswith("Which term means tumors")
    assert reverse.prompt == ("Which term matches the definition \u201ctumors that breast cancer has seeded beyond "
                              "the breast and its nearby lymph nodes, found at diagnosis or later\u201d?")
    assert audit(SPREAD_DECK, [reverse], ["grammatical-number"]) == []
    # a key whose rivals share its number keeps the plain question
    lr = _mcqs(SPREAD_DECK, "lr")["reverse"]
    assert lr.prompt.startswith("Which term means breast cancer returning")


BONE_TX = FactSet(id="bone-tx", topic="bone", sources=("acs",), name="treatments used for bone metastases",
                  members=("radiation therapy", "strontium 89", "surgery to stabilize a bone", "bone-modifying drugs"),
                  complete=False, non_members=("intrathecal chemotherapy", "pleurodesis", "radioembolization"))
LIVER_TX = FactSet(id="liver-tx", topic="liver", sources=("acs",), name="local treatments for liver metastases",
                   members=("surgery", "radioembolization", "radiation therapy"), complete=False,
                   non_members=("pleurodesis", "intrathecal chemotherapy", "strontium 89"))
SITE_TX = Mapping(id="site-tx", topic="lepto", sources=("acs",), name="treatments aimed at one site of spread",
                  left="treatment", right="condition",
                  pairs=(("intrathecal chemotherapy", "leptomeningeal metastases"),
                         ("pleurodesis", "fluid returning around the lungs"),
                         ("strontium 89", "widespread bone metastases")))
TX_DECK = Deck(id="tx", title="Tx", sources=SRC, topics=TOPICS, facts=(BONE_TX, LIVER_TX, SITE_TX))


def test_a_rivals_rationale_says_what_the_deck_uses_it_for():
    # review 16 #17: "Intrathecal chemotherapy: not one of the treatments
    # used for bone metastases" taught nothing
    (item,) = _mcqs(TX_DECK, "bone-tx").values()
    why = {o.text: o.rationale for o in item.options if not o.correct}
    assert why["Intrathecal chemotherapy"].startswith(
        "Intrathecal chemotherapy: used for leptomeningeal metastases, not one of the treatments used for bone")
    assert why["Pleurodesis"].startswith("Pleurodesis: used for fluid returning around the lungs, not one of")
    # no mapping says what radioembolization is for: the set that lists it does
    assert why["Radioembolization"].startswith("Radioembolization: one of the local treatments for liver metastases")
    # a use that is the set's own condition is no "used for" ("strontium 89:
    # used for widespread bone metastases" in a liver item is, in a bone one not)
    (liver,) = _mcqs(TX_DECK, "liver-tx").values()
    assert any(o.rationale.startswith("Strontium 89: used for widespread bone metastases, not one of")
               for o in liver.options if o.text == "Strontium 89")


def test_a_set_mcq_keys_a_member_specific_to_the_set():
    # review 16 #17: "radiation therapy", listed for bone and liver alike,
    # was keyed for bone; a student picks it because it fits every site
    for seed in range(8):
        (item,) = [i for i in generate(TX_DECK, seed=seed, kinds=[ItemKind.MCQ]) if i.fact_ids[0] == "bone-tx"]
        assert item.answers == ("Strontium 89",)  # "surgery ... bone", "bone-modifying": the stem's word
    # with no specific member of a fair length, the generic one is kept
    only_generic = FactSet(id="g", topic="bone", sources=("acs",), name="treatments used for bone metastases",
                           members=("radiation therapy", "radioactive drugs carried in the blood to many painful sites"),
                           complete=False, non_members=BONE_TX.non_members)
    deck = Deck(id="g", title="G", sources=SRC, topics=TOPICS, facts=(only_generic, LIVER_TX, SITE_TX))
    (item,) = [i for i in generate(deck, kinds=[ItemKind.MCQ]) if i.fact_ids[0] == "g"]
    assert item.answers == ("Radiation therapy",)
