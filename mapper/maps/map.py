"""Interactive incident maps (folium/Leaflet), online with tiles or fully offline in one file.

The incidents reach the page as one compact JSON payload from which the page's own script
builds the markers (clustered client side), origin-target arrows, heat map, timeline and
legend: a 100,000-incident map stays a few MB. Report text is untrusted and only ever enters
the page as text (see ``mapper/assets/incidents.js``).
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
from mapper.maps.legend import legend_spec
from mapper.maps.overlays import (
    IncidentData,
    IncidentLayer,
    ScriptElement,
    Styles,
    border_layer,
    countries_basemap,
    district_layer,
    escape_props,
    near_counts,
    zone_layer,
)
from mapper.maps.payload import (
    PRECISION_TEXT,
    TYPE_COLORS,
    TYPE_LABELS,
    MapPayload,
    build_payload,
    script_json,
)
from mapper.maps.view import (
    contains,
    focus_bounds,
    geojson,
    layer_box,
    pad,
    world_countries,
)
from mapper.spatial.layers import Layers, load_layers

ATTRIBUTION = (
    'Borders, countries, districts: <a href="https://www.naturalearthdata.com/">Natural Earth</a>'
    ' | Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
)
_FIT = "{padding: [30, 30], maxZoom: 11, animate: false}"
_PAD_DEG = 1.5
_WORLD_PAD_DEG = 5.0
_CLUSTER_FROM = 500
_MAX_ARROWS_SHOWN = 400  # keep layers this far around the incidents, so the map stays light


def build_map(
    incidents: gpd.GeoDataFrame,
    layers: Layers | None = None,
    *,
    offline: bool = False,
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
        Countries, borders and districts; default: the bundled layers of the default region.
    offline
        Use the country polygons as basemap instead of tiles; save with
        ``save_map(m, path, offline=True)`` to get one self-contained file.
    near_km
        Width of the near-border zone and distance under which a border section counts as
        "near" incidents; default ``settings.near_border_km``.
    title
        Shown at the top of the legend and as the page title.
    cluster
        Cluster markers at low zoom (client side); default: when there are more than
        500 places (fewer read better one by one, each in its event type's colour).
    heatmap
        Add a heat map layer (hidden until switched on in the layer control).

    Returns
    -------
    folium.Map
    """
    if layers is None:
        layers = load_layers()
    near = settings.near_border_km if near_km is None else float(near_km)
    if not near >= 0:
        msg = f"near_km must be a distance in km >= 0, got {near_km!r}"
        raise MapError(msg)
    payload = build_payload(incidents)
    bounds = _view_bounds(payload, layers)  # every place: layers are clipped around these
    view = focus_bounds(payload.data, near) or bounds

    m = _base_map(offline, title)
    if view is not None:  # first, unanimated: markers are clustered once, at this view
        box = [[view[0], view[1]], [view[2], view[3]]]
        m.add_child(ScriptElement(f"%MAP%.fitBounds({_js(box)}, {_FIT});"))
    if offline:
        basemap, labels = countries_basemap(
            _clip(layers.countries, bounds, 8.0), _world_around(bounds, layers)
        )
        basemap.add_to(m)
        m.add_child(labels)

    districts = _clip(layers.districts, bounds, _PAD_DEG)
    dist_layer, dist_rows = district_layer(districts, payload.district_counts)
    dist_layer.add_to(m)

    borders = _clip(layers.borders, bounds, _PAD_DEG)
    zone = zone_layer(borders, near)
    if zone is not None:
        zone.add_to(m)
    points = gpd.GeoSeries.from_xy(payload.data["lon"], payload.data["lat"], crs="EPSG:4326")
    counts = near_counts(borders, points, np.asarray(payload.data["i"], dtype=np.int64), near)
    if not borders.empty:
        border_layer(borders, counts, near).add_to(m)

    data = IncidentData(payload.data, _options(cluster, payload, view))
    m.add_child(data)
    # past a few hundred, arrows hide the map: then they start switched off
    n_arrows = _count_arrows(payload.data)
    IncidentLayer(
        data, "arrows", "Fire from origin to target", show=n_arrows <= _MAX_ARROWS_SHOWN
    ).add_to(m)
    IncidentLayer(data, "markers", "Incidents").add_to(m)
    if heatmap:
        IncidentLayer(data, "heat", "Heat map", show=False).add_to(m)

    legend = legend_spec(payload, title, dist_rows, near, any(c > 0 for c in counts))
    controls = f"new L.Control.MapperLegend({_js(legend)}).addTo(%MAP%);"
    if payload.date_range is not None:
        controls += (
            f"\n{data.get_name()}.timeline = new L.Control.MapperTimeline("
            f"{data.get_name()}, {_js(list(payload.date_range))}).addTo(%MAP%);"
        )
    m.add_child(ScriptElement(controls))
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    m.add_child(ScriptElement(_ready_script(data.get_name())))
    return m


