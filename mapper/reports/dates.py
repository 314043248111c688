"""Dates in report text: ranges, single days, weekdays and relative words, resolved cheaply.

Regular expressions cover the forms that reports use; dateparser is only asked about
publication dates that no fast path understands, because it costs milliseconds a call.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterator

from mapper._starts import matches_at, word_before, words_back
from mapper.reports import date_links as _links
from mapper.reports.date_span import DateSpan, date_precision
from mapper.reports.relative_dates import beside_date, relative_matches, resolve_relative

__all__ = ["DateSpan", "date_precision", "find_dates", "mask_spans", "parse_date_value"]

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # Russian (genitive, as after a day number) and Azerbaijani month names
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "yanvar": 1, "fevral": 2, "mart": 3, "aprel": 4, "iyun": 6, "iyul": 7, "avqust": 8,
    "sentyabr": 9, "oktyabr": 10, "noyabr": 11, "dekabr": 12,
}  # fmt: skip

_M = r"\b(?P<{g}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_D = r"(?<!\d)(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<{g}>(?:19|20)\d\d)"
_TO = r"\s*(?:-|–|—|/|to|and|until|till|through|thru)\s*"
_END = r"(?![\w:])"


def _p(template: str) -> str:
    return template.format(
        m1=_M.format(g="m1"),
        m2=_M.format(g="m2"),
        d1=_D.format(g="d1"),
        d2=_D.format(g="d2"),
        y1=_Y.format(g="y1"),
        y2=_Y.format(g="y2"),
        to=_TO,
        end=_END,
    )


# Alternatives in order of preference: longer forms (ranges, with year) first.
_DATE = re.compile(
    "|".join(
        f"(?P<{name}>{_p(body).replace('(?P<', f'(?P<{name}_')})"
        for name, body in (
            # December 30 - January 2, 2024 / December 9-10 / Dec. 9 and 10, 2023
            ("mdr", r"{m1}\s+{d1}(?:,?\s+{y1})?{to}(?:{m2}\s+)?{d2}(?:,?\s+{y2})?{end}"),
            # 30 December - 2 January 2024 / 9-10 December 2023 / 9 to 10 December
            ("dmr", r"{d1}(?:\s+(?:of\s+)?{m1})?{to}{d2}\s+(?:of\s+)?{m2}(?:,?\s+{y2})?{end}"),
            ("iso", r"\b{y1}-(?P<n1>[01]?\d)-{d1}{end}"),
            ("dot", r"\b{d1}\.(?P<n1>[01]?\d)\.{y1}{end}"),
            ("md", r"{m1}\s+{d1}(?:,?\s+{y1})?{end}"),
            ("dm", r"{d1}\s+(?:of\s+)?{m1}(?:,?\s+{y1})?{end}"),
        )
    ),
    re.IGNORECASE,
)
# the first digit of each run of digits (a look-behind before it would cost a try at every
# character; a run is found by the fast scan for its first character)
_DIGITS = re.compile(r"\d+")
_WORD_BEFORE = re.compile(r"(\w+)\.?\s+$")
_LEAD = re.compile(
    r"(?:\b(?:on|from|since|until|till|between|by|of|during|late|early|at|around|about)\s+"
    r"(?:the\s+)?(?:(?:night|evening|morning|afternoon)\s+of\s+)?)$",
    re.IGNORECASE,
)


_PARAGRAPH = re.compile(r"\n[ \t]*\n")
# "In September", "in early April 2024", "during March": the month, not a day
_MONTH_ONLY = re.compile(
    r"(?:\b(?:[Ii]n|[Dd]uring|[Tt]hroughout|[Ss]ince|[Uu]ntil|(?:[Aa]t\s+)?the\s+(?:end|"
    r"beginning|start|middle)\s+of|(?:[Ii]n\s+)?the\s+(?:first|second|third|last|final)\s+"
    r"(?:week|half|days|ten\s+days)\s+of)\s+(?:(?:early|mid|late)[-\s]+)?|\b[Mm]id-)"
    r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|"
    r"December)(?:,?\s+(?P<y>(?:19|20)\d\d))?\b(?![ \t]*\d)"
)
# What a match of _MONTH_ONLY holds (keep in step with it): before its month, one of these
# words (hyphens and spaces passed over), and at most seven words of letters joined by spaces
# and hyphens ("in the first ten days of early April")
_MONTH_ONLY_LEADS = frozenset(
    ["in", "during", "throughout", "since", "until", "of", "early", "mid", "late"]
)
_MONTH_ONLY_WORDS = 7
_MONTH_NAMES = re.compile(
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_TIME = re.compile(
    r"(?<![\d:.])[0-2]?\d[:.][0-5]\d(?:\s*(?:-|–|to|and|until|till)\s*[0-2]?\d[:.][0-5]\d)?"
    r"(?:\s*(?:a\.m\.|p\.m\.|am|pm|AM|PM|hrs|hours|local time))?\b"
)

_CLOCK = re.compile(r"\d[:.][0-5]\d")  # where a clock time (``_TIME``) can be


def find_dates(text: str, reference: dt.date | None) -> list[DateSpan]:
    """Find dates in ``text`` and resolve them against ``reference`` (the publication date).

    A date without a year takes the year of the last date with a year in its paragraph (a
    narrative keeps its time frame: "On December 8, 2021 ... On December 9-10 ..."), else the
    year of ``reference`` (or the year before when that would put it after ``reference``), else
    the year of the report's nearest date with one. With none of these such dates and relative
    words stay unresolved (``start`` None, ``problem`` says why). Dates told relative to the
    one before ("later that day", "ten days later") and "last year" after a date are resolved
    last (mapper.reports.date_links).
    """
    found: list[DateSpan] = []
    taken: list[tuple[int, int]] = []
    matches = _date_matches(text)
    years = [(m.start(), y) for m in matches if (y := _year_of(m)) is not None]
    breaks = [b.end() for b in _PARAGRAPH.finditer(text)] if years else []
    for m in matches:
        found.append(_absolute(m, reference, _anchor(m.start(), years, breaks, reference)))
        taken.append(m.span())
    for m in _month_only_matches(text):
        if not any(a <= m.start("m") < b for a, b in taken):
            found.append(_month_only(m, reference, _anchor(m.start(), years, breaks, reference)))
            taken.append(m.span())
    found = [_links.back_a_year(text, d, reference) for d in found]  # "May 9 last year"
    linked, offsets = _counted(text, reference, taken)
    found += linked
    low = text.lower()
    relative = any(w in low for w in ("day", "night", "this ", "hours", "evening", "morning"))
    for m in relative_matches(text, low) if relative else ():
        if any(a <= m.start() < b for a, b in taken):
            continue
        if m.group("wd") and beside_date(text, m, taken):
            continue  # "on Friday, May 10": the date says which Friday
        found.append(resolve_relative(m, reference))
    found.sort(key=lambda d: d.start_char)
    return _links.follow_back(found, offsets)


def _month_only_matches(text: str) -> Iterator[re.Match[str]]:
    """``_MONTH_ONLY.finditer(text)``, tried only at the words before a month name that
    follows a word it needs (a scan of every character costs ten times more)."""
    starts: set[int] = set()
    for m in _MONTH_NAMES.finditer(text):
        if word_before(text, m.start(), "-").lower() in _MONTH_ONLY_LEADS:
            starts.update(words_back(text, m.start(), _MONTH_ONLY_WORDS, "-"))
    return matches_at(_MONTH_ONLY, text, sorted(starts))


def _counted(
    text: str, reference: dt.date | None, taken: list[tuple[int, int]]
) -> tuple[list[DateSpan], dict[int, int]]:
    """Counted offsets ("three days ago"; "ten days later", resolved last, by their days after
    the date before, keyed by start) and spans before publication ("last week") not in
    ``taken`` (which grows by them)."""
    found, offsets = [], {}
    for a, b, surface, days, ago in _links.find_offsets(text):
        if any(x <= a < y for x, y in taken) or (ago and reference is None):
            continue
        if ago and reference is not None:  # "three days ago": from the publication date
            day = reference + dt.timedelta(days=days)
            found.append(DateSpan(a, b, surface, day, day))
        else:
            found.append(DateSpan(a, b, surface, None, None))
            offsets[a] = days
        taken.append((a, b))
    low = text.lower()
    if reference is not None and ("week" in low or "month" in low):
        for a, b, surface, start, end in _links.find_periods(text, reference):
            if not any(x <= a < y for x, y in taken):
                found.append(DateSpan(a, b, surface, start, end))
                taken.append((a, b))
    return found, offsets


def _year_of(m: re.Match[str]) -> int | None:
    for name, value in m.groupdict().items():
        if value and name.endswith(("_y1", "_y2")):
            return int(value)
    return None


def _anchor(
    pos: int, years: list[tuple[int, int]], breaks: list[int], reference: dt.date | None
) -> int | None:
    """The year a year-less date at ``pos`` takes from the report's other dates, if any."""
    before = [(p, y) for p, y in years if p < pos]
    if before:
        p, y = before[-1]
        if not any(p < b <= pos for b in breaks):  # same paragraph
            return y
    if reference is not None:
        return None
    if before:
        return before[-1][1]
    after = [y for p, y in years if p > pos]
    return after[0] if after else None


