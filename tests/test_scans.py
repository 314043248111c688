"""The fast scans give exactly the matches of the patterns they stand in for."""

from __future__ import annotations

import random
import re

from mapper._casefold import Folded
from mapper.incidents.role_patterns import _LATER
from mapper.reports import date_links, dates, relative_dates
from mapper.toponyms import cued

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


def test_cued_patterns_tried_at_their_starts_give_every_match() -> None:
    rng = random.Random(5)
    words = ["Tovuz", "Aita", "al-Shaab", "al", "Rub", "and", "or", "the", "of", "village",
             "villages", "Region", "region", "district", "border post", "sub-district", "Mt.",
             "Mount", "Lake", "Kibbutz", "town", "Kfar", "el‑Zor", "Seredyna-buda",
             "fired", "near", "outskirts", "İzmir", "Şuşa", "ĀZ", "BAKU", "QUETTA", "Dec 11",
             "12"]  # fmt: skip
    seps = [" ", " ", " ", ", ", " - ", "-", ".\n", ": ", " — ", "\n", "'s ", " (", ") "]
    texts = [
        "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(0, 25)))
        for _ in range(3000)
    ]
    texts += [
        "the villages of Kfar Kila, Aita al-Shaab and Rub al Thalathin; Tovuz and Gazakh regions",
        "fired at Beit el Din, Rub al Thalathin or Kfar van Dam - villages; Deir ez-Zor region",
        "QUETTA, Dec 11: near Mt. Tovuz, Kibbutz Yiftah and Lake Sevan, in Kalbajar district",
    ]
    for text in texts:
        folded = text.lower()
        low = folded if len(folded) == len(text) else None
        for rx in (cued._DATELINE_RX, cued._AFTER_RX, cued._BEFORE_RX, cued._PREFIX_RX):
            got = [(m.span(), m.groupdict()) for m in cued._matches(rx, text, low)]
            assert got == [(m.span(), m.groupdict()) for m in rx.finditer(text)], (rx, text)


def test_date_scans_tried_where_they_can_match_give_every_match() -> None:
    rng = random.Random(11)
    words = ["in", "In", "the", "first", "ten", "days", "of", "early", "mid", "Mid", "late",
             "at", "end", "during", "since", "until", "throughout", "March", "May", "Mayor",
             "last", "past", "this", "week", "weekend", "month", "earlier", "later", "ago",
             "two", "a", "3", "day", "Day", "on", "On", "Monday", "Friday's", "night",
             "today", "Today", "yesterday", "over", "hours", "24", "the day before", "ſ",
             "ı", "İ", "Kelvin\u212a", "laſt", "afterwards", "dayſ", "tonight", "into", "to",
             "Night", "Overnight", "came", "after"]  # fmt: skip
    seps = [" ", " ", " ", "  ", "-", " - ", ", ", ". ", "\n", "\n\n", "’", "(", "_"]
    texts = [
        "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(0, 30)))
        for _ in range(5000)
    ]
    texts += [
        "In the first ten days of early-April, in   mid-May and during late March; Mid-June",
        "Two weeks later, three days ago, ten days afterwards; last week, earlier this month, "
        "over the weekend and the past week; on Monday night, last Friday's and Tuesday-Thursday",
    ]
    for text in texts:
        got = [m.span() for m in dates._month_only_matches(text)]
        assert got == [m.span() for m in dates._MONTH_ONLY.finditer(text)], text
        got = [(m.span(), m.lastgroup) for m in relative_dates.relative_matches(text, text.lower())]
        assert got == [(m.span(), m.lastgroup) for m in relative_dates._RELATIVE.finditer(text)], (
            text
        )
        if any(date_links._OFFSET.finditer(text)):
            assert date_links._may_count(text, text.lower()), text
        if any(date_links._PERIOD.finditer(text)):
            assert date_links._may_name_period(text), text
    # the pre-checks do skip texts: a test of them is no test of a scan that always runs
    assert not date_links._may_count("recent weeks, days of talks", "recent weeks, days of talks")
    assert not date_links._may_name_period("in recent weeks, next month")


def _merged(parts):  # the plain index the variant lookup stands in for
    index: dict[str, list[str]] = {}
    for part in parts:
        for sk, names in part.names.items():
            index.setdefault(sk, []).extend(names)
    return index


