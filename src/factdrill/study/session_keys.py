"""What the keys a student types instead of an answer do in the drill:
help, quit, skip, undo, and the card actions (suspend, flag, edit).

A mixin of :class:`~factdrill.study.session.Session`, kept apart so the
session loop stays short; it works on the session's own state.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from ..generators.items import Item
from .controls import HELP_TEXT, Command
from .queue import CardKey

if TYPE_CHECKING:
    from .cardsource import CardSource
    from .store import Store


class _Quit(Exception):
    """The student ended the session (q, Ctrl-C, Ctrl-D, end of input)."""


class SessionKeys:
    """The key commands of a drill session (mixed into Session)."""

    store: "Store"
    _queue: deque[CardKey]
    _learning: dict[CardKey, Any]
    _skipped: set[CardKey]
    _answers: list[Any]
    _history: dict[CardKey, list[Any]]
    _decks: dict[str, Any]
    _on_screen: tuple[CardKey, Item] | None
    _state_of: dict[CardKey, str]
    _last_line: str
    _edit: Any

    def _say(self, text: str) -> None:  # pragma: no cover - Session's
        raise NotImplementedError

    def _dim(self, text: str) -> str:  # pragma: no cover - Session's
        raise NotImplementedError

    def _now(self) -> Any:  # pragma: no cover - Session's
        raise NotImplementedError

    def _command(self, cmd: Command, current: CardKey | None) -> bool:
        """Carry out ``cmd``; True when the current card is finished with."""
        if cmd is Command.HELP:
            self._say(HELP_TEXT)
            return False
        if cmd in (Command.SUSPEND, Command.FLAG, Command.EDIT):
            return self._card_action(cmd, current)
        if cmd is Command.QUIT:
            if current is not None:
                self._queue.appendleft(current)  # unanswered: still counted as left
            raise _Quit
        if cmd is Command.SKIP:
            if current is not None:
                self._skipped.add(current)
                self._say(self._dim("Skipped."))
            return True
        # UNDO
        if not self._answers:
            self._say("Nothing to undo in this session.")
            return False
        from ..errors import StoreError

        try:
            undone = self._undo_last()
        except StoreError as exc:  # e.g. another session reviewed that card since
            self._say(f"Cannot undo: {exc}")
            return False
        if current is not None:
            self._queue.appendleft(current)
        self._say("Undone: your last answer was removed; that card comes again.")
        self._queue.appendleft(undone.key)
        return True

    def _card_action(self, cmd: Command, current: CardKey | None) -> bool:
        """Suspend, flag or edit the card on screen (the one just answered, at
        the feedback prompt); True when it is finished with (suspended)."""
        from .card_actions import act

        if self._on_screen is None:
            self._say("No card on screen.")
            return False
        key, item = self._on_screen
        said, suspended = act(cmd.name.lower(), self.store, self._decks[key[0]].deck, item, self._last_line,
                              now=self._now(), editor=self._edit)
        self._say(said)
        if suspended:  # none of the fact's cards comes again in this session
            gone = {k for k in [*self._queue, *self._learning]
                    if k[0] == key[0] and item.fact_ids[0] in _facts_of(self._decks[k[0]].cards, k[1])}
            self._queue = deque(k for k in self._queue if k not in gone)
            for k in gone | {key}:
                self._learning.pop(k, None)
        return suspended

    def _undo_last(self) -> "_Answer":
        """Roll back the newest answer of this session in the store, then here."""
        self.store.undo(self._answers[-1].review.id)  # raises StoreError, changing nothing
        return self._forget_last()

    def _forget_last(self) -> "_Answer":
        """Drop the newest answer from this session's own bookkeeping."""
        answer = self._answers.pop()
        hist = self._history.get(answer.key, [])
        if hist:
            hist.pop()
        self._learning.pop(answer.key, None)
        self._state_of[answer.key] = answer.review.before.state
        return answer


def _facts_of(cards: "CardSource", card: str) -> tuple[str, ...]:
    """The facts a queued card's first item draws on, read from its source."""
    items = cards.items(card)
    return items[0].fact_ids if items else ()
