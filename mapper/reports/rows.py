"""Reports given as rows: JSON Lines, JSON arrays and CSV (``id``, ``text`` required)."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from mapper.errors import ReportError
from mapper.reports.encoding import UTF8_MULTIBYTE, DecodeError, decode_bytes
from mapper.reports.fields import text_field, text_field_names

#: builds a Report (or ReportError) from one row; given by mapper.reports.readers
RowMaker = Callable[[dict[str, Any], str, str], object]

_DELIMITERS = (",", ";", "\t", "|")
_SURROGATES = re.compile("[\udc80-\udcff]")


def iter_jsonl(
    lines: Iterable[bytes | int],
    name: str,
    stem: str,
    make: RowMaker,
    max_bytes: int,
    first_line: int = 1,
) -> Iterator:
    """Yield a report or error per non-blank line; a broken line never stops the others.

    A line given as an int is one too long to hold (its length). A line that is not UTF-8
    is read in the encoding detected for it, with a warning naming the line and the bytes.
    ``first_line`` is the number of the first of ``lines`` (a part of a file).
    """
    for lineno, raw in enumerate(lines, start=first_line):
        where = f"{name}:{lineno}"
        size = raw if isinstance(raw, int) else len(raw)
        if size > max_bytes:
            limit = f"{max_bytes / 2**20:.0f} MB"
            yield ReportError(where, f"line of {size / 2**20:.1f} MB is above the {limit} limit")
            continue
        assert isinstance(raw, bytes)
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        note = None
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 1].hex()
            try:
                line, encoding = decode_bytes(raw)
            except DecodeError as err:
                yield ReportError(where, str(err))
                continue
            note = (
                f"line {lineno} is not UTF-8 (byte 0x{bad} at offset {exc.start}); "
                f"read as {encoding}: check its text"
            )
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield ReportError(where, f"invalid JSON: {exc}")
            continue
        if not isinstance(row, dict):
            yield ReportError(where, f"row is a JSON {type(row).__name__}, not an object")
            continue
        yield _noted(make(row, f"{stem}:{lineno}", where), note)


def _noted(report: object, note: str | None) -> object:
    """``report`` with ``note`` added to its warnings (errors pass unchanged)."""
    if note is None or isinstance(report, ReportError):
        return report
    warnings = (*getattr(report, "warnings", ()), note)
    return dataclasses.replace(report, warnings=warnings)  # type: ignore[type-var]


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
    encoding = csv_encoding(path, name)
    if isinstance(encoding, ReportError):
        yield encoding
        return
    # Undecodable bytes are kept as surrogates to be named per row, never replaced silently.
    with path.open("r", encoding=encoding, errors="surrogateescape", newline="") as fh:
        yield from _csv_rows(fh, name, stem, make, max_bytes)


def csv_encoding(path: Path, name: str) -> str | ReportError:
    """The encoding of a CSV file, detected from its head (the same for each of its parts)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        return ReportError(name, f"cannot read: {exc.strerror or exc}")
    if len(head) == 65536 and b"\n" in head:
        head = head[: head.rindex(b"\n") + 1]  # do not cut a multi-byte character in two
    try:
        return decode_bytes(head)[1]
    except DecodeError as exc:
        if UTF8_MULTIBYTE.search(head):
            return "utf-8"  # UTF-8 with some damage: the rows that hold it are named
        return ReportError(name, str(exc))


def iter_part(
    path: Path, name: str, stem: str, make: RowMaker, max_bytes: int, span: tuple[int, int, int]
) -> Iterator:
    """Yield the rows of bytes ``start:end`` of a JSON Lines or CSV file, ``span`` being
    ``(start, end, first_line)``: whole rows (see mapper.reports.parts), named by their line
    in the file as a read of the whole file names them."""
    start, end, first_line = span
    csv_file = path.suffix.lower() in (".csv", ".tsv")
    encoding = csv_encoding(path, name) if csv_file else "utf-8"
    if isinstance(encoding, ReportError):
        yield encoding
        return
    try:
        with path.open("rb") as fh:
            header = fh.readline()
            fh.seek(start)
            data = fh.read(end - start)  # one part: a few MB
    except OSError as exc:
        yield ReportError(f"{name}:{first_line}", f"cannot read: {exc.strerror or exc}")
        return
    if not csv_file:
        yield from iter_jsonl(io.BytesIO(data), name, stem, make, max_bytes, first_line)
        return
    text = io.StringIO(data.decode(encoding, errors="surrogateescape"), newline="")
    head = header.decode(encoding, errors="surrogateescape")
    yield from _csv_rows(text, name, stem, make, max_bytes, head, first_line)


