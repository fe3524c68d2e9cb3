"""Which of a deck's files changed since the items database last saw them.

Each file's stat signature (size, mtime, inode) is compared with the one
remembered; a file whose signature changed, or that changed too recently
to trust it ("racy", as git says), is read and hashed. An unchanged deck
costs one ``stat`` per file and no read.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

# A file modified less than this before its signature was taken is read again
# next time: a second write within the file system's timestamp granularity
# would leave the signature unchanged.
RACY_NS = 2_000_000_000


class Known(Protocol):
    """What is remembered of a file (:class:`~.itemdb.FileRow`)."""

    size: int
    mtime: int
    ino: int
    checked: int
    sha: str


@dataclass
class Scan:
    """The deck's files now, against what the database remembers."""

    names: list[str]
    stats: dict[str, tuple[int, int, int]]
    shas: dict[str, str]
    changed: list[str] = field(default_factory=list)  # new or edited (content)
    removed: list[str] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)  # same content, new signature
    checked: int = 0

    @property
    def any_change(self) -> bool:
        return bool(self.changed or self.removed)


def scan(root: Path, known: Mapping[str, Known]) -> Scan:
    """Stat the deck's files and hash those that may have changed.

    A file that cannot be read counts as changed (with no digest): reading
    the deck then reports it as the loader does.
    """
    from ..deck.files import deck_file_stats, file_digest, read_deck_file
    from ..errors import FactdrillError

    base, files = deck_file_stats(root)
    folder = root if root.is_dir() else None
    now = time.time_ns()
    out = Scan([name for name, _ in files], {}, {}, checked=now)
    for name, st in files:
        if st is None:
            out.stats[name], out.shas[name] = (0, 0, 0), ""
            out.changed.append(name)
            continue
        sig = (st.st_size, st.st_mtime_ns, st.st_ino)
        out.stats[name] = sig
        row = known.get(name)
        if row is not None and (row.size, row.mtime, row.ino) == sig and row.checked - st.st_mtime_ns > RACY_NS:
            out.shas[name] = row.sha
            continue
        try:
            # the loader's own safe reads: a pipe, a device or a link out of
            # the deck folder is refused here too (the loader then says why)
            sha = file_digest(read_deck_file(base / name, folder))
        except (OSError, FactdrillError):
            sha = ""
        out.shas[name] = sha
        if row is not None and row.sha == sha:
            out.touched.append(name)
        else:
            out.changed.append(name)
    out.removed = [n for n in known if n not in out.stats]
    return out
