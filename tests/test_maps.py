"""Tests of mapper.maps.map: the payload, the HTML, and the page in a real (headless) Chromium."""

from __future__ import annotations

import json
import math
import re
import struct
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from _browser import browser, launch, open_map
from shapely.geometry import LineString, Point

import mapper
from mapper.errors import MapError
from mapper.maps import build_map, preview_layers_map, save_map, screenshot
from mapper.maps.overlays import count_bins, near_counts
from mapper.maps.payload import build_payload, safe_url, script_json
from mapper.maps.view import focus_bounds
from mapper.spatial import join_layers, load_layers

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "reports"

KALBAJAR = (
    "On December 9-10, Armenian units fired at the positions of the Azerbaijani army in "
    "Kalbajar region from their positions in Basarkechar region."
)
SADARAK = (
    "Armenian units fired from Yeraskh at the Azerbaijani positions near Sadarak on December 5."
)
XSS_SNIPPET = (
    'Shots near Ijevan <img src=x onerror="window.__xss=2"> and '
    "<script>window.__xss=3</script> were reported 🙂."
)
# report_id, mention, place, geonameid, kind, where_prec, lat, lon, role, date_start, date_end,
# event_type, killed, wounded, claimant, source, title, url, snippet
ROWS = [
    ("az-mod-2023-12-10", "Basarkechar", "Vardenis", 616108, "settlement", 1, 40.1833, 45.7333,
     "origin", "2023-12-09", "2023-12-10", "small_arms_fire", None, None,
     "Ministry of Defence of Azerbaijan", "APA", "Armenian units fired at Kalbajar positions",
     "https://example.org/az/2023/12/10/kalbajar", KALBAJAR),
    ("az-mod-2023-12-10", "Kalbajar", "Kalbajar District", 148104, "district", 3, 40.10, 46.04,
     "target", "2023-12-09", "2023-12-10", "small_arms_fire", None, None,
     "Ministry of Defence of Azerbaijan", "APA", "Armenian units fired at Kalbajar positions",
     "https://example.org/az/2023/12/10/kalbajar", KALBAJAR),
    ("am-mod-2023-12-11", "Sotk", "Sotk", 616468, "settlement", 1, 40.2030, 45.9390, "target",
     "2023-12-11", None, "shelling", None, 1, "Ministry of Defence of Armenia", "Armenpress",
     "Mortar fire at positions near Sotk", "http://example.org/am/sotk",
     "On the night of December 11, Azerbaijani armed forces opened fire with mortars at the "
     "combat positions near Sotk; one serviceman was wounded."),
    ("monitor-2023-12-14", "Tegh", "Tegh", 174823, "settlement", 1, 39.5589, 46.4811, "target",
     "2023-12-14", None, "drone_strike", 2, None, "Border monitoring group", "Caucasus Monitor",
     "Drone strike near Tegh", None,
     "A drone hit a pickup truck on the road near Tegh in Syunik on 14 December, killing two."),
    ("az-sbs-2023-12-20", "Alibeyli", "Alibəyli", 148581, "settlement", 1, 41.0310, 45.5530,
     "target", "2023-12-20", None, "incursion", None, None, "State Border Service of Azerbaijan",
     "Report.az", "Sabotage group stopped near Alibeyli", "https://example.org/az/alibeyli",
     "A sabotage group tried to cross into Tovuz district near Alibeyli on December 20."),
    ("wire-undated", "Berd", "Berd", 616953, "settlement", 1, 40.8808, 45.3917, "location", None,
     None, "other", None, None, None, "Regional wire", None, None,
     "Residents of Berd said they heard gunfire from the direction of the border."),
    ("xss-report", "Ijevan", "Ijevan", 616629, "settlement", 1, 40.8756, 45.1492, "target",
     "2023-12-18", None, "small_arms_fire", None, None,
     '<b onmouseover="window.__xss=4">claimant</b>', "<script>window.__xss=5</script>",
     "<script>window.__xss=1</script>Ijevan report", "javascript:window.__xss=6", XSS_SNIPPET),
    ("az-mod-2023-12-05", "Yeraskh", "Yeraskh", 616014, "settlement", 1, 39.7700, 44.8000,
     "origin", "2023-12-05", None, "shelling", None, None, "Ministry of Defence of Azerbaijan",
     "APA", "Fire from Yeraskh at Sadarak", "https://example.org/az/sadarak", SADARAK),
    ("az-mod-2023-12-05", "Sadarak", "Sədərək", 147271, "settlement", 1, 39.7167, 44.8833,
     "target", "2023-12-05", None, "shelling", None, None, "Ministry of Defence of Azerbaijan",
     "APA", "Fire from Yeraskh at Sadarak", "https://example.org/az/sadarak", SADARAK),
]  # fmt: skip
COLUMNS = [
    "report_id", "mention", "place", "geonameid", "kind", "where_prec", "lat", "lon", "role",
    "date_start", "date_end", "event_type", "killed", "wounded", "claimant", "source", "title",
    "url", "snippet",
]  # fmt: skip
XSS_ROW = 6
SOTK_ROW = 2


