"""Dates told relative to other dates: "later that day", "ten days later", "May 9 last year".

The phrases are data (``mapper/data/date_links.tsv``); :func:`mapper.reports.dates.find_dates`
applies them once every date of a text is found and resolved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from mapper._casefold import Folded, lower_keeps_ascii_matches
from mapper._starts import word_after, word_before
from mapper.data import read_table

if TYPE_CHECKING:
    from mapper.reports.date_span import DateSpan

__all__ = ["back_a_year", "find_offsets", "find_periods", "follow_back"]

_ROWS = read_table("date_links.tsv")
_BACK = {phrase: int(v) for phrase, what, v in _ROWS if what == "back"}
#: the phrases that point at the date told before ("later that day"), longest first
BACK: tuple[str, ...] = tuple(sorted(_BACK, key=len, reverse=True))
_UNITS = {phrase: int(v) for phrase, what, v in _ROWS if what == "unit"}
_DIRECTIONS = {phrase: int(v) for phrase, what, v in _ROWS if what == "direction"}
_YEARS = {phrase: int(v) for phrase, what, v in _ROWS if what == "year"}
_AGO = {phrase: int(v) for phrase, what, v in _ROWS if what == "ago"}
_PERIODS = {phrase: v for phrase, what, v in _ROWS if what == "period"}
_FLIPS = [phrase for phrase, what, _ in _ROWS if what == "flip"]
# one to ninety-nine in words ("ten", "twenty-one"): counted offsets are short. "A day later"
# is left out: as often as not it follows the day a statement was made, not an event's.
_NUMBERS = {
    w: int(v)
    for w, v, cls in read_table("number_words.tsv")
    if cls in ("unit", "ten") and w not in ("another", "single")
}
_ONE = ("a", "an")


def _alternation(words: dict[str, int] | dict[str, str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len)[::-1])


_OFFSET = re.compile(
    rf"\b(?P<n>\d{{1,2}}|(?:{_alternation(_NUMBERS)})(?:-(?:{_alternation(_NUMBERS)}))?)\s+"
    rf"(?P<unit>{_alternation(_UNITS)})\s+(?:(?P<dir>{_alternation(_DIRECTIONS)})|"
    rf"(?P<ago>{_alternation(_AGO)}))\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(rf"\b(?:{_alternation(_PERIODS)})\b", re.IGNORECASE)
# scanned on lowercased ASCII text as case-sensitive patterns: 2-3x faster, same matches
_OFFSET_SCAN, _PERIOD_SCAN = Folded(_OFFSET), Folded(_PERIOD)
_FLIP_BEFORE = re.compile(rf"\b(?:{_alternation(dict.fromkeys(_FLIPS, 0))})\s+$", re.IGNORECASE)
# What every match of _OFFSET and _PERIOD holds, looked for first (in text whose lowercase
# keeps what IGNORECASE matches): a unit and a direction or "ago" after it ("days
# later"); a period's last word and the word before it ("last week"). Most texts hold none.
_UNIT_NEXT = {*_DIRECTIONS, *_AGO}
_PERIOD_ENDS = {p.split()[-1] for p in _PERIODS}
_PERIOD_BEFORE = {p.split()[-2] for p in _PERIODS}
_SINGLE_WORDS = all(" " not in w for w in (*_UNITS, *_UNIT_NEXT)) and all(
    len(p.split()) > 1 for p in _PERIODS
)
_A_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_AFTER = re.compile(rf"\s+(?P<y>{_alternation(_YEARS)})\b", re.IGNORECASE)


def find_offsets(text: str) -> list[tuple[int, int, str, int, bool]]:
    """Counted offsets in ``text`` ("ten days later", "two weeks earlier", "three days ago"):
    start, end, surface, the days after the date counted from (negative: before it), and
    whether that date is the publication's ("ago") rather than the date told before."""
    out: list[tuple[int, int, str, int, bool]] = []
    low = text.lower()
    if not any(unit in low for unit in _UNITS):  # most texts count no days: skip the scan
        return out
    if not _may_count(text, low):
        return out
    for m in _OFFSET_SCAN.finditer(text, low=low):
        n = m.group("n").lower()
        if n in _ONE and not m.group("ago"):
            continue  # "a day later", unlike "a week ago"
        count = int(n) if n.isdigit() else sum(_NUMBERS[w] for w in n.split("-"))
        days = count * _UNITS[m.group("unit").lower()]
        surface = text[m.start() : m.end()]
        if m.group("ago"):
            out.append((m.start(), m.end(), surface, -days * _AGO[m["ago"].lower()], True))
        else:
            days *= _DIRECTIONS[m.group("dir").lower()]
            if m.group("dir").lower() in ("after", "before") and _FLIP_BEFORE.search(
                text, max(0, m.start() - 30), m.start()
            ):  # "the strikes came two days after Iran fired": what follows is earlier
                days = -days
            out.append((m.start(), m.end(), surface, days, False))
    return out


