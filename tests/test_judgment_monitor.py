"""Parameter blanks and lists ask what a parameter detects (a ``monitor``
entry's ``detects``), so the client's other parameters are fair wrong
choices and other clients' parameters are a last resort (review 6 #14, P2:
"level of consciousness and pupils" beside a broken bone)."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import judgment_fixtures as jf
from factdrill.cli import cli as main
from factdrill.deck.facts import Claim, Deck
from factdrill.generators import generate
from factdrill.generators.items import ItemKind

FLAGSHIP = Path(__file__).resolve().parent.parent / "decks" / "breast-cancer-metastasis"


def _deck(*sits) -> Deck:
    return replace(jf.DECK, facts=tuple(sits))


def _watching(word: str) -> tuple[Claim, ...]:
    return (Claim(text=f"{word} rash size", why=f"a growing {word} rash means treatment is failing",
                  detects="treatment failing"),
            Claim(text=f"{word} fever curve", why=f"the {word} fever should fall", detects="infection spreading"),
            Claim(text=f"{word} fluid balance", why=f"{word} drips may overload", detects="overload"))


def _monitor_blank(item):
    for sentence, b in zip(re.split(r"(?<=\.) ", item.extra["text"]), item.extra["blanks"]):
        if "monitor" in sentence:
            return sentence, b
    return None, None


def test_a_monitor_blank_asks_what_its_key_detects_and_offers_the_clients_other_parameters():
    glorb = jf.situation("glorb", "glorb", shared=("dizzy spells",), monitor=_watching("glorb"))
    deck = _deck(glorb, *(jf.DECK.fact(f) for f in ("zent", "quaff", "mirrow")))
    [item] = [i for i in generate(deck, seed=3) if i.kind is ItemKind.DROPDOWN and i.fact_ids[0] == "glorb"]
    sentence, b = _monitor_blank(item)
    key = b["options"][b["key"]]
    detected = next(c.detects for c in glorb.monitor if c.text.lower() == key.lower())
    assert sentence.startswith(f"To detect {detected} early")
    own = {c.text.lower() for c in glorb.monitor}
    assert {o.lower() for o in b["options"]} <= own  # nothing borrowed from zent, quaff or mirrow
    for i, (o, why) in enumerate(zip(b["options"], b["rationales"])):
        if i != b["key"]:
            theirs = next(c.detects for c in glorb.monitor if c.text.lower() == o.lower())
            assert f"to detect {theirs}, not {detected}" in why


def test_a_parameter_whose_reason_speaks_of_the_asked_change_is_never_a_wrong_choice():
    watching = _watching("glorb")
    # the fever curve's reason also speaks of the treatment failing: it would be a second key
    watching = (watching[0], replace(watching[1], why="a glorb fever that stays up shows treatment failing"),
                watching[2])
    glorb = jf.situation("glorb", "glorb", shared=("dizzy spells",), monitor=watching)
    deck = _deck(glorb, *(jf.DECK.fact(f) for f in ("zent", "quaff", "mirrow")))
    from factdrill.generators import monitoring

    offered = [c.text for c in monitoring.own_wrongs(glorb, [glorb.monitor[0]])]
    assert offered == ["glorb fluid balance"]  # the fever curve would be a second key


@pytest.mark.parametrize("seed", [5, 27021])
def test_flagship_monitor_blanks_borrow_no_other_organs_parameter(seed):
    """Seed 27021 offered 'level of consciousness and pupils' (brain) and
    'bruising or bleeding' (liver) in every non-brain, non-liver monitor
    blank; now a blank offers only the client's own parameters, or one of
    her own organ's situations'."""
    from factdrill.deck.loader import load_deck

    deck = load_deck(FLAGSHIP)
    sits = {f.id: f for f in deck.facts if f.kind.value == "situation"}
    for item in generate(deck, seed=seed):
        if item.kind is not ItemKind.DROPDOWN:
            continue
        sentence, b = _monitor_blank(item)
        if sentence is None:
            continue
        sit = sits[item.fact_ids[0]]
        assert sentence.startswith("To detect ")
        allowed = {c.text.lower() for s in sits.values() if s.topic == sit.topic for c in s.monitor}
        assert {o.lower() for o in b["options"]} <= allowed, (sit.id, b["options"])


def test_check_refuses_two_parameters_that_detect_the_same_change(tmp_path):
    deck = tmp_path / "deck"
    shutil.copytree(FLAGSHIP, deck)
    path = deck / "situations.yaml"
    text = path.read_text()
    path.write_text(text.replace("      - text: blood pressure and pulse\n",
                                 "      - text: blood pressure and pulse\n"
                                 "        detects: pressure in the skull rising dangerously\n"))
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1)
                if "detects: pressure in the skull rising dangerously" in t and n > 
                next(m for m, u in enumerate(path.read_text().splitlines(), 1) if "blood pressure and pulse" in u))
    result = CliRunner().invoke(main, ["check", str(deck)])
    assert result.exit_code != 0
    assert f"situations.yaml:{line}:18: error: two parameters of" in result.output
    assert "detect 'pressure in the skull rising dangerously'" in result.output
    assert "Traceback" not in result.output


def test_check_refuses_a_detects_that_is_not_text(tmp_path):
    deck = tmp_path / "deck"
    shutil.copytree(FLAGSHIP, deck)
    path = deck / "situations.yaml"
    path.write_text(path.read_text().replace("detects: hypocalcemia", "detects: [hypocalcemia]"))
    result = CliRunner().invoke(main, ["check", str(deck)])
    assert result.exit_code != 0
    assert re.search(r"situations\.yaml:\d+:18: error: 'detects' of .* must be text", result.output), result.output
