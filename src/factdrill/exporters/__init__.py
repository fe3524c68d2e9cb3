"""Exporters: one module per output format (see ``factdrill.commands.export``).

This package module stays tiny and import-free (no genanki, no click) so that
any exporter can share its helpers without paying for the others.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ExportError

__all__ = ["ExportError", "hierarchical_tag", "output_file", "safe_output_path", "slug_tag"]


_TAG_BAD = re.compile(r"[^\w-]+")


def slug_tag(text: str) -> str:
    """One tag component without spaces or colons (Anki splits tags at spaces).

    ``"Fluid balance"`` -> ``"fluid-balance"``. Colons are replaced too, so the
    ``::`` hierarchy of a tag only ever comes from the exporter joining parts.
    """
    slug = _TAG_BAD.sub("-", text.strip().lower()).strip("-")
    return slug or "untitled"


def hierarchical_tag(*parts: str) -> str:
    """Parts slugged and joined with Anki's ``::`` tag hierarchy separator."""
    return "::".join(slug_tag(p) for p in parts)


def plain_file_name(name: str, where: str | Path = ".") -> str:
    """``name`` if it is a plain file name (no path separator, not ``..``), else ExportError."""
    if not name or name in {".", ".."} or "/" in name or "\\" in name or "\x00" in name:
        base = Path(where).resolve()
        raise ExportError(f"refusing to write {name!r} outside {base}: not a plain file name; rename the deck id")
    return name


def safe_output_path(out_dir: str | Path, name: str) -> Path:
    """``out_dir/name``, refusing a name that would land outside ``out_dir``.

    File names are built from deck ids, which are data: a name with a path
    separator or ``..`` must never write elsewhere on the disk.
    """
    base = Path(out_dir).resolve()
    plain_file_name(name, base)
    target = (base / name).resolve()
    if target.parent != base:
        raise ExportError(f"refusing to write {name!r} outside {base}; rename the deck id")
    return target


def output_file(out_dir: str | Path, name: str) -> Path:
    """Create ``out_dir`` if needed and return the guarded path of ``name`` in it.

    The file there must be one an export may replace (a regular file, not
    the review store, not a link out of the folder): checked before the
    previous export is read from it.
    """
    from ..safeio import FileRefused, output_target

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create output folder {out}: {exc.strerror}") from None
    path = safe_output_path(out, name)
    try:
        output_target(path)
    except FileRefused as exc:
        raise ExportError(str(exc)) from None
    return path


def unique_deck_ids(decks: list[tuple[object, str]]) -> None:
    """Refuse an export run with two decks of one id: their files share a
    name, and the second would silently overwrite the first.

    ``decks`` holds (path given, deck id) pairs."""
    seen: dict[str, object] = {}
    for given, deck_id in decks:
        if deck_id in seen and str(seen[deck_id]) != str(given):
            raise ExportError(
                f"decks {seen[deck_id]} and {given} both have the id '{deck_id}', so their files would"
                " overwrite each other; give one a different 'id:' or export them one at a time"
            )
        seen.setdefault(deck_id, given)
