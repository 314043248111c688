"""Reading reports: text, Markdown, HTML, JSON Lines/JSON and CSV, one file or folders.

Every report that cannot be read comes out as a :class:`~mapper.errors.ReportError` naming
it (file, ``file:line`` for rows) and saying what is wrong, in the place of the report, so
callers can count and show them while the good reports go on.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import io
import itertools
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from mapper.errors import ReportError
from mapper.reports import dates as _dates
from mapper.reports import html as _html
from mapper.reports import rows as _rows
from mapper.reports.encoding import DecodeError, decode_bytes
from mapper.reports.fields import canonical_row, text_field_names
from mapper.reports.front_matter import split_front_matter
from mapper.reports.ids import unique_ids
from mapper.reports.walk import Skipped, Source, list_sources

#: largest single report (a text, Markdown or HTML file, a JSON Lines line) read, in bytes
MAX_REPORT_BYTES = 10 * 2**20
_TITLE_MAX = 200
_PUBLISHED_KEYS = ("published", "date", "published_at", "pubdate", "publication_date")


@dataclass(frozen=True, slots=True)
class Report:
    """One written report.

    ``id`` is the file stem for one-report files and the ``id`` field of a JSON Lines or CSV row.
    ``published_raw`` keeps the publication date as written; ``warnings`` say what was read
    with loss (a publication date that cannot be parsed, ...); ``encoding`` is the one detected.
    """

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None
    published_raw: str | None = None
    warnings: tuple[str, ...] = ()
    encoding: str | None = None


def read_reports(
    paths: Iterable[str | Path],
    *,
    stdin: BinaryIO | None = None,
    max_bytes: int = MAX_REPORT_BYTES,
) -> Iterator[Report | ReportError | Skipped]:
    """Yield every report found in ``paths`` (files, folders recursively, ``-`` for stdin).

    A report that cannot be read is yielded as a :class:`ReportError` naming it (and the line,
    for rows), so one bad report never stops the others; a file left out on purpose (an earlier
    run's output found in a folder) as a :class:`~mapper.reports.walk.Skipped` note. Ids are
    unique in the stream: stems shared by two files become paths, repeated row ids ``ID~2``.

    Parameters
    ----------
    paths
        Files, folders (walked recursively for the endings in :data:`SUFFIXES`, hidden
        entries skipped) or ``"-"`` for standard input.
    stdin
        Binary stream read for ``"-"`` (default ``sys.stdin.buffer``).
    max_bytes
        Largest single report; bigger ones become errors rather than filling memory.
    """
    yield from unique_ids(_read_all(list(paths), stdin, max_bytes))


def _read_all(
    paths: list[str | Path], stdin: BinaryIO | None, max_bytes: int
) -> Iterator[Report | ReportError | Skipped]:
    for entry in list_sources(paths):
        if isinstance(entry, Source) and entry.note:
            for item in _read_file(entry, max_bytes):
                if isinstance(item, Report):
                    item = dataclasses.replace(item, warnings=(*item.warnings, entry.note))
                yield item
        elif isinstance(entry, Source):
            yield from _read_file(entry, max_bytes)
        elif entry == "-":
            yield from _read_stdin(stdin, max_bytes)
        else:
            assert not isinstance(entry, str)
            yield entry


def read_text_report(
    text: str,
    id: str,
    *,
    markdown: bool = False,
    path: str | None = None,
    encoding: str | None = None,
) -> Report:
    """Build a report from plain text or Markdown with an optional front-matter block.

    The title is front matter's ``title`` or the first line; ``published``, ``source`` and
    ``url`` come from front matter. Raises :class:`ReportError` when there is no text.
    """
    meta, body, warnings = split_front_matter(text.lstrip("\ufeff"))
    if not body.strip():
        msg = "no text (empty, or only front matter)"
        raise ReportError(path or id, msg)
    title = _str(meta.get("title")) or _first_line(body, markdown)
    raw = next((meta[k] for k in _PUBLISHED_KEYS if meta.get(k) not in (None, "")), None)
    published, published_raw, warning = _published(raw)
    if warning:
        warnings.append(warning)
    return Report(
        id=id,
        text=body,
        title=title,
        published=published,
        source=_str(meta.get("source")),
        url=_str(meta.get("url") or meta.get("link")),
        path=path,
        published_raw=published_raw,
        warnings=tuple(warnings),
        encoding=encoding,
    )


def parse_published(value: object) -> dt.date | None:
    """Parse a publication date: a date, datetime, ISO string or written date; None if unreadable.

    Examples: ``"2023-12-10"``, ``"2023-12-10T09:15:00+04:00"``, ``"10 December 2023"``,
    ``"Sun, 10 Dec 2023 09:15:00 +0400"``, ``"10.12.2023"``, ``"10 декабря 2023"``.
    """
    return _dates.parse_date_value(value)


def _read_file(source: Source, max_bytes: int) -> Iterator[Report | ReportError]:
    path, name, stem = source.path, source.name, source.stem
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            with path.open("rb") as fh:
                head = fh.read(4)
                if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 lines: decode it whole
                    data = head + fh.read()
                    lines = _decode_or_error(data, name)
                    if isinstance(lines, ReportError):
                        yield lines
                        return
                    encoded = (line.encode("utf-8") for line in lines.splitlines())
                    yield from _rows.iter_jsonl(encoded, name, stem, _row_maker(name), max_bytes)
                    return
                fh.seek(0)
                yield from _rows.iter_jsonl(fh, name, stem, _row_maker(name), max_bytes)
            return
        if suffix in (".csv", ".tsv"):
            yield from _rows.iter_csv(path, name, stem, _row_maker(name), max_bytes)
            return
        size = path.stat().st_size
        if suffix == ".json":
            yield from _rows.iter_json(path.read_bytes(), name, stem, _row_maker(name))
            return
        if size > max_bytes:
            yield ReportError(
                name,
                f"file is {size / 2**20:.1f} MB, above the {max_bytes / 2**20:.0f} MB limit "
                "for one report (split it, or give it as JSON Lines rows)",
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReportError(name, f"cannot read: {exc.strerror or exc}")
        return
    yield _single(data, name, stem, html=suffix in (".html", ".htm", ".xhtml"),
                  markdown=suffix in (".md", ".markdown"))  # fmt: skip


def _single(data: bytes, name: str, id: str, *, html: bool, markdown: bool) -> Report | ReportError:
    try:
        text, encoding = decode_bytes(data, _html.declared_charset(data) if html else None)
    except DecodeError as exc:
        return ReportError(name, str(exc))
    try:
        if html:
            return _html_report(text, id, name, encoding)
        return read_text_report(text, id, markdown=markdown, path=name, encoding=encoding)
    except ReportError as exc:
        return exc


def _html_report(text: str, id: str, name: str, encoding: str) -> Report:
    page = _html.parse_html(text)
    if not page.text.strip():
        msg = "no text in the HTML page (only markup, scripts or navigation)"
        raise ReportError(name, msg)
    published, raw, warning = _published(page.published)
    notes = tuple(w for w in (page.note, warning) if w)
    return Report(
        id=id,
        text=page.text,
        title=page.title,
        published=published,
        source=page.source,
        url=page.url,
        path=name,
        published_raw=raw,
        warnings=notes,
        encoding=encoding,
    )


def _read_stdin(stream: BinaryIO | None, max_bytes: int) -> Iterator[Report | ReportError]:
    """Reports on standard input: JSON Lines streamed line by line (flat memory), a JSON
    array, or one text, Markdown or HTML report of at most ``max_bytes``."""
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)  # None when the process has no stdin
    try:
        head = stream.read(65536) if stream is not None else None
    except (OSError, ValueError) as exc:  # a closed descriptor
        yield ReportError("<stdin>", f"standard input cannot be read: {exc}")
        return
    if stream is None or head is None:
        yield ReportError("<stdin>", "standard input is closed")
        return
    assert stream is not None
    make = _row_maker("<stdin>")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # rare: decode it whole
        text = _decode_or_error(head + stream.read(), "<stdin>")
        if isinstance(text, ReportError):
            yield text
            return
        head, stream = text.encode("utf-8"), io.BytesIO()
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"{":
        lines = _stream_lines(head, stream, max_bytes)
        yield from _rows.iter_jsonl(lines, "<stdin>", "stdin", make, max_bytes)
        return
    data = head + stream.read(max_bytes + 1 - len(head)) if len(head) == 65536 else head
    if first != b"[" and len(data) > max_bytes:
        yield ReportError(
            "<stdin>", f"more than {max_bytes / 2**20:.0f} MB, the limit for one report "
            "(give many reports as JSON Lines, one per line)"
        )  # fmt: skip
        return
    if first == b"[":
        yield from _rows.iter_json(data + stream.read(), "<stdin>", "stdin", make)
    elif first == b"<":
        yield _single(data, "<stdin>", "stdin", html=True, markdown=False)
    else:
        yield _single(data, "<stdin>", "stdin", html=False, markdown=True)


def _stream_lines(
    head: bytes, stream: BinaryIO, max_bytes: int, chunk: int = 2**20
) -> Iterator[bytes | int]:
    """The lines of ``head`` and the rest of ``stream``, read a chunk at a time; a line longer
    than ``max_bytes`` comes as its length (an int), never held whole."""
    parts: list[bytes] = []  # pieces of the line being read
    size = 0
    skipped = 0  # length of an over-long line being skipped
    for block in itertools.chain([head], iter(lambda: stream.read(chunk), b"")):
        *ends, tail = block.split(b"\n")
        for end in ends:
            if skipped:
                yield skipped + len(end)
            else:
                yield b"".join([*parts, end])
            parts, size, skipped = [], 0, 0
        if skipped:
            skipped += len(tail)
        elif size + len(tail) > max_bytes:
            skipped, parts, size = size + len(tail), [], 0
        else:
            parts.append(tail)
            size += len(tail)
    if skipped:
        yield skipped
    elif size:
        yield b"".join(parts)


def _decode_or_error(data: bytes, name: str) -> str | ReportError:
    try:
        return decode_bytes(data)[0]
    except DecodeError as exc:
        return ReportError(name, str(exc))


def report_from_row(row: dict[str, Any], default_id: str, where: str) -> Report | ReportError:
    """A report from one row: ``text`` required; ``id``, ``title``, ``published``, ``source``
    and ``url`` optional. A row that cannot be a report is a :class:`ReportError` at ``where``.
    """
    made = _row_maker(None)(row, default_id, where)
    assert isinstance(made, Report | ReportError)
    return made


def _row_maker(name: str | None) -> _rows.RowMaker:
    def make(row: dict[str, Any], default_id: str, where: str) -> Report | ReportError:
        row = canonical_row(row)
        raw_id = row.get("id")
        id = str(raw_id).strip() if raw_id not in (None, "") else default_id
        label = f"{id} ({where})" if raw_id not in (None, "") else where
        text = row.get("text")
        if text is None:
            names = ", ".join(repr(n) for n in text_field_names())
            return ReportError(label, f"row has no text field (looked for {names})")
        if not isinstance(text, str):
            return ReportError(label, f"'text' is a {type(text).__name__}, not a string")
        if not text.strip():
            return ReportError(label, "'text' is empty")
        published, raw, warning = _published(row.get("published"))
        return Report(
            id=id,
            text=text,
            title=_str(row.get("title")),
            published=published,
            source=_str(row.get("source")),
            url=_str(row.get("url")),
            path=name,
            published_raw=raw,
            warnings=(warning,) if warning else (),
        )

    return make


def _published(value: object) -> tuple[dt.date | None, str | None, str | None]:
    """Return (date, raw text, warning) for a publication date field."""
    if value is None or value == "":
        return None, None, None
    raw = value.isoformat() if isinstance(value, dt.date) else str(value)
    parsed = parse_published(value)
    if parsed is None:
        return None, raw, (
            f"cannot parse publication date {raw!r}; dates without a year and relative "
            "dates in the text stay empty"
        )  # fmt: skip
    return parsed, raw, None


def _first_line(body: str, markdown: bool) -> str | None:
    for line in body.splitlines():
        line = line.strip()
        if markdown:
            line = line.lstrip("#").strip()
        if len(line) > _TITLE_MAX:  # a first paragraph, not a headline: cut at a word
            return line[:_TITLE_MAX].rsplit(" ", 1)[0] + "…"
        if line:
            return line
    return None


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
