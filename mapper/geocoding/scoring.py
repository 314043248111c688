"""Scoring a mention's candidates against what the report says around it.

A candidate's score adds what holds for it alone (population, kind) to what the report
gives: the countries it names, the priors of the border profiles that apply to it, the units
that hold the candidate, the places near it and those listed beside the mention.
``mapper.geocoding.resolve`` picks the best; the margin over the runner-up gives the confidence.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from mapper.gazetteer.lookup import Candidate
from mapper.gazetteer.names import fold
from mapper.profiles import load_profiles
from mapper.toponyms.scope import EMPTY, Scope

#: a unit's weight as if it had this population (units have none in the data)
_UNIT_POP = {"province": 100_000, "district": 30_000, "country": 0, "natural": 1_000}
_KIND_PRIOR = {"country": 3.0, "province": 1.0, "district": 0.3, "settlement": 0.8, "natural": 1.5}
_CUE_BONUS = {
    "region": {"district": 4.0, "province": 4.0, "settlement": -1.0, "natural": -1.0},
    "settlement": {"settlement": 3.0, "district": -2.0, "province": -2.0, "country": -3.0},
    "natural": {"natural": 3.0},
    "section": {"district": 1.0, "province": 1.0},
    "dateline": {"settlement": 1.0, "district": -1.0, "province": -1.0},
    "landmark": {"settlement": 1.0, "natural": 1.0, "district": -1.0, "province": -2.0},
}


@dataclass(frozen=True, slots=True)
class _Context:
    countries: Counter[str | None]
    anchors: tuple[Candidate, ...]  # the places first chosen for the report's mentions
    # (country, kind) of the places listed beside the mention
    near: Counter[tuple[str | None, str]] = field(default_factory=Counter)
    # the place the text says holds this one ("X village of Y district": Y)
    unit: Candidate | None = None
    scope: Scope = EMPTY  # the report's countries and its profiles' priors


def _best(
    cands: Sequence[Candidate], cue: str | None, ctx: _Context, key: str
) -> tuple[Candidate | None, float]:
    if not cands:
        return None, 0.0
    if len(cands) == 1:
        return cands[0], 0.95 if cue else 0.9
    favoured = _favoured(cands)
    # "Tehran", "Kandahar": a bare name shared by a province and its big city is the city
    shadow = cue is None and any(
        c.kind == "settlement" and c.population >= _BIG_CITY and _main_key(c) == key for c in cands
    )
    if ctx.anchors:  # a mention's own first choice is no evidence for it
        own = {id(c) for c in cands}  # identity: rows become one shared Candidate each
        ctx = _Context(ctx.countries, tuple(a for a in ctx.anchors if id(a) not in own),
                       ctx.near, ctx.unit, ctx.scope)  # fmt: skip
    scored = sorted(
        (
            (
                _score(c, cue, ctx, shadow)
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
    base = 0.35 * math.log10(pop + 1) + _KIND_PRIOR.get(c.kind, 0.0)
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


#: a settlement this populous is what its bare name means, before a province of that name
_BIG_CITY = 100_000


def _score(c: Candidate, cue: str | None, ctx: _Context, shadow: bool = False) -> float:
    s = _static(c)[0] + ctx.scope.priors.get(c.country or "", 0.0)
    if ctx.countries.get(c.country):
        s += 1.5 + (0.5 if ctx.countries[c.country] > 1 else 0.0)
    if cue in _CUE_BONUS:
        s += _CUE_BONUS[cue].get(c.kind, 0.0)
    if cue is None and c.kind == "province" and c.country in ctx.scope.named and not shadow:
        s += 1.0  # a bare "Tavush", "Syunik", "Balochistan" names the province (not "Moscow")
    if c.admin1 and any(
        a.admin1 == c.admin1 and a.name != c.name and _contains(a, c) for a in ctx.anchors
    ):
        s += 2.0  # the report names this place's unit, or places of this unit
    if ctx.anchors and c.kind in ("settlement", "natural"):
        s += _nearness(c, ctx.anchors)
    if ctx.unit is not None and ctx.unit is not c:
        s += _held_by(c, ctx.unit)
    if ctx.near:
        if ctx.near.get((c.country, c.kind)):
            s += 3.0  # "Georgia and South Carolina": listed with a unit of the same country
        elif any(cc == c.country for cc, _ in ctx.near):
            s += 0.5
    return s


def _held_by(c: Candidate, unit: Candidate) -> float:
    """How surely ``unit`` holds ``c``: the same first-order unit or country, and nearness."""
    if unit.kind == "country":
        return 4.0 if c.country == unit.country else 0.0
    d = _km(c.lat, c.lon, unit.lat, unit.lon)
    near = 3.0 if d < 25 else 1.5 if d < 50 else 0.0
    if unit.kind in ("district", "province") and c.admin1 and _same_unit(c.admin1, unit.admin1):
        return 4.0 + near / 3
    return near


def _same_unit(a: str, b: str | None) -> bool:
    if a == b:
        return True
    # GeoNames may code a place by a unit the layers split into parts (profiles' unit_parts)
    parts = _unit_parts()
    return b is not None and (b in parts.get(a, ()) or a in parts.get(b, ()))


_PARTS: dict[str, frozenset[str]] = {}


def _unit_parts() -> dict[str, frozenset[str]]:
    """ISO code of a unit -> the codes of its parts, from every border profile."""
    if not _PARTS:
        for p in load_profiles():
            for whole, parts in p.unit_parts.items():
                _PARTS[whole] = _PARTS.get(whole, frozenset()) | frozenset(parts)
        _PARTS.setdefault("", frozenset())  # read once, even when no profile has any
    return _PARTS


def _contains(a: Candidate, c: Candidate) -> bool:
    # a settlement gains from its unit being named; a unit from its places being named, and
    # a district from its province ("Poonch district" beside "Jammu and Kashmir")
    if c.kind in ("settlement", "natural"):
        return a.kind in ("district", "province")
    if c.kind == "district" and a.kind == "province":
        return True
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
