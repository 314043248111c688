"""Group incidents of different reports into events: ``event_id`` and ``contested``.

Candidate pairs (:mod:`mapper.linking.candidates`) are taken best first; two groups merge
only when every incident of one fits every incident of the other (complete linkage: no chain
of near neighbours drifts across a region) and no report is in both (a report never links to
itself, not even through a third).
"""

from __future__ import annotations

import hashlib

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from mapper.contract import LINK_COLUMNS
from mapper.linking.accounts import Account, disagreements, sides_of, stances
from mapper.linking.candidates import (
    candidate_pairs,
    district_neighbours,
    incident_table,
    link_places,
)
from mapper.spatial.layers import Layers


def link(
    gdf: gpd.GeoDataFrame,
    layers: Layers | None = None,
    *,
    neighbours: frozenset[tuple[str, str]] | None = None,
) -> gpd.GeoDataFrame:
    """Link incidents of different reports that describe the same event.

    Incidents link when their dates overlap (a day either side where a date is a fallback or
    a range), their places are close (same or neighbouring district, or within a distance
    that grows with the places' imprecision) and their kinds fit; thresholds are in
    :mod:`mapper.settings` (``link_*``).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incident rows in the output contract (``mapper.extract`` or an incidents file).
    layers : Layers, optional
        Layers whose districts say which districts neighbour; without them only the same
        district counts (besides distance).
    neighbours : frozenset of (str, str), optional
        Neighbouring districts already computed (:func:`district_neighbours`).

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with ``event_id`` (shared by the rows of incidents of one event; null for an
        incident no other report shares) and ``contested`` (whether claimants of opposite
        sides disagree on roles or casualties; null without an event).
    """
    out = gdf.drop(columns=[c for c in LINK_COLUMNS if c in gdf])  # a copy, relinked
    out["event_id"] = pd.Series([None] * len(out), index=out.index, dtype=object)
    out["contested"] = pd.Series([pd.NA] * len(out), index=out.index, dtype="boolean")
    if out.empty:
        return out
    if neighbours is None:
        neighbours = district_neighbours(layers) if layers is not None else frozenset()
    incidents = incident_table(out)
    places = link_places(out, incidents)
    pairs = candidate_pairs(incidents, places, neighbours)
    groups = _complete_linkage(pairs, pd.factorize(incidents["report_id"])[0], len(incidents))
    ids = incidents["incident_id"].to_numpy()
    event_of: dict[str, str] = {}
    for members in groups:
        names = sorted(str(ids[i]) for i in members)
        event = "ev-" + hashlib.sha1("\n".join(names).encode()).hexdigest()[:12]
        event_of.update(dict.fromkeys(names, event))
    if not event_of:
        return out
    key = out["incident_id"].astype(str)
    out["event_id"] = key.map(event_of).astype(object)
    out.loc[out["event_id"].isna(), "event_id"] = None
    linked = out[out["event_id"].notna()]
    # only an event told by two sides can be contested: the others need no accounts
    sides = sides_of(linked)
    two = sides.groupby(linked.drop_duplicates("incident_id")["event_id"].to_numpy()).nunique()
    told = linked[linked["event_id"].isin(two.index[two > 1])]
    by_event: dict[str, list[Account]] = {}
    for account in stances(told, sides):
        by_event.setdefault(event_of[account.incident_id], []).append(account)
    contested = {event: bool(disagreements(accounts)) for event, accounts in by_event.items()}
    flags = [pd.NA if e is None else contested.get(e, False) for e in out["event_id"]]
    out["contested"] = pd.array(flags, dtype="boolean")
    return out


def _complete_linkage(pairs: pd.DataFrame, report: np.ndarray, n: int) -> list[list[int]]:
    """Groups of two or more incidents, merged best pair first (see the module's note).

    A pair that is a connected component of the candidate graph on its own is an event as it
    stands (most are); only larger components go through the merging.
    """
    a, b = pairs["a"].to_numpy(dtype=np.int64), pairs["b"].to_numpy(dtype=np.int64)
    if not len(a):
        return []
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    alone = np.bincount(label)[label[a]] == 2
    groups = [[int(x), int(y)] for x, y in zip(a[alone], b[alone], strict=True)]
    a, b = a[~alone].tolist(), b[~alone].tolist()
    fits: dict[int, set[int]] = {}
    for x, y in zip(a, b, strict=True):
        fits.setdefault(x, set()).add(y)
        fits.setdefault(y, set()).add(x)
    group: dict[int, int] = {}
    members: dict[int, set[int]] = {}
    reports: dict[int, set[int]] = {}
    for x, y in zip(a, b, strict=True):
        gx, gy = group.get(x, x), group.get(y, y)
        if gx == gy:
            continue
        mx, my = members.get(gx, {x}), members.get(gy, {y})
        rx = reports.get(gx, {int(report[x])})
        ry = reports.get(gy, {int(report[y])})
        if not rx.isdisjoint(ry):
            continue
        if (len(mx) > 1 or len(my) > 1) and not all(my <= fits[m] for m in mx):
            continue
        if len(mx) < len(my):  # keep the larger group's number
            gx, gy, mx, my, rx, ry = gy, gx, my, mx, ry, rx
        for m in my:
            group[m] = gx
        members[gx] = mx | my
        reports[gx] = rx | ry
        members.pop(gy, None)
        reports.pop(gy, None)
    return groups + [sorted(m) for m in members.values() if len(m) > 1]
