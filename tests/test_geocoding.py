"""Resolving mentions with the document's context; the geopy backend; no network."""

from __future__ import annotations

import socket

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from shapely.geometry import Point

from mapper import settings
from mapper.geocoding import OfflineGeocoder, geocode_text, rank_candidates, resolve_spans
from mapper.layers import load_layers

SEED = (
    "On December 9-10, Armenian units fired at the positions of the Azerbaijani army in "
    "Kalbajar region from their positions in Basarkechar region."
)


def _places(text, **kw):
    return [(r.mention.surface, r.place) for r in geocode_text(text, **kw)]


def _district(code):
    d = load_layers("caucasus").districts
    return d[d.iso_3166_2 == code].geometry.iloc[0]


def test_seed_sentence_resolves_to_kalbajar_district_and_vardenis():
    (s1, kalbajar), (s2, vardenis) = _places(SEED)
    assert (s1, kalbajar.name, kalbajar.kind, kalbajar.country) == (
        "Kalbajar", "Kalbajar", "district", "AZ")  # fmt: skip
    assert kalbajar.where_prec == 3 and kalbajar.admin1 == "AZ-KAL"
    assert _district("AZ-KAL").contains(Point(kalbajar.lon, kalbajar.lat))
    assert (s2, vardenis.geonameid, vardenis.country, vardenis.admin1) == (
        "Basarkechar", 616108, "AM", "AM-GR")  # fmt: skip
    assert vardenis.where_prec == 3  # the former Basarkechar raion, at the town's point


def test_both_vardenis_are_told_apart_by_context():
    east = _places("Azerbaijani forces shelled Vardenis and Sotk near Lake Sevan's east shore.")
    west = _places("A tractor exploded in Vardenis, a village near Aparan in Aragatsotn.")
    assert [p.geonameid for s, p in east if s == "Vardenis"] == [616108]
    assert [p.geonameid for s, p in west if s == "Vardenis"] == [616107]


def test_kalbajar_town_without_a_region_cue():
    [(_, p)] = _places("Shells fell on Karvachar overnight.")
    assert (p.geonameid, p.kind, p.where_prec) == (586268, "settlement", 1)


@pytest.mark.parametrize(
    ("text", "surface", "name", "kind", "prec"),
    [
        ("Positions near Laçın were attacked.", "Laçın", "Lachin", "settlement", 2),
        ("Armenian media call it Berdzor.", "Berdzor", "Lachin", "settlement", 1),
        ("Units fired from the Lachin district.", "Lachin", "Lachin", "district", 3),
        ("Fishermen on Goycha reported gunfire.", "Goycha", "Lake Sevan", "natural", 7),
        ("Baku speaks of the Zangezur corridor.", "Zangezur", "Syunik", "province", 4),
        ("Shots hit homes in Tavush.", "Tavush", "Tavush", "province", 4),
        ("Talks on Armenia's border were held.", "Armenia", "Armenia", "country", 6),
    ],
)
def test_hard_cases(text, surface, name, kind, prec):
    got = {s: p for s, p in _places(text)}
    assert (got[surface].name, got[surface].kind, got[surface].where_prec) == (name, kind, prec)


def test_aghdam_of_tovuz_versus_aghdam_of_karabakh():
    tovuz = _places("Armenian forces shelled Aghdam and Dondar Gushchu villages of Tovuz district.")
    karabakh = _places("Mines were cleared in Aghdam, Fuzuli and Tartar after the war.")
    assert dict(tovuz)["Aghdam"].admin1 == "AZ-TOV"
    assert dict(karabakh)["Aghdam"].geonameid in (148619, 148617)


def test_demonyms_are_context_not_places():
    assert _places("Armenian and Azerbaijani officials met.") == []


def test_capitals_datelines_and_distance_references_stay_places():
    text = (
        "BAKU, Dec 9 (Reuters) - Baku and Yerevan traded accusations over a village "
        "70 km south of Yerevan."
    )
    found = geocode_text(text)
    assert [(r.mention.surface, r.mention.cue) for r in found][:2] == [
        ("BAKU", "dateline"), ("Baku", None)]  # fmt: skip
    assert {r.place.geonameid for r in found} == {587084, 616052}


def test_resolve_spans_uses_the_whole_gazetteer():
    text = "From Soldeu to Kelbajar: the envoy's trip, and nothing at xyzzy."
    spans = [(5, 11), (15, 23), (58, 63)]
    soldeu, kalbajar, nothing = resolve_spans(text, spans)
    assert soldeu.geonameid == 3038999 and soldeu.country == "AD"
    assert kalbajar.geonameid == 586268
    assert nothing is None
    with pytest.raises(ValueError, match="outside the text"):
        resolve_spans(text, [(60, 200)])


def test_rank_candidates_orders_and_prefers_a_country():
    ranked = rank_candidates("Vardenis")
    assert ranked[0].geonameid == 616108
    assert {c.geonameid for c in ranked} >= {616107, 616108}
    assert rank_candidates("Armenia")[0].kind == "country"
    assert rank_candidates("Armenia", country="CO")[0].country == "CO"


def test_offline_geocoder_is_a_geopy_geocoder():
    g = OfflineGeocoder()
    assert isinstance(g, Geocoder)
    loc = g.geocode("Basarkechar")
    assert isinstance(loc, Location) and loc.raw["geonameid"] == 616108
    assert g.geocode("Vardenis", country_codes="AM", exactly_one=False)[0].raw["country"] == "AM"
    assert g.geocode("xyzzy-no-place") is None
    near = g.reverse("40.18, 45.73")
    assert near.raw["geonameid"] == 616108


def test_offline_path_opens_no_socket(monkeypatch):
    assert settings.online_geocoding is False

    def refuse(*args, **kwargs):
        msg = "the offline path tried to open a network connection"
        raise AssertionError(msg)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert _places(SEED)
    assert resolve_spans("Nowhere-ville and Goris", [(0, 13), (18, 23)])[1].geonameid == 174895
    assert rank_candidates("Qzxwv") == []
    assert OfflineGeocoder().geocode("Sotk") is not None


def test_a_place_called_by_its_own_name_beats_a_namesake_by_alternate_name():
    # GeoNames also lists "Jermuk" for Mets Sepasar near Gyumri; the spa town is meant
    found = dict(_places("Monitors based in Gyumri, Ijevan and Jermuk patrolled the border."))
    assert found["Jermuk"].geonameid == 174884
