"""Running a command as the hostile-input tests do: through click's runner,
never with a traceback, and any exception but the CLI's own exit raised
with the command that caused it."""

from __future__ import annotations

from click.testing import CliRunner, Result

from factdrill.cli import cli


def invoke(*args: object, input: str | None = None) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input)
    assert "Traceback" not in result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args}: uncaught {result.exception!r}") from result.exception
    return result
