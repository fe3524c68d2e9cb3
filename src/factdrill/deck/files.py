"""The files of a deck on disk, and the hash that names their content.

Kept apart from the YAML checker so that a cache hit can find and hash a
deck's files without importing YAML.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

DECK_FILE = "deck.yaml"


def is_yaml_file(p: Path) -> bool:
    """A deck file: ``*.yaml``, not hidden, a regular file."""
    return p.suffix == ".yaml" and not p.name.startswith(".") and p.is_file()


def deck_root(path: Path) -> Path:
    """The deck a path names: a file of a folder deck means the whole folder."""
    if path.suffix == ".yaml" and (path.parent / DECK_FILE).is_file():
        return path.parent
    return path


def deck_files(path: Path) -> list[Path]:
    """The files that make up the deck at ``path``, in the order they are read."""
    path = deck_root(path)
    if path.is_dir():
        return sorted((p for p in path.iterdir() if is_yaml_file(p)), key=lambda p: p.name)
    return [path]


def file_digest(data: bytes) -> str:
    """sha256 of one deck file's bytes."""
    return hashlib.sha256(data).hexdigest()


def content_hash(files: Iterable[tuple[str, bytes]]) -> str:
    """A hash of the deck's files (name and bytes of each), in name order.

    A cache key: any edit, rename or added file changes it. Built from each
    file's own digest (:func:`combine_digests`), so a deck whose unchanged
    files were not read again gets the same hash.
    """
    return combine_digests((name, file_digest(data)) for name, data in files)


def combine_digests(digests: Iterable[tuple[str, str]]) -> str:
    """The content hash from (file name, :func:`file_digest`) pairs."""
    h = hashlib.sha256()
    for name, digest in sorted(digests):
        h.update(f"{name}\0{digest}\n".encode())
    return h.hexdigest()
