"""Review 12's findings, each fixed as a class (docs/reviews/review-12.md)."""

from __future__ import annotations

import judgment_fixtures as jf

from factdrill.deck.facts import Deck, FactSet, Source, Topic
from factdrill.generators import generate
from factdrill.generators.items import ItemKind
from factdrill.generators.wording import content_stems, covers

SRC = {"acs": Source(key="acs", title="American Cancer Society")}


def _set_card(name, members):
    s = FactSet(id="s", topic="t", sources=("acs",), name=name, members=tuple(members), complete=False)
    deck = Deck(id="d", title="D", sources=SRC, topics=(Topic(id="t", title="T"),), facts=(s,))
    (card,) = generate(deck, kinds=[ItemKind.FLASHCARD])
    return card.extra["front"], card.extra["back"]


def test_an_open_set_is_asked_without_reading_as_the_whole_list():
    """#8 and #25: 'Name two of the possible signs' over 'Pain and a fracture'
    read as the only two; 'Any two of: chemotherapy, ...' as a closed list."""
    assert _set_card("possible signs of bone metastases", ["pain", "a fracture"]) == (
        "Name two possible signs of bone metastases.", "For example: pain and a fracture")
    front, back = _set_card("general treatments", ["chemotherapy", "hormonal therapy", "targeted therapy"])
    assert (front, back) == ("Name two general treatments.",
                             "For example: chemotherapy, hormonal therapy or targeted therapy")
    # a superlative names a fixed group: any two of it
    assert _set_card("most common sites", ["bone", "lung", "liver"]) == (
        "Name two of the most common sites.", "Any two of: bone, lung and liver")


def _teaching(deck=jf.DECK, seed=0):
    return [i for i in generate(deck, seed=seed, kinds=[ItemKind.TEACHING])]


def test_a_teaching_stem_says_who_was_taught():
    """#38: 'The nurse has taught the client about hypocalcemia' left the student
    to learn of her Xgeva from the options (and of her pleural effusion from
    talc and drains); 'about hypocalcemia' did not cover her dental care."""
    for item in _teaching():
        sit = jf.DECK.fact(item.fact_ids[0])
        # a sentence, not a fragment (review 15)
        assert item.prompt.startswith(f"The client is {sit.client}, now diagnosed with "
                                      f"{sit.condition}. The nurse has taught her about her care."), item.prompt
        assert len(item.options) == 4  # three statements of understanding: no one-in-three guess


def test_a_teaching_key_never_alone_echoes_the_stem():
    """The client line ("a client followed for glorb trouble") must not be
    echoed by the key alone: a statement of understanding repeats the word."""
    for seed in range(6):
        for item in _teaching(seed=seed):
            key = next(o for o in item.options if o.correct)
            stem = content_stems(item.prompt)
            for w in content_stems(key.text) & stem:
                assert any(covers(o.text, {w}) for o in item.options if not o.correct), (item.id, w)


def test_a_rival_first_action_is_not_said_to_wait():
    """#26: IV saline and the calcium draw are urgent too; they are not first
    because the report comes first, not because they 'can wait'."""
    for item in generate(jf.DECK, seed=2, kinds=[ItemKind.PRIORITY, ItemKind.RATIONALE, ItemKind.BOWTIE]):
        texts = [o.rationale for o in item.options]
        texts += [r for b in item.extra.get("blanks", ()) for r in b["rationales"]]
        texts += [r for g in item.extra.get("groups", ()) for r in g["rationales"]]
        assert not [t for t in texts if "can wait" in t], item.id


def test_flagship_teaching_and_priority_items_audit_clean_of_the_new_cues():
    from pathlib import Path

    from factdrill.audit import audit
    from factdrill.deck.loader import load_deck

    deck = load_deck(Path(__file__).resolve().parent.parent / "decks" / "breast-cancer-metastasis")
    for seed in (3, 12):
        items = generate(deck, seed=seed)
        found = audit(deck, items, ["urgency-cue", "clang"])
        assert [x.line() for x in found if x.severity == "error"] == []
        teaching = [i for i in items if i.kind is ItemKind.TEACHING]
        assert teaching and all(i.prompt.startswith("The client is a woman") for i in teaching)


def test_a_wrong_choice_is_said_to_belong_to_the_nearest_list():
    """Review 10: 'The bones: one of the places lobular breast cancer can spread
    to, not of the less common sites' (the key was a lobular site too). The
    rationale names the list nearest the asked one: the most common sites."""
    def s(fid, name, members, non_members=()):
        return FactSet(id=fid, topic="t", sources=("acs",), name=name, members=tuple(members),
                       complete=False, non_members=tuple(non_members))
    facts = (s("lob", "places lobular breast cancer can spread to", ["the bones", "the peritoneum", "the ovaries"]),
             s("common", "most common distant sites of breast cancer metastasis", ["the bones", "the lungs"]),
             s("less", "less common sites of breast cancer metastasis",
               ["the ovaries", "the pancreas", "the adrenal glands", "the skin"], non_members=["the bones", "the lungs"]))
    deck = Deck(id="d", title="D", sources=SRC, topics=(Topic(id="t", title="T"),), facts=facts)
    (sata,) = [i for i in generate(deck, kinds=[ItemKind.SATA]) if i.fact_ids[0] == "less"]
    bones = next(o for o in sata.options if o.text == "The bones")
    assert bones.rationale.startswith("The bones: one of the most common distant sites of breast cancer metastasis,")


def test_a_general_figure_is_stated_in_the_present_and_a_study_result_in_the_past():
    """Review 12 #15: 'the share of all breast cancers that are inflammatory
    ... was 1-5%' (a standing figure, not one study's result)."""
    from factdrill.deck.facts import Statistic

    def stat(fid, measure, value, **kw):
        return Statistic(id=fid, topic="t", sources=("acs",), measure=measure, value=value, unit="%", **kw)
    facts = (stat("ibc", "share of all breast cancers that are inflammatory", 3),
             stat("bone", "share of first metastases in bone", 41, study="2013 cohort study"),
             stat("lung", "share of first metastases in the lungs", 22, study="2013 cohort study"),
             stat("tn", "share of breast cancers that are triple-negative", 15))
    deck = Deck(id="d", title="D", sources=SRC, topics=(Topic(id="t", title="T"),), facts=facts)
    items = {i.fact_ids[0]: i for i in generate(deck, kinds=[ItemKind.NUMERIC_MCQ])}
    too = [o.rationale for o in items["ibc"].options if " is too " in o.rationale]
    assert too and all("inflammatory is 3%" in r for r in too)
    too = [o.rationale for o in items["bone"].options if " is too " in o.rationale]
    assert too and all("in bone was 41%" in r for r in too)
