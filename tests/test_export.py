"""Writing incidents in every format and reading them back."""

from __future__ import annotations

import datetime as dt
import json

import geopandas as gpd
import pytest

import mapper
from mapper.contract import CONTRACT_COLUMNS
from mapper.errors import ExportError
from mapper.export import IncidentWriter, read_incidents, write
from mapper.reports import Report

TEXT = (
    "On December 9-10, Armenian units fired at the positions of the Azerbaijani army in "
    "Kalbajar region from their positions in Basarkechar region. One serviceman was wounded."
)


@pytest.fixture(scope="module")
def incidents():
    report = Report(
        id="az-mod", text=TEXT, published=dt.date(2023, 12, 11), url="https://mod.gov.az/x"
    )
    return mapper.extract([report], layers=mapper.load_layers())


def test_geojson_is_the_contract(tmp_path, incidents):
    path = write(incidents, tmp_path / "out.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == len(incidents) == 2
    for feature in doc["features"]:
        props = feature["properties"]
        assert list(props)[: len(CONTRACT_COLUMNS)] == list(CONTRACT_COLUMNS)
        assert feature["geometry"]["type"] == "Point"
        assert feature["geometry"]["coordinates"] == [props["lon"], props["lat"]]
        assert isinstance(props["start"], int) and isinstance(props["where_prec"], int)
        assert props["date_start"] == "2023-12-09"
        assert props["wounded"] == 1 and props["killed"] is None


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv", ".parquet"])
def test_round_trip(tmp_path, incidents, suffix):
    path = write(incidents, tmp_path / f"out{suffix}")
    back = read_incidents(path)
    assert isinstance(back, gpd.GeoDataFrame) and back.crs.to_epsg() == 4326
    assert sorted(back["place"]) == sorted(incidents["place"])
    assert sorted(back["role"]) == ["origin", "target"]
    assert back["date_start"].tolist() == ["2023-12-09", "2023-12-09"]
    assert back.geometry.x.round(4).tolist() == back["lon"].astype(float).round(4).tolist()


def test_unknown_format_and_missing_folder_are_clear_errors(tmp_path, incidents):
    with pytest.raises(ExportError, match="unknown output format '.xlsx'"):
        write(incidents, tmp_path / "out.xlsx")
    with pytest.raises(ExportError, match="does not exist"):
        write(incidents, tmp_path / "nope" / "out.geojson")


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv", ".parquet"])
def test_writer_appends_batches_into_one_valid_file(tmp_path, incidents, suffix):
    path = tmp_path / f"stream{suffix}"
    with IncidentWriter(path) as out:
        out.write(incidents)
        out.write(incidents.iloc[:1])
    back = read_incidents(path)
    assert len(back) == out.rows == len(incidents) + 1
    assert back["incident_id"].tolist()[-1] == incidents["incident_id"].iloc[0]


def test_writer_removes_a_partial_file_when_the_run_fails(tmp_path, incidents):
    path = tmp_path / "partial.geojson"
    with pytest.raises(RuntimeError), IncidentWriter(path) as out:
        out.write(incidents)
        raise RuntimeError("disk full")
    assert not path.exists()


def test_an_empty_run_still_writes_a_valid_empty_file(tmp_path):
    path = tmp_path / "empty.geojson"
    with IncidentWriter(path):
        pass
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "type": "FeatureCollection",
        "features": [],
    }
