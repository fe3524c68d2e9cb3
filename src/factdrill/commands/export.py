"""``factdrill export FORMAT``: one subcommand per module in factdrill.exporters.

Each exporter module defines a click command named ``command``; adding a
format means adding one module and one line to FORMATS. Anki's command lives
in ``commands/export_anki.py``: ``--with-progress`` joins the review store
(study) and the exporter, which only the command layer may do.
"""

from __future__ import annotations

import importlib

import click

from .options import SuggestingGroup

# format -> (module, one-line help)
FORMATS: dict[str, tuple[str, str]] = {
    "anki": ("factdrill.commands.export_anki", "Anki .apkg package (genanki)."),
    "csv": ("factdrill.exporters.csv", "Tab-separated front/back/tags for Anki or Quizlet import."),
    "gift": ("factdrill.exporters.gift", "Moodle GIFT quiz file."),
    "qti": ("factdrill.exporters.qti", "Canvas QTI 1.2 zip."),
    "blackboard": ("factdrill.exporters.blackboard", "Blackboard test-pool upload text."),
    "quizlet": ("factdrill.exporters.quizlet", "Quizlet term/definition TSV."),
}


class _LazyFormats(SuggestingGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        import importlib.util

        return [n for n, (m, _) in FORMATS.items() if importlib.util.find_spec(m) is not None]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.list_commands(ctx):
            return None
        return importlib.import_module(FORMATS[name][0]).command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(n, FORMATS[n][1]) for n in self.list_commands(ctx)]
        if rows:
            with formatter.section("Formats"):
                formatter.write_dl(rows)


@click.group(cls=_LazyFormats)
def export() -> None:
    """Export a deck's items to another program's format."""
