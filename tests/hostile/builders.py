"""Builders of hostile decks too big (or too odd) to keep as files.

Each ``write_*`` function writes one deck under ``folder`` and returns its
path; ``tests/hostile/corpus.py`` lists them by defect class, and the
class tests use them directly.
"""

from __future__ import annotations

from pathlib import Path

HEAD = """id: {deck_id}
title: {title}
version: "{version}"
sources:
  ref:
    title: A reference
topics:
  - id: bone
    title: Bone
facts:
"""
TERMS = """  - id: t1
    kind: term
    topic: bone
    term: osteolysis
    definition: breakdown of bone tissue
    sources: [ref]
    explanation: Bone is broken down.
  - id: t2
    kind: term
    topic: bone
    term: sclerosis
    definition: hardening of bone tissue
    sources: [ref]
    explanation: Bone hardens.
  - id: t3
    kind: term
    topic: bone
    term: fracture
    definition: a break in a bone
    sources: [ref]
    explanation: Bones break.
"""


def deck(facts: str = TERMS, *, deck_id: str = "hostile", title: str = "Hostile", version: str = "1") -> str:
    """A deck's YAML text: the head (with ``deck_id``, ``title``, ``version``) and ``facts``."""
    return HEAD.format(deck_id=deck_id, title=title, version=version) + facts


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def statistic(value: str, *, unit: str = "'%'", tolerance: str | None = None, fid: str = "n1",
              recall: bool | None = None) -> str:
    tol = f"\n    tolerance: {tolerance}" if tolerance is not None else ""
    if recall is not None:  # a figure with decimals is typed only when the deck asks
        tol += f"\n    recall: {'true' if recall else 'false'}"
    return (f"  - id: {fid}\n    kind: statistic\n    topic: bone\n    measure: share of metastases in bone\n"
            f"    value: {value}\n    unit: {unit}{tol}\n    sources: [ref]\n    explanation: x\n")


def write_huge_set(folder: Path, n: int = 100_000) -> Path:
    members = "".join(f"      - member number {i}\n" for i in range(n))
    fact = f"  - id: s1\n    kind: set\n    topic: bone\n    name: things\n    members:\n{members}    sources: [ref]\n"
    return write(folder, "huge-set.yaml", deck(TERMS + fact))


def write_huge_mapping(folder: Path, n: int = 20_000) -> Path:
    pairs = "".join(f"      drug {i}: purpose {i}\n" for i in range(n))
    fact = (f"  - id: m1\n    kind: mapping\n    topic: bone\n    name: drug purposes\n    left: drug\n"
            f"    right: purpose\n    pairs:\n{pairs}    sources: [ref]\n")
    return write(folder, "huge-mapping.yaml", deck(TERMS + fact))


def write_many_gaps(folder: Path, n: int = 300) -> Path:
    text = " ".join(f"{{{{w{i % 10}}}}}" for i in range(n))
    fact = f"  - id: g1\n    kind: statement\n    topic: bone\n    text: \"{text}\"\n    sources: [ref]\n"
    return write(folder, "many-gaps.yaml", deck(TERMS + fact))


def write_long_ranking(folder: Path, n: int = 30, name: str = "long-ranking.yaml") -> Path:
    items = "".join(f"      - site {i:03d}\n" for i in range(n))
    fact = (f"  - id: r1\n    kind: ranking\n    topic: bone\n    name: sites\n    order: most common first\n"
            f"    items:\n{items}    sources: [ref]\n    explanation: x\n")
    return write(folder, name, deck(TERMS + fact))


def write_big_field(folder: Path, size: int = 15_000_000) -> Path:
    return write(folder, "big-field.yaml", deck(TERMS.replace("Bones break.", "x" * size)))


def write_alias_text_bomb(folder: Path, size: int = 1_000_000, uses: int = 1_500) -> Path:
    """One big anchored text used by many facts: few nodes, gigabytes of text."""
    facts = "".join(
        f"  - id: f{i}\n    kind: term\n    topic: bone\n    term: term {i}\n    definition: d {i}\n"
        f"    explanation: *big\n    sources: [ref]\n" for i in range(uses)
    )
    text = deck(facts).replace("title: Hostile", "title: Hostile\ndescription: &big " + "x" * size)
    return write(folder, "alias-text-bomb.yaml", text)


def write_alias_list_bomb(folder: Path) -> Path:
    """A list of 2,000 texts of 300 characters, anchored and used by 500 sets."""
    members = "".join(f"      - {'m' * 290} {i:04d}\n" for i in range(100))
    first = f"  - id: s0\n    kind: set\n    topic: bone\n    name: set 0\n    members: &m\n{members}    sources: [ref]\n"
    rest = "".join(f"  - id: s{i}\n    kind: set\n    topic: bone\n    name: set {i}\n    members: *m\n"
                   f"    sources: [ref]\n" for i in range(1, 500))
    return write(folder, "alias-list-bomb.yaml", deck(first + rest))


def write_merge_bomb(folder: Path, uses: int = 2_000) -> Path:
    """A '<<' merge of a mapping holding a big text, merged into ``uses`` facts."""
    base = "base: &b\n  explanation: " + "y" * 5_000 + "\n"
    facts = "".join(f"  - <<: *b\n    id: f{i}\n    kind: term\n    topic: bone\n    term: term {i}\n"
                    f"    definition: d {i}\n    sources: [ref]\n" for i in range(uses))
    text = deck(facts)
    text = text.replace("facts:\n", "facts:\n", 1)
    return write(folder, "merge-bomb.yaml", base.replace("base:", "x-base:") + text)
