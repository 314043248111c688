"""Joining places to the layers: country, district, distance to the border, near-border flag."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod
from scipy.spatial import cKDTree

from mapper import settings
from mapper.spatial.layers import REGIONS, Layers, load_layers

_GEOD = Geod(ellps="WGS84")
_DENSIFY_DEG = 0.005  # border lines get a vertex every ~500 m (measured error < 0.3%)
_GRID_DEG = 0.05  # cell size of the grid that spares most points a polygon test
_SNAP_KM = 2.0  # a point this close to a polygon (coast, simplified edge) is taken as inside
_EARTH_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Nearest:
    """For each query point: distance (km) to the nearest line, the line's row, the point on it.

    ``row`` is -1 (and ``km`` NaN) where no line is within reach.
    """

    km: np.ndarray
    row: np.ndarray
    lon: np.ndarray
    lat: np.ndarray


class LineIndex:
    """Nearest-line search over lines in lon/lat, exact on the ellipsoid to well under 1%.

    Vertices live on the unit sphere in a k-d tree; the nearest vertex's two segments give the
    nearest point, which is then measured geodesically. Built once per layer and reused.
    """

    def __init__(self, geoms: np.ndarray, densify_deg: float | None = None) -> None:
        parts, owner = shapely.get_parts(np.asarray(geoms, dtype=object), return_index=True)
        if densify_deg:
            parts = shapely.segmentize(parts, densify_deg)
        coords, part = shapely.get_coordinates(parts, return_index=True)
        self._part = part
        self._owner = owner[part] if len(part) else np.zeros(0, dtype=np.int64)
        self._xyz = _to_xyz(coords[:, 0], coords[:, 1])
        self._tree = cKDTree(self._xyz) if len(coords) else None

    def nearest(self, lon: np.ndarray, lat: np.ndarray, max_km: float | None = None) -> Nearest:
        """The nearest line to each point (lon, lat arrays), within ``max_km`` if given."""
        n = len(lon)
        out = Nearest(np.full(n, np.nan), np.full(n, -1), np.full(n, np.nan), np.full(n, np.nan))
        ok = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
        if self._tree is None or len(ok) == 0:
            return out
        p = _to_xyz(lon[ok], lat[ok])
        bound = np.inf if max_km is None else 2 * np.sin(max_km * 1.01 / _EARTH_KM / 2) + 1e-9
        _, k = self._tree.query(p, distance_upper_bound=bound, workers=-1)
        hit = k < len(self._xyz)
        ok, p, k = ok[hit], p[hit], k[hit]
        best, best_d = self._xyz[k], np.linalg.norm(p - self._xyz[k], axis=1)
        last = len(self._xyz) - 1
        for a, b in ((np.maximum(k - 1, 0), k), (k, np.minimum(k + 1, last))):
            same = self._part[a] == self._part[b]
            q = _closest_on_segment(p, self._xyz[a], self._xyz[b])
            d = np.linalg.norm(p - q, axis=1)
            better = same & (d < best_d)
            best[better], best_d[better] = q[better], d[better]
        qlon, qlat = _to_lonlat(best)
        _, _, metres = _GEOD.inv(lon[ok], lat[ok], qlon, qlat)
        km = metres / 1000
        keep = np.ones(len(ok), dtype=bool) if max_km is None else km <= max_km
        out.km[ok[keep]], out.row[ok[keep]] = km[keep], self._owner[k[keep]]
        out.lon[ok[keep]], out.lat[ok[keep]] = qlon[keep], qlat[keep]
        return out


# Indexes of the border layers in use, dropped with their frame (frames are not hashable).
_INDEXES: dict[int, tuple[weakref.ref, LineIndex]] = {}


def border_index(layers: Layers) -> LineIndex:
    """The nearest-line index of a layers' border lines, built once per frame."""
    frame = layers.borders
    cached = _INDEXES.get(id(frame))
    if cached is not None and cached[0]() is frame:
        return cached[1]
    index = LineIndex(frame.geometry.values, _DENSIFY_DEG)
    key = id(frame)
    _INDEXES[key] = (weakref.ref(frame, lambda _: _INDEXES.pop(key, None)), index)
    return index


def join_layers(
    gdf: gpd.GeoDataFrame, layers: Layers, *, near_km: float | None = None
) -> gpd.GeoDataFrame:
    """Add the layers' attributes to point rows.

    Adds ``country`` (ISO alpha-2), ``district``, ``district_code`` (ISO 3166-2),
    ``border_km`` (geodesic km to the nearest international land border), ``border`` and
    ``border_section`` (that border line), ``side`` (the country the point is in, i.e. its side
    of that border) and ``near_border`` (``border_km <= near_km``).

    Parameters
    ----------
    gdf
        Points (EPSG:4326, or another CRS, reprojected).
    layers
        The layers to join to.
    near_km
        Threshold of ``near_border`` (default ``settings.near_border_km``).
    """
    out = gdf.copy()
    if out.crs is not None and out.crs.to_epsg() != 4326:
        out = out.to_crs(4326)
    points = out.geometry.values
    lon, lat = shapely.get_x(points), shapely.get_y(points)
    for col, values in _attributes(lon, lat, layers).items():
        out[col] = values
    # A bundled regional layer knows nothing of places beyond it (a report from another border
    # of the world): those points are joined to the bundled world layers instead.
    outside = _outside(lon, lat, layers)
    if outside.any():
        world = load_layers("world")
        for col, values in _attributes(lon[outside], lat[outside], world).items():
            out.loc[out.index[outside], col] = values
    out["side"] = out["country"]
    limit = settings.near_border_km if near_km is None else near_km
    out["near_border"] = out["border_km"].le(limit).fillna(False).astype(bool)
    return out


