"""The countries a report is about: named, implied by its bodies, and those of its profiles.

A report names its countries by name ("Lebanon"), through their people ("Pakistani troops"),
their bodies ("ISPR said", "the IDF struck"), a dateline's city, or the units it names ("Sumy
Oblast"). Those countries are the report's *scope*: their every place is looked for in the
text, their names' misspellings are matched, and their places are preferred where a name is
shared. The border profiles that apply to the report (``mapper.profiles.applicable``) add
their own countries and priors; with no profile the scope is what the text says, nothing more.
The countries across a land border from those (``neighbours``) are looked for too, by the own
names of their larger places and units only: a report from one side names the other side's
towns without always naming its country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache

import ahocorasick

from mapper.data import read_table
from mapper.profiles import applicable, load_profiles


@dataclass(frozen=True, slots=True)
class Scope:
    """The countries of one report (ISO alpha-2) and the prior weight of each."""

    named: frozenset[str] = frozenset()  # by name, people, bodies or dateline
    implied: frozenset[str] = frozenset()  # only by places of one country ("Sumy Oblast")
    profiled: frozenset[str] = frozenset()  # the countries of the profiles that apply
    priors: Mapping[str, float] = field(default_factory=dict)  # profile priors by country
    # the countries across a land border from those named: their larger places are looked for
    neighbours: frozenset[str] = frozenset()

    @property
    def countries(self) -> frozenset[str]:
        """Every country of the report: named, implied or of a profile that applies."""
        return self.named | self.implied | self.profiled

    @property
    def sure(self) -> frozenset[str]:
        """The countries named outright, and those of the profiles that apply."""
        return self.named | self.profiled


#: the scope of a text that names no country
EMPTY = Scope()


def report_scope(named: Iterable[str], implied: Iterable[str] = ()) -> Scope:
    """The scope of a report that names ``named`` countries and implies ``implied`` ones.

    Profiles that apply add their countries; where several apply, a country takes the
    highest prior any of them gives it.
    """
    own = frozenset(c.upper() for c in named if c)
    hinted = frozenset(c.upper() for c in implied if c) - own
    if not own and not hinted:
        return EMPTY
    profiled: set[str] = set()
    priors: dict[str, float] = {}
    for profile in applicable(own | hinted):
        profiled |= profile.countries
        for cc, weight in profile.priors.items():
            priors[cc] = max(priors.get(cc, 0.0), weight)
    sure = own | profiled
    near = frozenset(n for cc in sure for n in _neighbours().get(cc, ())) - sure - hinted
    return Scope(own, hinted, frozenset(profiled), priors, near)


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, frozenset[str]]:
    """Each country's neighbours across a land border (``mapper/data/neighbours.tsv``)."""
    out: dict[str, set[str]] = {}
    for a, b in read_table("neighbours.tsv"):
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {cc: frozenset(ns) for cc, ns in out.items()}


def institution_countries(text: str) -> set[str]:
    """Countries whose bodies, armed groups or border lines ``text`` names.

    From ``mapper/data/country_bodies.tsv`` and the institutions of every border profile.
    """
    table = _institutions()[1]
    return {cc for start, end in _found(text) for cc in table[text[start:end]]}


def institution_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names such bodies ("Rajya Sabha" is no place, nor is "Taliban")."""
    return list(_found(text))


@lru_cache(maxsize=2)  # both functions read the same report, one after the other
def _found(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _finditer(text))


def _finditer(text: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` of the bodies' pattern, tried only where a body's name starts
    (one Aho-Corasick pass): a search tries every position in turn, and only those can match."""
    rx, _table, automaton = _institutions()
    starts = sorted({end - n + 1 for end, n in automaton.iter(text)})
    pos = 0
    for start in starts:
        if start >= pos and (m := rx.match(text, start)) is not None:
            yield m
            pos = m.end()


@cache
def _institutions() -> tuple[re.Pattern[str], dict[str, frozenset[str]], ahocorasick.Automaton]:
    table: dict[str, set[str]] = {}
    for codes, listed in read_table("country_bodies.tsv"):
        ccs = {c.strip().upper() for c in codes.split(",") if c.strip()}
        for name in listed.split(","):
            if name.strip():
                table.setdefault(name.strip(), set()).update(ccs)
    for profile in load_profiles():
        for name, cc in profile.institutions.items():
            table.setdefault(name, set()).add(cc)
    names = sorted(table, key=len, reverse=True)  # the longest name wins at one place
    rx = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, len(name))
    automaton.make_automaton()
    return rx, {k: frozenset(v) for k, v in table.items()}, automaton
