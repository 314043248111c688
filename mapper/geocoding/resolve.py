"""Resolving mentions to places with the document's context.

Each mention's candidates are scored with what the report says around them: the
countries it names (and its demonyms: "Armenian positions"), the units it names ("Tovuz
region" makes the Tovuz village Aghdam likelier than the town of Aghdam), the other
places and how near they lie, population, kind and the mention's cue ("X region"
prefers the district, "village of X" the settlement). The highest score wins; the margin
over the runner-up gives the confidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from mapper import settings
from mapper.gazetteer.demonyms import DEMONYMS
from mapper.gazetteer.loading import load_gazetteer
from mapper.gazetteer.lookup import Candidate
from mapper.gazetteer.names import fold
from mapper.geocoding.containment import fits, neighbours, within
from mapper.geocoding.scoring import _best, _Context, _favoured, _km, _main_key, _score
from mapper.toponyms.cues import containers, cue_at
from mapper.toponyms.finder import Demonym, Mention, scan_text
from mapper.toponyms.scope import EMPTY, Scope


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place."""

    name: str
    geonameid: int | None
    kind: str
    where_prec: int
    lat: float
    lon: float
    country: str | None  # None for seas and disputed areas (Kashmir)
    confidence: float
    admin1: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention and the place it was resolved to."""

    mention: Mention
    place: Place


@dataclass(frozen=True, slots=True)
class TextPlaces:
    """The places of one text: mentions resolved, and cued names no gazetteer holds."""

    resolved: list[ResolvedMention]
    unresolved: list[Mention]  # ``candidates == ()``; ``unit`` names their unit, if any


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the mentions stand in the text: for "X, Y" and "X and Y"."""

    text: str
    spans: Sequence[tuple[int, int]]

    def joiner(self, i: int) -> str | None:
        """What stands between mention ``i`` and the next one: "," or "and", else None."""
        if i + 1 >= len(self.spans):
            return None
        between = self.text[self.spans[i][1] : self.spans[i + 1][0]]
        if len(between) > 7:
            return None
        between = between.strip()
        if between == ",":
            return ","
        return "and" if between in ("and", "or", "&", ", and", ", or") else None


def geocode_text(
    text: str, *, countries_hint: Iterable[str] | None = None
) -> list[ResolvedMention]:
    """Find and resolve every place mentioned in ``text``, in text order.

    Parameters
    ----------
    text
        A report's text.
    countries_hint
        ISO alpha-2 codes of countries the report is known to be about (e.g. from its
        source), weighed like countries the text names.

    Returns
    -------
    list of ResolvedMention
        Demonyms ("Armenian") are context, never places; a country named as a whole is a
        place of kind ``country``; a dateline keeps ``mention.cue == "dateline"``.
    """
    return resolve_text(text, countries_hint=countries_hint).resolved


def resolve_text(text: str, *, countries_hint: Iterable[str] | None = None) -> TextPlaces:
    """Like :func:`geocode_text`, and also the place names found but not resolved.

    Returns
    -------
    TextPlaces
        ``resolved`` as :func:`geocode_text` gives them; ``unresolved``: names a strong cue
        marks as places ("the village of X", "X district") that no gazetteer holds, and
        found names whose every candidate lies far from the report's other places.
    """
    scan = scan_text(text, load_gazetteer())
    mentions = scan.mentions
    cands = [m.candidates for m in mentions]
    keys = [m.key for m in mentions]
    spans = [(m.start, m.end) for m in mentions]
    misfits: dict[int, int] = {}
    places = _resolve(cands, [m.cue for m in mentions], scan.demonyms, countries_hint, keys,
                      _Layout(text, spans), scan.scope, misfits)  # fmt: skip
    places = _drop_strays(mentions, places, scan.scope)
    resolved = [ResolvedMention(m, p) for m, p in zip(mentions, places, strict=True) if p]
    # named inside a unit that holds none of its namesakes: kept, unresolved, with the unit
    lost = [replace(mentions[i], candidates=(), unit=mentions[j].surface)
            for i, j in misfits.items()]  # fmt: skip
    unresolved = sorted([*scan.unresolved, *lost], key=lambda m: m.start)
    return TextPlaces(resolved, unresolved)


