"""Interactive incident maps: one self-contained page, Leaflet drawn from one compact payload.

The incidents and the shapes around them reach the page as one gzip+base64 payload from which
the page's own scripts (``static/*.js``) build the basemap, place names, markers (clustered
past a few hundred), origin-target arrows, heat map, district shading, border highlights,
timeline, filters, list and legend: a 100,000-incident map stays a few MB. Report text is
untrusted and only ever enters the page as text.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from mapper import settings
from mapper.contract import EVENT_TYPES, ROLES
from mapper.errors import MapError
from mapper.maps.assets import inline_html
from mapper.maps.events import CONTESTED_COLOR
from mapper.maps.labels import place_labels, town_labels
from mapper.maps.legend import default_title, legend_spec
from mapper.maps.overlays import (
    BORDER_NEAR,
    basemap_shapes,
    border_shapes,
    district_shapes,
    zone_shape,
)
from mapper.maps.page import IncidentMap, MapperPage, ScriptElement
from mapper.maps.payload import (
    PRECISION_TEXT,
    TYPE_COLORS,
    TYPE_LABELS,
    MapPayload,
    build_payload,
    script_json,
)
from mapper.maps.view import (
    Box,
    around_places,
    contains,
    focus_bounds,
    geojson,
    layer_box,
    pad,
    world_countries,
)
from mapper.spatial.layers import Layers, layers_for

ATTRIBUTION = (
    'Borders, countries, districts: <a href="https://www.naturalearthdata.com/">Natural Earth</a>'
    ' | Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
)
#: the online base layer offered with ``tiles=True``
OSM_TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "name": "OpenStreetMap (online)",
    "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
}
_FIT = "{padding: [30, 30], maxZoom: 11, animate: false}"
_PAD_DEG = 1.5
_LAND_PAD_DEG = 8.0
_WORLD_PAD_DEG = 5.0
_TOWN_PAD_DEG = 3.0
_CLUSTER_FROM = 500
_MAX_ARROWS_SHOWN = 400  # past a few hundred, arrows hide the map: then they start switched off


def build_map(
    incidents: gpd.GeoDataFrame,
    layers: Layers | None = None,
    *,
    offline: bool = False,
    tiles: bool | str | None = None,
    near_km: float | None = None,
    title: str | None = None,
    cluster: bool | None = None,
    heatmap: bool = True,
) -> folium.Map:
    """Build the interactive map of ``incidents``.

    Parameters
    ----------
    incidents
        One row per place of each incident, Point geometries in EPSG:4326 (the output contract
        of ``mapper extract``). Rows without a geometry are left out and counted in the legend.
    layers
        Countries, borders and districts; default: the bundled layers that cover the
        incidents (a region's where it holds them all, the world's elsewhere, both when mixed).
    offline
        Promise that the page never asks the network for anything: no online tiles.
    tiles
        Offer online tiles as an extra base layer in the layer control: ``True`` for
        OpenStreetMap, or a tile URL template. Default: on unless ``offline``. The bundled
        basemap stays the one shown first, so a page opened with no network shows the map.
    near_km
        Width of the near-border zone, and the distance under which a stretch of border is
        highlighted near a target or origin place; default ``settings.near_border_km``.
    title
        Title shown on the map and as the page title; default: the borders and the dates.
    cluster
        Cluster markers at low zoom (client side); default: past 500 places.
    heatmap
        Offer a heat map layer (hidden until switched on in the layer control).

    Returns
    -------
    folium.Map
        Save it with :func:`save_map`; ``m.mapper`` holds what the page receives.
    """
    near = settings.near_border_km if near_km is None else float(near_km)
    if not near >= 0:
        msg = f"near_km must be a distance in km >= 0, got {near_km!r}"
        raise MapError(msg)
    if tiles is None:
        tiles = not offline
    if offline and tiles:
        msg = "an offline map cannot offer online tiles: leave tiles off"
        raise MapError(msg)
    payload = build_payload(incidents)
    data = payload.data
    if layers is None:
        located = np.asarray(data["p"]) <= 5
        pick = located if located.any() else np.ones(len(located), dtype=bool)
        layers = layers_for(np.asarray(data["lon"])[pick], np.asarray(data["lat"])[pick])
    bounds = _view_bounds(payload, layers)  # every place: layers are kept around these
    view = focus_bounds(data, near) or bounds

    near_places = around_places(data, _PAD_DEG)
    # with no place there is nothing to count: no districts, no near-border band
    no_place = near_places is None
    districts = district_shapes(
        layers.districts.iloc[:0] if no_place else _keep(layers.districts, near_places), data
    )
    border_frame = _keep(layers.borders, near_places)
    borders = border_shapes(border_frame, data, near)
    data.update(
        dx=districts.row_district, bg=borders.row_group, bgr=borders.ranges, bgo=borders.offsets
    )
    land = basemap_shapes(
        _keep(layers.countries, around_places(data, _LAND_PAD_DEG)), _world_around(bounds, layers)
    )
    places = place_labels(data)
    towns = town_labels(pad(bounds, _TOWN_PAD_DEG), {p[2] for p in places}) if bounds else []
    shapes = {
        **land,
        "districts": districts.features,
        "borders": borders.features,
        "zone": None if no_place else zone_shape(border_frame, near),
        "places": places,
        "towns": towns,
    }
    title = default_title(payload, border_frame, borders.counts) if title is None else title
    legend = legend_spec(payload, districts.bins, near, any(c > 0 for c in borders.counts))
    options = _options(cluster, payload, view, near, title, legend, tiles, heatmap)
    options["districtCounts"] = districts.counts
    options["districtBins"] = districts.bins
    options["borderCounts"] = borders.counts

    m = IncidentMap(control_scale=True, zoom_start=7, location=[40.2, 45.5], maxZoom=18,
                    minZoom=2)  # fmt: skip
    if title:
        m.get_root().title = html.escape(title)  # type: ignore[attr-defined]
    m.add_child(MapperPage({"d": data, "sh": shapes}, options))
    m.mapper = {"data": data, "shapes": shapes, "options": options, "layers": layers.region}
    return m


def save_map(m: folium.Map, path: str | Path, *, offline: bool = False) -> Path:
    """Write ``m`` as one self-contained HTML file.

    ``offline=True`` also promises that the page asks no host for anything: a map offering
    online tiles, or holding a folium element with no offline copy, is refused.

    Raises
    ------
    MapError
        If an offline map has tile layers, or links something that has no offline copy.
    """
    path = Path(path)
    options = getattr(m, "mapper", {}).get("options", {})
    tiles = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    if offline and (tiles or options.get("tiles")):
        msg = "an offline map cannot have tile layers: build it with offline=True"
        raise MapError(msg)
    page = m.get_root().render()
    try:
        page = inline_html(page)
    except MapError:
        if offline:
            raise
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        msg = f"cannot write the map to {path}: {exc}"
        raise MapError(msg) from exc
    return path


def screenshot(
    html_path: str | Path, png_path: str | Path, *, width: int = 1400, height: int = 900
) -> Path:
    """Render a saved map in headless Chromium and save a still PNG (no controls).

    Needs the ``browser`` extra (Playwright) and Debian's Chromium at ``/usr/bin/chromium``.
    """
    from mapper.maps.browser import render_png

    return render_png(Path(html_path), Path(png_path), width=width, height=height)


def preview_layers_map(layers: Layers, *, offline: bool = False) -> folium.Map:
    """A map to check layers: borders coloured by country pair, districts and countries."""
    m = IncidentMap(control_scale=True, zoom_start=7, location=[40.2, 45.5], maxZoom=18)
    m.get_root().title = html.escape(f"Layers: {layers.region}")  # type: ignore[attr-defined]
    if not offline:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", show=False).add_to(m)
    # a world of districts is 28 MB at full detail; a 10,000th of the extent (4 km for the
    # world, 150 m for the Caucasus) is below a pixel at the zoom that shows the whole layer
    frame = layers.districts if len(layers.districts) else layers.countries
    x0, y0, x1, y1 = (float(v) for v in frame.total_bounds)
    tolerance = max(x1 - x0, y1 - y0) / 10_000
    countries = _escaped(_simplified(layers.countries, tolerance), ["name", "iso_a2"])
    folium.GeoJson(
        geojson(countries[["name", "iso_a2", "geometry"]]),
        name="Countries",
        style_function=lambda _f: {
            "color": "#9a9a9a",
            "weight": 0.8,
            "fillColor": "#f3efe6",
            "fillOpacity": 1.0,
        },  # fmt: skip
        tooltip=folium.GeoJsonTooltip(["name", "iso_a2"], aliases=["Country", "ISO"]),
    ).add_to(m)
    text = ["name", "name_local", "iso_3166_2", "country"]
    districts = _escaped(_simplified(layers.districts, tolerance), text)
    folium.GeoJson(
        geojson(districts[[*text, "geometry"]]),
        name="Districts",
        style_function=lambda _f: {"color": "#2b6cb0", "weight": 0.8, "fillOpacity": 0.08},
        highlight_function=lambda _f: {"weight": 2.5, "fillOpacity": 0.25},
        tooltip=folium.GeoJsonTooltip(
            text, aliases=["District", "Local name", "Code", "Country"], sticky=True
        ),
    ).add_to(m)
    borders = layers.borders.copy()
    borders["pair"] = [
        f"{a}–{b}" for a, b in zip(borders["country_a"], borders["country_b"], strict=True)
    ]
    palette = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf"]
    colors = {p: palette[k % len(palette)] for k, p in enumerate(sorted(set(borders["pair"])))}
    borders["color"] = borders["pair"].map(colors)
    borders["length"] = [
        f"{v:.0f} km" for v in borders.get("length_km", pd.Series(0.0, index=borders.index))
    ]
    cols = [c for c in ("name", "section") if c in borders.columns]
    borders = _escaped(borders, [*cols, "pair"])
    folium.GeoJson(
        geojson(borders[[*cols, "pair", "length", "color", "geometry"]]),
        name="Borders",
        style_function=lambda f: {"color": f["properties"]["color"], "weight": 3.5},
        tooltip=folium.GeoJsonTooltip([*cols, "pair", "length"], sticky=True),
    ).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    m.add_child(ScriptElement(f"%MAP%.fitBounds({_js([[y0, x0], [y1, x1]])}, {_FIT});"))
    m.add_child(ScriptElement(f"%MAP%.attributionControl.addAttribution({_js(ATTRIBUTION)});"))
    return m


def _escaped(gdf: gpd.GeoDataFrame, columns: list[str]) -> gpd.GeoDataFrame:
    """Text that folium's tooltips put into the page as HTML, escaped (a missing column: "")."""
    out = gdf.copy()
    for col in columns:
        values = out[col] if col in out.columns else [None] * len(out)
        out[col] = [html.escape(str(v)) if v is not None and v == v else "" for v in values]
    return out


