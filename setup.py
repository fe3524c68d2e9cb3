"""Build hook: the bundled deck ships inside the package.

Authors edit the flagship deck where every deck lives, in
``decks/breast-cancer-metastasis/`` at the top of the checkout. A wheel
(and so every non-editable install: ``pip install .``, ``pipx install``, a
wheel from the sdist) gets a copy of it in ``factdrill/decks/``, where
:func:`factdrill.deck.loader.bundled_decks_dir` finds it without a
checkout; an editable install reads the checkout's folder instead.
``MANIFEST.in`` puts the deck in the sdist. Everything else about the
build is in ``pyproject.toml``.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED_DECKS = ("breast-cancer-metastasis",)  # folders of decks/ that ship with factdrill
DECK_DOCS = ("README.md",)  # the deck format, for authors without a checkout


def _deck_files() -> list[tuple[Path, str]]:
    """(source file, path inside the package) of every bundled deck file."""
    decks = ROOT / "decks"
    files = [(decks / name, f"decks/{name}") for name in DECK_DOCS]
    for name in BUNDLED_DECKS:
        for src in sorted((decks / name).glob("*.yaml")):
            files.append((src, f"decks/{name}/{src.name}"))
    if not any(dst.endswith(".yaml") for _, dst in files):
        raise SystemExit("decks/breast-cancer-metastasis/ is missing: build from a full checkout or sdist")
    return files


class BuildWithDecks(build_py):
    """``build_py`` that also copies the bundled decks into the package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads decks/ from the checkout
        for src, dst in _deck_files():
            target = Path(self.build_lib) / "factdrill" / dst
            self.mkpath(str(target.parent))
            self.copy_file(str(src), str(target), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False):
            outputs += [str(Path(self.build_lib) / "factdrill" / dst) for _, dst in _deck_files()]
        return outputs


setup(cmdclass={"build_py": BuildWithDecks})
