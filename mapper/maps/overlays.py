"""The map's layers as folium elements: incident layers, districts, borders, basemap, controls."""

from __future__ import annotations

import html
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from jinja2 import Template

from mapper.errors import MapError
from mapper.maps.assets import (
    MARKERCLUSTER_CSS,
    MARKERCLUSTER_DEFAULT_CSS,
    MARKERCLUSTER_JS,
    own_asset,
)
from mapper.maps.payload import pack, script_json
from mapper.maps.view import geojson

#: YlGnBu-like greens: apart from every marker colour, so counts stay a quiet background
DISTRICT_COLORS = ("#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c")
BORDER_NEAR = "#b2182b"
BORDER_OTHER = "#3a3a3a"
ZONE_COLOR = "#6a51a3"
_LADDER = (1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)


class _RawScript(Element):
    """Script text put into the page as it is: no Jinja pass over a payload of megabytes."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class IncidentData(JSCSSMixin):
    """Builds the incident objects in the page from the payload (see assets/incidents.js)."""

    default_js = [("markerclusterjs", MARKERCLUSTER_JS)]
    default_css = [
        ("markerclustercss", MARKERCLUSTER_CSS),
        ("markerclusterdefaultcss", MARKERCLUSTER_DEFAULT_CSS),
    ]

    def __init__(self, data: dict[str, Any], options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "MapperIncidents"
        self.packed = pack(data)
        self.options = script_json(options)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        super().render(**kwargs)
        parent, figure = self._parent, self.get_root()
        if parent is None or not isinstance(figure, Figure):
            msg = "the incident layer must be added to a map before the map is rendered"
            raise MapError(msg)
        code = (
            own_asset("heat.js")
            + "\n"
            + own_asset("incidents.js")
            + f"\nvar {self.get_name()} = MapperIncidents.build({parent.get_name()}, "
            + f'"{self.packed}", {self.options});\n'
        )
        figure.script.add_child(_RawScript(code), name=self.get_name())


class IncidentLayer(Layer):
    """One of the layers IncidentData made (markers, arrows, heat), for the layer control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.source }}.{{ this.attr }};
        {% endmacro %}
        """
    )

    def __init__(self, source: IncidentData, attr: str, name: str, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "MapperLayer"
        self.source = source.get_name()
        self.attr = attr


class Styles(MacroElement):
    """Our stylesheet (assets/mapper.css) in the page's head."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapperStyles"
        self.css = own_asset("mapper.css").replace("</style", "<\\/style")


class ScriptElement(MacroElement):
    """A piece of our own script that runs after the layers exist (controls, ready signal)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code.replace("%MAP%", this._parent.get_name()) }}
        {% endmacro %}
        """
    )

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "MapperScript"
        self.code = code


def escape_props(gdf: gpd.GeoDataFrame, columns: list[str]) -> gpd.GeoDataFrame:
    """Escape text that folium's tooltips put into the page as HTML (a missing column: "")."""
    out = gdf.copy()
    for col in columns:
        values = out[col] if col in out.columns else [None] * len(out)
        out[col] = [html.escape(str(v)) if v is not None and v == v else "" for v in values]
    return out


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


def _bin_color(count: int, bins: list[tuple[int, int]]) -> str | None:
    if count <= 0 or not bins:
        return None
    colors = DISTRICT_COLORS[len(DISTRICT_COLORS) - len(bins) :]
    for (lo, hi), color in zip(bins, colors, strict=True):
        if lo <= count <= hi:
            return color
    return colors[-1]


