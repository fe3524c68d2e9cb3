"""Hostile and broken inputs for the hardening tests.

Small cases are files under ``decks/``; big ones (a 10 MB string, a file
over the size limit) are written on demand by the functions here and in
``builders.py``, so the repository stays small. ``corpus.py`` lists every
hostile input by defect class (decks, stores, output targets, backups,
previous exports) and ``run_commands.py`` runs every command over one of
them (see ``tests/test_hostile_corpus.py``). Broken-but-ordinary decks
(wrong types, malformed YAML, alias bombs, Python tags...) live in
``tests/broken_decks`` (the loader's corpus) and are reused, not copied.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
DECKS = HERE / "decks"
BROKEN = HERE.parent / "broken_decks"

# Valid decks with hostile text: they load, and every output must stay safe.
VALID_HOSTILE = ("control_chars.yaml", "rtl_text.yaml")
# Refused decks: every command must say why in one line and exit non-zero.
REFUSED_HOSTILE = ("deep_nesting.yaml",)

# Characters that must never reach a terminal from data: C0 controls other
# than newline and tab (ESC starts escape sequences, BEL, BS, CR rewrite the
# line), DEL, C1 controls (CSI 0x9b) and BIDI overrides/isolates that
# reorder what a student reads.
TERMINAL_UNSAFE = "".join(chr(c) for c in [*range(0, 9), *range(11, 32), 127, *range(0x80, 0xA0)])
TERMINAL_UNSAFE += "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Answers a student (or a cat, or a pasted file) might type.
HOSTILE_ANSWERS = [
    "",
    " ",
    "\t",
    "a" * 100_000,
    "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 200,
    "\x1b[2J\x1b[H",
    "\x1b]0;pwned\x07",
    "\x1b[31mred\x1b[0m",
    "\x9b31m",
    "\x07\x08\x7f",
    "\r",
    "\u202eevil\u202c",
    "سرطان الثدي",
    "שלום",
    "🦴🫁🧠",
    "e\u0301\u0301\u0301\u0301",
    "\ufeff41",
    "٤١",  # Arabic-Indic digits
    "4" * 5000,
    "1" * 5000 + "a",
    "1" * 5000 + "-b 2-a",
    "²",
    "²a ³b",
    "٤a",
    "1e308",
    "1e309",
    "-0",
    "nan",
    "inf",
    "-inf",
    "0x29",
    "41%%%",
    "1-2-3-4",
    "a,,,,b",
    "zz zz zz",
    "z" * 64,
    ":",
    "::",
    ":q:q",
    "?",
    "%s%n%x",
    "{0}{1}",
    "'; DROP TABLE reviews; --",
    "../../etc/passwd",
    "\x00",
    "a\x00b",
    "\ud800",
    "\udcff",
]


def write_big_string_deck(folder: Path, size: int = 10_000_000) -> Path:
    """A valid deck whose fact texts hold ``size``-character strings."""
    blob = "x" * size
    text = f"""id: big-string
title: Big strings
sources:
  ref:
    title: A reference
topics:
  - id: bone
    title: Bone
facts:
  - id: t1
    kind: term
    topic: bone
    term: osteolysis
    definition: breakdown of bone tissue {blob}
    sources: [ref]
    explanation: "{blob}"
  - id: t2
    kind: term
    topic: bone
    term: sclerosis
    definition: hardening of bone tissue
    sources: [ref]
  - id: t3
    kind: term
    topic: bone
    term: fracture
    definition: a break in a bone
    sources: [ref]
"""
    path = folder / "big-string.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def write_oversized_deck(folder: Path) -> Path:
    """A file over the 20 MB deck-file limit (sparse: costs no disk)."""
    path = folder / "huge.yaml"
    with path.open("wb") as f:
        f.write(b"id: huge\ntitle: Huge\n")
        f.truncate(21 * 1024 * 1024)
    return path


def broken_cases() -> list[Path]:
    """Every broken deck of the loader's corpus plus the refused hostile ones."""
    cases = sorted(p for p in BROKEN.iterdir() if p.suffix == ".yaml" or p.is_dir())
    return cases + [DECKS / name for name in REFUSED_HOSTILE]
