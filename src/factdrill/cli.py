"""The ``factdrill`` command: a thin click layer over the library.

Commands live in ``factdrill.commands.*`` modules and are imported only when
invoked (see :class:`LazyGroup`), so ``factdrill --help`` never pays for
genanki, fsrs, sqlite3 or YAML.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from . import __version__
from .commands.options import SuggestingGroup

# name -> (module, attribute, one-line help shown by --help without importing).
# Adding a command means adding one line here and one module.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("factdrill.commands.check", "check", "Validate decks and report problems."),
    "decks": ("factdrill.commands.check", "decks", "List decks with fact counts."),
    "items": ("factdrill.commands.items", "items", "List the quiz items generated from a deck."),
    "preview": ("factdrill.commands.items", "preview", "Show items as a student sees them."),
    "audit": ("factdrill.commands.audit", "audit", "Audit items for item-writing flaws."),
    "grade": ("factdrill.commands.audit", "grade", "Show how an answer to an item is graded."),
    "drill": ("factdrill.commands.drill", "drill", "Study due cards with spaced repetition."),
    "quiz": ("factdrill.commands.drill", "quiz", "Take a practice test, scored at the end."),
    "stats": ("factdrill.commands.stats", "stats", "Show progress, retention and forecast."),
    "settings": ("factdrill.commands.settings", "settings", "Show or change a deck's study settings."),
    "suspend": ("factdrill.commands.stats", "suspend", "Suspend the cards of a fact."),
    "unsuspend": ("factdrill.commands.stats", "unsuspend", "Unsuspend the cards of a fact."),
    "export-reviews": ("factdrill.commands.stats", "export_reviews", "Back up the review history."),
    "import-reviews": ("factdrill.commands.stats", "import_reviews", "Restore a review history backup."),
    "export": ("factdrill.commands.export", "export", "Export items to Anki, CSV, GIFT, QTI..."),
    "anki": ("factdrill.commands.anki", "anki", "Pull reviews done in Anki into your history."),
    "optimize": ("factdrill.commands.optimize", "optimize", "Fit the scheduler to your own memory."),
    "plan": ("factdrill.commands.plan", "plan", "Plan new cards a day to be ready for an exam."),
    "new": ("factdrill.commands.instructor", "new", "Create a new deck from a template."),
    "sheet": ("factdrill.commands.instructor", "sheet", "Write a printable study sheet."),
    "exam": ("factdrill.commands.instructor", "exam", "Write printable exams with answer keys."),
    "draft": ("factdrill.commands.draft", "draft", "Draft a deck from an article; review drafts."),
    "import": ("factdrill.commands.imports", "import_cards", "Import Quizlet, CSV or Anki cards as a deck."),
}

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class LazyGroup(SuggestingGroup):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if _available(name)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None or not _available(cmd_name):
            return None
        module = importlib.import_module(spec[0])
        return getattr(module, spec[1])

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run, then flush stdout: a failed write (``> /dev/full``, a closed
        pipe) becomes one ``Error:`` line instead of a traceback."""
        try:
            try:
                return super().main(*args, **kwargs)
            finally:
                sys.stdout.flush()
        except OSError as exc:
            _output_failed(exc)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as exc:
            raise _one_line(exc) from exc.__cause__

    def invoke(self, ctx: click.Context):
        """Run the command; a domain error becomes one line and its exit code."""
        from .errors import FactdrillError
        from .paths import choose_home

        choose_home(None)  # the command's --home sets it again (a new command in the same process)
        try:
            return super().invoke(ctx)
        except FactdrillError as exc:
            error = click.ClickException(str(exc))
            error.exit_code = exc.exit_code
            raise _one_line(error) from None
        except click.ClickException as exc:
            raise _one_line(exc) from exc.__cause__

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _one_line(exc: click.ClickException) -> click.ClickException:
    """``exc`` shown as one safe line: messages quote file names, deck text
    and the arguments typed, any of which may hold escape sequences."""
    from .terminal import printable

    unsafe = exc.format_message
    exc.format_message = lambda: printable(unsafe(), one_line=True)  # type: ignore[method-assign]
    return exc


def _output_failed(exc: OSError) -> None:
    """Report a failed write to stdout (disk full, closed pipe), or any other
    OSError no command reported itself, in one line, and exit 1."""
    import errno
    import os

    try:
        # whatever is still buffered for stdout can never be written: point
        # the descriptor at /dev/null so the exit-time flush cannot fail again
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass
    if exc.errno != errno.EPIPE:  # a reader that went away (| head) needs no message
        from .terminal import printable

        if exc.filename:  # a file no command turned into a message of its own
            line = f"Error: {exc.filename}: {exc.strerror or exc}"
        else:
            line = (f"Error: cannot write the output ({exc.strerror or exc}); free disk space"
                    " or write somewhere else")
        try:
            print(printable(line, one_line=True), file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass
    sys.exit(1)


def _available(name: str) -> bool:
    """Whether a command's module exists (lets commands land one at a time)."""
    import importlib.util

    try:
        return importlib.util.find_spec(COMMANDS[name][0]) is not None
    except ModuleNotFoundError:
        return False


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="factdrill")
def cli() -> None:
    """factdrill: spaced-repetition drills and quizzes from cited fact decks.

    \b
    Start studying the bundled deck:
        factdrill drill
    Check a deck you wrote:
        factdrill check decks/my-deck
    """
