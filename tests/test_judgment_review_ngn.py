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
