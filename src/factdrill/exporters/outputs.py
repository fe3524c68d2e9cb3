"""Writing a finished export: to a file (creating its folder) or to stdout,
with one line on stderr saying what went where."""

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
