"""Resolving mentions to places with the document's context.

Each mention's candidates are scored with what the report says around them: the
countries it names (and its demonyms: "Armenian positions"), the units it names ("Tovuz
region" makes the Tovuz village Aghdam likelier than the town of Aghdam), the other
places and how near they lie, population, kind and the mention's cue ("X region"
prefers the district, "village of X" the settlement). The highest score wins; the margin
over the runner-up gives the confidence.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mapper import settings
from mapper._context import cue_at
from mapper._index import in_region
from mapper._normalize import fold
from mapper.gazetteer import Candidate, load_gazetteer
from mapper.toponyms import Demonym, Mention, _scan


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place."""

    name: str
    geonameid: int | None
    kind: str
    where_prec: int
    lat: float
    lon: float
    country: str
    confidence: float
    admin1: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention and the place it was resolved to."""

    mention: Mention
    place: Place


def __getattr__(name: str) -> object:
    # geopy (and requests under it) costs 0.2 s to import: only OfflineGeocoder's users pay
    if name == "OfflineGeocoder":
        from mapper._geocoder import OfflineGeocoder

        return OfflineGeocoder
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


#: the project's two countries, a prior for any name they share with elsewhere
_FOCUS = {"AM": 1.0, "AZ": 1.0, "GE": 0.4, "RU": 0.2, "TR": 0.2, "IR": 0.2}
#: a unit's weight as if it had this population (units have none in the data)
_UNIT_POP = {"province": 100_000, "district": 30_000, "country": 0, "natural": 1_000}
_KIND_PRIOR = {"country": 3.0, "province": 1.0, "district": 0.3, "settlement": 0.8, "natural": 1.5}
_CUE_BONUS = {
    "region": {"district": 4.0, "province": 4.0, "settlement": -1.0, "natural": -1.0},
    "settlement": {"settlement": 3.0, "district": -2.0, "province": -2.0, "country": -3.0},
    "natural": {"natural": 3.0},
    "section": {"district": 1.0, "province": 1.0},
    "dateline": {"settlement": 1.0, "district": -1.0, "province": -1.0},
}


@dataclass(frozen=True, slots=True)
class _Context:
    countries: Counter[str]
    anchors: tuple[Candidate, ...]  # the places first chosen for the report's mentions


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
    mentions, demonyms = _scan(text, load_gazetteer())
    cands = [m.candidates for m in mentions]
    keys = [m.key for m in mentions]
    places = _resolve(cands, [m.cue for m in mentions], demonyms, countries_hint, keys)
    places = _drop_strays(mentions, places)
    return [ResolvedMention(m, p) for m, p in zip(mentions, places, strict=True) if p]


#: a place found only weakly (worldwide scan, or a far city by one of its other names)
#: must lie this near another place of the report, when the report names any
STRAY_KM = 250.0


def _drop_strays(mentions: Sequence[Mention], places: list[Place | None]) -> list[Place | None]:
    """Drop weak finds that lie far from every other place of the report.

    "Krishna" (in "Krishna Ghati") is also a name of Machilipatnam, 1,000 km from the
    Line of Control; a village of the worldwide tier that shares its name with a word
    lands anywhere in the country. Strong places (the core tier's own names, countries,
    big cities) are kept wherever they lie.
    """
    points = [(i, p) for i, p in enumerate(places) if p is not None and p.kind != "country"]
    weak = [(i, p) for i, p in points if _weak(mentions[i], p)]
    if not weak:
        return places
    out = list(places)
    strong = [p for i, p in points if (i, p) not in weak]
    for i, p in weak:
        others = [q for q in strong if q.name != p.name]
        others += [q for j, q in weak if j != i and q.name != p.name]
        if others and min(_km(p.lat, p.lon, q.lat, q.lon) for q in others) > STRAY_KM:
            out[i] = None
    return out


def _weak(m: Mention, p: Place) -> bool:
    if m.tier == "world":
        return True
    if m.cue is not None or p.kind != "settlement" or in_region(p.lat, p.lon):
        return False
    return fold(p.name.split(" (")[0]) != m.key and not _big_city(m, p)


def _big_city(m: Mention, p: Place) -> bool:
    return any(c.geonameid == p.geonameid and c.population >= 1_000_000 for c in m.candidates)


def resolve_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[Place | None]:
    """Resolve given mentions (gold spans) of ``text``; ``None`` where nothing fits.

    Every span's name is looked up in the gazetteer's core tier, then in the worldwide tier
    and, when ``settings.online_geocoding`` is on, online for names both lack.
    """
    gaz = load_gazetteer()
    _, demonyms = _scan(text, gaz)
    cands: list[tuple[Candidate, ...]] = []
    cues: list[str | None] = []
    for start, end in spans:
        if not (0 <= start < end <= len(text)):
            msg = f"span ({start}, {end}) is outside the text (length {len(text)})"
            raise ValueError(msg)
        # the core tier first: the worldwide one costs a load (or a build) on first use
        found = tuple(gaz.lookup(text[start:end], full=False) or gaz.lookup(text[start:end]))
        if not found and settings.online_geocoding:
            found = _online_candidates(text[start:end])
        cands.append(found)
        cues.append(name_cue(text[start:end]) or cue_at(text, start, end))
    keys = [fold(text[s:e]) for s, e in spans]
    keys = [
        k.rpartition(" ")[0] if c and name_cue(k) else k for k, c in zip(keys, cues, strict=True)
    ]
    return _resolve(cands, cues, demonyms, None, keys)


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
    from mapper._online import online_geocoder

    hit = online_geocoder().geocode(name, country=country)
    return (hit,) if hit is not None else ()


def _resolve(
    cands: Sequence[tuple[Candidate, ...]],
    cues: Sequence[str | None],
    demonyms: Sequence[Demonym],
    hint: Iterable[str] | None,
    keys: Sequence[str],
) -> list[Place | None]:
    countries: Counter[str] = Counter(d.country for d in demonyms)
    countries.update(c.upper() for c in hint or ())
    for cs in cands:
        if any(c.kind == "country" for c in cs):
            countries.update(c.country for c in cs if c.kind == "country")
    ctx = _Context(countries, ())
    first = [_best(cs, cue, ctx, k)[0] for cs, cue, k in zip(cands, cues, keys, strict=True)]
    # one anchor per distinct place: a place named ten times is no stronger evidence
    anchors = tuple({c: None for c in first if c is not None and c.kind != "country"})
    ctx = _Context(countries, anchors)
    out: list[Place | None] = []
    done: dict[tuple[int, str | None], Place | None] = {}
    for cs, cue, key in zip(cands, cues, keys, strict=True):
        memo = (id(cs), cue)
        if memo not in done:
            best, conf = _best(cs, cue, ctx, key)
            done[memo] = None if best is None else _place(best, cue, conf)
        out.append(done[memo])
    return out


def _best(
    cands: Sequence[Candidate], cue: str | None, ctx: _Context, key: str
) -> tuple[Candidate | None, float]:
    if not cands:
        return None, 0.0
    if len(cands) == 1:
        return cands[0], 0.95 if cue else 0.9
    favoured = _favoured(cands)
    if ctx.anchors:  # a mention's own first choice is no evidence for it
        own = {id(c) for c in cands}  # identity: rows become one shared Candidate each
        ctx = _Context(ctx.countries, tuple(a for a in ctx.anchors if id(a) not in own))
    scored = sorted(
        (
            (
                _score(c, cue, ctx)
                + 1.5 * (bool(favoured) and c in favoured)
                + 2.0 * (_main_key(c) == key),
                n,
                c,
            )
            for n, c in enumerate(cands)
        ),
        key=lambda t: (-t[0], t[1]),
    )
    top = scored[0]
    conf = 1.0 / (1.0 + math.exp(-(top[0] - scored[1][0])))
    return top[2], round(conf, 3)


def _main_key(c: Candidate) -> str:
    # a place called by its own name beats one that lists the name among dozens of others
    return _static(c)[1]


# Candidates are shared objects (one per gazetteer row and key), so what does not depend
# on the report is worked out once per process and looked up by identity.
_STATIC: dict[int, tuple[float, str, Candidate]] = {}


def _static(c: Candidate) -> tuple[float, str, Candidate]:
    hit = _STATIC.get(id(c))
    if hit is not None and hit[2] is c:
        return hit
    if c.population:
        pop = c.population
    elif c.source == "layers":
        pop = _UNIT_POP.get(c.kind, 0)
    else:  # the alias table's villages and heights, and the former raions
        pop = 1_000
    base = 0.35 * math.log10(pop + 1) + _KIND_PRIOR.get(c.kind, 0.0) + _FOCUS.get(c.country, 0.0)
    hit = (base, fold(c.name.split(" (")[0]), c)
    if len(_STATIC) > 200_000:
        _STATIC.clear()
    _STATIC[id(c)] = hit  # keeps c alive, so its id is never reused for another
    return hit


def _favoured(cands: Sequence[Candidate]) -> set[Candidate]:
    """Places the alias table gives a name that GeoNames also gives to others.

    "Zangezur" is Syunik by the table, though GeoNames also lists it for Kapan; but the
    table's "Kelbajar" (a spelling of the district) does not outrank the town of Kalbajar.
    """
    curated = [c for c in cands if c.curated]
    if not curated:
        return set()
    others = {c.name for c in cands if not c.curated}
    return {c for c in curated if c.name not in others}


def _score(c: Candidate, cue: str | None, ctx: _Context) -> float:
    s = _static(c)[0]
    if ctx.countries.get(c.country):
        s += 1.5 + (0.5 if ctx.countries[c.country] > 1 else 0.0)
    if cue in _CUE_BONUS:
        s += _CUE_BONUS[cue].get(c.kind, 0.0)
    if cue is None and c.kind == "province" and c.country in _FOCUS:
        s += 1.0  # a bare "Tavush", "Syunik", "Nakhchivan" names the province
    if c.admin1 and any(
        a.admin1 == c.admin1 and a.name != c.name and _contains(a, c) for a in ctx.anchors
    ):
        s += 2.0  # the report names this place's unit, or places of this unit
    if ctx.anchors and c.kind in ("settlement", "natural"):
        s += _nearness(c, ctx.anchors)
    return s


def _contains(a: Candidate, c: Candidate) -> bool:
    # a settlement gains from its unit being named; a unit from its places being named
    if c.kind in ("settlement", "natural"):
        return a.kind in ("district", "province")
    return a.kind in ("settlement", "natural")


def _nearness(c: Candidate, anchors: Iterable[Candidate]) -> float:
    # a place does not vouch for itself, nor for its namesakes ("BAKU, ..." then "Baku")
    d = min((_km(c.lat, c.lon, a.lat, a.lon) for a in anchors if a.name != c.name),
            default=math.inf)  # fmt: skip
    if d < 30:
        return 2.0
    if d < 60:
        return 1.5
    if d < 120:
        return 0.8
    return 0.0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # equirectangular: exact enough for "which of two villages is nearer"
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.195 * math.hypot(x, lat2 - lat1)


def _place(c: Candidate, cue: str | None, confidence: float) -> Place:
    prec = c.where_prec
    if c.kind == "settlement" and cue in ("near", "direction", "region"):
        prec = max(prec, 2)
    return Place(c.name, c.geonameid, c.kind, prec, c.lat, c.lon, c.country, confidence, c.admin1)