def unresolved_note(unresolved: Sequence[Mention]) -> list[str]:
    """A warning line naming the place names a report gives that no gazetteer holds.

    Output rows need coordinates, so such names are not rows; the summary counts them.
    """
    if not unresolved:
        return []
    names = list(dict.fromkeys(
        f"{m.surface} ({m.cue}{', in ' + m.unit if m.unit else ''})" for m in unresolved
    ))  # fmt: skip
    return [f"{len(names)} place name(s) not in the gazetteer: {'; '.join(names)}"]


#: a place found only weakly (worldwide scan, or a far city by one of its other names)
#: must lie this near another place of the report, when the report names any
STRAY_KM = 250.0


def _drop_strays(
    mentions: Sequence[Mention], places: list[Place | None], scope: Scope
) -> list[Place | None]:
    """Drop weak finds that lie far from every other place of the report.

    "Krishna" (in "Krishna Ghati") is also a name of Machilipatnam, 1,000 km from the
    Line of Control; a village of the worldwide tier that shares its name with a word
    lands anywhere in the country. Strong places (the core tier's own names, countries,
    big cities) are kept wherever they lie.
    """
    points = [(i, p) for i, p in enumerate(places) if p is not None and p.kind != "country"]
    alone = {i for i, p in points if _alone(i, mentions[i], p, points, scope)}
    weak = [(i, p) for i, p in points if i in alone or _weak(mentions[i], p, scope)]
    out = list(places)
    for i, p in points:  # a village far away from the rest: a namesake, not the place
        far = _far_for(mentions[i], p)
        if far is not None:
            others = [q for j, q in points if j != i and q.name != p.name]
            if others and min(_km(p.lat, p.lon, q.lat, q.lon) for q in others) > far:
                out[i] = None
    if not weak:
        return out
    # a dateline's city is often a far capital: it vouches for nothing near it
    strong = [p for i, p in points if (i, p) not in weak and mentions[i].cue != "dateline"]
    datelines = [p for i, p in points if mentions[i].cue == "dateline"]
    for i, p in weak:
        if _holds_another(p, points):
            continue  # a province that holds another place of the report is where it says
        others = [q for q in strong if q.name != p.name]
        if i in alone:  # far from the dateline too: no place of the report's world
            others += [q for q in datelines if q.name != p.name]
        others += [q for j, q in weak if j != i and q.name != p.name]
        if others and min(_km(p.lat, p.lon, q.lat, q.lon) for q in others) > STRAY_KM:
            out[i] = None
    return out


#: how far a village may lie from every other place of a report, by its population: border
#: reports name places near one border, and far ones are capitals, provinces or hometowns of
#: some size
FAR_KM = ((1_000, 500.0), (5_000, 750.0))


def _far_for(m: Mention, p: Place) -> float | None:
    """How far from the report's other places a settlement found by name may lie (None: any
    distance): villages of under 1,000 people (or of no known size) 500 km, of under 5,000
    750 km."""
    if p.kind != "settlement" or m.cue == "dateline":
        return None
    pop = max((c.population for c in m.candidates if c.geonameid == p.geonameid), default=0)
    return next((km for under, km in FAR_KM if pop < under), None)


def _holds_another(p: Place, points: list[tuple[int, Place]]) -> bool:
    """Whether ``p`` is a province and another place of the report lies in it: a province's
    point may lie hundreds of km from the places inside it ("Sistan-Baluchestan", Saravan)."""
    if p.kind != "province" or not p.admin1:
        return False
    return any(q.admin1 == p.admin1 and q.kind != "province" for _, q in points)


