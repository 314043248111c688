"""Tests of mapper.maps.map: the payload, the HTML, and the page in a real (headless) Chromium."""

from __future__ import annotations

import json
import math
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from _browser import browser, chromium, open_map
from shapely.geometry import LineString, Point

import mapper
from mapper.contract import EVENT_TYPES
from mapper.errors import MapError
from mapper.maps import build_map, preview_layers_map, save_map, screenshot
from mapper.maps.overlays import count_bins
from mapper.maps.payload import build_payload, safe_url, script_json
from mapper.maps.view import focus_bounds
from mapper.spatial import join_layers, load_layers
from mapper.spatial.layers import layers_for

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "reports"
__all__ = ["chromium"]  # a fixture, shared with test_maps_browser.py

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


def _drawn(frame: gpd.GeoDataFrame) -> int:
    """Markers the page draws: one per place, one ring per spot of country-wide places."""
    d = build_payload(frame).data
    wide = {(la, lo) for la, lo, p in zip(d["lat"], d["lon"], d["p"], strict=True) if p >= 6}
    return sum(p < 6 for p in d["p"]) + len(wide)


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
    # dates as day numbers: 2023-12-09 is day 19700 since 1970-01-01; one incident undated
    inc = d["i"][0]
    assert (d["ds"][inc], d["de"][inc]) == (19700, 19701)
    assert p.date_range == (19696, 19711, 1)


def test_event_types_and_date_precision_reach_the_page(incidents):
    rows = incidents.copy()
    # as CSV and GeoPackage write them (";"-joined) and as GeoJSON and GeoParquet do (lists)
    rows["event_types"] = [
        "small_arms_fire;casualty", "small_arms_fire;casualty", ["shelling", "drone_strike"],
        None, "incursion", None, "small_arms_fire", "shelling", "shelling",
    ]  # fmt: skip
    rows["date_prec"] = [2, 2, 1, 1, 4, None, 1, 1, 1]
    d = build_payload(rows).data
    bit = {t: 1 << k for k, t in enumerate(EVENT_TYPES)}
    first = [d["i"].index(k) for k in range(len(d["ds"]))]
    masks = [d["tm"][d["i"][r]] for r in first]
    assert masks[0] == bit["small_arms_fire"] | bit["casualty"]
    assert masks[1] == bit["shelling"] | bit["drone_strike"]
    assert masks[2] == bit["drone_strike"]  # no list: the principal kind alone
    assert [d["dp"][d["i"][r]] for r in first][:4] == [2, 1, 1, 4]
    # frames without the new columns still map
    assert build_payload(incidents).data["dp"] == [None] * 7


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


def _district_counts(m) -> dict[str, int]:
    features = m.mapper["shapes"]["districts"]["features"]
    counts = m.mapper["options"]["districtCounts"]
    return {f["properties"]["c"]: n for f, n in zip(features, counts, strict=True) if n}


def test_only_targets_and_origins_shade_districts(incidents, layers):
    m = build_map(incidents, layers, offline=True)
    counts = _district_counts(m)
    assert counts["AM-GR"] == 2  # Vardenis (origin) and Sotk (target)
    assert counts["AZ-KAL"] == 1
    assert counts["AM-TV"] == 1  # Ijevan (target); Berd is only mentioned
    # a dateline in a capital shades nothing
    dateline = incidents.iloc[[SOTK_ROW]].copy()
    dateline[["place", "role", "district", "district_code"]] = ["Yerevan", "location",
                                                                  "Yerevan", "AM-ER"]  # fmt: skip
    dateline["incident_id"] = "dateline#1"
    more = build_map(pd.concat([incidents, dateline]), layers, offline=True)
    assert "AM-ER" not in _district_counts(more)
    # every row has its district's feature (for the page to count what the filters leave)
    data = m.mapper["data"]
    codes = [f["properties"]["c"] for f in m.mapper["shapes"]["districts"]["features"]]
    assert codes[data["dx"][SOTK_ROW]] == "AM-GR"


