"""Reading files from anywhere and writing outputs, safely.

Reading (deck files, review backups, a previous export): only a regular
file is read. A named pipe would block the command forever and a device
such as ``/dev/zero`` never ends, so the file is opened without waiting
(``O_NONBLOCK``), checked with ``fstat`` on the open descriptor (no race
between the check and the read), and read up to a size cap.

Writing (every export, backup, exam and sheet): a command writes only a
regular file it creates or was told to replace, never through a link that
leaves the output folder and never over the review store (a file whose
SQLite header carries factdrill's application id, or its journal files).
The data goes to a new temporary file in the same folder (``mkstemp``:
created exclusively, so a planted link is never followed) and replaces the
target in one rename, so a failed write leaves the old file whole.

Base layer: the standard library and :mod:`factdrill.errors` only.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from .errors import FactdrillError

# The review store's SQLite application_id ("FDR1"); the store's own
# migrations set it (tests check the two agree).
STORE_APPLICATION_ID = 0x46445231
_SQLITE_MAGIC = b"SQLite format 3\x00"
_JOURNALS = ("-wal", "-shm", "-journal")


class FileRefused(FactdrillError):
    """A file that must not be read or written as asked; the message says why."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a link"
    return "not a regular file"


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def read_regular(path: str | os.PathLike[str], cap: int, *, what: str = "file") -> bytes:
    """The bytes of the regular file ``path``, at most ``cap`` of them.

    Raises :class:`FileRefused` for a pipe, device, folder or socket, or a
    file over ``cap`` (checked before reading when its size is known, and
    while reading for files that grow); OSError for a file that cannot be
    opened (missing, no permission).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(f"{path} is {kind_of(st.st_mode)}, not a regular {what}")
        if st.st_size > cap:
            raise FileRefused(f"{path} is {_mb(st.st_size)}, more than the {_mb(cap)} a {what} may have")
        chunks = []
        left = cap + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > cap:
            raise FileRefused(f"{path} is more than the {_mb(cap)} a {what} may have")
        return data
    finally:
        os.close(fd)


def read_stream(stream: IO[bytes], cap: int, *, what: str = "input") -> bytes:
    """At most ``cap`` bytes of ``stream`` (standard input); more is refused."""
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise FileRefused(f"the {what} is more than the {_mb(cap)} it may have")
    return data


def is_store(path: Path) -> bool:
    """Whether ``path`` is a factdrill review store or one of its journal files."""
    candidates = [path]
    for suffix in _JOURNALS:
        if path.name.endswith(suffix):
            candidates.append(path.with_name(path.name[: -len(suffix)]))
    for candidate in candidates:
        try:
            fd = os.open(candidate, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            head = os.read(fd, 72)
        finally:
            os.close(fd)
        if head[:16] == _SQLITE_MAGIC and int.from_bytes(head[68:72], "big") == STORE_APPLICATION_ID:
            return True
    return False


def output_target(path: str | os.PathLike[str]) -> Path:
    """The file to replace for an output named ``path``, after the checks.

    Refuses a folder, pipe, device or socket; a link whose target lies
    outside the link's own folder; and the review store. A link inside the
    folder is followed (its target is the file replaced).
    """
    given = Path(path)
    folder = given.parent.resolve()
    target = folder / given.name
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISLNK(st.st_mode):
        resolved = target.resolve()
        if resolved.parent != folder:
            raise FileRefused(
                f"refusing to write {given}: it is a link to {resolved}, outside {folder};"
                " remove the link or choose another file"
            )
        target = resolved
        try:
            st = os.stat(target)
        except FileNotFoundError:
            st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise FileRefused(f"refusing to write {given}: it is {kind_of(st.st_mode)}; choose a file name")
    # a journal name next to the store counts even before it exists: SQLite
    # would read a file written there as part of the store
    if is_store(target):
        raise FileRefused(
            f"refusing to write {given}: it is the review store (or its journal); choose another file"
        )
    return target


def write_output(path: str | os.PathLike[str], data: bytes | Callable[[IO[bytes]], None]) -> Path:
    """Create or replace the regular file ``path`` with ``data`` (bytes, or a
    function writing to a binary file), atomically; returns the file written.

    The folder must exist. Raises :class:`FileRefused` (see
    :func:`output_target`) or OSError when the disk refuses the write.
    """
    target = output_target(path)
    existing_mode = None
    try:
        existing_mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:100]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(data, (bytes, bytearray)):
                f.write(data)
            else:
                data(f)
        os.chmod(tmp, existing_mode if existing_mode is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
