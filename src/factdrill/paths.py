"""Where factdrill keeps its files: the review history and the items cache.

One rule for every command: a *chosen home* (``--home FOLDER``, else
``$FACTDRILL_HOME``) holds everything, the history in ``factdrill.db`` and
the items cache in ``cache/``; with no chosen home, the history goes to the
platform's user data folder and the cache to its user cache folder
(platformdirs). ``$FACTDRILL_CACHE`` moves the cache alone. Nothing is ever
written under the user's home folder otherwise, so a test suite that sets
``FACTDRILL_HOME`` leaves the real home untouched.

``--home`` is an option of the running command; its callback records it
here (:func:`choose_home`) so that code far below the command (the items
cache) follows it too. The command group resets it before each command.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "factdrill"
ENV_HOME = "FACTDRILL_HOME"
ENV_CACHE = "FACTDRILL_CACHE"
CACHE_FOLDER = "cache"

_chosen: str | None = None  # --home of the running command


def choose_home(folder: str | os.PathLike[str] | None) -> None:
    """Record the running command's ``--home`` (None: not given)."""
    global _chosen
    _chosen = None if folder is None or str(folder) == "" else str(folder)


def chosen_home(home: str | os.PathLike[str] | None = None) -> Path | None:
    """The home the user chose: ``home``, else ``--home``, else ``$FACTDRILL_HOME``; None if none."""
    for value in (home, _chosen, os.environ.get(ENV_HOME)):
        if value is not None and str(value) != "":
            return Path(value).expanduser()
    return None


def data_dir(home: str | os.PathLike[str] | None = None) -> Path:
    """The folder of the review history: the chosen home, else the user data folder."""
    chosen = chosen_home(home)
    if chosen is not None:
        return chosen
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """The items cache: ``$FACTDRILL_CACHE``, else ``HOME/cache`` of a chosen
    home, else the user cache folder."""
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env).expanduser()
    chosen = chosen_home()
    if chosen is not None:
        return chosen / CACHE_FOLDER
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))
