"""Joining points to the real bundled layers: countries, districts, border distance."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod

from mapper.spatial import LineIndex, join_layers, load_layers, near_border

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def layers():
    return load_layers("caucasus")


def _points(rows: list[tuple[str, float, float]]) -> gpd.GeoDataFrame:
    names, lats, lons = zip(*rows, strict=True)
    return gpd.GeoDataFrame({"name": names}, geometry=gpd.points_from_xy(lons, lats), crs=4326)


def _brute_force_km(lon: float, lat: float, lines: gpd.GeoSeries) -> float:
    """Geodesic distance to every vertex of finely densified lines: slow but sure."""
    coords = shapely.get_coordinates(shapely.segmentize(lines.values, 0.0002))
    _, _, metres = GEOD.inv(np.full(len(coords), lon), np.full(len(coords), lat), *coords.T)
    return metres.min() / 1000


def test_countries_and_districts_of_known_places(layers):
    gdf = _points([
        ("Vardenis", 40.1827, 45.7316),
        ("Lachin rayon interior", 39.70, 46.30),
        ("Tovuz", 40.9922, 45.6289),
        ("Ijevan", 40.8756, 45.1492),
        ("Nakhchivan", 39.2089, 45.4122),
        ("Baku, on the coast", 40.3777, 49.8920),
    ])  # fmt: skip
    out = join_layers(gdf, layers)
    assert out["country"].tolist() == ["AM", "AZ", "AZ", "AM", "AZ", "AZ"]
    assert out["district_code"].tolist() == ["AM-GR", "AZ-LAC", "AZ-TOV", "AM-TV", "AZ-NV", "AZ-BA"]
    assert out.index.equals(gdf.index)


def test_border_km_is_geodesic_to_within_one_percent(layers):
    rows = [("Vardenis", 40.1827, 45.7316), ("Jermuk", 39.8414, 45.6694),
            ("Sotk", 40.2075, 45.9469), ("Tovuz", 40.9922, 45.6289),
            ("Yerevan", 40.1811, 44.5136), ("Ganja", 40.6828, 46.3606)]  # fmt: skip
    out = join_layers(_points(rows), layers)
    for (name, lat, lon), km in zip(rows, out["border_km"], strict=True):
        expected = _brute_force_km(lon, lat, layers.borders.geometry)
        assert km == pytest.approx(expected, rel=0.01, abs=0.05), name


def test_nearest_border_and_side(layers):
    out = join_layers(
        _points([("Sadarak", 39.7181, 44.8867), ("Zod pass area", 40.2700, 45.9300)]), layers
    )
    assert out["border"].tolist() == ["Armenia–Azerbaijan", "Armenia–Azerbaijan"]
    assert out["border_section"].iloc[0] == "Nakhchivan"
    assert out["side"].iloc[0] == "AZ"


def test_near_border_flag_and_selection(layers):
    gdf = _points([("Sotk", 40.2075, 45.9469), ("Baku", 40.3777, 49.8920)])
    out = join_layers(gdf, layers, near_km=25)
    assert out["near_border"].tolist() == [True, False]
    assert near_border(out, 25)["name"].tolist() == ["Sotk"]


def test_point_outside_every_layer_gets_nulls_not_an_error(layers):
    out = join_layers(_points([("Caspian Sea", 40.5, 50.8)]), layers)
    assert out["country"].iloc[0] is None and out["district"].iloc[0] is None
    assert out["border_km"].iloc[0] > 100


def test_line_index_matches_shapely_on_a_plane_small_case():
    # A meridian segment: the distance of a point 1 degree east at the equator is ~111.3 km.
    index = LineIndex(np.array([shapely.LineString([(0, -1), (0, 1)])]), 0.01)
    found = index.nearest(np.array([1.0]), np.array([0.0]))
    assert found.km[0] == pytest.approx(111.32, abs=0.05)
    assert found.row[0] == 0
    assert index.nearest(np.array([1.0]), np.array([0.0]), max_km=50).row[0] == -1


def test_reprojects_points_in_another_crs(layers):
    gdf = _points([("Vardenis", 40.1827, 45.7316)]).to_crs(32638)
    out = join_layers(gdf, layers)
    assert out["district_code"].iloc[0] == "AM-GR"


def test_places_beyond_a_regional_layer_are_joined_to_the_world_layers(layers):
    out = join_layers(_points([("Poonch", 33.7700, 74.1000), ("Sotk", 40.2075, 45.9469)]), layers)
    assert out["country"].tolist() == ["IN", "AM"]
    assert out["border"].iloc[0] in ("India–Pakistan", "Pakistan–India")
    assert out["border_km"].iloc[0] < 30
    assert out["border"].iloc[1] == "Armenia–Azerbaijan"


def test_a_border_town_beyond_the_regional_layer_keeps_its_gazetteers_country(tmp_path):
    # Goma lies 300 m from the 1:10m DRC-Rwanda line, on its Rwandan side
    import mapper
    from mapper.reports import Report

    text = (
        "KINSHASA, Jan 27 - Congo's army accused Rwandan troops of shelling the town of Sake, "
        "25 km west of Goma, on Saturday."
    )
    gdf = mapper.extract([Report(id="goma", text=text)], layers=load_layers("caucasus"))
    goma = gdf[gdf["mention"] == "Goma"].iloc[0]
    assert (goma["country"], goma["country_source"]) == ("CD", "gazetteer")
