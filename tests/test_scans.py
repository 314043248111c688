"""The fast scans give exactly the matches of the patterns they stand in for."""

from __future__ import annotations

import random
import re

from mapper._casefold import Folded
from mapper.incidents.role_patterns import _LATER
from mapper.reports import date_links, dates

TEXTS = [
    "Ten days later, TWO WEEKS EARLIER and three Days Ago the units Fired at Sotk.",
    "Last week and earlier this month, over the Weekend, positions Came Under fire.",
    "İki gün önce: the post was SHELLED; a day later it was hit again (Kelvin K, ſ).",
    "Azerbaijan said the village had not been attacked; Armenia claimed it WAS struck.",
    "",
]


def test_folded_scans_match_the_case_insensitive_patterns() -> None:
    for rx in (date_links._OFFSET, date_links._PERIOD, _LATER):
        folded = Folded(rx)
        assert folded.low is not None  # these are the patterns it speeds up
        for text in TEXTS:
            got = [(m.span(), m.lastgroup) for m in folded.finditer(text)]
            assert got == [(m.span(), m.lastgroup) for m in rx.finditer(text)], (rx, text)
            got = [m.span() for m in folded.finditer(text, 5, 40)]
            assert got == [m.span() for m in rx.finditer(text, 5, 40)]


def test_patterns_with_capitals_are_scanned_as_written() -> None:
    rx = re.compile(r"\b[A-Z]\w+ said\b", re.IGNORECASE)
    assert Folded(rx).low is None
    text = "baku said and Yerevan SAID"
    assert [m.span() for m in Folded(rx).finditer(text)] == [m.span() for m in rx.finditer(text)]


def test_clock_times_and_digit_runs_as_a_scan_of_the_whole_text() -> None:
    rng = random.Random(3)
    alphabet = [*"0123456789:.. -–\n", "to ", "am", " hrs", "x", "٣"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(20000)]
    texts += ["At 14:35-15:10 local time, 1:23:45, 09.30am and 2024.05.06 at 7.45 hrs"]
    first_digits = re.compile(r"(?<!\d)\d")
    for text in texts:
        assert dates._times(text) == [m.span() for m in dates._TIME.finditer(text)], text
        got = [m.start() for m in dates._DIGITS.finditer(text)]
        assert got == [m.start() for m in first_digits.finditer(text)], text
