"""Reading a report's sentences and grouping them into incidents (segmentation).

Each sentence is read once (``read_sentences``): the kinds of event it names, its dates, its
claimant, its casualty counts, and the role of each place in it. ``group_sentences`` then
groups the sentences into incidents: a sentence that names an event opens a new incident when
its date does not overlap the current one (or spans a much wider time that holds it), when
another claimant describes an event, when it names other places of impact without referring
back, or when it says so ("In another incident"). Background sentences join the nearest
incident; an incident with no place of its own is told with the one before it.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from mapper.geocoding.resolve import ResolvedMention
from mapper.incidents import casualties as _casualties
from mapper.incidents import claims as _claims
from mapper.incidents import kinds as _kinds
from mapper.incidents import roles as _roles
from mapper.incidents.sentences import split_sentences
from mapper.incidents.states import capital_country
from mapper.incidents.vocab import SPEECH
from mapper.reports import dates as _dates

__all__ = ["Group", "Sentence", "blank", "group_sentences", "read_sentences"]

# "the ministry said on Monday": the day of the statement, not of the incident
_SPEECH_DATE = re.compile(rf"\b(?:{SPEECH}|told\s+[\w.]+)\s+(?:on\s+)?$", re.IGNORECASE)
# "the agency, which on Tuesday reported ...", "the ministry on Monday said": the same
_SPEECH_AFTER_DATE = re.compile(rf"\s+(?:{SPEECH})\b", re.IGNORECASE)
# a background sentence that dates the incident told before it
_TOOK_PLACE = re.compile(
    r"\b(?:took\s+place|happened|occurred|was\s+carried\s+out|(?:the|this)\s+(?:incident|attack))\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Sentence:
    """One sentence of a report as the incident stage reads it."""

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
            if role not in ("location", _roles.ACTOR, _roles.STATE) and r.place.kind != "country"
        }

    def has_place(self) -> bool:
        return any(role not in (_roles.ACTOR, _roles.STATE) for role in self.roles)

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        starts = [d.start for d in self.dates if d.start is not None]
        ends = [d.end for d in self.dates if d.end is not None]
        return (min(starts), max(ends)) if starts and ends else None


@dataclass(slots=True)
class Group:
    """The sentences of one incident: its event sentences and its background."""

    sentences: list[Sentence] = field(default_factory=list)
    background: list[Sentence] = field(default_factory=list)
    claimant: str | None = None
    dates: tuple[dt.date, dt.date] | None = None
    keys: set[object] = field(default_factory=set)
    folded: list[Group] = field(default_factory=list)  # placeless incidents told with it
    spoken: tuple[dt.date, dt.date] | None = None  # the days of its statements ("said on Friday")

    def add(self, s: Sentence) -> None:
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


def read_sentences(
    text: str,
    masked: str,
    resolved: list[ResolvedMention],
    all_dates: list[_dates.DateSpan],
    claims: list[_claims.Claim],
    dateline: re.Match[str] | None,
) -> list[Sentence]:
    """Read each sentence of a report once.

    Parameters
    ----------
    text, masked
        The report text, and a copy with dates, claimants, outlets and the dateline blanked.
    resolved
        The places found in ``text``.
    all_dates
        The dates found in ``text`` (the dateline's left out).
    claims
        The claimants found in ``text``, in text order.
    dateline
        The report's dateline, whose places stay ``location``.

    Returns
    -------
    list of Sentence
        In text order, with kinds, dates, claimant, casualty counts and place roles.
    """
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
            d
            for d in found
            if _SPEECH_DATE.search(text, max(0, d.start_char - 30), d.start_char)
            or _SPEECH_AFTER_DATE.match(text, d.end_char)
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
        seen = blank(chunk, denied) if denied else chunk  # what the source itself claims
        kinds = _kinds.sentence_kinds(seen)
        mentions = by_sentence[i]
        # only the claims that reach into the sentence: a search of all is quadratic
        here = claims[bisect_right(claim_ends, s0) : bisect_left(claim_starts, s1)]
        roles = (
            _place_roles(masked, seen, (s0, s1), mentions, kinds, denied, here, dateline)
            if mentions
            else []  # most sentences name no place: nothing to read
        )
        counted = "casualty" in kinds or _kinds.names_casualties(seen)
        counts = _casualties.counts(seen) if counted else _casualties.Counts()
        claimant = next((c.name for c in here if s0 <= c.start), None)
        was_denied = bool(denied) and bool(_kinds.event_kinds(chunk))
        out.append(
            Sentence(
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


def _place_roles(
    masked: str,
    seen: str,
    span: tuple[int, int],
    mentions: list[ResolvedMention],
    kinds: dict[str, bool],
    denied: list[tuple[int, int]],
    here: list[_claims.Claim],
    dateline: re.Match[str] | None,
) -> list[str]:
    """The role of each place of one sentence: ``masked`` is the masked report, ``seen`` the
    sentence as its source claims it (denials blanked)."""
    s0, s1 = span
    spans = [(r.mention.start, r.mention.end) for r in mentions]
    not_places = _merge([(c.start, c.end) for c in here] + [(s0 + a, s0 + b) for a, b in denied])
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
        roles = _roles.assign_roles(seen, (0, s1 - s0), local, True, forced, countries, capitals)
    else:
        roles = _roles.assign_roles(
            masked, (s0, s1), spans, bool(kinds), forced, countries, capitals
        )
    claim_spans = [(c.start, c.end) for c in here]
    return [  # "the Ministry of Defence of Azerbaijan": a name of an actor, not a place
        _actor_role(span, role, claim_spans, capital and not country)
        for span, role, capital, country in zip(spans, roles, capitals, countries, strict=True)
    ]


def _actor_role(
    span: tuple[int, int], role: str, claim_spans: list[tuple[int, int]], capital: bool
) -> str:
    """A place inside a claimant's name is an actor's name; a capital that stands for its
    government ("Baku and Yerevan traded accusations") or is the claimant itself ("Yerevan
    said") is :data:`~mapper.incidents.roles.STATE`, a place the report names."""
    start, end = span
    inside = [(a, b) for a, b in claim_spans if a <= start < b]
    if not inside:
        return _roles.STATE if capital and role == _roles.ACTOR else role
    return _roles.STATE if capital and inside == [span] else _roles.ACTOR


def group_sentences(sentences: list[Sentence]) -> list[Group]:
    """Group the sentences of a report into incidents (see the module docstring).

    Returns
    -------
    list of Group
        In text order; empty when no sentence names an event (or denies one).
    """
    groups: list[Group] = []
    pending: list[Sentence] = []
    current: Group | None = None
    for s in sentences:
        if not s.kinds:
            (current.background if current is not None else pending).append(s)
            continue
        if current is None or _opens_incident(s, current):
            current = Group()
            groups.append(current)
            current.background.extend(pending)
            pending = []
        current.add(s)
    if current is None and any(s.denied for s in pending):  # a denial is the report's news
        current = Group(background=pending)
        groups.append(current)
    for g in groups:
        _date_from_context(g)
    return _fold_placeless(groups)


def _date_from_context(group: Group) -> None:
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


def _fold_placeless(groups: list[Group]) -> list[Group]:
    """Groups with no place to map ("Yerevan said four of its soldiers were killed") joined to
    the incident before (the first one to the next): they tell more of a mapped incident, and
    alone they would give no row."""
    out: list[Group] = []
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


def _opens_incident(s: Sentence, current: Group) -> bool:
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


def _headline_only(group: Group) -> bool:
    """A headline alone ("Armenian fire hits Lachin positions") announces the next sentence."""
    if len(group.sentences) != 1 or group.dates is not None:
        return False
    first = group.sentences[0]
    return first.index == 0 and not first.text.rstrip().endswith((".", "!", "?", '"', "”"))


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


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` replaced by spaces (offsets kept)."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _key(r: ResolvedMention) -> object:
    # by name: "Lachin positions" (town) and "the Lachin district" are one place to a reader
    return (r.place.name.casefold(), r.place.country)