def _weak(m: Mention, p: Place, scope: Scope) -> bool:
    if m.tier == "variant":
        return True
    if m.tier == "world":  # a unit of the report's countries is no stray ("Ladakh")
        return p.kind == "settlement" or fold(p.name) != m.key
    if m.tier == "cued":  # a cued name found only in a country the text implies, at most
        return bool(scope.countries) and p.country not in scope.sure
    if m.cue is not None or p.kind != "settlement" or p.country in scope.countries:
        return False
    return fold(p.name.split(" (")[0]) != m.key and not _big_city(m, p)


def _alone(i: int, m: Mention, p: Place, points: list[tuple[int, Place]], scope: Scope) -> bool:
    """Whether a place is the only one of a country the report neither names nor is profiled
    for: its country is implied by the place alone ("the Develi region" of a report on
    Nakhchivan, a district of central Turkey), so it needs a neighbour to stand."""
    if p.country in scope.sure or p.kind == "province" or _big_city(m, p):
        return False
    return not any(q.country == p.country for j, q in points if j != i)


def _big_city(m: Mention, p: Place) -> bool:
    return any(c.geonameid == p.geonameid and c.population >= 1_000_000 for c in m.candidates)


def resolve_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[Place | None]:
    """Resolve given mentions (gold spans) of ``text``; ``None`` where nothing fits.

    Every span's name is looked up in both tiers of the gazetteer (the worldwide one loads
    on first use) and, when ``settings.online_geocoding`` is on, online for names both lack.
    """
    gaz = load_gazetteer()
    scan = scan_text(text, gaz)
    cands: list[tuple[Candidate, ...]] = []
    cues: list[str | None] = []
    for start, end in spans:
        if not (0 <= start < end <= len(text)):
            msg = f"span ({start}, {end}) is outside the text (length {len(text)})"
            raise ValueError(msg)
        # both tiers: gold spans come from world news, where "Georgia" may be the US state
        # a gold span on a demonym stands for its country ("Spanish" is no town in Canada)
        found = _demonym_country(text[start:end]) or tuple(gaz.lookup(text[start:end]))
        if not found and settings.online_geocoding:
            found = _online_candidates(text[start:end])
        cands.append(found)
        cues.append(name_cue(text[start:end]) or cue_at(text, start, end))
    keys = [fold(text[s:e]) for s, e in spans]
    keys = [
        k.rpartition(" ")[0] if c and name_cue(k) else k for k, c in zip(keys, cues, strict=True)
    ]
    return _resolve(cands, cues, scan.demonyms, None, keys, _Layout(text, spans), scan.scope)


def _demonym_country(span: str) -> tuple[Candidate, ...]:
    """The country a demonym span stands for ("Russian", "Turkish"): gold spans count them."""
    cc = DEMONYMS.get(fold(span))
    found = _countries().get(cc) if cc else None
    return (found,) if found is not None else ()


_COUNTRIES: dict[str, Candidate] = {}


def _countries() -> dict[str, Candidate]:
    """Alpha-2 code -> the gazetteer's country row (read once per process)."""
    if not _COUNTRIES:
        _COUNTRIES.update(load_gazetteer().countries())
    return _COUNTRIES


def rank_candidates(name: str, country: str | None = None) -> list[Candidate]:
    """Every place ``name`` may stand for, best first (``country``: alpha-2 preference)."""
    cands = load_gazetteer().lookup(name)
    if not cands and settings.online_geocoding:
        cands = list(_online_candidates(name, country))
    ctx = _Context(Counter([country.upper()] if country else []), ())
    want = country.upper() if country else None
    favoured = _favoured(cands)
    cue = name_cue(name)
    key = fold(name)
    if cue is not None:  # "Sadarak district": the main name is "sadarak"
        key = key.rpartition(" ")[0]
    return sorted(cands, key=lambda c: (want is not None and c.country != want,
                                        -_score(c, cue, ctx) - 1.5 * (c in favoured)
                                        - 2.0 * (_main_key(c) == key)))  # fmt: skip


