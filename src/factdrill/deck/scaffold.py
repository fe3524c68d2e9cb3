"""``factdrill new NAME``: a template deck with a worked example of every fact kind.

The template is a folder deck (``NAME/deck.yaml`` + ``NAME/facts.yaml``)
whose comments teach the format. It passes ``factdrill check`` as created and
has enough sibling facts that every item kind can be generated, so a new
author can run ``exam`` and ``export`` on it straight away and then replace
the examples with their own facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from ..errors import FactdrillError, UsageProblem

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ScaffoldError(FactdrillError):
    """The new deck cannot be written (it exists already, or the folder is unusable)."""


DECK_YAML = Template("""\
# Deck metadata. Format reference: decks/README.md. Validate with:
#   factdrill check $path
id: $id                 # stable slug: never change it once students use the deck
title: $title
description: >-
  Replace this with one or two sentences on what the deck covers.
version: 0.1.0
authors: [Your Name]
license: CC-BY-4.0
sources:                # every fact cites at least one of these keys
  textbook:
    title: Replace with your main source (textbook chapter, guideline or article)
    publisher: Your publisher or journal
    year: 2024
  who-hand-hygiene:
    authors: World Health Organization
    title: WHO guidelines on hand hygiene in health care
    publisher: World Health Organization
    year: 2009
    url: https://www.who.int/publications/i/item/9789241597906
topics:                 # sections of exams and study sheets, Anki subdecks
  - id: vital-signs
    title: Vital signs
  - id: clinical-signs
    title: Recognising clinical signs
  - id: infection-control
    title: Infection control
