"""The bundled example reports against their hand-made gold (examples/gold.json).

Floors, not perfection: the gold holds hard cases the tool may still miss. The floors are set
a little under what the tool measures today, so a regression fails the suite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mapper

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def gold():
    return json.loads((EXAMPLES / "gold.json").read_text(encoding="utf-8"))["reports"]


@pytest.fixture(scope="module")
def extracted():
    summary = mapper.Summary()
    gdf = mapper.extract(EXAMPLES / "reports", summary=summary)
    return gdf, summary


def _first_hit(rows, place):
    hits = rows[rows["mention"] == place["mention"]].sort_values("start")
    if place["occurrence"]:
        hits = hits.iloc[place["occurrence"] - 1 : place["occurrence"]]
    return None if hits.empty else hits.iloc[0]


def _score(gold, gdf):
    found = resolved = roled = required = 0
    for report in gold:
        rows = gdf[gdf["report_id"] == report["report_id"]]
        for incident in report["incidents"]:
            for place in incident["places"]:
                if not place["required"]:
                    continue
                required += 1
                hit = _first_hit(rows, place)
                if hit is None:
                    continue
                found += 1
                same_id = place["geonameid"] and hit["geonameid"] == place["geonameid"]
                countries = (place["country"], place.get("layer_country"))
                if (hit["place"] == place["place"] or same_id) and hit["country"] in countries:
                    resolved += 1
                    roled += hit["role"] in place["roles_ok"]
    return found / required, resolved / required, roled / required


def test_every_example_report_is_read_and_mapped(extracted, gold):
    gdf, summary = extracted
    assert summary.errors == []
    assert summary.read == len(gold) == summary.mapped
    assert set(gdf["report_id"]) == {r["report_id"] for r in gold}


def test_required_places_are_found_resolved_and_given_their_roles(extracted, gold):
    found, resolved, roled = _score(gold, extracted[0])
    assert found >= 0.95, f"found {found:.0%} of required gold places"
    assert resolved >= 0.85, f"resolved {resolved:.0%} to the gold place and country"
    assert roled >= 0.70, f"{roled:.0%} have an accepted role"


def test_boilerplate_names_are_not_mentions(extracted, gold):
    gdf = extracted[0]
    for report in gold:
        mentions = set(gdf.loc[gdf["report_id"] == report["report_id"], "mention"].str.lower())
        leaked = {name for name in report["absent"] if name.lower() in mentions}
        assert not leaked, f"{report['report_id']}: {leaked}"


def test_event_types_and_start_dates_match_the_gold(extracted, gold):
    gdf = extracted[0]
    total = hits = 0
    for report in gold:
        incidents = gdf[gdf["report_id"] == report["report_id"]].drop_duplicates("incident_id")
        for incident in report["incidents"]:
            if not incident["event_type"]:
                continue
            total += 1
            hits += (incident["event_type"] in set(incidents["event_type"])) and (
                incident["date_start"] in set(incidents["date_start"])
            )
    assert hits / total >= 0.85, f"{hits}/{total} incidents with the gold type and date"


def test_the_two_accounts_of_one_incident_give_opposite_roles(extracted):
    gdf = extracted[0]
    az = gdf[gdf["report_id"] == "az_mod_tovuz_2024-05-18"]
    am = gdf[gdf["report_id"] == "am_mod_chinari_2024-05-18"]
    assert set(az.loc[az["role"] == "target", "country"]) == {"AZ"}
    assert set(am.loc[am["role"] == "target", "country"]) == {"AM"}
    assert set(az["date_start"].dropna()) & set(am["date_start"].dropna())