@pytest.fixture(scope="module")
def layers():
    return load_layers("caucasus")


@pytest.fixture(scope="module")
def incidents(layers) -> gpd.GeoDataFrame:
    """Incidents in the output contract, joined to the real bundled layers."""
    df = pd.DataFrame(ROWS, columns=COLUMNS)
    df["incident_id"] = df["report_id"] + "#1"
    df["start"] = [s.find(m) for s, m in zip(df["snippet"], df["mention"], strict=True)]
    df["end"] = df["start"] + df["mention"].str.len()
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs=4326)
    return join_layers(gdf, layers)


@pytest.fixture(scope="module")
def reports() -> gpd.GeoDataFrame:
    """The real pipeline's output for the example reports (one run per module)."""
    return mapper.extract([EXAMPLES])


@pytest.fixture(scope="module")
def offline_html(reports, layers, tmp_path_factory):
    m = build_map(reports, layers, offline=True, title="Example reports")
    return save_map(m, tmp_path_factory.mktemp("map") / "offline.html", offline=True)


def _row(reports: gpd.GeoDataFrame, place: str, role: str) -> int:
    """Position of a place in the map's payload (the frame's order: every row has a point)."""
    hits = np.flatnonzero((reports["place"] == place).to_numpy() & (reports["role"] == role))
    assert len(hits), f"the examples no longer have {place} as {role}"
    return int(hits[0])


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


# ---- payload and HTML ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ('https://example.org/"onmouseover=alert(1)', False),
        ("//example.org/x", False),
        ("https://exa mple.org", False),
        (None, False),
    ],
)
def test_only_http_urls_become_links(url, ok):
    assert (safe_url(url) is not None) is ok


def test_script_json_cannot_close_the_script_element():
    text = script_json({"s": ["</script><script>alert(1)</script>", "<!--", "a\u2028b"]})
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert "\\u003c/script\\u003e" in text


def test_payload_keeps_one_copy_of_each_string_and_drops_unsafe_urls(incidents):
    p = build_payload(incidents)
    d = p.data
    assert p.n_rows == 9 and p.n_incidents == 7 and p.skipped == 0
    assert len(d["lat"]) == 9 and len(d["ds"]) == 7
    assert d["s"].count(KALBAJAR) == 1  # two rows of one incident share the snippet
    urls = [d["s"][u] for u in d["u"] if u >= 0]
    assert "javascript:window.__xss=6" not in d["s"] and len(urls) == 4
    # origin Vardenis -> target Kalbajar, origin Yeraskh -> target Sadarak
    pairs = list(zip(d["a"][::2], d["a"][1::2], strict=True))
    assert [(d["s"][d["pl"][o]], d["s"][d["pl"][t]]) for o, t in pairs] == [
        ("Vardenis", "Kalbajar District"),
        ("Yeraskh", "Sədərək"),
    ]
    # dates as day numbers: 2023-12-09 is day 19700 since 1970-01-01
    inc = d["i"][0]
    assert (d["ds"][inc], d["de"][inc]) == (19700, 19701)
    assert p.date_range == (19696, 19711, 1)


