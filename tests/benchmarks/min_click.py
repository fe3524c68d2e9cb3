"""The start-up floor: the smallest click app with one command and one option.

``factdrill --help`` is compared with ``python min_click.py --help``: the
difference is what factdrill itself costs on top of click.
"""

import click


@click.group()
def cli() -> None:
    """A minimal click application."""


@click.command()
@click.option("--limit", type=int, help="At most N cards.")
def review(limit: int | None) -> None:
    """Review cards."""
    click.echo(f"review {limit}")


cli.add_command(review)

if __name__ == "__main__":
    cli()
