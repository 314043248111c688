"""What the Python API takes as reports: text, rows, a DataFrame, Report objects or paths.

Anything it cannot take is a clear :class:`~mapper.errors.InputError`, never an empty result:
a path that does not exist, ``None``, a number, a DataFrame without a text column.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from mapper.errors import InputError, ReportError
from mapper.reports.fields import text_field
from mapper.reports.ids import unique_ids
from mapper.reports.readers import Report, read_reports, report_from_row
from mapper.reports.walk import SUFFIXES, Skipped


def as_reports(
    reports: object, *, text_column: str = "text"
) -> Iterator[Report | ReportError | Skipped]:
    """Reports (and errors, in their place) of anything the API takes, with unique ids.

    Parameters
    ----------
    reports
        A path (file or folder) or a string of report text; a ``Report``; a row as a dict
        (``text`` and optionally ``id``, ``title``, ``published``, ``source``, ``url``); a
        DataFrame with a text column; or a list (any iterable) of these.
    text_column
        The column (or dict key) holding the text.

    Raises
    ------
    InputError
        For ``None``, a type that holds no reports, a path that does not exist, or a
        DataFrame with no text column.
    """
    return unique_ids(_items(reports, text_column))


def _items(reports: object, text_column: str) -> Iterator[Report | ReportError | Skipped]:
    if reports is None:
        msg = "no reports given (None): give text, paths, Report objects, rows or a DataFrame"
        raise InputError(msg)
    if isinstance(reports, pd.DataFrame):
        yield from _frame_rows(reports, text_column)
        return
    if isinstance(reports, str | Path | Report | Mapping):
        reports = [reports]
    if not isinstance(reports, Iterable) or isinstance(reports, bytes):
        msg = f"cannot read reports from a {type(reports).__name__}"
        raise InputError(msg)
    paths: list[str | Path] = []
    for n, item in enumerate(reports, start=1):
        if isinstance(item, Path) or (isinstance(item, str) and _is_path(item)):
            _check_path(item)
            paths.append(item)
            continue
        yield from read_reports(paths)
        paths = []
        if isinstance(item, Report):
            yield item
        elif isinstance(item, str):
            yield report_from_row({"text": item}, f"text:{n}", f"text {n}")
        elif isinstance(item, Mapping):
            yield _row(item, text_column, n)
        elif isinstance(item, pd.DataFrame):
            yield from _frame_rows(item, text_column)
        else:
            msg = f"item {n} is a {type(item).__name__}: not text, a path, a Report or a row"
            raise InputError(msg)
    yield from read_reports(paths)


def _is_path(text: str) -> bool:
    """Whether a string names a file rather than holds report text.

    One line with no spaces, or one that ends in a report file's extension, is a path.
    """
    if os.path.exists(text):
        return True
    if "\n" in text or len(text) > 4096:
        return False
    return not any(c.isspace() for c in text.strip()) or Path(text).suffix.lower() in SUFFIXES


def _check_path(path: str | Path) -> None:
    if str(path) != "-" and not os.path.lexists(path):
        msg = (
            f"{path}: no such file or folder (to read a string as report text, give a "
            "sentence, or Report(id=..., text=...))"
        )
        raise InputError(msg)


def _row(row: Mapping[str, Any], text_column: str, n: int) -> Report | ReportError:
    fields = {str(k).lower(): v for k, v in row.items()}
    if text_column != "text" and text_column.lower() in fields:
        fields["text"] = fields.pop(text_column.lower())
    return report_from_row(fields, f"row:{n}", f"row {n}")


def _frame_rows(frame: pd.DataFrame, text_column: str) -> Iterator[Report | ReportError]:
    columns = {str(c).lower(): c for c in frame.columns}
    if text_column.lower() not in columns:
        # the default "text" also goes by "body", "content", ... (mapper/data/field_names.tsv)
        other = text_field(map(str, frame.columns)) if text_column == "text" else None
        if other is None:
            shown = ", ".join(map(str, list(frame.columns)[:12])) or "none"
            msg = f"the DataFrame has no {text_column!r} column (columns: {shown})"
            raise InputError(msg)
        text_column = other
    clean = frame.astype(object).where(frame.notna(), None)
    for n, row in enumerate(clean.to_dict(orient="records"), start=1):
        yield _row(row, text_column, n)
