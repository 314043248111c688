"""One id per report in a run, and report text that can be written out.

Two reports with one id would become one incident on the map (with the other's date and
casualties), so a repeated id is renamed ``ID~2``, ``ID~3`` ... with a warning naming where it
was first seen. Lone surrogates (from undecodable file names, or given through the API)
cannot be encoded as UTF-8 by any writer, so they are replaced with U+FFFD, with a warning.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

from mapper.errors import ReportError

T = TypeVar("T")
#: ids remembered per run (about 150 MB); past this many, repeats are no longer looked for,
#: so that memory stays flat on any corpus (a warning says so once)
MAX_TRACKED_IDS = 1_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")
_TEXT_FIELDS = ("id", "text", "title", "source", "url", "path", "published_raw")


def clean_text(value: str) -> tuple[str, int]:
    """``value`` with lone surrogates replaced by U+FFFD, and how many there were."""
    return _SURROGATE.subn("\ufffd", value)


def clean_report(report: T) -> T:
    """A report whose text fields can all be encoded as UTF-8 (a warning says what changed)."""
    changes: dict[str, object] = {}
    fixed: list[str] = []
    for name in _TEXT_FIELDS:
        value = getattr(report, name, None)
        if isinstance(value, str) and _SURROGATE.search(value):
            changes[name], count = clean_text(value)
            fixed.append(f"{name} ({count})")
    if not changes:
        return report
    note = f"undecodable characters replaced with U+FFFD in {', '.join(fixed)}"
    warnings = (*getattr(report, "warnings", ()), note)
    return dataclasses.replace(report, **changes, warnings=warnings)  # type: ignore[type-var]


def unique_ids(items: Iterable[T]) -> Iterator[T]:
    """Reports with text that can be written and ids unique in the stream; others as given."""
    first: dict[str, str] = {}
    repeats: dict[str, int] = {}
    for item in items:
        if isinstance(item, ReportError):
            item.report, _ = clean_text(item.report)
            item.problem, _ = clean_text(item.problem)
            item.args = (f"{item.report}: {item.problem}",)
            yield item
            continue
        if not hasattr(item, "text"):
            yield item
            continue
        item = clean_report(item)
        id = str(getattr(item, "id", ""))
        where = getattr(item, "path", None) or "input"
        if id not in first:
            if len(first) < MAX_TRACKED_IDS:
                first[id] = where
            elif len(first) == MAX_TRACKED_IDS:
                first[id] = where  # one more, so that this note is given once
                note = (
                    f"more than {MAX_TRACKED_IDS:,} reports: repeated ids are no longer looked for"
                )
                warnings = (*getattr(item, "warnings", ()), note)
                item = dataclasses.replace(item, warnings=warnings)  # type: ignore[type-var]
            yield item
            continue
        n = repeats.get(id, 1) + 1
        while f"{id}~{n}" in first:
            n += 1
        repeats[id] = n
        new = f"{id}~{n}"
        first[new] = where
        note = f"duplicate id {id!r} (first used in {first[id]}): renamed {new!r}"
        warnings = (*getattr(item, "warnings", ()), note)
        yield dataclasses.replace(item, id=new, warnings=warnings)  # type: ignore[type-var]
