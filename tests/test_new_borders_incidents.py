"""Roles, dates, kinds and casualties in reports from borders no profile describes, written
by the team (the Koreas, Georgia, India–Pakistan, Iraq, Thailand–Cambodia and others). The
real gazetteer, layers and pipeline throughout."""

from __future__ import annotations

import datetime as dt

import pytest
from _extract import by_mention, rows_of

from mapper.reports.dates import find_dates


def test_a_shell_landing_near_a_unit_in_a_county_makes_the_county_the_target() -> None:
    rows = by_mention(rows_of(
        "SEOUL - North Korea fired a shell across the western border on Thursday afternoon, "
        "landing near a South Korean army unit in Yeoncheon county, the defence ministry said.",
        "2015-08-20",
    ))  # fmt: skip
    assert rows["Yeoncheon"]["role"] == "target"
    assert rows["SEOUL"]["role"] == "location"


def test_a_province_set_off_by_commas_shares_the_role_of_the_town_it_holds() -> None:
    rows = by_mention(rows_of(
        "Shells fired from Syria hit Akcakale on Friday. In Suruc, in Sanliurfa province, "
        "a mortar round struck a house and wounded two people.",
        "2019-10-11",
    ))  # fmt: skip
    assert rows["Suruc"]["role"] == "target"
    assert rows["Sanliurfa"]["role"] == "target"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Tajik units crossed into Leilek district overnight into Friday.", "2022-09-15",
         "2022-09-16"),
        ("On the night to Friday, shells hit the outpost.", "2022-09-15", "2022-09-16"),
        ("Fighting on Friday night spread along the border.", "2022-09-16", "2022-09-17"),
    ],
)  # fmt: skip
def test_the_night_into_a_weekday_spans_the_day_before_and_that_day(
    text: str, start: str, end: str
) -> None:
    (found,) = find_dates(text, dt.date(2022, 9, 17))  # a Saturday
    assert (found.start, found.end) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def test_an_event_a_report_says_came_days_after_another_dates_that_other_earlier() -> None:
    text = (
        "Pakistan struck targets in Iran on January 18. The strikes came two days after Iran "
        "fired missiles at Panjgur. Another strike came two days later near Saravan."
    )
    dates = {d.surface: d.start for d in find_dates(text, dt.date(2024, 1, 25))}
    assert dates["two days after"] == dt.date(2024, 1, 16)
    assert dates["two days later"] == dt.date(2024, 1, 18)


def test_the_event_told_after_came_days_after_gets_the_earlier_date_end_to_end() -> None:
    rows = by_mention(rows_of(
        "ISLAMABAD - Pakistan carried out air strikes inside Iran on January 18, the foreign "
        "ministry said. The strikes came two days after Iran fired missiles and drones at "
        "Panjgur in Balochistan, killing two children.",
        "2024-01-19",
    ))  # fmt: skip
    assert rows["Panjgur"]["date_start"] == "2024-01-16"
    assert rows["Panjgur"]["role"] == "target"


def test_a_detained_resident_and_a_moved_fence_are_incidents_of_kind_other() -> None:
    rows = rows_of(
        "TBILISI - Russian forces moved the barbed-wire fence deeper into Georgian-controlled "
        "territory near the Kareli municipality on Friday, the State Security Service said. "
        "A resident of Ditsi was detained by the occupation forces on Wednesday.",
        "2019-08-30",
    )
    kareli = by_mention(rows)["Kareli"]
    assert kareli["role"] == "target"
    assert "other" in kareli["event_types"]


def test_ceasefire_violations_in_sectors_are_fire_at_them_with_the_martyred_counted() -> None:
    rows = by_mention(rows_of(
        "RAWALPINDI: Indian troops resorted to unprovoked ceasefire violations along the Line "
        "of Control in Rawalakot sector on Monday, martyring two civilians and injuring five "
        "others, the ISPR said.",
        "2019-04-02",
    ))  # fmt: skip
    row = rows["Rawalakot"]
    assert row["role"] == "target"
    assert row["event_type"] == "small_arms_fire"
    assert (row["killed"], row["wounded"]) == (2, 5)


def test_firing_reported_from_a_sector_is_firing_there() -> None:
    rows = by_mention(rows_of(
        "JAMMU - Pakistan Rangers shelled forward posts in Arnia sector overnight, officials "
        "said. Firing was also reported from Pargwal sector in Akhnoor.",
        "2018-05-22",
    ))  # fmt: skip
    assert rows["Akhnoor"]["role"] == "target"


