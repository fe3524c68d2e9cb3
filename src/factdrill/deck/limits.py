"""How much one deck value may hold: the bounds ``factdrill check`` enforces.

A deck comes from anywhere. Without bounds one 15 MB field or a set of
100,000 members turns every command into minutes of work or a MemoryError
(items repeat a fact's text: a true/false item per member quotes the whole
set). Each bound is far above what a teaching deck needs (the flagship
deck's longest text is under 300 characters, its longest list 9 entries)
and each refusal says what to do instead.
"""

from __future__ import annotations

# Ids become file names (DECK.apkg, DECK-TOPIC-pool.txt) and store keys:
# 64 characters keep every name far below the 255 bytes a file system allows.
MAX_ID_CHARS = 64
# A text field (definition, explanation, statement...): a long paragraph.
MAX_TEXT_CHARS = 5_000
# One entry of a list (member, alias, ranked item, either side of a pair).
MAX_ENTRY_CHARS = 300
# Entries per list key; lists not named here take DEFAULT_LIST.
MAX_LIST = {
    "members": 100,
    "non_members": 100,
    "items": 100,
    "pairs": 100,
    "authors": 50,
}
DEFAULT_LIST = 20  # aliases, false variants, sources cited, tags
# Entries longer than MAX_ENTRY_CHARS are allowed for these (they are sentences).
LONG_ENTRIES = frozenset({"false_variants"})
# {{gaps}} in one statement, and accepted answers in one gap.
MAX_GAPS = 20
MAX_GAP_ANSWERS = 20
# Numbers: distractors scale a value (x3, shifts) and outputs print it in
# full, so a value near 1e308 overflowed; below 1e-6 prints as 0.
MAX_MAGNITUDE = 1e12
MIN_MAGNITUDE = 1e-6


def list_limit(key: str) -> int:
    """How many entries the list ``key`` may hold."""
    return MAX_LIST.get(key, DEFAULT_LIST)


def entry_limit(key: str) -> int:
    """How many characters one entry of the list ``key`` may hold."""
    return MAX_TEXT_CHARS if key in LONG_ENTRIES else MAX_ENTRY_CHARS
