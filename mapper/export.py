"""Writing and reading incident tables: GeoJSON, GeoPackage, CSV, GeoParquet."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import BinaryIO

import geopandas as gpd
import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
from pyproj import CRS

from mapper.contract import CONTRACT_COLUMNS, EXTRA_COLUMNS, INT_COLUMNS
from mapper.errors import ExportError

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
    with IncidentWriter(path) as out:
        out.write(gdf)
    return Path(path)


class IncidentWriter:
    """Write incident batches to one file as they come, so memory stays flat on big corpora.

    Use as a context manager; ``write`` takes contract frames (e.g. from
    :func:`mapper.pipeline.iter_batches`). A file that got no rows still holds an empty,
    valid table. If the block fails, the partial file is removed.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        fmt = FORMATS.get(self.path.suffix.lower())
        if fmt is None:
            suffix = self.path.suffix
            msg = f"{self.path}: unknown output format {suffix!r}; use one of {', '.join(FORMATS)}"
            raise ExportError(msg)
        if not self.path.parent.exists():
            msg = f"{self.path}: folder {self.path.parent} does not exist"
            raise ExportError(msg)
        self.format = fmt
        self.rows = 0
        self._fh: BinaryIO | None = None
        self._parquet: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None
        self._discarded = False

    def __enter__(self) -> IncidentWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None and not self._discarded:
            self.close()
        else:
            self._release()
            self.path.unlink(missing_ok=True)

    def write(self, gdf: gpd.GeoDataFrame) -> None:
        """Append a batch of incident rows."""
        frame = to_contract(gdf)
        first = self.rows == 0 and self._fh is None and self._parquet is None
        if self.format == "GeoJSON":
            if first:
                self._fh = self.path.open("wb")
                self._fh.write(b'{"type":"FeatureCollection","features":[')
            assert self._fh is not None
            for feature in _features(frame):
                self._fh.write((b"," if self.rows else b"") + orjson.dumps(feature))
                self.rows += 1
            return
        if self.format == "CSV":
            frame.drop(columns="geometry").to_csv(
                self.path, index=False, mode="w" if first else "a", header=first
            )
        elif self.format == "GPKG":
            if first:
                self.path.unlink(missing_ok=True)
            pyogrio.write_dataframe(
                frame, self.path, layer="incidents", driver="GPKG", append=not first
            )
        else:
            table = frame.to_arrow(index=False, geometry_encoding="WKB")
            if first:
                self._schema = _geoparquet_schema(pa.table(table).schema)
                self._parquet = pq.ParquetWriter(self.path, self._schema)
            assert self._parquet is not None and self._schema is not None
            self._parquet.write_table(pa.table(table).cast(self._schema))
        self.rows += len(frame)

    def close(self) -> Path:
        """Finish the file (an empty table if no row came)."""
        if (
            self._fh is None
            and self._parquet is None
            and self.rows == 0
            and (self.format in ("GeoJSON", "GeoParquet") or not self.path.exists())
        ):
            self.write(empty_incidents())
        if self._fh is not None:
            self._fh.write(b"]}")
        self._release()
        return self.path

    def discard(self) -> None:
        """Write nothing after all: remove what was written, leave no file."""
        self._release()
        self.path.unlink(missing_ok=True)
        self._discarded = True

    def _release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None


def to_geojson(gdf: gpd.GeoDataFrame) -> bytes:
    """The contract's GeoJSON FeatureCollection, as bytes."""
    return orjson.dumps({"type": "FeatureCollection", "features": _features(to_contract(gdf))})


def _features(frame: gpd.GeoDataFrame) -> list[dict[str, object]]:
    props = [c for c in frame.columns if c != "geometry"]
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [_json(r["lon"]), _json(r["lat"])]},
            "properties": {k: _json(v) for k, v in r.items()},
        }
        for r in frame[props].to_dict(orient="records")
    ]


def _geoparquet_schema(schema: pa.Schema) -> pa.Schema:
    # GeoParquet 1.0 metadata for WKB points in EPSG:4326, as geopandas writes it; no bbox,
    # since the first batch's would be wrong for the whole file.
    crs = CRS.from_epsg(4326).to_json_dict()
    column = {"encoding": "WKB", "geometry_types": ["Point"], "crs": crs}
    geo = {"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": column}}
    meta = {k: v for k, v in (schema.metadata or {}).items() if k != b"pandas"}
    geometry = schema.get_field_index("geometry")
    schema = schema.set(geometry, pa.field("geometry", pa.binary()))
    return schema.with_metadata({**meta, b"geo": orjson.dumps(geo)})


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
    for col in INT_COLUMNS:
        frame[col] = pd.array(pd.to_numeric(frame[col], errors="coerce"), dtype="Int64")
    for col in ("date_start", "date_end", "published"):
        frame[col] = frame[col].map(_iso)
    rest = [c for c in frame.columns if c not in CONTRACT_COLUMNS and c not in EXTRA_COLUMNS]
    rest = [c for c in rest if c != "geometry"]
    return frame[[*CONTRACT_COLUMNS, *EXTRA_COLUMNS, *rest, "geometry"]]


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
