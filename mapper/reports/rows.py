"""Reports given as rows: JSON Lines, JSON arrays and CSV (``id``, ``text`` required)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from mapper.errors import ReportError
from mapper.reports.encoding import DecodeError, decode_bytes

#: builds a Report (or ReportError) from one row; given by mapper.reports.readers
RowMaker = Callable[[dict[str, Any], str, str], object]

_DELIMITERS = (",", ";", "\t", "|")


def iter_jsonl(
    lines: Iterable[bytes], name: str, stem: str, make: RowMaker, max_bytes: int
) -> Iterator:
    """Yield a report or error per non-blank line; a broken line never stops the others."""
    for lineno, raw in enumerate(lines, start=1):
        where = f"{name}:{lineno}"
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if len(raw) > max_bytes:
            yield ReportError(where, f"line of {len(raw) / 2**20:.1f} MB is above the limit")
            continue
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line, _ = decode_bytes(raw)
            except DecodeError as exc:
                yield ReportError(where, str(exc))
                continue
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield ReportError(where, f"invalid JSON: {exc}")
            continue
        if not isinstance(row, dict):
            yield ReportError(where, f"row is a JSON {type(row).__name__}, not an object")
            continue
        yield make(row, f"{stem}:{lineno}", where)


def iter_json(data: bytes, name: str, stem: str, make: RowMaker) -> Iterator:
    """Yield the reports of a JSON file: a list of rows, ``{"reports": [...]}`` or one row."""
    try:
        text, _ = decode_bytes(data)
        doc = orjson.loads(text)
    except (DecodeError, orjson.JSONDecodeError) as exc:
        yield ReportError(name, f"invalid JSON: {exc}")
        return
    if isinstance(doc, dict):
        rows = next(
            (doc[k] for k in ("reports", "items", "data") if isinstance(doc.get(k), list)), None
        )
        if rows is None:
            yield make(doc, stem, name)
            return
    elif isinstance(doc, list):
        rows = doc
    else:
        yield ReportError(name, f"JSON holds a {type(doc).__name__}, not reports")
        return
    for n, row in enumerate(rows, start=1):
        where = f"{name}[{n}]"
        if isinstance(row, dict):
            yield make(row, f"{stem}:{n}", where)
        else:
            yield ReportError(where, f"item is a JSON {type(row).__name__}, not an object")


def iter_csv(path: Path, name: str, stem: str, make: RowMaker, max_bytes: int) -> Iterator:
    """Yield a report or error per CSV row; a file without a ``text`` column is one error."""
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        yield ReportError(name, f"cannot read: {exc.strerror or exc}")
        return
    if len(head) == 65536 and b"\n" in head:
        head = head[: head.rindex(b"\n") + 1]  # do not cut a multi-byte character in two
    try:
        _, encoding = decode_bytes(head)
    except DecodeError as exc:
        yield ReportError(name, str(exc))
        return
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        yield from _csv_rows(fh, name, stem, make, max_bytes)


def iter_csv_text(text: str, name: str, stem: str, make: RowMaker, max_bytes: int) -> Iterator:
    """Like :func:`iter_csv` for text already in memory (standard input)."""
    yield from _csv_rows(io.StringIO(text, newline=""), name, stem, make, max_bytes)


def _csv_rows(fh: io.TextIOBase, name: str, stem: str, make: RowMaker, max_bytes: int) -> Iterator:
    header_line = fh.readline()
    if not header_line.strip():
        yield ReportError(name, "empty CSV file (no header row)")
        return
    delimiter = max(_DELIMITERS, key=header_line.count)
    csv.field_size_limit(max(max_bytes, 131072))
    reader = csv.reader(fh, delimiter=delimiter)
    header = [
        h.strip().lstrip("\ufeff").lower()
        for h in next(csv.reader([header_line], delimiter=delimiter))
    ]
    if "text" not in header:
        shown = ", ".join(repr(h) for h in header[:12]) or "none"
        yield ReportError(name, f"CSV has no 'text' column (columns: {shown}); no row read")
        return
    lineno = 1  # the header is line 1; reader.line_num counts from the line after it
    try:
        for cells in reader:
            start = lineno + 1
            lineno = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            where = f"{name}:{start}"
            if len(cells) > len(header):
                yield ReportError(where, f"row has {len(cells)} cells, header has {len(header)}")
                continue
            row = {h: c for h, c in zip(header, cells, strict=False) if h}
            yield make(row, f"{stem}:{start}", where)
    except csv.Error as exc:
        yield ReportError(f"{name}:{lineno + 1}", f"unreadable CSV, rest of file skipped: {exc}")
