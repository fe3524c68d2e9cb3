"""Writing a finished export: to a file (creating its folder) or to stdout,
with one line on stderr saying what went where."""

from __future__ import annotations

from pathlib import Path

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
    """Write ``data`` to the file ``output``, creating its folder, reporting on stderr."""
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"wrote {what} to {path}", err=True)
