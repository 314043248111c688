"""Reports in parts that can be read apart, in any process: the unit of work on Dask.

A part is a run of whole files, or a byte range of one JSON Lines or CSV file that holds whole
rows. Planning reads a big file once, a block at a time (never whole), to find row boundaries
and the line number each part starts at, so the parts of a file give exactly the reports, ids
and ``file:line`` names of reading it whole, and their counts give a progress bar its total.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import numpy as np

from mapper.errors import ReportError
from mapper.reports import rows as _rows
from mapper.reports.ids import unique_ids
from mapper.reports.readers import MAX_REPORT_BYTES, Report, _read_file, _row_maker, read_reports
from mapper.reports.walk import Skipped, Source, list_sources

Entry = Source | ReportError | Skipped

#: bytes of input per part: a few thousand reports, a few seconds of work
PART_BYTES = 4 * 2**20
#: smallest part chosen by :func:`part_size`: below this, a part's overhead shows
MIN_PART_BYTES = 64 * 2**10
#: most files in a part of one-report files
PART_FILES = 500
_BLOCK = 2**22
_SPLIT = frozenset({".jsonl", ".ndjson", ".csv", ".tsv"})
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16/32: newline bytes are not b"\n" alone


@dataclass(frozen=True, slots=True)
class Part:
    """Reports read together: whole ``files`` (in order, with the errors and skips of the
    walk in place), or bytes ``start:end`` of ``source`` starting at line ``first_line``, or
    ``reports`` already read (standard input).

    ``count`` is how many reports it holds (blank rows aside), or None when only reading
    tells (a JSON array).
    """

    files: tuple[Entry, ...] = ()
    source: Source | None = None
    start: int = 0
    end: int = 0
    first_line: int = 1
    reports: tuple[Report | ReportError | Skipped, ...] = ()
    count: int | None = 0

    @property
    def label(self) -> str:
        """What a failure of the whole part is reported under."""
        if self.source is not None:
            return f"{self.source.name}:{self.first_line} (bytes {self.start}-{self.end})"
        if self.files:
            first = self.files[0]
            name = first.name if isinstance(first, Source | Skipped) else first.report
            more = f" and {len(self.files) - 1} more files" if len(self.files) > 1 else ""
            return f"{name}{more}"
        return "<stdin>"


def plan_parts(
    paths: Iterable[str | Path],
    *,
    part_bytes: int = PART_BYTES,
    stdin_batch: int = 1000,
) -> Iterator[Part]:
    """Yield the parts of ``paths`` lazily, in the order :func:`read_reports` reads them.

    JSON Lines and CSV files bigger than ``part_bytes`` are cut into byte ranges of about
    that size; smaller files are grouped. Standard input (``-``) is read here, in batches.
    Ids repeated within a part are renamed as :func:`read_reports` renames them.
    """
    group: list[Entry] = []
    size = 0
    count: int | None = 0
    for entry in list_sources(list(paths)):
        if entry == "-":
            yield from _flush(group, count)
            group, size, count = [], 0, 0
            stream = read_reports(["-"])
            while batch := tuple(islice(stream, stdin_batch)):
                yield Part(reports=batch, count=len(batch))
            continue
        assert not isinstance(entry, str)
        length, splittable = _size(entry.path) if isinstance(entry, Source) else (0, False)
        if splittable and length > part_bytes:
            assert isinstance(entry, Source)
            yield from _flush(group, count)
            group, size, count = [], 0, 0
            yield from _ranges(entry, part_bytes)
            continue
        if group and (size + length > part_bytes or len(group) >= PART_FILES):
            yield from _flush(group, count)
            group, size, count = [], 0, 0
        group.append(entry)
        size += length
        counted = _count_whole(entry.path) if isinstance(entry, Source) else 1
        count = None if count is None or counted is None else count + counted
    yield from _flush(group, count)


def part_size(paths: Iterable[str | Path], slots: int) -> int:
    """A part size for ``paths`` on ``slots`` workers: about eight parts per worker (for an
    even load and a progress bar that moves), between 64 KiB and :data:`PART_BYTES`."""
    total = 0
    for entry in list_sources(list(paths)):
        if isinstance(entry, Source):
            try:
                total += entry.path.stat().st_size
            except OSError:
                continue
    return max(MIN_PART_BYTES, min(PART_BYTES, total // max(1, 8 * slots)))


def read_part(
    part: Part, *, max_bytes: int = MAX_REPORT_BYTES
) -> Iterator[Report | ReportError | Skipped]:
    """The reports of one part, as :func:`read_reports` gives them."""
    yield from unique_ids(_read(part, max_bytes))


def count_reports(paths: Iterable[str | Path]) -> int | None:
    """How many reports ``paths`` hold, read cheaply (newlines counted, nothing parsed);
    None when it cannot be known without reading them (standard input, JSON arrays)."""
    total = 0
    for entry in list_sources(list(paths)):
        if entry == "-":
            return None
        n = _count_whole(entry.path) if isinstance(entry, Source) else 1
        if n is None:
            return None
        total += n
    return total


def _read(part: Part, max_bytes: int) -> Iterator[Report | ReportError | Skipped]:
    if part.reports:
        yield from part.reports
    elif part.source is not None:
        src, span = part.source, (part.start, part.end, part.first_line)
        make = _row_maker(src.name)
        yield from _rows.iter_part(src.path, src.name, src.stem, make, max_bytes, span)
    else:
        for entry in part.files:
            yield from _read_file(entry, max_bytes) if isinstance(entry, Source) else (entry,)


def _flush(group: list[Entry], count: int | None) -> Iterator[Part]:
    if group:
        yield Part(files=tuple(group), count=count)


def _size(p: Path) -> tuple[int, bool]:
    """The file's size, and whether it can be cut into byte ranges."""
    try:
        size = p.stat().st_size
        if p.suffix.lower() not in _SPLIT:
            return size, False
        with p.open("rb") as fh:
            head = fh.read(65536)
    except OSError:
        return 0, False  # read whole, where the error is reported with its name
    if head.startswith(_WIDE_BOMS):
        return size, False
    if p.suffix.lower() in (".csv", ".tsv"):
        first = head.split(b"\n", 1)[0].lower()
        encoding = _rows.csv_encoding(p, str(p))
        if b"text" not in first or not isinstance(encoding, str) or "16" in encoding:
            return size, False  # one error for the whole file, as a whole read gives
    return size, True


