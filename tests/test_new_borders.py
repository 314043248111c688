"""Reports from borders no profile describes, written by the team: Turkey–Syria, Iran–Pakistan,
the two Koreas, Kyrgyzstan–Tajikistan. The real gazetteer, layers and pipeline throughout."""

from __future__ import annotations

import datetime as dt

import pytest

import mapper
from mapper.reports.dates import find_dates
from mapper.toponyms import scan_text


def _rows(text: str, published: str) -> list[dict]:
    gdf = mapper.extract([{"id": "r", "text": text, "published": published}])
    return gdf.drop(columns="geometry").to_dict("records")


def _by_mention(rows: list[dict]) -> dict[str, dict]:
    return {r["mention"]: r for r in rows}


def test_a_name_written_without_its_arabic_article_is_the_place() -> None:
    # GeoNames calls it "Al Qamishli"; wires write "Qamishli" (a name ending like a surname)
    rows = _by_mention(_rows(
        "ANKARA - Mortar rounds fired from Syria hit the Turkish town of Nusaybin on Friday, "
        "the governor's office said. The rounds were fired from Qamishli, officials added.",
        "2019-10-11",
    ))  # fmt: skip
    assert rows["Qamishli"]["country"] == "SY"
    assert rows["Qamishli"]["role"] == "origin"
    assert rows["Nusaybin"]["role"] == "target"


def test_a_province_spelled_another_way_stands_by_the_town_it_holds() -> None:
    # the province's point lies some 280 km from Saravan: the town vouches for it
    rows = _by_mention(_rows(
        "Pakistan carried out strikes on militant hideouts in Iran's Sistan-Baluchestan "
        "province early on Thursday. Iranian officials said seven people were killed in the "
        "strikes near the town of Saravan.",
        "2024-01-18",
    ))  # fmt: skip
    assert rows["Sistan-Baluchestan"]["place"] == "Sistan and Baluchestan"
    assert rows["Sistan-Baluchestan"]["role"] == "target"
    assert rows["Saravan"]["country"] == "IR"


def test_a_dateline_names_the_country_of_the_city_of_that_very_name() -> None:
    # "Islamabad" is also an old name of Chattogram (larger): the report names Pakistan
    scan = scan_text("ISLAMABAD, Jan 18 (Reuters) - Officials said the border was calm.")
    assert "PK" in scan.scope.named
    assert "BD" not in scan.scope.named


def test_a_shell_landing_near_a_unit_in_a_county_makes_the_county_the_target() -> None:
    rows = _by_mention(_rows(
        "SEOUL - North Korea fired a shell across the western border on Thursday afternoon, "
        "landing near a South Korean army unit in Yeoncheon county, the defence ministry said.",
        "2015-08-20",
    ))  # fmt: skip
    assert rows["Yeoncheon"]["role"] == "target"
    assert rows["SEOUL"]["role"] == "location"


def test_a_province_set_off_by_commas_shares_the_role_of_the_town_it_holds() -> None:
    rows = _by_mention(_rows(
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
    rows = _by_mention(_rows(
        "ISLAMABAD - Pakistan carried out air strikes inside Iran on January 18, the foreign "
        "ministry said. The strikes came two days after Iran fired missiles and drones at "
        "Panjgur in Balochistan, killing two children.",
        "2024-01-19",
    ))  # fmt: skip
    assert rows["Panjgur"]["date_start"] == "2024-01-16"
    assert rows["Panjgur"]["role"] == "target"