""")

FACTS_YAML = """\
# Example facts, one or more of every kind. Replace them with your own.
# Each fact needs: id (stable slug), kind, topic, sources; add an explanation
# that teaches (it is shown after every answer and printed in answer keys).
facts:

  # --- term: a word and what it means (definition completes "TERM is ...") ---
  - id: tachycardia
    kind: term
    topic: vital-signs
    term: tachycardia
    definition: a resting heart rate faster than 100 beats per minute in an adult
    sources: [textbook]
    explanation: >-
      Fever, pain, anxiety, dehydration and blood loss all raise the heart rate;
      report a new fast rate with the rest of the assessment.

  - id: bradycardia
    kind: term
    topic: vital-signs
    term: bradycardia
    definition: a resting heart rate slower than 60 beats per minute in an adult
    sources: [textbook]
    explanation: >-
      Athletes and people on beta blockers may run slow without symptoms; a slow
      rate with dizziness or low blood pressure needs prompt attention.

  - id: tachypnea
    kind: term
    topic: vital-signs
    term: tachypnea
    definition: breathing faster than 20 breaths per minute in an adult at rest
    sources: [textbook]
    explanation: >-
      A fast breathing rate is often the earliest sign that a client is getting
      worse, before the oxygen saturation falls.

  - id: bradypnea
    kind: term
    topic: vital-signs
    term: bradypnea
    definition: breathing slower than 12 breaths per minute in an adult at rest
    sources: [textbook]
    explanation: >-
      Opioids and sedatives slow breathing; count the rate for a full minute in
      a client who received them.

  # --- statistic: a measured number; a range is written [low, high] ---
  - id: adult-heart-rate
    kind: statistic
    topic: vital-signs
    measure: normal resting heart rate of an adult
    value: [60, 100]
    unit: beats per minute
    population: adults at rest
    question: What is the normal resting heart rate of an adult?
    sources: [textbook]
    explanation: >-
      Below this range is bradycardia and above it tachycardia.

  - id: adult-respiratory-rate
    kind: statistic
    topic: vital-signs
    measure: normal breathing rate of an adult at rest
    value: [12, 20]
    unit: breaths per minute
    population: adults at rest
    question: What is the normal breathing rate of an adult at rest?
    sources: [textbook]
    explanation: >-
      Count for 30 seconds and double it when the rhythm is regular, or for a
      full minute when it is not.

  - id: hand-rub-time
    kind: statistic
    topic: infection-control
    measure: time the WHO recommends for a hand rub with alcohol-based rub
    value: [20, 30]
    unit: seconds
    question: How long does the WHO recommend rubbing hands with alcohol-based hand rub?
    sources: [who-hand-hygiene]
    explanation: >-
      Keep rubbing until the hands are dry; wiping the rub off early leaves
      germs behind.

  - id: hand-wash-time
    kind: statistic
    topic: infection-control
    measure: time the WHO recommends for a whole hand wash with soap and water
    value: [40, 60]
    unit: seconds
    question: How long does the WHO recommend a whole hand wash with soap and water should take?
    sources: [who-hand-hygiene]
    explanation: >-
      The time covers wetting, soaping every surface, rinsing and drying.

  # --- set: a named group and its members; signs_of enables scenario items ---
  - id: vital-signs-set
    kind: set
    topic: vital-signs
    name: the four classic vital signs
    members: [body temperature, pulse, breathing rate, blood pressure]
    complete: true              # false when the list is only examples
    non_members: [blood glucose, urine output]   # optional extra distractors
    sources: [textbook]
    explanation: >-
      Many settings add oxygen saturation and pain, but these four are the
      classic set.

  - id: wound-infection-signs
    kind: set
    topic: clinical-signs
    name: signs of a local wound infection
    members: [redness around the wound, warmth around the wound, swelling of the wound edges, pus draining from the wound]
    complete: false             # only examples: distractors must then be listed
    non_members: [dry mucous membranes, dark concentrated urine]
    signs_of: a wound infection
    sources: [textbook]
    explanation: >-
      Report these signs and document the wound's size and drainage.

  - id: hypoglycemia-signs
    kind: set
    topic: clinical-signs
    name: signs of low blood sugar
    members: [shakiness, sweating, confusion, a fast heartbeat]
    complete: false
    non_members: [redness around the wound, dark concentrated urine]
    signs_of: hypoglycemia
    sources: [textbook]
    explanation: >-
      Check the blood glucose and give fast-acting sugar if the client can
      swallow safely.

  - id: dehydration-signs
    kind: set
    topic: clinical-signs
    name: signs of dehydration
    members: [thirst, dry mucous membranes, dark concentrated urine, less urine than usual]
    complete: false
    non_members: [redness around the wound, pus draining from the wound]
    signs_of: dehydration
    sources: [textbook]
    explanation: >-
      Compare intake and output and weigh the client daily.

  # --- mapping: pairs that belong together ---
  - id: precautions-ppe
    kind: mapping
    topic: infection-control
    name: transmission-based precautions and the equipment each adds
    left: precaution
    right: equipment added
    pairs:
      contact precautions: gown and gloves
      droplet precautions: a surgical mask
      airborne precautions: an N95 respirator
    reverse: false
    sources: [textbook]
    explanation: >-
      All three add to standard precautions; the N95 respirator must be
      fit-tested, and airborne precautions also need a negative-pressure room.

  # --- ranking: things in order (first is highest / first) ---
  - id: ppe-donning-order
    kind: ranking
    topic: infection-control
    name: order of putting on personal protective equipment
    order: put on first
    items: [gown, mask or respirator, goggles or face shield, gloves]
    sources: [textbook]
    explanation: >-
      Gloves go on last so that they cover the cuffs of the gown.

  # --- statement: a true claim; {{answer}} marks a cloze gap ---
  - id: c-diff-hand-washing
    kind: statement
    topic: infection-control
    text: >-
      After caring for a client with Clostridioides difficile, clean your hands
      with {{soap and water::how}} because alcohol-based rub does not kill its spores.
    false_variants:
      - Alcohol-based hand rub kills Clostridioides difficile spores.
    sources: [who-hand-hygiene]
    explanation: >-
      Spores survive alcohol; the rubbing and rinsing of a hand wash removes them.

  - id: irregular-pulse
    kind: statement
    topic: vital-signs
    text: >-
      Count an irregular pulse for a full {{minute|60 seconds::how long}} rather
      than counting for part of a minute and multiplying.
    false_variants:
      - An irregular pulse can be counted for 15 seconds and multiplied by four.
    sources: [textbook]
    explanation: >-
      Short counts miss or double-count irregular beats.
  # --- situation: a client condition and the nursing judgment around it ---
  # Cues point to the condition, look-alikes do not (points_to: what they
  # suggest instead); expected findings need no follow-up; the priority is
  # the action to take first. Each claim is plain text citing the
  # situation's sources, or a mapping with `text:`, `why:` and its own
  # `sources:`. Three situations give every clinical-judgment item: priority,
  # teaching, highlight, grids, drop-downs, bowtie, action order and an
  # unfolding case study (see decks/README.md).
  - id: hypoglycemia-situation
    kind: situation
    topic: clinical-signs
    condition: hypoglycemia
    client: a client with diabetes who takes insulin
    sources: [textbook]
    cues: [shakiness, sweating, confusion, a fast heartbeat]
    look_alikes:
      - text: thirst and dark concentrated urine
        points_to: dehydration
        why: thirst with dark concentrated urine points to dehydration
      - text: a fever with a red, warm wound
        points_to: a wound infection
        why: a fever with a red, warm wound points to a wound infection
    expected:
      - text: a surgical wound with dry, clean edges
        why: there is no redness, swelling or pus, the signs of a wound infection
      - text: pale, plentiful urine
        why: urine like this shows no sign of dehydration
    priority:
      text: check the blood glucose at once
      why: a low reading shows the signs come from low blood sugar
    actions:
      - text: give fast-acting sugar if the client can swallow safely
        why: sugar by mouth raises a low blood glucose quickly
      - text: recheck the blood glucose after the sugar
        why: the recheck shows whether the low blood glucose has resolved
    avoid:
      - text: give sugar by mouth to a client who cannot swallow safely
        why: a client who cannot swallow safely may choke
      - text: let the client sleep it off before checking anything
        why: a low blood sugar left untreated can get worse
    sequence:
      - check the blood glucose at once
      - give fast-acting sugar if the client can swallow safely
      - recheck the blood glucose after the sugar
    monitor:
      - text: blood glucose level
        why: it shows whether the low blood sugar has resolved
      - text: shakiness and sweating
        why: these signs fade as the blood glucose rises
    outcomes: [shakiness and sweating gone, blood glucose back in the normal range]
    teaching:
      - text: carry fast-acting sugar at all times
        says: I'll keep glucose tablets in my bag.
      - text: check the blood glucose when shaky or sweaty
        says: If I feel shaky or sweaty, I'll check my blood sugar.
    gaps:
      - says: When I feel shaky, I'll just lie down until it passes.
        teach: shakiness can be low blood sugar; check it and take fast-acting sugar
    explanation: >-
      Low blood sugar shows as shakiness, sweating, confusion and a fast
      heartbeat: check the glucose first, then treat it.

  - id: dehydration-situation
    kind: situation
    topic: vital-signs
    condition: dehydration
    client: an older client with a stomach virus
    sources: [textbook]
    cues: [thirst, dry mucous membranes, dark concentrated urine, less urine than usual, a fast heartbeat]
    look_alikes:
      - text: shakiness and sweating that ease with sugar
        points_to: hypoglycemia
        why: shakiness and sweating that ease with sugar point to low blood sugar
      - text: redness and pus at a wound
        points_to: a wound infection
        why: redness and pus at a wound point to a wound infection
    expected:
      - text: a surgical wound with dry, clean edges
        why: there is no redness, swelling or pus, the signs of a wound infection
      - text: a blood glucose in the normal range
        why: a normal reading shows no low blood sugar
    priority:
      text: compare the client's fluid intake and output
      why: the balance shows how much fluid the client has lost
    actions:
      - text: offer fluids by mouth often
        why: small, frequent drinks replace lost fluid
      - text: weigh the client daily
        why: a falling weight shows ongoing fluid loss
    avoid:
      - text: leave the water jug out of the client's reach
        why: a dehydrated client needs fluids close at hand
      - text: limit drinks to mealtimes
        why: small, frequent drinks replace lost fluid best
    monitor:
      - text: fluid intake and urine output
        why: more urine and lighter urine show that dehydration is improving
      - text: daily weight
        why: a stable weight shows fluid losses are replaced
    outcomes: [urine pale and plentiful again, moist mucous membranes]
    teaching:
      - text: drink small amounts often while sick
        says: I'll sip fluids often while I'm ill.
      - text: report dark urine or passing little urine
        says: I'll tell the nurse if my urine gets dark.
    gaps:
      - says: I'm not thirsty, so I don't need to drink anything.
        teach: older clients may not feel thirst; drink fluids regularly while sick
    explanation: >-
      Dehydration shows as thirst, dry mucous membranes and little, dark
      urine: compare intake and output and replace fluids.

  - id: wound-infection-situation
    kind: situation
    topic: infection-control
    condition: a wound infection
    client: a client two days after surgery
    sources: [textbook]
    cues: [redness around the wound, warmth around the wound, swelling of the wound edges, pus draining from the wound]
    look_alikes:
      - text: dry mucous membranes and little urine
        points_to: dehydration
        why: dry mucous membranes and little urine point to dehydration
      - text: shakiness and sweating that ease with sugar
        points_to: hypoglycemia
        why: shakiness and sweating that ease with sugar point to low blood sugar
    expected:
      - text: pale, plentiful urine
        why: urine like this shows no sign of dehydration
      - text: a blood glucose in the normal range
        why: a normal reading shows no low blood sugar
    priority:
      text: report the signs of infection to the provider
      why: an infected wound needs assessment and treatment promptly
    actions:
      - text: document the wound's size and drainage
        why: a record shows whether the infection spreads or settles
      - text: clean your hands before and after touching the wound
        why: clean hands keep further germs out of the wound
    avoid:
      - text: touch the wound without cleaning your hands first
        why: dirty hands carry germs into the wound
      - text: wait for the next dressing change before telling anyone
        why: an infected wound needs assessment and treatment promptly
    monitor:
      - text: redness and swelling around the wound
        why: spreading redness or swelling means the infection is getting worse
      - text: the amount of pus draining from the wound
        why: less pus shows the infection is settling
    outcomes: [redness around the wound fading, no more pus draining from the wound]
    teaching:
      - text: keep the wound dressing clean and dry
        says: I'll keep my dressing clean and dry.
      - text: report new redness or pus
        says: I'll call if the wound gets redder or starts to leak.
    gaps:
      - says: A little pus is normal, so I won't mention it.
        teach: pus draining from a wound is a sign of infection to report
    explanation: >-
      Redness, warmth, swelling and pus around a wound are signs of
      infection: report them and document the wound.