def mask_spans(text: str, dates: list[DateSpan]) -> list[tuple[int, int]]:
    """Spans of ``dates`` and of clock times in ``text``, each with a leading "on", "from" ...

    The caller blanks them so that "On December 9" or "from 14:35" never act as role cues.
    """
    spans = [(d.start_char, d.end_char) for d in dates]
    spans += _times(text)
    out = []
    for start, end in spans:
        lead = _LEAD.search(text, max(0, start - 40), start)
        out.append((lead.start() if lead is not None else start, end))
    return out


def _times(text: str) -> list[tuple[int, int]]:
    """Spans of ``_TIME.finditer(text)``, tried only at a digit, or one before it, that opens
    "d:dd" or "d.dd" (``_CLOCK``): the look-behind that opens ``_TIME`` makes a scan of the
    whole text try it at every character. A "d:dd" the scan for ``_CLOCK`` steps over (inside
    one found) follows a digit, a colon or a dot, where no time starts."""
    out: list[tuple[int, int]] = []
    pos = 0
    for hint in _CLOCK.finditer(text):
        at = hint.start()
        for start in (at - 1, at):
            if start >= pos:
                m = _TIME.match(text, start)
                if m is not None:
                    out.append(m.span())
                    pos = m.end()
                    break
    return out


def _date_matches(text: str) -> list[re.Match[str]]:
    """Matches of the date pattern, tried only at digits and at a month name just before one.

    Every date form holds a digit, and a case-insensitive scan of the whole text costs ten
    times more than finding the digits.
    """
    out = []
    pos = 0
    for digit in _DIGITS.finditer(text):
        at = digit.start()
        if at < pos:
            continue
        starts = [at]
        word = _WORD_BEFORE.search(text, max(0, at - 16), at)
        if word is not None and word.group(1).lower() in _MONTHS:
            starts.insert(0, word.start(1))
        for start in starts:
            if start < pos:
                continue
            m = _DATE.match(text, start)
            if m is not None:
                out.append(m)
                pos = m.end()
                break
    return out