def save_map(m: folium.Map, path: str | Path, *, offline: bool = False) -> Path:
    """Write ``m`` as an HTML file; ``offline=True`` inlines every asset (no other host is asked).

    Raises
    ------
    MapError
        If an offline map has tile layers, or links something that has no offline copy.
    """
    path = Path(path)
    if offline:
        tiles = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
        if tiles:
            msg = "an offline map cannot have tile layers: build it with offline=True"
            raise MapError(msg)
    page = m.get_root().render()
    if offline:
        page = inline_html(page)
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
    """Render a saved map in headless Chromium (``/usr/bin/chromium``) and save a PNG."""
    from mapper.maps.browser import render_png

    return render_png(Path(html_path), Path(png_path), width=width, height=height)


def preview_layers_map(layers: Layers, *, offline: bool = False) -> folium.Map:
    """A map to check layers: borders coloured by country pair, districts and countries."""
    m = _base_map(offline, f"Layers: {layers.region}")
    # a world of districts is 28 MB at full detail; a 10,000th of the extent (4 km for the
    # world, 150 m for the Caucasus) is below a pixel at the zoom that shows the whole layer
    frame = layers.districts if len(layers.districts) else layers.countries
    x0, y0, x1, y1 = (float(v) for v in frame.total_bounds)
    tolerance = max(x1 - x0, y1 - y0) / 10_000
    countries = _simplified(layers.countries, tolerance)
    if offline:
        basemap, labels = countries_basemap(countries)
        basemap.add_to(m)
        m.add_child(labels)
    else:
        folium.GeoJson(
            geojson(escape_props(countries, ["name", "iso_a2"])[["name", "iso_a2", "geometry"]]),
            name="Countries",
            style_function=lambda _f: {"color": "#555", "weight": 1, "fillOpacity": 0.05},
            tooltip=folium.GeoJsonTooltip(["name", "iso_a2"], aliases=["Country", "ISO"]),
        ).add_to(m)
    text = ["name", "name_local", "iso_3166_2", "country"]
    districts = escape_props(_simplified(layers.districts, tolerance), text)
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
    pairs = sorted(
        {f"{a}–{b}" for a, b in zip(borders["country_a"], borders["country_b"], strict=True)}
    )
    palette = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf"]
    colors = {p: palette[k % len(palette)] for k, p in enumerate(pairs)}
    borders["pair"] = [
        f"{a}–{b}" for a, b in zip(borders["country_a"], borders["country_b"], strict=True)
    ]
    borders["color"] = borders["pair"].map(colors)
    borders["length"] = [
        f"{v:.0f} km" for v in borders.get("length_km", pd.Series(0.0, index=borders.index))
    ]
    cols = [c for c in ("name", "section") if c in borders.columns]
    borders = escape_props(borders, [*cols, "pair"])
    folium.GeoJson(
        geojson(borders[[*cols, "pair", "length", "color", "geometry"]]),
        name="Borders",
        style_function=lambda f: {"color": f["properties"]["color"], "weight": 3.5},
        tooltip=folium.GeoJsonTooltip([*cols, "pair", "length"], sticky=True),
    ).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    m.add_child(ScriptElement(f"%MAP%.fitBounds({_js([[y0, x0], [y1, x1]])}, {_FIT});"))
    return m


