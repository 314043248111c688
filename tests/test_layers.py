"""The bundled layers, on the real data: the source fixes, the borders, user files."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from mapper.errors import LayerError
from mapper.spatial import derive_borders, load_layers, locate


@pytest.fixture(scope="module")
def caucasus():
    return load_layers("caucasus")


@pytest.fixture(scope="module")
def world():
    return load_layers("world")


def _district_at(layers, lat: float, lon: float):
    i = locate(np.array([lon]), np.array([lat]), layers.districts)[0]
    return layers.districts.iloc[i] if i >= 0 else None


def test_layers_are_wgs84_and_not_empty(caucasus):
    for frame in (caucasus.countries, caucasus.borders, caucasus.districts):
        assert frame.crs.to_epsg() == 4326
        assert len(frame) > 0
        assert frame.geometry.is_valid.all()


def test_kalbajar_rayon_has_code_az_kal(caucasus):
    rows = caucasus.districts[caucasus.districts.iso_3166_2 == "AZ-KAL"]
    assert rows["name"].tolist() == ["Kalbajar"]
    assert rows["name_local"].iloc[0] == "Kəlbəcər"
    assert "Karvachar" in rows["aliases"].iloc[0].split("|")


def test_lachin_is_named_lachin_with_code_az_lac_and_holds_its_interior(caucasus):
    rows = caucasus.districts[caucasus.districts.iso_3166_2 == "AZ-LAC"]
    assert rows["name"].tolist() == ["Lachin"]
    assert rows["geonameid"].iloc[0] == 147626
    hit = _district_at(caucasus, 39.70, 46.30)
    assert hit["iso_3166_2"] == "AZ-LAC"


def test_only_the_caspian_lankaran_is_lankaran(caucasus):
    d = caucasus.districts
    named = d[d["name"] == "Lankaran"]
    assert named["iso_3166_2"].tolist() == ["AZ-LAN"]
    # On the Caspian coast, south-east Azerbaijan; not the Lachin polygon Natural Earth mislabels.
    point = named.geometry.iloc[0].representative_point()
    assert 48.3 < point.x < 49.0 and 38.4 < point.y < 39.0
    assert not d["name"].str.contains("Lankaran").loc[d.iso_3166_2 == "AZ-LAC"].any()


def test_azerbaijan_and_armenia_codes_are_unique(caucasus):
    d = caucasus.districts[caucasus.districts.country.isin(["AZ", "AM"])]
    assert d["iso_3166_2"].is_unique
    assert len(d[d.country == "AM"]) == 11
    assert {"AZ-XA", "AZ-XCI", "AZ-SAK", "AZ-SA", "AZ-YE", "AZ-YEV", "AZ-NV"} <= set(d.iso_3166_2)
    assert not d["iso_3166_2"].str.contains("~").any()
    khankendi = d[d.iso_3166_2 == "AZ-XA"]
    assert khankendi["name"].iloc[0] == "Khankendi" and "Stepanakert" in khankendi.aliases.iloc[0]


def test_vardenis_town_is_in_gegharkunik_armenia(caucasus):
    hit = _district_at(caucasus, 40.1827, 45.7316)
    assert hit["iso_3166_2"] == "AM-GR" and hit["country"] == "AM"
    assert hit["name"] == "Gegharkunik"


def test_armenia_azerbaijan_border_length_and_sections(caucasus):
    am_az = caucasus.border_between("AZ", "AM")
    total = am_az["length_km"].sum()
    assert 740 <= total <= 770
    by_section = am_az.groupby("section")["length_km"].sum()
    assert by_section["Nakhchivan"] == pytest.approx(208, abs=5)
    assert {"main", "Artsvashen", "Yukhari Askipara", "Barkhudarly"} <= set(by_section.index)


def test_world_border_within_5_percent_of_caucasus(caucasus, world):
    c = caucasus.border_between("AM", "AZ")["length_km"].sum()
    w = world.border_between("AM", "AZ")["length_km"].sum()
    assert abs(w - c) / c < 0.05


def test_world_covers_every_country_and_4000_districts(world):
    assert len(world.countries) == 250
    assert len(world.districts) >= 4000
    assert world.districts["country"].nunique() > 200
    # Lines keep their country pair whatever the continent.
    assert len(world.border_between("IN", "PK")) >= 1


def test_nagorno_karabakh_lies_inside_azerbaijan(caucasus):
    i = locate(np.array([46.75]), np.array([39.82]), caucasus.countries)[0]
    assert caucasus.countries.iloc[i]["iso_a2"] == "AZ"


def test_unknown_region_is_a_clear_error():
    with pytest.raises(LayerError, match="unknown region 'atlantis'"):
        load_layers("atlantis")


def test_missing_user_file_is_a_clear_error(tmp_path):
    with pytest.raises(LayerError, match="not found"):
        load_layers(countries=tmp_path / "nope.gpkg")


def test_user_file_without_crs_is_refused(tmp_path, caucasus):
    # GeoJSON always means WGS84: a shapefile without its .prj has no CRS.
    frame = caucasus.countries[["name", "iso_a2", "geometry"]]
    shp = tmp_path / "nocrs.shp"
    frame.to_file(shp)
    (tmp_path / "nocrs.prj").unlink(missing_ok=True)
    with pytest.raises(LayerError, match="no CRS"):
        load_layers(countries=shp)


def test_empty_user_layer_is_refused(tmp_path, caucasus):
    path = tmp_path / "empty.gpkg"
    caucasus.countries.iloc[:0].to_file(path, layer="countries")
    with pytest.raises(LayerError, match="empty"):
        load_layers(countries=path)


def test_user_layers_in_another_crs_are_reprojected_and_borders_derived(tmp_path, caucasus):
    path = tmp_path / "utm.gpkg"
    countries = caucasus.countries[caucasus.countries.iso_a2.isin(["AM", "AZ", "GE"])]
    countries.to_crs(32638).to_file(path, layer="countries")
    layers = load_layers(path=path)
    assert layers.countries.crs.to_epsg() == 4326
    am_az = layers.border_between("AM", "AZ")
    assert 700 < am_az["length_km"].sum() < 800
    assert layers.districts.empty


def test_derive_borders_finds_shared_edges_only():
    a = shapely.box(0, 0, 1, 1)
    b = shapely.box(1, 0, 2, 1)
    c = shapely.box(5, 5, 6, 6)
    frame = gpd.GeoDataFrame(
        {"name": ["A", "B", "C"], "iso_a2": ["AA", "BB", "CC"]}, geometry=[a, b, c], crs=4326
    )
    borders = derive_borders(frame)
    assert len(borders) == 1
    row = borders.iloc[0]
    assert (row.country_a, row.country_b) == ("AA", "BB")
    assert row.length_km == pytest.approx(110.6, abs=0.5)  # one degree of latitude


def test_codes_are_iso_or_null_never_natural_earth_placeholders(world):
    d = world.districts
    country = d["country"].dropna()
    assert country.str.fullmatch("[A-Z]{2}").all()  # Natural Earth's "-1" for Kashmir etc.
    codes = d["iso_3166_2"].dropna()
    assert codes.str.fullmatch("[A-Z]{2}-[A-Z0-9]{1,3}").all()  # no "-99-X06~"
    assert d.loc[d["name"] == "Kashmir", "country"].isna().all()
    assert world.countries["iso_a2"].dropna().str.fullmatch("[A-Z]{2}").all()
