"""Border, country and district layers: bundled regions or the user's own files."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import Geod

from mapper import settings
from mapper.errors import LayerError
from mapper.profiles import BorderProfile, load_profiles

LAYER_NAMES = ("countries", "borders", "districts")
REGIONS = ("caucasus", "world")
_GEOD = Geod(ellps="WGS84")

# Column names other tools give the fields we need, first match wins.
_COLUMN_ALIASES = {
    "countries": {
        "name": ["name", "NAME", "NAME_EN", "ADMIN", "name_en", "admin"],
        "iso_a2": ["iso_a2", "ISO_A2_EH", "ISO_A2", "iso_a2_eh", "country", "iso2"],
    },
    "districts": {
        "name": ["name", "NAME", "name_en", "NAME_1", "shapeName"],
        "iso_3166_2": ["iso_3166_2", "ISO_3166_2", "iso_code", "HASC_1", "shapeISO"],
        "country": ["country", "iso_a2", "ISO_A2", "GID_0"],
    },
    "borders": {
        "country_a": ["country_a"],
        "country_b": ["country_b"],
    },
}


@dataclass(frozen=True, slots=True)
class Layers:
    """The three layers every later stage joins to, in EPSG:4326.

    countries: ``name``, ``iso_a2``, ``iso_a3``, geometry (polygons)
    districts: ``name`` (English), ``name_local``, ``iso_3166_2``, ``country`` (alpha-2),
        ``geonameid``, ``type``, ``province``, ``aliases`` ("|"-joined), geometry (polygons)
    borders: ``country_a``, ``country_b`` (alpha-2, sorted), ``name``, ``section``,
        ``length_km``, geometry (lines)
    """

    countries: gpd.GeoDataFrame
    borders: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    region: str

    def border_between(self, a: str, b: str) -> gpd.GeoDataFrame:
        """Border lines between countries ``a`` and ``b`` (ISO alpha-2, any order)."""
        lo, hi = sorted((a.upper(), b.upper()))
        rows = (self.borders["country_a"] == lo) & (self.borders["country_b"] == hi)
        return self.borders[rows]


def load_layers(
    region: str | None = None,
    *,
    path: str | Path | None = None,
    countries: str | Path | gpd.GeoDataFrame | None = None,
    borders: str | Path | gpd.GeoDataFrame | None = None,
    districts: str | Path | gpd.GeoDataFrame | None = None,
) -> Layers:
    """Load the bundled layers of a region, or the user's own.

    Parameters
    ----------
    region
        A bundled region (``caucasus``, ``world``); default ``settings.default_region``.
    path
        A file holding layers named ``countries``, ``borders`` and ``districts`` (GeoPackage).
    countries, borders, districts
        Files in any format geopandas reads (``file.gpkg:layer`` picks a layer), or
        GeoDataFrames; each replaces that layer of the region. Missing border lines are derived
        from the countries' shared edges.

    Returns
    -------
    Layers
        GeoDataFrames in EPSG:4326.
    """
    user = {"countries": countries, "borders": borders, "districts": districts}
    if path is not None:
        source = _existing(Path(path))
        found = {row[0] for row in pyogrio.list_layers(source)}
        for name in LAYER_NAMES:
            if user[name] is None and name in found:
                user[name] = f"{source}:{name}"
        label = str(path)
    else:
        label = region or settings.default_region
    frames: dict[str, gpd.GeoDataFrame] = {}
    for name in LAYER_NAMES:
        given = user[name]
        if given is None and path is None:
            frames[name] = _bundled(label, name).copy()
        elif given is not None:
            frames[name] = _normalise(_read_user(given, name), name)
    if "countries" not in frames:
        msg = f"{label}: no countries layer"
        raise LayerError(msg)
    if "borders" not in frames:
        frames["borders"] = derive_borders(frames["countries"])
    if "districts" not in frames:
        frames["districts"] = _empty_districts()
    return Layers(frames["countries"], frames["borders"], frames["districts"], label)


def bundled_path(region: str) -> Path:
    """Path of a bundled region's GeoPackage."""
    if region not in REGIONS:
        msg = f"unknown region {region!r}; bundled regions: {', '.join(REGIONS)}"
        raise LayerError(msg)
    return _existing(settings.geodata_dir / f"{region}.gpkg")


@functools.lru_cache(maxsize=8)
def _bundled(region: str, layer: str) -> gpd.GeoDataFrame:
    gdf = pyogrio.read_dataframe(bundled_path(region), layer=layer)
    if "geonameid" in gdf:
        gdf["geonameid"] = gdf["geonameid"].astype("Int64")
    return gdf


def _existing(path: Path) -> Path:
    if not path.exists():
        msg = f"layer file not found: {path}"
        raise LayerError(msg)
    return path


