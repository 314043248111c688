"""Casualty figures: counts in sentences (mapper.incidents.casualties) and the tolls of
incidents and reports (mapper.incidents.tolls), on sentences we wrote."""

from __future__ import annotations

import datetime as dt

import pytest

from mapper.geocoding import geocode_text
from mapper.incidents import Incident, extract_incidents
from mapper.incidents.casualties import counts
from mapper.reports import Report

DEC11 = dt.date(2023, 12, 11)  # a Monday


def _extract(text: str) -> list[Incident]:
    report = Report(id="r", text=text, published=DEC11)
    return extract_incidents(report, geocode_text(text))


def _report_toll(text: str) -> tuple[int | None, int | None]:
    """Killed and wounded summed over a report's incidents, as a map of the report shows."""
    incidents = _extract(text)
    killed = [i.killed for i in incidents if i.killed is not None]
    wounded = [i.wounded for i in incidents if i.wounded is not None]
    return (sum(killed) if killed else None), (sum(wounded) if wounded else None)


# --- one sentence ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "killed", "wounded"),
    [
        # a breakdown after a colon or between dashes is the count, not more of it
        ("Three people died in the shelling of Sotk: two servicemen and a shepherd.", 3, None),
        ("Four people — two policemen and two children — were wounded in Sudzha.", None, 4),
        # people named, not counted
        ("An elderly couple was found shot dead in their house in Berd.", 2, None),
        ("A retired couple — Arsen and Anahit, both over 70 — were found shot.", 2, None),
        ("Private Sargis Hovhannisyan and Corporal Aram Petrosyan were killed near Sotk.", 2, None),
        ("Twenty soldiers were killed, including Colonel Ivan Petrenko.", 20, None),
        # wounded given by their state
        ("Nine soldiers were killed and three more are in critical condition.", 9, 3),
        ("Two of the peacekeepers remain in serious condition.", None, 2),
        ("Two residents were transported to a hospital in Goris.", None, 2),
        # the verb before the people
        ("Russian troops shot dead a man near Lyptsi.", 1, None),
        ("Border guards shot and killed two smugglers near Chaman.", 2, None),
        # a later count in the sentence is found past an earlier match that swallowed it
        ("Shells killed four civilians with another 11 people being injured.", 4, 11),
        # the military's own word for soldiers killed in action
        ("Eleven soldiers embraced shahadat and 29 were injured in Kurram.", 11, 29),
    ],
)
def test_counts_in_one_sentence(sentence: str, killed: int | None, wounded: int | None) -> None:
    c = counts(sentence)
    assert (c.total("k"), c.total("w")) == (killed, wounded)


def test_how_a_count_relates_to_the_counts_before() -> None:
    assert counts("At least 12 soldiers were killed near Tegh.").bound == {"k"}
    assert counts("A civilian was also killed in Khiam.").extra == {"k"}
    assert counts("Another villager, Hrant Avetisyan, was also killed.").extra == {"k"}
    assert counts("Five more people were killed in Kunar.").extra == {"k"}
    # "others" than the killed: no more wounded than the sentence says
    assert counts("The strike killed two people and injured three others.").extra == set()
    assert counts("The death toll rose to 14 on Tuesday.").toll == {"k"}


# --- an incident -----------------------------------------------------------------------------


def test_named_people_and_an_other_one_add_up() -> None:
    text = (
        "Azerbaijani troops shelled Talish on December 9. An elderly couple, Arsen and Anahit "
        "Grigoryan, were found shot dead in their home. Another villager, Hrant Avetisyan, "
        "was also killed."
    )
    assert _report_toll(text) == (3, None)


def test_counts_at_different_places_add_up_and_restatements_do_not() -> None:
    text = (
        "Russian mortars hit Khotin in Sumy Oblast on December 9. As a result, a civilian was "
        "injured. In Bilopillia, an artillery attack wounded a resident on December 9."
    )
    assert _report_toll(text) == (None, 2)
    text = (
        "On December 9, Russian drones and shells hit Kupiansk and Lyptsi in Kharkiv Oblast. "
        "In Kupiansk, two policemen were wounded. In Lyptsi, two civilians were injured. A "
        "doctor in Lyptsi said that two people were hurt by shrapnel."
    )
    assert _report_toll(text) == (None, 4)


def test_a_count_in_another_province_adds_to_the_lede() -> None:
    text = (
        "Pakistani jets struck villages in Spera district of Khost province on Saturday, "
        "killing ten people. In a separate incident on Saturday, five people were killed in "
        "Asadabad in Kunar province, residents said."
    )
    assert _report_toll(text) == (15, None)


def test_five_more_killed_add_to_the_count_before() -> None:
    text = (
        "Pakistani airstrikes killed ten people in Spera on Saturday. Five more were killed "
        "in the strikes, local officials said."
    )
    assert _report_toll(text) == (15, None)


def test_of_two_exact_figures_for_one_event_the_first_stands() -> None:
    text = (
        "An Israeli drone strike killed three militants near Metula on Monday, the army said. "
        "Hours later, the group said four of its fighters had been killed."
    )
    assert _report_toll(text)[0] == 3


def test_a_lower_bound_yields_to_a_larger_exact_figure() -> None:
    text = (
        "More than a dozen people were injured when shells hit Chaman on Monday. A doctor at "
        "the hospital said fifteen people were injured."
    )
    assert _report_toll(text) == (None, 15)


def test_a_headline_count_is_the_body_s_count() -> None:
    text = (
        "Azerbaijani fire near Sotk wounds a soldier\n\n"
        "On December 9, Azerbaijani units fired at Armenian positions near Sotk. A conscript "
        "from Kut was wounded in the arm."
    )
    assert _report_toll(text) == (None, 1)


def test_a_statement_made_on_a_later_day_is_no_new_incident() -> None:
    text = (
        "Azerbaijani fire on Tegh on Saturday killed two servicemen. The Defence Ministry, "
        "which on Sunday reported one more soldier wounded, said the fire came from Zangilan."
    )
    incidents = _extract(text)
    assert len(incidents) == 1
    assert (incidents[0].killed, incidents[0].wounded) == (2, 1)


# --- a report --------------------------------------------------------------------------------


def test_details_of_a_placeless_lede_are_not_counted_again() -> None:
    text = (
        "Israeli strikes on towns in southern Lebanon killed three people on Sunday. "
        "A drone strike on a car in Aitaroun killed two fighters. "
        "In Kfar Kila, a shell killed a shepherd on Sunday."
    )
    assert _report_toll(text) == (3, None)


def test_details_that_exceed_a_summary_lede_replace_it() -> None:
    text = (
        "Russian troops shelled the Kharkiv region on Sunday, injuring two people, the police "
        "said. In Kupiansk, three policemen were wounded by a drone on Sunday. In Vovchansk, "
        "shelling injured two civilians on Sunday."
    )
    assert _report_toll(text) == (None, 5)
