"""One entry of the deck's ``sources:``, read and checked."""

from __future__ import annotations

from typing import Any

from .facts import Source
from .fields import FieldMap, FieldReader

SOURCE_KEYS = ("title", "authors", "journal", "publisher", "year", "details", "doi", "url", "wording")


def read_source(c: FieldReader, key: str, value: Any) -> Source:
    """The source ``key`` from its mapping node; problems are reported through ``c``."""
    m = FieldMap(value, f"source '{key}'")
    c.check_keys(m, SOURCE_KEYS)
    fields: dict[str, Any] = {"title": c.text(m, "title", required=True) or key}
    for name in ("authors", "journal", "publisher", "details", "doi", "url"):
        fields[name] = c.text(m, name)
    fields["wording"] = c.flag(m, "wording", False)
    year = m.get("year")
    if year is not None and not (
        isinstance(year, c.y.ScalarNode) and year.tag == c.y.NULL
    ):
        if (
            isinstance(year, c.y.ScalarNode)
            and year.tag == c.y.INT
            and year.value.isdigit()
        ):
            fields["year"] = int(year.value)
        else:
            c.error(
                year,
                f"'year' of source '{key}' must be a whole number such as 2013, "
                f"not {c.describe(year)}",
            )
    doi = fields["doi"]
    if doi and doi.lower().startswith(("http:", "https:", "doi:")):
        c.error(
            m.get("doi"),
            f"'doi' of source '{key}' must be the bare DOI such as "
            "10.1016/j.clbc.2012.11.001, without 'https://doi.org/' or 'doi:'",
        )
    return Source(key=key, **fields)
