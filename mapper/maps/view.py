"""Where the map opens, and the land drawn offline around places outside the region's layers.

A corpus about one border still mentions capitals, whole countries and the odd report from
another conflict; fitting the view to all of them shows the border as a speck. The map opens on
the densest cluster of places where fire landed or came from, and keeps every other place one
zoom-out (or the "all places" button) away.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from mapper.contract import ROLES
from mapper.errors import LayerError
from mapper.spatial.layers import bundled_path

Box = tuple[float, float, float, float]  # south, west, north, east

_CELL_DEG = 1.0  # places closer than about two cells (~200 km) belong to one cluster
_NEAR_WEIGHT = 2.0  # a place near the border counts twice when clusters are compared
_WORLD_TOLERANCE = 0.05  # degrees: plenty for land outside the region, a few pixels at zoom 7
_DIGITS = 4  # coordinates of drawn shapes rounded to ~10 m


def focus_bounds(data: dict[str, Any], near_km: float) -> Box | None:
    """The box of the densest cluster of places, target and origin places first.

    Places are binned into cells of about 1°; occupied cells that touch (up to a cell apart)
    form clusters, and the cluster holding most places wins, near-border places counting
    double. Country-wide places (precision 6 and 7) and mere mentions only count when there
    is nothing better. Cells rather than points keep this linear in the number of places.
    """
    lat = np.asarray(data["lat"], dtype=float)
    lon = np.asarray(data["lon"], dtype=float)
    if not len(lat):
        return None
    roles = np.asarray(data["r"])
    fired = np.isin(roles, [ROLES.index("target"), ROLES.index("origin")])
    located = np.asarray(data["p"]) <= 5
    mask = next(m for m in (fired & located, located, fired, np.ones_like(fired)) if m.any())
    border_km = np.array([np.inf if v is None else v for v in data["bk"]], dtype=float)
    weight = np.where(border_km <= near_km, _NEAR_WEIGHT, 1.0)[mask]
    la, lo = lat[mask], lon[mask]

    cells, cell_of = np.unique(
        np.c_[np.floor(la / _CELL_DEG), np.floor(lo / _CELL_DEG)], axis=0, return_inverse=True
    )
    cell_of = cell_of.ravel()
    pairs = cKDTree(cells).query_pairs(2.0 * 2**0.5 + 1e-9, output_type="ndarray")
    n = len(cells)
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    score = np.bincount(label[cell_of], weights=weight)
    keep = label[cell_of] == int(np.argmax(score))
    return (
        float(la[keep].min()),
        float(lo[keep].min()),
        float(la[keep].max()),
        float(lo[keep].max()),
    )


def around_places(data: dict[str, Any], deg: float) -> np.ndarray | None:
    """Boxes ``deg`` wide around the 1° cells holding places: the area whose shapes are drawn.

    Places far apart (a capital, a report from another border) keep only the shapes around
    each, not everything in their common bounding box.
    """
    lat = np.asarray(data["lat"], dtype=float)
    lon = np.asarray(data["lon"], dtype=float)
    if not len(lat):
        return None
    cells = np.unique(np.c_[np.floor(lat), np.floor(lon)], axis=0)
    return shapely.box(
        cells[:, 1] - deg, cells[:, 0] - deg, cells[:, 1] + 1 + deg, cells[:, 0] + 1 + deg
    )


def pad(box: Box, deg: float) -> Box:
    """``box`` grown by ``deg`` on every side, kept on the globe."""
    s, w, n, e = box
    return max(s - deg, -90.0), max(w - deg, -180.0), min(n + deg, 90.0), min(e + deg, 180.0)


def contains(outer: Box, inner: Box) -> bool:
    """Whether ``inner`` lies inside ``outer``."""
    return (
        outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2]
        and outer[3] >= inner[3]
    )  # fmt: skip


def layer_box(gdf: gpd.GeoDataFrame) -> Box | None:
    """The (south, west, north, east) extent of a layer, None when it is empty."""
    if gdf.empty:
        return None
    x0, y0, x1, y1 = (float(v) for v in gdf.total_bounds)
    return y0, x0, y1, x1


def world_countries(extent: Box, region: Box | None) -> gpd.GeoDataFrame:
    """Simplified world country polygons within ``extent``, minus the region's box.

    The bundled world layer stands in for land the region's own layers do not cover; only
    the countries touching ``extent`` are read, simplified as one coverage (neighbours keep a
    shared edge), clipped to ``extent`` and cut out where the region's finer polygons lie.
    An empty frame if the world layer is not installed.
    """
    s, w, n, e = extent
    try:
        path = bundled_path("world")
    except LayerError:
        return gpd.GeoDataFrame({"name": []}, geometry=[], crs="EPSG:4326")
    gdf = pyogrio.read_dataframe(path, layer="countries", columns=["name"], bbox=(w, s, e, n))
    geoms = shapely.coverage_simplify(gdf.geometry.to_numpy(), _WORLD_TOLERANCE)
    geoms = shapely.clip_by_rect(geoms, w, s, e, n)
    if region is not None:
        rs, rw, rn, re_ = region
        geoms = shapely.difference(geoms, shapely.box(rw, rs, re_, rn))
    out = gpd.GeoDataFrame({"name": gdf["name"].to_numpy()}, geometry=geoms, crs="EPSG:4326")
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    return out[keep].reset_index(drop=True)


def geojson(gdf: gpd.GeoDataFrame, digits: int = _DIGITS) -> dict[str, Any]:
    """A FeatureCollection with coordinates rounded to ``digits`` decimals and no bboxes.

    Full float precision and a bbox per feature made up half of an offline page's shapes.
    """
    out = gdf.copy()
    out[out.geometry.name] = shapely.transform(
        out.geometry.to_numpy(), lambda xy: np.round(xy, digits)
    )
    return out.to_geo_dict(drop_id=True)
