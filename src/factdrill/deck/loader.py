"""Finding, loading and validating decks.

A deck is one YAML file (``decks/NAME.yaml``) or a folder (``decks/NAME/``)
with a ``deck.yaml`` and further ``*.yaml`` fact files (format:
``decks/README.md``). Validation runs on YAML nodes, so every
:class:`Problem` names the file, line and column of what is wrong and says
how to fix it; only a deck without errors becomes a :class:`~factdrill.deck.facts.Deck`.

``check_deck`` never raises for bad input (it reports); ``load_deck`` raises
:class:`~factdrill.errors.DeckError` carrying every problem.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import DeckError, UsageProblem
from .facts import Deck, Fact, Location
from .files import DECK_FILE, content_hash, deck_root, is_yaml_file
from .problems import Problem, Severity, name_list

__all__ = [
    "DEFAULT_DECK",
    "DeckNotFound",
    "Problem",
    "Severity",
    "check_deck",
    "content_hash",
    "decks_dir",
    "find_decks",
    "load_deck",
    "resolve_deck",
]

DEFAULT_DECK = "breast-cancer-metastasis"


class DeckNotFound(UsageProblem):
    """A deck name or path given on the command line names no deck."""


# --------------------------------------------------------------------------
# Finding decks


def decks_dir() -> Path:
    """The folder of decks: ``$FACTDRILL_DECKS``, else ``./decks``, else the bundled one.

    ``./decks`` stays relative so messages show short ``decks/x.yaml`` paths.
    """
    env = os.environ.get("FACTDRILL_DECKS")
    if env:
        return Path(env).expanduser()
    local = Path("decks")
    if local.is_dir():
        return local
    return bundled_decks_dir()


def bundled_decks_dir() -> Path:
    """The decks shipped with factdrill: ``factdrill/decks/`` inside an
    installed package (setup.py copies them there when a wheel is built),
    else the checkout's ``decks/`` (an editable install, a source tree)."""
    import factdrill

    package = Path(factdrill.__file__).resolve().parent
    inside = package / "decks"
    if (inside / DEFAULT_DECK).is_dir():
        return inside
    return package.parents[1] / "decks"


def find_decks(root: Path | None = None, *, include_broken: bool = False) -> list[Path]:
    """Decks directly inside ``root`` (default :func:`decks_dir`), sorted by name.

    A deck is a ``*.yaml`` file or a folder holding ``deck.yaml``. With
    ``include_broken``, folders that hold ``*.yaml`` files but no
    ``deck.yaml`` are listed too, so ``check`` can report them.
    """
    root = decks_dir() if root is None else Path(root)
    if not root.is_dir():
        return []
    found: list[Path] = []
    try:
        for entry in sorted(root.iterdir(), key=lambda p: p.name):
            if entry.name.startswith("."):
                continue
            if is_yaml_file(entry):
                found.append(entry)
            elif entry.is_dir() and (
                (entry / DECK_FILE).is_file()
                or (include_broken and any(is_yaml_file(p) for p in entry.iterdir()))
            ):
                found.append(entry)
    except OSError as exc:
        raise DeckNotFound(
            f"cannot read the folder {exc.filename or root}: {exc.strerror or exc}"
        ) from None
    return found


def resolve_deck(name_or_path: str | None) -> Path:
    """The deck a user means: ``None`` is the flagship deck; a name; or a path.

    A name is looked up as ``NAME/`` then ``NAME.yaml`` in :func:`decks_dir`,
    then among the bundled decks (so the flagship deck is found even when
    ``FACTDRILL_DECKS`` names a folder of one's own decks). Raises
    :class:`DeckNotFound` (exit 2) listing the decks there.
    """
    name = DEFAULT_DECK if name_or_path is None else name_or_path
    given = Path(name).expanduser()
    if name_or_path is not None and given.exists():
        return given
    if name_or_path is not None and (given.suffix == ".yaml" or "/" in name or os.sep in name):
        # written as a path: look for no name, say the path is missing
        raise DeckNotFound(f"{name} does not exist; give an existing deck path, or a deck name from 'factdrill decks'")
    root = decks_dir()
    for folder in dict.fromkeys((root, bundled_decks_dir())):
        for candidate in (folder / name, folder / f"{name}.yaml"):
            if candidate.exists():
                return candidate
    available = [p.name.removesuffix(".yaml") for p in find_decks(root)]
    there = f"available: {name_list(available)}" if available else "it holds no decks"
    raise DeckNotFound(
        f"no deck named '{name}' in {root} ({there}); give a deck name from "
        "'factdrill decks' or a path"
    )


# --------------------------------------------------------------------------
# Loading


def load_deck(path: str | os.PathLike[str]) -> Deck:
    """Load a valid deck or raise :class:`DeckError` listing its errors."""
    deck, problems = check_deck(path)
    errors = sorted((p for p in problems if p.is_error), key=Problem.sort_key)
    if deck is None or errors:
        raise DeckError(errors or problems)
    return deck


def check_fact_file(root: Path, file: Path, head: Deck) -> list[Fact] | None:
    """The facts of one fact file of the folder deck ``root``, checked against
    the deck's metadata ``head`` (see :meth:`DeckChecker.fact_file`); None when
    the file has any problem (the whole deck must then be checked, to report
    it as :func:`check_deck` does)."""
    from .checker import DeckChecker
    from .gcpause import gc_paused

    try:
        with gc_paused():
            checker = DeckChecker(root)
            facts = checker.fact_file(file, head)
    except Exception:  # noqa: BLE001 - whatever it is, check_deck reports it properly
        return None
    return None if checker.n_errors() else facts


def check_deck(path: str | os.PathLike[str]) -> tuple[Deck | None, list[Problem]]:
    """Validate the deck at ``path``: the deck (if it has no errors) and every problem.

    Never raises for bad input: unreadable, binary, empty, malformed or
    hostile files all come back as problems. A file inside a folder deck
    (``deck.yaml`` or a fact file) checks the whole folder.
    """
    from .checker import DeckChecker  # YAML is imported only when a deck is read
    from .gcpause import gc_paused

    path = deck_root(Path(path))
    try:
        # tens of thousands of nodes and facts, none of them in a cycle: the
        # cyclic collector would walk them all again and again (155 us a fact
        # at 10,000 facts with it, 84 us without)
        with gc_paused():
            deck, problems = DeckChecker(path).run()
        return deck, sorted(problems, key=Problem.sort_key)
    except RecursionError:
        return None, [
            Problem(Location(str(path), 1, 1), "error", "anchors, aliases or merge keys nest too deeply")
        ]
    except Exception as exc:  # a bug: report it as one line rather than abort a whole check run
        return None, [
            Problem(
                Location(str(path), 1, 1),
                "error",
                f"internal error while checking this deck ({type(exc).__name__}: "
                f"{' '.join(str(exc).split())}); "
                "please report it",
            )
        ]
