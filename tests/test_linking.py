"""Linking reports of one event: the rules on real places, the team's report pairs end to end,
the events table, the command line and the API."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import mapper
from mapper import settings
from mapper.errors import ExportError
from mapper.export import empty_incidents
from mapper.linking import (
    accounts_of,
    claimant_side,
    disagreements,
    district_neighbours,
    events,
    link,
    write_events,
)
from mapper.linking.candidates import candidate_pairs, incident_table, link_places

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "linking"

# Real places (GeoNames coordinates): (name, lat, lon, where_prec, country, district, code)
TEGH = ("Tegh", 39.5583, 46.4805, 1, "AM", "Syunik", "AM-SU")
KORNIDZOR = ("Kornidzor", 39.5476, 46.5305, 1, "AM", "Syunik", "AM-SU")
LACHIN_DISTRICT = ("Lachin", 39.7109, 46.2919, 3, "AZ", "Lachin", "AZ-LAC")
GORIS = ("Goris", 39.5111, 46.3417, 1, "AM", "Syunik", "AM-SU")
KAPAN = ("Kapan", 39.2076, 46.4068, 1, "AM", "Syunik", "AM-SU")
BERD = ("Berd", 40.8807, 45.3890, 1, "AM", "Tavush", "AM-TV")
TOVUZ_DISTRICT = ("Tovuz", 40.9205, 45.6514, 3, "AZ", "Tovuz", "AZ-TOV")
KALBAJAR_DISTRICT = ("Kalbajar", 40.0642, 46.3174, 3, "AZ", "Kalbajar", "AZ-KAL")
SOTK = ("Sotk", 40.2001, 45.8695, 1, "AM", "Gegharkunik", "AM-GR")
MARTUNI = ("Martuni", 40.1403, 45.3023, 1, "AM", "Gegharkunik", "AM-GR")
SHEBEKINO = ("Shebekino", 50.4134, 36.9254, 1, "RU", "Belgorod", "RU-BEL")
KHARKIV = ("Kharkiv", 49.9818, 36.2548, 1, "UA", "Kharkiv", "UA-63")


def incident(
    report: str,
    day: str,
    *places: tuple[tuple[str, float, float, int, str, str, str], str],
    n: int = 1,
    end: str | None = None,
    kind: str = "small_arms_fire",
    kinds: str | None = None,
    claimant: str | None = None,
    killed: int | None = None,
    wounded: int | None = None,
    date_prec: int = 1,
    published: str | None = None,
) -> list[dict[str, object]]:
    """Contract rows of one incident: one per (place, role)."""
    return [
        {
            "report_id": report,
            "incident_id": f"{report}#{n}",
            "place": p[0],
            "lat": p[1],
            "lon": p[2],
            "where_prec": p[3],
            "country": p[4],
            "district": p[5],
            "district_code": p[6],
            "role": role,
            "date_start": day or None,
            "date_end": end or day or None,
            "date_prec": date_prec,
            "event_type": kind,
            "event_types": kinds or kind,
            "killed": killed,
            "wounded": wounded,
            "claimant": claimant,
            "source": None,
            "published": published,
        }  # fmt: skip
        for p, role in places
    ]


def frame(*incidents: list[dict[str, object]]) -> gpd.GeoDataFrame:
    df = pd.DataFrame([row for rows in incidents for row in rows])
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs=4326)


def event_of(linked: gpd.GeoDataFrame) -> dict[str, object]:
    first = linked.drop_duplicates("incident_id")
    return dict(zip(first["incident_id"], first["event_id"], strict=True))


def linked_pair(linked: gpd.GeoDataFrame, a: str, b: str) -> bool:
    ev = event_of(linked)
    return ev[a] is not None and ev[a] == ev[b]


@pytest.fixture(scope="module")
def layers():
    return mapper.load_layers("caucasus")


# -- the rules ------------------------------------------------------------------------------


def test_both_sides_with_no_place_name_in_common_link_and_are_contested():
    az = incident("az", "2025-05-11", (TEGH, "origin"), (LACHIN_DISTRICT, "target"),
                  claimant="Ministry of Defence of Azerbaijan")  # fmt: skip
    am = incident("am", "2025-05-11", (KORNIDZOR, "target"),
                  claimant="Ministry of Defence of Armenia")  # fmt: skip
    linked = link(frame(az, am))
    assert linked_pair(linked, "az#1", "am#1")
    assert linked["contested"].all()
    assert linked["event_id"].str.startswith("ev-").all()


def test_an_incident_no_other_report_shares_has_no_event():
    alone = incident("alone", "2025-05-11", (BERD, "origin"), (TOVUZ_DISTRICT, "target"))
    other = incident("other", "2025-05-11", (KORNIDZOR, "target"))
    linked = link(frame(alone, other))
    assert linked["event_id"].isna().all()
    assert linked["contested"].isna().all()
    assert str(linked["contested"].dtype) == "boolean"


def test_a_report_never_links_to_itself_not_even_through_a_third():
    one = incident("wire", "2025-05-11", (KORNIDZOR, "target"), n=1)
    two = incident("wire", "2025-05-11", (TEGH, "target"), n=2)
    third = incident("mod", "2025-05-11", (KORNIDZOR, "target"))
    linked = link(frame(one, two, third))
    ev = event_of(linked)
    assert ev["mod#1"] is not None
    assert ev["wire#1"] == ev["mod#1"]  # the closer account wins
    assert ev["wire#2"] is None
    assert link(frame(one, two))["event_id"].isna().all()


def test_exact_dates_must_overlap_a_fallback_or_a_range_gets_a_day_either_side():
    a = incident("a", "2025-05-11", (KORNIDZOR, "target"))
    next_day = incident("b", "2025-05-12", (KORNIDZOR, "target"))
    assert link(frame(a, next_day))["event_id"].isna().all()
    fallback = incident("b", "2025-05-12", (KORNIDZOR, "target"), date_prec=2)
    assert linked_pair(link(frame(a, fallback)), "a#1", "b#1")
    ranged = incident("b", "2025-05-09", (KORNIDZOR, "target"), end="2025-05-10")
    assert linked_pair(link(frame(a, ranged)), "a#1", "b#1")
    two_days = incident("b", "2025-05-13", (KORNIDZOR, "target"), date_prec=2)
    assert link(frame(a, two_days))["event_id"].isna().all()


def test_an_undated_incident_takes_its_publication_date_as_a_fallback():
    a = incident("a", "2025-05-11", (KORNIDZOR, "target"))
    undated = incident("b", "", (KORNIDZOR, "target"), published="2025-05-12")
    assert linked_pair(link(frame(a, undated)), "a#1", "b#1")
    never = incident("b", "", (KORNIDZOR, "target"))
    assert link(frame(a, never))["event_id"].isna().all()


def test_distance_allowed_follows_the_places_precision():
    # Goris and Kornidzor, both exact, lie ~17 km apart: within the base distance
    goris = incident("a", "2025-05-11", (GORIS, "target"))
    assert linked_pair(link(frame(goris, incident("b", "2025-05-11", (KORNIDZOR, "target")))),
                       "a#1", "b#1")  # fmt: skip
    # Kapan lies ~38 km from Kornidzor: too far for two exact places
    kapan = incident("a", "2025-05-11", (KAPAN, "target"))
    assert (
        link(frame(kapan, incident("b", "2025-05-11", (KORNIDZOR, "target"))))["event_id"]
        .isna()
        .all()
    )
    # ... but a place known only as a district (precision 3) may be that far
    vague = ("Kornidzor", *KORNIDZOR[1:3], 3, "AM", "", "")
    assert linked_pair(link(frame(kapan, incident("b", "2025-05-11", (vague, "target")))),
                       "a#1", "b#1")  # fmt: skip


def test_a_district_links_with_places_in_it_and_in_neighbouring_districts(layers):
    # Sotk (Gegharkunik) lies ~40 km from the Kalbajar district's point, in a neighbouring
    # district; Martuni (Gegharkunik too) ~85 km away, beyond any allowance
    kalbajar = incident("az", "2025-03-16", (KALBAJAR_DISTRICT, "target"))
    sotk = incident("am", "2025-03-16", (SOTK, "target"))
    martuni = incident("am", "2025-03-16", (MARTUNI, "target"))
    assert linked_pair(link(frame(kalbajar, sotk), layers), "az#1", "am#1")
    assert link(frame(kalbajar, martuni), layers)["event_id"].isna().all()
    touching = district_neighbours(layers)
    assert ("AZ-KAL", "AM-GR") in touching and ("AM-GR", "AZ-KAL") in touching
    assert ("AZ-KAL", "AM-TV") not in touching


def test_a_place_named_only_as_context_links_with_that_very_place():
    # one account's target is Kornidzor; the other's (mistaken, far away) is Tovuz district,
    # with Kornidzor named as well
    context = incident("a", "2025-05-11", (TOVUZ_DISTRICT, "target"), (KORNIDZOR, "location"))
    target = incident("b", "2025-05-11", (KORNIDZOR, "target"))
    assert linked_pair(link(frame(context, target)), "a#1", "b#1")
    # near is not enough for a context place (Tegh lies ~4 km from Kornidzor) ...
    near = incident("b", "2025-05-11", (TEGH, "target"))
    assert link(frame(context, near))["event_id"].isna().all()
    # ... nor are two accounts that name it only as context
    both = incident("b", "2025-05-11", (KAPAN, "target"), (KORNIDZOR, "location"))
    assert link(frame(context, both))["event_id"].isna().all()


def test_kinds_must_fit():
    def pair(kind_a: str, kind_b: str) -> bool:
        a = incident("a", "2025-05-11", (KORNIDZOR, "target"), kind=kind_a)
        b = incident("b", "2025-05-11", (KORNIDZOR, "target"), kind=kind_b)
        return linked_pair(link(frame(a, b)), "a#1", "b#1")

    assert pair("shelling", "small_arms_fire")  # sides name the weapons differently
    assert pair("drone_strike", "shelling")
    assert pair("casualty", "incursion")  # a toll says nothing of the weapon
    assert pair("incursion", "incursion")
    assert not pair("incursion", "shelling")
    a = incident("a", "2025-05-11", (KORNIDZOR, "target"), kind="incursion",
                 kinds="incursion;shelling")  # fmt: skip
    b = incident("b", "2025-05-11", (KORNIDZOR, "target"), kind="shelling")
    assert linked_pair(link(frame(a, b)), "a#1", "b#1")


def test_settings_change_the_thresholds(monkeypatch):
    a = incident("a", "2025-05-11", (KAPAN, "target"))
    b = incident("b", "2025-05-11", (KORNIDZOR, "target"))
    assert link(frame(a, b))["event_id"].isna().all()
    monkeypatch.setattr(settings, "link_base_km", 45.0)
    assert linked_pair(link(frame(a, b)), "a#1", "b#1")


def test_the_index_checks_only_near_pairs_of_the_same_days():
    rng = np.random.default_rng(3)
    rows = []
    for i in range(3000):  # one incident a day, each at its own village of the region
        lat, lon = 39.2 + rng.random() * 2, 44.8 + rng.random() * 1.8
        day = str(np.datetime64("2020-01-01") + i)
        rows.append(incident(f"r{i}", day, (("x", lat, lon, 1, "AM", "", ""), "target")))
    first = rows[0][0]
    twin = ("x", first["lat"], first["lon"], 1, "AM", "", "")
    rows.append(incident("twin", "2020-01-01", (twin, "target")))
    gdf = frame(*rows)
    incidents = incident_table(gdf)
    pairs = candidate_pairs(incidents, link_places(gdf, incidents), frozenset())
    ids = incidents["incident_id"].to_numpy()
    assert {(ids[a], ids[b]) for a, b in zip(pairs["a"], pairs["b"], strict=True)} == {
        ("r0#1", "twin#1")
    }


# -- claims side by side ----------------------------------------------------------------------


def test_claimant_sides_come_from_names_peoples_and_profiles():
    assert claimant_side("Ministry of Defence of Azerbaijan") == "AZ"
    assert claimant_side("Armenian MoD") == "AM"
    assert claimant_side("the Pakistani military") == "PK"
    assert claimant_side("Government of Russia; TASS") == "RU"
    assert claimant_side("National Security Service") == "AM"  # a caucasus profile body
    assert claimant_side(None, "APA") == "AZ"  # the outlet, from the caucasus profile
    assert claimant_side("OSCE") is None
    assert claimant_side("Ministry of Defence") is None


def test_contested_needs_opposite_sides_that_disagree():
    def contested(a_rows, b_rows) -> list[str]:
        return disagreements(accounts_of(pd.DataFrame(a_rows + b_rows)))

    az = "Ministry of Defence of Azerbaijan"
    am = "Ministry of Defence of Armenia"
    fired_at_az = incident("a", "2025-06-02", (BERD, "origin"), (TOVUZ_DISTRICT, "target"),
                           claimant=az)  # fmt: skip
    fired_at_am = incident("b", "2025-06-02", (TOVUZ_DISTRICT, "origin"), (BERD, "target"),
                           claimant=am)  # fmt: skip
    assert contested(fired_at_az, fired_at_am) == ["roles"]
    agree = incident("b", "2025-06-02", (BERD, "origin"), (TOVUZ_DISTRICT, "target"),
                     claimant=am)  # fmt: skip
    assert contested(fired_at_az, agree) == []
    hit_az = incident("a", "2025-06-02", (TOVUZ_DISTRICT, "target"), claimant=az)
    hit_am = incident("b", "2025-06-02", (BERD, "target"), claimant=am)
    assert contested(hit_az, hit_am) == ["roles"]  # each says it was fired upon
    tolls = [
        incident("a", "2025-06-02", (BERD, "target"), claimant=az, wounded=0),
        incident("b", "2025-06-02", (BERD, "target"), claimant=am, wounded=1, killed=2),
    ]
    assert contested(*tolls) == ["wounded"]  # killed: only one side gives a figure
    same_side = incident("b", "2025-06-02", (TOVUZ_DISTRICT, "origin"), (BERD, "target"),
                         claimant="Government of Azerbaijan")  # fmt: skip
    assert contested(fired_at_az, same_side) == []
    nobody = incident("b", "2025-06-02", (TOVUZ_DISTRICT, "origin"), (BERD, "target"))
    assert contested(fired_at_az, nobody) == []


def test_events_table_sets_the_accounts_side_by_side(tmp_path):
    az = incident("az", "2025-06-02", (BERD, "origin"), (TOVUZ_DISTRICT, "target"),
                  claimant="Ministry of Defence of Azerbaijan", killed=0, wounded=0)  # fmt: skip
    am = incident("am", "2025-06-02", (TOVUZ_DISTRICT, "origin"), (BERD, "target"),
                  claimant="Ministry of Defence of Armenia", wounded=1,
                  kind="shelling")  # fmt: skip
    alone = incident("far", "2025-06-02", (SHEBEKINO, "target"))
    table = events(frame(az, am, alone))
    assert len(table) == 1
    row = table.iloc[0]
    assert row["reports"] == ["az", "am"] and row["n_reports"] == 2
    assert row["sides"] == ["AZ", "AM"]
    assert row["contested"] and row["contested_on"] == ["roles", "wounded"]
    assert row["wounded_claims"] == "AZ: 0; AM: 1"
    assert (row["wounded_min"], row["wounded_max"]) == (0, 1)
    assert row["event_types"] == ["small_arms_fire", "shelling"]
    assert (row["date_start"], row["date_end"]) == ("2025-06-02", "2025-06-02")
    assert row["place"] in ("Berd", "Tovuz")  # named by both accounts
    by_report = {a["report_id"]: a for a in row["accounts"]}
    assert by_report["az"]["origins"] == ["Berd"] and by_report["az"]["targets"] == ["Tovuz"]
    assert by_report["am"]["origins"] == ["Tovuz"] and by_report["am"]["targets"] == ["Berd"]

    write_events(table, tmp_path / "events.geojson")
    props = json.loads((tmp_path / "events.geojson").read_text())["features"][0]["properties"]
    assert props["accounts"][1]["wounded"] == 1 and props["contested"] is True
    write_events(table, tmp_path / "events.csv")
    back = pd.read_csv(tmp_path / "events.csv")
    assert back.loc[0, "reports"] == "az;am" and back.loc[0, "contested_on"] == "roles;wounded"
    assert json.loads(back.loc[0, "accounts"])[0]["claimant"].endswith("Azerbaijan")
    write_events(table, tmp_path / "events.gpkg")
    assert len(gpd.read_file(tmp_path / "events.gpkg")) == 1
    with pytest.raises(ExportError):
        write_events(table, tmp_path / "events.xlsx")


# -- end to end: the team's report pairs ------------------------------------------------------


@pytest.fixture(scope="module")
def team(layers):
    gdf = mapper.extract(PAIRS / "reports.jsonl", layers=layers)
    return mapper.link(gdf, layers)


def test_team_pairs_link_both_sides_and_nothing_else(team):
    gold = json.loads((PAIRS / "events.json").read_text(encoding="utf-8"))
    ev: dict[str, set[str]] = {}
    for rid, event in zip(team["report_id"], team["event_id"], strict=True):
        if event is not None:
            ev.setdefault(rid, set()).add(event)
    ids = sorted({r["id"] for r in map(json.loads, (PAIRS / "reports.jsonl").open())})
    linked = {frozenset(p) for p in itertools.combinations(ids, 2) if ev.get(p[0], set()) &
              ev.get(p[1], set())}  # fmt: skip
    wanted = {frozenset(p) for e in gold["events"] for p in itertools.combinations(e, 2)}
    assert linked, "nothing linked"
    assert len(linked & wanted) / len(linked) >= 0.85  # the target precision
    for a, b, _why in gold["must_not_link"]:
        assert frozenset((a, b)) not in linked
    # the Caucasus pairs: places the gazetteer has, claimants the tool reads
    for event in gold["events"][:4]:
        assert all(frozenset(p) in linked for p in itertools.combinations(event, 2)), event


def test_team_pairs_contested_where_the_sides_disagree(team):
    first = team.drop_duplicates("report_id").set_index("report_id")
    assert first.at["e2-az-kalbajar", "contested"]  # opposite origin and target
    assert first.at["e3-az-gazakh", "contested"]  # and 0 against 1 wounded
    assert not first.at["e12-am-khoznavar", "contested"]  # one side only


# -- command line and API ---------------------------------------------------------------------


def _mapper(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapper", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip


def test_extract_link_and_events_commands(tmp_path):
    rows = [json.loads(line) for line in (PAIRS / "reports.jsonl").open(encoding="utf-8")]
    subset = tmp_path / "reports.jsonl"
    subset.write_text(
        "".join(json.dumps(r) + "\n" for r in rows if r["id"].startswith(("e3-", "n2-"))),
        encoding="utf-8",
    )
    incidents = tmp_path / "incidents.geojson"
    done = _mapper("extract", str(subset), "-o", str(incidents), "--link")
    assert done.returncode == 0, done.stderr
    assert "linked 2 incidents into 1 events" in done.stderr
    props = [f["properties"] for f in json.loads(incidents.read_text())["features"]]
    by_report = {p["report_id"]: p for p in props}
    assert by_report["e3-az-gazakh"]["event_id"] == by_report["e3-am-berkaber"]["event_id"]
    assert by_report["e3-az-gazakh"]["contested"] is True
    assert by_report["n2-az-tovuz"]["event_id"] is None
    assert by_report["n2-az-tovuz"]["contested"] is None

    out = tmp_path / "events.csv"
    done = _mapper("events", str(incidents), "-o", str(out))
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out)
    assert len(table) == 1 and table.loc[0, "reports"] == "e3-az-gazakh;e3-am-berkaber"
    assert table.loc[0, "sides"] == "AZ;AM" and bool(table.loc[0, "contested"])
    done = _mapper("events", str(incidents), "-o", str(tmp_path / "events.txt"))
    assert done.returncode == 2 and "unknown events format" in done.stderr
    assert not (tmp_path / "events.txt").exists()


def test_the_api_names_link_and_events():
    assert mapper.link is link and mapper.events is events
    empty = mapper.link(empty_incidents())
    assert list(empty.columns[-2:]) == ["event_id", "contested"] and empty.empty