def test_a_clash_at_the_border_between_two_provinces_targets_both_and_counts_both_sides() -> None:
    rows = by_mention(rows_of(
        "KABUL - Iranian and Taliban border forces exchanged gunfire on Saturday at the border "
        "between Iran's Sistan and Baluchestan province and Afghanistan's Nimroz province, "
        "killing two Iranian border guards and one Taliban fighter, officials said.",
        "2023-05-28",
    ))  # fmt: skip
    assert rows["Sistan and Baluchestan"]["role"] == "target"
    assert rows["Nimroz"]["role"] == "target"
    assert rows["Nimroz"]["killed"] == 3


def test_a_country_named_as_the_actor_lends_no_role_to_the_districts_after_it() -> None:
    rows = by_mention(rows_of(
        "BAKU - The defence ministry said on Tuesday that its units had responded to "
        "large-scale provocations by Armenia in the Dashkasan, Kalbajar and Lachin districts.",
        "2022-09-13",
    ))  # fmt: skip
    assert [rows[n]["role"] for n in ("Dashkasan", "Kalbajar", "Lachin")] == ["target"] * 3


def test_a_second_place_after_and_in_shares_the_role_of_the_first() -> None:
    rows = by_mention(rows_of(
        "KABUL - Pakistani aircraft bombed houses in Paktika province and in the Sepera "
        "district of Khost province early on Monday, killing five people, a spokesman said.",
        "2024-03-18",
    ))  # fmt: skip
    assert [rows[n]["role"] for n in ("Paktika", "Sepera", "Khost")] == ["target"] * 3


def test_no_peacekeepers_hurt_is_a_count_of_none() -> None:
    rows = rows_of(
        "NAQOURA - A rocket struck inside the peacekeepers' base near Naqoura on Sunday, the "
        "mission said, but no peacekeepers were hurt.",
        "2023-10-16",
    )
    assert {r["wounded"] for r in rows} == {0}


def test_citizens_killed_by_a_clash_are_counted() -> None:
    rows = rows_of(
        "DUSHANBE - Tajik border guards said on Friday that fighting on the border near Vorukh "
        "had killed 10 Tajik citizens and wounded 90.",
        "2021-04-30",
    )
    assert {(r["killed"], r["wounded"]) for r in rows} == {(10, 90)}


def test_a_border_named_by_its_two_countries_lends_no_role_and_hides_no_cue() -> None:
    rows = by_mention(rows_of(
        "RAWALPINDI - During the night, terrorists attempted to infiltrate through the "
        "Pakistan-Afghanistan border in the general area of Ghulam Khan, North Waziristan "
        "District, the ISPR said.",
        "2024-08-22",
    ))  # fmt: skip
    assert rows["North Waziristan"]["role"] == "target"


def test_towns_where_sirens_sounded_were_only_threatened() -> None:
    rows = by_mention(rows_of(
        "Sirens sounded in Metula and Kiryat Shmona on Tuesday afternoon after about 25 "
        "rockets were fired from Lebanon, the army said. Later, an Israeli airstrike hit a "
        "house in Nabatieh, killing three people.",
        "2024-10-30",
    ))  # fmt: skip
    assert rows["Metula"]["role"] == "location"
    assert rows["Kiryat Shmona"]["role"] == "location"


def test_a_ranked_soldier_named_with_an_aside_and_militants_sent_to_hell_are_counted() -> None:
    hell = rows_of(
        "RAWALPINDI - Troops engaged infiltrators near Ghulam Khan in North Waziristan on "
        "Tuesday night and three khwarij were sent to hell, the ISPR said.",
        "2024-08-22",
    )
    assert {r["killed"] for r in hell} == {3}
    assert {r["role"] for r in hell if r["mention"] == "North Waziristan"} == {"target"}
    sepoy = rows_of(
        "RAWALPINDI - During an exchange of fire near Ghulam Khan in North Waziristan on "
        "Tuesday, Sepoy Imran Khan (age 23 years, resident of District Karak) embraced "
        "shahadat, the ISPR said.",
        "2024-08-22",
    )
    assert {r["killed"] for r in sepoy} == {1}


