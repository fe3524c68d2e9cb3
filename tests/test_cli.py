"""The command shell: version, help, lazy imports, every command documented."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from factdrill import __version__
from factdrill.cli import COMMANDS, cli


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_every_available_command_within_80_columns():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in ("check", "decks", "items", "drill", "export"):
        assert f"  {name} " in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command" in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_registered_command_exists_and_has_help(name):
    module, attr, summary = COMMANDS[name]
    command = cli.get_command(None, name)
    assert command is not None, f"{module}:{attr} is registered but missing"
    assert command.help, f"{name} has no help text"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80


HEAVY = ("genanki", "fsrs", "sqlite3", "yaml", "anki")


@pytest.mark.parametrize("argv", [["--help"], ["drill", "--help"], ["--version"]])
def test_help_does_not_import_heavy_libraries(argv):
    code = (
        "import sys; from factdrill.cli import cli\n"
        "try:\n    cli(%r, prog_name='factdrill')\nexcept SystemExit:\n    pass\n"
        "import json; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in %r)), file=sys.stderr)"
        % (argv, HEAVY)
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(proc.stderr.strip().splitlines()[-1])
    assert loaded == [], f"factdrill {' '.join(argv)} imported {loaded}"


def test_python_dash_m_works():
    proc = subprocess.run(
        [sys.executable, "-m", "factdrill", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert __version__ in proc.stdout


def test_domain_errors_become_one_line_with_their_exit_code(monkeypatch):
    import click

    from factdrill import cli as cli_module
    from factdrill.errors import StoreError, UsageProblem

    @click.command()
    @click.argument("kind")
    def boom(kind):
        """Raise a domain error."""
        raise (UsageProblem if kind == "usage" else StoreError)(f"{kind} went wrong; do X")

    monkeypatch.setitem(cli_module.COMMANDS, "boom", ("tests.test_cli", "boom", "x"))
    monkeypatch.setattr(cli_module.LazyGroup, "get_command", lambda self, ctx, name: boom)
    for kind, code in (("usage", 2), ("store", 1)):
        result = CliRunner().invoke(cli, ["boom", kind])
        assert result.exit_code == code
        assert result.output == f"Error: {kind} went wrong; do X\n"
        assert "Traceback" not in result.output


def test_a_mistyped_command_gets_did_you_mean():
    for args, near in ((["dril"], "'drill'"), (["export", "gitf"], "'gift'"), (["anki", "pul"], "'pull'"),
                       (["setings"], "'settings'")):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2
        assert f"Did you mean {near}?" in result.output, args


def test_check_takes_a_deck_name_like_every_other_command():
    result = CliRunner().invoke(cli, ["check", "breast-cancer-metastasis"])
    assert result.exit_code == 0 and "checked 1 deck: 0 errors" in result.output
    wrong = CliRunner().invoke(cli, ["check", "breast-cancer-metastasys"])
    assert wrong.exit_code == 2 and "no deck named 'breast-cancer-metastasys'" in wrong.output
