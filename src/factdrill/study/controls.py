"""The keys a student types instead of an answer: undo, skip, quit, help.

``:u``, ``:s``, ``:q`` and ``:?`` always work; the bare letters ``u``, ``s``,
``q`` and ``?`` work too wherever they cannot be the right answer (see
:func:`bare_commands_allowed`).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING

from ..generators.items import Item, ItemKind

if TYPE_CHECKING:
    from .scheduling import Rating

#: Choice items answered with option letters.
CHOICE_KINDS = frozenset(
    {ItemKind.MCQ, ItemKind.SATA, ItemKind.TRUE_FALSE, ItemKind.NUMERIC_MCQ, ItemKind.SCENARIO,
     ItemKind.PRIORITY, ItemKind.TEACHING, ItemKind.HIGHLIGHT}
)
#: Answered in parts (grid rows, blanks, bowtie lists, case steps) of few letters each.
PART_KINDS = frozenset({ItemKind.MATRIX_MC, ItemKind.MATRIX_MR, ItemKind.DROPDOWN, ItemKind.RATIONALE,
                        ItemKind.BOWTIE, ItemKind.CASE})
#: Answers are typed text (see :func:`bare_commands_allowed`).
TYPED_KINDS = frozenset({ItemKind.CLOZE, ItemKind.NUMERIC})
#: With 17 or more options the letters q, s and u are answers, not commands.
MAX_BARE_COMMAND_OPTIONS = 16


class Command(str, Enum):
    """A session key typed instead of an answer."""

    UNDO = "u"
    SKIP = "s"
    QUIT = "q"
    HELP = "?"
    SUSPEND = "x"  # the fact of the card on screen stops coming up
    FLAG = "f"  # mark the card for a fix, with an optional note
    EDIT = "e"  # open the card's fact in $EDITOR at its line


_COMMAND_WORDS = {
    "u": Command.UNDO,
    "undo": Command.UNDO,
    "s": Command.SKIP,
    "skip": Command.SKIP,
    "q": Command.QUIT,
    "quit": Command.QUIT,
    "exit": Command.QUIT,
    "?": Command.HELP,
    "h": Command.HELP,
    "help": Command.HELP,
    "x": Command.SUSPEND,
    "suspend": Command.SUSPEND,
    "f": Command.FLAG,
    "flag": Command.FLAG,
    "e": Command.EDIT,
    "edit": Command.EDIT,
}

HELP_TEXT = """\
Keys (type them alone on the line and press Enter):
  :u  undo the last answer (its review and the card state roll back)
  :s  skip this item (it stays due for next time)
  :q  end the session and show the summary (Ctrl-C and Ctrl-D do too)
  :?  this help
  :x  suspend the card on screen (its whole fact; 'factdrill unsuspend FACT')
  :f  flag it to fix later, with a note if you like (:f wrong source);
      :f again unflags; 'factdrill stats' lists flags
  :e  open its fact in your $EDITOR at its line
Without the colon, u s q ? work too unless they could be the right
answer (a choice item with 17 or more options, or a typed answer that is
one of those letters).
Multiple choice: type the letter. Select all that apply: type every
letter, in any form: a c d, acd or a,c,d. Matching: one letter per
numbered item, in order (b a c) or as pairs (1b 2a 3c). Ordering: the
letters from first to last (c a b). Cloze and numbers: type the answer.
Grids, drop-downs and bowties are asked part by part (a row, a blank, a
list at a time); a case study step by step, its note growing as it goes.
Flashcards: Enter (or your attempt) shows the answer; rate yourself 1-4.
After feedback: Enter accepts the suggested rating, 1-4 overrides it
(1 Again, 2 Hard, 3 Good, 4 Easy)."""


def bare_commands_allowed(item: Item) -> bool:
    """Whether a lone ``u``/``s``/``q``/``?`` is a command for this item.

    Only where it cannot be a right answer: choice items with 17+ options use
    q, s and u as option letters, and a typed answer may be one of those
    characters; there only ``:``-prefixed commands work. A number never is a
    letter, so numeric items take bare commands.
    """
    if item.kind is ItemKind.NUMERIC:
        return True
    if item.kind in TYPED_KINDS or item.kind is ItemKind.FLASHCARD:
        from .grading import normalize_tokens

        return not any(" ".join(normalize_tokens(a)) in _BARE for a in item.answers) and not any(
            a.strip() == "?" for a in item.answers
        )
    if item.kind in CHOICE_KINDS:
        return len(item.options) <= MAX_BARE_COMMAND_OPTIONS
    if item.kind in PART_KINDS:
        return True  # a part has at most a handful of letters
    count = max(len(item.options), len(item.answers))
    return count <= MAX_BARE_COMMAND_OPTIONS


_BARE = ("u", "s", "q", "?")


def parse_command(line: str, *, bare: bool) -> Command | None:
    """The command typed on ``line``, or None when it is an answer.

    ``:x``, ``:f`` and ``:e`` exist only with the colon (x, f and e are
    option letters); ``:f`` may be followed by a note (:func:`command_note`).
    """
    text = line.strip().lower()
    if text.startswith(":"):
        word, _, rest = text[1:].strip().partition(" ")
        cmd = _COMMAND_WORDS.get(word)
        return cmd if not rest.strip() or cmd is Command.FLAG else None
    if bare and text in _BARE:
        return _COMMAND_WORDS[text]
    return None


def command_note(line: str) -> str:
    """The text after a command word (``:f wrong source`` -> ``wrong source``)."""
    text = line.strip()
    return text[1:].strip().partition(" ")[2].strip() if text.startswith(":") else ""


def suggested_rating(item: Item, attempt: str | None) -> "Rating | None":
    """The self-rating a flashcard suggests: Good after Enter alone or an
    attempt that matches the back (Hard with a typo), none after a mismatch
    (the student judges whether it says the back in other words)."""
    from .grading import match_answer
    from .scheduling import Rating

    if attempt is None:
        return Rating.GOOD
    match = match_answer(item, attempt)
    return None if match is None else (Rating.HARD if match.typo else Rating.GOOD)


def read_rating(
    read: Callable[[str], str],
    say: Callable[[str], None],
    suggested: "Rating | None",
    on_command: Callable[[Command], bool],
) -> "Rating | None":
    """Ask for a self-rating 1-4 until one is given; Enter takes ``suggested``
    when there is one. A command is handed to ``on_command``; when it says the
    card is finished with (skip, undo), None is returned."""
    from .render import RATING_NAMES
    from .scheduling import parse_rating

    default = "" if suggested is None else f" (Enter = {int(suggested)} {RATING_NAMES[int(suggested)]})"
    while True:
        line = read(f"1-4{default} > ").strip().lower()
        cmd = parse_command(line, bare=True)
        if cmd is Command.HELP:
            say(HELP_TEXT)
            continue
        if cmd is not None:
            if on_command(cmd):
                return None
            continue
        rating = suggested if not line else parse_rating(line)
        if rating is not None:
            return rating
        say("Type 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)"
            + (f", or Enter for {RATING_NAMES[int(suggested)]}." if suggested is not None else "."))
