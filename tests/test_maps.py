"""Tests of mapper.maps: the payload, the HTML, and the page in a real (headless) Chromium."""

from __future__ import annotations

import math
import re
import struct

import geopandas as gpd
import pandas as pd
import pytest
from _browser import browser, launch, open_map
from shapely.geometry import LineString

from mapper._errors import MapError
from mapper._map_data import build_payload, safe_url, script_json
from mapper._map_layers import count_bins
from mapper.layers import load_layers
from mapper.maps import build_map, preview_layers_map, save_map, screenshot
from mapper.spatial import join_layers

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
def offline_html(incidents, layers, tmp_path_factory):
    m = build_map(incidents, layers, offline=True, title="Border incidents, December 2023")
    return save_map(m, tmp_path_factory.mktemp("map") / "offline.html", offline=True)


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
    assert offline_html.stat().st_size < 3_000_000
    # untrusted text reaches the page only inside the escaped JSON payload
    assert "<img src=x" not in page and "<script>window.__xss" not in page


def test_online_map_uses_tiles_and_cannot_be_saved_offline(incidents, layers, tmp_path):
    m = build_map(incidents, layers, title="Online")
    page = save_map(m, tmp_path / "online.html").read_text(encoding="utf-8")
    assert "tile.openstreetmap.org" in page
    assert "leaflet.markercluster@1.4.1" in page
    with pytest.raises(MapError, match="tile layers"):
        save_map(m, tmp_path / "x.html", offline=True)


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


# ---- in the browser ----------------------------------------------------------------------------


@browser
@pytest.mark.browser
def test_offline_map_renders_with_the_network_blocked(chromium, offline_html):
    m = open_map(chromium, offline_html)
    assert m.foreign_requests == []
    assert m.errors == []
    assert m.js("typeof L !== 'undefined' && L.version") == "1.9.3"
    assert m.js("typeof L.markerClusterGroup") == "function"
    # every place is on screen, as a marker or inside a cluster
    assert m.marker_paths() + m.cluster_total() == 9
    assert m.js("document.querySelectorAll('.mapper-country-label').length") > 0
    attribution = m.js("document.querySelector('.leaflet-control-attribution').innerText")
    assert "Natural Earth" in attribution and "GeoNames" in attribution
    assert m.js("!!document.querySelector('.leaflet-control-scale')")
    legend = m.js("document.querySelector('.mapper-legend').innerText")
    assert "Shelling" in legend and "origin (fired from)" in legend
    m.page.close()


@browser
@pytest.mark.browser
def test_clicking_a_marker_shows_place_date_and_source(chromium, incidents, layers, tmp_path):
    html = save_map(
        build_map(incidents, layers, offline=True, cluster=False), tmp_path / "m.html", offline=True
    )
    m = open_map(chromium, html)
    assert m.marker_paths() == 9
    m.click_marker(SOTK_ROW)
    text = m.popup_text()
    for expected in ("Sotk", "2023-12-11", "Gegharkunik", "1 wounded", "Shelling",
                     "km from the border", "Ministry of Defence of Armenia"):  # fmt: skip
        assert expected in text
    assert m.js("document.querySelector('.leaflet-popup-content mark').textContent") == "Sotk"
    assert m.js("document.querySelector('.leaflet-popup-content a').href") == (
        "http://example.org/am/sotk"
    )
    m.page.close()


@browser
@pytest.mark.browser
def test_switching_layers_off_hides_them(chromium, offline_html):
    m = open_map(chromium, offline_html)
    before = m.marker_paths() + m.cluster_total()
    borders = "document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length"
    n_paths = m.js(borders)
    m.page.get_by_label("Incidents", exact=True).uncheck()
    assert before > 0 and m.marker_paths() + m.cluster_total() == 0
    m.page.get_by_label("International border", exact=True).uncheck()
    assert m.js(borders) < n_paths
    m.page.get_by_label("Incidents", exact=True).check()
    assert m.marker_paths() + m.cluster_total() == before
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
def test_timeline_filters_markers_by_date(chromium, offline_html):
    m = open_map(chromium, offline_html)
    # 2023-12-09 .. 2023-12-11: the Kalbajar incident (two places) and Sotk; no undated
    m.js("mapperMaps[0].timeline.setRange(19700, 19702, false)")
    m.page.wait_for_timeout(300)
    assert m.js("document.querySelector('.mt-count').textContent") == "3 places shown"
    assert m.marker_paths() + m.cluster_total() == 3
    m.js("mapperMaps[0].timeline.setRange(19600, 19800, true)")
    m.page.wait_for_timeout(300)
    assert m.marker_paths() + m.cluster_total() == 9
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