"""


@dataclass(frozen=True)
class NewDeck:
    """What ``new`` wrote: the deck folder and its files."""

    folder: Path
    files: tuple[Path, ...]


def title_from_slug(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def create_deck(name: str, parent: Path) -> NewDeck:
    """Write the template deck ``parent/name/``; refuse to overwrite anything."""
    if not SLUG_RE.match(name):
        raise UsageProblem(
            f"deck name '{name}' is not a slug; use lowercase letters, digits and hyphens (e.g. cardiac-meds)"
        )
    parent = Path(parent)
    folder = parent / name
    for existing in (folder, parent / f"{name}.yaml", parent / f"{name}.yml"):
        if existing.exists():
            raise ScaffoldError(f"{existing} already exists; choose another name or remove it first")
    if parent.exists() and not parent.is_dir():
        raise ScaffoldError(f"{parent} is not a folder; pass --dir with a folder")
    try:
        folder.mkdir(parents=True)
        deck_file = folder / "deck.yaml"
        facts_file = folder / "facts.yaml"
        deck_file.write_text(
            DECK_YAML.substitute(id=name, title=title_from_slug(name), path=folder.as_posix()), encoding="utf-8"
        )
        facts_file.write_text(FACTS_YAML, encoding="utf-8")
    except OSError as exc:
        raise ScaffoldError(f"cannot write the deck in {folder}: {exc.strerror or exc}") from None
    return NewDeck(folder=folder, files=(deck_file, facts_file))
