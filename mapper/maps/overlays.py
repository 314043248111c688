"""The map's shapes as plain JSON for the page: basemap, districts, border lines, near-border zone.

The page draws and restyles them itself (see ``static/shapes.js``): district shading and the
highlighted border sections follow the filters, so the page needs, for every incident place,
the district it counts in and the stretches of border line within ``near_km`` of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from mapper.contract import ROLES
from mapper.maps.view import geojson
from mapper.spatial.join import locate

#: YlGnBu-like greens: apart from every marker colour, so counts stay a quiet background
DISTRICT_COLORS = ("#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c")
BORDER_NEAR = "#b2182b"
BORDER_OTHER = "#3a3a3a"
ZONE_COLOR = "#6a51a3"
_LADDER = (1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)
_FIRED = (ROLES.index("target"), ROLES.index("origin"))
_KM_PER_DEG = 111.32
# places closer than a hundredth of near_km share their stretches of border (0.7 % off at most)
_GROUP_SHARE = 0.01


def fired_rows(data: dict[str, Any]) -> np.ndarray:
    """Rows that count in shading and border highlights: targets and origins, not whole countries.

    Datelines, capitals standing for governments and other mere mentions are ``location`` and
    say nothing of where fire landed or came from.
    """
    roles = np.asarray(data["r"], dtype=np.int64)
    prec = np.asarray(data["p"], dtype=np.int64)
    return np.isin(roles, _FIRED) & (prec <= 5)


def count_bins(max_count: int) -> list[tuple[int, int]]:
    """At most six classes (lo, hi) covering 1..max_count, with edges on a 1-2-5 ladder."""
    if max_count <= 0:
        return []
    edges = [e for e in _LADDER if e <= max_count]
    n = len(DISTRICT_COLORS)
    if len(edges) > n:
        edges = [edges[round(k * (len(edges) - 1) / (n - 1))] for k in range(n)]
    his = [e - 1 for e in edges[1:]] + [max_count]
    return list(zip(edges, his, strict=True))


@dataclass(slots=True)
class DistrictShapes:
    """Districts for the page, the district (feature index) of every row, and the classes."""

    features: dict[str, Any]
    row_district: list[int]
    counts: list[int]  # incidents per district, every filter off
    bins: list[tuple[int, int, str]]  # lo, hi, colour


def district_shapes(districts: gpd.GeoDataFrame, data: dict[str, Any]) -> DistrictShapes:
    """Districts with their names and codes; each row's district by code, name, else location."""
    gdf = districts.reset_index(drop=True)
    strings = data["s"]
    n = len(data["lat"])
    row = np.full(n, -1, dtype=np.int64)
    if len(gdf):
        codes = {str(c): k for k, c in enumerate(gdf.get("iso_3166_2", [])) if isinstance(c, str)}
        names = {str(c): k for k, c in enumerate(gdf.get("name", [])) if isinstance(c, str)}
        code_col, name_col = data.get("dc", [-1] * n), data["di"]
        for i in range(n):
            code = strings[code_col[i]] if code_col[i] >= 0 else None
            name = strings[name_col[i]] if name_col[i] >= 0 else None
            if name is None and code is None:
                continue  # a country or a province: the pipeline gives it no district
            found = codes.get(code) if code else None
            if found is None and name:
                found = names.get(name)
            row[i] = -2 if found is None else found  # -2: found by location below
        lost = np.flatnonzero(row == -2)
        if len(lost):
            lon, lat = np.asarray(data["lon"])[lost], np.asarray(data["lat"])[lost]
            row[lost] = locate(lon, lat, gdf)
    fired = fired_rows(data) & (row >= 0)
    incident = np.asarray(data["i"], dtype=np.int64)
    pairs = np.unique(np.c_[row[fired], incident[fired]], axis=0) if fired.any() else None
    counts = np.zeros(len(gdf), dtype=np.int64)
    if pairs is not None:
        counts = np.bincount(pairs[:, 0], minlength=len(gdf))
    bins = count_bins(int(counts.max(initial=0)))
    colors = DISTRICT_COLORS[len(DISTRICT_COLORS) - len(bins) :]
    props = pd.DataFrame(
        {
            "n": _strings(gdf, "name"),
            "l": _strings(gdf, "name_local"),
            "c": _strings(gdf, "iso_3166_2"),
            "co": _strings(gdf, "country"),
        }
    )
    features = geojson(gpd.GeoDataFrame(props, geometry=gdf.geometry.to_numpy(), crs=4326))
    return DistrictShapes(
        features,
        row.tolist(),
        counts.tolist(),
        [(lo, hi, c) for (lo, hi), c in zip(bins, colors, strict=True)],
    )


def _strings(gdf: gpd.GeoDataFrame, col: str) -> list[str | None]:
    if col not in gdf.columns:
        return [None] * len(gdf)
    return [str(v) if isinstance(v, str) and v.strip() else None for v in gdf[col]]


