"""Writing a finished export: to a file (creating its folder) or to stdout,
with one line on stderr saying what went where.

One ``-o`` convention for every command that writes files:

* a format that writes **one file** takes ``-o FILE`` with one of the
  format's endings (``cards.csv``, ``quiz.gift``, ``deck.apkg``); an
  existing folder, a path ending in ``/`` or a name without an ending is a
  folder, and the file gets its usual name inside (``-o exports``); another
  ending (``-o deck.txt`` for an Anki package) is refused
  (:func:`file_target`);
* an export that writes **several files** (exam forms and keys, pools per
  topic, one package per deck, Blackboard files of 250 questions) takes
  ``-o FOLDER``; a path that is a file, or is named like one, is refused
  (:func:`folder_target`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

import click


def write_text_output(text: str, output: str | None, *, what: str) -> None:
    """Write ``text`` to ``output`` (or stdout when None or '-'), reporting on stderr."""
    if output in (None, "-"):
        import sys

        from ..terminal import printable

        # a file's bytes go to a pipe as they are; a terminal is shown safe text
        isatty = getattr(sys.stdout, "isatty", None)
        click.echo(printable(text) if isatty and isatty() else text, nl=False)
        return
    write_bytes_output(text.encode("utf-8"), output, what=what)


def write_bytes_output(data: bytes, output: str, *, what: str) -> None:
    """Write ``data`` to the file ``output``, creating its folder, reporting on stderr.

    Only a regular file is created or replaced, atomically, never through a
    link leaving its folder and never over the review store (see
    :func:`factdrill.safeio.write_output`).
    """
    from ..terminal import printable

    path = Path(output)
    write_file(path, data)
    click.echo(printable(f"wrote {what} to {path}", one_line=True), err=True)


def write_file(path: Path, data: bytes | Callable[[IO[bytes]], None]) -> Path:
    """Create the folder of ``path`` and write ``data`` there safely; ExportError if not."""
    from ..errors import ExportError
    from ..safeio import FileRefused, write_output

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_output(path, data)
    except FileRefused as exc:
        raise ExportError(str(exc)) from None
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None


# Endings that name a file, never a folder of exports.
FILE_SUFFIXES = frozenset({".apkg", ".zip", ".txt", ".tsv", ".csv", ".gift", ".html", ".htm", ".md", ".pdf",
                           ".json", ".xml"})


def file_target(output: str | None, default_name: str, *, what: str, suffixes: tuple[str, ...],
                default_dir: str | None = None) -> Path | None:
    """The file a one-file export writes: ``-o FILE``, or ``default_name``
    inside a folder given with ``-o`` (or ``default_dir``); None means stdout.

    ``suffixes`` are the endings the format's files have; a path without an
    ending is a folder, one with another ending is refused with what to
    write instead.
    """
    from ..errors import UsageProblem

    from . import plain_file_name

    plain_file_name(default_name)  # built from a deck id, which is data
    if output in (None, "-"):
        return None if default_dir is None else Path(default_dir) / default_name
    path = Path(output)
    _refuse_store(path, output)
    if path.is_dir() or output.endswith(("/", "\\")) or not path.suffix:
        return path / default_name
    if path.suffix.lower() not in suffixes:
        raise UsageProblem(
            f"-o {output}: {what} is one {' or '.join(suffixes)} file; write -o NAME{suffixes[0]}, "
            f"or -o FOLDER/ to get {default_name} there"
        )
    return path


def folder_target(output: str, *, what: str) -> Path:
    """The folder an export of several files writes into, refusing a file."""
    from ..errors import UsageProblem

    path = Path(output)
    _refuse_store(path, output)
    if path.exists() and not path.is_dir():
        raise UsageProblem(f"-o {output} is a file, but {what} several files: give a folder, e.g. -o {path.stem}-files/")
    if not path.exists() and path.suffix.lower() in FILE_SUFFIXES:
        raise UsageProblem(
            f"-o {output} names a file, but {what} several files: give a folder, e.g. -o {path.stem}/"
        )
    return path


def write_file_report(path: Path, text: str, *, what: str) -> None:
    """Write ``text`` to ``path`` (UTF-8) and say so on stderr."""
    write_bytes_output(text.encode("utf-8"), str(path), what=what)


def _refuse_store(path: Path, output: str) -> None:
    """Name the review store when -o points at it (before any talk of endings)."""
    from ..errors import UsageProblem
    from ..safeio import is_store

    if is_store(path):  # the store, or a journal beside it (present or not)
        raise UsageProblem(f"refusing to write {output}: it is the review store (or its journal); choose another file")
