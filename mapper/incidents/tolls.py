"""Tolls: one killed and one wounded figure for an incident, and for a report's incidents.

A report states its counts more than once. Within an incident the counts of each side are read
in text order (:func:`incident_total`):

- counts at the same place, or at none, restate one figure: the first exact figure stands
  ("the army said four", then "the group said five": 4), a lower bound ("at least six") yields
  to a larger figure, a running toll ("the death toll rose to 71") supersedes smaller ones;
- counts at different places add up ("a civilian was injured in Khotin", "a civilian was
  wounded in Bilopillia": 2), unless the first count names a place that a later one names
  again and the later ones add up to no more than it: then it was the total, and they detail it;
- a count of people besides those counted before ("another resident was also killed", "five
  more") adds to them.

Sides are summed; a count naming no side stands for the total when it is larger. Across a
report, the first incident often states the day's toll and later ones detail it
(:func:`lede_covers_details`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mapper.incidents.casualties import Counts

if TYPE_CHECKING:
    from mapper.incidents.extract import Incident
    from mapper.incidents.segments import Sentence

__all__ = ["Told", "incident_total", "lede_covers_details", "told"]

# places precise enough to tell two events apart: a province or a country may hold both
_SPOT_KINDS = frozenset({"settlement", "district", "landmark", "natural"})


@dataclass(frozen=True, slots=True)
class Told:
    """The counts of one sentence and the places of impact they belong to: the sentence's
    own targets, else those of the sentence just before ("Shells hit Khotin. A civilian was
    injured.")."""

    counts: Counts
    where: frozenset[object] = frozenset()


@dataclass(frozen=True, slots=True)
class _Item:
    n: int
    where: frozenset[object]
    bound: bool
    extra: bool
    toll: bool


def told(sentences: Sequence[Sentence]) -> list[Told]:
    """The counts of ``sentences`` (any order) with their places, in text order."""
    ordered = sorted(sentences, key=lambda s: s.index)
    out: list[Told] = []
    before: tuple[int, frozenset[object]] = (-2, frozenset())
    for s in ordered:
        # a headline ("Shelling near Norabak; a villager was wounded") sums up the report: its
        # counts are the body's, wherever the body says they happened
        headline = s.index == 0 and not s.text.rstrip().endswith((".", "!", "?", '"', "”"))
        own = frozenset() if headline else _spots(s, ("target",))
        where = own or (before[1] if before[0] == s.index - 1 else frozenset())
        out.append(Told(s.counts, where))
        # an event told with no count ("A mortar attack was carried out on Khotin"): the
        # count after it happened where it did, whatever role its place was read in
        counted = s.counts.total("k") is not None or s.counts.total("w") is not None
        acts = any(k != "casualty" for k in s.kinds) and not counted
        before = (s.index, own or (_spots(s, ("location",)) if acts else own))
    return out


def _spots(s: Sentence, roles: tuple[str, ...]) -> frozenset[object]:
    """The places of ``s`` in ``roles`` precise enough to tell events apart."""
    return frozenset(
        (r.place.name.casefold(), r.place.country)
        for r, role in zip(s.mentions, s.roles, strict=True)
        if role in roles and r.place.kind in _SPOT_KINDS
    )


def incident_total(sentences: Sequence[Told], key: str) -> int | None:
    """Killed (``key`` "k") or wounded ("w") of one incident from its sentences' counts (see
    the module docstring). None when no sentence counts, 0 when one says there were none."""
    items: dict[str | None, list[_Item]] = {}
    zero = False
    for at, t in enumerate(sentences):
        c = t.counts
        sides = c.by_side[key]
        for side, n in sides.items():
            item = _Item(n, t.where, key in c.bound, key in c.extra, key in c.toll)
            # "killing two Iranian guards and one Taliban fighter": a count naming no side
            # beside one naming a side in the same sentence is more people, not their total
            if side is None and len(sides) > 1:
                side = f"besides:{at}"
            items.setdefault(side, []).append(item)
        zero = zero or key in c.zero
    if not items:
        return 0 if zero else None
    best = {side: _side_total(found) for side, found in items.items()}
    named = sum(n for side, n in best.items() if side is not None)
    return max(named, best.get(None, 0))


def _side_total(items: list[_Item]) -> int:
    """The toll of one side: restatements at one place resolved, places summed, extras added."""
    extras = sum(i.n for i in items if i.extra)
    base = [i for i in items if not i.extra]
    if not base:
        return extras
    lede, rest = base[0], base[1:]
    if lede.where and any(i.where & lede.where for i in rest) and sum(i.n for i in rest) <= lede.n:
        return lede.n + extras  # "killed two in Vovchansk and nearby villages", then each
    clusters: list[list[_Item]] = []
    unplaced: list[_Item] = []
    for i in base:
        if not i.where:
            unplaced.append(i)
            continue
        joined = [c for c in clusters if any(j.where & i.where for j in c)]
        merged = [x for c in joined for x in c] + [i]
        clusters = [c for c in clusters if c not in joined] + [merged]
    placed = sum(_restated(sorted(c, key=base.index)) for c in clusters)
    return max(placed, _restated(unplaced) if unplaced else 0) + extras


def _restated(items: list[_Item]) -> int:
    """One figure from restatements of it, in text order: the first exact figure stands, a
    lower bound yields to a larger figure, a running toll supersedes smaller ones."""
    value, bound = items[0].n, items[0].bound
    for i in items[1:]:
        if i.toll or bound:
            value, bound = max(value, i.n), bound and i.bound
    return value


def lede_covers_details(incidents: list[Incident]) -> None:
    """Leave to a report's first incident (the lede) the counts of later incidents that detail
    its toll, so that sums over incidents count each casualty once.

    A later incident details the lede when it falls on the lede's days (or its date spans
    them), counts no other side, and lies in the lede's provinces; a lede that names a town or
    district of its own is a total only when a detail names one of them again. When the details
    add up to no more than the lede's figure, they are left out (None). When they add up to
    more and the lede names no place more precise than a province ("three people were killed
    in the region"), it was a partial summary: the details stand and its figure is left out.
    """
    lede = incidents[0] if incidents else None
    if lede is None or lede.date_start is None:
        return
    start, end = lede.date_start, lede.date_end or lede.date_start
    targets = [p.resolved.place for p in lede.places if p.role == "target"]
    areas = {p.admin1 for p in targets if p.kind != "country"}
    spots = {(p.name, p.country) for p in targets if p.kind in _SPOT_KINDS}
    details = [
        i
        for i in incidents[1:]
        if i.date_start is not None
        and i.date_start <= end
        and start <= (i.date_end or i.date_start)
        and i.casualty_sides <= lede.casualty_sides  # another side's toll is not the lede's
        and (not areas or _within(i, areas))
    ]
    # a lede at a place of its own is the day's total only when the details name it again
    # ("shelling of Vovchansk and nearby villages", then "in Vovchansk" and "in Lyptsi")
    if spots and not any(_places(i) & spots for i in details):
        return
    for key in ("killed", "wounded"):
        total = getattr(lede, key)
        later = [i for i in details if getattr(i, key)]
        if not total or not later:
            continue
        if sum(getattr(i, key) for i in later) <= total:
            for i in later:
                setattr(i, key, None)
        elif not spots:
            setattr(lede, key, None)


def _places(incident: Incident) -> set[tuple[str, str | None]]:
    return {
        (p.resolved.place.name, p.resolved.place.country)
        for p in incident.places
        if p.role == "target" and p.resolved.place.kind in _SPOT_KINDS
    }


def _within(incident: Incident, areas: set[str | None]) -> bool:
    """True when every place ``incident`` targets lies in one of the provinces ``areas``."""
    return all(
        p.resolved.place.admin1 in areas
        for p in incident.places
        if p.role == "target" and p.resolved.place.kind != "country"
    )
