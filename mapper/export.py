"""Writing and reading incident tables: GeoJSON, GeoPackage, CSV, GeoParquet."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import orjson
import pandas as pd
import pyogrio

from mapper._errors import ExportError

#: The output contract of DESIGN.md, in order; never rename or drop one.
CONTRACT_COLUMNS = (
    "report_id", "incident_id", "mention", "start", "end", "place", "geonameid", "kind",
    "where_prec", "lat", "lon", "country", "district", "district_code", "border_km", "role",
    "date_start", "date_end", "event_type", "killed", "wounded", "claimant", "source", "snippet",
)  # fmt: skip
#: Columns we add after the contract ones.
EXTRA_COLUMNS = (
    "confidence", "border", "border_section", "side", "near_border", "country_source", "title",
    "url", "published",
)  # fmt: skip
_INT_COLUMNS = ("start", "end", "geonameid", "where_prec", "killed", "wounded")
FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".csv": "CSV",
           ".parquet": "GeoParquet", ".geoparquet": "GeoParquet"}  # fmt: skip


def empty_incidents() -> gpd.GeoDataFrame:
    """An incidents frame with the contract's columns and no rows."""
    cols = {c: pd.Series(dtype="object") for c in (*CONTRACT_COLUMNS, *EXTRA_COLUMNS)}
    return gpd.GeoDataFrame(cols, geometry=gpd.GeoSeries([], crs=4326), crs=4326)


def write(gdf: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write incidents in the format named by the file's extension.

    ``.geojson`` (the contract: a FeatureCollection of Points in WGS84), ``.gpkg``, ``.csv``
    (lat/lon columns, no geometry column) or ``.parquet`` (GeoParquet).
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        msg = f"{path}: unknown output format {path.suffix!r}; use one of {', '.join(FORMATS)}"
        raise ExportError(msg)
    if not path.parent.exists():
        msg = f"{path}: folder {path.parent} does not exist"
        raise ExportError(msg)
    frame = to_contract(gdf)
    if fmt == "GeoJSON":
        path.write_bytes(to_geojson(frame))
    elif fmt == "GPKG":
        path.unlink(missing_ok=True)
        pyogrio.write_dataframe(_for_ogr(frame), path, layer="incidents", driver="GPKG")
    elif fmt == "CSV":
        frame.drop(columns="geometry").to_csv(path, index=False)
    else:
        _for_ogr(frame).to_parquet(path, index=False)
    return path


def to_geojson(gdf: gpd.GeoDataFrame) -> bytes:
    """The contract's GeoJSON FeatureCollection, as bytes."""
    frame = to_contract(gdf)
    props = [c for c in frame.columns if c != "geometry"]
    records = frame[props].to_dict(orient="records")
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [_json(r["lon"]), _json(r["lat"])]},
            "properties": {k: _json(v) for k, v in r.items()},
        }
        for r in records
    ]
    return orjson.dumps({"type": "FeatureCollection", "features": features})


def read_incidents(path: str | Path) -> gpd.GeoDataFrame:
    """Read an incidents file written by :func:`write` (any of its formats)."""
    path = Path(path)
    if not path.exists():
        msg = f"{path}: no such incidents file"
        raise ExportError(msg)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        df = pd.read_csv(path)
        gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs=4326)
    elif suffix in (".parquet", ".geoparquet"):
        gdf = gpd.read_parquet(path)
    else:
        gdf = pyogrio.read_dataframe(path)
    return to_contract(gdf)


def is_incidents_file(path: str | Path) -> bool:
    """Whether a path looks like an incidents file written by ``mapper extract``."""
    path = Path(path)
    if path.suffix.lower() in (".gpkg", ".parquet", ".geoparquet", ".geojson"):
        return True
    if path.suffix.lower() == ".json" and path.is_file():
        with path.open("rb") as fh:
            return b'"FeatureCollection"' in fh.read(4096)
    return False


def to_contract(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame with the contract columns first, in order, then ours; dates as ISO text."""
    frame = gdf.copy()
    for col in (*CONTRACT_COLUMNS, *EXTRA_COLUMNS):
        if col not in frame:
            frame[col] = None
    for col in _INT_COLUMNS:
        frame[col] = pd.array(pd.to_numeric(frame[col], errors="coerce"), dtype="Int64")
    for col in ("date_start", "date_end", "published"):
        frame[col] = frame[col].map(_iso)
    rest = [c for c in frame.columns if c not in CONTRACT_COLUMNS and c not in EXTRA_COLUMNS]
    rest = [c for c in rest if c != "geometry"]
    return frame[[*CONTRACT_COLUMNS, *EXTRA_COLUMNS, *rest, "geometry"]]


def _for_ogr(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = frame.copy()
    for col in out.columns:
        if col != "geometry" and out[col].dtype == object:
            out[col] = out[col].map(lambda v: None if v is None else v)
    return out


def _iso(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) or None


def _json(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value