def _typo(word: str, rng: random.Random) -> str:  # a letter changed, dropped or added
    i, c = rng.randrange(1, len(word)), rng.choice("aeiklnorstuv")
    return rng.choice(
        [word[:i] + c + word[i + 1 :], word[:i] + word[i + 1 :], word[:i] + c + word[i:]]
    )


#: sets of countries whose names overlap (a skeleton in two or three of them)
_SETS = [("BY", "RU", "UA"), ("IL", "LB", "PS", "SY"), ("AM", "AZ", "GE"), ("AF", "IR", "PK"),
         ("CN", "IN", "NP"), ("KG", "TJ", "UZ"), ("KH", "TH")]  # fmt: skip


def test_variant_lookup_reads_the_countries_indexes_as_one_merged_index() -> None:
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from mapper.gazetteer.loading import load_gazetteer
    from mapper.toponyms.variants import _country_index, _names_of, _nearest, _typos

    gaz = load_gazetteer()
    rng = random.Random(16)
    shared = truncated = typed = 0
    for countries in _SETS:
        for own in (True, False):
            parts = [_country_index(gaz, cc, own=own) for cc in countries]
            merged = _merged(parts)
            order = list(merged)
            shared += len(order) < sum(len(p.names) for p in parts)
            queries = rng.sample(order, 15) + [_typo(sk, rng) for sk in rng.sample(order, 25)]
            for sk in queries + ["sumi", "kfrkila", "alma", "novo"]:
                assert _names_of(parts, sk) == merged.get(sk, []), (countries, sk)
                for edits in (1, 2):
                    want = process.extract(sk, order, scorer=Levenshtein.distance,
                                           score_cutoff=edits, limit=10)  # fmt: skip
                    assert _nearest(parts, sk, edits) == [(c, d) for c, d, _ in want], (
                        countries, own, sk, edits)  # fmt: skip
                    truncated += len(want) == 10
                    typos = [(c, d) for c, d, _ in want if c[0] == sk[0]]
                    assert _typos(parts, sk, edits) == typos, (countries, own, sk, edits)
                    typed += bool(typos)
    # names in more than one country, ties cut at 10, typos of the first letter's
    assert shared >= 10 and truncated >= 20 and typed >= 100


def test_the_variant_indexes_kept_are_bounded(monkeypatch) -> None:
    from mapper.gazetteer.loading import load_gazetteer
    from mapper.toponyms import variants

    gaz = load_gazetteer()
    monkeypatch.setattr(variants, "_PER_COUNTRY", type(variants._PER_COUNTRY)())
    monkeypatch.setattr(variants, "_MAX_NAMES", 30_000)
    for cc in ("RU", "UA", "BY", "KZ", "AM", "AZ", "GE", "IN"):
        variants._country_index(gaz, cc, own=False)
        assert sum(len(p.names) for p in variants._PER_COUNTRY.values()) <= 30_000
    assert "IN" in {cc for _, cc, _ in variants._PER_COUNTRY}
    assert variants.variant_candidates(gaz, "Sudja", ["RU", "UA"], cue="settlement")


def test_skeletons_of_many_names_at_once_are_each_names_skeleton() -> None:
    from mapper.gazetteer.loading import load_gazetteer
    from mapper.toponyms.variants import _skeletons, skeleton

    rng = random.Random(16)
    parts = ["al ", "El-", "ash ", " and ", " va ", "kafr", "Kfar", "dzh", "zh", "kh", "sch", "oo",
             "iy", "yy", "ll", "q", "ck", "w", "h", "H", "ou", "a", "b", " ", "\n", "Ə", "’", "-",
             "i ", "y", "et", "und "]  # fmt: skip
    names = ["".join(rng.choices(parts, k=rng.randrange(0, 9))) for _ in range(3000)]
    assert _skeletons(names) == [skeleton(n) for n in names]
    assert _skeletons([]) == [] and _skeletons([""]) == [""] and _skeletons(["a\nb"]) == ["ab"]
    gaz = load_gazetteer()
    for cc in ("AZ", "IL", "LB", "UA"):
        names = gaz.country_keys(cc)
        assert _skeletons(names) == [skeleton(n) for n in names]
