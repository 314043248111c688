"""Places on borders no profile describes, in reports written by the team: Turkey–Syria,
Iran–Pakistan, Kyrgyzstan–Tajikistan, Sudan–South Sudan, Ukraine and others. The real
gazetteer, layers and pipeline throughout."""

from __future__ import annotations

from _extract import by_mention, rows_of

import mapper
from mapper.toponyms import scan_text


def test_a_name_written_without_its_arabic_article_is_the_place() -> None:
    # GeoNames calls it "Al Qamishli"; wires write "Qamishli" (a name ending like a surname)
    rows = by_mention(rows_of(
        "ANKARA - Mortar rounds fired from Syria hit the Turkish town of Nusaybin on Friday, "
        "the governor's office said. The rounds were fired from Qamishli, officials added.",
        "2019-10-11",
    ))  # fmt: skip
    assert rows["Qamishli"]["country"] == "SY"
    assert rows["Qamishli"]["role"] == "origin"
    assert rows["Nusaybin"]["role"] == "target"


def test_a_province_spelled_another_way_stands_by_the_town_it_holds() -> None:
    # the province's point lies some 280 km from Saravan: the town vouches for it
    rows = by_mention(rows_of(
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


def test_a_name_ending_like_a_surname_written_without_its_apostrophe_is_the_place() -> None:
    # GeoNames writes "Ts'khinvali"; "-li" ends surnames too, but this is the town's own name
    scan = scan_text(
        "TBILISI - A resident of a Georgian village was detained near the occupation line "
        "on Wednesday and taken to Tskhinvali, the State Security Service said."
    )
    assert "Tskhinvali" in [m.surface for m in scan.mentions]


def test_a_province_whose_seat_lies_at_the_border_keeps_its_own_country() -> None:
    # North Kivu's seat, Goma, lies within the 1:10m polygon line's error of Rwanda
    rows = by_mention(rows_of(
        "KIGALI - Rwanda's defence force said rockets fired from Congo hit Kinigi on Thursday. "
        "The RDF said the rockets were fired by the Congolese army fighting near the border "
        "in North Kivu province.",
        "2022-06-10",
    ))  # fmt: skip
    assert rows["North Kivu"]["country"] == "CD"
    assert rows["Kinigi"]["country"] == "RW"


def test_a_town_in_a_polygon_with_no_country_code_takes_its_gazetteer_country() -> None:
    # Natural Earth codes the Golan Heights with no country; GeoNames puts Katzrin in Israel
    rows = by_mention(rows_of(
        "The Israeli army said rockets fired from Lebanon hit Katzrin on Thursday, lightly "
        "wounding two civilians.",
        "2024-07-05",
    ))  # fmt: skip
    assert rows["Katzrin"]["country"] == "IL"
    assert rows["Katzrin"]["country_source"] == "gazetteer"


def test_a_cued_village_two_letters_off_another_villages_other_name_stays_unresolved() -> None:
    # "Goncharovka" is two edits from "Gusarovka", a Russian name of Husarivka, 200 km away
    # in Ukraine: only a place's own name is matched that loosely
    scan = scan_text(
        "MOSCOW - Ukrainian troops crossed into Russia's Kursk region near Sudzha on Tuesday. "
        "A drone hit an ambulance in the village of Goncharovka, the governor said."
    )
    assert "Goncharovka" not in [m.surface for m in scan.mentions]
    assert "Goncharovka" in [m.surface for m in scan.unresolved]


def test_a_nameless_hamlet_a_continent_away_from_the_rest_is_no_place_of_the_report() -> None:
    # "Dongzhang" is also a village in Fujian (no population known), 2,700 km from Tawang
    scan_places = mapper.extract([{
        "id": "r",
        "text": "Chinese troops tried to change the status quo in the Dongzhang area of the "
                "Tawang sector in Arunachal Pradesh on Friday, Indian officials said.",
        "published": "2022-12-13",
    }])  # fmt: skip
    assert "Dongzhang" not in set(scan_places["mention"])
    assert set(scan_places.loc[scan_places["mention"] == "Tawang", "role"]) == {"target"}


def test_hromadas_named_by_the_adjective_of_their_seat_stand_at_that_seat() -> None:
    rows = by_mention(rows_of(
        "SUMY - Russian troops shelled the Krasnopilska, Bilopilska and Yunakivska hromadas of "
        "Sumy oblast with mortars on Tuesday, and the Vorozhbianska and Shalyhynska "
        "communities came under artillery fire, the regional military administration said.",
        "2024-05-15",
    ))  # fmt: skip
    seats = {n: rows[n]["place"] for n in ("Krasnopilska", "Bilopilska", "Yunakivska",
                                          "Vorozhbianska", "Shalyhynska")}  # fmt: skip
    assert seats == {
        "Krasnopilska": "Krasnopillya",
        "Bilopilska": "Bilopillia",
        "Yunakivska": "Yunakivka",
        "Vorozhbianska": "Vorozhba",
        "Shalyhynska": "Shalyhyne",
    }
    assert {rows[n]["country"] for n in seats} == {"UA"}


def test_a_town_across_the_border_is_found_though_its_country_goes_unnamed() -> None:
    # Abyei is in Sudan (GeoNames); the report names only South Sudan, Sudan's neighbour
    rows = by_mention(rows_of(
        "JUBA - At least 30 people were killed when armed youths attacked villages in the "
        "disputed Abyei area on Saturday night, officials said. The attackers came from "
        "Warrap state in South Sudan.",
        "2024-02-01",
    ))  # fmt: skip
    assert rows["Abyei"]["country"] == "SD"
    assert rows["Abyei"]["role"] == "target"


def test_a_neighbours_village_by_another_of_its_names_is_not_looked_for() -> None:
    # "Banjska" (Kosovo) is also a name of Bulgaria's Bansko; Bulgaria borders Serbia
    scan = scan_text(
        "PRISTINA - Gunmen attacked a police patrol near the village of Banjska in Zvecan "
        "on Sunday, Kosovo's prime minister said. Serbia denied any role."
    )
    assert all(c.country != "BG" for m in scan.mentions for c in m.candidates)


def test_the_tables_derived_from_the_world_layer_say_what_the_layer_says() -> None:
    import importlib.util
    from pathlib import Path

    from mapper.spatial.layers import unit_points

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("derived", root / "geodata/derived.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def table(name: str) -> list[tuple[str, ...]]:
        text = (root / "mapper/data" / name).read_text(encoding="utf-8")
        return [tuple(line.split("\t")) for line in text.splitlines() if not line.startswith("#")]

    rows = table("neighbours.tsv")
    assert rows == module.pairs()
    assert ("SD", "SS") in rows and ("AM", "AZ") in rows
    points = table("unit_points.tsv")
    assert points == module.unit_points()
    # the points mapper resolve reads are those the layers give
    assert {c: (float(a), float(b)) for c, a, b in points} == unit_points()


def test_a_place_said_to_be_in_part_of_a_country_is_none_of_another_countrys() -> None:
    # the only "Taybeh" the gazetteer has is Tayibe in central Israel
    rows = rows_of(
        "Israeli jets struck targets in the areas of Kfarkela and Taybeh in southern Lebanon "
        "overnight, the military said.",
        "2024-03-02",
    )
    assert {r["country"] for r in rows} == {"LB"}


def test_part_of_a_name_with_an_apostrophe_inside_is_no_place() -> None:
    scan = scan_text("A missile hit a house in Zar'it on Sunday, the Israeli army said.")
    assert "Zar" not in [m.surface for m in scan.mentions]


def test_a_small_village_hundreds_of_km_from_the_rest_is_a_namesake() -> None:
    # Martynovka in Kursk Oblast is in no registry source; the one the gazetteer has (585
    # people) lies in Crimea, 600 km away
    rows = rows_of(
        "MOSCOW - Russian forces repelled attacks near Martynovka in the Sudzhansky district of "
        "the Kursk region on Friday, the Defence Ministry said.",
        "2024-08-09",
    )
    assert "Martynovka" not in {r["mention"] for r in rows}
    assert {r["country"] for r in rows} == {"RU"}


def test_a_lebanese_source_naming_only_the_israeli_enemy_is_about_lebanon() -> None:
    # Lebanese statements name Israel as "the Israeli enemy" and rarely name Lebanon itself
    rows = by_mention(rows_of(
        "The Israeli enemy's artillery shelled the outskirts of Kfarkela at dawn today, and a "
        "drone fired a missile at a motorcycle on the road between Khiam and Marjayoun, "
        "wounding one person.",
        "2024-05-20",
    ))  # fmt: skip
    assert rows["Kfarkela"]["country"] == "LB"
    assert rows["Marjayoun"]["role"] == "target"
