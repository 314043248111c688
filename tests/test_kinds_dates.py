"""Event kinds and dates of incidents on sentences we wrote, with the real gazetteer."""

from __future__ import annotations

import datetime as dt

import pytest

from mapper.geocoding import geocode_text
from mapper.incidents import Incident, extract_incidents
from mapper.incidents.kinds import event_kinds
from mapper.reports import Report

MAR12 = dt.date(2024, 3, 12)  # a Tuesday


def _extract(text: str, published: dt.date | None = MAR12) -> list[Incident]:
    report = Report(id="r", text=text, published=published)
    return extract_incidents(report, geocode_text(text))


def _kinds(text: str) -> set[str]:
    return {k for i in _extract(text) for k in i.event_types}


# --- words of one sentence -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        # weapons only planned for are not used: the whole list after "planning to launch"
        (
            "The army said its jets hit a squad near Marwahin that was preparing to fire "
            "guided missiles and rockets at Shlomi.",
            ["other"],
        ),
        # an incursion only to be averted in future did not happen
        ("The elders urged the authorities to prevent further incursions near Angoor Adda.", []),
        # "light weapons" are small arms; "heavy weapons" are shelling
        (
            "Troops in Tanai opened fire with light and heavy weapons.",
            ["shelling", "small_arms_fire"],
        ),
        # a body found shot: gunfire and a death
        ("A shepherd was found shot near Tanai.", ["small_arms_fire", "casualty"]),
        ("A quadcopter was shot down over Bagram.", ["drone_strike"]),
        # a patrol obstructed: a confrontation, typed other
        ("Soldiers obstructed a patrol near Demchok.", ["other"]),
        ("Troops blocked an Indian patrol at Depsang.", ["other"]),
        # a post built on the other side's soil is an incursion; on one's own side it is not
        ("Soldiers had set up two huts inside Indian territory at Depsang.", ["incursion"]),
        ("Troops dismantled a makeshift tent on the Indian side of the LAC.", ["incursion"]),
        ("Pakistan built new bunkers on its own side of the border near Chaman.", []),
        ("Indian posts on the Indian side of the LoC came under fire.", ["small_arms_fire"]),
        # air attacks are other, whatever the aircraft; artillery bombardment is shelling
        ("Villages near Kunar came under aerial bombardment.", ["other"]),
        ("Helicopter gunships struck hideouts near Asadabad.", ["other"]),
        ("Artillery bombarded the outskirts of Kupiansk.", ["shelling"]),
        ("A Tornado-S strike hit Kupiansk.", ["shelling", "other"]),  # "strike" is generic
        # brawls, people captured and engineering works are other
        ("Guards fought with iron rods and batons near Vorukh.", ["other"]),
        ("Residents engaged in stone pelting near Batken.", ["other"]),
        ("Two conscripts were taken prisoner near Kut.", ["other"]),
        ("Border guards abducted a shepherd near Sotk.", ["other"]),
        ("Troops began construction of a road near Vorukh.", ["other"]),
        # a tally since a war or month began names no kind by a generic word
        ("Israeli fire has killed more than 300 people in Lebanon since October 8.", ["casualty"]),
        ("Attacks since the start of the escalation have damaged 900 homes.", []),
        ("Since early morning the enemy has been firing at Sotk.", ["small_arms_fire"]),
    ],
)
def test_sentence_kinds(sentence: str, kinds: list[str]) -> None:
    assert event_kinds(sentence) == kinds


# --- kinds of an incident and of a report ----------------------------------------------------


def test_an_assault_that_overran_a_village_is_an_incursion_only() -> None:
    text = (
        "On Monday enemy troops launched an assault on Sotk and the village was overrun by "
        "their soldiers."
    )
    assert _kinds(text) == {"incursion"}


def test_a_clash_with_no_weapon_named_is_other_and_with_fire_named_is_the_fire() -> None:
    assert _kinds("Troops clashed near Demchok on Monday.") == {"other"}
    assert _kinds("Troops clashed near Demchok on Monday and fired mortars at the post.") == {
        "shelling"
    }


def test_a_lede_of_unspecified_fire_is_told_by_the_kinds_of_its_details() -> None:
    text = (
        "Russian troops fired 22 times at the border of the Kharkiv region over the past day. "
        "Mortars hit Vovchansk and Lyptsi, and a drone dropped explosives on Zolochiv. "
        "Artillery shelled Kupiansk."
    )
    assert _kinds(text) == {"shelling", "drone_strike"}


