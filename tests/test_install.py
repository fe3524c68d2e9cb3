"""A normal install has the bundled deck: ``pip install <clone>`` (not
editable) and the built wheel, each in a fresh virtual environment, then
``factdrill drill`` from an empty folder starts the flagship deck.

Slow (two venvs, dependencies from the package index); skipped when the
index cannot be reached.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DECK = "breast-cancer-metastasis"

pytestmark = pytest.mark.slow


def _run(cmd, *, home: Path | None = None, **kw) -> subprocess.CompletedProcess:
    """Run a build or install step; ``home`` keeps whatever it writes under HOME
    (pip's cache, a Rust toolchain shim building a dependency) out of the user's."""
    if home is not None and "env" not in kw:
        home.mkdir(parents=True, exist_ok=True)
        kw["env"] = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, **kw)


def _clone(tmp_path: Path) -> Path:
    """The checkout as committed plus the working tree's changes, without build leftovers."""
    src = tmp_path / "clone"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", "exports", ".git"))
    return src


def _venv(path: Path) -> Path:
    _run([sys.executable, "-m", "venv", str(path)], home=path.parent / "home").check_returncode()
    return path / "bin"


def _install(bin_dir: Path, target: str) -> None:
    proc = _run([str(bin_dir / "pip"), "install", "-q", target], home=bin_dir.parent / "home")
    if proc.returncode != 0:
        if "No matching distribution" in proc.stderr or "Could not find a version" in proc.stderr:
            pytest.skip("the package index cannot be reached")
        raise AssertionError(proc.stderr[-3000:])


def _drill_from_an_empty_folder(bin_dir: Path, tmp_path: Path) -> str:
    empty = tmp_path / "empty"
    empty.mkdir(parents=True)
    home = tmp_path / "user-home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTDRILL_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), NO_COLOR="1", FACTDRILL_HOME=str(tmp_path / "history"))
    proc = _run([str(bin_dir / "factdrill"), "drill"], cwd=empty, input="q\n", env=env)
    assert proc.returncode == 0, proc.stderr
    assert list(empty.iterdir()) == []  # nothing written where the student stood
    return proc.stdout


def _assert_flagship_session(out: str) -> None:
    assert DECK in out  # the banner names the deck
    assert "[" in out and "Session summary" in out  # a question was shown, then the summary


def test_pip_install_of_a_clone_and_of_its_wheel_start_the_bundled_deck(tmp_path):
    clone = _clone(tmp_path)
    # 1. pip install <clone>, not editable
    bin_a = _venv(tmp_path / "venv-a")
    _install(bin_a, str(clone))
    _assert_flagship_session(_drill_from_an_empty_folder(bin_a, tmp_path / "a"))
    # 2. the sdist carries the deck (MANIFEST.in), as python -m build makes it
    home = tmp_path / "build-home"
    _run([str(bin_a / "pip"), "install", "-q", "setuptools>=77"], home=home).check_returncode()
    _run([str(bin_a / "python"), "setup.py", "-q", "sdist", "-d", str(tmp_path / "sdist")], cwd=clone,
         home=home).check_returncode()
    (sdist,) = (tmp_path / "sdist").glob("factdrill-*.tar.gz")
    names = tarfile.open(sdist).getnames()
    assert any(n.endswith(f"decks/{DECK}/deck.yaml") for n in names)
    assert any(n.endswith("decks/README.md") for n in names)
    # 3. the wheel built from the sdist carries it inside the package
    wheels = tmp_path / "wheels"
    _run([str(bin_a / "pip"), "wheel", "-q", "--no-deps", "-w", str(wheels), str(sdist)],
         home=home).check_returncode()
    (wheel,) = wheels.glob("factdrill-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert f"factdrill/decks/{DECK}/deck.yaml" in names
    assert sum(n.startswith(f"factdrill/decks/{DECK}/") for n in names) == len(list((ROOT / "decks" / DECK).glob("*.yaml")))
    # 4. pip install of that wheel, in a fresh venv
    bin_b = _venv(tmp_path / "venv-b")
    _install(bin_b, str(wheel))
    _assert_flagship_session(_drill_from_an_empty_folder(bin_b, tmp_path / "b"))
