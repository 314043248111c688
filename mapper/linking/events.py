"""The events table: one row per linked event, its accounts side by side; and its writer."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import geopandas as gpd
import orjson
import pandas as pd

from mapper import settings
from mapper.contract import EVENT_TYPES
from mapper.errors import ExportError
from mapper.linking.accounts import Account, accounts_of, disagreements
from mapper.linking.link import link
from mapper.spatial.layers import Layers

#: the columns of the events table, in order
EVENT_COLUMNS = (
    "event_id", "date_start", "date_end", "place", "where_prec", "lat", "lon", "country",
    "district", "event_types", "n_reports", "reports", "claimants", "sources", "sides",
    "killed_claims", "wounded_claims", "killed_min", "killed_max", "wounded_min",
    "wounded_max", "contested", "contested_on", "accounts",
)  # fmt: skip
_LISTS = ("event_types", "reports", "claimants", "sources", "sides", "contested_on")
_FORMATS = (".geojson", ".json", ".csv", ".gpkg", ".parquet", ".geoparquet")


def events(gdf: gpd.GeoDataFrame, layers: Layers | None = None) -> gpd.GeoDataFrame:
    """One row per event of linked incidents, with each report's account.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incident rows in the output contract; linked first (:func:`mapper.linking.link`)
        when they carry no ``event_id``.
    layers : Layers, optional
        Passed to :func:`~mapper.linking.link` when linking here.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`EVENT_COLUMNS`, Point geometry (the place most accounts name, finest
        first), EPSG:4326, ordered by date. ``accounts`` holds one dict per report's
        incident (claimant, source, side, dates, kinds, origins, targets, casualties); list
        columns hold lists.
    """
    if "event_id" not in gdf:
        gdf = link(gdf, layers)
    linked = gdf[gdf["event_id"].notna()]
    accounts: dict[str, list[Account]] = {}
    event_of = dict(zip(linked["incident_id"].astype(str), linked["event_id"], strict=True))
    for account in accounts_of(linked):
        accounts.setdefault(str(event_of[account.incident_id]), []).append(account)
    rows = [
        _event(str(event), group, accounts[str(event)])
        for event, group in linked.groupby("event_id", sort=False)
    ]
    table = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    table = table.sort_values(["date_start", "event_id"], na_position="last", ignore_index=True)
    for col in (
        "where_prec",
        "n_reports",
        "killed_min",
        "killed_max",
        "wounded_min",
        "wounded_max",
    ):
        table[col] = pd.array(pd.to_numeric(table[col], errors="coerce"), dtype="Int64")
    geometry = gpd.points_from_xy(table["lon"], table["lat"], crs=4326)
    return gpd.GeoDataFrame(table, geometry=geometry, crs=4326)


def write_events(table: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write an events table (:func:`events`) by extension: GeoJSON, CSV, GeoPackage, Parquet.

    In CSV and GeoPackage, lists are ``;``-joined and ``accounts`` is JSON text. The file is
    written beside its target and renamed into place, so an earlier file survives a failure.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        msg = f"{path}: unknown events format {suffix!r}; use one of {', '.join(_FORMATS)}"
        raise ExportError(msg)
    if not path.parent.exists():
        msg = f"{path}: folder {path.parent} does not exist"
        raise ExportError(msg)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    try:
        if suffix in (".geojson", ".json"):
            Path(tmp).write_bytes(_geojson(table))
        else:
            flat = _flat(table)
            if suffix == ".csv":
                flat.drop(columns="geometry").to_csv(tmp, index=False)
            elif suffix == ".gpkg":
                Path(tmp).unlink()
                flat.to_file(tmp, layer="events", driver="GPKG")
            else:
                flat.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _event(event_id: str, rows: pd.DataFrame, accounts: list[Account]) -> dict[str, Any]:
    why = disagreements(accounts)
    place = _main_place(rows)
    kinds = {k for a in accounts for k in a.kinds}
    starts = [a.date_start for a in accounts if a.date_start]
    ends = [d for a in accounts if (d := a.date_end or a.date_start)]
    killed = [a.killed for a in accounts if a.killed is not None]
    wounded = [a.wounded for a in accounts if a.wounded is not None]
    return {
        "event_id": event_id,
        "date_start": min(starts) if starts else None,
        "date_end": max(ends) if ends else None,
        **place,
        "event_types": [k for k in EVENT_TYPES if k in kinds],
        "n_reports": len({a.report_id for a in accounts}),
        "reports": _unique(a.report_id for a in accounts),
        "claimants": _unique(a.claimant for a in accounts),
        "sources": _unique(a.source for a in accounts),
        "sides": _unique(a.side for a in accounts),
        "killed_claims": _claims(accounts, "killed"),
        "wounded_claims": _claims(accounts, "wounded"),
        "killed_min": min(killed) if killed else None,
        "killed_max": max(killed) if killed else None,
        "wounded_min": min(wounded) if wounded else None,
        "wounded_max": max(wounded) if wounded else None,
        "contested": bool(why),
        "contested_on": why,
        "accounts": [a.as_dict() for a in accounts],
    }


def _main_place(rows: pd.DataFrame) -> dict[str, Any]:
    """The place most accounts name among the linking roles (finest first), else any place."""
    usable = rows[pd.to_numeric(rows["where_prec"], errors="coerce").ne(6)]
    usable = usable if not usable.empty else rows
    preferred = usable[usable["role"].isin(settings.link_roles)]
    usable = preferred if not preferred.empty else usable
    counts = Counter(
        usable.drop_duplicates(["incident_id", "place"])["place"].fillna("").astype(str)
    )
    prec = pd.to_numeric(usable["where_prec"], errors="coerce").fillna(9)
    order = sorted(
        range(len(usable)),
        key=lambda i: (-counts[str(usable["place"].iloc[i] or "")], prec.iloc[i], i),
    )
    best = usable.iloc[order[0]]
    return {
        "place": best["place"],
        "where_prec": None if pd.isna(best["where_prec"]) else int(best["where_prec"]),
        "lat": float(best["lat"]),
        "lon": float(best["lon"]),
        "country": best.get("country"),
        "district": best.get("district"),
    }


def _claims(accounts: list[Account], what: str) -> str | None:
    """``side or claimant: figure`` for every account giving one, ``;``-joined."""
    parts = []
    for a in accounts:
        value = getattr(a, what)
        if value is not None:
            who = a.side or a.claimant or a.report_id
            part = f"{who}: {value}"
            if part not in parts:
                parts.append(part)
    return "; ".join(parts) or None


def _unique(values: Any) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def _flat(table: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    flat = table.copy()
    for col in _LISTS:
        flat[col] = flat[col].map(lambda v: ";".join(v) if isinstance(v, list) else v)
    flat["accounts"] = flat["accounts"].map(lambda v: orjson.dumps(v).decode())
    return flat


def _geojson(table: gpd.GeoDataFrame) -> bytes:
    props = [c for c in table.columns if c != "geometry"]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {k: (None if _missing(v) else v) for k, v in r.items()},
        }
        for r in table[props].to_dict(orient="records")
    ]
    return orjson.dumps(
        {"type": "FeatureCollection", "features": features}, option=orjson.OPT_SERIALIZE_NUMPY
    )


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, list | dict | str) and bool(pd.isna(value)))
