"""Options shared by several commands."""

import click

home_option = click.option(
    "--home",
    type=click.Path(file_okay=False),
    help="Folder of the review store (default: $FACTDRILL_HOME or your user data folder).",
)
