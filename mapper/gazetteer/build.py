"""Assembling the gazetteer's two tiers from the readers in :mod:`mapper.gazetteer.sources`."""

from __future__ import annotations

import warnings
from collections import defaultdict
from pathlib import Path

import pyogrio
from rapidfuzz import fuzz

from mapper import settings
from mapper.errors import GazetteerError, LayerError
from mapper.gazetteer.names import fold, fold_variants
from mapper.gazetteer.sources import (
    FOCUS,
    WORLD_SCAN_POP,
    admin1_codes,
    city_names,
    city_row,
    country_rows,
    district_rows,
    in_region,
    read_alias_table,
    read_cities,
    read_geonames_dump,
    table_row,
)


class _Builder:
    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.keys: dict[str, list[int]] = defaultdict(list)
        self.by_gid: dict[tuple[int, str], int] = {}
        self.curated: dict[str, set[int]] = defaultdict(set)

    def add(self, row: tuple, keys: set[str]) -> int:
        gid, kind = row[1], row[2]
        if gid is not None and (gid, kind) in self.by_gid:
            i = self.by_gid[(gid, kind)]
        else:
            i = len(self.rows)
            self.rows.append(row)
            if gid is not None:
                self.by_gid[(gid, kind)] = i
        self.attach(i, keys)
        return i

    def attach(self, i: int, keys: set[str]) -> None:
        for k in keys:
            if k and i not in self.keys[k]:
                self.keys[k].append(i)


def _read_layers(region: str) -> tuple[object, object] | None:
    path = settings.geodata_dir / f"{region}.gpkg"
    if not path.is_file():
        return None
    try:
        return (pyogrio.read_dataframe(path, layer="districts"),
                pyogrio.read_dataframe(path, layer="countries"))  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - any GDAL failure means "no layer"
        msg = f"cannot read layers of {path}: {exc}"
        raise LayerError(msg) from exc


def build_core(
    inputs: list[Path],
) -> tuple[list[tuple], dict[str, tuple[int, ...]], dict[str, frozenset[int]]]:
    """The core tier: rows and folded keys of everything scanned for in report text."""
    b = _Builder()
    a1 = admin1_codes()
    for c in read_cities():
        cc, pop = c["countrycode"], int(c.get("population") or 0)
        regional = cc in FOCUS or in_region(c["latitude"], c["longitude"])
        if regional or pop >= WORLD_SCAN_POP:
            row = city_row(c, a1)
            keys = city_names(c)
            if cc not in FOCUS:
                keys = _close_to_main(keys, fold(row[0]))
            b.add(row, keys)
    caucasus = _read_layers("caucasus")
    world = _read_layers("world")
    if caucasus is None:
        warnings.warn("no bundled caucasus.gpkg: districts are missing from the gazetteer",
                      stacklevel=2)  # fmt: skip
    else:
        for row, keys in district_rows(caucasus[0]):
            b.add(row, keys)
    countries = world[1] if world is not None else (caucasus[1] if caucasus else None)
    for row, keys in country_rows(countries):
        b.add(row, keys)
    for path in inputs:
        if path.name.endswith(".csv") and path.is_file():
            _add_table(b, path)
        elif path.suffix == ".txt":
            for row, keys in read_geonames_dump(path):
                b.add(row, keys)
    curated = {k: frozenset(v) for k, v in b.curated.items()}
    return b.rows, {k: tuple(v) for k, v in b.keys.items()}, curated


def extend_core(
    rows: list[tuple],
    keys: dict[str, tuple[int, ...]],
    curated: dict[str, frozenset[int]],
    paths: list[Path],
) -> tuple[list[tuple], dict[str, tuple[int, ...]], dict[str, frozenset[int]]]:
    """The core tier with the user's files laid on top (the cached core is not changed)."""
    b = _Builder()
    b.rows = list(rows)
    b.keys = defaultdict(list, {k: list(v) for k, v in keys.items()})
    b.curated = defaultdict(set, {k: set(v) for k, v in curated.items()})
    for i, r in enumerate(b.rows):
        if r[1] is not None:
            b.by_gid.setdefault((r[1], r[2]), i)
    for path in paths:
        if path.suffix.lower() == ".csv":
            _add_table(b, path)
        else:
            for row, ks in read_geonames_dump(path):
                b.add(row, ks)
    return (
        b.rows,
        {k: tuple(v) for k, v in b.keys.items()},
        {k: frozenset(v) for k, v in b.curated.items()},
    )


