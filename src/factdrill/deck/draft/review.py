"""``factdrill draft --review DECK``: walk the draft facts, keep, edit or drop each.

The deck's YAML is changed as text, line by line, so everything the author
wrote around a fact (comments, folding, order) stays as it was: *keep*
deletes the fact's ``draft:`` block, *drop* deletes the fact, *edit* puts
the fact (without its draft block) in ``$EDITOR`` and writes back what the
author saved, if the deck still checks without new errors. Each decision
is written to disk at once (atomically), so quitting, Ctrl-C or a closed
terminal loses nothing already decided.

Where the facts are comes from the YAML nodes (:func:`find_drafts`); the
loop itself (:func:`review`) takes its input, output and editor as
functions, so it runs the same on a terminal, from a pipe and in tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from ..files import deck_files


class Decision(str, Enum):
    """What the author decides for one draft."""

    KEEP = "k"
    EDIT = "e"
    DROP = "d"
    SKIP = "s"
    QUIT = "q"
    KEEP_ALL = "a"


@dataclass(frozen=True)
class DraftSpan:
    """Where one draft fact sits in its file (0-based line indexes, ends exclusive)."""

    file: Path
    fact_id: str | None
    kind: str | None
    start: int
    end: int
    mark_start: int
    mark_end: int
    at: str | None = None
    quote: str | None = None
    note: str | None = None

    @property
    def name(self) -> str:
        return self.fact_id or f"line {self.start + 1}"


def _last_line(node: Any) -> int:
    """The 0-based line holding the last character of ``node``."""
    from .. import yamlnodes as y

    if isinstance(node, y.ScalarNode):
        mark = node.end_mark  # after the last character; a block scalar's ends a line later
        return max(node.start_mark.line, mark.line if mark.column > 0 else mark.line - 1)
    # A collection's own end mark sits at the next token (the next fact's '- '), so
    # its last line is its last child's.
    last = node.start_mark.line
    for child in y.children(node):
        last = max(last, _last_line(child))
    return last


def _scalar(node: Any) -> str | None:
    from .. import yamlnodes as y

    return node.value if isinstance(node, y.ScalarNode) and node.tag != y.NULL else None


def find_drafts(deck: Path) -> list[DraftSpan]:
    """Every fact of the deck at ``deck`` that has a ``draft:`` key, in file order."""
    from .. import yamlnodes as y

    out: list[DraftSpan] = []
    for file in deck_files(deck):
        node, problems, _ = y.read_yaml(file, str(file))
        if node is None or not isinstance(node, y.MappingNode):
            continue
        facts = dict((k.value, v) for k, v in y.mapping_pairs(node)).get("facts")
        if not isinstance(facts, y.SequenceNode):
            continue
        for entry in facts.value:
            if not isinstance(entry, y.MappingNode):
                continue
            pairs = {k.value: (k, v) for k, v in entry.value if isinstance(k, y.ScalarNode)}
            if "draft" not in pairs:
                continue
            key, value = pairs["draft"]
            fields: dict[str, str | None] = {}
            if isinstance(value, y.MappingNode):
                fields = {k.value: _scalar(v) for k, v in value.value if isinstance(k, y.ScalarNode)}
            out.append(DraftSpan(
                file, _scalar(pairs["id"][1]) if "id" in pairs else None,
                _scalar(pairs["kind"][1]) if "kind" in pairs else None,
                entry.start_mark.line, _last_line(entry) + 1,
                key.start_mark.line, _last_line(value) + 1,
                fields.get("at"), fields.get("quote"), fields.get("note"),
            ))
    return out


def keep(lines: list[str], span: DraftSpan) -> list[str]:
    """The lines without the fact's ``draft:`` block."""
    return lines[: span.mark_start] + lines[span.mark_end :]


def drop(lines: list[str], span: DraftSpan) -> list[str]:
    """The lines without the fact."""
    return lines[: span.start] + lines[span.end :]


def entry_text(lines: list[str], span: DraftSpan) -> str:
    """The fact's lines without its draft block: what the author sees and edits."""
    body = lines[span.start : span.mark_start] + lines[span.mark_end : span.end]
    return "".join(body)


def replace(lines: list[str], span: DraftSpan, text: str) -> list[str]:
    """The lines with the fact replaced by ``text`` (its draft block gone with it)."""
    new = [line if line.endswith("\n") else line + "\n" for line in text.splitlines(keepends=True)]
    return lines[: span.start] + new + lines[span.end :]


