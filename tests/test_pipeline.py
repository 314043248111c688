"""The whole pipeline on real files: reports in, contract rows out, every report accounted for."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

import mapper
import mapper.export
from mapper.contract import CONTRACT_COLUMNS
from mapper.errors import InputError
from mapper.pipeline import Summary, extract
from mapper.reports import Report

SEED = (
    "On December 9-10, Armenian units fired at the positions of the Azerbaijani army in "
    "Kalbajar region from their positions in Basarkechar region."
)


@pytest.fixture(scope="module")
def layers():
    return mapper.load_layers("caucasus")


def test_seed_sentence_gives_origin_vardenis_and_target_kalbajar(layers):
    report = Report(id="seed", text=SEED, published=dt.date(2023, 12, 11), source="APA")
    gdf = extract([report], layers=layers)
    assert list(gdf.columns[: len(CONTRACT_COLUMNS)]) == list(CONTRACT_COLUMNS)
    by_role = {r.role: r for r in gdf.itertuples()}
    assert set(by_role) == {"origin", "target"}
    origin, target = by_role["origin"], by_role["target"]
    assert origin.place == "Vardenis" and origin.country == "AM"
    assert origin.district_code == "AM-GR"
    assert target.place == "Kalbajar" and target.country == "AZ" and target.kind == "district"
    assert target.district_code == "AZ-KAL" and target.where_prec == 3
    assert SEED[target.start : target.end] == target.mention
    assert (target.date_start, target.date_end) == ("2023-12-09", "2023-12-10")
    assert target.event_type == "small_arms_fire"
    assert target.incident_id == "seed#1" and target.report_id == "seed"
    assert 0 < origin.border_km < 25 and origin.near_border
    assert 0 < target.border_km < 60  # the district's representative point


def test_every_report_is_accounted_for(tmp_path, layers):
    (tmp_path / "good.txt").write_text("Shelling near Sotk\n\n" + SEED, encoding="utf-8")
    (tmp_path / "noplace.txt").write_text("Nothing happened today.\n\nAll quiet.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    rows = [
        {"id": "r1", "text": SEED, "published": "2024-12-11"},
        {"id": "r2", "text": "Mortar fire hit Tegh village in Syunik on Monday."},
    ]
    lines = [json.dumps(r) for r in rows]
    lines.insert(1, "{broken json")
    (tmp_path / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = Summary()
    gdf = extract(tmp_path, layers=layers, summary=summary)
    assert summary.total == 6
    # "Nothing happened today": no event word, so no incident, and counted as such
    assert summary.mapped == 3 and summary.no_incident == 1 and summary.no_place == 0
    assert len(summary.errors) == 2 and "no incident: 1" in summary.lines()[0]
    assert {e.report for e in summary.errors} >= {"empty"} or any(
        "empty" in str(e) for e in summary.errors
    )
    assert any("wire" in str(e) for e in summary.errors)
    assert set(gdf["report_id"]) == {"good", "r1", "r2"}
    assert summary.places == len(gdf)


def test_near_km_keeps_only_places_near_a_border(layers):
    text = "Drone strike reported near Sotk. Officials met in Baku to discuss the strike."
    report = Report(id="n", text=text, published=dt.date(2024, 5, 2))
    everything = extract([report], layers=layers)
    near = extract([report], layers=layers, near_km=25)
    assert len(near) < len(everything)
    assert (near["border_km"] <= 25).all()


def test_no_place_gives_an_empty_contract_frame_and_says_so(layers):
    quiet = Report(id="quiet", text="Shots were fired today. Nobody was hurt.")
    with pytest.warns(UserWarning, match="no place found: 1"):
        gdf = extract([quiet], layers=layers)
    assert len(gdf) == 0
    assert list(gdf.columns[: len(CONTRACT_COLUMNS)]) == list(CONTRACT_COLUMNS)


def test_no_event_word_gives_no_incident_and_says_so(layers):
    calm = Report(id="calm", text="Markets in Tbilisi rallied on Tuesday. Trade via Gyumri grew.")
    summary = Summary()
    with pytest.warns(UserWarning, match="no incident: 1"):
        gdf = extract([calm], layers=layers, summary=summary)
    assert len(gdf) == 0 and (summary.no_incident, summary.no_place) == (1, 0)


def test_no_input_at_all_is_an_error_not_an_empty_frame(layers):
    with pytest.raises(InputError, match="no reports given"):
        extract([], layers=layers)


def test_unreadable_dates_are_warnings_in_the_summary(tmp_path, layers):
    (tmp_path / "odd.md").write_text(
        "---\ntitle: Fire near Sotk\npublished: sometime last spring\n---\n\n"
        "On December 32, mortar fire hit positions near Sotk.\n",
        encoding="utf-8",
    )
    summary = Summary()
    gdf = extract(tmp_path, layers=layers, summary=summary)
    assert summary.mapped == 1 and not summary.errors
    assert any(w.startswith("odd: ") for w in summary.warnings)
    assert summary.warning_count == len(summary.warnings) >= 1
    assert gdf["date_start"].isna().all()
    assert any("warning" in line for line in summary.lines())


def test_country_and_province_points_name_no_unrelated_district(layers):
    text = (
        "Azerbaijan's State Border Service said a drone was shot down over the Sadarak district "
        "of the Nakhchivan Autonomous Republic. Armenia denied it; Syunik province was calm."
    )
    # a country gives a row only where it is the finest place the incident names
    vague = "Mortar shells fired from Azerbaijan landed in Armenia."
    reports = [
        Report(id=i, text=t, published=dt.date(2024, 3, 1)) for i, t in [("w", text), ("v", vague)]
    ]
    gdf = extract(reports, layers=layers)
    by_place = {r.place: r for r in gdf.itertuples()}
    assert pd.isna(by_place["Azerbaijan"].district) and pd.isna(by_place["Armenia"].district_code)
    assert set(gdf[gdf["report_id"] == "w"]["kind"]) >= {"district", "province"}
    assert "country" not in set(gdf[gdf["report_id"] == "w"]["kind"])
    assert pd.isna(by_place["Nakhchivan"].district_code)
    assert by_place["Syunik"].district_code == "AM-SU"
    assert by_place["Sadarak"].district_code == "AZ-SAD"


def test_border_villages_keep_their_own_country_and_district(layers):
    # GeoNames puts Kornidzor (Syunik, Armenia) 1 km inside Azerbaijan's 1:10m polygon, and
    # Lachin town inside the Shusha polygon: the gazetteer's country and district win there.
    text = "Shots were fired near Kornidzor in Syunik and on the road to Lachin town on Monday."
    gdf = extract([Report(id="k", text=text, published=dt.date(2024, 3, 6))], layers=layers)
    by_place = {r.place: r for r in gdf.itertuples()}
    kornidzor = by_place["Kornidzor"]
    assert (kornidzor.country, kornidzor.district_code) == ("AM", "AM-SU")
    assert kornidzor.country_source == "gazetteer" and kornidzor.side == "AM"
    assert by_place["Lachin"].district_code == "AZ-LAC"
    assert by_place["Syunik"].country_source == "polygon"


def test_nakhchivan_border_village_takes_its_rayon(layers):
    # GeoNames' Heydarabad (coded AZ-NX, the autonomous republic) lies 0.4 km inside Armenia's
    # 1:10m polygon: it keeps Azerbaijan and takes the nearest rayon, Sadarak.
    text = "Mortar fire hit Heydarabad village of Sadarak district on 17 January."
    gdf = extract([Report(id="h", text=text, published=dt.date(2024, 1, 18))], layers=layers)
    row = gdf[gdf["place"] == "Heydarabad"].iloc[0]
    assert (row["country"], row["district_code"], row["country_source"]) == (
        "AZ",
        "AZ-SAD",
        "gazetteer",
    )


def test_warnings_are_counted_but_only_the_first_thousand_kept():
    summary = Summary()
    for i in range(1500):
        summary.warn([f"r{i}: published date cannot be read"])
    assert summary.warning_count == 1500 and len(summary.warnings) == 1000
    assert "  … and 1480 more warnings (-v shows them)" in summary.lines()
    verbose = summary.lines(verbose=True)
    assert sum(line.startswith("  warning: ") for line in verbose) == 1000
    assert "  … and 500 more warnings" in verbose


# --- the API takes what users give it, and never returns an unexplained empty frame ----------

TEGH = "Mortar fire hit Tegh village in Syunik on 3 May 2024."


def test_a_string_of_text_is_a_report(layers):
    with pytest.warns(UserWarning, match="warnings: 1"):  # "on Monday" with no date
        gdf = extract("Shelling near Sotk on Monday, the ministry said.", layers=layers)
    assert gdf["place"].tolist() == ["Sotk"] and gdf["report_id"].tolist() == ["text:1"]


def test_lists_of_texts_and_rows_dicts_and_dataframes(layers):
    texts = extract([SEED, TEGH], layers=layers)
    assert set(texts["report_id"]) == {"text:1", "text:2"}
    rows = extract(
        [{"id": "a", "text": TEGH}, {"text": SEED, "published": "2023-12-11"}], layers=layers
    )
    assert set(rows["report_id"]) == {"a", "row:2"}
    assert set(extract({"id": "one", "text": TEGH}, layers=layers)["report_id"]) == {"one"}
    frame = pd.DataFrame({"id": ["x", "y"], "body": [TEGH, SEED]})
    gdf = extract(frame, layers=layers, text_column="body")
    assert set(gdf["report_id"]) == {"x", "y"}


def test_what_cannot_be_reports_is_a_clear_error(tmp_path, layers):
    with pytest.raises(InputError, match="no such file or folder"):
        extract(str(tmp_path / "reprots"), layers=layers)
    with pytest.raises(InputError, match="no such file or folder"):
        extract("examples/reprots", layers=layers)
    with pytest.raises(InputError, match="None"):
        extract(None, layers=layers)
    with pytest.raises(InputError, match="cannot read reports from a int"):
        extract(42, layers=layers)
    with pytest.raises(InputError, match="no 'text' column"):
        extract(pd.DataFrame({"notes": [TEGH]}), layers=layers)
    # the text column goes by other names news exports give it
    assert len(extract(pd.DataFrame({"body": [TEGH]}), layers=layers)) > 0
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="no report could be read: .*empty"):
        extract(tmp_path, layers=layers)


def test_lone_surrogates_and_repeated_ids_through_the_api(layers):
    reports = [
        Report(id="r\ud800", text="Mortar fire hit Tegh \udcff village on 3 May 2024."),
        Report(id="dup", text=SEED, published=dt.date(2023, 12, 11)),
        Report(id="dup", text=TEGH),
    ]
    summary = Summary()
    gdf = extract(reports, layers=layers, summary=summary)
    assert summary.read == 3 and not summary.errors
    assert {"r\ufffd", "dup", "dup~2"} == set(gdf["report_id"])
    assert gdf.groupby("incident_id")["report_id"].nunique().max() == 1  # never merged
    assert any("undecodable characters replaced" in w for w in summary.warnings)
    assert any(w.startswith("dup~2: duplicate id 'dup'") for w in summary.warnings)
    mapper.export.to_geojson(gdf)  # every text can be written


def test_one_slow_report_times_out_and_the_others_go_on(layers):
    # sentences that differ, so that no per-sentence memo makes the long report quick
    slow = Report(id="slow", text=" ".join(f"{SEED} Post {i} was hit." for i in range(3000)))
    quick = Report(id="quick", text=TEGH)
    summary = Summary()
    frames = list(mapper.iter_batches([slow, quick], layers, summary=summary, time_limit_s=0.05))
    assert [e.report for e in summary.errors] == ["slow"]
    assert "took longer than 0.05 s" in summary.errors[0].problem
    assert summary.mapped == 1 and set(pd.concat(frames)["report_id"]) == {"quick"}