def test_a_patrol_blocked_by_troops_who_crossed_the_line_is_an_incursion() -> None:
    rows = rows_of(
        "BEIJING - Chinese troops on a routine patrol near the Line of Actual Control in the "
        "Tawang sector were blocked by Indian troops who illegally crossed the line on "
        "Friday, a spokesman said.",
        "2022-12-13",
    )
    kinds = {k for r in rows for k in r["event_types"]}
    assert {"incursion", "other"} <= kinds


@pytest.mark.parametrize(
    ("text", "surface", "start", "end"),
    [
        ("On Friday, May 10, a drone hit a car near Belgorod.", "May 10", "2024-05-10",
         "2024-05-10"),
        ("Shells hit Sotk on June 3. The previous evening, a drone hit a car.",
         "The previous evening", "2024-06-02", "2024-06-02"),
        ("Shells hit Sotk on June 3. The next morning, a drone hit a car.",
         "The next morning", "2024-06-04", "2024-06-04"),
        ("Shelling of the border villages continued through the weekend.",
         "through the weekend", "2024-06-08", "2024-06-09"),
    ],
)  # fmt: skip
def test_dates_told_beside_weekdays_and_parts_of_days(
    text: str, surface: str, start: str, end: str
) -> None:
    found = {d.surface: (d.start, d.end) for d in find_dates(text, dt.date(2024, 6, 12))}
    assert found[surface] == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert all(s == found[surface][0] or "June 3" in text for s, _ in found.values())


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("An IED blast killed two soldiers near the border post.", {"other", "casualty"}),
        ("A shepherd was wounded by a landmine near the border.", {"other", "casualty"}),
        ("Chinese troops intruded into Indian territory near Demchok.", {"incursion"}),
        ("Two helicopters violated the airspace of Lithuania.", {"incursion"}),
        ("Militants ambushed a border patrol near Angoor Adda.", {"other"}),
    ],
)
def test_kinds_of_mines_intrusions_and_ambushes(sentence: str, kinds: set[str]) -> None:
    from mapper.incidents.kinds import sentence_kinds

    assert set(sentence_kinds(sentence)) == kinds


def test_a_place_after_as_well_as_areas_near_shares_the_role() -> None:
    rows = by_mention(rows_of(
        "ERBIL - Iranian missiles and drones hit the Koysinjaq district on Wednesday, as well "
        "as areas near Sulaimaniya, officials in the Kurdistan Region said.",
        "2022-09-29",
    ))  # fmt: skip
    assert rows["Koysinjaq"]["role"] == "target"
    assert rows["Sulaimaniya"]["role"] == "target"


def test_the_occupied_hills_are_a_description_and_losses_in_areas_mark_the_target() -> None:
    from mapper.incidents.kinds import sentence_kinds

    assert "incursion" not in sentence_kinds(
        "Fighters targeted enemy positions in the occupied Kfarchouba hills with rockets."
    )
    rows = by_mention(rows_of(
        "Units of the Sever group inflicted losses on Ukrainian formations in the areas of "
        "Volchansk and Liptsy in the Kharkov region, the ministry said.",
        "2024-06-20",
    ))  # fmt: skip
    assert [rows[n]["role"] for n in ("Volchansk", "Liptsy")] == ["target", "target"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # fire poured "onto" a place
        ("QUETTA - Border forces fired mortars onto the market in Chaman, Balochistan on "
         "Sunday, killing two people, officials said.", "Balochistan"),
        # "from X on Y": the place after a place of origin is the one aimed at
        ("PARACHINAR - After rockets fired from Afghanistan on the border area of Teri Mangal "
         "in Kurram district on Monday, residents fled.", "Kurram"),
        # airstrikes "on" a district
        ("KABUL - Pakistani airstrikes on the Barmal district of Paktika province killed "
         "eight people on Tuesday, a spokesman said.", "Paktika"),
        # a clash "between" two armies "near" a place
        ("NEW DELHI - The clash between the armies of India and China near Tawang left "
         "several soldiers injured on Friday, the minister said.", "Tawang"),
        # news "coming in from" districts
        ("KURSK - Information is coming in from the Glushkovo district about attempts by "
         "Ukrainian troops to cross the border on Tuesday, the governor said.", "Glushkovo"),
        # a list of shots told by count
        ("Four missiles were fired from Lebanon on Sunday, one at a post near Shtula, two "
         "near Metula, and another at Zar'it, the Israeli army said.", "Metula"),
    ],
)  # fmt: skip
def test_roles_of_places_reached_by_fire_in_ministry_and_wire_phrasing(
    text: str, place: str
) -> None:
    rows = by_mention(rows_of(text, "2024-06-10"))
    assert rows[place]["role"] == "target"