def _close_to_main(keys: set[str], main: str) -> set[str]:
    """A far city's names that spell its main name (Moskva, Moscou), not every translation.

    GeoNames lists airport codes, nicknames and names in every language ("Mrs" for
    Marseille, "Julia" for Plovdiv): far from the region they only ever match by accident.
    """
    return {k for k in keys if k == main or (len(k) > 4 and fuzz.ratio(k, main) >= 60)}


def _add_table(b: _Builder, path: Path) -> None:
    """Alias-table or user-CSV rows: a new name for a known place, or a new place."""
    named: dict[tuple[str, str, str | None], int] = {}
    for i, row in enumerate(b.rows):
        named.setdefault((fold(row[0]), row[2], row[5]), i)
    for r in read_alias_table(path):
        kind = r.get("kind") or "settlement"
        cc = (r.get("country") or "").upper() or None
        keys = fold_variants(r["name"], azerbaijani=cc == "AZ")
        canonical = r.get("canonical") or r.get("alias_of") or ""
        gid = int(r["geonameid"]) if r.get("geonameid") else None
        target = b.by_gid.get((gid, kind)) if gid is not None else None
        if target is None and canonical:
            target = named.get((fold(canonical), kind, cc))
        if target is not None:
            b.attach(target, keys)
            for k in keys:
                b.curated[k].add(target)
            continue
        if not r.get("lat"):
            msg = f"{path}: {r['name']!r} names no known place and has no coordinates"
            raise GazetteerError(msg)
        row = table_row(r, path)
        i = b.add(row, keys | ({fold(canonical)} if canonical else set()))
        for k in keys:
            b.curated[k].add(i)
        named.setdefault((fold(row[0]), row[2], row[5]), i)


def build_full() -> tuple[dict[str, tuple[tuple, ...]], dict[str, tuple[str, ...]]]:
    """The worldwide tier: every cities500 place and every first-order unit of the world.

    Returns the folded key -> rows map and, per country, the keys worth scanning report
    text for when a report names that country (main names and their close spellings).
    """
    a1 = admin1_codes()
    out: dict[str, list[tuple]] = defaultdict(list)
    scan: dict[str, set[str]] = defaultdict(set)
    for c in read_cities():
        row = city_row(c, a1)
        keys = city_names(c)
        for k in keys:
            out[k].append(row)
        scan[row[5]] |= {k for k in _close_to_main(keys, fold(row[0])) if _world_scannable(k)}
    world = _read_layers("world")
    if world is not None:
        for row, keys in district_rows(world[0]):
            for k in keys:
                out[k].append(row)
            scan[row[5]] |= {k for k in keys if _world_scannable(k)}
    return {k: tuple(v) for k, v in out.items()}, {k: tuple(sorted(v)) for k, v in scan.items()}


def _world_scannable(key: str) -> bool:
    letters = key.replace(" ", "")
    return len(letters) >= 3 and letters.isalpha()


def scannable(key: str, rows: list[tuple], named: bool) -> bool:
    """Whether a key is worth looking for in running text.

    Keys of fewer than three letters or with digits ("28 May", a suburb of Baku) are
    left to explicit look-ups; so are short alternate names (``named``: the key is some
    place's main name or comes from the alias table) and small places far from the region.
    """
    letters = key.replace(" ", "")
    if len(letters) < 3 or not letters.isalpha():
        return False
    if len(letters) <= 4 and not named:
        return False  # "Tex" for Tegh, "Bash" for Saralanj: noise from GeoNames
    return any(
        r[2] != "settlement"
        or r[10] != "geonames"
        or r[5] in FOCUS
        or r[7] >= WORLD_SCAN_POP
        or in_region(r[3], r[4])
        for r in rows
    )