def _count_whole(path: Path) -> int | None:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return None
    if suffix not in _SPLIT:
        return 1
    try:
        return sum(n for *_, n in _scan(path, 2**62))
    except OSError:
        return 1


def _ranges(source: Source, part_bytes: int) -> Iterator[Part]:
    for start, end, first_line, n in _scan(source.path, part_bytes):
        yield Part(source=source, start=start, end=end, first_line=first_line, count=n)


def _scan(path: Path, part_bytes: int) -> Iterator[tuple[int, int, int, int]]:
    """Cut a JSON Lines or CSV file at row ends about every ``part_bytes``.

    Yields ``(start, end, first_line, rows)``. A CSV row ends at a newline outside quotes
    (an even count of ``"`` before it); the header is left out of the first range. A row of
    two bytes or less is blank (the readers skip it) and is not counted.
    """
    is_csv = path.suffix.lower() in (".csv", ".tsv")
    with path.open("rb") as fh:
        offset = len(fh.readline()) if is_csv else 0
        fh.seek(offset)
        line = 2 if is_csv else 1  # number of the line the block starts in
        start, start_line, rows, quotes, prev_end = offset, line, 0, 0, offset - 1
        while block := fh.read(_BLOCK):
            arr = np.frombuffer(block, dtype=np.uint8)
            newlines = np.flatnonzero(arr == 10)
            ends = newlines
            if is_csv:
                inside = np.cumsum(arr == 34, dtype=np.int64)
                ends = newlines[((inside[newlines] + quotes) & 1) == 0]
                quotes = (quotes + int(inside[-1])) & 1
            ends = ends.astype(np.int64) + offset
            counted = np.cumsum(np.diff(ends, prepend=prev_end) > 2)
            lines_before = np.searchsorted(newlines + offset, ends)
            done = 0
            target = start + part_bytes
            while len(ends) and (k := int(np.searchsorted(ends, target - 1))) < len(ends):
                end = int(ends[k]) + 1
                yield start, end, start_line, rows + int(counted[k]) - done
                start, start_line, rows = end, line + int(lines_before[k]) + 1, 0
                done, target = int(counted[k]), end + part_bytes
            if len(ends):
                rows += int(counted[-1]) - done
                prev_end = int(ends[-1])
            line += len(newlines)
            offset += len(block)
        if offset > start:
            yield start, offset, start_line, rows + int(offset - prev_end - 1 > 1)