@dataclass(slots=True)
class BorderShapes:
    """Border lines for the page and, per row, the stretches of them within ``near_km``.

    ``groups`` holds, for each place group, flat triples (line, first vertex, last vertex) in
    ``ranges`` from ``offsets[g]`` to ``offsets[g + 1]``; ``row_group`` is each row's group or -1.
    """

    features: dict[str, Any]
    row_group: list[int]
    ranges: list[int]
    offsets: list[int]
    counts: list[int]  # incidents within near_km of each line, every filter off


def border_shapes(borders: gpd.GeoDataFrame, data: dict[str, Any], near_km: float) -> BorderShapes:
    """Border lines cut to vertices at most ``near_km / 5`` apart, and each place's stretches.

    A stretch is a run of line segments that come within ``near_km`` of a target or origin
    place, measured in kilometres on a plane tangent at the place (well under 0.5 % off at
    50 km). Only those stretches are highlighted, never whole lines between two countries.
    """
    lines = _lines(borders, max(near_km, 1.0) / 5 / _KM_PER_DEG)
    props = pd.DataFrame(
        {
            "n": _strings(lines, "name"),
            "s": _strings(lines, "section"),
            "km": [
                round(float(v), 1) if v == v else None
                for v in lines.get("length_km", pd.Series(np.nan, index=lines.index))
            ],
        }
    )
    features = geojson(gpd.GeoDataFrame(props, geometry=lines.geometry.to_numpy(), crs=4326))
    n = len(data["lat"])
    row_group = np.full(n, -1, dtype=np.int64)
    fired = np.flatnonzero(fired_rows(data))
    empty = BorderShapes(features, row_group.tolist(), [], [0], [0] * len(lines))
    if not len(fired) or lines.empty or near_km <= 0:
        return empty
    # with the vertices rounded as the page gets them, so vertex numbers agree
    coords = [np.asarray(f["geometry"]["coordinates"], dtype=float) for f in features["features"]]
    lat = np.asarray(data["lat"], dtype=float)[fired]
    lon = np.asarray(data["lon"], dtype=float)[fired]
    step = max(near_km * _GROUP_SHARE / _KM_PER_DEG, 1e-5)
    keys = np.c_[np.round(lat / step), np.round(lon / step)].astype(np.int64)
    places, group_of = np.unique(keys, axis=0, return_inverse=True)
    group_of = group_of.ravel()
    glat, glon = places[:, 0] * step, places[:, 1] * step
    pairs = _segments_near(coords, glat, glon, near_km)  # (group, line, segment), sorted
    if not len(pairs):
        return empty
    # runs of consecutive segments of one line near one group -> (line, v0, v1)
    brk = np.ones(len(pairs), dtype=bool)
    brk[1:] = (
        (pairs[1:, 0] != pairs[:-1, 0])
        | (pairs[1:, 1] != pairs[:-1, 1])
        | (pairs[1:, 2] != pairs[:-1, 2] + 1)
    )
    starts = np.flatnonzero(brk)
    ends = np.r_[starts[1:], len(pairs)] - 1
    run_group = pairs[starts, 0]
    triples = np.c_[pairs[starts, 1], pairs[starts, 2], pairs[ends, 2] + 1]
    # groups with no stretch get none; renumber the rest
    used, compact = np.unique(run_group, return_inverse=True)
    remap = np.full(len(places), -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    row_group[fired] = remap[group_of]
    offsets = np.r_[0, np.cumsum(np.bincount(compact.ravel(), minlength=len(used)))] * 3
    counts = _line_counts(
        row_group, np.asarray(data["i"], dtype=np.int64), triples, compact.ravel(), len(lines)
    )
    return BorderShapes(
        features, row_group.tolist(), triples.ravel().tolist(), offsets.tolist(), counts
    )


def _lines(borders: gpd.GeoDataFrame, step_deg: float) -> gpd.GeoDataFrame:
    """Border rows as single LineStrings, with extra vertices so none is ``step_deg`` apart."""
    if borders.empty:
        return gpd.GeoDataFrame({"name": [], "section": [], "length_km": []}, geometry=[], crs=4326)
    lines = borders.explode(index_parts=False).reset_index(drop=True)
    lines = lines[lines.geometry.geom_type == "LineString"].reset_index(drop=True)
    geoms = shapely.segmentize(lines.geometry.to_numpy(), step_deg)
    return gpd.GeoDataFrame(lines.drop(columns=lines.geometry.name), geometry=geoms, crs=4326)


def _segments_near(
    coords: list[np.ndarray], lat: np.ndarray, lon: np.ndarray, near_km: float
) -> np.ndarray:
    """Sorted (place, line, segment) triples where the segment comes within ``near_km``."""
    seg_line = np.concatenate([np.full(max(len(c) - 1, 0), k) for k, c in enumerate(coords)])
    seg_index = np.concatenate([np.arange(max(len(c) - 1, 0)) for c in coords])
    a = np.concatenate([c[:-1] for c in coords if len(c) > 1])
    b = np.concatenate([c[1:] for c in coords if len(c) > 1])
    segments = shapely.linestrings(np.stack([a, b], axis=1))
    # candidates by boxes alone (no distance computed by GEOS): the exact test follows
    coslat = np.cos(np.radians(np.minimum(np.abs(lat) + 1.0, 89.0)))
    sx = 1.02 * near_km / (_KM_PER_DEG * coslat) + 1e-6
    sy = 1.02 * near_km / 110.574 + 1e-6
    boxes = shapely.box(lon - sx, lat - sy, lon + sx, lat + sy)
    place, seg = shapely.STRtree(segments).query(boxes)
    # distance on the plane tangent at the place, km
    kx = _KM_PER_DEG * np.cos(np.radians(lat[place]))
    ax, ay = (a[seg, 0] - lon[place]) * kx, (a[seg, 1] - lat[place]) * 110.574
    bx, by = (b[seg, 0] - lon[place]) * kx, (b[seg, 1] - lat[place]) * 110.574
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = np.clip(-(ax * dx + ay * dy) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
    dist = np.hypot(ax + t * dx, ay + t * dy)
    keep = dist <= near_km
    # one int64 key per (place, segment): a plain sort orders them by place, line, segment
    key = np.sort(place[keep].astype(np.int64) * len(segments) + seg[keep])
    which = key % len(segments)
    return np.c_[key // len(segments), seg_line[which], seg_index[which]]


def _line_counts(
    row_group: np.ndarray,
    incident: np.ndarray,
    triples: np.ndarray,
    run_group: np.ndarray,
    n_lines: int,
) -> list[int]:
    """Distinct incidents with a place within reach of each line."""
    has = row_group >= 0
    if not has.any():
        return [0] * n_lines
    group_lines = pd.DataFrame({"g": run_group, "line": triples[:, 0]}).drop_duplicates()
    rows = pd.DataFrame({"g": row_group[has], "inc": incident[has]}).drop_duplicates()
    pairs = rows.merge(group_lines, on="g")[["line", "inc"]].drop_duplicates()
    counts = np.bincount(pairs["line"].to_numpy(dtype=np.int64), minlength=n_lines)
    return counts.astype(int).tolist()


def zone_shape(borders: gpd.GeoDataFrame, near_km: float) -> dict[str, Any] | None:
    """The band within ``near_km`` of the border lines, as a GeoJSON geometry.

    Lines are cut into 6° strips and each piece is buffered in its own UTM zone, so the band
    keeps its width from the Caucasus to Chile (one projection for a world layer would not).
    """
    if borders.empty or near_km <= 0:
        return None
    lines = borders.geometry.to_crs("EPSG:4326").to_numpy()
    x0, _, x1, _ = shapely.bounds(lines).T
    first = np.floor((x0 + 180.0) / 6.0).astype(np.int64)
    last = np.floor((x1 + 180.0) / 6.0).astype(np.int64)
    bands = []
    for strip in range(int(first.min()), int(min(last.max(), 59)) + 1):
        sel = (first <= strip) & (last >= strip)
        west = -180.0 + 6.0 * strip
        for south, north, base in ((-90.0, 0.0, 32700), (0.0, 90.0, 32600)):
            piece = shapely.union_all(
                shapely.clip_by_rect(lines[sel], west, south, west + 6, north)
            )
            if piece.is_empty:
                continue
            crs = f"EPSG:{base + strip + 1}"
            metres = gpd.GeoSeries([piece], crs="EPSG:4326").to_crs(crs)
            band = metres.buffer(near_km * 1000.0, quad_segs=6).to_crs("EPSG:4326")
            bands.append(band.iloc[0])
    merged = shapely.union_all(bands)
    band = gpd.GeoDataFrame(geometry=gpd.GeoSeries([merged], crs=4326).simplify(0.002))
    return geojson(band)


def basemap_shapes(
    countries: gpd.GeoDataFrame, world: gpd.GeoDataFrame | None = None
) -> dict[str, Any]:
    """Country polygons standing in for tiles, each with its name (``n``) and whether to write
    the name (``lab``; the page finds where, see ``static/labels.js``).

    ``world`` holds coarser polygons for land beyond the layers (see ``view.world_countries``);
    a country already in ``countries`` is not named twice.
    """
    gdf = countries[["name", "geometry"]]
    named = [1] * len(gdf)
    if world is not None and not world.empty:
        known = set(gdf["name"])
        extra = world[["name", "geometry"]]
        gdf = pd.concat([extra, gdf], ignore_index=True)  # the region's finer shapes on top
        named = [int(n not in known) for n in extra["name"]] + named
    props = pd.DataFrame(
        {"n": [str(v) if isinstance(v, str) else None for v in gdf["name"]], "lab": named}
    )
    return {"land": geojson(gpd.GeoDataFrame(props, geometry=gdf.geometry.to_numpy(), crs=4326))}
