"""Judgment items after the NGN review (seed 635617): an evidence key that
fits a rival condition offered beside it, and a first-action item with a
second defensible key, were both WRONG."""

from __future__ import annotations

from dataclasses import replace

import judgment_fixtures as jf
from factdrill.deck.facts import Claim
from factdrill.generators import generate
from factdrill.generators.items import ItemKind
from factdrill.generators.wording import content_stems


def _deck(*sits):
    return replace(jf.DECK, facts=tuple(sits))


def test_evidence_keys_share_nothing_with_what_an_offered_rival_would_show():
    glorb = jf.DECK.fact("glorb")
    # a rival that would show the first two cues' words: only the others tell glorbosis apart
    rival = Claim(text=f"{glorb.cues[0].text} and {glorb.cues[1].text} with a normal scan",
                  why="both come with plain tiredness", points_to="plain tiredness")
    sit = replace(glorb, look_alikes=(rival, *glorb.look_alikes))
    deck = _deck(sit, *(jf.DECK.fact(f) for f in ("zent", "quaff", "mirrow")))
    for seed in range(6):
        triads = [i for i in generate(deck, seed=seed)
                  if i.kind is ItemKind.RATIONALE and i.fact_ids[0] == "glorb" and "as shown by" in i.extra.get("text", "")]
        assert triads
        for item in triads:
            blanks = item.extra["blanks"]
            if "Plain tiredness" not in blanks[0]["options"] and "plain tiredness" not in blanks[0]["options"]:
                continue
            for b in blanks[1:]:
                key = b["options"][b["key"]]
                # words that only say who the client is ("glorb trouble") tell nothing
                assert not content_stems(key) & (content_stems(rival.text) - content_stems(sit.client)), key


def test_an_action_done_alongside_the_first_is_never_offered_as_one_that_can_wait():
    glorb = jf.DECK.fact("glorb")
    eased = Claim(text="apply the glorbcream at once", why="the glorbcream eases the glorbrash", also_first=True)
    sit = replace(glorb, actions=(eased, *glorb.actions))
    deck = _deck(sit, *(jf.DECK.fact(f) for f in ("zent", "quaff", "mirrow")))
    items = [i for i in generate(deck, seed=1) if i.fact_ids[0] == "glorb"
             and i.kind in (ItemKind.PRIORITY, ItemKind.DROPDOWN, ItemKind.BOWTIE)]
    assert any(i.kind is ItemKind.PRIORITY for i in items)
    for item in items:
        shown = [o.text for o in item.options] or [o for b in item.extra.get("blanks", ()) for o in b["options"]]
        shown += [o for g in item.extra.get("groups", ()) for o in g["options"]]
        assert all(o.lower() != eased.text for o in shown if o), item.kind


FLAGSHIP_SEEDS = (462109, 5)


def _flagship_items(seed):
    from factdrill.deck.loader import load_deck
    from pathlib import Path

    deck = load_deck(Path(__file__).resolve().parent.parent / "decks" / "breast-cancer-metastasis")
    return deck, generate(deck, seed=seed)


def test_evidence_keys_of_every_triad_stand_in_its_note():
    """Read 2 found a case step keying 'unable to empty her bladder', a cue
    its growing note never showed."""
    for seed in FLAGSHIP_SEEDS:
        deck, items = _flagship_items(seed)
        steps = [s for i in items for s in (i.steps or (i,))]
        for item in steps:
            if item.kind is not ItemKind.RATIONALE or "as shown by" not in item.extra.get("text", ""):
                continue
            lines = " ".join(item.extra["note"]["lines"]).lower()
            for b in item.extra["blanks"][1:]:
                assert b["options"][b["key"]].lower() in lines, (item.id, b["options"][b["key"]])


def test_no_drop_down_asks_to_detect_a_condition_its_first_blank_offers():
    """'To detect hypocalcemia early ...' gave blank [1] away (read 2)."""
    for seed in FLAGSHIP_SEEDS:
        _, items = _flagship_items(seed)
        for item in (s for i in items for s in (i.steps or (i,))):
            if item.kind is not ItemKind.DROPDOWN or "To detect" not in item.extra["text"]:
                continue
            detect = item.extra["text"].split("To detect", 1)[1].split("early", 1)[0]
            offered = " ".join(item.extra["blanks"][0]["options"])
            assert not content_stems(detect) & content_stems(offered), (item.id, detect)


