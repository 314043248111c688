"""One place row per place and role of an incident.

A report names a place again and again ("Kalbajar ... the Kalbajar region ... in Kalbajar"); a
map reader wants one marker for it. The mentions of one place in one role merge into one row:
the first mention's text, offsets and sentence, and ``mentions``, how many there were. A mention
that only sets the scene (``location``) of a place the incident also gives a role (target or
origin) merges into that row, which keeps the first mention in that role. Countries and capitals
standing for an army or a government (``actor``) give no row, and a country gives a row only
when it is the finest place the incident names: "fire from Afghanistan at Chaman" is mapped at
Chaman."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from mapper.incidents.roles import ACTOR, LOCATION, STATE

if TYPE_CHECKING:
    from mapper.geocoding.resolve import ResolvedMention
    from mapper.incidents.extract import IncidentPlace

__all__ = ["merge_places"]

# A district or province named like a town in it wins the row (the text says "region").
_UNITS = {"district": 1, "province": 1}


def _place_key(r: ResolvedMention) -> tuple[object, ...]:
    # by name: the headline's "Kalbajar" (the town) and "the Kalbajar region" (the district)
    # are one place to a reader
    p = r.place
    return (p.name.casefold(), p.country)


def merge_places(places: list[IncidentPlace]) -> list[IncidentPlace]:
    """The incident's places (in text order) merged to one per place and role.

    Parameters
    ----------
    places
        Every mention of the incident with its role, in text order.

    Returns
    -------
    list of IncidentPlace
        In order of first mention; ``mentions`` counts the merged mentions.
    """
    # a capital that speaks for a government ("Yerevan said") is named, not hit: a location
    kept = [replace(p, role=LOCATION) if p.role == STATE else p for p in places if p.role != ACTOR]
    if any(p.resolved.place.kind != "country" for p in kept):
        kept = [p for p in kept if p.resolved.place.kind != "country"]
    roles_of: dict[tuple[object, ...], list[str]] = {}
    for p in kept:
        roles_of.setdefault(_place_key(p.resolved), []).append(p.role)
    rows: dict[tuple[object, ...], IncidentPlace] = {}
    # a place's own role first: its row keeps the first mention in that role
    for p in sorted(kept, key=lambda p: p.role == LOCATION):
        key = _place_key(p.resolved)
        role = p.role
        if role == LOCATION:  # scene-setting: counted with the place's own role, if it has one
            role = next((r for r in roles_of[key] if r != LOCATION), LOCATION)
        row = rows.get((key, role))
        if row is None:
            rows[(key, role)] = replace(p, role=role, mentions=1) if role != p.role else p
        elif p.role == role and _UNITS.get(row.resolved.place.kind, 0) < _UNITS.get(
            p.resolved.place.kind, 0
        ):
            # "Kalbajar ... the Kalbajar region": the unit the text names explicitly
            rows[(key, role)] = replace(p, role=role, mentions=row.mentions + 1)
        else:
            rows[(key, role)] = replace(row, mentions=row.mentions + 1)
    return sorted(rows.values(), key=lambda p: p.resolved.mention.start)
