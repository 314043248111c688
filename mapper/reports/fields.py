"""The names a row's fields go by: "body" or "content" for ``text``, "date" for ``published``.

The names are data (``mapper/data/field_names.tsv``); :func:`canonical_row` gives a row the
mapper's own field names, so that JSON Lines, JSON and CSV exports of news tools read as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from mapper.data import read_table

__all__ = ["canonical_row", "text_field_names", "text_field"]


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, ...]]:
    return {row[0]: (row[0], *row[1:]) for row in read_table("field_names.tsv")}


def text_field_names() -> tuple[str, ...]:
    """The names the report's text goes by, in order of preference."""
    return _names()["text"]


def text_field(names: Iterable[str]) -> str | None:
    """The name among ``names`` (any case) that holds the report's text, or None."""
    present = {n.strip().lower(): n for n in names if isinstance(n, str)}
    return next((present[n] for n in text_field_names() if n in present), None)


def canonical_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` with each of the mapper's fields filled from the first of its other names the
    row has, when the row lacks the field itself (names matched in any case)."""
    lower = {k.lower(): k for k in row if isinstance(k, str)}
    out = dict(row)
    for field, names in _names().items():
        if field in row:
            continue
        for name in names:
            key = lower.get(name)
            if key is not None and row[key] not in (None, ""):
                out[field] = row[key]
                break
    return out
