"""Hostile files and folders given as decks: only regular files are read,
with a size cap; links out of a deck folder, pipes, devices and folders
that cannot be entered give one clear line, never a hang or a traceback.
"""

from __future__ import annotations

from functools import partial

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hostile.cli import invoke as run
from hostile import builders as b

FACTDRILL = str(Path(sys.executable).with_name("factdrill"))
FLAGSHIP = Path(__file__).resolve().parents[1] / "decks" / "breast-cancer-metastasis"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTDRILL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FACTDRILL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")


invoke = partial(run, input="q\n")  # each run ends a drill at its first question


def run(*args, timeout=60, env_extra=None):
    """A real process (a hang is a failed test, not a stuck suite)."""
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([FACTDRILL, *map(str, args)], input=b"q\n", capture_output=True, env=env,
                          timeout=timeout)


def folder_deck(tmp_path: Path) -> Path:
    deck = tmp_path / "deck"
    deck.mkdir()
    for f in FLAGSHIP.iterdir():
        if f.suffix == ".yaml":
            (deck / f.name).write_bytes(f.read_bytes())
    return deck


@pytest.mark.parametrize("target", ["/etc/passwd", "outside.yaml", "../outside.yaml"])
def test_links_leaving_the_deck_folder_are_refused(tmp_path, target):
    deck = folder_deck(tmp_path)
    secret = tmp_path / "outside.yaml"
    secret.write_text("facts:\n  - id: secret\n    kind: term\n", encoding="utf-8")
    link_target = target if target.startswith("/") else (secret if target == "outside.yaml" else "../outside.yaml")
    (deck / "zz-linked.yaml").symlink_to(link_target)
    for args in (("check", deck), ("items", deck), ("export", "gift", deck)):
        result = invoke(*args)
        assert result.exit_code != 0
        assert "is a link to" in result.output and "outside the deck folder" in result.output, result.output
        assert "root:" not in result.output and "secret" not in result.output


def test_links_inside_the_deck_folder_are_fine(tmp_path):
    deck = folder_deck(tmp_path)
    (deck / "sub").mkdir()
    (deck / "sub" / "real.yaml").write_text("facts: []\n", encoding="utf-8")
    (deck / "zz-linked.yaml").symlink_to(Path("sub") / "real.yaml")
    assert invoke("check", deck).exit_code == 0


@pytest.mark.parametrize("special", ["fifo", "fifo-in-folder", "dev-zero", "dev-null", "dev-zero-link"])
def test_pipes_and_devices_as_decks_are_refused_without_waiting(tmp_path, special):
    if special == "fifo":
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)
    elif special == "fifo-in-folder":
        path = folder_deck(tmp_path)
        os.mkfifo(path / "zz-pipe.yaml")
    elif special == "dev-zero-link":
        path = folder_deck(tmp_path)
        (path / "zz-zero.yaml").symlink_to("/dev/zero")
    else:
        path = Path("/dev/zero" if special == "dev-zero" else "/dev/null")
    for args in (("check", path), ("items", path), ("drill", path)):
        proc = run(*args, env_extra={"FACTDRILL_HOME": str(tmp_path / "home"),
                                     "FACTDRILL_CACHE": str(tmp_path / "cache")})
        text = (proc.stdout + proc.stderr).decode()
        assert proc.returncode != 0 and "Traceback" not in text, text
        assert ("named pipe" in text or "a device" in text or "outside the deck folder" in text), text


def test_a_file_that_grows_past_the_cap_while_read_is_refused(tmp_path, monkeypatch):
    from factdrill import safeio

    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 100)
    with pytest.raises(safeio.FileRefused):
        safeio.read_regular(path, 50)
    assert safeio.read_regular(path, 100) == b"x" * 100


def _deny_inside(folder: Path, monkeypatch):
    """Simulate a folder that can be listed but not entered (mode r--), as
    root cannot: every look at a name inside it fails with EACCES."""
    real_stat, real_open = os.stat, os.open
    inside = str(folder) + os.sep

    def stat(path, *args, **kwargs):
        if str(path).startswith(inside):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    def open_(path, *args, **kwargs):
        if str(path).startswith(inside):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "open", open_)


def test_a_listable_folder_that_cannot_be_entered_is_one_line(tmp_path, monkeypatch):
    deck = folder_deck(tmp_path)
    _deny_inside(deck, monkeypatch)
    for args in (("check", deck), ("items", deck)):
        result = invoke(*args)
        assert result.exit_code != 0
        assert "Permission denied" in result.output and "internal error" not in result.output, result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_folder_without_execute_permission_for_real(tmp_path):
    deck = folder_deck(tmp_path)
    os.chmod(deck, 0o444)
    try:
        result = invoke("check", deck)
        assert result.exit_code != 0 and "Permission denied" in result.output
    finally:
        os.chmod(deck, 0o755)
