"""Every test runs with its files out of the user's home folder.

``FACTDRILL_HOME`` (the review history) and ``FACTDRILL_CACHE`` (the items
cache, shared by the whole run so the flagship deck is generated once) point
at a temporary folder of the session; tests that need their own set their
own. Subprocesses inherit both. ``tests/test_home_isolation.py`` checks that
commands run with ``HOME`` pointed at an empty folder leave it empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _files_outside_home(tmp_path_factory):
    root = tmp_path_factory.mktemp("factdrill-session")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACTDRILL_HOME", str(root / "home"))
        mp.setenv("FACTDRILL_CACHE", str(root / "cache"))
        yield


@pytest.fixture(autouse=True)
def _no_home_left_over():
    """A ``--home`` recorded by an earlier command in this process never leaks."""
    from factdrill.paths import choose_home

    choose_home(None)
    yield
    choose_home(None)


FLAGSHIP = Path(__file__).resolve().parent.parent / "decks" / "breast-cancer-metastasis"


@pytest.fixture(scope="session")
def flagship():
    """The flagship deck, loaded once for the tests that read its items."""
    from factdrill.deck.loader import load_deck

    return load_deck(FLAGSHIP)


@pytest.fixture(scope="session")
def items5(flagship):
    """The flagship's items at seed 5 (tests must not mutate them)."""
    from factdrill.generators import generate

    return list(generate(flagship, seed=5))