def _simplified(gdf: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Polygons simplified as one coverage: neighbours keep one shared, simplified edge."""
    if gdf.empty or tolerance <= 0:
        return gdf
    out = gdf.copy()
    out[out.geometry.name] = shapely.coverage_simplify(out.geometry.to_numpy(), tolerance)
    return out


def _base_map(offline: bool, title: str | None) -> folium.Map:
    m = folium.Map(
        tiles=None, control_scale=True, zoom_start=7, location=[40.2, 45.5], maxZoom=18, minZoom=2
    )
    m.add_child(Styles())
    m.add_child(ScriptElement(f"%MAP%.attributionControl.addAttribution({_js(ATTRIBUTION)});"))
    if not offline:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(m)
    if title:
        m.get_root().title = html.escape(title)  # type: ignore[attr-defined]
    return m


def _view_bounds(payload: MapPayload, layers: Layers) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of the incidents, else of the layers' districts."""
    if payload.bounds is not None:
        return payload.bounds
    frame = layers.districts if len(layers.districts) else layers.countries
    if not len(frame):
        return None
    x0, y0, x1, y1 = frame.total_bounds
    return float(y0), float(x0), float(y1), float(x1)


def _world_around(
    bounds: tuple[float, float, float, float] | None, layers: Layers
) -> gpd.GeoDataFrame | None:
    """Coarse land for places beyond the region's layers (offline maps have no tiles there)."""
    region = layer_box(layers.countries)
    if bounds is None or (region is not None and contains(region, bounds)):
        return None
    return world_countries(pad(bounds, _WORLD_PAD_DEG), region)


def _clip(
    gdf: gpd.GeoDataFrame, bounds: tuple[float, float, float, float] | None, margin: float
) -> gpd.GeoDataFrame:
    if bounds is None or gdf.empty:
        return gdf
    s, w, n, e = bounds
    return gdf.cx[w - margin : e + margin, s - margin : n + margin]


def _options(
    cluster: bool | None, payload: MapPayload, view: tuple[float, float, float, float] | None
) -> dict[str, Any]:
    outside = 0
    if view is not None and payload.n_rows:
        lat, lon = np.asarray(payload.data["lat"]), np.asarray(payload.data["lon"])
        s, w, n, e = view
        outside = int((~((lat >= s) & (lat <= n) & (lon >= w) & (lon <= e))).sum())
    every = payload.bounds
    return {
        "cluster": payload.n_rows > _CLUSTER_FROM if cluster is None else cluster,
        # the page lets users zoom out far enough to see every place, and offers a button
        "all": None if every is None else [[every[0], every[1]], [every[2], every[3]]],
        "outside": outside,
        "types": [
            {"key": t, "label": TYPE_LABELS[t], "color": TYPE_COLORS[t]} for t in EVENT_TYPES
        ],
        "roles": list(ROLES),
        "precision": {str(k): v for k, v in PRECISION_TEXT.items()},
    }


def _count_arrows(data: dict[str, Any]) -> int:
    """Arrows the page draws: one per origin, target and event type (as assets/incidents.js)."""
    a, lat, lon, t = data["a"], data["lat"], data["lon"], data["t"]
    pairs = zip(a[::2], a[1::2], strict=True)
    return len({(lat[o], lon[o], lat[d], lon[d], t[d]) for o, d in pairs})


def _ready_script(name: str) -> str:
    # Tests, the benchmark and --png wait for this flag: markers loaded and a frame drawn.
    return (
        f"{name}.ready.then(function () {{ {name}.load(function () {{"
        " requestAnimationFrame(function () {"
        " requestAnimationFrame(function () { window.mapperReadyAt = performance.now();"
        " window.mapperReady = true;"
        " document.documentElement.setAttribute('data-mapper-ready', '1'); }); }); }); });"
    )


def _js(obj: object) -> str:
    return script_json(obj)