_REGION_WORDS = frozenset(["region", "district", "rayon", "rayonu", "raion", "province", "marz",
                           "oblast", "municipality"])  # fmt: skip
_SETTLEMENT_WORDS = frozenset(["village", "town", "city", "settlement", "hamlet"])


def name_cue(name: str) -> str | None:
    """The cue a name carries in itself: ``"Sadarak district"`` -> ``"region"``."""
    head, _, last = fold(name).rpartition(" ")
    if not head:
        return None
    if last in _REGION_WORDS:
        return "region"
    if last in _SETTLEMENT_WORDS:
        return "settlement"
    return None


def _online_candidates(name: str, country: str | None = None) -> tuple[Candidate, ...]:
    from mapper.geocoding.online import online_geocoder

    hit = online_geocoder().geocode(name, country=country)
    return (hit,) if hit is not None else ()


def _resolve(
    cands: Sequence[tuple[Candidate, ...]],
    cues: Sequence[str | None],
    demonyms: Sequence[Demonym],
    hint: Iterable[str] | None,
    keys: Sequence[str],
    layout: _Layout | None = None,
    scope: Scope = EMPTY,
    misfits: dict[int, int] | None = None,
) -> list[Place | None]:
    """The place of each mention (``None``: no candidate fits).

    ``misfits``, when given, receives ``{mention: unit}`` for the mentions whose every
    candidate lies outside the unit the text puts them in ("Nowshera sector of Rajouri
    district" with no Nowshera in Rajouri): those get no place rather than a namesake's.
    """
    countries: Counter[str | None] = Counter(d.country for d in demonyms)
    countries.update(c.upper() for c in hint or ())
    own: list[Counter[str | None]] = []
    for cs in cands:
        mine = Counter({c.country for c in cs if c.kind == "country"})
        own.append(mine)
    # bodies, units and datelines name countries too; a country's own name is counted below
    by_name = {cc for mine in own for cc in mine}
    countries.update(c for c in scope.named if c not in countries and c not in by_name)
    for mine in own:
        countries.update(mine)
    # a country's own name is no evidence for reading it as that country ("Georgia")
    ctxs = [_Context(countries - mine if mine else countries, (), scope=scope) for mine in own]
    first = [_best(cs, cue, c, k)[0] for cs, cue, c, k in zip(cands, cues, ctxs, keys, strict=True)]
    pairs = within(cands, cues, keys, ctxs, layout) if layout is not None else {}
    for i, c in pairs.items():
        first[i] = c
    # one anchor per distinct place: a place named ten times is no stronger evidence
    anchors = tuple({c: None for c in first if c is not None and c.kind != "country"})
    held = containers(layout.text, list(layout.spans)) if layout is not None else {}
    ctxs = [_Context(c.countries, anchors, neighbours(first, layout, i),
                     first[held[i]] if i in held else None, scope)
            for i, c in enumerate(ctxs)]  # fmt: skip
    out: list[Place | None] = []
    done: dict[tuple[int, str | None, tuple, int], Place | None] = {}
    for cs, cue, key, ctx in zip(cands, cues, keys, ctxs, strict=True):
        memo = (id(cs), cue, tuple(ctx.near), id(ctx.unit))
        if memo not in done:
            best, conf = _best(cs, cue, ctx, key)
            done[memo] = None if best is None else _place(best, cue, conf)
        out.append(done[memo])
    for i, c in pairs.items():
        out[i] = _place(c, cues[i], 0.95)
    if misfits is not None:
        for i, j in held.items():
            unit, p = first[j], out[i]
            if unit is not None and p is not None and i not in pairs and not fits(p, unit):
                out[i] = None
                misfits[i] = j
    return out


def _place(c: Candidate, cue: str | None, confidence: float) -> Place:
    prec = c.where_prec
    if c.kind == "settlement" and cue in ("near", "direction", "region"):
        prec = max(prec, 2)
    return Place(c.name, c.geonameid, c.kind, prec, c.lat, c.lon, c.country, confidence, c.admin1)