def test_a_ceasefire_violated_along_the_line_of_control_is_fire_not_an_incursion() -> None:
    rows = rows_of(
        "SRINAGAR - Pakistani troops violated the ceasefire along the Line of Control in the "
        "Uri sector of Baramulla district on Tuesday night, officials said. No casualties "
        "were reported.",
        "2024-06-12",
    )
    assert {k for r in rows for k in r["event_types"]} == {"small_arms_fire"}
    assert {(r["killed"], r["wounded"]) for r in rows} == {(0, 0)}


def test_citizens_detained_by_border_guards_are_an_incident() -> None:
    from mapper.incidents.kinds import sentence_kinds

    kinds = sentence_kinds("Russian border guards detained two Georgian citizens near Ergneti.")
    assert set(kinds) == {"other"}


def test_ages_are_not_counts_and_struck_names_an_attack() -> None:
    from mapper.incidents.casualties import casualties
    from mapper.incidents.kinds import sentence_kinds

    assert casualties(
        "A man was killed in Kupiansk, and two women aged 65 and 72 were injured in the "
        "village of Kindrashivka."
    ) == (1, 2)
    assert sentence_kinds("The army struck positions near Naqoura in response.") == {"other": False}


def test_the_mortally_wounded_are_killed_and_heights_taken_under_control_are_targets() -> None:
    from mapper.incidents.casualties import casualties

    assert casualties("Private Arthur Avanesyan was mortally wounded at around 14:35.") == (
        1,
        None,
    )
    assert casualties("The shelling fatally injured two men and wounded three.") == (2, 3)
    rows = by_mention(rows_of(
        "BAKU - The defence ministry said its forces had taken control of strategic heights "
        "near the village of Talish in the Fuzuli region on Saturday.",
        "2016-04-03",
    ))  # fmt: skip
    assert rows["Fuzuli"]["role"] == "target"
    assert "incursion" in rows["Fuzuli"]["event_types"]


def test_a_border_service_that_speaks_is_the_claimant() -> None:
    rows = rows_of(
        "BISHKEK - Tajik servicemen opened fire with mortars at a Kyrgyz outpost near Batken "
        "on Wednesday, the Border Service of Kyrgyzstan said.",
        "2022-09-15",
    )
    assert {r["claimant"] for r in rows} == {"Border Service of Kyrgyzstan"}


def test_a_stretch_of_front_named_by_towns_is_where_the_fighting_was() -> None:
    rows = by_mention(rows_of(
        "KHARKIV - Russian forces attempted to break through the Ukrainian defences in the "
        "Vovchansk and Lyptsi directions on Friday, the General Staff said.",
        "2024-05-12",
    ))  # fmt: skip
    assert [rows[n]["role"] for n in ("Vovchansk", "Lyptsi")] == ["target", "target"]
    assert "incursion" in rows["Vovchansk"]["event_types"]


def test_bulletin_items_headed_by_their_place_are_where_the_fire_landed() -> None:
    rows = by_mention(rows_of(
        "Over the past day, the enemy shelled 3 hromadas of Sumy region.\n\n"
        "• Yunakivska hromada: mortar attack (5 explosions).\n"
        "• Krasnopilska hromada: artillery shelling (12 explosions).\n"
        "• Bilopilska hromada: an FPV drone attack on a car; the driver was injured.\n",
        "2024-06-05",
    ))  # fmt: skip
    assert [rows[n]["role"] for n in ("Yunakivska", "Krasnopilska", "Bilopilska")] == ["target"] * 3
    assert rows["Bilopilska"]["wounded"] == 1


def test_people_named_among_a_count_are_part_of_it_and_died_in_marks_the_place() -> None:
    from mapper.incidents.casualties import casualties

    assert casualties("A major general and a colonel were among 11 servicemen killed.") == (
        11,
        None,
    )
    rows = by_mention(rows_of(
        "BAKU - A 76-year-old civilian died in the village of Aghdam in the Tovuz district "
        "after Armenian shelling on Tuesday, the defence ministry said.",
        "2020-07-14",
    ))  # fmt: skip
    assert rows["Aghdam"]["role"] == "target"
