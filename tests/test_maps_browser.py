"""The map page as a reader uses it, in Debian's Chromium with the network blocked.

Reports written by the team from three borders besides the Caucasus (the Line of Control,
Israel-Lebanon, Russia-Ukraine, in ``tests/data/borders``) go through the real pipeline and
the real ``mapper map`` command. What the page shows after each filter is compared with the
same filter worked out here, in Python, from the payload the page received.
"""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from _browser import browser, chromium, open_map

import mapper
from mapper.contract import EVENT_TYPES, ROLES
from mapper.maps import build_map, save_map, screenshot

ROOT = Path(__file__).resolve().parents[1]
BORDERS = ROOT / "tests" / "data" / "borders"
__all__ = ["chromium"]

pytestmark = [browser, pytest.mark.browser]


@pytest.fixture(scope="module")
def frame():
    return mapper.extract([BORDERS])


@pytest.fixture(scope="module")
def page_map(frame, tmp_path_factory):
    """The three borders on one map (offline), and what its page received."""
    m = build_map(frame, offline=True, near_km=25)
    return m, save_map(m, tmp_path_factory.mktemp("borders") / "borders.html", offline=True)


def expect(m, *, types=None, roles=None, claim_off=(), dates=None, undated=True) -> dict:
    """What the page should show under a filter, worked out from its payload."""
    d = m.mapper["data"]
    s = d["s"]
    types = set(EVENT_TYPES) if types is None else set(types)
    roles = set(ROLES) if roles is None else set(roles)
    type_bits = sum(1 << k for k, t in enumerate(EVENT_TYPES) if t in types)
    passed = []
    for k in range(len(d["ds"])):
        start, end = d["ds"][k], d["de"][k] if d["de"][k] is not None else d["ds"][k]
        when = (
            undated if start is None else dates is None or (start <= dates[1] and end >= dates[0])
        )
        who = (s[d["c"][k]] if d["c"][k] >= 0 else None) not in claim_off
        passed.append(bool(d["tm"][k] & type_bits) and who and when)
    rows = [i for i in range(len(d["lat"])) if passed[d["i"][i]] and ROLES[d["r"][i]] in roles]
    fired = [i for i in rows if d["r"][i] in (0, 1) and d["p"][i] <= 5]
    districts = {(d["dx"][i], d["i"][i]) for i in fired if d["dx"][i] >= 0}
    lines = set()
    for i in rows:
        g = d["bg"][i]
        if g >= 0:
            for j in range(d["bgo"][g], d["bgo"][g + 1], 3):
                lines.add((d["bgr"][j], d["i"][i]))
    spots = {(d["lat"][i], d["lon"][i]) for i in rows if d["p"][i] >= 6}
    return {
        "rows": len(rows),
        "markers": sum(d["p"][i] < 6 for i in rows) + len(spots),
        "incidents": len({d["i"][i] for i in rows}),
        "districts": _counts(districts),
        "borders": _counts(lines),
    }


def _counts(pairs: set[tuple[int, int]]) -> dict[int, int]:
    out: dict[int, int] = {}
    for k, _ in pairs:
        out[k] = out.get(k, 0) + 1
    return out


def shown(m) -> dict:
    """What the page shows now."""
    counts = m.js("mapperMaps[0].districts.counts")
    lines = m.js("mapperMaps[0].borders.counts")
    return {
        "rows": m.js("mapperMaps[0].mask.reduce((a, b) => a + b, 0)"),
        "markers": m.marker_paths(),
        "incidents": m.js("mapperMaps[0].panel.items.length"),
        "districts": {k: n for k, n in enumerate(counts) if n},
        "borders": {k: n for k, n in enumerate(lines) if n},
    }


def _chip(m, group: str, text: str):
    return m.page.locator(f".mf-{group} .mf-chip", has_text=text).locator("input")


