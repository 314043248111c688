"""Dates told relative to the publication: "yesterday", "on Friday", "overnight into Friday",
"last night", "in the past 24 hours"; used by :func:`mapper.reports.dates.find_dates`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import ahocorasick

from mapper._starts import matches_at
from mapper.reports import date_links as _links
from mapper.reports.date_span import DateSpan

__all__ = ["beside_date", "relative_matches", "resolve_relative"]

_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip


def _first_words(phrases: list[str]) -> ahocorasick.Automaton:
    """An automaton of the first words of ``phrases``, each word's value its length."""
    auto = ahocorasick.Automaton()
    for phrase in phrases:
        word = phrase.split()[0].lower()
        auto.add_word(word, len(word))
    auto.make_automaton()
    return auto


def _cased(words: str) -> str:
    """``"last night|today"`` -> ``"[Ll]ast\\s+night|[Tt]oday"``: both cases of the first
    letter only, so the scan stays case-sensitive (several times faster than IGNORECASE)."""
    out = []
    for word in words.split("|"):
        out.append(f"[{word[0].upper()}{word[0]}]" + word[1:].replace(" ", r"\s+"))
    return "|".join(out)


_WEEKDAY_NAMES = _cased("monday|tuesday|wednesday|thursday|friday|saturday|sunday")
_RELATIVE_WORDS = ("the day before yesterday|" + "|".join(_links.BACK) + "|"
                   "last night|yesterday|overnight|tonight|earlier today|today|"
                   "this morning|this afternoon|this evening|"
                   "in recent hours|in the last 24 hours|in the past 24 hours|"
                   "over the past 24 hours|over the last 24 hours|over the past day|"
                   "over the last day|in the past day|during the past day|during the day|"
                   "since early morning|since the morning")  # fmt: skip
_RELATIVE = re.compile(
    # "overnight into Friday", "the night to Sunday": the night that ends on that day
    r"\b(?:(?:[Oo]vernight|(?:[Tt]he\s+|[Oo]n\s+the\s+)?[Nn]ight)\s+(?:into|to)\s+"
    r"(?P<into>" + _WEEKDAY_NAMES + r")\b)|"
    r"\b(?P<rel>"
    + _cased(_RELATIVE_WORDS)
    + r")\b|\b(?:(?P<last>"
    + _cased("last|past")
    + r")\s+|[Oo]n\s+)?(?P<wd>"
    + _WEEKDAY_NAMES
    + r")(?:'s)?\b(?:\s*(?:-|–|and|to|into|through)\s*(?P<wd2>"
    + _WEEKDAY_NAMES
    + r")\b)?(?P<night>\s+(?:night|evening\s+and\s+night))?"
)  # fmt: skip
#: the words a match of ``_RELATIVE`` begins with (lowercased), found in one pass
_RELATIVE_FIRST = _first_words(
    ["overnight", "the", "on", "night", *_RELATIVE_WORDS.split("|"), "last", "past", *_WEEKDAYS]
)


_DATE_GAP = re.compile(r"[\s,]{0,3}")


def beside_date(text: str, m: re.Match[str], taken: list[tuple[int, int]]) -> bool:
    """Whether a weekday is written right before or after a date ("Friday, May 10")."""
    for a, b in taken:
        if a >= m.end() and _DATE_GAP.fullmatch(text, m.end(), a):
            return True
        if b <= m.start() and _DATE_GAP.fullmatch(text, b, m.start()):
            return True
    return False


def relative_matches(text: str, low: str) -> Iterator[re.Match[str]]:
    """``_RELATIVE.finditer(text)``, tried only where a word opens one of its matches (a scan
    of every character costs several times more); ``low`` is ``text.lower()``."""
    if len(low) != len(text):  # "İ" lowercases to two characters: no offsets to share
        return _RELATIVE.finditer(text)
    starts = sorted({
        start
        for end, n in _RELATIVE_FIRST.iter(low)
        if not ((start := end - n + 1) and (text[start - 1].isalnum() or text[start - 1] == "_"))
    })  # fmt: skip
    return matches_at(_RELATIVE, text, starts)


def resolve_relative(m: re.Match[str], ref: dt.date | None) -> DateSpan:
    surface = m.group(0)
    if ref is None:
        return DateSpan(
            m.start(), m.end(), surface, None, None,
            f"relative date {surface!r} with no publication date to resolve it",
        )  # fmt: skip
    one = dt.timedelta(days=1)
    if m.group("into"):  # the night before that day, into it
        day = ref - dt.timedelta(days=(ref.weekday() - _WEEKDAYS[m.group("into").lower()]) % 7)
        return DateSpan(m.start(), m.end(), surface, day - one, day)
    if m.group("wd"):
        back = (ref.weekday() - _WEEKDAYS[m.group("wd").lower()]) % 7
        if back == 0 and m.group("last"):
            back = 7
        day = ref - dt.timedelta(days=back)
        end = day
        if m.group("wd2"):  # "on Friday and Saturday"
            end = day + dt.timedelta(days=(_WEEKDAYS[m.group("wd2").lower()] - day.weekday()) % 7)
        elif m.group("night") and day < ref:  # "Friday night" runs into Saturday
            end = day + one
        return DateSpan(m.start(), m.end(), surface, day, min(max(end, day), ref))
    rel = " ".join(m.group("rel").lower().split())
    if rel in ("last night", "overnight", "the previous night", "the night before") or any(
        w in rel for w in ("24 hours", "past day", "last day")
    ):
        start, end = ref - one, ref
    elif rel == "the day before yesterday":
        start, end = ref - 2 * one, ref - 2 * one
    elif rel == "yesterday":
        start, end = ref - one, ref - one
    else:
        start, end = ref, ref
    return DateSpan(m.start(), m.end(), surface, start, end)
