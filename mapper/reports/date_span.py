"""A date or range found in report text, and how precise a range is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["DateSpan", "date_precision"]


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date or range found in text; ``start``/``end`` are None when it cannot be resolved."""

    start_char: int
    end_char: int
    surface: str
    start: dt.date | None
    end: dt.date | None
    problem: str | None = None


def date_precision(start: dt.date | None, end: dt.date | None) -> int | None:
    """UCDP GED's ``date_prec`` of a date range: 1 the day, 2 a few days, 3 the week, 4 the
    month, 5 the year (or longer); None without a date."""
    if start is None:
        return None
    days = ((end or start) - start).days
    return 1 if days == 0 else 2 if days <= 6 else 3 if days <= 13 else 4 if days <= 62 else 5