def district_layer(
    districts: gpd.GeoDataFrame, counts: dict[str, int]
) -> tuple[folium.GeoJson, list[tuple[str, str]]]:
    """Districts shaded by incident count, with a tooltip; and the legend rows (colour, label)."""
    gdf = districts.copy()
    codes = gdf.get("iso_3166_2", gdf.get("name"))
    names = gdf.get("name")
    values = []
    for code, name in zip(codes, names, strict=True):
        values.append(counts.get(str(code), counts.get(str(name), 0)))
    gdf["incidents"] = values
    bins = count_bins(max(values, default=0))
    gdf["fill"] = [_bin_color(v, bins) for v in values]
    # the local spelling (Kəlbəcər) is what many reports use; user layers may not have it
    local = ["name_local"] if "name_local" in gdf.columns else []
    text = ["name", *local, "iso_3166_2", "country"]
    gdf = escape_props(gdf[[*text, "incidents", "fill", "geometry"]], text)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        fill = feature["properties"]["fill"]
        return {
            "color": "#6b6b6b",
            "weight": 0.7,
            "fillColor": fill or "#ffffff",
            "fillOpacity": 0.5 if fill else 0.0,
        }

    layer = folium.GeoJson(
        geojson(gdf),
        name="Districts by incident count",
        style_function=style,
        highlight_function=lambda _f: {"weight": 2.5, "color": "#222"},
        tooltip=folium.GeoJsonTooltip(
            fields=[*text, "incidents"],
            aliases=[
                "District",
                *(["Local name"] if local else []),
                "Code",
                "Country",
                "Incidents",
            ],
            sticky=True,
        ),
        smooth_factor=0.5,
    )
    colors = DISTRICT_COLORS[len(DISTRICT_COLORS) - len(bins) :]
    rows = [
        (c, f"{lo}" if lo == hi else f"{lo}–{hi}") for (lo, hi), c in zip(bins, colors, strict=True)
    ]
    return layer, rows