def write_lines(path: Path, lines: list[str]) -> None:
    """Replace ``path`` atomically: the old file or the new one, never half of each."""
    tmp = path.with_name(f".{path.name}.review-tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    os.replace(tmp, path)


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines(keepends=True)


EDIT_HEADER = (
    "# Edit this fact, then save and quit. Lines starting with '#' up here are\n"
    "# ignored; save an empty file to drop the fact. Format: decks/README.md\n"
)


@dataclass
class ReviewCounts:
    """What a review session did."""

    kept: int = 0
    edited: int = 0
    dropped: int = 0
    skipped: int = 0
    left: int = 0


@dataclass
class ReviewIO:
    """The outside world of a review: one prompt answer, printing, the editor, the checker."""

    ask: Callable[[str], str | None]  # None: no more input (EOF)
    say: Callable[[str], None]
    edit: Callable[[str], str | None]  # None: the author saved nothing
    errors: Callable[[], list[Any]]  # the deck's current errors (Problems)


def review(deck: Path, io: ReviewIO, show: Callable[[DraftSpan, str, int, int], None]) -> ReviewCounts:
    """Walk the drafts of ``deck`` until none is left, the author quits or input ends."""
    counts = ReviewCounts()
    passed: set[tuple[Path, str]] = set()
    keep_rest = False
    while True:
        todo = [s for s in find_drafts(deck) if (s.file, s.name) not in passed]
        if not todo:
            break
        span = todo[0]
        lines = read_lines(span.file)
        done = counts.kept + counts.edited + counts.dropped + counts.skipped
        if not keep_rest:
            show(span, entry_text(lines, span), done + 1, done + len(todo))
        decision = Decision.KEEP if keep_rest else _decide(io)
        if decision is Decision.QUIT:
            break
        if decision is Decision.KEEP_ALL:
            keep_rest, decision = True, Decision.KEEP
        if decision is Decision.SKIP:
            passed.add((span.file, span.name))
            counts.skipped += 1
        elif decision is Decision.KEEP:
            write_lines(span.file, keep(lines, span))
            counts.kept += 1
        elif decision is Decision.DROP:
            write_lines(span.file, drop(lines, span))
            counts.dropped += 1
        elif decision is Decision.EDIT:
            outcome = _edit(span, lines, io)
            if outcome == "dropped":
                counts.dropped += 1
            elif outcome == "edited":
                counts.edited += 1
            # unchanged or reverted: the same draft comes up again
    counts.left = len(find_drafts(deck))
    return counts


_WORDS = {"keep": "k", "edit": "e", "drop": "d", "skip": "s", "quit": "q", "all": "a"}


def _decide(io: ReviewIO) -> Decision:
    while True:
        answer = io.ask("keep, edit, drop, skip, keep all (a) or quit? [k/e/d/s/a/q]")
        if answer is None:
            return Decision.QUIT
        word = answer.strip().lower()
        word = _WORDS.get(word, word)
        try:
            return Decision(word)
        except ValueError:
            io.say("answer k (keep), e (edit), d (drop), s (skip), a (keep all the rest) or q (quit)")


def _edit(span: DraftSpan, lines: list[str], io: ReviewIO) -> str:
    """Edit one fact; returns 'edited', 'dropped' or 'unchanged'."""
    before = {(p.loc.file, p.message) for p in io.errors()}
    origin = [f"# from {span.at}" if span.at else None,
              f"# source: {' '.join((span.quote or '').split())}" if span.quote else None,
              f"# note: {span.note}" if span.note else None]
    text = EDIT_HEADER + "".join(f"{line}\n" for line in origin if line) + entry_text(lines, span)
    while True:
        saved = io.edit(text)
        if saved is None:
            io.say("nothing saved; the fact is still a draft")
            return "unchanged"
        body = saved.splitlines(keepends=True)
        while body and (body[0].lstrip().startswith("#") or not body[0].strip()):
            body.pop(0)
        if not "".join(body).strip():
            write_lines(span.file, drop(lines, span))
            return "dropped"
        write_lines(span.file, replace(lines, span, "".join(body)))
        new_errors = [p for p in io.errors() if (p.loc.file, p.message) not in before]
        if not new_errors:
            return "edited"
        for p in new_errors[:10]:
            io.say(str(p))
        answer = io.ask("the edit has errors: edit again or revert? [e/r]")
        if answer is None or not answer.strip().lower().startswith("e"):
            write_lines(span.file, lines)
            io.say("reverted; the fact is still a draft")
            return "unchanged"
        text = saved
