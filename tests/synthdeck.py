"""Synthetic decks of any size, valid under the deck format, for benchmarks and scale tests.

The facts are varied enough that every generator has siblings to draw
distractors from: a handful of fact kinds spread over a fixed number of topics.
"""

from __future__ import annotations

import random
from pathlib import Path

KINDS = ("term", "statistic", "set", "mapping", "ranking", "statement")
WORDS = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
    "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu"
).split()


def _phrase(rng: random.Random, n: int = 3) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _fact(i: int, topic: str, rng: random.Random) -> str:
    kind = KINDS[i % len(KINDS)]
    head = f"  - id: fact-{i}\n    kind: {kind}\n    topic: {topic}\n    sources: [ref]\n"
    head += f"    explanation: Explanation number {i} about {_phrase(rng)}.\n"
    u = f"{i}"  # keeps every answer unique across the deck
    if kind == "term":
        body = f"    term: term {u} {_phrase(rng, 1)}\n    definition: meaning {u} of {_phrase(rng)}\n"
    elif kind == "statistic":
        body = (
            f"    measure: share of cases {u} with {_phrase(rng, 2)}\n"
            f"    value: {rng.randint(1, 95)}\n    unit: '%'\n    population: cohort {u}\n"
        )
    elif kind == "set":
        members = ", ".join(f"sign {u}-{k} {_phrase(rng, 1)}" for k in range(4))
        body = (
            f"    name: signs of condition {u}\n    members: [{members}]\n"
            f"    signs_of: condition {u}\n"
        )
    elif kind == "mapping":
        pairs = "".join(f"      left {u}-{k}: right {u}-{k} {_phrase(rng, 1)}\n" for k in range(4))
        body = f"    name: pairs {u}\n    left: left side\n    right: right side\n    pairs:\n{pairs}"
    elif kind == "ranking":
        items = ", ".join(f"rank {u}-{k}" for k in range(4))
        body = f"    name: order {u}\n    items: [{items}]\n"
    else:
        body = (
            f"    text: Statement {u} says {{{{{_phrase(rng, 1)} {u}}}}} matters.\n"
            f"    false_variants: [Statement {u} says nothing matters.]\n"
        )
    return head + body


def _head(n_facts: int, topics: int) -> list[str]:
    out = [
        f"id: synth-{n_facts}\ntitle: Synthetic deck of {n_facts} facts\n",
        "description: Generated for benchmarks.\nversion: 1.0.0\nauthors: [bench]\n",
        "license: CC0-1.0\nsources:\n  ref:\n    title: Synthetic reference\n    year: 2024\n",
        "topics:\n",
    ]
    return out + [f"  - id: topic-{t}\n    title: Topic {t}\n" for t in range(topics)]


def synth_deck_text(n_facts: int, *, topics: int = 20, seed: int = 1) -> str:
    """YAML text of a one-file deck with ``n_facts`` facts."""
    rng = random.Random(seed)
    out = _head(n_facts, topics)
    out.append("facts:\n")
    out += [_fact(i, f"topic-{i % topics}", rng) for i in range(n_facts)]
    return "".join(out)


def write_synth_deck(folder: Path, n_facts: int, **kw) -> Path:
    path = Path(folder) / f"synth-{n_facts}.yaml"
    path.write_text(synth_deck_text(n_facts, **kw), encoding="utf-8")
    return path


def write_synth_folder(folder: Path, n_facts: int, *, per_file: int = 100, topics: int = 20, seed: int = 1) -> Path:
    """A folder deck of the same facts as :func:`synth_deck_text`: ``deck.yaml``
    with the metadata and ``per_file`` facts in each fact file (as a large
    deck is kept: one file per chapter or topic), in deck order."""
    rng = random.Random(seed)
    path = Path(folder) / f"synth-{n_facts}"
    path.mkdir(parents=True, exist_ok=True)
    (path / "deck.yaml").write_text("".join(_head(n_facts, topics)), encoding="utf-8")
    for start in range(0, n_facts, per_file):
        body = [_fact(i, f"topic-{i % topics}", rng) for i in range(start, min(n_facts, start + per_file))]
        (path / f"part-{start // per_file:05d}.yaml").write_text("facts:\n" + "".join(body), encoding="utf-8")
    return path
