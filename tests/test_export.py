"""Writing incidents in every format and reading them back."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import geopandas as gpd
import pandas as pd
import pyogrio
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


FORMATS = [".geojson", ".gpkg", ".csv", ".parquet"]


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if ".partial-" in p.name)


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_run_that_fails_halfway_keeps_the_earlier_file_whole(tmp_path, incidents, suffix):
    path = write(incidents, tmp_path / f"prev{suffix}")
    before = path.read_bytes()
    with pytest.raises(RuntimeError), IncidentWriter(path) as out:
        out.write(incidents)
        assert _leftovers(tmp_path), "rows go to a partial file beside the target"
        raise RuntimeError("the pipeline failed after one batch")
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []
    assert len(read_incidents(path)) == len(incidents)


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_finished_run_replaces_the_earlier_file(tmp_path, incidents, suffix):
    path = write(incidents, tmp_path / f"prev{suffix}")
    write(incidents.iloc[:1], path)
    assert len(read_incidents(path)) == 1
    assert _leftovers(tmp_path) == []


def test_an_unwritable_output_fails_before_any_work(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        IncidentWriter(tmp_path / "file" / "out.csv")
    (tmp_path / "dir.geojson").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        IncidentWriter(tmp_path / "dir.geojson")
    with pytest.raises(ExportError, match="standard output takes GeoJSON or CSV"):
        IncidentWriter("-", "gpkg")


def test_csv_read_back_keeps_texts_and_integers(tmp_path, incidents):
    odd = incidents.copy()
    odd["claimant"] = ["NULL", "None"]
    odd["source"] = ["nan", "NA"]
    odd["title"] = ["", None]
    back = read_incidents(write(odd, tmp_path / "odd.csv"))
    assert back["claimant"].tolist() == ["NULL", "None"]
    assert back["source"].tolist() == ["nan", "NA"]
    assert back["title"].tolist() == [None, None]
    assert str(back["start"].dtype) == "Int64" and str(back["wounded"].dtype) == "Int64"
    assert back["wounded"].tolist() == [1, 1]
    assert back["geonameid"].tolist() == incidents["geonameid"].tolist()


def test_numbers_out_of_range_in_an_incidents_file_are_null(tmp_path, incidents):
    path = write(incidents, tmp_path / "big.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["wounded"] = "1e400"
    doc["features"][1]["properties"]["killed"] = 1e300
    doc["features"][1]["properties"]["start"] = "2.5"
    path.write_text(json.dumps(doc), encoding="utf-8")
    back = read_incidents(path)
    assert back["wounded"].isna().tolist()[0] and back["killed"].isna().all()
    assert back["start"].isna().tolist()[1]


AZ_TEXT = (
    "On December 9, Armenian units fired at the positions of the Azerbaijani army in Kalbajar "
    "district from Vardenis district, the Ministry of Defence of Azerbaijan said."
)
AM_TEXT = (
    "On December 9, Azerbaijani forces fired from the Kalbajar direction at Armenian combat "
    "positions near Sotk, the Ministry of Defence of Armenia said. No one was hurt."
)
FAR_TEXT = "On December 2, shots were fired at the village of Chinari in Tavush province."


@pytest.fixture(scope="module")
def linked():
    """Both ministries on one night (contested) and a report alone: `mapper extract --link`."""
    day = dt.date(2023, 12, 11)
    reports = [
        Report(id="az-mod", text=AZ_TEXT, published=day),
        Report(id="am-mod", text=AM_TEXT, published=day),
        Report(id="far", text=FAR_TEXT, published=day),
    ]
    layers = mapper.load_layers()
    return mapper.link(mapper.extract(reports, layers=layers), layers)


def _flags_by_report(gdf) -> dict[str, object]:
    first = gdf.drop_duplicates("report_id")
    flags = zip(first["report_id"], first["contested"], strict=True)
    return {r: (None if v is pd.NA else v) for r, v in flags}


def _column_type(gpkg, column: str) -> str:
    with sqlite3.connect(gpkg) as db:
        return {row[1]: row[2] for row in db.execute("PRAGMA table_info(incidents)")}[column]


@pytest.mark.parametrize("suffix", FORMATS)
def test_contested_stays_a_true_false_column_in_every_format(tmp_path, linked, suffix):
    assert _flags_by_report(linked) == {"az-mod": True, "am-mod": True, "far": None}
    back = read_incidents(write(linked, tmp_path / f"linked{suffix}"))
    assert str(back["contested"].dtype) == "boolean"
    assert _flags_by_report(back) == {"az-mod": True, "am-mod": True, "far": None}
    first = back.drop_duplicates("report_id").set_index("report_id")["event_id"]
    assert first["az-mod"] == first["am-mod"] and first["az-mod"].startswith("ev-")
    assert first["far"] is None
    # written again from what was read (GeoPackage gave 1.0/NaN, CSV text): still a flag
    again = read_incidents(write(back, tmp_path / f"again{suffix}"))
    assert _flags_by_report(again) == {"az-mod": True, "am-mod": True, "far": None}


def test_geopackage_stores_contested_as_a_boolean_field(tmp_path, linked):
    path = write(linked, tmp_path / "linked.gpkg")
    assert _column_type(path, "contested") == "BOOLEAN"
    info = pyogrio.read_info(path)
    assert dict(zip(info["fields"], info["dtypes"], strict=True))["contested"] == "bool"
    # the round trip that made it a float field before: read back, written again
    again = write(read_incidents(path), tmp_path / "again.gpkg")
    assert _column_type(again, "contested") == "BOOLEAN"
