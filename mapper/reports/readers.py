"""Reading reports: text, Markdown, HTML, JSON Lines/JSON and CSV, one file or folders.

Every report that cannot be read comes out as a :class:`~mapper.errors.ReportError` naming
it (file, ``file:line`` for rows) and saying what is wrong, in the place of the report, so
callers can count and show them while the good reports go on.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import frontmatter

from mapper.errors import ReportError
from mapper.reports import dates as _dates
from mapper.reports import html as _html
from mapper.reports import rows as _rows
from mapper.reports.encoding import DecodeError, decode_bytes

#: largest single report (a text, Markdown or HTML file, a JSON Lines line) read, in bytes
MAX_REPORT_BYTES = 10 * 2**20
#: file endings read when walking folders; a file named explicitly is read whatever its ending
SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson"}
    | {".json", ".csv", ".tsv"}
)
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
) -> Iterator[Report | ReportError]:
    """Yield every report found in ``paths`` (files, folders recursively, ``-`` for stdin).

    A report that cannot be read is yielded as a :class:`ReportError` naming it, so one bad
    report never stops the others.

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
    for item in paths:
        if str(item) == "-":
            yield from _read_stdin(stdin or sys.stdin.buffer, max_bytes)
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.suffix.lower() in SUFFIXES and not hidden and child.is_file():
                    yield from _read_file(child, max_bytes)
        elif path.exists():
            yield from _read_file(path, max_bytes)
        else:
            yield ReportError(str(path), "no such file or folder")


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
    meta: dict[str, Any] = {}
    warnings: list[str] = []
    body = text.lstrip("\ufeff")
    if body.startswith(("---", "+++")):
        try:
            post = frontmatter.loads(body)
            meta, body = dict(post.metadata), post.content
        except Exception as exc:  # YAML/TOML errors have no common base class
            warnings.append(f"front matter cannot be read ({type(exc).__name__}); kept as text")
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


def _read_file(path: Path, max_bytes: int) -> Iterator[Report | ReportError]:
    name = str(path)
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
                    yield from _rows.iter_jsonl(
                        encoded, name, path.stem, _row_maker(name), max_bytes
                    )
                    return
                fh.seek(0)
                yield from _rows.iter_jsonl(fh, name, path.stem, _row_maker(name), max_bytes)
            return
        if suffix in (".csv", ".tsv"):
            yield from _rows.iter_csv(path, name, path.stem, _row_maker(name), max_bytes)
            return
        size = path.stat().st_size
        if suffix == ".json":
            yield from _rows.iter_json(path.read_bytes(), name, path.stem, _row_maker(name))
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
    yield _single(data, name, path.stem, html=suffix in (".html", ".htm", ".xhtml"),
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
    return Report(
        id=id,
        text=page.text,
        title=page.title,
        published=published,
        source=page.source,
        url=page.url,
        path=name,
        published_raw=raw,
        warnings=(warning,) if warning else (),
        encoding=encoding,
    )


def _read_stdin(stream: BinaryIO, max_bytes: int) -> Iterator[Report | ReportError]:
    data = stream.read()
    text = _decode_or_error(data, "<stdin>")
    if isinstance(text, ReportError):
        yield text
        return
    first = text.lstrip()[:1]
    make = _row_maker("<stdin>")
    if first == "{":
        lines = (line.encode("utf-8") for line in text.splitlines())
        yield from _rows.iter_jsonl(lines, "<stdin>", "stdin", make, max_bytes)
    elif first == "[":
        yield from _rows.iter_json(text.encode("utf-8"), "<stdin>", "stdin", make)
    elif len(data) > max_bytes:
        yield ReportError(
            "<stdin>", f"{len(data) / 2**20:.1f} MB is above the limit for one report"
        )
    elif first == "<":
        yield _single(data, "<stdin>", "stdin", html=True, markdown=False)
    else:
        yield _single(data, "<stdin>", "stdin", html=False, markdown=True)


def _decode_or_error(data: bytes, name: str) -> str | ReportError:
    try:
        return decode_bytes(data)[0]
    except DecodeError as exc:
        return ReportError(name, str(exc))


def _row_maker(name: str) -> _rows.RowMaker:
    def make(row: dict[str, Any], default_id: str, where: str) -> Report | ReportError:
        raw_id = row.get("id")
        id = str(raw_id).strip() if raw_id not in (None, "") else default_id
        label = f"{id} ({where})" if raw_id not in (None, "") else where
        text = row.get("text")
        if text is None:
            return ReportError(label, "row has no 'text' field")
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