def test_highlight_offsets_count_utf16_like_javascript(incidents):
    d = build_payload(incidents).data
    snippet = d["s"][d["sn"][XSS_ROW]]
    assert snippet[d["h0"][XSS_ROW] : d["h1"][XSS_ROW]] == "Ijevan"
    # the emoji after the mention takes two UTF-16 units: offsets before it are unchanged,
    # and a mention after an emoji moves by one
    rows = incidents.iloc[[XSS_ROW]].copy()
    rows["snippet"] = "🙂 Fire near Ijevan."
    d2 = build_payload(rows).data
    assert (d2["h0"][0], d2["h1"][0]) == (13, 19)


def test_district_counts_count_incidents_not_rows(incidents):
    counts = build_payload(incidents).district_counts
    assert counts["AM-TV"] == 2  # Berd and Ijevan
    assert counts["AM-GR"] == 2  # Vardenis (origin) and Sotk
    assert counts["AZ-KAL"] == 1


def test_offline_html_is_self_contained(offline_html):
    page = offline_html.read_text(encoding="utf-8")
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page)
    remote = [t for t in tags if re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", t)]
    assert remote == []
    assert "tile.openstreetmap.org" not in page
    assert 'L.version="1.9.3"' in page or "1.9.3" in page
    assert "data:image/png;base64," in page  # layer-control icon
    # world land around Kashmir included, and still small
    assert offline_html.stat().st_size < 1_200_000


def test_online_map_uses_tiles_and_cannot_be_saved_offline(reports, layers, tmp_path):
    m = build_map(reports, layers, title="Online")
    page = save_map(m, tmp_path / "online.html").read_text(encoding="utf-8")
    assert "tile.openstreetmap.org" in page
    with pytest.raises(MapError, match="tile layers"):
        save_map(m, tmp_path / "x.html", offline=True)
    # past 500 places markers cluster, and the cluster plugin is linked
    many = build_map(pd.concat([reports] * (500 // len(reports) + 1)), layers, title="Many")
    page = save_map(many, tmp_path / "many.html").read_text(encoding="utf-8")
    assert "leaflet.markercluster@1.4.1" in page and '"cluster":true' in page


def test_view_opens_on_the_border_not_on_every_place(reports):
    payload = build_payload(reports)
    assert payload.bounds is not None and payload.bounds[3] > 70  # Srinagar is mapped too
    s, w, n, e = focus_bounds(payload.data, 25.0)
    assert 38.5 < s < n < 41.5 and 44.5 < w < e < 47.0
    # every place fire came from or landed on in the Caucasus is in the first view (the Line of
    # Control report's places are reached with the fit-all button)
    fired = reports[reports["role"].isin(["target", "origin"]) & (reports["where_prec"] <= 5)]
    caucasus = fired[fired["lon"].between(38, 52) & fired["lat"].between(36, 44)]
    assert len(caucasus) > 10 and len(fired) > len(caucasus)
    assert caucasus["lat"].between(s, n).all() and caucasus["lon"].between(w, e).all()


def test_focus_bounds_falls_back_when_nothing_was_fired_at():
    data = {"lat": [40.0, 40.1, 34.0], "lon": [45.0, 45.2, 74.8], "r": [2, 2, 2], "p": [1, 1, 1],
            "bk": [3.0, None, 900.0]}  # fmt: skip
    assert focus_bounds(data, 25.0) == (40.0, 45.0, 40.1, 45.2)
    one = {"lat": [34.0], "lon": [74.8], "r": [0], "p": [6], "bk": [None]}
    assert focus_bounds(one, 25.0) == (34.0, 74.8, 34.0, 74.8)
    assert focus_bounds({"lat": [], "lon": [], "r": [], "p": [], "bk": []}, 25.0) is None


def test_land_outside_the_region_comes_from_the_world_layer(reports, layers):
    def basemap(frame):
        m = build_map(frame, layers, offline=True)
        layer = next(c for c in m._children.values() if getattr(c, "layer_name", "") == "Countries")
        return layer.data["features"]

    features = basemap(reports)
    names = {f["properties"]["name"] for f in features}
    assert {"Armenia", "Azerbaijan", "Pakistan", "India"} <= names
    srinagar = Point(74.806, 34.086)
    assert any(shapely.geometry.shape(f["geometry"]).contains(srinagar) for f in features)
    caucasus = reports[reports["lon"] < 50]
    assert {f["properties"]["name"] for f in basemap(caucasus)} == set(layers.countries["name"])


def test_borders_near_incidents_are_highlighted(incidents, layers):
    m = build_map(incidents, layers, offline=True, near_km=10)
    border = next(
        c for c in m._children.values() if getattr(c, "layer_name", "") == "International border"
    )
    near = {
        (f["properties"]["name"], f["properties"]["section"]): f["properties"]["near"]
        for f in border.data["features"]
    }
    assert near[("Armenia–Azerbaijan", "main")] >= 4  # Sotk, Tegh, Alibeyli, Berd...
    assert near[("Armenia–Azerbaijan", "Nakhchivan")] == 1  # Yeraskh -> Sadarak
    assert near[("Armenia–Iran", "main")] == 0


def test_near_counts_on_the_world_layers_match_distances_measured_at_each_place(reports):
    world = load_layers("world")
    codes = pd.factorize(reports["incident_id"])[0]
    counts = near_counts(world.borders, reports.geometry, codes, 25.0)
    assert len(counts) == len(world.borders) == 366
    # reference: for each place, the lines within 25 km in an equidistant projection of its own
    expected = [set() for _ in range(len(world.borders))]
    places = pd.DataFrame({"x": reports.geometry.x, "y": reports.geometry.y, "code": codes})
    for (x, y), group in places.groupby(["x", "y"]):
        nearby = world.borders.cx[x - 1 : x + 1, y - 1 : y + 1]
        if nearby.empty:
            continue
        metres = nearby.geometry.to_crs(f"+proj=aeqd +lat_0={y} +lon_0={x} +units=m")
        for pos in np.flatnonzero(metres.distance(Point(0, 0)).to_numpy() <= 25_000):
            expected[world.borders.index.get_loc(nearby.index[pos])].update(group["code"])
    assert counts == [len(e) for e in expected]
    pair = dict(zip(world.borders["name"] + "/" + world.borders["section"], counts, strict=True))
    assert pair["Armenia–Azerbaijan/main"] > 10 and pair["Armenia–Azerbaijan/Nakhchivan"] > 3


def test_bad_input_gives_clear_errors(incidents, layers):
    bad = incidents.copy()
    bad.loc[bad.index[3], "geometry"] = LineString([(45, 40), (46, 40)])
    with pytest.raises(MapError, match="monitor-2023-12-14"):
        build_map(bad, layers)
    with pytest.raises(MapError, match="near_km"):
        build_map(incidents, layers, near_km=-1)
    with pytest.raises(MapError, match="GeoDataFrame"):
        build_map(pd.DataFrame(incidents), layers)


def test_rows_without_a_point_are_left_out_and_counted(incidents, layers):
    some = incidents.copy()
    some.loc[some.index[:2], "geometry"] = None
    p = build_payload(some)
    assert p.n_rows == 7 and p.skipped == 2


def test_count_bins_cover_every_count():
    for top in (1, 3, 7, 40, 5000, 100_000):
        bins = count_bins(top)
        assert 1 <= len(bins) <= 6 and bins[0][0] == 1 and bins[-1][1] == top
        assert all(b[0] == a[1] + 1 for a, b in zip(bins, bins[1:], strict=False))


def test_preview_layers_map_colours_borders_by_pair(layers, tmp_path):
    m = preview_layers_map(layers, offline=True)
    borders = next(c for c in m._children.values() if getattr(c, "layer_name", "") == "Borders")
    colours = {f["properties"]["pair"]: f["properties"]["color"] for f in borders.data["features"]}
    assert "AM–AZ" in colours and len(set(colours.values())) > 3
    page = save_map(m, tmp_path / "layers.html", offline=True).read_text(encoding="utf-8")
    assert "Kalbajar" in page and "AZ-LAC" in page


def test_layers_command_writes_a_preview_that_opens_offline(tmp_path):
    from typer.testing import CliRunner

    from mapper.cli import app

    out = tmp_path / "layers.html"
    result = CliRunner().invoke(app, ["layers", "--html", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert re.search(r"""<(script|link)[^>]+(src|href)="https?://""", page) is None
    assert "tile.openstreetmap.org" not in page and "AZ-KAL" in page
    assert out.stat().st_size < 1_000_000


# ---- in the browser ----------------------------------------------------------------------------


def _in_view(m) -> list[bool]:
    return m.js(
        "(() => { const I = mapperMaps[0], b = I.map.getBounds();"
        " return I._markerList.map(k => b.contains(k.getLatLng())); })()"
    )


@browser
@pytest.mark.browser
def test_offline_map_renders_with_the_network_blocked(chromium, offline_html, reports):
    m = open_map(chromium, offline_html)
    assert m.foreign_requests == []
    assert m.errors == []
    assert m.js("typeof L !== 'undefined' && L.version") == "1.9.3"
    # one marker per place of the frame (147 places: few enough to draw without clusters)
    assert m.marker_paths() == len(reports) and m.cluster_total() == 0
    labels = m.js("[...document.querySelectorAll('.mapper-country-label')].map(e => e.innerText)")
    assert "ARMENIA" in labels  # upper case by the stylesheet
    attribution = m.js("document.querySelector('.leaflet-control-attribution').innerText")
    assert "Natural Earth" in attribution and "GeoNames" in attribution
    assert m.js("!!document.querySelector('.leaflet-control-scale')")
    legend = m.js("document.querySelector('.mapper-legend').innerText")
    assert "Small-arms fire" in legend and "origin (fired from)" in legend
    # the first view holds the Caucasus places, not the Kashmir report; a button shows all
    shown = _in_view(m)
    assert shown[_row(reports, "Sotk", "target")]
    assert not shown[_row(reports, "Srinagar", "location")]
    assert m.js("mapperMaps[0].map.getZoom()") >= 7
    m.page.click(".mapper-showall a")
    m.page.wait_for_timeout(300)
    assert all(_in_view(m))
    m.page.close()


@browser
@pytest.mark.browser
def test_clicking_a_marker_shows_place_date_and_source(chromium, offline_html, reports):
    m = open_map(chromium, offline_html)
    sotk = _row(reports, "Sotk", "target")
    row = reports.iloc[sotk]
    m.click_marker(sotk)
    text = m.popup_text()
    for expected in ("Sotk (target)", row["date_start"], "Gegharkunik", "Small-arms fire",
                     "km from the border", row["title"], row["claimant"]):  # fmt: skip
        assert expected in text
    assert m.js("document.querySelector('.leaflet-popup-content mark').textContent") == "Sotk"
    # Kalbajar district is named by several incidents: one popup lists them all
    district = reports["place"].eq("Kalbajar") & reports["kind"].eq("district")
    m.click_marker(int(np.flatnonzero(district.to_numpy())[0]))
    text = m.popup_text()
    ids = set(reports.loc[district, "incident_id"])
    assert len(ids) >= 2
    assert f"{len(ids)} incidents at this place" in text and all(i in text for i in ids)
    m.page.close()


@browser
@pytest.mark.browser
def test_switching_layers_off_hides_them(chromium, offline_html, reports):
    m = open_map(chromium, offline_html)
    borders = "document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length"
    n_paths = m.js(borders)
    m.page.get_by_label("Incidents", exact=True).uncheck()
    assert m.marker_paths() == 0
    m.page.get_by_label("International border", exact=True).uncheck()
    assert m.js(borders) < n_paths
    m.page.get_by_label("Incidents", exact=True).check()
    assert m.marker_paths() == len(reports)
    arrows = "document.querySelectorAll('.leaflet-mapperArrows-pane path').length"
    assert m.js(arrows) > 0
    m.page.get_by_label("Fire from origin to target", exact=True).uncheck()
    assert m.js(arrows) == 0
    # the heat map starts hidden and draws when switched on
    m.page.get_by_label("Heat map", exact=True).check()
    painted = m.js(
        "(() => { const c = document.querySelector('canvas.mapper-heat');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })()"
    )
    assert painted > 100
    m.page.close()


@browser
@pytest.mark.browser
def test_districts_show_their_tooltip_under_the_incident_layers(chromium, offline_html):
    m = open_map(chromium, offline_html)
    # a spot inside Kalbajar district with no marker or arrow on it
    m.js("void mapperMaps[0].map.setView([40.2, 46.1], 10, {animate: false})")
    xy = m.js(
        "(() => { const I = mapperMaps[0], p = I.map.latLngToContainerPoint([40.25, 46.2]);"
        " const r = I.map.getContainer().getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y]; })()"
    )
    m.page.mouse.move(xy[0] - 20, xy[1] - 20)
    m.page.mouse.move(xy[0], xy[1], steps=4)
    tip = m.js(
        "[...document.querySelectorAll('.leaflet-tooltip:not(.mapper-country-label)')]"
        ".map(t => t.innerText).join(' ')"
    )
    assert "Kalbajar" in tip and "AZ-KAL" in tip and "Kəlbəcər" in tip
    m.page.close()


@browser
@pytest.mark.browser
def test_timeline_filters_markers_by_date(chromium, offline_html, reports):
    m = open_map(chromium, offline_html)
    lo, hi = pd.Timestamp("2024-01-01"), pd.Timestamp("2024-06-30")
    start = pd.to_datetime(reports["date_start"])
    end = pd.to_datetime(reports["date_end"]).fillna(start)
    expected = int(((start <= hi) & (end >= lo)).sum())
    assert 0 < expected < len(reports)
    day = pd.Timestamp("1970-01-01")
    m.js(f"void mapperMaps[0].timeline.setRange({(lo - day).days}, {(hi - day).days}, false)")
    m.page.wait_for_timeout(200)
    assert m.js("document.querySelector('.mt-count').textContent") == f"{expected} places shown"
    assert m.marker_paths() == expected
    m.js("void mapperMaps[0].timeline.setRange(19000, 21000, true)")
    m.page.wait_for_timeout(200)
    assert m.marker_paths() == len(reports)
    m.page.close()


XSS_REPORT = """<script>window.__xss=1</script>Fire near Sotk <img src=x onerror="window.__xss=2">

On March 6, 2024, Azerbaijani units opened fire at Armenian positions near Sotk <img src=x \
onerror="window.__xss=3"> in Gegharkunik province <script>window.__xss=4</script>. One \
serviceman was wounded.

<b onmouseover="window.__xss=5">Ministry of Defence of the Republic of Armenia</b>
"""
XSS_JSONL = {
    "id": "xss-json",
    "title": '<svg onload="window.__xss=6">Kalbajar</svg>',
    "url": "javascript:window.__xss=7",
    "source": "<iframe src=javascript:window.__xss=8>",
    "published": "2024-05-02",
    "text": "On May 1, Armenian units fired at the positions of the Azerbaijani army in Kalbajar "
    'region <img src=x onerror="window.__xss=9"> from Vardenis.',
}


@browser
@pytest.mark.browser
def test_reports_written_to_attack_the_map_run_no_script(chromium, layers, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "xss_sotk_2024-03-07.txt").write_text(XSS_REPORT, encoding="utf-8")
    (folder / "rows.jsonl").write_text(json.dumps(XSS_JSONL) + "\n", encoding="utf-8")
    frame = mapper.extract([folder])
    assert set(frame["report_id"]) == {"xss_sotk_2024-03-07", "xss-json"}
    html = save_map(build_map(frame, layers, offline=True), tmp_path / "x.html", offline=True)
    page = html.read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<script>window.__xss" not in page
    m = open_map(chromium, html)
    seen = ""
    for i in range(len(frame)):
        m.js(
            f"void mapperMaps[0].map.setView(mapperMaps[0]._markerList[{i}].getLatLng(), 10,"
            " {animate: false})"
        )
        m.click_marker(i)
        seen += m.popup_text()
        for part in (".mi-claimant", ".mi-title", ".mi-outlet"):
            if m.js(f"!!document.querySelector('.leaflet-popup-content {part}')"):
                m.page.hover(f".leaflet-popup-content {part}")
    m.page.wait_for_timeout(200)
    for text in ('onerror="window.__xss=3"', "<script>window.__xss=4</script>",
                 '<svg onload="window.__xss=6">Kalbajar</svg>', "window.__xss=9"):  # fmt: skip
        assert text in seen
    assert m.js("window.__xss") is None
    assert m.dialogs == [] and m.errors == [] and m.foreign_requests == []
    assert m.js("document.querySelectorAll('.leaflet-popup-content a').length") == 0
    assert m.js("document.querySelectorAll('img[src=x], iframe, svg[onload]').length") == 0
    m.page.close()


@browser
@pytest.mark.browser
def test_report_text_runs_no_script(chromium, incidents, layers, tmp_path):
    html = save_map(
        build_map(incidents, layers, offline=True, cluster=False), tmp_path / "x.html", offline=True
    )
    m = open_map(chromium, html)
    m.click_marker(XSS_ROW)
    text = m.popup_text()
    m.page.hover(".leaflet-popup-content .mi-claimant")
    m.page.wait_for_timeout(200)
    assert "<img src=x onerror=" in text and "<script>window.__xss=3</script>" in text
    assert '<b onmouseover="window.__xss=4">claimant</b>' in text
    assert "<script>window.__xss=1</script>Ijevan report" in text
    assert m.js("window.__xss") is None
    assert m.dialogs == [] and m.errors == []
    popup = ".leaflet-popup-content"
    assert (
        m.js(
            f"document.querySelectorAll('{popup} img, {popup} script, {popup} b, {popup} a').length"
        )
        == 0
    )
    assert m.js("document.querySelectorAll('img[src=x]').length") == 0
    m.page.close()


@browser
@pytest.mark.browser
def test_screenshot_writes_a_png_of_the_map(offline_html, tmp_path):
    png = screenshot(offline_html, tmp_path / "map.png", width=800, height=500)
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (800, 500)
    assert png.stat().st_size > 20_000  # a drawn map, not a blank page


@browser
@pytest.mark.browser
def test_repeated_fire_between_two_places_is_one_thicker_arrow(
    chromium, incidents, layers, tmp_path
):
    again = incidents.iloc[[0, 1, 0, 1]].copy()  # the Kalbajar incident, reported twice more
    again["incident_id"] = ["again#1", "again#1", "again#2", "again#2"]
    m = build_map(pd.concat([incidents, again]), layers, offline=True)
    m = open_map(chromium, save_map(m, tmp_path / "a.html", offline=True))
    arrows = m.js("mapperMaps[0]._arrowList.map(l => [l._pairs.length / 2, l.options.weight])")
    assert sorted(arrows) == [[1, 2.5], [3, 2.5 + math.log2(3)]]
    assert m.js("mapperMaps[0].map.hasLayer(mapperMaps[0].arrows)")
    m.page.get_by_label("Fire from origin to target", exact=True).uncheck()
    assert not m.js("mapperMaps[0].map.hasLayer(mapperMaps[0].arrows)")
    m.page.close()
