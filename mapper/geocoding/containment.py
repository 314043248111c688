"""Places inside the units a report puts them in.

"Nowshera sector of Rajouri district", "London, Ontario", "Paris, Texas": the unit narrows
the namesakes of the place; a place whose every namesake lies outside it gets none rather
than a far one. Names listed together ("Georgia and Alabama") are mostly of one country
and kind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mapper.gazetteer.loading import load_gazetteer
from mapper.gazetteer.lookup import Candidate, _candidate
from mapper.gazetteer.names import fold
from mapper.geocoding.scoring import _Context, _km, _main_key, _score

if TYPE_CHECKING:
    from mapper.geocoding.resolve import Place
    from mapper.geocoding.resolve import _Layout as Layout


#: how far a place may lie from the point of the unit the text puts it in (km), by kind
_UNIT_REACH = {"district": 80.0, "province": 400.0}


def fits(p: Place, unit: Candidate) -> bool:
    """Whether a place may lie in the unit the text puts it in (a district, a province or a
    country); a place that is itself a wider unit, or the unit, is not judged."""
    if p.kind == "country" or unit.kind not in ("district", "province", "country"):
        return True
    if unit.kind == "country" or p.country != unit.country:
        return p.country == unit.country
    if p.kind == "province" or (p.name, p.kind) == (unit.name, unit.kind):
        return True
    if unit.admin1 and p.admin1 and p.admin1 == unit.admin1:
        return True
    return _km(p.lat, p.lon, unit.lat, unit.lon) <= _UNIT_REACH[unit.kind]


def neighbours(
    first: Sequence[Candidate | None], layout: Layout | None, i: int
) -> Counter[tuple[str | None, str]]:
    """Country and kind of the places listed beside mention ``i`` ("Georgia and Alabama").

    Names in one list are mostly of one kind and one country.
    """
    near: Counter[tuple[str | None, str]] = Counter()
    if layout is None:
        return near
    for j in (i - 1, i + 1):
        lo = min(i, j)
        if 0 <= j < len(first) and first[j] is not None and layout.joiner(lo) is not None:
            near[(first[j].country, first[j].kind)] += 1  # type: ignore[union-attr]
    return near


def within(
    cands: Sequence[tuple[Candidate, ...]],
    cues: Sequence[str | None],
    keys: Sequence[str],
    ctxs: Sequence[_Context],
    layout: Layout,
) -> dict[int, Candidate]:
    """Places named as "X, Y": "London, Ontario", "Paris, Texas", "Hyderabad, Pakistan".

    Y is a first-order unit or a country, and X the best of its namesakes inside Y
    (searched worldwide if need be).

    Returns the places so chosen, by mention number.
    """
    chosen: dict[int, Candidate] = {}
    for i in range(len(cands) - 1):
        if layout.joiner(i) != "," or not cands[i] or _is_country_name(cands[i], keys[i]):
            continue
        units = [u for u in cands[i + 1] if u.kind in ("province", "country")]
        units += [u for u in _wider(keys[i + 1], cands[i + 1]) if u not in units]
        if not units:
            continue
        xs = [x for x in cands[i] if any(_inside(x, u) for u in units)]
        if not xs:
            xs = [x for x in load_gazetteer().lookup(keys[i]) if any(_inside(x, u) for u in units)]
        if not xs:
            continue
        pairs = [(x, u) for x in xs for u in units if _inside(x, u)]

        def value(p: tuple[Candidate, Candidate], i: int = i) -> float:
            x, u = p
            named = 2.0 * (_main_key(x) == keys[i])
            return _score(x, cues[i], ctxs[i]) + named + _score(u, None, ctxs[i + 1])

        x, u = max(pairs, key=value)
        chosen[i], chosen[i + 1] = x, u
    return chosen


def _wider(key: str, cands: Sequence[Candidate]) -> list[Candidate]:
    # the core tier holds only the Caucasus' units: "Ontario" there is a Californian city
    if any(c.kind == "province" for c in cands) or not key:
        return []
    return [_candidate(r) for r in load_gazetteer().full().get(key, ()) if r[2] == "province"]


def _is_country_name(cands: Sequence[Candidate], key: str) -> bool:
    return any(c.kind == "country" and fold(c.name) == key for c in cands)


def _inside(x: Candidate, u: Candidate) -> bool:
    if x.kind == "country" or x is u or x.kind == u.kind:
        return False
    if u.kind == "country":
        return x.country == u.country
    return x.admin1 is not None and x.admin1 == u.admin1