def test_offline_html_is_self_contained(offline_html):
    page = offline_html.read_text(encoding="utf-8")
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page)
    remote = [t for t in tags if re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", t)]
    assert remote == []
    assert "tile.openstreetmap.org" not in page
    assert "1.9.3" in page  # Leaflet, inlined
    assert "data:image/png;base64," in page  # layer-control icon
    for dropped in ("bootstrap", "font-awesome", "fontawesome", "jquery-"):
        assert dropped not in page.lower()
    assert offline_html.stat().st_size < 1_500_000


def test_online_map_offers_tiles_as_an_extra_layer_and_links_nothing(reports, layers, tmp_path):
    m = build_map(reports, layers, title="Online")
    page = save_map(m, tmp_path / "online.html").read_text(encoding="utf-8")
    # the tile URL is an option of the page's own script, not a link: the page opens offline
    assert "tile.openstreetmap.org" in page
    assert re.search(r"""<(script|link)[^>]+(src|href)=["']?(https?:)?//""", page) is None
    assert m.mapper["options"]["tiles"]["name"] == "OpenStreetMap (online)"
    with pytest.raises(MapError, match="tile layers"):
        save_map(m, tmp_path / "x.html", offline=True)
    assert build_map(reports, layers, tiles=False).mapper["options"]["tiles"] is None
    with pytest.raises(MapError, match="online tiles"):
        build_map(reports, layers, offline=True, tiles=True)
    # past 500 places markers cluster, and the cluster plugin is inlined
    many = build_map(pd.concat([reports] * (500 // len(reports) + 1)), layers, title="Many")
    page = save_map(many, tmp_path / "many.html").read_text(encoding="utf-8")
    assert "markerClusterGroup" in page and many.mapper["options"]["cluster"] is True
    page = save_map(many, tmp_path / "many.html").read_text(encoding="utf-8")
    assert "markerClusterGroup" in page and many.mapper["options"]["cluster"] is True


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


def test_land_outside_the_regions_layers_comes_from_the_world_layer(reports, layers):
    def basemap(frame):
        return build_map(frame, layers, offline=True).mapper["shapes"]["land"]["features"]

    features = basemap(reports)
    names = {f["properties"]["n"] for f in features}
    assert {"Armenia", "Azerbaijan", "Pakistan", "India"} <= names
    srinagar = Point(74.806, 34.086)
    assert any(shapely.geometry.shape(f["geometry"]).contains(srinagar) for f in features)
    caucasus = reports[reports["lon"] < 50]
    assert {f["properties"]["n"] for f in basemap(caucasus)} <= set(layers.countries["name"])


def test_layers_follow_the_incidents():
    caucasus = layers_for(np.array([45.9, 46.0]), np.array([40.2, 40.1]))
    assert caucasus.region == "caucasus"
    kashmir = layers_for(np.array([74.1, 73.9]), np.array([33.8, 33.5]))
    assert kashmir.region == "world"
    both = layers_for(np.array([45.9, 74.1]), np.array([40.2, 33.8]))
    assert both.region == "caucasus+world"
    # the region's own districts inside its box (Azerbaijan's rayons), the world's elsewhere
    codes = set(both.districts["iso_3166_2"].dropna())
    assert "AZ-KAL" in codes and {"IN-JK", "PK-JK"} & codes
    # one feature per country: a country across the box's edge is joined, not cut in two
    near = both.countries.cx[36:54, 34:46]
    assert len(near) > 8 and not near["iso_a2"].dropna().duplicated().any()
    turkey = both.countries[both.countries["iso_a2"] == "TR"].geometry.iloc[0]
    world_turkey = load_layers("world").countries.query("iso_a2 == 'TR'").geometry.iloc[0]
    assert abs(turkey.area - world_turkey.area) < 0.01 * world_turkey.area
    # no border line twice: the region's Armenia-Azerbaijan lines replace the world's
    key = ["country_a", "country_b", "section"]
    world_borders = load_layers("world").borders
    assert both.borders[key].duplicated().sum() == world_borders[key].duplicated().sum()
    assert (both.borders["name"] == "Armenia–Azerbaijan").sum() == 5


BORDERS = Path(__file__).resolve().parent / "data" / "borders"


@pytest.fixture(scope="module")
def far_borders() -> gpd.GeoDataFrame:
    """The real pipeline's output for the team's reports from three other borders."""
    return mapper.extract([BORDERS])


def test_a_report_from_another_border_maps_with_no_region_given(far_borders, tmp_path):
    kashmir = far_borders[far_borders["report_id"].str.startswith("loc_")]
    m = build_map(kashmir, offline=True)
    assert m.mapper["layers"] == "world"
    assert m.mapper["options"]["title"].startswith("India–Pakistan border incidents, ")
    assert "3 Mar 2024" in m.mapper["options"]["title"]
    # the crash of issue 14: the Caucasus layers given, no district of theirs near the places
    caucasus = build_map(kashmir, load_layers("caucasus"), offline=True)
    assert caucasus.mapper["shapes"]["districts"]["features"] == []
    assert save_map(caucasus, tmp_path / "k.html", offline=True).stat().st_size > 100_000
    # names on the basemap: the incidents' places, and towns around them
    places = {p[2] for p in m.mapper["shapes"]["places"]}
    assert {"Punch", "Kotli", "Uri"} <= places
    assert "Srinagar" in {t[2] for t in m.mapper["shapes"]["towns"]} | places


def test_borders_near_targets_and_origins_are_highlighted(incidents, layers):
    m = build_map(incidents, layers, offline=True, near_km=10)
    features = m.mapper["shapes"]["borders"]["features"]
    counts = m.mapper["options"]["borderCounts"]
    keys = [(f["properties"]["n"], f["properties"]["s"]) for f in features]
    near = dict(zip(keys, counts, strict=True))
    assert near[("Armenia–Azerbaijan", "Nakhchivan")] == 1  # Yeraskh -> Sadarak
    assert near[("Armenia–Azerbaijan", "main")] >= 3  # Sotk, Tegh, Alibeyli...
    assert near[("Armenia–Iran", "main")] == 0
    # a place only mentioned highlights nothing: Berd alone gives no stretch
    berd = incidents[incidents["place"] == "Berd"]
    alone = build_map(berd, layers, offline=True, near_km=25)
    assert alone.mapper["data"]["bgr"] == [] and not any(alone.mapper["options"]["borderCounts"])


def test_highlighted_stretches_are_those_within_near_km_of_each_place(far_borders, reports):
    frame = pd.concat([far_borders, reports], ignore_index=True)
    m = build_map(frame, offline=True, near_km=20)
    data, features = m.mapper["data"], m.mapper["shapes"]["borders"]["features"]
    fired = np.flatnonzero(
        np.isin(data["r"], [0, 1]) & (np.asarray(data["p"]) <= 5)
    )  # targets and origins
    checked = 0
    for row in fired[:: max(1, len(fired) // 40)]:
        lat, lon = data["lat"][row], data["lon"][row]
        metres = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +units=m"
        expected = set()
        for k, f in enumerate(features):
            coords = np.asarray(f["geometry"]["coordinates"])
            segs = gpd.GeoSeries(
                [LineString(coords[j : j + 2]) for j in range(len(coords) - 1)], crs=4326
            ).to_crs(metres)
            near = np.flatnonzero(segs.distance(Point(0, 0)).to_numpy() <= 20_000 * 0.99)
            expected |= {(k, int(j)) for j in near}
        got = set()
        g = data["bg"][row]
        if g >= 0:
            for j in range(data["bgo"][g], data["bgo"][g + 1], 3):
                line, v0, v1 = data["bgr"][j : j + 3]
                got |= {(line, s) for s in range(v0, v1)}
        # every segment within 20 km (measured on the ellipsoid; places 1 % of that apart share
        # their stretches) is in; none beyond 20.2 km
        assert expected <= got, (row, sorted(expected - got)[:5])
        for line, s in got - expected:
            coords = np.asarray(features[line]["geometry"]["coordinates"])[s : s + 2]
            seg = gpd.GeoSeries([LineString(coords)], crs=4326).to_crs(metres)
            assert seg.distance(Point(0, 0)).iloc[0] <= 20_200
        checked += bool(got)
    assert checked >= 10


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
    legend = build_map(some, layers, offline=True).mapper["options"]["legend"]
    assert "2 places without coordinates" in legend["note"]


def test_empty_frame_still_draws_a_map(layers, tmp_path):
    empty = gpd.GeoDataFrame({"incident_id": []}, geometry=[], crs=4326)
    m = build_map(empty, layers, offline=True)
    assert m.mapper["options"]["range"] is None and m.mapper["options"]["title"]
    assert save_map(m, tmp_path / "e.html", offline=True).exists()


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
    assert out.stat().st_size < 1_500_000


# ---- `mapper map`: every format `mapper extract` writes, and stills -----------------------


def _mapper(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapper", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.mark.parametrize("suffix", ["csv", "gpkg", "parquet", "geojson"])
def test_map_reads_every_format_extract_writes(suffix, tmp_path):
    incidents = tmp_path / f"incidents.{suffix}"
    done = _mapper("extract", str(BORDERS), "-o", str(incidents))
    assert done.returncode == 0, done.stderr
    html = tmp_path / "map.html"
    again = _mapper("map", str(incidents), "--offline", "-o", str(html))
    assert again.returncode == 0, again.stderr
    assert "reports: 6  mapped: 6" in again.stderr
    page = html.read_text(encoding="utf-8")
    assert "MapperApp.start(" in page and html.stat().st_size > 100_000


def test_map_without_the_browser_extra_says_how_to_install_it(tmp_path):
    # Playwright made unimportable, as on the base install
    code = (
        "import sys; sys.modules['playwright'] = None; sys.modules['playwright.sync_api'] = None;"
        "from mapper.cli import main; sys.argv = ['mapper'] + sys.argv[1:]; main()"
    )
    out = tmp_path / "map.png"
    done = subprocess.run(
        [sys.executable, "-c", code, "map", str(BORDERS / "loc_uri_2024-05-12.md"), "-o", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode != 0
    assert "pip install 'border-incident-mapper[browser]'" in " ".join(done.stderr.split())
    assert not out.exists()


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
    # one marker per place of the frame, one ring per country centre (few enough to draw
    # without clusters)
    assert m.marker_paths() == _drawn(reports) and m.cluster_total() == 0
    labels = m.js("[...document.querySelectorAll('.mapper-country-label')].map(e => e.innerText)")
    assert "ARMENIA" in labels  # upper case by the stylesheet
    names = "[...document.querySelectorAll('.mapper-label-place')].map(e => e.textContent)"
    assert len(m.js(names)) >= 8 and "Tegh" in m.js(names)
    # names that do not fit at one zoom show closer in
    m.js("void mapperMaps[0].map.setView([40.203, 45.939], 11, {animate: false})")
    assert "Sotk" in m.js(names)
    m.js("void mapperMaps[0].map.fitBounds(mapperMaps[0].opts.view, {animate: false})")
    attribution = m.js("document.querySelector('.leaflet-control-attribution').innerText")
    assert "Natural Earth" in attribution and "GeoNames" in attribution
    assert m.js("!!document.querySelector('.leaflet-control-scale')")
    legend = m.js("document.querySelector('.mapper-legend').innerText")
    assert "origin (fired from)" in legend and "Incidents per district" in legend
    assert "Small-arms fire" in m.js("document.querySelector('.mf-types').innerText")
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
    borders = "document.querySelectorAll('.leaflet-mapperBorders-pane path').length"
    n_paths = m.js(borders)
    m.page.get_by_label("Incidents", exact=True).uncheck()
    assert m.marker_paths() == 0
    m.page.get_by_label("International border", exact=True).uncheck()
    assert m.js(borders) == 0 < n_paths
    m.page.get_by_label("Incidents", exact=True).check()
    assert m.marker_paths() == _drawn(reports)
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
    tip = m.js("[...document.querySelectorAll('.leaflet-tooltip')].map(t => t.innerText).join(' ')")
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
    keep = ((start <= hi) & (end >= lo)).to_numpy()
    assert m.marker_paths() == _drawn(reports[keep])
    assert m.js("mapperMaps[0].mask.reduce((a, b) => a + b, 0)") == expected
    m.js("void mapperMaps[0].timeline.setRange(19000, 21000, true)")
    m.page.wait_for_timeout(200)
    assert m.marker_paths() == _drawn(reports)
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
    html = save_map(
        build_map(frame, layers, offline=True, title="<script>window.__xss=10</script>Map"),
        tmp_path / "x.html",
        offline=True,
    )
    page = html.read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<script>window.__xss" not in page
    assert "&lt;script&gt;window.__xss=10&lt;/script&gt;Map" in page  # the page's <title>
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
    # the title, the list, the claimant filter and the place names show it all as text
    assert m.js("document.querySelector('.mapper-title-text').textContent").startswith(
        "<script>window.__xss=10</script>"
    )
    listed = m.js("document.querySelector('.mapper-panel').innerText")
    claimants = m.js("document.querySelector('.mf-claimants').innerText")
    assert "Ministry of Defence" in claimants
    m.page.click(".ml-item")
    m.page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    assert listed and m.js("window.__xss") is None
    assert m.dialogs == [] and m.errors == [] and m.foreign_requests == []
    assert m.js("document.querySelectorAll('.leaflet-popup-content a').length") == 0
    assert m.js("document.querySelectorAll('img[src=x], iframe, svg[onload]').length") == 0
    m.page.close()


@browser
@pytest.mark.browser
def test_report_text_runs_no_script(chromium, incidents, layers, tmp_path):
    # names from a user's gazetteer or layers are no more trusted than report text
    frame = incidents.copy()
    frame.loc[frame.index[XSS_ROW], "place"] = '<img src=x onerror="window.__xss=8">Ijevan'
    frame.loc[frame.index[XSS_ROW], "district"] = "<script>window.__xss=9</script>Tavush"
    html = save_map(
        build_map(frame, layers, offline=True, cluster=False), tmp_path / "x.html", offline=True
    )
    m = open_map(chromium, html)
    # the place's name on the basemap and in the list: text
    spot = [float(frame.iloc[XSS_ROW]["lat"]), float(frame.iloc[XSS_ROW]["lon"])]
    m.js(f"void mapperMaps[0].map.setView({spot}, 11, {{animate: false}})")
    assert '<img src=x onerror="window.__xss=8">Ijevan' in m.texts(".mapper-label-place")
    assert '<img src=x onerror="window.__xss=8">Ijevan' in m.js(
        "document.querySelector('.ml-scroll').innerText"
    )
    m.click_marker(XSS_ROW)
    text = m.popup_text()
    m.page.hover(".leaflet-popup-content .mi-claimant")
    m.page.wait_for_timeout(200)
    assert "<img src=x onerror=" in text and "<script>window.__xss=3</script>" in text
    assert '<b onmouseover="window.__xss=4">claimant</b>' in text
    assert "<script>window.__xss=1</script>Ijevan report" in text
    assert "<script>window.__xss=9</script>Tavush" in text
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
    arrows = m.js("mapperMaps[0].inc._arrowList.map(l => [l._pairs.length / 2, l.options.weight])")
    assert sorted(arrows) == [[1, 2.5], [3, 2.5 + math.log2(3)]]
    assert m.js("mapperMaps[0].map.hasLayer(mapperMaps[0].arrows)")
    m.page.get_by_label("Fire from origin to target", exact=True).uncheck()
    assert not m.js("mapperMaps[0].map.hasLayer(mapperMaps[0].arrows)")
    m.page.close()
