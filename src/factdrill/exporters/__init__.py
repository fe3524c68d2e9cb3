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
    """Create ``out_dir`` if needed and return the guarded path of ``name`` in it."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create output folder {out}: {exc.strerror}") from None
    return safe_output_path(out, name)
