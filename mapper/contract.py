"""The output contract (DESIGN.md): its columns, its vocabularies and the row of one place.

Other tools read what ``mapper extract`` writes, so names here are added to, never renamed or
dropped. Every stage that needs a column name or a vocabulary takes it from this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mapper.data import read_table

if TYPE_CHECKING:
    from mapper.incidents.extract import Incident, IncidentPlace
    from mapper.reports.readers import Report

#: The output contract of DESIGN.md, in order; never rename or drop one.
CONTRACT_COLUMNS = (
    "report_id", "incident_id", "mention", "start", "end", "place", "geonameid", "kind",
    "where_prec", "lat", "lon", "country", "district", "district_code", "border_km", "role",
    "date_start", "date_end", "event_type", "killed", "wounded", "claimant", "source", "snippet",
    "event_types", "date_prec", "mentions",
)  # fmt: skip
#: Columns we add after the contract ones.
EXTRA_COLUMNS = (
    "confidence", "border", "border_section", "side", "near_border", "country_source", "title",
    "url", "published",
)  # fmt: skip
#: Columns ``mapper extract --link`` and :func:`mapper.link` add: the event an incident shares
#: with incidents of other reports (null when none does), and whether claimants of opposite
#: sides disagree on it (null without an event).
LINK_COLUMNS = ("event_id", "contested")
#: What the gazetteer said of a place, carried to the spatial join and dropped there: the join
#: trusts the gazetteer over coarse polygons at the border (see spatial.border_villages).
GAZETTEER_HINTS = ("gazetteer_country", "gazetteer_admin1")
#: Integer columns (nullable).
INT_COLUMNS = (
    "start",
    "end",
    "geonameid",
    "where_prec",
    "killed",
    "wounded",
    "date_prec",
    "mentions",
)
#: Float and true/false columns (the others are text or lists): what a lazy (Dask) frame declares.
FLOAT_COLUMNS = ("lat", "lon", "border_km", "confidence")
BOOL_COLUMNS = ("near_border",)
#: List columns: a list in GeoJSON and GeoParquet, ``;``-joined text in CSV and GeoPackage.
LIST_COLUMNS = ("event_types",)

#: ``event_type`` and ``event_types`` values (``mapper/data/event_types.tsv``, the one
#: vocabulary the incident stage's triggers use too).
EVENT_TYPES: tuple[str, ...] = tuple(row[0] for row in read_table("event_types.tsv"))
#: ``role`` values.
ROLES = ("target", "origin", "location")


def place_row(report: Report, incident: Incident, ip: IncidentPlace) -> dict[str, Any]:
    """The contract row of one place of one incident, before the spatial join.

    Parameters
    ----------
    report : Report
        The report the incident comes from.
    incident : Incident
        The incident.
    ip : IncidentPlace
        One of the incident's places, with its role and snippet.

    Returns
    -------
    dict
        Contract columns known before the join, plus :data:`GAZETTEER_HINTS`.
    """
    m, p = ip.resolved.mention, ip.resolved.place
    return {
        "report_id": report.id,
        "incident_id": incident.incident_id,
        "mention": m.surface,
        "start": m.start,
        "end": m.end,
        "place": p.name,
        "geonameid": p.geonameid,
        "kind": p.kind,
        "where_prec": p.where_prec,
        "lat": round(p.lat, 6),
        "lon": round(p.lon, 6),
        "role": ip.role,
        "date_start": incident.date_start,
        "date_end": incident.date_end,
        "event_type": incident.event_type,
        "event_types": list(incident.event_types or [incident.event_type]),
        "date_prec": incident.date_prec,
        "mentions": ip.mentions,
        "killed": incident.killed,
        "wounded": incident.wounded,
        "claimant": incident.claimant,
        "source": incident.source or report.source,
        "snippet": ip.snippet,
        "confidence": round(p.confidence, 3),
        "gazetteer_country": p.country,
        "gazetteer_admin1": p.admin1,
        "title": report.title,
        "url": report.url,
        "published": report.published,
    }