def find_periods(text: str, reference: dt.date) -> list[tuple[int, int, str, dt.date, dt.date]]:
    """Spans before publication named in ``text`` ("last week", "earlier this month", "over
    the weekend"): start, end, surface, first and last day (never after ``reference``)."""
    out: list[tuple[int, int, str, dt.date, dt.date]] = []
    if not _may_name_period(text):
        return out
    for m in _PERIOD_SCAN.finditer(text):
        kind, _, back = _PERIODS[" ".join(m.group(0).lower().split())].partition(":")
        if kind == "week":
            start = reference - dt.timedelta(days=reference.weekday() + 7 * int(back))
            end = start + dt.timedelta(days=6)
        elif kind == "month":
            first = reference.replace(day=1)
            for _ in range(int(back)):
                first = (first - dt.timedelta(days=1)).replace(day=1)
            start, end = first, (first + dt.timedelta(days=32)).replace(day=1)
            end -= dt.timedelta(days=1)
        else:  # the weekend: the last Saturday up to publication, and the Sunday after it
            start = reference - dt.timedelta(days=(reference.weekday() - 5) % 7)
            end = start + dt.timedelta(days=1)
        out.append((m.start(), m.end(), text[m.start() : m.end()], start, min(end, reference)))
    return out


def _may_count(text: str, low: str) -> bool:
    """False when ``text`` (``low`` lowercased) holds no match of ``_OFFSET`` for sure."""
    if not _SINGLE_WORDS or not lower_keeps_ascii_matches(text):
        return True
    for i in _occurrences(low, _UNITS):
        j = i
        while j < len(low) and low[j].isalpha():  # the rest of the word: "days"
            j += 1
        if word_after(low, j) in _UNIT_NEXT:
            return True
    return False


def _may_name_period(text: str) -> bool:
    """False when ``text`` holds no match of ``_PERIOD`` for sure."""
    if not _SINGLE_WORDS or not lower_keeps_ascii_matches(text):
        return True
    low = text.lower()
    return any(word_before(low, i) in _PERIOD_BEFORE for i in _occurrences(low, _PERIOD_ENDS))


def _occurrences(low: str, words: Iterable[str]) -> Iterator[int]:
    """Offsets of every occurrence of ``words`` in ``low`` (inside other words too)."""
    for w in words:
        i = low.find(w)
        while i >= 0:
            yield i
            i = low.find(w, i + 1)


def follow_back(found: list[DateSpan], offsets: dict[int, int]) -> list[DateSpan]:
    """Dates that point back take the date told before them.

    Parameters
    ----------
    found
        Every date of a text, in text order.
    offsets
        The days after the date before of the counted offsets in ``found``, by their start.

    Returns
    -------
    list of DateSpan
        ``found`` with "later that day", "the next day" and counted offsets resolved; an offset
        with no date before it is left out (it says nothing alone).
    """
    out: list[DateSpan] = []
    for d in found:
        shift = offsets.get(d.start_char, _BACK.get(" ".join(d.surface.lower().split())))
        before = next((p for p in reversed(out) if p.start is not None), None)
        if shift is not None and before is not None and before.start and before.end:
            day = (before.start if shift < 0 else before.end) + dt.timedelta(days=shift)
            d = dataclasses.replace(d, start=day, end=day, problem=None)
        elif d.start_char in offsets:
            continue
        out.append(d)
    return out


def back_a_year(text: str, d: DateSpan, reference: dt.date | None) -> DateSpan:
    """``d`` moved to last year when the text says so right after it ("May 9 last year");
    the current year is ``reference``'s, else the one ``d`` was given."""
    m = _YEAR_AFTER.match(text, d.end_char)
    if m is None or d.start is None or d.end is None or _A_YEAR.search(d.surface):
        return d  # "May 9, 2020 last year" keeps its year
    year = reference.year if reference else d.start.year
    year -= _YEARS[" ".join(m["y"].lower().split())]
    shift = year - d.start.year
    try:
        start = d.start.replace(year=d.start.year + shift)
        end = d.end.replace(year=d.end.year + shift)
    except ValueError:  # 29 February
        return d
    return dataclasses.replace(d, end_char=m.end(), surface=text[d.start_char : m.end()],
                               start=start, end=end)  # fmt: skip
