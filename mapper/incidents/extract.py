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
"fired" or "attack" counts only when no kind of fire is named: mapper.incidents.kinds) and takes
the most specific as ``event_type``; killed and wounded are the largest counts its sentences
state for each side, summed over sides, the background sentences' too ("There were no
casualties."): reports restate counts ("killing at least 49", "the death toll rose to 71":
mapper.incidents.casualties). Its places are merged to one per place and role
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
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from mapper.geocoding.resolve import ResolvedMention
from mapper.incidents import casualties as _casualties
from mapper.incidents import claims as _claims
from mapper.incidents import kinds as _kinds
from mapper.incidents import roles as _roles
from mapper.incidents.places import merge_places
from mapper.incidents.sentences import split_sentences
from mapper.incidents.states import capital_country, country_name
from mapper.incidents.vocab import SPEECH
from mapper.profiles import BorderProfile, applicable
from mapper.reports import dates as _dates
from mapper.reports.readers import Report

_SNIPPET_MAX = 600
#: ``date_prec`` of an incident dated by its report's publication (the text gives no date)
PUBLISHED_PREC = 3
# "the ministry said on Monday": the day of the statement, not of the incident
_SPEECH_DATE = re.compile(rf"\b(?:{SPEECH}|told\s+[\w.]+)\s+(?:on\s+)?$", re.IGNORECASE)
_DATELINE = re.compile(
    # the place: one to four capitalised words ("BAKU", "Nur-Sultan", "New Delhi")
    r"^[ \t]*(?P<place>[A-ZƏÇŞĞÖÜİ][\w'’.-]*(?:[ ][A-ZƏÇŞĞÖÜİ][\w'’.-]*){0,3})"
    r"(?:\s*\[[^\]\n]{2,30}\])?\s*,\s*"
    r"(?P<date>[\w .,]{3,30}?)\s*"
    r"(?:\((?P<outlet>[^)\n]{2,40})\)\s*)?(?:[-–—]+|/[A-Za-z ]+/\.?|\.|:)\s",
    re.MULTILINE,
)

