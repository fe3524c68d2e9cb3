"""The README and the docs agree with the commands: every `factdrill ...`
they show names a real command and only options it has, every option they
mention belongs to some command, and every command is in the README's table.
(The README once advertised ``preview --json``, which did not exist.)
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from factdrill.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "decks" / "README.md"]


def _commands(group: click.Group, ctx: click.Context, prefix: tuple[str, ...] = ()):
    """(path, command) of every command and subcommand."""
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, click.Context(cmd, parent=ctx, info_name=name), prefix + (name,))


CTX = click.Context(cli, info_name="factdrill")
ALL = dict(_commands(cli, CTX))


def _options(cmd: click.Command) -> set[str]:
    out = {"-h", "--help"}
    for p in cmd.params:
        if isinstance(p, click.Option):
            out.update(p.opts)
            out.update(p.secondary_opts)
    return out


def _invocations(text: str):
    """Every ``factdrill ...`` shown in code: inline spans and code blocks (comments cut)."""
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", text, re.S)
    lines = [ln.split(" #")[0] for b in blocks for ln in b.splitlines()]
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    for chunk in lines + spans:
        for part in re.split(r"&&|\|", chunk):
            part = part.strip()
            m = re.search(r"(?:^|/)factdrill (.*)$", part)
            if m:
                yield m.group(1)


def _resolve(words: list[str]) -> tuple[tuple[str, ...], click.Command] | None:
    path: tuple[str, ...] = ()
    for w in words:
        if (path + (w,)) in ALL:
            path += (w,)
        else:
            break
    return (path, ALL[path]) if path else None


def _doc_cases():
    for doc in DOCS:
        for inv in _invocations(doc.read_text(encoding="utf-8")):
            yield pytest.param(doc.name, inv, id=f"{doc.name}: factdrill {inv}"[:90])


@pytest.mark.parametrize("doc, invocation", list(_doc_cases()))
def test_every_shown_command_exists_with_the_options_it_is_shown_with(doc, invocation):
    try:
        words = shlex.split(invocation)
    except ValueError:
        words = invocation.split()
    words = [w for w in words if not w.startswith("[")]  # [DECK], [--json]
    if not words or words[0].startswith(("-", "<")) or words[0].isupper():
        return  # prose such as "factdrill --help" is checked by click itself
    found = _resolve(words)
    assert found is not None, f"{doc}: 'factdrill {invocation}' names no command"
    path, cmd = found
    known = _options(cmd)
    for w in words[len(path):]:
        if w.startswith("-") and w != "-":
            opt = w.split("=", 1)[0]
            assert opt in known, f"{doc}: 'factdrill {invocation}': {' '.join(path)} has no {opt}"


def _table_rows(text: str):
    """(command cell, option spans) of the README's command table."""
    for line in text.splitlines():
        if line.startswith("| `factdrill"):
            cells = line.split(" | ")
            yield cells[0], re.findall(r"`(-[-\w]+)", " | ".join(cells[1:]))


def test_options_in_the_readme_table_belong_to_their_command():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    checked = 0
    for cell, options in _table_rows(text):
        # "`factdrill items` / `preview`": the options must fit every command named
        for span in re.findall(r"`([^`]*)`", cell):
            words = [w for w in span.removeprefix("factdrill ").split() if not w.startswith(("[", "-"))]
            found = _resolve(words)
            assert found is not None, f"README table: no command {span!r}"
            path, cmd = found
            for opt in options:
                assert opt in _options(cmd), f"README table: {' '.join(path)} has no {opt}"
                checked += 1
    assert checked >= 10


def test_every_option_the_docs_mention_exists_somewhere():
    everywhere = set().union(*(_options(c) for c in ALL.values()))
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for opt in re.findall(r"`(--[a-z][-a-z]*)", text):
            assert opt in everywhere, f"{doc.name} mentions {opt}, which no command has"


def test_every_command_is_in_the_readme_table():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = " ".join(cell for cell, _ in _table_rows(text))
    for name in COMMANDS:
        assert re.search(rf"\b{re.escape(name)}\b", table), f"README's command table lacks {name}"


def test_help_of_every_command_fits_80_columns_and_says_something():
    runner = CliRunner()
    for path, cmd in ALL.items():
        result = runner.invoke(cli, [*path, "--help"], terminal_width=80)
        assert result.exit_code == 0, path
        assert max(len(line) for line in result.output.splitlines()) <= 80, path
        assert (cmd.help or "").strip(), path