def _read_user(given: str | Path | gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    if isinstance(given, gpd.GeoDataFrame):
        gdf, label = given.copy(), f"{name} GeoDataFrame"
    else:
        text = str(given)
        layer = None
        if not Path(text).exists() and ":" in text:
            text, layer = text.rsplit(":", 1)
        path = _existing(Path(text))
        label = f"{path}" + (f" (layer {layer})" if layer else "")
        try:
            gdf = pyogrio.read_dataframe(path, layer=layer)
        except Exception as exc:  # pyogrio raises several types for unreadable files
            msg = f"{label}: cannot read as a {name} layer: {exc}"
            raise LayerError(msg) from exc
    if gdf.empty:
        msg = f"{label}: the {name} layer is empty"
        raise LayerError(msg)
    if gdf.crs is None:
        msg = f"{label}: the {name} layer has no CRS; set one (e.g. EPSG:4326) before loading"
        raise LayerError(msg)
    return gdf.to_crs(4326) if gdf.crs.to_epsg() != 4326 else gdf


def _normalise(gdf: gpd.GeoDataFrame, layer: str) -> gpd.GeoDataFrame:
    for target, candidates in _COLUMN_ALIASES[layer].items():
        if target in gdf:
            continue
        source = next((c for c in candidates if c in gdf), None)
        if source is None:
            if layer == "districts" and target != "name":
                gdf[target] = None
                continue
            msg = f"the {layer} layer needs a {target!r} column (or one of {candidates})"
            raise LayerError(msg)
        gdf[target] = gdf[source]
    if layer == "countries":
        gdf["iso_a2"] = gdf["iso_a2"].where(gdf["iso_a2"].astype(str).str.len() == 2)
    return gdf


def _empty_districts() -> gpd.GeoDataFrame:
    cols = ["name", "name_local", "iso_3166_2", "country", "geonameid", "type", "province"]
    return gpd.GeoDataFrame({c: pd.Series(dtype="object") for c in cols}, geometry=[], crs=4326)


def derive_borders(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """International land border lines: the shared edges of neighbouring country polygons.

    Each row is one connected line between two countries (``country_a`` < ``country_b``,
    ISO alpha-2), with its geodesic ``length_km``. ``section`` is ``main`` where the line joins
    the largest parts of both countries, else ``part N/M`` (the parts' rank by area).
    """
    geoms = countries.geometry.values
    codes = countries["iso_a2"].tolist()
    names = countries["name"].tolist()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    rows = []
    for i, j in zip(left, right, strict=True):
        if i >= j or not isinstance(codes[i], str) or not isinstance(codes[j], str):
            continue
        if codes[i] == codes[j]:
            continue
        shared = shapely.intersection(geoms[i].boundary, geoms[j].boundary)
        lines = [g for g in shapely.get_parts(shared) if g.geom_type.endswith("LineString")]
        if not lines:
            continue
        (ia, ca), (ib, cb) = sorted([(i, codes[i]), (j, codes[j])], key=lambda t: t[1])
        merged = shapely.line_merge(shapely.union_all(lines))
        parts_a, parts_b = _parts_by_area(geoms[ia]), _parts_by_area(geoms[ib])
        for line in shapely.get_parts(merged):
            length = _GEOD.geometry_length(line) / 1000
            if length < 0.05:
                continue
            ka, kb = _nearest_part(parts_a, line), _nearest_part(parts_b, line)
            rows.append(
                {
                    "country_a": ca,
                    "country_b": cb,
                    "name": f"{names[ia]}–{names[ib]}",
                    "section": "main" if ka == kb == 0 else f"part {ka}/{kb}",
                    "length_km": round(length, 3),
                    "geometry": line,
                }
            )
    cols = ["country_a", "country_b", "name", "section", "length_km", "geometry"]
    return gpd.GeoDataFrame(rows, columns=cols, geometry="geometry", crs="EPSG:4326")


def _parts_by_area(geom: shapely.Geometry) -> list[shapely.Geometry]:
    return sorted(shapely.get_parts(geom), key=lambda p: -p.area)


def _nearest_part(parts: list[shapely.Geometry], line: shapely.Geometry) -> int:
    return min(range(len(parts)), key=lambda k: parts[k].distance(line))


def layers_for(lon: np.ndarray, lat: np.ndarray) -> Layers:
    """The bundled layers that cover these points: the map follows the data.

    A regional layer (a border profile's, e.g. ``caucasus``) where it covers every point; the
    world layer where none does; and where some points fall inside a region and some outside,
    the world layer with the regional one in place inside its box.
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon, lat = lon[ok], lat[ok]
    inside: list[BorderProfile] = []
    for profile in _regional_profiles():
        w, s, e, n = profile.box
        hit = (lon >= w) & (lon <= e) & (lat >= s) & (lat <= n)
        if len(lon) and hit.all():
            return load_layers(profile.name)
        if hit.any():
            inside.append(profile)
    if not inside:
        return load_layers("world")
    return _merged(tuple(p.name for p in inside))


def unit_points(region: str = "world") -> dict[str, tuple[float, float]]:
    """A point inside each first-order unit of a bundled region, by ISO 3166-2 code.

    GeoNames and the geoparsing corpora built on it place a province near the middle of
    its area; incident rows place it at its seat (see ``mapper.gazetteer.units``).
    """
    districts = _bundled(region, "districts")
    pts = districts.geometry.representative_point()
    return {
        code: (round(pt.y, 5), round(pt.x, 5))
        for code, pt in zip(districts["iso_3166_2"], pts, strict=True)
        if isinstance(code, str)
    }


def _regional_profiles() -> list[BorderProfile]:
    """Profiles with a bundled layer file of their own (not the world's)."""
    return [
        p
        for p in load_profiles()
        if p.name != "world" and p.name in REGIONS and p.layers_path.exists()
    ]


@functools.lru_cache(maxsize=4)
def _merged(regions: tuple[str, ...]) -> Layers:
    """The world layers with each region's finer layers in place inside its box.

    Countries and districts crossing a box's edge keep the world's shape outside the box and the
    region's inside, as one feature; border lines are taken whole, from the region when they
    lie inside its box, else from the world, so no line is drawn or counted twice.
    """
    frames = {name: _bundled("world", name) for name in LAYER_NAMES}
    for region in regions:
        w, s, e, n = next(p.box for p in _regional_profiles() if p.name == region)
        box = shapely.box(w, s, e, n)
        frames["countries"] = _patch(
            frames["countries"], _bundled(region, "countries"), box, "iso_a2"
        )
        frames["districts"] = _patch(
            frames["districts"], _bundled(region, "districts"), box, "iso_3166_2"
        )
        frames["borders"] = _patch_lines(frames["borders"], _bundled(region, "borders"), box)
    label = "+".join([*regions, "world"])
    return Layers(frames["countries"], frames["borders"], frames["districts"], label)


def _patch(
    world: gpd.GeoDataFrame, region: gpd.GeoDataFrame, box: shapely.Geometry, key: str
) -> gpd.GeoDataFrame:
    geoms = world.geometry.to_numpy()
    within = shapely.within(geoms, box)
    crossing = shapely.intersects(geoms, box) & ~within
    outside = world[~within].copy()
    outside.loc[crossing[~within], outside.geometry.name] = shapely.difference(geoms[crossing], box)
    # one feature per key: the world's part outside the box joined to the region's inside
    outer = {
        code: geom
        for code, geom, cut in zip(outside[key], outside.geometry, crossing[~within], strict=True)
        if cut and isinstance(code, str)
    }
    region = region.copy()
    merged = set()
    shapes = []
    for code, geom in zip(region[key], region.geometry, strict=True):
        part = outer.get(code) if isinstance(code, str) else None
        if part is not None:
            merged.add(code)
            geom = shapely.union(geom, part, grid_size=1e-7)
        shapes.append(geom)
    region[region.geometry.name] = shapes
    outside = outside[~outside[key].isin(merged)]
    outside = outside[~shapely.is_empty(outside.geometry.to_numpy())]
    out = pd.concat([outside, region.reindex(columns=outside.columns)], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry=world.geometry.name, crs="EPSG:4326")


def _patch_lines(
    world: gpd.GeoDataFrame, region: gpd.GeoDataFrame, box: shapely.Geometry
) -> gpd.GeoDataFrame:
    pairs = region["country_a"] + "-" + region["country_b"]
    inside = pd.Series(shapely.within(region.geometry.to_numpy(), box), index=region.index)
    whole = inside.groupby(pairs).all()
    mine = set(whole[whole].index)
    world_pairs = world["country_a"] + "-" + world["country_b"]
    out = pd.concat(
        [world[~world_pairs.isin(mine)], region[pairs.isin(mine)].reindex(columns=world.columns)],
        ignore_index=True,
    )
    return gpd.GeoDataFrame(out, geometry=world.geometry.name, crs="EPSG:4326")


def describe(layers: Layers) -> list[tuple[str, int, str]]:
    """One line per layer: name, row count and a short summary, for ``mapper layers``."""
    c, b, d = layers.countries, layers.borders, layers.districts
    return [
        ("countries", len(c), ", ".join(sorted(c["iso_a2"].dropna().unique()[:12])) + " …"),
        ("borders", len(b), f"{b['length_km'].sum():,.0f} km of land border"),
        ("districts", len(d), f"{d['country'].nunique()} countries"),
    ]
