"""What a student can do to the card on screen besides answering it:
suspend its fact (``:x``), flag it with a note (``:f``), open its fact in
an editor at its line (``:e``). Each returns the line the drill shows.

The editor is started by :func:`open_in_editor` (``$VISUAL``, else
``$EDITOR``), with the line given in the form the editor understands; the
drill injects it, so tests run without a terminal editor.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ..deck.facts import Deck
    from ..generators.items import Item
    from .store import Store

Editor = Callable[[Path, int], str | None]
"""Opens a file at a line; returns None when done, else why it could not."""


def act(
    what: str, store: "Store", deck: "Deck", item: "Item", line: str, *, now: datetime, editor: Editor | None,
) -> tuple[str, bool]:
    """Carry out ``suspend``, ``flag`` or ``edit`` on the card on screen:
    (what to say, whether the card's fact was suspended)."""
    from .controls import command_note

    if what == "flag":
        return toggle_flag(store, deck.id, item, command_note(line), now=now), False
    if what == "edit":
        return edit_fact(deck, item, editor), False
    return suspend_fact(store, deck.id, item), True


def suspend_fact(store: "Store", deck_id: str, item: "Item") -> str:
    """Suspend every card of the item's fact (a bad card is a bad fact for now)."""
    fact = item.fact_ids[0]
    n = store.suspend(deck_id, fact)
    cards = f"{n} card{'s' if n != 1 else ''}" if n else "its cards were already"
    return (f"Suspended fact '{fact}' ({cards}): it will not come up again until "
            f"'factdrill unsuspend {fact}'.")


def toggle_flag(store: "Store", deck_id: str, item: "Item", note: str, *, now: datetime) -> str:
    """Flag the card (replacing an older note) or, with no note, unflag a flagged one."""
    on = store.toggle_flag(deck_id, item.card, item_id=item.id, note=note, now=now)
    if not on:
        return "Flag removed."
    about = f" ({note})" if note else ""
    return f"Flagged {item.id}{about}: 'factdrill stats' lists flags. ':f' again unflags it."


def fact_location(deck: "Deck", item: "Item") -> tuple[Path, int] | None:
    """The file and line where the item's fact is written, when known."""
    try:
        fact = deck.fact(item.fact_ids[0])
    except (KeyError, IndexError):
        return None
    if fact.loc is None or not fact.loc.file:
        return None
    return Path(fact.loc.file), fact.loc.line


def edit_fact(deck: "Deck", item: "Item", editor: Editor | None) -> str:
    """Open the fact in the editor; say where it is either way."""
    where = fact_location(deck, item)
    if where is None:
        return "This card's fact has no known file and line to open."
    path, line = where
    place = f"{path}:{line}"
    bundled = _in_installed_package(path)
    if editor is None:
        return f"The fact is at {place}." + bundled
    problem = editor(path, line)
    if problem:
        return f"{problem}; the fact is at {place}."
    return (f"Edited {place}. Changes show from your next session; "
            f"'factdrill check {deck.id}' checks them.{bundled}")


def _in_installed_package(path: Path) -> str:
    """A warning when ``path`` is the bundled deck inside an installed package
    (an upgrade replaces it): copy the deck to decks/ to keep edits."""
    import factdrill

    package = Path(factdrill.__file__).resolve().parent
    try:
        path.resolve().relative_to(package / "decks")
    except ValueError:
        return ""
    return (" This is the copy installed with factdrill, which an upgrade replaces: copy the deck "
            "folder to ./decks to keep your edits.")


def editor_command(path: Path, line: int, env: dict[str, str] | None = None) -> list[str] | None:
    """The command that opens ``path`` at ``line`` in the user's editor, or None
    when neither ``$VISUAL`` nor ``$EDITOR`` is set.

    Most terminal editors (vi, vim, nvim, nano, emacs, micro, kak, joe, ne)
    take ``+LINE FILE``; VS Code and its kin ``--goto FILE:LINE``, Sublime
    and gedit-likes ``FILE:LINE``.
    """
    env = os.environ if env is None else env
    spec = env.get("VISUAL") or env.get("EDITOR")
    if not spec:
        return None
    words = shlex.split(spec)
    name = Path(words[0]).name.lower() if words else ""
    if name in {"code", "code-insiders", "codium", "vscodium", "cursor"}:
        return [*words, "--goto", f"{path}:{line}"]
    if name in {"subl", "sublime_text", "zed", "mate"}:
        return [*words, f"{path}:{line}"]
    return [*words, f"+{line}", str(path)]


def open_in_editor(path: Path, line: int) -> str | None:
    """Run the user's editor on ``path`` at ``line`` and wait for it."""
    cmd = editor_command(path, line)
    if cmd is None:
        return "Set $EDITOR (or $VISUAL) to open it from the drill"
    try:
        done = subprocess.run(cmd, check=False)
    except OSError as exc:
        return f"Could not start {cmd[0]} ({exc.strerror or exc})"
    if done.returncode != 0:
        return f"{cmd[0]} exited with status {done.returncode}"
    return None