def _absolute(m: re.Match[str], ref: dt.date | None, anchor: int | None = None) -> DateSpan:
    kind = next(k for k in ("mdr", "dmr", "iso", "dot", "md", "dm") if m.group(k) is not None)
    g = {k[len(kind) + 1 :]: v for k, v in m.groupdict().items() if k.startswith(kind + "_")}
    surface = m.group(0)
    month1 = int(g["n1"]) if g.get("n1") else _month(g.get("m1") or g.get("m2"))
    month2 = _month(g.get("m2")) if g.get("m2") else month1
    year1 = int(g["y1"]) if g.get("y1") else None
    year2 = int(g["y2"]) if g.get("y2") else None
    day1 = int(g["d1"])
    day2 = int(g["d2"]) if g.get("d2") else day1
    if kind == "dmr" and not g.get("m1"):
        month1 = month2
    for month, day in ((month1, day1), (month2, day2)):
        try:
            dt.date(2000, month, day)  # a leap year: only impossible days fail
        except ValueError as exc:
            problem = f"cannot parse date {surface!r}: {exc}"
            return DateSpan(m.start(), m.end(), surface, None, None, problem)
    if year1 is None and year2 is not None:
        year1 = year2 if (month1, day1) <= (month2, day2) else year2 - 1
    if year1 is None and anchor is not None:
        year1 = anchor
    if year1 is None:
        if ref is None:
            return DateSpan(
                m.start(), m.end(), surface, None, None,
                f"no year in {surface!r} and no publication date to take it from",
            )  # fmt: skip
        year1 = ref.year
        try:
            if dt.date(year1, month1, day1) > ref:
                year1 -= 1
        except ValueError:
            pass
    if year2 is None:
        year2 = year1 if (month2, day2) >= (month1, day1) else year1 + 1
    try:
        start = dt.date(year1, month1, day1)
        end = dt.date(year2, month2, day2)
    except ValueError as exc:
        return DateSpan(
            m.start(), m.end(), surface, None, None, f"cannot parse date {surface!r}: {exc}"
        )
    if end < start:
        return DateSpan(
            m.start(), m.end(), surface, None, None, f"date range {surface!r} ends before it starts"
        )
    return DateSpan(m.start(), m.end(), surface, start, end)


def _month_only(m: re.Match[str], ref: dt.date | None, anchor: int | None) -> DateSpan:
    surface, month = m.group(0), _month(m.group("m"))
    year = int(m.group("y")) if m.group("y") else anchor
    if year is None and ref is not None:
        year = ref.year if month <= ref.month else ref.year - 1
    if year is None:
        problem = f"no year in {surface!r} and no publication date to take it from"
        return DateSpan(m.start(), m.end(), surface, None, None, problem)
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return DateSpan(
        m.start(), m.end(), surface, dt.date(year, month, 1), dt.date(year, month, last)
    )


def _month(name: str | None) -> int:
    return _MONTHS[(name or "").lower().rstrip(".")]


_ISO = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d?)-(\d\d?)(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?\s*$")


def parse_date_value(value: object) -> dt.date | None:
    """Parse a publication date given as a date, datetime, ISO or free-text string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    m = _ISO.match(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    spans = [d for d in find_dates(text, None) if d.surface.strip()]
    full = [d for d in spans if d.start is not None and d.start == d.end]
    if full:
        return full[0].start
    if any(d.problem and d.problem.startswith("cannot parse") for d in spans):
        return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    if not any(ch.isdigit() for ch in text):
        return (
            None  # dateparser reads "yesterday" as today's clock; a publication date needs digits
        )
    import dateparser  # slow to import and to call: only for forms no fast path knows

    parsed = dateparser.parse(
        text,
        languages=["en", "ru", "az", "hy"],
        settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed else None
