"""Options and arguments shared by several commands, so each reads the same
everywhere: ``--home``, a DECK (a name or a path), item kinds, and opening
the review store with a word when it is new."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import click

if TYPE_CHECKING:
    from ..study.store import Store

DECK_HELP = "a deck name (see 'factdrill decks') or a deck path"


class SuggestingGroup(click.Group):
    """A command group whose usage error for a mistyped subcommand names the
    nearest ones: "No such command 'dril'. Did you mean 'drill'?"."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from difflib import get_close_matches

            near = get_close_matches(name, self.list_commands(ctx), n=3, cutoff=0.6)
            hint = f" Did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            ctx.fail(f"No such command {name!r}.{hint}")
        return super().resolve_command(ctx, args)


def _remember_home(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    # code far below the command (the items cache) follows --home too
    from ..paths import choose_home

    choose_home(value)
    return value


home_option = click.option(
    "--home",
    type=click.Path(file_okay=False),
    callback=_remember_home,
    help="Folder of your review history and cache (default: $FACTDRILL_HOME or your user data folder).",
)

KIND_NAMES = [
    "flashcard", "cloze", "mcq", "sata", "true_false", "numeric", "numeric_mcq", "matching", "ordering", "scenario",
    "priority", "teaching", "highlight", "matrix_mc", "matrix_mr", "dropdown", "rationale", "bowtie",
    "action_order", "case",
]  # fmt: skip  (ItemKind values, listed here so --help needs no import; a test keeps them equal)


def _split_kinds(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """``--kind mcq --kind sata`` and ``--kind mcq,sata`` both give ("mcq", "sata")."""
    out: list[str] = []
    for raw in value:
        for part in raw.replace(" ", ",").split(","):
            key = part.strip().lower().replace("-", "_")
            if not key:
                continue
            if key not in KIND_NAMES:
                raise click.BadParameter(f"unknown item kind '{part}'; choose from: {', '.join(KIND_NAMES)}")
            if key not in out:
                out.append(key)
    return tuple(out)


def kind_option(help_text: str = "Only items of these kinds") -> Callable[[Any], Any]:
    """``--kind K`` (repeatable, or a comma list ``--kind mcq,sata``); ``--kinds`` is the same option."""
    return click.option(
        "--kind", "--kinds", "kinds", multiple=True, metavar="K[,K]", callback=_split_kinds,
        help=f"{help_text}, e.g. --kind mcq,sata (repeatable; default: all).",
    )


def open_store(home: str | None) -> "Store":
    """The review store of ``home``; a new one is announced on stderr, with
    where it is, so a mistyped --home or FACTDRILL_HOME never silently
    starts an empty history."""
    from ..paths import chosen_home
    from ..study.store import Store

    store = Store.open(home)
    # said on a terminal only: scripts read stdout and stderr, a person reads this
    if store.created and _interactive():
        hint = " (check --home or FACTDRILL_HOME if you expected your history here)" if chosen_home(home) else ""
        from ..terminal import width, wrap

        click.echo(wrap(f"Starting a new review history in {store.path}{hint}.", width()), err=True)
    return store


def _interactive() -> bool:
    import sys

    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