# a background sentence that dates the incident told before it
_TOOK_PLACE = re.compile(
    r"\b(?:took\s+place|happened|occurred|was\s+carried\s+out|(?:the|this)\s+(?:incident|attack))\b",
    re.IGNORECASE,
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


@dataclass(slots=True)
class _Sentence:
    index: int
    span: tuple[int, int]
    text: str
    kinds: dict[str, bool]  # kind -> named by a specific word (mapper.incidents.kinds)
    dates: list[_dates.DateSpan]
    claimant: str | None
    counts: _casualties.Counts
    mentions: list[ResolvedMention]
    roles: list[str]
    denied: bool = False  # names an event only to deny it
    spoken: list[_dates.DateSpan] = field(default_factory=list)  # "said on Friday"

    def role_keys(self) -> set[object]:
        return {
            _key(r)
            for r, role in zip(self.mentions, self.roles, strict=True)
            # a country under fire is vague: a place named later in it is no new place
            if role not in ("location", _roles.ACTOR) and r.place.kind != "country"
        }

    def has_place(self) -> bool:
        return any(role != _roles.ACTOR for role in self.roles)

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        starts = [d.start for d in self.dates if d.start is not None]
        ends = [d.end for d in self.dates if d.end is not None]
        return (min(starts), max(ends)) if starts and ends else None


@dataclass(slots=True)
class _Group:
    sentences: list[_Sentence] = field(default_factory=list)
    background: list[_Sentence] = field(default_factory=list)
    claimant: str | None = None
    dates: tuple[dt.date, dt.date] | None = None
    keys: set[object] = field(default_factory=set)
    folded: list[_Group] = field(default_factory=list)  # placeless incidents told with it
    spoken: tuple[dt.date, dt.date] | None = None  # the days of its statements ("said on Friday")

    def add(self, s: _Sentence) -> None:
        self.sentences.append(s)
        self.claimant = self.claimant or s.claimant
        rng = s.date_range()
        if rng is not None:
            self.dates = (
                rng
                if self.dates is None
                else (min(self.dates[0], rng[0]), max(self.dates[1], rng[1]))
            )
        self.keys |= s.role_keys()
        days = [(d.start, d.end) for d in s.spoken if d.start is not None and d.end is not None]
        if days and self.spoken is None:
            self.spoken = (min(a for a, _ in days), max(b for _, b in days))


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
    masked = _blank(text, blanks)
    all_dates = [
        d for d in found_dates
        if dateline is None or not dateline.start() <= d.start_char < dateline.end()
    ]  # fmt: skip
    sentences = _sentences(text, masked, resolved, all_dates, claims, head)
    groups = _group(sentences)
    source = report.source or (dateline and _outlet_name(dateline.group("outlet"), profiles))
    source = source or (outlets[0].name if outlets else None)
    first_claimant = claims[0].name if claims else None
    if first_claimant is None and report.source:  # a ministry's own page: the source speaks
        by_source = _claims.find_claimants(report.source, profiles)
        first_claimant = by_source[0].name if by_source else None
    incidents: list[Incident] = []
    previous: Incident | None = None
    for n, group in enumerate(groups, start=1):
        incident = _incident(
            report, n, group, text, previous, (first_claimant, source, reference), profiles
        )
        incidents.append(incident)
        previous = incident
    _lede_covers_details(incidents)
    return incidents


def _lede_covers_details(incidents: list[Incident]) -> None:
    """A report's first incident often states the day's toll and later ones detail it
    ("... killing two civilians", then "bombs also killed two men in X"): the counts of later
    incidents on the lede's days that add up to no more than the lede's are its details, not
    more casualties, and are left to the lede (None), so that sums over incidents count each
    casualty once."""
    lede = incidents[0] if incidents else None
    if lede is None or lede.date_start is None:
        return
    end = lede.date_end or lede.date_start
    same_days = [
        i
        for i in incidents[1:]
        if i.date_start is not None
        and lede.date_start <= i.date_start <= end
        and i.casualty_sides <= lede.casualty_sides  # another side's toll is not the lede's
    ]
    for key in ("killed", "wounded"):
        total = getattr(lede, key)
        later = [i for i in same_days if getattr(i, key)]
        if total and later and sum(getattr(i, key) for i in later) <= total:
            for i in later:
                setattr(i, key, None)


def _sentences(
    text: str,
    masked: str,
    resolved: list[ResolvedMention],
    all_dates: list[_dates.DateSpan],
    claims: list[_claims.Claim],
    dateline: re.Match[str] | None,
) -> list[_Sentence]:
    spans = split_sentences(text)
    starts = [s for s, _ in spans]
    by_sentence: list[list[ResolvedMention]] = [[] for _ in spans]
    for r in sorted(resolved, key=lambda r: r.mention.start):
        i = max(0, bisect_right(starts, r.mention.start) - 1)
        if spans and r.mention.start >= spans[i][1] and i + 1 < len(spans):
            i += 1
        if spans:
            by_sentence[i].append(r)
    dates_by: list[list[_dates.DateSpan]] = [[] for _ in spans]
    for d in all_dates:
        dates_by[max(0, bisect_right(starts, d.start_char) - 1)].append(d)
    spoken_by: list[list[_dates.DateSpan]] = [[] for _ in spans]
    for i, found in enumerate(dates_by):
        spoken = [
            d for d in found if _SPEECH_DATE.search(text, max(0, d.start_char - 30), d.start_char)
        ]
        if spoken:  # the day of the statement: the incident's only when nothing else dates it
            dates_by[i] = [d for d in found if d not in spoken]
            spoken_by[i] = spoken
    claim_starts = [c.start for c in claims]  # in text order, never overlapping
    claim_ends = [c.end for c in claims]
    out = []
    for i, (s0, s1) in enumerate(spans):
        chunk = masked[s0:s1]
        denied = _kinds.denied_spans(chunk)  # offsets in the sentence
        seen = _blank(chunk, denied) if denied else chunk  # what the source itself claims
        kinds = _kinds.sentence_kinds(seen)
        mentions = by_sentence[i]
        spans = [(r.mention.start, r.mention.end) for r in mentions]
        # only the claims that reach into the sentence: a search of all is quadratic
        here = claims[bisect_right(claim_ends, s0) : bisect_left(claim_starts, s1)]
        not_places = _merge(
            [(c.start, c.end) for c in here] + [(s0 + a, s0 + b) for a, b in denied]
        )
        not_starts = [a for a, _ in not_places]
        forced = [
            _inside(not_places, not_starts, start)
            or (dateline is not None and dateline.start() <= start < dateline.end())
            for start, _ in spans
        ]
        countries = [r.place.kind == "country" for r in mentions]
        capitals = [capital_country(r.mention.surface) is not None for r in mentions]
        if denied and kinds:  # read the rest of the sentence alone (a copy of it, not the text)
            local = [(a - s0, b - s0) for a, b in spans]
            roles = _roles.assign_roles(
                seen, (0, s1 - s0), local, True, forced, countries, capitals
            )
        else:
            roles = _roles.assign_roles(
                masked, (s0, s1), spans, bool(kinds), forced, countries, capitals
            )
        claim_spans = [(c.start, c.end) for c in here]
        roles = [  # "the Ministry of Defence of Azerbaijan": a name of an actor, not a place
            _roles.ACTOR if any(a <= start < b for a, b in claim_spans) else role
            for (start, _), role in zip(spans, roles, strict=True)
        ]
        counted = "casualty" in kinds or _kinds.names_casualties(seen)
        counts = _casualties.counts(seen) if counted else _casualties.Counts()
        claimant = next((c.name for c in here if s0 <= c.start), None)
        was_denied = bool(denied) and bool(_kinds.event_kinds(chunk))
        out.append(
            _Sentence(
                i,
                (s0, s1),
                chunk,
                kinds,
                dates_by[i],
                claimant,
                counts,
                mentions,
                roles,
                was_denied,
                spoken_by[i],
            )  # fmt: skip
        )
    return out


def _group(sentences: list[_Sentence]) -> list[_Group]:
    groups: list[_Group] = []
    pending: list[_Sentence] = []
    current: _Group | None = None
    for s in sentences:
        if not s.kinds:
            (current.background if current is not None else pending).append(s)
            continue
        if current is None or _opens_incident(s, current):
            current = _Group()
            groups.append(current)
            current.background.extend(pending)
            pending = []
        current.add(s)
    if current is None and any(s.denied for s in pending):  # a denial is the report's news
        current = _Group(background=pending)
        groups.append(current)
    for g in groups:
        _date_from_context(g)
    return _fold_placeless(groups)


def _date_from_context(group: _Group) -> None:
    """An incident whose event sentences give no date takes one from its background ("The
    incident took place on Thursday"), else from the day of the statement ("said on Friday")."""
    if group.dates is not None:
        return
    found = [d for s in group.background if _TOOK_PLACE.search(s.text) for d in s.dates]
    days = [(d.start, d.end) for d in found if d.start is not None and d.end is not None]
    if days:
        group.dates = (min(a for a, _ in days), max(b for _, b in days))
    else:
        group.dates = group.spoken


def _fold_placeless(groups: list[_Group]) -> list[_Group]:
    """Groups with no place to map ("Yerevan said four of its soldiers were killed") joined to
    the incident before (the first one to the next): they tell more of a mapped incident, and
    alone they would give no row."""
    out: list[_Group] = []
    for g in groups:
        if out and not any(s.has_place() for s in g.sentences + g.background):
            for s in g.sentences:
                out[-1].add(s)
            out[-1].background += g.background
            out[-1].folded.append(g)
        else:
            out.append(g)
    if len(out) > 1 and not any(s.has_place() for s in out[0].sentences + out[0].background):
        first, second = out[0], out[1]
        for s in second.sentences:
            first.add(s)
        first.background += second.background
        first.folded.append(second)
        out[0:2] = [first]
    return out


def _opens_incident(s: _Sentence, current: _Group) -> bool:
    rng = s.date_range()
    now = current.dates or current.spoken
    if rng is not None and now is not None:
        if rng[1] < now[0] or rng[0] > now[1]:
            return True
        wider = (rng[1] - rng[0]) - (now[1] - now[0])
        if wider.days >= 7 and rng[0] <= now[0] and now[1] <= rng[1]:
            return True  # "In September, three soldiers were killed": a wider time, another event
    if _kinds.starts_new(s.text) and not _headline_only(current):
        return True  # "Also, ...", "In a separate incident ..."
    acts = any(k != "casualty" for k in s.kinds)
    keys = s.role_keys()
    if not acts or not keys:
        return False
    if s.claimant and current.claimant and s.claimant != current.claimant:
        return True
    if not current.keys or keys & current.keys or _headline_only(current):
        return False
    return not _kinds.refers_back(s.text)


def _headline_only(group: _Group) -> bool:
    """A headline alone ("Armenian fire hits Lachin positions") announces the next sentence."""
    if len(group.sentences) != 1 or group.dates is not None:
        return False
    first = group.sentences[0]
    return first.index == 0 and not first.text.rstrip().endswith((".", "!", "?", '"', "”"))


def _incident(
    report: Report,
    n: int,
    group: _Group,
    text: str,
    previous: Incident | None,
    context: tuple[str | None, str | None, dt.date | None],
    profiles: list[BorderProfile],
) -> Incident:
    first_claimant, source, reference = context
    told = group.sentences + group.background  # "There were no casualties." names no event
    killed, wounded = _toll(group, "k"), _toll(group, "w")
    kinds = _kinds.incident_kinds([s.kinds for s in group.sentences])
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


def _toll(group: _Group, key: str) -> int | None:
    """Killed (``key`` "k") or wounded ("w") of a group: its own sentences' toll, plus the tolls
    of the placeless incidents folded into it (each a separate event: they add up)."""
    folded = {id(s) for g in group.folded for s in g.sentences + g.background}
    own = [s.counts for s in group.sentences + group.background if id(s) not in folded]
    tolls = [_casualties.incident_total(own, key)]
    tolls += [
        _casualties.incident_total((s.counts for s in g.sentences + g.background), key)
        for g in group.folded
    ]
    known = [t for t in tolls if t is not None]
    return sum(known) if known else None


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


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans sorted, overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """True when ``pos`` lies in one of ``spans`` (merged, starting at ``starts``)."""
    k = bisect_right(starts, pos) - 1
    return k >= 0 and pos < spans[k][1]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _snippet(text: str, span: tuple[int, int], r: ResolvedMention) -> str:
    s0, s1 = span
    if s1 - s0 > _SNIPPET_MAX:
        mid = (r.mention.start + r.mention.end) // 2
        s0 = max(s0, mid - _SNIPPET_MAX // 2)
        s1 = min(s1, s0 + _SNIPPET_MAX)
    return " ".join(text[s0:s1].split())


def _key(r: ResolvedMention) -> object:
    # by name: "Lachin positions" (town) and "the Lachin district" are one place to a reader
    return (r.place.name.casefold(), r.place.country)
