"""Incidents: what happened, when, where, who claims it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mapper.geocoding import ResolvedMention
from mapper.reports import Report

EVENT_TYPES = ("small_arms_fire", "shelling", "drone_strike", "casualty", "incursion", "other")
ROLES = ("target", "origin", "location")


@dataclass(frozen=True, slots=True)
class IncidentPlace:
    """A place of an incident with its role and the sentence that holds it."""

    resolved: ResolvedMention
    role: str
    snippet: str


@dataclass(slots=True)
class Incident:
    """One incident of a report."""

    report_id: str
    incident_id: str
    date_start: dt.date | None
    date_end: dt.date | None
    event_type: str
    killed: int | None
    wounded: int | None
    claimant: str | None
    source: str | None
    places: list[IncidentPlace] = field(default_factory=list)


def extract_incidents(report: Report, resolved: list[ResolvedMention]) -> list[Incident]:
    """Split ``report`` into incidents and give each its places, roles, dates and kind."""
    raise NotImplementedError
