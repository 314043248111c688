"""Linked events on the map: one marker per event, the accounts side by side, the contested
filter. The team's own reports (``tests/data/events``: two ministries on one night near
Kalbajar/Sotk with opposite origin and target, two reports of one side on Chinari, one report
alone near Gazakh) go through the real pipeline, ``mapper extract --link`` and ``mapper map``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from _browser import browser, chromium, open_map

import mapper
from mapper.maps import build_map, save_map
from mapper.maps.events import CONTESTED_COLOR, WHY_BITS
from mapper.maps.payload import build_payload

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ROOT / "tests" / "data" / "events"
AZ, AM = "az_mod_kalbajar_2025-04-08", "am_mod_sotk_2025-04-08"
CHINARI = ("am_mod_chinari_2025-04-03", "armenpress_chinari_2025-04-03")
ALONE = "az_sbs_gazakh_2025-03-20"
__all__ = ["chromium"]


@pytest.fixture(scope="module")
def linked():
    layers = mapper.load_layers("caucasus")
    return mapper.link(mapper.extract([EVENTS], layers=layers), layers)


def _by_report(data: dict) -> dict[str, int]:
    """Incident number in the payload of each report (one incident each)."""
    s = data["s"]
    return {s[code]: inc for inc, code in enumerate(data["rid"])}


def _text(data: dict, code: int) -> str | None:
    return data["s"][code] if code >= 0 else None


# ---- the payload ------------------------------------------------------------------------


def test_each_linked_event_is_one_marker_with_each_accounts_side(linked):
    payload = build_payload(linked)
    d = payload.data
    inc = _by_report(d)
    assert d["ei"][inc[AZ]] == d["ei"][inc[AM]] >= 0
    assert d["ei"][inc[CHINARI[0]]] == d["ei"][inc[CHINARI[1]]] >= 0
    assert d["ei"][inc[AZ]] != d["ei"][inc[CHINARI[0]]]
    assert d["ei"][inc[ALONE]] == -1
    assert len(d["E"]["lat"]) == 2
    # the side each claimant speaks for; none for an incident drawn on its own
    assert _text(d, d["sd"][inc[AZ]]) == "AZ" and _text(d, d["sd"][inc[AM]]) == "AM"
    assert d["sd"][inc[ALONE]] == -1
    kalbajar = d["ei"][inc[AZ]]
    assert d["E"]["why"][kalbajar] == WHY_BITS["roles"] | WHY_BITS["wounded"]
    assert d["E"]["why"][d["ei"][inc[CHINARI[0]]]] == 0  # one side only: nothing contested
    # each side gets its own arrow colour and dash
    sides = {s["key"]: s for s in payload.sides}
    assert set(sides) == {"AZ", "AM"}
    assert sides["AZ"]["color"] != sides["AM"]["color"]
    assert sides["AZ"]["dash"] != sides["AM"]["dash"]
    assert sides["AZ"]["label"] == "Azerbaijan"


def test_the_markers_place_and_disagreements_are_those_of_the_events_table(linked):
    d = build_payload(linked).data
    table = mapper.events(linked).set_index("event_id")
    assert len(table) == len(d["E"]["id"])
    for e, code in enumerate(d["E"]["id"]):
        row = table.loc[_text(d, code)]
        assert _text(d, d["E"]["pl"][e]) == row["place"]
        assert (d["E"]["lat"][e], d["E"]["lon"][e]) == (round(row["lat"], 5), round(row["lon"], 5))
        why = {w for w, bit in WHY_BITS.items() if d["E"]["why"][e] & bit}
        assert why == set(row["contested_on"])
    kalbajar = d["E"]["id"].index(d["s"].index(linked.loc[linked["report_id"] == AZ,
                                                           "event_id"].iloc[0]))  # fmt: skip
    assert _text(d, d["E"]["pl"][kalbajar]) == "Kalbajar"  # named by both ministries


def test_an_event_with_one_account_on_the_map_draws_as_an_incident(linked):
    alone = linked[linked["report_id"].isin([AZ, ALONE])]
    payload = build_payload(alone)
    d = payload.data
    assert d["ei"] == [-1, -1] and d["E"]["lat"] == [] and payload.sides == []
    assert sorted(e >= 0 for e in d["ev"]) == [False, True]  # its popup still says "linked"
    legend = build_map(alone, offline=True).mapper["options"]["legend"]
    assert "events" not in {s["key"] for s in legend["sections"]}


def test_the_legend_explains_event_markers_and_the_sides_arrows(linked):
    options = build_map(linked, offline=True).mapper["options"]
    section = next(s for s in options["legend"]["sections"] if s["key"] == "events")
    labels = [item["label"] for item in section["items"]]
    assert labels[:2] == ["one event, several reports", "contested: the accounts disagree"]
    assert section["items"][1]["symbol"]["stroke"] == CONTESTED_COLOR
    assert {"fire as Azerbaijan claims it", "fire as Armenia claims it"} <= set(labels)
    arrows = {i["label"]: i["symbol"] for i in section["items"] if i["symbol"].get("line")}
    side = {s["label"]: s for s in options["sides"]}
    assert arrows["fire as Armenia claims it"]["dash"] == side["Armenia"]["dash"]


def test_without_linking_nothing_is_grouped(linked):
    plain = linked.drop(columns=["event_id", "contested"])
    d = build_payload(plain).data
    assert set(d["ei"]) == {-1} and set(d["ev"]) == {-1} and set(d["ct"]) == {None}


# ---- in Chromium --------------------------------------------------------------------------


def _mapper(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mapper", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def _rows_of(m, report: str) -> list[int]:
    return m.js(
        "(r) => { const d = mapperMaps[0].data; return d.i.map((inc, k) => [inc, k])"
        ".filter(p => d.s[d.rid[p[0]]] === r).map(p => p[1]); }",
        report,
    )


def _events_drawn(m) -> dict[str, int]:
    return {
        "markers": m.marker_paths(),
        "events": m.count(".leaflet-mapperMarkers-pane path.mi-event"),
        "contested": m.count(".leaflet-mapperMarkers-pane path.mi-event-contested"),
    }


@browser
@pytest.mark.browser
def test_both_accounts_in_one_popup_and_the_contested_filter(chromium, tmp_path):
    incidents, html = tmp_path / "incidents.geojson", tmp_path / "map.html"
    _mapper("extract", str(EVENTS), "-o", str(incidents), "--link")
    _mapper("map", str(incidents), "-o", str(html), "--offline")
    m = open_map(chromium, html, width=1400, height=900)
    assert m.errors == [] and m.foreign_requests == []
    # eleven places of five reports: two events of two reports each, one marker each, and
    # a marker per place of the report no other shares
    assert m.js("mapperMaps[0].data.lat.length") == 11
    alone = len(_rows_of(m, ALONE))
    assert alone == 2
    assert _events_drawn(m) == {"markers": 2 + alone, "events": 2, "contested": 1}

    m.click_marker(_rows_of(m, AZ)[0])
    text = m.popup_text()
    assert "One event, 2 reports" in text and "Contested: the accounts disagree" in text
    claimants = m.texts(".leaflet-popup .mi-acc-claimant")
    assert sorted(claimants) == ["Ministry of Defence of Armenia",
                                 "Ministry of Defence of Azerbaijan"]  # fmt: skip
    columns = m.js(
        "[...document.querySelectorAll('.leaflet-popup .mi-account')].map(c => ["
        "c.querySelector('.mi-acc-claimant').textContent,"
        "c.querySelector('.mi-acc-origin').textContent,"
        "c.querySelector('.mi-acc-casualties').textContent])"
    )
    by_claimant = {c[0]: c[1:] for c in columns}
    az = by_claimant["Ministry of Defence of Azerbaijan"]
    am = by_claimant["Ministry of Defence of Armenia"]
    assert az == ["Fired from: Vardenis", "Casualties claimed: none"]
    assert am == ["Fired from: Kalbajar", "Casualties claimed: 1 wounded"]
    assert "Report: " + AZ in text and "Report: " + AM in text
    # side by side: the columns stand next to each other, not one under the other
    tops = m.js(
        "[...document.querySelectorAll('.leaflet-popup .mi-account')]"
        ".map(c => Math.round(c.getBoundingClientRect().top))"
    )
    assert len(tops) == 2 and tops[0] == tops[1]
    # each account's arrows in its side's colour and dash
    strokes = m.js(
        "[...document.querySelectorAll('.leaflet-mapperArrows-pane path')]"
        ".map(p => (p.getAttribute('stroke') || '') + '|'"
        " + (p.getAttribute('stroke-dasharray') || ''))"
    )
    sides = {s["key"]: f"{s['color']}|{s['dash']}" for s in m.js("mapperMaps[0].opts.sides")}
    assert sides["AZ"] != sides["AM"] and {sides["AZ"], sides["AM"]} <= set(strokes)

    m.click_marker(_rows_of(m, CHINARI[0])[0])
    text = m.popup_text()
    assert "One event, 2 reports" in text and "Contested" not in text

    # contested events only: the contested event stays, the others go
    m.page.locator(".mf-contested input").check()
    m.page.wait_for_timeout(200)
    assert _events_drawn(m) == {"markers": 1, "events": 1, "contested": 1}
    assert m.js("mapperMaps[0].panel.items.length") == 2  # its two accounts, in the list
    assert "contested=1" in m.js("mapperMaps[0].hashText()")
    # with the time filter: a window before that night hides it; the filters combine
    first_april = m.js("Date.UTC(2025, 3, 1) / 86400000")
    m.js(f"void mapperMaps[0].setTime({first_april}, {first_april + 3}, true)")
    assert _events_drawn(m)["markers"] == 0
    m.page.locator(".mf-contested input").uncheck()
    m.page.wait_for_timeout(200)
    assert _events_drawn(m) == {"markers": 1, "events": 1, "contested": 0}  # Chinari
    m.page.close()

    # a shared link with the filter on opens with it on
    again = open_map(chromium, html, width=1400, height=900, hash="#contested=1")
    assert again.page.locator(".mf-contested input").is_checked()
    assert _events_drawn(again) == {"markers": 1, "events": 1, "contested": 1}
    again.page.close()


@browser
@pytest.mark.browser
def test_account_text_is_only_text(linked, chromium, tmp_path):
    hostile = linked.copy()
    mine = hostile["report_id"] == AZ
    hostile.loc[mine, "claimant"] = '<img src=x onerror="window.__xss=1">Ministry of Azerbaijan'
    hostile.loc[mine, "snippet"] = "<script>window.__xss=2</script> fire near Kalbajar"
    html = save_map(build_map(hostile, offline=True), tmp_path / "x.html", offline=True)
    m = open_map(chromium, html)
    row = int(mine.to_numpy().nonzero()[0][0])
    m.click_marker(row)
    assert "<img src=x" in m.popup_text() and "<script>" in m.popup_text()
    assert m.js("window.__xss === undefined") and m.count(".leaflet-popup img") == 0
    assert m.errors == [] and m.dialogs == []
    m.page.close()


def _page_data(page: Path) -> dict:
    """The data a page's script draws from (gzip and base64 in the page)."""
    import base64
    import gzip
    import json
    import re

    blob = re.findall(r'"(H4sI[A-Za-z0-9+/=]+)"', page.read_text(encoding="utf-8"))[0]
    return json.loads(gzip.decompress(base64.b64decode(blob)))["d"]


def test_map_links_reports_it_reads_when_asked(tmp_path):
    linked_page, plain_page = tmp_path / "linked.html", tmp_path / "plain.html"
    base = [sys.executable, "-m", "mapper", "map", str(EVENTS), "--offline"]
    run = subprocess.run([*base, "--link", "-o", str(linked_page)], capture_output=True,
                         text=True, check=True)  # fmt: skip
    subprocess.run([*base, "-o", str(plain_page)], capture_output=True, check=True)
    assert "into 2 events" in run.stderr
    linked_ev = [e for e in _page_data(linked_page)["ev"] if e >= 0]
    assert len(linked_ev) == 4 and len(set(linked_ev)) == 2  # two reports on each event
    assert all(e < 0 for e in _page_data(plain_page)["ev"])