def _utm_epsg(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """EPSG code of the UTM zone of each point (326zz north, 327zz south)."""
    zone = np.clip(np.floor((np.asarray(lon) + 180.0) / 6.0).astype(np.int64), 0, 59) + 1
    return np.where(np.asarray(lat) < 0, 32700, 32600) + zone


def near_counts(
    borders: gpd.GeoDataFrame, points: gpd.GeoSeries, incident_codes: np.ndarray, near_km: float
) -> list[int]:
    """For each border line, how many distinct incidents have a place within ``near_km`` of it.

    Candidates come from one tree query in degrees (a radius wide enough at each place's
    latitude); each candidate is then measured in the UTM zone of its place, where metres are
    true to 0.1 %, so a layer spanning the world (one CRS would stretch it) counts right.
    """
    if borders.empty or points.empty:
        return [0] * len(borders)
    lines = borders.geometry.to_crs("EPSG:4326").to_numpy()
    pts = points.to_crs("EPSG:4326").to_numpy()
    lon, lat = shapely.get_x(pts), shapely.get_y(pts)
    coslat = np.cos(np.radians(np.minimum(np.abs(lat) + 1.0, 89.0)))
    slack = 1.05 * near_km / (111.0 * coslat) + 1e-6
    pi, li = shapely.STRtree(lines).query(pts, predicate="dwithin", distance=slack)
    near = np.zeros(len(pi), dtype=bool)
    epsg = _utm_epsg(lon[pi], lat[pi])
    for code in np.unique(epsg):  # one pass per UTM zone holding places, not per line
        sel = np.flatnonzero(epsg == code)
        pad = float(slack[pi[sel]].max())
        x0, y0, x1, y1 = shapely.total_bounds(pts[pi[sel]])
        used, which = np.unique(li[sel], return_inverse=True)
        # only the stretch of each line near these places is projected
        near_lines = shapely.clip_by_rect(lines[used], x0 - pad, y0 - pad, x1 + pad, y1 + pad)
        crs = f"EPSG:{code}"
        lines_m = gpd.GeoSeries(near_lines, crs="EPSG:4326").to_crs(crs).to_numpy()
        pts_m = gpd.GeoSeries(pts[pi[sel]], crs="EPSG:4326").to_crs(crs).to_numpy()
        near[sel] = shapely.dwithin(pts_m, lines_m[which.ravel()], near_km * 1000.0)
    # one (line, incident) pair per incident near a line, however many of its places are
    codes = np.asarray(incident_codes, dtype=np.int64)[pi[near]]
    width = int(codes.max(initial=0)) + 1
    pairs = np.unique(li[near].astype(np.int64) * width + codes)
    return np.bincount(pairs // width, minlength=len(lines)).astype(int).tolist()


def border_layer(borders: gpd.GeoDataFrame, counts: list[int], near_km: float) -> folium.GeoJson:
    """International border lines; the sections incidents are near drawn thick and red."""
    gdf = borders.copy()
    gdf["near"] = counts
    keep = [c for c in ("name", "section", "country_a", "country_b") if c in gdf.columns]
    gdf["length"] = [
        f"{v:.0f} km" if v == v else "" for v in gdf.get("length_km", [float("nan")] * len(gdf))
    ]
    gdf = escape_props(gdf[[*keep, "length", "near", "geometry"]], keep)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        hot = feature["properties"]["near"] > 0
        return {
            "color": BORDER_NEAR if hot else BORDER_OTHER,
            "weight": 4.5 if hot else 2.2,
            "opacity": 0.95,
        }

    fields = [c for c in ("name", "section") if c in keep] + ["length", "near"]
    aliases = [c.capitalize() for c in fields[:-2]] + [
        "Length",
        f"Incidents within {near_km:g} km",
    ]
    return folium.GeoJson(
        geojson(gdf),
        name="International border",
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, sticky=True),
    )


def zone_layer(borders: gpd.GeoDataFrame, near_km: float) -> folium.GeoJson | None:
    """The band within ``near_km`` of the border lines, drawn faintly.

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
    band = gpd.GeoSeries([merged], crs="EPSG:4326").simplify(0.002)
    return folium.GeoJson(
        geojson(gpd.GeoDataFrame(geometry=band)),
        name=f"Near-border zone ({near_km:g} km)",
        style_function=lambda _f: {
            "color": ZONE_COLOR,
            "weight": 1,
            "dashArray": "4 4",
            "fillColor": ZONE_COLOR,
            "fillOpacity": 0.05,
        },
        interactive=False,
    )


def countries_basemap(
    countries: gpd.GeoDataFrame, world: gpd.GeoDataFrame | None = None
) -> tuple[folium.GeoJson, ScriptElement]:
    """Country polygons standing in for tiles offline, and a script that labels them.

    ``world`` holds coarser polygons for land outside the region's layers (see
    ``_map_view.world_countries``); a country already labelled in ``countries`` is not
    labelled again.
    """
    gdf = countries[["name", "geometry"]]
    if world is not None and not world.empty:
        known = set(gdf["name"])
        extra = world[["name", "geometry"]].copy()
        gdf = pd.concat([extra, gdf], ignore_index=True)  # the region's finer shapes on top
        label_rows = [n not in known for n in extra["name"]] + [True] * len(countries)
    else:
        label_rows = [True] * len(gdf)
    layer = folium.GeoJson(
        geojson(gdf),
        name="Countries",
        style_function=lambda _f: {
            "color": "#9a9a9a",
            "weight": 0.8,
            "fillColor": "#f3efe6",
            "fillOpacity": 1.0,
        },
        interactive=False,
        control=False,
    )
    points = gdf.geometry.representative_point()
    # a label shows from the zoom where its country is about 60 px across: at world view
    # only the large countries are named, and small ones do not pile up in one smudge
    size = np.sqrt(np.maximum(shapely.area(gdf.geometry.to_numpy()), 1e-6))
    min_zoom = np.clip(np.ceil(np.log2(84.4 / size)), 0, 12).astype(int)
    labels = [
        [round(p.y, 3), round(p.x, 3), str(n), int(z)]
        for p, n, z, show in zip(points, gdf["name"], min_zoom, label_rows, strict=True)
        if n is not None and show
    ]
    code = (
        "(function (map, labels) {\n"
        "  map.getContainer().classList.add('mapper-offline');\n"
        "  var tips = labels.map(function (l) {\n"
        "    var span = document.createElement('span'); span.textContent = l[2];\n"
        "    return L.tooltip({permanent: true, direction: 'center', interactive: false,\n"
        "                      className: 'mapper-country-label'})\n"
        "      .setLatLng([l[0], l[1]]).setContent(span);\n"
        "  });\n"
        "  function update() {\n"
        "    var z = map.getZoom();\n"
        "    tips.forEach(function (t, i) {\n"
        "      var on = z >= labels[i][3];\n"
        "      if (on && !map.hasLayer(t)) { t.addTo(map); }\n"
        "      else if (!on && map.hasLayer(t)) { map.removeLayer(t); }\n"
        "    });\n"
        "  }\n"
        "  map.on('zoomend', update);\n"
        "  map.whenReady(update);\n"
        "})(%MAP%, " + script_json(labels) + ");"
    )
    return layer, ScriptElement(code)