def test_a_rival_is_never_said_not_to_account_for_a_finding_it_lists():
    """'Hypercalcemia does not account for a seizure' (read 2): seizures are
    among hypercalcemia's own cues."""
    for seed in FLAGSHIP_SEEDS:
        deck, items = _flagship_items(seed)
        conditions = {f.condition.lower(): f for f in deck.facts if f.kind.value == "situation"}
        for item in (s for i in items for s in (i.steps or (i,))):
            for b in item.extra.get("blanks", ()):
                for option, why in zip(b["options"], b["rationales"]):
                    other = conditions.get(option.lower())
                    if other is None or "does not account for" not in why:
                        continue
                    said = why.split("does not account for", 1)[1]
                    theirs = set().union(*(content_stems(c.text) for c in other.cues))
                    assert not content_stems(said) & theirs, (item.id, why)


def test_no_bowtie_asks_to_detect_a_condition_its_first_list_offers():
    """'to detect hypercalcemia early' beside hypercalcemia (read 3)."""
    for seed in (910750, 5):
        _, items = _flagship_items(seed)
        for item in (s for i in items for s in (i.steps or (i,))):
            if item.kind is not ItemKind.BOWTIE or "to detect" not in item.prompt:
                continue
            detect = item.prompt.split("to detect", 1)[1]
            offered = " ".join(item.extra["groups"][0]["options"])
            assert not content_stems(detect) & content_stems(offered), (item.id, detect)


def test_a_case_asks_for_teach_back_beside_a_later_note_not_the_acute_one():
    """NGN read 4 (seed 716159): with fewer than two outcomes the case ends in a
    teaching item, which was shown under the 08:00/08:30 note of a client still
    convulsing. Teach-back now stands beside a later note: how she is then."""
    glorb = jf.DECK.fact("glorb")
    sit = replace(glorb, outcomes=glorb.outcomes[:1])
    deck = _deck(sit, *(jf.DECK.fact(f) for f in ("zent", "quaff", "mirrow")))
    (case,) = [i for i in generate(deck, seed=3, kinds=[ItemKind.CASE]) if i.fact_ids[0] == "glorb"]
    last = case.extra["steps"][-1]
    assert last.kind is ItemKind.TEACHING
    lines = last.extra["note"]["lines"]
    assert "some days later" in last.extra["note"]["head"]
    assert sit.outcomes[0].text in lines
    assert not any(c.text in " ".join(lines) for c in sit.cues)  # no acute finding re-shown


def test_an_action_that_can_wait_says_what_comes_first_and_why():
    """Reviews 8, 9 and NGN reads 1-5: 'less urgent than the need the first action
    meets' taught nothing. The rationale now names the first action and its reason."""
    glorb = jf.DECK.fact("glorb")
    deck = _deck(glorb, *(jf.DECK.fact(f) for f in ("zent", "quaff", "mirrow")))
    (item,) = [i for i in generate(deck, seed=1, kinds=[ItemKind.PRIORITY]) if i.fact_ids[0] == "glorb"]
    waits = [o for o in item.options if o.rationale.startswith("Indicated, but not the first action")]
    assert waits
    for o in waits:
        assert glorb.priority.text in o.rationale and glorb.priority.why in o.rationale


def test_the_condition_key_names_the_findings_that_point_to_it():
    """Reviews 9 and 10: 'The findings in the note point to it.' taught nothing."""
    glorb = jf.DECK.fact("glorb")
    deck = _deck(glorb, *(jf.DECK.fact(f) for f in ("zent", "quaff", "mirrow")))
    checked = 0
    for item in generate(deck, seed=2, kinds=[ItemKind.BOWTIE, ItemKind.DROPDOWN]):
        if item.fact_ids[0] != "glorb":
            continue
        parts = item.extra.get("groups") or item.extra.get("blanks")
        first = parts[0]
        key = first["keys"][0] if "keys" in first else first["key"]
        why = first["rationales"][key]
        lines = " ".join(item.extra["note"]["lines"]).casefold()
        named = [c.text for c in glorb.cues if c.text.casefold() in lines]
        assert named and named[0].casefold() in why.casefold(), why
        checked += 1
    assert checked


def test_an_action_that_states_its_own_timing_is_never_a_wrong_first_action():
    """Review 11: 'give the bisphosphonate, after rehydration, ...' ruled itself
    out as a first action."""
    glorb = jf.DECK.fact("glorb")
    timed = Claim(text=f"give the {glorb.actions[0].text} after the scan", why="it helps later")
    sit = replace(glorb, actions=(timed, *glorb.actions))
    deck = _deck(sit, *(jf.DECK.fact(f) for f in ("zent", "quaff", "mirrow")))
    for kind in (ItemKind.PRIORITY, ItemKind.DROPDOWN):
        for item in generate(deck, seed=4, kinds=[kind]):
            if item.fact_ids[0] == "glorb":
                texts = [o.text for o in item.options] + [t for b in item.extra.get("blanks", ()) for t in b["options"]]
                assert not any("after the scan" in t for t in texts), texts
