"""Incident extraction on reports we wrote, with the real gazetteer and geocoder."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from mapper.contract import EVENT_TYPES
from mapper.geocoding import geocode_text
from mapper.incidents import Incident, extract_incidents
from mapper.reports import Report, read_reports, read_text_report

DATA = Path(__file__).parent / "data"
DEC11 = dt.date(2023, 12, 11)  # a Monday

MISSION = (
    "On December 9-10, Armenian units fired at the positions of the Azerbaijani army in "
    "Kalbajar region from their positions in Basarkechar region."
)


def _extract(
    text: str, published: dt.date | None = DEC11, source: str | None = None, id: str = "r"
) -> list[Incident]:
    report = Report(id=id, text=text, published=published, source=source)
    return extract_incidents(report, geocode_text(text))


def _roles(incident: Incident) -> list[tuple[str, str, str]]:
    return [(p.resolved.mention.surface, p.resolved.place.name, p.role) for p in incident.places]


def _role_of(incidents: list[Incident], surface: str) -> str:
    roles = {p.role for i in incidents for p in i.places if p.resolved.mention.surface == surface}
    assert len(roles) == 1, (surface, roles)
    return roles.pop()


def _file(name: str) -> Report:
    (report,) = [r for r in read_reports([DATA / "reports" / name]) if isinstance(r, Report)]
    return report


def _rows(name: str) -> dict[str, Report]:
    return {r.id: r for r in read_reports([DATA / "reports" / name]) if isinstance(r, Report)}


def _run(report: Report) -> list[Incident]:
    return extract_incidents(report, geocode_text(report.text))


# --- the mission's example -------------------------------------------------------------------


def test_mission_example_gives_origin_and_target_with_dates_of_the_publication_year() -> None:
    (incident,) = _extract(MISSION)
    assert [(p.resolved.place.name, p.resolved.place.country, p.role) for p in incident.places] == [
        ("Kalbajar", "AZ", "target"),
        ("Vardenis", "AM", "origin"),
    ]
    assert (incident.date_start, incident.date_end) == (dt.date(2023, 12, 9), dt.date(2023, 12, 10))
    assert incident.event_type == "small_arms_fire"
    assert incident.incident_id == "r#1" and incident.report_id == "r"
    assert all(p.snippet == MISSION for p in incident.places)
    assert incident.warnings == []


def test_year_less_date_after_publication_takes_the_year_before() -> None:
    (incident,) = _extract(MISSION, published=dt.date(2024, 1, 5))
    assert (incident.date_start, incident.date_end) == (dt.date(2023, 12, 9), dt.date(2023, 12, 10))


# --- reports in four styles ------------------------------------------------------------------


def test_azerbaijani_ministry_statement() -> None:
    (incident,) = _run(_file("az_mod_kalbajar.txt"))
    assert [(s, r) for s, _, r in _roles(incident)] == [
        ("Kalbajar", "target"),  # the headline
        ("Kalbajar", "target"),
        ("Basarkechar", "origin"),
        ("Azerbaijan", "actor"),  # inside "the Ministry of Defense of Azerbaijan"
    ]
    assert incident.claimant == "Ministry of Defence of Azerbaijan"
    assert (incident.killed, incident.wounded) == (0, 0)  # "There were no casualties"
    # no publication date: a year-less date stays empty and the incident says why
    assert incident.date_start is None and incident.date_end is None
    assert incident.warnings == [
        "az_mod_kalbajar: no year in 'December 9-10' and no publication date to take it from "
        "(sentence 2); date left empty"
    ]


def test_armenian_ministry_statement_with_two_incidents() -> None:
    first, second = _run(_file("am_mod_tegh.md"))
    assert first.incident_id == "am_mod_tegh#1" and second.incident_id == "am_mod_tegh#2"
    assert first.event_type == "small_arms_fire"
    assert (first.date_start, first.date_end) == (dt.date(2023, 12, 8), dt.date(2023, 12, 8))
    assert (first.killed, first.wounded) == (None, 1)
    assert [(s, r) for s, _, r in _roles(first)] == [
        ("Armenia", "actor"),
        ("Tegh", "target"),
        ("Syunik", "target"),  # "Tegh in Syunik province" shares Tegh's role
        ("Gyumri", "location"),  # the wounded soldier's hometown
    ]
    assert second.event_type == "drone_strike"
    assert (second.date_start, second.killed, second.wounded) == (dt.date(2023, 12, 8), 0, 0)
    assert [(s, r) for s, _, r in _roles(second)] == [("Sotk", "target"), ("Gegharkunik", "target")]
    for incident in (first, second):
        assert incident.claimant == "Ministry of Defence of Armenia"
        assert incident.source == "mil.am"
        assert incident.reported == dt.date(2023, 12, 9)
    gyumri = first.places[3]
    assert gyumri.snippet == "Private Arman Petrosyan, a native of Gyumri, is in stable condition."


def test_wire_report_with_dateline_capitals_and_last_night() -> None:
    (incident,) = _run(_file("wire_baku.html"))
    roles = [(s, r) for s, _, r in _roles(incident)]
    assert roles == [
        ("Azerbaijan", "actor"),  # "Azerbaijan says": a government, not a place of fire
        ("Lachin", "target"),
        ("BAKU", "location"),  # dateline
        ("Azerbaijan", "actor"),
        ("Lachin", "target"),
        ("Goris", "origin"),
        ("Armenia", "actor"),
        ("Baku", "state"),  # "Baku and Yerevan have traded accusations"
        ("Yerevan", "state"),
    ]
    assert incident.event_type == "shelling"
    assert (incident.date_start, incident.date_end) == (
        dt.date(2023, 12, 10),
        dt.date(2023, 12, 11),
    )
    assert (incident.killed, incident.wounded) == (None, 2)
    assert incident.claimant == "Ministry of Defence of Azerbaijan"
    assert incident.source == "Example Wire"


def test_wire_without_source_field_takes_the_outlet_from_the_dateline() -> None:
    text = _file("wire_baku.html").text
    (incident,) = _extract(text, published=DEC11)
    assert incident.source == "Reuters"


def test_dateline_with_year_stands_in_for_an_unknown_publication_date() -> None:
    text = "BAKU, Dec 11, 2023 (APA) - Armenian units fired at positions in Lachin last night."
    (incident,) = _extract(text, published=None)
    assert (incident.date_start, incident.date_end) == (
        dt.date(2023, 12, 10),
        dt.date(2023, 12, 11),
    )
    assert incident.source == "APA"
    assert incident.reported == dt.date(2023, 12, 11)


def test_monitoring_bulletins_heard_shots_and_distances_stay_locations() -> None:
    rows = _rows("euma_bulletins.jsonl")
    (heard,) = _run(rows["euma-2023-12-12"])
    assert [(s, r) for s, _, r in _roles(heard)] == [
        ("Ijevan", "location"),
        ("Dilijan", "location"),
    ]
    assert heard.event_type == "small_arms_fire"
    assert heard.date_start == dt.date(2023, 12, 11)  # "on Monday evening", published Tuesday
    assert heard.claimant == "EU Monitoring Mission in Armenia"
    assert heard.source == "EUMA"
    (shelled,) = _run(rows["42"])
    assert shelled.event_type == "shelling"
    assert (shelled.killed, shelled.wounded) == (3, 5)
    assert shelled.date_start == dt.date(2023, 12, 12)  # "yesterday"
    # "the Defense Ministry said" on an Armenian outlet
    assert shelled.claimant == "Ministry of Defence of Armenia"


def test_csv_wires() -> None:
    rows = _rows("wires.csv")
    (sofulu,) = _run(rows["apa-881"])
    assert [(s, r) for s, _, r in _roles(sofulu)] == [
        ("Sofulu", "target"),
        ("Gazakh", "target"),
        ("Berkaber", "origin"),
    ]
    assert sofulu.date_start == dt.date(2023, 12, 7)  # "On Thursday", published that Thursday
    assert (sofulu.event_type, sofulu.wounded, sofulu.source) == ("shelling", 2, "APA")
    (untitled,) = _run(rows["wires:3"])
    assert untitled.source == "Trend"  # from the text: "Trend reports"
    assert [r for _, _, r in _roles(untitled)] == ["target", "target"]
    (nakhchivan,) = _run(rows["trend-17"])
    assert [(s, r) for s, _, r in _roles(nakhchivan)] == [
        ("Yeraskh", "origin"),  # "units stationed in the direction of Yeraskh opened fire"
        ("Sadarak", "target"),
        ("Nakhchivan", "target"),
    ]
    assert (nakhchivan.killed, nakhchivan.date_start) == (1, dt.date(2023, 12, 4))


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("from 14:35 to 15:30 on December 8", dt.date(2023, 12, 8), dt.date(2023, 12, 8)),
        ("on 9 December", dt.date(2023, 12, 9), dt.date(2023, 12, 9)),
        ("on the night of December 9 to 10", dt.date(2023, 12, 9), dt.date(2023, 12, 10)),
        ("on 30-31 December 2022", dt.date(2022, 12, 30), dt.date(2022, 12, 31)),
        ("between December 30 and January 2", dt.date(2022, 12, 30), dt.date(2023, 1, 2)),
        ("on 2023-12-05", dt.date(2023, 12, 5), dt.date(2023, 12, 5)),
        ("on 05.12.2023", dt.date(2023, 12, 5), dt.date(2023, 12, 5)),
        ("on Thursday", dt.date(2023, 12, 7), dt.date(2023, 12, 7)),
        ("last Monday", dt.date(2023, 12, 4), dt.date(2023, 12, 4)),
        ("yesterday", dt.date(2023, 12, 10), dt.date(2023, 12, 10)),
        ("last night", dt.date(2023, 12, 10), dt.date(2023, 12, 11)),
        ("overnight", dt.date(2023, 12, 10), dt.date(2023, 12, 11)),
        ("this morning", dt.date(2023, 12, 11), dt.date(2023, 12, 11)),
    ],
)
def test_dates(phrase: str, start: dt.date, end: dt.date) -> None:
    (incident,) = _extract(f"Armenian units fired at positions in Lachin {phrase}.")
    assert (incident.date_start, incident.date_end) == (start, end)


def test_a_date_that_cannot_be_parsed_gives_null_dates_and_a_warning() -> None:
    (report,) = [r for r in read_reports([DATA / "bad" / "bad_date.md"]) if isinstance(r, Report)]
    (incident,) = _run(report)
    assert incident.date_start is None and incident.date_end is None
    assert incident.warnings == [
        "bad_date: cannot parse date 'December 32': day is out of range for month (sentence 1); "
        "date left empty"
    ]
    assert [(s, r) for s, _, r in _roles(incident)] == [("Lachin", "target"), ("Goris", "origin")]
    assert incident.wounded == 2


def test_relative_dates_without_publication_date_stay_empty_with_a_warning() -> None:
    (incident,) = _extract(
        "Armenian units fired at positions in Lachin last night.", published=None
    )
    assert incident.date_start is None
    assert "relative date 'last night' with no publication date" in incident.warnings[0]


def test_the_day_a_ministry_spoke_is_not_the_day_of_the_incident() -> None:
    (incident,) = _extract(
        "The Defence Ministry said on Monday that units fired at positions in Lachin on December 9."
    )
    assert (incident.date_start, incident.date_end) == (dt.date(2023, 12, 9), dt.date(2023, 12, 9))


# --- kinds and casualties --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Armenian units fired small arms at positions in Lachin.", "small_arms_fire"),
        ("Positions in Lachin came under mortar fire.", "shelling"),
        ("Artillery shelled the village of Tegh.", "shelling"),
        ("Positions in Lachin were hit by a grenade launcher.", "shelling"),
        ("An Azerbaijani drone struck a truck near Sotk.", "drone_strike"),
        ("A UAV attacked positions in Kalbajar.", "drone_strike"),
        ("A sabotage group tried to cross the border near Tegh.", "incursion"),
        ("A soldier was wounded near Tegh.", "casualty"),
        ("Azerbaijani troops advanced several hundred metres into Armenia near Kut.", "incursion"),
        ("Soldiers crossed the state border near Jermuk at dawn.", "incursion"),
        ("A unit entered the territory of Armenia near Sotk.", "incursion"),
        ("Azerbaijani troops occupied positions near Jermuk.", "incursion"),
        ("Border guards stopped an infiltration near Berkaber.", "incursion"),
        ("Armenian soldiers violated the border near Gazakh.", "incursion"),
        ("The unit moved 800 metres deep into the Tavush province.", "incursion"),
        ("A quadcopter was shot down over Lachin.", "drone_strike"),
        ("Air defence downed a UAV near Goris.", "drone_strike"),
        # a ceasefire violation is fire of no named kind: unspecified fire is small arms fire
        ("Armenian forces violated the ceasefire in Lachin.", "small_arms_fire"),
    ],
)
def test_event_types(sentence: str, kind: str) -> None:
    (incident,) = _extract(sentence)
    assert incident.event_type == kind
    assert incident.event_type in EVENT_TYPES


@pytest.mark.parametrize(
    ("sentence", "killed", "wounded"),
    [
        ("Shelling of Tegh killed two servicemen and wounded twenty-one civilians.", 2, 21),
        ("One soldier was killed and three were wounded in Lachin.", 1, 3),
        ("In Tegh no one was killed, but 4 soldiers were injured.", 0, 4),
        ("Sergeant Aliyev, a serviceman of the army, was wounded in Lachin.", None, 1),
        ("Shots were fired at Tegh. Nobody was hurt.", None, 0),
        ("Mortars hit Sotk; there were no casualties.", 0, 0),
        ("Mortars hit Sotk. Neither side reported any casualties.", 0, 0),
        ("Gunfire hit Tegh. There are no losses among the personnel.", 0, 0),
        ("Artillery hit Sotk.", None, None),
        ("Armenian forces shelled Sofulu, wounding a woman.", None, 1),
        ("The attack on Tegh left two soldiers dead.", 2, None),
    ],
)
def test_casualty_counts_in_digits_and_words(
    sentence: str, killed: int | None, wounded: int | None
) -> None:
    (incident,) = _extract(sentence)
    assert (incident.killed, incident.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    ("sentence", "killed", "wounded"),
    [
        (
            "Azerbaijani artillery shelled Goris and Kapan overnight, killing at least 37 "
            "Armenian servicemen, the ministry said.",
            37,
            None,
        ),
        ("Mortar fire on Sotk killed more than 20 soldiers and wounded up to 15 others.", 20, 15),
        ("Drones struck posts near Kut, killing two servicemen and wounding nine.", 2, 9),
        ("Shelling of Tegh left three soldiers dead and four injured.", 3, 4),
        ("The strike on Jermuk left six conscripts injured.", None, 6),
        ("Near Lachin 58 soldiers were killed.", 58, None),
        ("Fire on Kalbajar killed forty-one servicemen.", 41, None),
        ("Fighting near Vardenis has killed some 1,150 people.", 1150, None),
    ],
)
def test_casualty_counts_with_qualifiers_participles_and_large_numbers(
    sentence: str, killed: int | None, wounded: int | None
) -> None:
    (incident,) = _extract(sentence)
    assert (incident.killed, incident.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        (
            "Mortars hit Goris, killing two soldiers. The death toll rose to 63 on Wednesday.",
            63,
            None,
        ),
        # a toll is a total: not added to the count beside it
        ("Two soldiers died near Sotk, bringing the death toll to 63.", 63, None),
        ("Artillery hit Kapan. The number of wounded servicemen reached 112.", None, 112),
        # reports restate counts: the largest stated per incident, not a sum of sentences
        (
            "Drones struck Jermuk, killing at least 12 soldiers. "
            "Twelve soldiers were killed and 30 were wounded, the ministry said.",
            12,
            30,
        ),
    ],
)
def test_tolls_and_restated_counts_give_the_largest_number(
    text: str, killed: int | None, wounded: int | None
) -> None:
    (incident,) = _extract(text, published=dt.date(2022, 9, 13))
    assert (incident.killed, incident.wounded) == (killed, wounded)


def test_casualty_counts_ignore_dates_and_times() -> None:
    (incident,) = _extract("On December 9, 2023 at 14:35 two soldiers were wounded in Lachin.")
    assert (incident.killed, incident.wounded) == (None, 2)


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Azerbaijani forces fired at Armenia's Tegh from Kalbajar.",
            [("Armenia", "location"), ("Tegh", "target"), ("Kalbajar", "origin")],
        ),
        (
            "Armenian units fired at the Kalbajar section of the state border.",
            [("Kalbajar", "target")],
        ),
        (
            "Armenian units fired at positions in Kalbajar, Lachin and Zangilan from Goris.",
            [
                ("Kalbajar", "target"),
                ("Lachin", "target"),
                ("Zangilan", "target"),
                ("Goris", "origin"),
            ],
        ),
        (
            "Positions in Lachin came under fire from the direction of Goris.",
            [("Lachin", "target"), ("Goris", "origin")],
        ),
        (
            "Armenian units in Goris opened fire in the direction of Lachin.",
            [("Goris", "origin"), ("Lachin", "target")],
        ),
        (
            "Yerevan accused Baku of shelling Sotk.",
            [("Yerevan", "state"), ("Baku", "location"), ("Sotk", "target")],
        ),
        (
            "Mortars hit Jabrayil, 70 km south of Shusha.",
            [("Jabrayil", "target"), ("Shusha", "location")],
        ),
        (
            "A soldier from Ganja was wounded by sniper fire in Lachin.",
            [("Ganja", "location"), ("Lachin", "target")],
        ),
        (
            "Residents of Ijevan heard gunfire from the direction of Gazakh.",
            [("Ijevan", "location"), ("Gazakh", "location")],
        ),
    ],
)
def test_roles(sentence: str, expected: list[tuple[str, str]]) -> None:
    (incident,) = _extract(sentence)
    assert [(s, r) for s, _, r in _roles(incident)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the Azerbaijani ministry's usual wording
            "Units of the Armenian armed forces stationed in the direction of the Basarkechar "
            "region subjected to fire the positions of the Azerbaijani army units stationed in "
            "the direction of the Kalbajar region.",
            [("Basarkechar", "origin"), ("Kalbajar", "target")],
        ),
        (  # the Armenian ministry's: the place in brackets
            "The Azerbaijani units opened fire from firearms of different calibers in the "
            "direction of the Armenian combat positions located in the eastern part of the "
            "border (Norabak).",
            [("Norabak", "target")],
        ),
        (
            "Azerbaijani positions in the Kalbajar direction were subjected to fire.",
            [("Kalbajar", "target")],
        ),
        (
            "The State Border Service said its posts in Gubadli district came under fire "
            "overnight from the territory of Armenia.",
            [("Gubadli", "target"), ("Armenia", "origin")],
        ),
        (  # Kemerli is not in the gazetteer; Gazakh still holds both villages
            "Armenian forces shelled Sofulu and Kemerli villages of Gazakh district.",
            [("Sofulu", "target"), ("Gazakh", "target")],
        ),
        (
            "Residents of Sotk said shooting could be heard from the direction of Kalbajar.",
            [("Sotk", "location"), ("Kalbajar", "location")],
        ),
    ],
)
def test_roles_in_ministry_and_wire_wording(text: str, expected: list[tuple[str, str]]) -> None:
    (incident,) = _extract(text)
    assert [(s, r) for s, _, r in _roles(incident)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a country inside an army's or a ministry's name is no place under fire
            "Armenian units opened fire on positions of the Azerbaijan Army near Zangilan.",
            [("Azerbaijan", "actor"), ("Zangilan", "target")],
        ),
        (
            "Units of the Armed Forces of Azerbaijan shelled the village of Sotk.",
            [("Azerbaijan", "actor"), ("Sotk", "target")],
        ),
        (
            "Armenia's armed forces fired toward Gubadli, Azerbaijan's Defence Ministry said.",
            [("Armenia", "actor"), ("Gubadli", "target"), ("Azerbaijan", "actor")],
        ),
        (
            "The leadership of Armenia is responsible for the shelling of Zangilan.",
            [("Armenia", "actor"), ("Zangilan", "target")],
        ),
        (  # ... but its territory can be
            "Azerbaijani troops fired mortar rounds into Armenia.",
            [("Armenia", "target")],
        ),
        (
            "Shots were fired at Sotk from Azerbaijan's territory.",
            [("Sotk", "target"), ("Azerbaijan", "origin")],
        ),
        (  # the army's name does not hide the cue before it
            "Armenia's armed forces fired at positions of the Azerbaijan Army in the Zangilan "
            "direction",
            [("Armenia", "actor"), ("Azerbaijan", "actor"), ("Zangilan", "target")],
        ),
    ],
)
def test_countries_standing_for_armies_and_states_are_locations(
    text: str, expected: list[tuple[str, str]]
) -> None:
    (incident,) = _extract(text)
    assert [(s, r) for s, _, r in _roles(incident)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the place entered is the target, wherever the troops came from
            "Azerbaijani troops advanced a few hundred metres into Armenian territory near Kut "
            "and Sotk in the Gegharkunik region.",
            [("Kut", "target"), ("Sotk", "target"), ("Gegharkunik", "target")],
        ),
        (
            "Units stationed near Lachin crossed the state border toward Tegh.",
            [("Lachin", "origin"), ("Tegh", "target")],
        ),
        (
            "An infiltration attempt near Berkaber was repelled.",
            [("Berkaber", "target")],
        ),
        (
            "A sabotage group from Kalbajar tried to cross the border near Sotk.",
            [("Kalbajar", "origin"), ("Sotk", "target")],
        ),
        (
            "Armenian soldiers violated the border near Gazakh, Baku said.",
            [("Gazakh", "target"), ("Baku", "state")],
        ),
        (
            "The unit moved 600 metres deep into the territory of Armenia near Jermuk.",
            [("Armenia", "target"), ("Jermuk", "target")],
        ),
    ],
)
def test_incursions_make_the_place_entered_the_target(
    text: str, expected: list[tuple[str, str]]
) -> None:
    (incident,) = _extract(text)
    assert incident.event_type == "incursion"
    assert [(s, r) for s, _, r in _roles(incident)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the airspace the drone entered is where the fire at it was aimed: a target
            "An Armenian quadcopter was shot down over the Lachin district.",
            [("Lachin", "target")],
        ),
        ("Air defence units downed an Azerbaijani UAV near Jermuk.", [("Jermuk", "target")]),
        ("A drone was neutralized above Kut on Monday.", [("Kut", "target")]),
        (
            "A quadcopter launched from Goris was shot down over Zangilan.",
            [("Goris", "origin"), ("Zangilan", "target")],
        ),
        (  # where a drone fell, or a hometown, is no target
            "A drone shot down over Sotk fell 3 km from Vardenis.",
            [("Sotk", "target"), ("Vardenis", "location")],
        ),
        (
            "Drones struck a depot in Kapan, 20 km south of Goris.",
            [("Kapan", "target"), ("Goris", "location")],
        ),
    ],
)
def test_drones_shot_down_over_a_place_make_it_the_target(
    text: str, expected: list[tuple[str, str]]
) -> None:
    (incident,) = _extract(text)
    assert incident.event_type == "drone_strike"
    assert [(s, r) for s, _, r in _roles(incident)] == expected


def test_a_headline_gives_the_same_roles_as_the_body() -> None:
    text = (
        "Armenian forces fired at the positions of the Azerbaijan Army in the Zangilan direction"
        "\n\nOn December 10, units of the Armenian armed forces stationed near Kapan subjected "
        "the positions of the Azerbaijan Army located in the direction of the Zangilan region to "
        "fire from small arms."
    )
    (incident,) = _extract(text)
    roles = [(s, r) for s, _, r in _roles(incident) if s != "Azerbaijan"]
    assert roles == [("Zangilan", "target"), ("Kapan", "origin"), ("Zangilan", "target")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # another name in apposition shares the role; the one who names it does not
            "Troops deployed in Berdzor, the town Baku calls Lachin, opened fire toward the "
            "Armenian village of Tegh.",
            [("Berdzor", "origin"), ("Baku", "state"), ("Lachin", "origin"), ("Tegh", "target")],
        ),
        (  # the subject's place before a passive verb, past an aside
            "A school on the outskirts of Goris, known in Azerbaijan as Gorus, was hit by bullets.",
            [("Goris", "target"), ("Azerbaijan", "location"), ("Gorus", "target")],
        ),
        (
            "Azerbaijani soldiers in Zangilan, a district bordering Iran, fired at Armenian posts.",
            [("Zangilan", "origin"), ("Iran", "location")],
        ),
        (
            "A barn near Tegh (Syunik) was struck by mortar rounds.",
            [("Tegh", "target"), ("Syunik", "target")],
        ),
        (  # units "stationed"/"positioned" in the subject: the origin
            "Armenian units positioned near Aygepar in Tavush province fired from machine guns "
            "at posts of the Azerbaijan Army in the Tovuz district.",
            [
                ("Aygepar", "origin"),
                ("Tavush", "origin"),
                ("Azerbaijan", "actor"),
                ("Tovuz", "target"),
            ],
        ),
        (
            "Units of the Armenian armed forces deployed in the direction of the Kapan region, in "
            "the area of the village of Davit Bek, subjected the positions of the Azerbaijan Army "
            "located in the direction of the Zangilan region to fire.",
            [
                ("Kapan", "origin"),
                ("Davit Bek", "origin"),
                ("Azerbaijan", "actor"),
                ("Zangilan", "target"),
            ],
        ),
        (
            "Units of the Armenian armed forces stationed in the direction of the Ijevan region "
            "and the village of Berkaber subjected the positions of the Azerbaijan Army located "
            "in the direction of the Gazakh region to fire.",
            [
                ("Ijevan", "origin"),
                ("Berkaber", "origin"),
                ("Azerbaijan", "actor"),
                ("Gazakh", "target"),
            ],
        ),
        (  # hospitals are where the wounded went, not where fire landed
            "A villager wounded by sniper fire near Sotk was taken to the hospital in Vardenis.",
            [("Sotk", "target"), ("Vardenis", "location")],
        ),
        (
            "Mortar fire on Tegh wounded a shepherd, who was evacuated to Kapan.",
            [("Tegh", "target"), ("Kapan", "location")],
        ),
        (
            "Saboteurs crossed the border near Kut in Gegharkunik province.",
            [("Kut", "target"), ("Gegharkunik", "target")],
        ),
        (
            "A quadcopter dropped explosives on army posts near Jermuk.",
            [("Jermuk", "target")],
        ),
        (  # "from" a weapon is no origin
            "Azerbaijani forces opened fire from sniper rifles on the village of Tegh.",
            [("Tegh", "target")],
        ),
        (  # a denied cue gives no role; the claim beside it still does
            "Armenian units didn't fire at Lachin but shelled Kalbajar.",
            [("Lachin", "location"), ("Kalbajar", "target")],
        ),
        (  # a place named by speakers does not pass its role on past "said"
            "Officials in Goris, the provincial capital, said the village of Tegh was shelled.",
            [("Goris", "location"), ("Tegh", "target")],
        ),
        (
            "Not far from Sotk, Azerbaijani drones struck a truck.",
            [("Sotk", "location")],
        ),
        (  # both sides accuse each other: no side's claim gives roles
            "Yerevan and Baku accused each other of starting the shooting near Sotk.",
            [("Yerevan", "state"), ("Baku", "state"), ("Sotk", "location")],
        ),
    ],
)
def test_roles_across_asides_subjects_and_hospitals(
    text: str, expected: list[tuple[str, str]]
) -> None:
    (incident,) = _extract(text)
    assert [(s, r) for s, _, r in _roles(incident)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The monitors observed no shooting near Ijevan or Berd this week.",
        "No shots were fired near Tegh during the week.",
        "EUMA patrols observed no ceasefire violations in Tavush and no shooting near Sotk.",
        "Azerbaijan's Defence Ministry said its units near Lachin did not open fire.",
        "Armenia said no unit had crossed the border near Kapan.",
    ],
)
def test_events_that_did_not_happen_give_no_incident(text: str) -> None:
    assert _extract(text) == []


def test_a_denied_event_in_a_report_of_a_real_one_gives_no_roles() -> None:
    text = (
        "Azerbaijani units shelled Sotk on December 9. Azerbaijan's Defence Ministry said its "
        "units near Kalbajar had not opened fire. There are no losses among the personnel."
    )
    (incident,) = _extract(text)
    assert [(s, r) for s, _, r in _roles(incident)] == [
        ("Sotk", "target"),
        ("Azerbaijan", "actor"),
        ("Kalbajar", "location"),
    ]
    assert (incident.event_type, incident.killed, incident.wounded) == ("shelling", 0, 0)


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "Armenia's Ministry of Defence denied the claims, saying that the information spread "
            "by the Azerbaijani Defence Ministry that Armenian units fired towards Azerbaijani "
            "positions in the Nakhchivan direction does not correspond to reality.",
            "Ministry of Defence of Armenia",
        ),
        ("Baku's claim that Armenian forces shelled Kalbajar is a lie, the ministry said.", None),
        ("Yerevan rejected reports of shooting near Sotk.", "Government of Armenia"),
        (
            "Azerbaijan's Defence Ministry denied that its troops near Lachin had opened mortar "
            "fire on Tegh and called the reports groundless.",
            "Ministry of Defence of Azerbaijan",
        ),
        (
            "Armenia dismissed allegations of two soldiers killed near Kut.",
            "Government of Armenia",
        ),
    ],
)
def test_a_denied_claim_is_no_fire_by_the_denier(text: str, claimant: str | None) -> None:
    (incident,) = _extract(text)
    assert (incident.event_type, incident.claimant) == ("other", claimant)
    assert (incident.killed, incident.wounded) == (None, None)
    assert {p.role for p in incident.places} <= {"location", "actor", "state"}
    assert {p.role for p in incident.features()} == {"location"}


def test_a_denial_keeps_the_counter_claim_and_the_relayed_claim() -> None:
    text = (
        "Azerbaijan's Defence Ministry said Armenian units shelled Kalbajar from Vardenis on "
        "December 9. Armenia's Defence Ministry rejected the claim that its units fired at "
        "Kalbajar, saying Azerbaijani forces struck Sotk with mortars."
    )
    az, am = _extract(text)
    assert [(s, r) for s, _, r in _roles(az)] == [
        ("Azerbaijan", "actor"),
        ("Kalbajar", "target"),
        ("Vardenis", "origin"),
    ]
    assert am.claimant == "Ministry of Defence of Armenia"
    assert am.event_type == "shelling"
    assert [(s, r) for s, _, r in _roles(am)] == [
        ("Armenia", "actor"),
        ("Kalbajar", "location"),
        ("Sotk", "target"),
    ]


def test_a_relayed_claim_keeps_its_roles_when_the_denial_follows() -> None:
    text = (
        "YEREVAN, Dec 10 (Reuters) - Azerbaijan said Armenian forces fired at its positions in "
        "Lachin overnight. Armenia's Defence Ministry said the information that its units fired "
        "at Lachin does not correspond to reality."
    )
    (incident,) = _extract(text)
    assert incident.claimant == "Government of Azerbaijan"
    assert incident.event_type == "small_arms_fire"
    assert [r for s, _, r in _roles(incident) if s == "Lachin"] == ["target", "location"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Azerbaijan accused Armenian units in Kut of shelling its positions in Kalbajar.",
            [("Azerbaijan", "actor"), ("Kut", "origin"), ("Kalbajar", "target")],
        ),
        (
            "Armenia accused Azerbaijani forces of firing on Sotk from positions near Zod.",
            [("Armenia", "actor"), ("Sotk", "target"), ("Zod", "origin")],
        ),
        (
            "Both sides accused each other of opening fire near Tegh.",
            [("Tegh", "location")],
        ),
        (
            "Yerevan blamed Azerbaijani troops stationed near Lachin for deliberately shelling "
            "Goris.",
            [("Yerevan", "state"), ("Lachin", "origin"), ("Goris", "target")],
        ),
        (  # the accused named by their capital: no place of fire
            "Baku accused Yerevan of shelling Zangilan.",
            [("Baku", "state"), ("Yerevan", "location"), ("Zangilan", "target")],
        ),
    ],
)
def test_roles_in_accusations(text: str, expected: list[tuple[str, str]]) -> None:
    (incident,) = _extract(text)
    assert [(s, r) for s, _, r in _roles(incident)] == expected


def test_two_sides_give_opposite_roles_for_one_incident() -> None:
    text = (
        "The Ministry of Defence of Azerbaijan said Armenian units fired at positions in "
        "Kalbajar from Basarkechar on December 9. Armenia's Defence Ministry denied this and "
        "said Azerbaijani units had fired at Vardenis from Kalbajar."
    )
    az, am = _extract(text)
    assert az.claimant == "Ministry of Defence of Azerbaijan"
    assert am.claimant == "Ministry of Defence of Armenia"
    assert _roles(az)[1:] == [
        ("Kalbajar", "Kalbajar", "target"),
        ("Basarkechar", "Vardenis", "origin"),
    ]
    assert [(n, r) for _, n, r in _roles(am)] == [
        ("Armenia", "actor"),
        ("Vardenis", "target"),
        ("Kalbajar", "origin"),
    ]
    assert am.date_start == dt.date(2023, 12, 9)  # no date of its own: the one before


# --- segmentation ----------------------------------------------------------------------------


def test_new_dates_and_new_places_open_incidents_follow_ups_attach() -> None:
    text = (
        "On December 8, Armenian units fired at positions in Lachin from Goris. "
        "The fire lasted about an hour. One soldier was wounded. "
        "On December 10, Azerbaijani positions in Zangilan came under mortar fire. "
        "Separately, a drone struck a truck near Sotk. "
        "The talks in Brussels are due next week."
    )
    first, second, third = _extract(text)
    assert (first.date_start, first.event_type, first.wounded) == (
        dt.date(2023, 12, 8),
        "small_arms_fire",
        1,
    )
    assert [s for s, _, _ in _roles(first)] == ["Lachin", "Goris"]
    assert (second.date_start, second.event_type) == (dt.date(2023, 12, 10), "shelling")
    assert (third.date_start, third.event_type) == (dt.date(2023, 12, 10), "drone_strike")
    # a background sentence keeps its place as a location of the nearest incident
    assert _roles(third) == [("Sotk", "Sotk", "target"), ("Brussels", "Brussels", "location")]


def test_a_separate_incident_opens_a_new_one_even_without_new_places_or_dates() -> None:
    text = (
        "Azerbaijani troops opened fire on the village of Tegh, the Armenian Ministry of "
        "Defence said, adding that there were no casualties. In a separate incident on "
        "December 12, an Armenian soldier was wounded near Kut."
    )
    first, second = _extract(text, published=dt.date(2023, 12, 13))
    assert (first.event_type, first.killed, first.wounded, first.date_start) == (
        "small_arms_fire",
        0,
        0,
        dt.date(2023, 12, 13),  # no date in the text: the publication date, week precision
    )
    assert first.date_prec == 3 and second.date_prec == 1
    assert (second.event_type, second.wounded, second.date_start) == (
        "casualty",
        1,
        dt.date(2023, 12, 12),
    )
    assert second.claimant == "Ministry of Defence of Armenia"  # carried from the one before
    assert [(s, r) for s, _, r in _roles(second)] == [("Kut", "target")]


def test_headline_merges_into_the_first_incident() -> None:
    text = (
        "Armenian shelling hits Lachin positions\n"
        "On December 9, Armenian units shelled Azerbaijani positions in the Lachin district "
        "from Goris."
    )
    (incident,) = _extract(text)
    assert [(s, r) for s, _, r in _roles(incident)] == [
        ("Lachin", "target"),
        ("Lachin", "target"),
        ("Goris", "origin"),
    ]
    assert incident.places[0].snippet == "Armenian shelling hits Lachin positions"


def test_snippets_are_whole_sentences_despite_abbreviations() -> None:
    text = (
        "Lt. Col. Aliyev said that on Dec. 9 Armenian units fired at positions in Lachin. "
        "No. 3 post near Kalbajar was not hit."
    )
    (incident,) = _extract(text)
    assert incident.places[0].snippet == text.split(" No. 3")[0]
    assert incident.places[1].snippet == "No. 3 post near Kalbajar was not hit."
    assert incident.date_start == dt.date(2023, 12, 9)


def test_background_before_the_first_incident_attaches_to_it() -> None:
    text = (
        "Tensions remain high near Ijevan. "
        "On December 9, Azerbaijani units fired at Armenian positions near Berkaber."
    )
    (incident,) = _extract(text)
    assert [(s, r) for s, _, r in _roles(incident)] == [
        ("Ijevan", "location"),
        ("Berkaber", "target"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Officials from Baku and Yerevan met in Moscow to discuss Lachin.",
        "The ceasefire near Lachin held.",
        "Markets in Tbilisi rallied on Tuesday as trade through Gyumri resumed.",
    ],
)
def test_report_with_places_but_no_event_words_gives_no_incident(text: str) -> None:
    assert _extract(text) == []


def test_report_with_neither_places_nor_events_gives_nothing() -> None:
    assert _extract("The weather was calm and the talks went on.") == []


def test_every_mention_is_accounted_for_once() -> None:
    report = _file("wire_baku.html")
    resolved = geocode_text(report.text)
    incidents = extract_incidents(report, resolved)
    got = sorted(p.resolved.mention.start for i in incidents for p in i.places)
    assert got == sorted(r.mention.start for r in resolved)


# --- claimant and source ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "claimant"),
    [
        ("the Ministry of Defense of Azerbaijan said", "Ministry of Defence of Azerbaijan"),
        ("Armenia's Defence Ministry reported", "Ministry of Defence of Armenia"),
        ("the Armenian MoD said", "Ministry of Defence of Armenia"),
        ("according to the State Border Service", "State Border Service of Azerbaijan"),
        ("the EU Monitoring Mission (EUMA) said", "EU Monitoring Mission in Armenia"),
        ("the Azerbaijani side said", "Azerbaijan (official side)"),
    ],
)
def test_claimants_are_normalised(phrase: str, claimant: str) -> None:
    (incident,) = _extract(f"Shots were fired at positions near Tegh, {phrase}.")
    assert incident.claimant == claimant


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        ("Shots were fired near Tegh (Reuters).", None, "Reuters"),
        ("Shots were fired near Tegh, APA reports.", None, "APA"),
        ("Shots were fired near Tegh, Armenpress reported.", None, "Armenpress"),
        ("Shots were fired near Tegh, news.am said.", None, "news.am"),
        ("Shots were fired near Tegh, Interfax said.", None, "Interfax"),
        ("Shots were fired near Tegh, APA reports.", "My Outlet", "My Outlet"),
    ],
)
def test_source_from_the_report_or_the_text(text: str, source: str | None, expected: str) -> None:
    (incident,) = _extract(text, source=source)
    assert incident.source == expected


def test_a_ministry_named_as_source_claims_when_the_text_names_no_body() -> None:
    (incident,) = _extract(
        "Armenian units fired at positions in Zangilan.", source="Ministry of Defence of Azerbaijan"
    )
    assert incident.claimant == "Ministry of Defence of Azerbaijan"
    (outlet,) = _extract("Armenian units fired at positions in Zangilan.", source="Example Wire")
    assert outlet.claimant is None


def test_each_incident_takes_the_claim_of_its_own_sentence() -> None:
    text = (
        "Azerbaijani troops shelled the towns of Goris and Jermuk overnight, killing at least "
        "fifteen servicemen, Armenia's Defence Ministry said. Azerbaijan said its positions "
        "near Lachin and Gubadli came under fire first."
    )
    am, az = _extract(text, published=dt.date(2022, 9, 13))
    assert am.claimant == "Ministry of Defence of Armenia"
    assert (am.killed, am.event_type) == (15, "shelling")
    assert az.claimant == "Government of Azerbaijan"  # no Azerbaijani body is named
    assert [(s, r) for s, _, r in _roles(az)] == [
        ("Azerbaijan", "actor"),
        ("Lachin", "target"),
        ("Gubadli", "target"),
    ]


@pytest.mark.parametrize(
    ("text", "claimants"),
    [
        (
            "Armenia's Defence Ministry said drones hit Kut. Baku said Armenian units had "
            "fired at Lachin from Goris.",
            ["Ministry of Defence of Armenia", "Government of Azerbaijan"],
        ),
        (  # a state speaking stands for the body of its country the report names
            "The Azerbaijani Defence Ministry said mortars hit Zangilan. Yerevan said "
            "Azerbaijani troops fired at Kapan. Azerbaijan said its posts in Gubadli came "
            "under fire from Tegh.",
            [
                "Ministry of Defence of Azerbaijan",
                "Government of Armenia",
                "Ministry of Defence of Azerbaijan",
            ],
        ),
        (
            "According to Yerevan, mortars hit Sotk. The Azerbaijani government claimed "
            "Armenian forces fired at Kalbajar.",
            ["Government of Armenia", "Government of Azerbaijan"],
        ),
        (  # people in a country, and states accusing each other, are no claimants
            "Residents in Armenia said gunfire hit Tegh.",
            [None],
        ),
        ("Baku and Yerevan accused each other of shelling near Sotk.", [None]),
    ],
)
def test_countries_and_capitals_that_speak_claim(text: str, claimants: list[str | None]) -> None:
    assert [i.claimant for i in _extract(text)] == claimants


def test_unqualified_ministry_takes_the_country_under_fire() -> None:
    (incident,) = _extract("The Defence Ministry said units fired at positions near Tegh.")
    assert incident.claimant == "Ministry of Defence of Armenia"


def test_read_and_extract_from_plain_text_helper() -> None:
    report = read_text_report("---\npublished: 2023-12-11\n---\n" + MISSION, "mission")
    (incident,) = extract_incidents(report, geocode_text(report.text))
    assert incident.incident_id == "mission#1"
    assert incident.date_start == dt.date(2023, 12, 9)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the positions aimed at lie near the village, however long the description between
        (
            "Azerbaijani units fired towards the combat positions of the Armenian armed forces "
            "that are located in the north-eastern part of the border zone of the republic along "
            "the line of contact with the enemy, near the village of Sotk.",
            [("Sotk", "target")],
        ),
        (
            "Armenian soldiers shot at Azerbaijani army posts situated on a hill in the western "
            "part of the frontier, close to Alibeyli.",
            [("Alibeyli", "target")],
        ),
        # a resident wounded: fire landed on the village; the country holding it is no target
        (
            "A resident of Chinari in Armenia's Tavush province was injured on Tuesday when "
            "Azerbaijani units opened fire from the direction of Tovuz district.",
            [
                ("Chinari", "target"),
                ("Armenia", "location"),
                ("Tavush", "target"),
                ("Tovuz", "origin"),
            ],
        ),  # fmt: skip
        # ... unless the sentence says where it landed
        (
            "A resident of Tegh was wounded near Kornidzor by fire from Azerbaijani positions.",
            [("Tegh", "location"), ("Kornidzor", "target")],
        ),
        (
            "Residents of Sotk said Azerbaijani troops shelled the outskirts of Kut.",
            [("Sotk", "location"), ("Kut", "target")],
        ),
        ("Shelling hit Tegh, Armenia.", [("Tegh", "target"), ("Armenia", "location")]),
        # fire into the country's territory: the country is a target
        (
            "Azerbaijani forces fired into Armenia's territory near Sotk.",
            [("Armenia", "target"), ("Sotk", "target")],
        ),
        # shots only heard
        (
            "Observers heard occasional automatic gunfire from the direction of the Lachin "
            "corridor.",
            [("Lachin", "location")],
        ),
        # Lower Askipara is not in the gazetteer: no place rather than Upper Askipara
        (
            "Two servicemen were hurt when Armenian units fired from Gazakh district's Ashaghi "
            "Askipara village at Tovuz.",
            [("Gazakh", "origin"), ("Tovuz", "target")],
        ),
    ],
)
def test_roles_of_described_positions_residents_and_countries(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    (incident,) = _extract(sentence)
    assert [(s, r) for s, _, r in _roles(incident)] == expected


def test_a_provocation_that_killed_is_a_casualty_and_wounds_received_count():
    killed = _extract(
        "Two Azerbaijani servicemen were killed and one was wounded as a result of a provocation "
        "in the direction of Kalbajar district on 26 May, the Defence Ministry said.",
        published=dt.date(2024, 5, 27),
    )[0]
    assert (killed.event_type, killed.killed, killed.wounded) == ("casualty", 2, 1)
    wound = _extract(
        "On 27 June, mortar rounds hit Armenian positions near Norabak. A conscript received a "
        "shrapnel wound; his life is not in danger.",
        published=dt.date(2024, 6, 28),
    )[0]
    assert (wound.event_type, wound.wounded) == ("shelling", 1)


# --- issue 13: incidents right on real reports -----------------------------------------------

# The team's own statement in the style of a ministry release: a killed serviceman on one day,
# fire from Gorus (Goris) at Lachin over the two days after, the year given only once.
STATEMENT = (
    "As a result of another provocation in the direction of the Lachin region of the state "
    "border on March 14, 2022, Azerbaijani military serviceman Elnur Huseynov martyred. On "
    "March 15-16, Armenian military units intensively fired the positions of the Azerbaijani "
    "army in Lachin region from their combat positions located in Gorus region."
)


def _features(incident: Incident) -> list[tuple[str, str, str]]:
    return [
        (p.resolved.place.name, p.resolved.place.country or "", p.role) for p in incident.features()
    ]


def test_ministry_statement_gives_two_incidents_with_the_year_of_the_first_date() -> None:
    first, second = _extract(STATEMENT, published=None)
    assert (first.date_start, first.date_end, first.date_prec) == (
        dt.date(2022, 3, 14), dt.date(2022, 3, 14), 1,
    )  # fmt: skip
    assert (first.killed, first.event_type) == (1, "casualty")
    assert _features(first) == [("Lachin", "AZ", "target")]
    assert (second.date_start, second.date_end, second.date_prec) == (
        dt.date(2022, 3, 15), dt.date(2022, 3, 16), 2,
    )  # fmt: skip
    assert sorted(_features(second)) == [("Goris", "AM", "origin"), ("Lachin", "AZ", "target")]
    assert second.killed is None and second.event_type == "small_arms_fire"
    assert first.warnings == [] and second.warnings == []


def test_the_report_years_win_over_the_publication_year_in_one_paragraph() -> None:
    _, second = _extract(STATEMENT, published=dt.date(2024, 1, 5))
    assert second.date_start == dt.date(2022, 3, 15)
    # in a new paragraph a year-less date takes the publication year again
    text = STATEMENT + "\n\nOn January 3, mortar shells hit Sotk."
    *_, last = _extract(text, published=dt.date(2024, 1, 5))
    assert last.date_start == dt.date(2024, 1, 3)


@pytest.mark.parametrize(
    ("text", "start", "end", "prec"),
    [
        ("Mortar fire hit Sotk overnight.", dt.date(2023, 12, 10), DEC11, 2),
        (
            "Mortar fire hit Sotk on Friday and Saturday.",
            dt.date(2023, 12, 8),
            dt.date(2023, 12, 9),
            2,
        ),
        ("Mortar fire hit Sotk on Friday night.", dt.date(2023, 12, 8), dt.date(2023, 12, 9), 2),
        ("Sotk came under fire in the last 24 hours.", dt.date(2023, 12, 10), DEC11, 2),
        (
            "Shots were fired at Tegh from December 1 to 9.",
            dt.date(2023, 12, 1),
            dt.date(2023, 12, 9),
            3,
        ),
        ("In November, shots were fired at Tegh.", dt.date(2023, 11, 1), dt.date(2023, 11, 30), 4),
        ("Shots were fired at Tegh, the ministry said.", DEC11, DEC11, 3),  # no date: published
    ],
)
def test_dates_ranges_and_precision(text: str, start: dt.date, end: dt.date, prec: int) -> None:
    (incident,) = _extract(text)
    assert (incident.date_start, incident.date_end, incident.date_prec) == (start, end, prec)


def test_a_statement_day_dates_an_incident_only_when_nothing_else_does() -> None:
    text = (
        "Azerbaijani units fired at Tegh, the ministry said on Saturday. The incident took "
        "place on Thursday."
    )
    (incident,) = _extract(text)
    assert incident.date_start == dt.date(2023, 12, 7)
    (said,) = _extract("Azerbaijani units fired at Tegh, the ministry said on Saturday.")
    assert (said.date_start, said.date_prec) == (dt.date(2023, 12, 9), 1)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (
            "Armenian units shelled Kalbajar with mortars, then a drone struck a post in "
            "Kalbajar. Two soldiers were wounded.",
            None,  # checked below: every kind in one list
        ),
        ("Units fired at Tegh with mortars and artillery.", ["shelling"]),
        ("Units opened fire on Tegh with small arms and mortars.", ["shelling", "small_arms_fire"]),
        ("Units opened fire on Tegh.", ["small_arms_fire"]),
        ("Warplanes carried out airstrikes on Khost.", ["other"]),
        ("Militants were planning to launch rockets at Kapan, the army said.", []),
        ("The army destroyed 6 tanks and 15 artillery pieces near Fuzuli in a clash.", ["other"]),
        ("Troops tried to transgress the Line of Actual Control in Ladakh.", ["incursion"]),
    ],
)
def test_every_kind_of_an_incident_is_listed(text: str, kinds: list[str] | None) -> None:
    incidents = _extract(text)
    if kinds is None:
        (incident,) = incidents
        assert incident.event_types == ["drone_strike", "shelling", "casualty"]
        assert incident.event_type == "drone_strike"
        return
    if not kinds:
        assert incidents == []
        return
    (incident,) = incidents
    assert incident.event_types == kinds and incident.event_type == kinds[0]
    assert set(incident.event_types) <= set(EVENT_TYPES)


def test_the_kinds_vocabulary_is_one_list_of_data() -> None:
    from mapper.incidents.vocab import EVENT_KINDS, event_triggers

    assert set(EVENT_KINDS) == set(EVENT_TYPES)
    assert {t.kind for t in event_triggers()} == set(EVENT_TYPES)


@pytest.mark.parametrize(
    ("sentence", "killed", "wounded"),
    [
        ("Two servicemen were martyred near Tovuz.", 2, None),
        ("A soldier fell in battle near Kalbajar.", 1, None),
        ("Four civilians lost their lives when shells hit Tegh.", 4, None),
        ("Private Aram Sargsyan died of his wounds after fire near Sotk.", 1, None),
        ("Three villagers were injured when shells hit Tegh.", None, 3),
        ("Two border guards sustained injuries in shelling near Sotk.", None, 2),
        ("Over two dozen people were wounded in shelling of Chaman.", None, 24),
        ("A hundred people were injured in the rocket attack on Kharkiv.", None, 100),
        ("Over 30 people were killed in airstrikes on Khost.", 30, None),
        ("Two hundred and fifty people were wounded in the shelling of Sumy.", None, 250),
        ("Shelling hit Tegh; there were no casualties.", 0, 0),
        ("Dozens of people were injured in shelling of Sumy.", None, None),
        ("Shelling of Tegh killed or wounded more than 100 soldiers.", None, None),
        ("Five people, including three children, were injured in shelling of Sudzha.", None, 5),
        ("Shells hit Kapan and two people were hospitalised.", None, 2),
    ],
)
def test_casualties_in_the_words_reports_use(
    sentence: str, killed: int | None, wounded: int | None
) -> None:
    (incident,) = _extract(sentence)
    assert (incident.killed, incident.wounded) == (killed, wounded)
    if killed or wounded:
        assert "casualty" in incident.event_types


def test_tolls_of_both_sides_are_summed_and_restatements_are_not() -> None:
    text = (
        "Fire near Sotk killed two Armenian servicemen and three Azerbaijani soldiers on "
        "December 9. The two Armenian servicemen were killed by sniper fire."
    )
    (incident,) = _extract(text)
    assert incident.killed == 5


def test_a_lede_toll_is_not_counted_again_in_the_incidents_that_detail_it() -> None:
    text = (
        "Russian shelling of Vovchansk and nearby villages on Monday killed two civilians. "
        "Later in the day a shell hit a house in Lyptsi, killing one man. A drone struck "
        "a car in Vovchansk, killing a woman."
    )
    incidents = _extract(text)
    assert sum(i.killed or 0 for i in incidents) == 2


def test_roles_across_the_patterns_of_every_border() -> None:
    cases = [
        (
            "Azerbaijani troops fired from their positions in Zangilan at Kapan.",
            "Zangilan",
            "origin",
        ),
        ("Sotk came under fire from Azerbaijani positions on Monday.", "Sotk", "target"),
        ("Armenian forces fired in the direction of Lachin.", "Lachin", "target"),
        ("Azerbaijani drones struck targets in Jermuk overnight.", "Jermuk", "target"),
        ("Tegh was shelled by Azerbaijani troops.", "Tegh", "target"),
        ("Azerbaijani troops shelled Tegh.", "Tegh", "target"),
        ("In Kapan, two policemen were wounded by a drone.", "Kapan", "target"),
        ("Rockets fired from across the Chaman border hit homes.", "Chaman", "target"),
        ("Reconnaissance aircraft flew over Goris as shells hit Sotk.", "Goris", "location"),
    ]
    for text, surface, role in cases:
        found = {p.resolved.mention.surface: p.role for i in _extract(text) for p in i.places}
        assert found.get(surface) == role, (text, found)


def test_one_row_per_place_and_role_with_its_mentions_counted() -> None:
    text = (
        "Azerbaijani units fired at Sotk on December 9. The fire on Sotk lasted an hour, and "
        "Sotk's school was damaged. Residents of Sotk were evacuated to Vardenis."
    )
    (incident,) = _extract(text)
    sotk = [p for p in incident.features() if p.resolved.place.name == "Sotk"]
    assert [(p.role, p.mentions) for p in sotk] == [("target", 4)]
    assert sotk[0].resolved.mention.start == text.index("Sotk")  # the first mention's offsets
    keys = [(p.resolved.place.name, p.role) for p in incident.features()]
    assert len(keys) == len(set(keys))


def test_countries_standing_for_governments_give_no_row_and_capitals_a_location_row() -> None:
    text = (
        "The Armed Forces of Azerbaijan fired at Armenian positions near Sotk, the Ministry of "
        "Defence of Armenia said. Baku denied it."
    )
    (incident,) = _extract(text)
    # a capital speaking for its government is a place the report names, never one hit
    assert {(p.resolved.place.name, p.role) for p in incident.features()} == {
        ("Sotk", "target"),
        ("Baku", "location"),
    }
    assert {p.role for p in incident.places if p.resolved.place.kind == "country"} == {"actor"}


def test_a_country_gives_a_row_only_as_the_finest_place_of_its_incident() -> None:
    (vague,) = _extract("Mortar shells fired from Azerbaijan landed in Armenia.")
    assert {(p.resolved.place.name, p.role) for p in vague.features()} == {
        ("Azerbaijan", "origin"),
        ("Armenia", "target"),
    }
    (fine,) = _extract("Mortar shells fired from Azerbaijan landed in Sotk, Armenia.")
    assert [p.resolved.place.name for p in fine.features()] == ["Sotk"]


def test_in_another_incident_opens_one_and_background_opens_none() -> None:
    text = (
        "Azerbaijani units fired at Tegh on December 9. In another incident, a soldier was "
        "wounded near Sotk. The two countries fought a war over Karabakh in 2020. The European "
        "Union called for restraint."
    )
    first, second = _extract(text)
    assert {p.resolved.place.name for p in second.features()} >= {"Sotk"}
    assert second.wounded == 1 and first.wounded is None


def test_places_of_datelines_in_capitals_and_brackets_stay_locations() -> None:
    for text, surface in [
        ("PESHAWAR [Pakistan], October 3 (ANI): Shells hit Parachinar.", "PESHAWAR"),
        ("YEREVAN, STEPANAKERT—Shots were fired at Tegh.", "STEPANAKERT"),
        ("Quetta: Rockets hit Chaman on Sunday.", "Quetta"),
    ]:
        roles = {p.resolved.mention.surface: p.role for i in _extract(text) for p in i.places}
        assert roles.get(surface) == "location", (text, roles)


def test_the_incident_stage_names_no_border_in_its_code() -> None:
    # region facts live in border profiles and data files, never in Python (RULES.md);
    # docstrings may use them as examples
    src = Path(__file__).parent.parent / "mapper" / "incidents"
    names = ("Azerbaijan", "Armenia", "Baku", "Yerevan", "APA", "Armenpress", "EUMA", "Kabul")
    for path in src.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        strings = [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
        ]
        for name in names:
            assert not any(name.lower() in v.lower() for v in strings), (path.name, name)


def test_example_reports_give_one_row_per_place_and_role_and_no_country_stack() -> None:
    import mapper

    gdf = mapper.extract([Path(__file__).parent.parent / "examples" / "reports"])
    keys = gdf.groupby(["report_id", "incident_id", "place", "role"]).size()
    assert (keys == 1).all(), keys[keys > 1]
    assert not (gdf["kind"] == "country").any()  # every example names a finer place
    assert (gdf["mentions"] >= 1).all() and gdf["mentions"].sum() > len(gdf)
    assert set(gdf["date_prec"].dropna()) <= {1, 2, 3, 4, 5}
    assert all(t[0] == e for t, e in zip(gdf["event_types"], gdf["event_type"], strict=True))


def test_a_ranked_soldiers_home_is_no_place_of_fire() -> None:
    text = (
        "Two soldiers were killed when Pakistani troops shelled forward posts in the Uri sector "
        "on Tuesday. Naik Ramesh Thapa from Uttarakhand and Sepoy Arjun Yadav from Haryana "
        "succumbed to their injuries."
    )
    incidents = _extract(text)
    assert _role_of(incidents, "Uri") == "target"
    assert _role_of(incidents, "Uttarakhand") == "location"
    assert _role_of(incidents, "Haryana") == "location"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Russian artillery shelled the Krasnopillia hromada in Sumy Oblast overnight.", "Sumy"),
        ("Guided bombs hit the Zolochiv community of Kharkiv Oblast on Friday.", "Kharkiv Oblast"),
    ],
)
def test_the_unit_holding_a_hit_community_shares_its_role(text: str, unit: str) -> None:
    assert _role_of(_extract(text), unit) == "target"


def test_a_unit_after_names_the_gazetteer_lacks_shares_their_role() -> None:
    text = (
        "Tajik units opened fire with mortars on Kyrgyz border posts near the villages of "
        "Ak-Sai and Kok-Tash in Batken region on Friday."
    )
    assert _role_of(_extract(text), "Batken") == "target"


def test_a_state_holding_an_area_shares_its_role() -> None:
    text = (
        "Four soldiers were killed on Tuesday when militias ambushed an army patrol in the "
        "al-Fashaga area of Gedaref state near the Ethiopian border, Sudan's army said."
    )
    assert _role_of(_extract(text), "Gedaref") == "target"


def test_a_list_opened_by_a_name_the_gazetteer_lacks_keeps_the_cue_before_it() -> None:
    text = (
        "Afghan forces attacked Pakistani border posts at Angoor Adda, Bajaur and Kurram on "
        "Saturday night, the military said."
    )
    incidents = _extract(text)
    assert _role_of(incidents, "Bajaur") == "target"
    assert _role_of(incidents, "Kurram") == "target"


def test_impacts_in_a_place_make_it_the_target() -> None:
    text = (
        "The IDF said about 40 rockets were fired from Lebanon on Sunday, with impacts in "
        "Kiryat Shmona, Metula and Shlomi."
    )
    incidents = _extract(text)
    assert _role_of(incidents, "Lebanon") == "origin"
    assert _role_of(incidents, "Metula") == "target"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Two rockets fell in an open area near Metula, the Israeli army said.", "Metula"),
        ("Israeli warplanes raided Odaisseh, Markaba and Kfar Kila in southern Lebanon.",
         "Kfar Kila"),
    ],
)  # fmt: skip
def test_shells_that_fell_and_raids_on_a_list_make_targets(text: str, place: str) -> None:
    assert _role_of(_extract(text), place) == "target"


def test_a_night_written_with_a_slash_spans_both_days() -> None:
    text = "On the night of 11/12 October, Afghan forces fired on Pakistani posts in Kurram."
    (incident,) = _extract(text, published=dt.date(2025, 10, 12))
    assert (incident.date_start, incident.date_end) == (
        dt.date(2025, 10, 11),
        dt.date(2025, 10, 12),
    )


def test_later_that_day_and_the_next_day_follow_the_date_told_before() -> None:
    text = (
        "Armenian forces shelled Sotk on October 3. The next day, Azerbaijani units fired on "
        "Kut. Later that day a drone struck a car near Jermuk."
    )
    days = sorted({i.date_start for i in _extract(text, published=dt.date(2023, 10, 6))})
    assert days == [dt.date(2023, 10, 3), dt.date(2023, 10, 4)]