def _simplified(gdf: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Polygons simplified as one coverage: neighbours keep one shared, simplified edge."""
    if gdf.empty or tolerance <= 0:
        return gdf
    out = gdf.copy()
    out[out.geometry.name] = shapely.coverage_simplify(out.geometry.to_numpy(), tolerance)
    return out


def _view_bounds(payload: MapPayload, layers: Layers) -> Box | None:
    """(south, west, north, east) of the incidents, else of the layers' districts."""
    if payload.bounds is not None:
        return payload.bounds
    return layer_box(layers.districts if len(layers.districts) else layers.countries)


def _world_around(bounds: Box | None, layers: Layers) -> gpd.GeoDataFrame | None:
    """Coarse land for places beyond the layers (the page has no tiles there)."""
    region = layer_box(layers.countries)
    if bounds is None or (region is not None and contains(region, bounds)):
        return None
    return world_countries(pad(bounds, _WORLD_PAD_DEG), region)


def _keep(gdf: gpd.GeoDataFrame, areas: shapely.Geometry | None) -> gpd.GeoDataFrame:
    """The features that touch ``areas`` (boxes around the places); all when there are none."""
    if areas is None or gdf.empty:
        return gdf
    hit = np.unique(shapely.STRtree(gdf.geometry.to_numpy()).query(areas)[1])
    return gdf.iloc[hit]


def _options(
    cluster: bool | None,
    payload: MapPayload,
    view: Box | None,
    near: float,
    title: str,
    legend: dict[str, Any],
    tiles: bool | str,
    heatmap: bool,
) -> dict[str, Any]:
    outside = 0
    if view is not None and payload.n_rows:
        lat, lon = np.asarray(payload.data["lat"]), np.asarray(payload.data["lon"])
        s, w, n, e = view
        outside = int((~((lat >= s) & (lat <= n) & (lon >= w) & (lon <= e))).sum())
    every = payload.bounds
    tile_layer = None
    if tiles:
        tile_layer = dict(OSM_TILES)
        if isinstance(tiles, str):
            tile_layer.update(url=tiles, name="Online tiles", attribution="")
    return {
        "title": title,
        "cluster": payload.n_rows > _CLUSTER_FROM if cluster is None else cluster,
        "view": None if view is None else [[view[0], view[1]], [view[2], view[3]]],
        # the page lets users zoom out far enough to see every place, and offers a button
        "all": None if every is None else [[every[0], every[1]], [every[2], every[3]]],
        "outside": outside,
        "nearKm": near,
        "types": [
            {"key": t, "label": TYPE_LABELS[t], "color": TYPE_COLORS[t]} for t in EVENT_TYPES
        ],
        "roles": list(ROLES),
        "precision": {str(k): v for k, v in PRECISION_TEXT.items()},
        "legend": legend,
        "tiles": tile_layer,
        "heat": heatmap,
        "arrowsOn": _count_arrows(payload.data) <= _MAX_ARROWS_SHOWN,
        "borderNear": BORDER_NEAR,
        "attribution": ATTRIBUTION,
        "range": None if payload.date_range is None else list(payload.date_range),
        # linked events: arrows styled by the claimant's side, a ring for contested ones
        "sides": payload.sides,
        "contestedColor": CONTESTED_COLOR,
    }


def _count_arrows(data: dict[str, Any]) -> int:
    """Arrows the page draws: one per origin, target and event type (as static/core.js)."""
    a, lat, lon, t = data["a"], data["lat"], data["lon"], data["t"]
    pairs = zip(a[::2], a[1::2], strict=True)
    return len({(lat[o], lon[o], lat[d], lon[d], t[d]) for o, d in pairs})


def _js(obj: object) -> str:
    return script_json(obj)
