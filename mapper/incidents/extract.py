"""Incidents: what happened, when, where, who claims it.

A report is split into sentences; sentences that name an event (fire, shelling, drones,
incursions, casualties) are grouped into incidents. A sentence opens a new incident when it
gives a date that does not overlap the current one, when another claimant describes an event, or
when it describes an event at a different set of places without referring back ("The fire ...",
"Baku denied ..."), or says so ("In another incident"). Sentences with no event word
(background: diplomacy, history, calls for restraint) open none and keep their places as
``location`` of the nearest incident; only places in event sentences become ``target`` or
``origin``. A report with no event word gives no incident. An event the text says did not happen
("observed no shooting", "had not opened fire") is no event word. A claim reported only to be
denied ("denied that its units fired at Kut", "rejected reports of shooting near Sotk", "the
information that ... does not correspond to reality", "Baku's claim that ... is a lie") is the
same: by this source the event did not happen, so its words name no event, count no casualties,
and its places are ``location``; such a sentence alone gives an ``other`` incident claimed by
the denier (the claim is the report's news), and after an incident it is that incident's
background, so a wire that relays a claim and then its denial keeps the claim's roles. What the
denier claims in turn ("..., saying Azerbaijani units shelled Sotk") is read as usual
(mapper.incidents.kinds.denied_spans).

Each incident lists every kind its sentences name (``event_types``; a generic word such as
"fired" or "attack" counts only when no kind of fire is named, in the incident or, for a lede
with no place of its own, by the report on its days: mapper.incidents.kinds) and takes
the most specific as ``event_type``; killed and wounded come from the counts its sentences
state, the background sentences' too ("There were no casualties."): restatements of one figure
resolved, counts at different places and of different sides summed, and the counts of later
incidents that detail a report's lede left to it (mapper.incidents.casualties,
mapper.incidents.tolls). Its places are merged to one per place and role
(mapper.incidents.places).
The claimant is the one the incident's own sentences name, so a sentence's attribution wins
over the report's earlier claimant ("Azerbaijan said its positions ... came under fire" opens an
incident claimed by Azerbaijan); a country or capital that speaks ("Baku said", "according to
Yerevan") stands for the body of that country the report names, else "Government of Azerbaijan"
(mapper.incidents.claims). Without one, the claimant is the one of the incident before, else the
first in the report, else a body named as the report's source; a bare "Defence Ministry" takes the
country of the outlet, else of the places under fire. The source is ``Report.source``, else the
outlet of the dateline, else the first outlet the text names.

Dates without a year take the year of the last dated sentence of their paragraph, else the
publication year (the year before when that would put them after publication), else the year
of the report's other dates (mapper.reports.dates). When the publication date is unknown, a
dateline with a year ("BAKU, Dec 9, 2023") stands in for it. An incident whose sentences give
no date takes the date of the incident before, else the publication date; ``date_prec`` says
how precise the date is (UCDP GED: 1 the day ... 5 the year; a publication date standing in is
3, the week). Without any of these the date stays null and the incident carries a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from mapper.geocoding.resolve import ResolvedMention
from mapper.incidents import claims as _claims
from mapper.incidents import kinds as _kinds
from mapper.incidents import tolls as _tolls
from mapper.incidents.places import merge_places
from mapper.incidents.segments import Group, blank, group_sentences, read_sentences
from mapper.incidents.states import country_name
from mapper.profiles import BorderProfile, applicable
from mapper.reports import dates as _dates
from mapper.reports.readers import Report

_SNIPPET_MAX = 600
#: ``date_prec`` of an incident dated by its report's publication (the text gives no date)
PUBLISHED_PREC = 3
_DATELINE = re.compile(
    # the place: one to four capitalised words ("BAKU", "Nur-Sultan", "New Delhi")
    r"^[ \t]*(?P<place>[A-ZƏÇŞĞÖÜİ][\w'’.-]*(?:[ ][A-ZƏÇŞĞÖÜİ][\w'’.-]*){0,3})"
    r"(?:\s*\[[^\]\n]{2,30}\])?\s*,\s*"
    r"(?P<date>[\w .,]{3,30}?)\s*"
    r"(?:\((?P<outlet>[^)\n]{2,40})\)\s*)?(?:[-–—]+|/[A-Za-z ]+/\.?|\.|:)\s",
    re.MULTILINE,
)

# "QUETTA:", "Beirut: Three people were killed ...": a place and a colon opening the report
_COLON_DATELINE = re.compile(
    r"\A\s*(?:[A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+){0,2}\s*:(?=\s)|"
    # "YEREVAN, STEPANAKERT—": places in capitals and a dash, no date
    r"[A-Z][A-Z'’.-]{2,}(?: [A-Z][A-Z'’.-]+)*(?:,\s*[A-Z][A-Z'’.-]{2,}(?: [A-Z][A-Z'’.-]+)*)*"
    r"\s*(?:\([^)\n]{2,40}\)\s*)?[-–—]+)"
)
_DATELINE_DATE = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class IncidentPlace:
    """A place of an incident with its role, the sentence of its first mention in that role,
    and how many times the incident names it (``mentions``)."""

    resolved: ResolvedMention
    role: str
    snippet: str
    mentions: int = 1


@dataclass(slots=True)
class Incident:
    """One incident of a report.

    ``places`` holds every mention with its role (``actor`` for a country or capital standing
    for an army or a state), :meth:`features` one per place and role. ``reported`` is the
    report's publication date; ``event_types`` every kind the incident
    reports (``event_type`` is the first, the principal one); ``date_prec`` the UCDP GED
    precision of the dates; ``warnings`` say what could not be read (a date that cannot be
    parsed, ...).
    """

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
    reported: dt.date | None = None
    warnings: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    date_prec: int | None = None
    #: the countries whose casualties the text names ("two Armenian servicemen")
    casualty_sides: frozenset[str] = frozenset()

    def features(self) -> list[IncidentPlace]:
        """The places as output rows: one per place and role, actors left out
        (mapper.incidents.places)."""
        return merge_places(self.places)


def extract_incidents(report: Report, resolved: list[ResolvedMention]) -> list[Incident]:
    """Split ``report`` into incidents and give each its places, roles, dates and kind.

    Parameters
    ----------
    report
        The report; ``published`` resolves relative and year-less dates.
    resolved
        The places found in ``report.text`` (``mapper.geocoding.geocode_text``), any order.

    Returns
    -------
    list of Incident
        In text order, ids ``REPORT_ID#1``, ``REPORT_ID#2`` ...; empty when the report names
        no event.
    """
    text = report.text
    profiles = applicable(r.place.country for r in resolved if r.place.country)
    dateline = next(
        (m for m in _DATELINE.finditer(text, 0, 400) if _DATELINE_DATE.search(m.group("date"))),
        None,
    )  # "According to Yerevan, mortars hit Sotk. ..." has the shape of one but no date
    reference = report.published or _dateline_date(dateline)
    claims = _claims.find_claimants(text, profiles)
    outlets = _claims.find_outlets(text, profiles)
    found_dates = _dates.find_dates(text, reference)
    blanks = [(c.start, c.end) for c in claims] + [(o.start, o.end) for o in outlets]
    blanks += _dates.mask_spans(text, found_dates)
    head = dateline or _COLON_DATELINE.match(text)  # "QUETTA:" at the top: a dateline too
    if head is not None:
        blanks.append(head.span())
    masked = blank(text, blanks)
    all_dates = [
        d for d in found_dates
        if dateline is None or not dateline.start() <= d.start_char < dateline.end()
    ]  # fmt: skip
    sentences = read_sentences(text, masked, resolved, all_dates, claims, head)
    groups = group_sentences(sentences)
    source = report.source or (dateline and _outlet_name(dateline.group("outlet"), profiles))
    source = source or (outlets[0].name if outlets else None)
    first_claimant = claims[0].name if claims else None
    if first_claimant is None and report.source:  # a ministry's own page: the source speaks
        by_source = _claims.find_claimants(report.source, profiles)
        first_claimant = by_source[0].name if by_source else None
    incidents: list[Incident] = []
    previous: Incident | None = None
    days: list[tuple[dt.date, dt.date] | None] = []
    for g in groups:  # as the incidents take them: the one before, else the publication date
        fallback = days[-1] if days else (reference, reference) if reference else None
        days.append(g.dates or fallback)
    kinds = _kinds.report_kinds(
        [(_kinds_of(g), d, _target_spots(g)) for g, d in zip(groups, days, strict=True)]
    )
    for n, (group, group_kinds) in enumerate(zip(groups, kinds, strict=True), start=1):
        incident = _incident(
            report, n, group, group_kinds, text, previous, (first_claimant, source, reference),
            profiles,
        )  # fmt: skip
        incidents.append(incident)
        previous = incident
    _tolls.lede_covers_details(incidents)
    return incidents


def _incident(
    report: Report,
    n: int,
    group: Group,
    kinds: list[str],
    text: str,
    previous: Incident | None,
    context: tuple[str | None, str | None, dt.date | None],
    profiles: list[BorderProfile],
) -> Incident:
    first_claimant, source, reference = context
    told = group.sentences + group.background  # "There were no casualties." names no event
    killed, wounded = _toll(group)
    if (killed or wounded) and "casualty" not in kinds:
        kinds = [k for k in _kinds.PRIORITY if k in {*kinds, "casualty"}]
    kinds = kinds or ["other"]
    warnings = [
        f"{report.id}: {d.problem} (sentence {s.index + 1}); date left empty"
        for s in group.sentences
        for d in s.dates
        if d.problem
    ]
    start_end = group.dates
    prec = _dates.date_precision(*start_end) if start_end else None
    if start_end is None and previous is not None and previous.date_start is not None:
        start_end = (previous.date_start, previous.date_end or previous.date_start)
        prec = previous.date_prec
    published = report.published or reference
    if start_end is None and published is not None:  # the text gives no date
        start_end, prec = (published, published), PUBLISHED_PREC
    places = []
    for s in sorted(told, key=lambda s: s.index):
        for r, role in zip(s.mentions, s.roles, strict=True):
            places.append(IncidentPlace(r, role, _snippet(text, s.span, r)))
    claimant = group.claimant or (previous.claimant if previous else None) or first_claimant
    if claimant in _claims.NATIONAL_BODIES:  # "the Defence Ministry said": whose?
        country = _claimant_country(source, places, profiles)
        claimant = f"{claimant} of {country}" if country else claimant
    return Incident(
        report_id=report.id,
        incident_id=f"{report.id}#{n}",
        date_start=start_end[0] if start_end else None,
        date_end=start_end[1] if start_end else None,
        event_type=kinds[0],
        killed=killed,
        wounded=wounded,
        claimant=claimant,
        source=source,
        places=places,
        reported=published,
        warnings=warnings,
        event_types=kinds,
        date_prec=prec,
        casualty_sides=frozenset(
            side for s in told for c in s.counts.by_side.values() for side in c if side
        ),
    )


def _kinds_of(group: Group) -> list[dict[str, bool]]:
    return [s.kinds for s in group.sentences]


def _target_spots(group: Group) -> set[object]:
    """The towns, districts and landmarks ``group``'s event sentences target, and the
    provinces of every place it targets (a country's name stands for no place)."""
    out: set[object] = set()
    for s in group.sentences:
        for r, role in zip(s.mentions, s.roles, strict=True):
            if role != "target" or r.place.kind == "country":
                continue
            out.add(("province", r.place.admin1, r.place.country))
            if r.place.kind not in ("province", "region"):
                out.add((r.place.name, r.place.country))
    return out


def _toll(group: Group) -> tuple[int | None, int | None]:
    """Killed and wounded of a group: its own sentences' toll, plus the tolls of the placeless
    incidents folded into it (each a separate event: they add up)."""
    folded = {id(s) for g in group.folded for s in g.sentences + g.background}
    own = [s for s in group.sentences + group.background if id(s) not in folded]
    # the counts with their places, read once for both figures
    parts = [_tolls.told(own)] + [_tolls.told(g.sentences + g.background) for g in group.folded]
    out = []
    for key in ("k", "w"):
        known = [t for t in (_tolls.incident_total(p, key) for p in parts) if t is not None]
        out.append(sum(known) if known else None)
    return out[0], out[1]


def _claimant_country(
    source: str | None, places: list[IncidentPlace], profiles: list[BorderProfile]
) -> str | None:
    """Guess the country of an unnamed ministry: the outlet's, else the one under fire."""
    if source:
        for outlet in _claims.find_outlets(source, profiles) or [_claims.Claim(0, 0, source)]:
            country = _claims.outlet_country(outlet.name, profiles)
            if country:
                return country
    targets = Counter(p.resolved.place.country for p in places if p.role == "target")
    if len(targets) == 1:
        return country_name(next(iter(targets)))
    return None


def _dateline_date(m: re.Match[str] | None) -> dt.date | None:
    if m is None:
        return None
    found = _dates.find_dates(m.group("date"), None)
    return found[0].start if found and found[0].start == found[0].end else None


def _outlet_name(raw: str | None, profiles: list[BorderProfile]) -> str | None:
    if not raw:
        return None
    found = _claims.find_outlets(f"({raw.strip()})", profiles)
    return found[0].name if found else raw.strip()


def _snippet(text: str, span: tuple[int, int], r: ResolvedMention) -> str:
    s0, s1 = span
    if s1 - s0 > _SNIPPET_MAX:
        mid = (r.mention.start + r.mention.end) // 2
        s0 = max(s0, mid - _SNIPPET_MAX // 2)
        s1 = min(s1, s0 + _SNIPPET_MAX)
    return " ".join(text[s0:s1].split())