# ---- three borders, no region given -----------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "border", "places"),
    [
        ("loc_", "India–Pakistan", {"Punch", "Kotli", "Uri"}),
        ("lebanon_", "Israel–Lebanon", {"Kfar Kila", "Metula", "Qiryat Shmona"}),
        ("ukraine_", "Russia–Ukraine", {"Shebekino", "Vovchansk", "Glushkovo"}),
    ],
)
def test_a_border_maps_from_the_command_with_no_region(prefix, border, places, chromium, tmp_path):
    files = sorted(str(p) for p in BORDERS.glob(prefix + "*"))
    html = tmp_path / "map.html"
    # the default map: online tiles offered as an extra base layer, bundled basemap shown
    done = subprocess.run(
        [sys.executable, "-m", "mapper", "map", *files, "-o", str(html)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    m = open_map(chromium, html, width=1280, height=860)
    assert m.errors == [] and m.dialogs == []
    assert m.foreign_requests == []  # nothing leaves the page, tiles offered or not
    assert border in m.js("document.querySelector('.mapper-title-text').textContent")
    assert m.marker_paths() > 0
    assert m.page.get_by_label("OpenStreetMap (online)").count() == 1
    assert m.page.get_by_label("Map (bundled, works offline)").is_checked()
    labelled = set(m.texts(".mapper-label-place"))
    assert len(labelled & places) >= 2, labelled
    assert m.count(".mapper-country-label") >= 1 and m.count(".mapper-label-town") >= 1
    assert m.count(".mapper-border-near") >= 1  # a stretch near a target or origin
    m.page.close()


# ---- filters -----------------------------------------------------------------------------------


def test_filters_move_markers_shading_borders_and_list_together(page_map, chromium):
    m_py, html = page_map
    m = open_map(chromium, html, width=1280, height=860)
    assert shown(m) == expect(m_py)
    # event type: shelling off
    _chip(m, "types", "Shelling").uncheck()
    want = expect(m_py, types=set(EVENT_TYPES) - {"shelling"})
    assert shown(m) == want and want["incidents"] < expect(m_py)["incidents"]
    assert m.js("mapperMaps[0].panel.listCount.textContent").startswith(f"{want['incidents']} of")
    _chip(m, "types", "Shelling").check()
    # role: places only mentioned off; shading and border stretches do not move
    _chip(m, "roles", "mentioned").uncheck()
    want = expect(m_py, roles={"target", "origin"})
    got = shown(m)
    assert got == want and got["markers"] < expect(m_py)["markers"]
    assert got["districts"] == expect(m_py)["districts"]
    _chip(m, "roles", "mentioned").check()
    # role: targets off; the shading and the highlighted border shrink
    _chip(m, "roles", "target").uncheck()
    want = expect(m_py, roles={"origin", "location"})
    assert shown(m) == want
    assert sum(want["districts"].values()) < sum(expect(m_py)["districts"].values())
    _chip(m, "roles", "target").check()
    # claimant
    claimant = "Ministry of Defence of Russia"
    _chip(m, "claimants", claimant).uncheck()
    assert shown(m) == expect(m_py, claim_off={claimant})
    m.page.click(".mp-reset")
    assert shown(m) == expect(m_py)
    assert m.errors == []
    m.page.close()


def test_brushing_the_histogram_and_play_move_the_dates(page_map, chromium):
    m_py, html = page_map
    m = open_map(chromium, html, width=1280, height=860)
    box = m.page.locator(".mt-hist").bounding_box()
    y = box["y"] + box["height"] / 2
    # drag over the left half of the histogram, as a reader would
    m.page.mouse.move(box["x"] + 2, y)
    m.page.mouse.down()
    m.page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
    m.page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    m.page.mouse.up()
    lo, hi = m.js("[mapperMaps[0].state.lo, mapperMaps[0].state.hi]")
    first, last = m_py.mapper["options"]["range"][:2]
    assert lo == first and first < hi < last
    want = expect(m_py, dates=(lo, hi))
    assert shown(m) == want and 0 < want["incidents"] < expect(m_py)["incidents"]
    bars = m.count(".mt-bar.mt-in")
    assert 0 < bars < m.count(".mt-bar")
    # undated incidents off
    m.page.locator(".mt-undated input").uncheck()
    assert shown(m) == expect(m_py, dates=(lo, hi), undated=False)
    # play: the window moves through time, and everything follows it
    m.page.click(".mt-play")
    m.page.wait_for_function(f"mapperMaps[0].state.lo > {lo}", timeout=10_000)
    m.page.click(".mt-play")  # pause
    assert not m.js("mapperMaps[0].timeline.playing()")
    lo2, hi2 = m.js("[mapperMaps[0].state.lo, mapperMaps[0].state.hi]")
    assert shown(m) == expect(m_py, dates=(lo2, hi2), undated=False)
    m.page.click(".mt-all")
    assert shown(m) == expect(m_py, undated=False)
    m.page.close()


def test_the_url_hash_reopens_the_same_view(page_map, chromium):
    m_py, html = page_map
    m = open_map(chromium, html, width=1280, height=860)
    m.js("void mapperMaps[0].map.setView([50.6, 36.6], 10, {animate: false})")
    _chip(m, "types", "Drone strike").uncheck()
    _chip(m, "roles", "mentioned").uncheck()
    _chip(m, "claimants", "Government of Russia").uncheck()
    first = m_py.mapper["options"]["range"][0]
    m.js(f"void mapperMaps[0].timeline.setRange({first}, {first + 70}, false)")
    m.page.wait_for_timeout(400)
    hash_ = m.js("location.hash")
    assert "map=10/50.6" in hash_ and "types=" in hash_ and "dates=" in hash_
    before = shown(m)
    m.page.close()
    again = open_map(chromium, html, width=1280, height=860, hash=hash_)
    assert again.js("mapperMaps[0].map.getZoom()") == 10
    center = again.js("mapperMaps[0].map.getCenter()")
    assert abs(center["lat"] - 50.6) < 1e-3 and abs(center["lng"] - 36.6) < 1e-3
    assert shown(again) == before
    assert not _chip(again, "types", "Drone strike").is_checked()
    assert not _chip(again, "claimants", "Government of Russia").is_checked()
    assert not again.page.locator(".mt-undated input").is_checked()
    assert shown(again) == expect(
        m_py,
        types=set(EVENT_TYPES) - {"drone_strike"},
        roles={"target", "origin"},
        claim_off={"Government of Russia"},
        dates=(first, first + 70),
        undated=False,
    )
    again.page.close()


def test_a_link_with_a_hostile_hash_is_only_read(page_map, chromium):
    _, html = page_map
    hostile = (
        "#map=abc&claimants=%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D1%3E"
        "&types=%3Cscript%3Ewindow.__xss%3D2%3C%2Fscript%3E&dates=x..y"
    )
    m = open_map(chromium, html, width=1280, height=860, hash=hostile)
    assert m.errors == [] and m.js("window.__xss") is None
    assert m.count("img[src=x]") == 0
    assert m.js("mapperMaps[0].panel.items.length") == 0  # no claimant, no type: nothing
    m.page.click(".mp-reset")
    assert m.js("mapperMaps[0].panel.items.length") > 0
    m.page.close()


def test_clicking_the_list_pans_to_the_incident(page_map, chromium, frame):
    m_py, html = page_map
    m = open_map(chromium, html, width=1280, height=860)
    for k in range(4):
        item = m.page.locator(".ml-item").nth(k)
        inc = int(item.get_attribute("data-incident"))
        m.js("void mapperMaps[0].map.closePopup()")
        m.page.wait_for_function("!document.querySelector('.leaflet-popup')", timeout=5000)
        item.click()
        m.page.wait_for_selector(".leaflet-popup-content", timeout=5000)
        iid = m.js(f"mapperMaps[0].data.s[mapperMaps[0].data.iid[{inc}]]")
        assert iid in m.popup_text()
        rows = frame[(frame["incident_id"] == iid) & (frame["where_prec"] < 6)]
        inside = m.js(
            "(pts) => pts.some(p => mapperMaps[0].map.getBounds().contains(p))",
            rows[["lat", "lon"]].to_numpy().tolist(),
        )
        assert inside or rows.empty
    m.page.close()


# ---- phone, stills, scale ---------------------------------------------------------------------


VISIBLE_MAP = """() => {
  const map = mapperMaps[0].map.getContainer(), step = 10;
  let all = 0, seen = 0;
  for (let y = step / 2; y < innerHeight; y += step) {
    for (let x = step / 2; x < innerWidth; x += step) {
      all++;
      const e = document.elementFromPoint(x, y);
      if (e && map.contains(e) && !e.closest('.leaflet-control')) { seen++; }
    }
  }
  return seen / all;
}"""


def test_on_a_phone_the_controls_fold_into_one_button(page_map, chromium):
    _, html = page_map
    m = open_map(chromium, html, width=390, height=844)
    assert m.js(VISIBLE_MAP) >= 0.6
    assert not m.page.locator(".leaflet-control-layers").is_visible()
    assert not m.page.locator(".mapper-timeline").is_visible()
    assert m.page.locator(".mapper-panel-button button").is_visible()
    m.page.click(".mapper-panel-button button")
    m.page.wait_for_timeout(400)  # the panel slides in
    for part in (".mapper-timeline", ".mapper-legend", ".leaflet-control-layers", ".ml-item"):
        assert m.page.locator(part).first.is_visible(), part
    m.page.locator(".ml-item").first.click()
    m.page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    m.page.wait_for_timeout(400)
    assert m.js(VISIBLE_MAP) >= 0.6  # the panel closed again to show the incident
    assert m.errors == []
    m.page.close()


def test_a_still_has_no_controls(page_map, chromium, tmp_path):
    _, html = page_map
    m = open_map(chromium, html, width=1000, height=700, still=True)
    for hidden in (".leaflet-control-zoom", ".leaflet-control-layers", ".mapper-timeline",
                   ".mapper-panel", ".mapper-panel-button"):  # fmt: skip
        assert not m.page.locator(hidden).is_visible(), hidden
    for kept in (".mapper-title", ".mapper-legend", ".leaflet-control-attribution"):
        assert m.page.locator(kept).is_visible(), kept
    assert "Event type" in m.js("document.querySelector('.mapper-legend').innerText")
    m.page.close()
    png = screenshot(html, tmp_path / "still.png", width=1000, height=700)
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", head[16:24]) == (1000, 700)


def test_many_incidents_draw_with_list_and_histogram(chromium, tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_maps import make_incidents

    from mapper.spatial import load_layers

    frame = make_incidents(20_000, load_layers("caucasus"))
    html = save_map(build_map(frame, offline=True), tmp_path / "many.html", offline=True)
    m = open_map(chromium, html, width=1280, height=860)
    assert m.errors == []
    assert m.js("mapperMaps[0].panel.items.length") == frame["incident_id"].nunique()
    assert m.count(".ml-item") < 60  # only the rows scrolled to are drawn
    assert m.count(".mt-bar") > 20
    assert m.js("window.mapperReadyAt") < 15_000
    m.page.close()


def test_linked_accounts_say_so_in_the_popup(frame, chromium, tmp_path):
    linked = frame.copy()
    ids = sorted(linked["incident_id"].unique())
    # as `mapper extract --link` marks them: two reports of one event, their accounts differ;
    # and one incident whose other reports are not on this map
    pair = linked["incident_id"].isin(ids[:2])
    alone = linked["incident_id"] == ids[2]
    linked["event_id"] = np.where(pair, "ev-1", np.where(alone, "ev-2", None))
    linked["contested"] = np.where(pair | alone, "True", "False")  # as CSV gives them back
    data = build_map(linked, offline=True).mapper["data"]
    assert sum(e >= 0 for e in data["ev"]) == 3 and data["ct"].count(1) == 3
    html = save_map(build_map(linked, offline=True), tmp_path / "l.html", offline=True)
    m = open_map(chromium, html, width=1280, height=860)
    row = int(np.flatnonzero((linked["incident_id"] == ids[0]).to_numpy())[0])
    m.js(f"void mapperMaps[0].inc.openPopup({row})")
    assert "One event, 2 reports" in m.popup_text()  # the pair: one marker, one popup
    assert m.count(".leaflet-popup .mi-account") == 2
    row = int(np.flatnonzero(alone.to_numpy())[0])
    m.js(f"void mapperMaps[0].inc.openPopup({row})")
    m.page.wait_for_timeout(300)
    assert "Linked to an event; the accounts disagree" in m.popup_text()
    other = int(np.flatnonzero((~pair & ~alone).to_numpy())[0])
    m.js(f"void mapperMaps[0].inc.openPopup({other})")
    m.page.wait_for_timeout(300)
    assert "event" not in m.popup_text()
    m.page.close()