def _attributes(lon: np.ndarray, lat: np.ndarray, layers: Layers) -> dict[str, np.ndarray]:
    c_idx = locate(lon, lat, layers.countries)
    d_idx = locate(lon, lat, layers.districts)
    near = border_index(layers).nearest(lon, lat)
    return {
        "country": _take(layers.countries["iso_a2"], c_idx),
        "district": _take(layers.districts["name"], d_idx),
        "district_code": _take(layers.districts["iso_3166_2"], d_idx),
        "border_km": np.round(near.km, 3),
        "border": _take(layers.borders["name"], near.row),
        "border_section": _take(layers.borders["section"], near.row),
    }


def _outside(lon: np.ndarray, lat: np.ndarray, layers: Layers) -> np.ndarray:
    if layers.region not in REGIONS or layers.region == "world" or layers.countries.empty:
        return np.zeros(len(lon), dtype=bool)
    xmin, ymin, xmax, ymax = layers.countries.total_bounds
    inside = (lon >= xmin) & (lon <= xmax) & (lat >= ymin) & (lat <= ymax)
    return np.isfinite(lon) & np.isfinite(lat) & ~inside


def near_border(gdf: gpd.GeoDataFrame, km: float) -> gpd.GeoDataFrame:
    """Rows of a joined frame within ``km`` of an international border."""
    return gdf[gdf["border_km"].le(km).fillna(False).to_numpy(dtype=bool)]


def locate(lon: np.ndarray, lat: np.ndarray, polygons: gpd.GeoDataFrame) -> np.ndarray:
    """Row of the polygon containing each point (or the nearest within 2 km), else -1."""
    result = np.full(len(lon), -1, dtype=np.int64)
    valid = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
    if len(valid) == 0 or polygons.empty:
        return result
    geoms = polygons.geometry.values
    shapely.prepare(geoms)
    x, y = lon[valid], lat[valid]
    # Points in grid cells that lie wholly inside one polygon take it without a test of their
    # own; only points in cells crossed by an edge are tested one by one.
    ix = np.floor(x / _GRID_DEG).astype(np.int64)
    iy = np.floor(y / _GRID_DEG).astype(np.int64)
    keys, inverse = np.unique((ix << 32) + (iy & 0xFFFFFFFF), return_inverse=True)
    cx, cy = keys >> 32, (keys & 0xFFFFFFFF).astype(np.int32).astype(np.int64)
    boxes = shapely.box(cx * _GRID_DEG, cy * _GRID_DEG, (cx + 1) * _GRID_DEG, (cy + 1) * _GRID_DEG)
    poly_i, box_i = shapely.STRtree(boxes).query(geoms, predicate="contains")
    owner = np.full(len(keys), -1, dtype=np.int64)
    owner[box_i[::-1]] = poly_i[::-1]
    found = owner[inverse.ravel()]
    rest = np.flatnonzero(found < 0)
    for i, (xmin, ymin, xmax, ymax) in enumerate(shapely.bounds(geoms)):
        box = (x[rest] >= xmin) & (x[rest] <= xmax) & (y[rest] >= ymin) & (y[rest] <= ymax)
        cand = rest[box]
        cand = cand[found[cand] < 0]  # the first polygon wins on a shared edge
        if len(cand):
            found[cand[shapely.contains_xy(geoms[i], x[cand], y[cand])]] = i
    lost = np.flatnonzero(found < 0)
    if len(lost):
        edges = LineIndex(shapely.boundary(geoms), _SNAP_KM / 111)
        found[lost] = edges.nearest(x[lost], y[lost], max_km=_SNAP_KM).row
    result[valid] = found
    return result


def _to_xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def _to_lonlat(xyz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y, z = xyz.T
    return np.degrees(np.arctan2(y, x)), np.degrees(np.arctan2(z, np.hypot(x, y)))


def _closest_on_segment(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ab = b - a
    denom = np.einsum("ij,ij->i", ab, ab)
    t = np.where(denom > 0, np.einsum("ij,ij->i", p - a, ab) / np.where(denom > 0, denom, 1), 0)
    return a + np.clip(t, 0, 1)[:, None] * ab


def _take(column: object, idx: np.ndarray) -> np.ndarray:
    values = np.asarray(column, dtype=object)
    if len(values) == 0:
        return np.full(len(idx), None, dtype=object)
    picked = values[np.clip(idx, 0, len(values) - 1)]
    picked[idx < 0] = None
    return picked