def test_a_later_mention_of_the_skirmish_is_no_new_kind() -> None:
    text = (
        "Artillery rounds fired from Afghanistan hit Chaman on Monday. "
        "Separately, the Afghan defence ministry said Pakistan started the skirmish."
    )
    assert _kinds(text) == {"shelling"}


def test_unspecified_fire_at_a_place_of_its_own_stays_small_arms_fire() -> None:
    text = (
        "On Monday, enemy units fired at positions in Gazakh. "
        "In another incident, mortars hit Tovuz on Monday."
    )
    assert _kinds(text) == {"small_arms_fire", "shelling"}


# --- dates told relative to other dates ------------------------------------------------------

JAN25 = dt.date(2021, 1, 25)


@pytest.mark.parametrize(
    ("text", "published", "days"),
    [
        # "last year" after a date without a year: the year before publication
        ("Troops clashed at Demchok on June 3 last year.", JAN25, [(dt.date(2020, 6, 3),) * 2]),
        (
            "There was a scuffle near Demchok in June last year.",
            JAN25,
            [(dt.date(2020, 6, 1), dt.date(2020, 6, 30))],
        ),
        # no publication date: the year the report's other dates give, and one before it
        (
            "The army said troops clashed at Jermuk on 20 January 2021. "
            "On June 3 last year, mortars hit Vardenis.",
            None,
            [(dt.date(2021, 1, 20),) * 2, (dt.date(2020, 6, 3),) * 2],
        ),
    ],
)
def test_last_year_after_a_date(
    text: str, published: dt.date | None, days: list[tuple[dt.date, dt.date]]
) -> None:
    assert [(i.date_start, i.date_end) for i in _extract(text, published)] == days


def test_counted_offsets_follow_the_date_told_before() -> None:
    text = (
        "On March 2, mortars hit Chaman. Twelve days later, rockets struck Peshawar. "
        "Two weeks earlier, a drone had struck Kandahar."
    )
    days = sorted((i.date_start, i.date_end) for i in _extract(text))
    assert days == [
        (dt.date(2024, 2, 29),) * 2,  # two weeks before March 14 (a leap year)
        (dt.date(2024, 3, 2),) * 2,
        (dt.date(2024, 3, 14),) * 2,
    ]


def test_a_counted_offset_with_no_date_before_it_dates_nothing() -> None:
    (incident,) = _extract("Ten days later, mortars hit Chaman.")
    assert (incident.date_start, incident.date_end) == (MAR12, MAR12)  # the publication date


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        # spans before publication (Tuesday 12 March 2024)
        ("last week", dt.date(2024, 3, 4), dt.date(2024, 3, 10)),
        ("earlier this week", dt.date(2024, 3, 11), dt.date(2024, 3, 12)),
        ("last month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("earlier this month", dt.date(2024, 3, 1), dt.date(2024, 3, 12)),
        ("over the weekend", dt.date(2024, 3, 9), dt.date(2024, 3, 10)),
        # counted back from publication
        ("three days ago", dt.date(2024, 3, 9), dt.date(2024, 3, 9)),
        ("a week ago", dt.date(2024, 3, 5), dt.date(2024, 3, 5)),
        # parts of a month are the month
        ("in mid-February", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("at the end of February", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("in the first week of February", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        # no date before it: the night before publication
        ("the previous night", dt.date(2024, 3, 11), dt.date(2024, 3, 12)),
    ],
)
def test_relative_spans(phrase: str, start: dt.date, end: dt.date) -> None:
    (incident,) = _extract(f"Mortars hit Chaman {phrase}.")
    assert (incident.date_start, incident.date_end) == (start, end)


def test_the_night_before_a_date_is_the_day_before_it() -> None:
    text = "Rockets hit Chaman on March 3. The night before, a drone had struck Peshawar."
    assert sorted((i.date_start, i.event_type) for i in _extract(text)) == [
        (dt.date(2024, 3, 2), "drone_strike"),
        (dt.date(2024, 3, 3), "shelling"),
    ]


def test_a_lede_of_unspecified_fire_in_another_province_keeps_its_kind() -> None:
    text = (
        "Russian troops fired at the border of the Sumy region over the past day. "
        "In the Kharkiv region, mortars hit Vovchansk."
    )
    assert _kinds(text) == {"small_arms_fire", "shelling"}
