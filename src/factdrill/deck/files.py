"""The files of a deck on disk, and the hash that names their content.

Kept apart from the YAML checker so that a cache hit can find and hash a
deck's files without importing YAML.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ..safeio import FileRefused, kind_of, read_regular

DECK_FILE = "deck.yaml"
MAX_FILE_BYTES = 20 * 1024 * 1024


def is_yaml_file(p: Path) -> bool:
    """A deck file: ``*.yaml``, not hidden, and not a folder.

    A pipe or device named ``x.yaml`` counts (so reading it is refused with
    a message, instead of the file being skipped without a word); a name
    that cannot even be looked at (no permission) counts too, for the same
    reason.
    """
    if p.suffix != ".yaml" or p.name.startswith("."):
        return False
    try:
        return not stat.S_ISDIR(os.stat(p).st_mode)
    except FileNotFoundError:
        return False  # a dangling link: nothing to read
    except OSError:
        return True


def read_deck_file(path: Path, folder: Path | None = None) -> bytes:
    """The bytes of one deck file: a regular file of at most 20 MB.

    ``folder`` is the deck folder the file belongs to: a link leading out of
    it is refused, so a deck cannot pull any file on the disk (its text would
    land in exports and messages). Raises FileRefused or OSError.
    """
    if folder is not None:
        inside = folder.resolve()
        resolved = path.resolve()
        if resolved.parent != inside and inside not in resolved.parents:
            raise FileRefused(
                f"{path.name} is a link to {resolved}, outside the deck folder; copy the file into "
                "the folder instead"
            )
    try:
        return read_regular(path, MAX_FILE_BYTES, what="deck file")
    except FileRefused as exc:
        text = str(exc)
        if "more than" in text:
            size = os.stat(path).st_size if path.exists() else 0
            mb = f"{size / 1024 / 1024:.0f} MB" if size > MAX_FILE_BYTES else "too big"
            raise FileRefused(
                f"file is {mb}, more than the {MAX_FILE_BYTES // 1024 // 1024} MB a deck file may have;"
                " split it into several files of a folder deck"
            ) from None
        mode = os.stat(path).st_mode
        raise FileRefused(
            f"{kind_of(mode)}, not a deck file; a deck is a regular NAME.yaml file"
        ) from None


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


def deck_file_stats(path: Path) -> tuple[Path, list[tuple[str, os.stat_result | None]]]:
    """:func:`deck_files` as (folder, names with each file's ``stat``; None:
    it cannot be looked at): one folder read and one ``stat`` a file, no
    Path per file (how the items cache sees that a 1,000-file deck is
    unchanged)."""
    path = deck_root(path)
    if not path.is_dir():
        try:
            return path.parent, [(path.name, os.stat(path))]
        except OSError:
            return path.parent, [(path.name, None)]
    found: list[tuple[str, os.stat_result | None]] = []
    with os.scandir(path) as entries:
        for entry in entries:
            name = entry.name
            if not name.endswith(".yaml") or name.startswith("."):  # is_yaml_file's test, on the name
                continue
            try:
                st: os.stat_result | None = os.stat(entry.path)
            except FileNotFoundError:
                continue  # a dangling link: nothing to read
            except OSError:
                st = None  # counted, so reading it says why it cannot be read
            if st is None or not stat.S_ISDIR(st.st_mode):
                found.append((name, st))
    found.sort(key=lambda f: f[0])
    return path, found


def read_deck(path: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file of the deck at ``path``, each read safely
    (see :func:`read_deck_file`). Raises FileRefused or OSError."""
    path = deck_root(path)
    folder = path if path.is_dir() else None
    return [(p.name, read_deck_file(p, folder)) for p in deck_files(path)]


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
