"""Reading reports: text, Markdown, HTML, JSON Lines/JSON and CSV, one file or folders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mapper._errors import ReportError


@dataclass(frozen=True, slots=True)
class Report:
    """One written report.

    ``id`` is the file stem for one-report files and the ``id`` field of a JSON Lines or CSV row.
    """

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None


def read_reports(paths: Iterable[str | Path]) -> Iterator[Report | ReportError]:
    """Yield every report found in ``paths`` (files, folders recursively, ``-`` for stdin).

    A report that cannot be read is yielded as a :class:`ReportError` naming it, so one bad
    report never stops the others.
    """
    raise NotImplementedError