def iter_csv_text(text: str, name: str, stem: str, make: RowMaker, max_bytes: int) -> Iterator:
    """Like :func:`iter_csv` for text already in memory (standard input)."""
    yield from _csv_rows(io.StringIO(text, newline=""), name, stem, make, max_bytes)


class _Lines:
    """The physical lines of a CSV file, with the lines of the record being read kept so that
    a malformed record can be given back and read again from its second line."""

    def __init__(self, fh: io.TextIOBase, lineno: int = 1) -> None:
        self._fh = fh
        self._back: list[tuple[int, str]] = []
        self.record: list[tuple[int, str]] = []  # (line number, line) of the current record
        self.lineno = lineno  # of the line before the first read: the header's

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._back:
            n, line = self._back.pop()
        else:
            line = self._fh.readline()
            if not line:
                raise StopIteration
            self.lineno += 1
            n = self.lineno
        self.record.append((n, line))
        return line

    def give_back(self, lines: list[tuple[int, str]]) -> None:
        self._back.extend(reversed(lines))


def _csv_rows(
    fh: io.TextIOBase,
    name: str,
    stem: str,
    make: RowMaker,
    max_bytes: int,
    header_line: str | None = None,
    first_line: int = 2,
) -> Iterator:
    """Rows of ``fh``; for a part of a file, give the file's header line and the number of the
    part's first line (rows are named by their line in the file)."""
    header_line = fh.readline() if header_line is None else header_line
    if not header_line.strip():
        yield ReportError(name, "empty CSV file (no header row)")
        return
    delimiter = max(_DELIMITERS, key=header_line.count)
    csv.field_size_limit(max(max_bytes, 131072))
    header = [
        h.strip().lstrip("\ufeff").lower()
        for h in next(csv.reader([header_line], delimiter=delimiter))
    ]
    if text_field(header) is None:
        shown = ", ".join(repr(h) for h in header[:12]) or "none"
        wanted = ", ".join(repr(n) for n in text_field_names())
        yield ReportError(
            name, f"CSV has no text column (looked for {wanted}; columns: {shown}); no row read"
        )
        return
    lines = _Lines(fh, first_line - 1)
    # strict: a quote left open raises at the next quote or at the end, rather than
    # swallowing the rows after it into one cell
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    while True:
        lines.record = []
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield from _malformed(lines, name, str(exc))
            continue
        start = lines.record[0][0]
        where = f"{name}:{start}"
        if len(cells) != len(header) and _swallowed(lines.record, delimiter, len(header)):
            # a quote opened and closed on other lines: rows were read as one cell
            yield from _malformed(lines, name, "unbalanced quote")
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            yield ReportError(where, f"row has {len(cells)} cells, header has {len(header)}")
            continue
        row = {h: c for h, c in zip(header, cells, strict=False) if h}
        yield _undecodable(make(row, f"{stem}:{start}", where), row, start)


def _swallowed(record: list[tuple[int, str]], delimiter: str, width: int) -> bool:
    """Whether a record of several lines holds a line that reads as a whole row by itself."""
    for _, line in record[1:]:
        cells = next(csv.reader([line], delimiter=delimiter), [])
        if len(cells) == width:
            return True
    return False


def _malformed(lines: _Lines, name: str, problem: str) -> Iterator[ReportError]:
    """An error for the record's first line; its other lines are read again as rows."""
    (start, first), *rest = lines.record or [(lines.lineno, "")]
    if "field larger than field limit" in problem:
        problem = "a cell is larger than the limit for one report"
        rest = []  # the oversized cell's own lines: reading them again would only repeat it
    else:
        problem = f"malformed row ({problem}); its next lines are read as rows again"
    yield ReportError(f"{name}:{start}", problem)
    lines.give_back(rest)


def _undecodable(report: object, row: dict[str, str], lineno: int) -> object:
    """``report`` with undecodable bytes of its row replaced, and a warning naming them."""
    bad = [k for k, v in row.items() if _SURROGATES.search(v)]
    if not bad or isinstance(report, ReportError):
        return report
    changes = {
        k: _SURROGATES.sub("\ufffd", str(getattr(report, k)))
        for k in ("id", "text", "title", "source", "url", "published_raw")
        if isinstance(getattr(report, k, None), str)
    }
    note = f"line {lineno}: undecodable bytes in {', '.join(bad)} replaced with U+FFFD"
    warnings = (*getattr(report, "warnings", ()), note)
    return dataclasses.replace(report, **changes, warnings=warnings)  # type: ignore[type-var]
