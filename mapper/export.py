"""Writing and reading incident tables: GeoJSON, GeoPackage, CSV, GeoParquet."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import sys
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

from mapper.contract import CONTRACT_COLUMNS, EXTRA_COLUMNS, INT_COLUMNS, LIST_COLUMNS
from mapper.errors import ExportError

FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".csv": "CSV",
           ".parquet": "GeoParquet", ".geoparquet": "GeoParquet"}  # fmt: skip
_STREAMABLE = ("GeoJSON", "CSV")
#: text columns of an incidents CSV, read back as text whatever they hold ("nan", "1", "NULL")
_CSV_TEXT = (
    "report_id", "incident_id", "mention", "place", "kind", "country", "district",
    "district_code", "role", "date_start", "date_end", "event_type", "claimant", "source",
    "snippet", "border", "border_section", "side", "country_source", "title", "url", "published",
)  # fmt: skip


def empty_incidents() -> gpd.GeoDataFrame:
    """An incidents frame with the contract's columns and no rows."""
    cols = {c: pd.Series(dtype="object") for c in (*CONTRACT_COLUMNS, *EXTRA_COLUMNS)}
    return gpd.GeoDataFrame(cols, geometry=gpd.GeoSeries([], crs=4326), crs=4326)


def write(gdf: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write incidents in the format named by the file's extension.

    ``.geojson`` (the contract: a FeatureCollection of Points in WGS84), ``.gpkg``, ``.csv``
    (lat/lon columns, no geometry column) or ``.parquet`` (GeoParquet). The file is written
    beside the target under a partial name and renamed into place when complete, so an
    earlier file at ``path`` is replaced only by a whole new one.
    """
    with IncidentWriter(path) as out:
        out.write(gdf)
    return Path(path)


def output_format(path: str | Path, fmt: str | None = None) -> str:
    """The writer format (``GeoJSON``, ``GPKG``, ``CSV``, ``GeoParquet``) of an output path.

    ``fmt`` (an extension such as ``"csv"``) overrides the path's own; standard output
    (``"-"``) takes GeoJSON or CSV only.
    """
    suffix = f".{fmt.lower().lstrip('.')}" if fmt else Path(path).suffix.lower()
    if str(path) == "-" and not fmt:
        suffix = ".geojson"
    found = FORMATS.get(suffix)
    if found is None:
        msg = f"{path}: unknown output format {suffix!r}; use one of {', '.join(FORMATS)}"
        raise ExportError(msg)
    if str(path) == "-" and found not in _STREAMABLE:
        msg = f"standard output takes GeoJSON or CSV, not {found}"
        raise ExportError(msg)
    return found


def partial_path(path: Path) -> Path:
    """Where the output to ``path`` is written until it is complete: a hidden file beside it.

    Hidden (folder walks skip it), named for its target and the writing process, with the
    target's own extension (GDAL picks the driver by it).
    """
    return path.with_name(f".{path.stem}.partial-{os.getpid()}{path.suffix}")


class IncidentWriter:
    """Write incident batches to one file as they come, so memory stays flat on big corpora.

    Use as a context manager; ``write`` takes contract frames (e.g. from
    :func:`mapper.pipeline.iter_batches`). Rows go to :func:`partial_path` beside the target,
    which is created at once (an unwritable folder fails before any work); on success it is
    renamed over the target, so a reader never sees half a file and an earlier file is kept
    whole until then. If the block fails or is interrupted, the partial file is removed and
    the target left as it was. A file that got no rows still holds an empty, valid table.
    ``"-"`` writes GeoJSON or CSV to standard output (``fmt`` names which).
    """

    def __init__(self, path: str | Path, fmt: str | None = None) -> None:
        self.format = output_format(path, fmt)
        self.rows = 0
        self._fh: BinaryIO | None = None
        self._parquet: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None
        self._done = False
        self._started = False
        if str(path) == "-":
            self.path = Path("-")
            self.partial: Path | None = None
            self._fh = sys.stdout.buffer
            return
        self.path = Path(path)
        _check_target(self.path)
        self.partial = partial_path(self.path)
        try:
            # Opened (created) now: an unwritable folder or a full disk shows before any work.
            self._fh = self.partial.open("wb")
        except OSError as exc:
            msg = f"{self.path}: cannot write in {self.path.parent}: {exc.strerror or exc}"
            raise ExportError(msg) from None
        if self.format in ("GPKG", "GeoParquet"):
            self._fh.close()  # written by GDAL or pyarrow, which open the file themselves
            self._fh = None

    def __enter__(self) -> IncidentWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None and not self._done:
            self.close()
        elif not self._done:
            self.discard()

    def write(self, gdf: gpd.GeoDataFrame) -> None:
        """Append a batch of incident rows."""
        try:
            self._write(to_contract(gdf))
        except OSError as exc:
            self.discard()
            msg = f"{self.path}: writing failed ({exc.strerror or exc}); {self.kept()}"
            raise ExportError(msg) from None

    def _write(self, frame: gpd.GeoDataFrame) -> None:
        target = self.partial or self.path
        first = self.rows == 0 and not self._started
        self._started = True
        if self.format == "GeoJSON":
            assert self._fh is not None
            if first:
                self._fh.write(b'{"type":"FeatureCollection","features":[')
            for feature in _features(frame):
                self._fh.write((b"," if self.rows else b"") + orjson.dumps(feature))
                self.rows += 1
            return
        if self.format in ("CSV", "GPKG"):  # no list type: "shelling;casualty"
            frame = _joined(frame)
        if self.format == "CSV":
            assert self._fh is not None
            self._fh.write(
                frame.drop(columns="geometry").to_csv(index=False, header=first).encode()
            )
        elif self.format == "GPKG":
            pyogrio.write_dataframe(
                frame, target, layer="incidents", driver="GPKG", append=not first
            )
        else:
            table = frame.to_arrow(index=False, geometry_encoding="WKB")
            if first:
                self._schema = _geoparquet_schema(pa.table(table).schema)
                self._parquet = pq.ParquetWriter(target, self._schema)
            assert self._parquet is not None and self._schema is not None
            self._parquet.write_table(pa.table(table).cast(self._schema))
        self.rows += len(frame)

    def close(self) -> Path:
        """Finish the file (an empty table if no row came) and move it into place."""
        try:
            if not self._started:
                self._write(empty_incidents())
            if self.format == "GeoJSON" and self._fh is not None:
                self._fh.write(b"]}\n" if self.partial is None else b"]}")
            self._release()
            if self.partial is not None:
                os.replace(self.partial, self.path)
        except OSError as exc:
            self.discard()
            msg = f"{self.path}: writing failed ({exc.strerror or exc}); {self.kept()}"
            raise ExportError(msg) from None
        self._done = True
        return self.path

    def discard(self) -> None:
        """Write nothing after all: remove the partial file, leave the target as it was."""
        with contextlib.suppress(OSError):  # a full disk fails the last flush too
            self._release()
        if self.partial is not None:
            for leftover in (self.partial, *_sidecars(self.partial)):
                leftover.unlink(missing_ok=True)
        self._done = True

    def kept(self) -> str:
        """What a failed or interrupted run leaves at the output, in words."""
        if self.partial is None:
            return f"standard output got the first {self.rows} places"
        if self.path.exists():
            state = f"the earlier {self.path} is untouched"
        else:
            state = f"nothing was written to {self.path}"
        return state + ("; the partial output was removed" if self._started else "")

    def _release(self) -> None:
        if self._fh is not None:
            if self.partial is None:
                self._fh.flush()
            else:
                self._fh.close()
            self._fh = None
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None


def _check_target(path: Path) -> None:
    if not path.parent.exists():
        msg = f"{path}: folder {path.parent} does not exist"
        raise ExportError(msg)
    if not path.parent.is_dir():
        msg = f"{path}: {path.parent} is not a folder"
        raise ExportError(msg)
    if path.is_dir():
        msg = f"{path}: is a folder; give a file name"
        raise ExportError(msg)
    if path.exists() and not os.access(path, os.W_OK):
        msg = f"{path}: the existing file is read-only"
        raise ExportError(msg)


def _sidecars(path: Path) -> list[Path]:
    # SQLite's journal files of a GeoPackage being written
    return [path.with_name(path.name + end) for end in ("-journal", "-wal", "-shm")]


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
    for col in LIST_COLUMNS:  # a first batch of empty lists says nothing of their type
        i = schema.get_field_index(col)
        if i >= 0:
            schema = schema.set(i, pa.field(col, pa.list_(pa.string())))
    return schema.with_metadata({**meta, b"geo": orjson.dumps(geo)})


def read_incidents(path: str | Path) -> gpd.GeoDataFrame:
    """Read an incidents file written by :func:`write` (any of its formats)."""
    path = Path(path)
    if not path.exists():
        msg = f"{path}: no such incidents file"
        raise ExportError(msg)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # Only an empty cell is missing: "nan", "None" or "NULL" in a text stay text.
        types = dict.fromkeys((*_CSV_TEXT, *INT_COLUMNS), "object")
        df = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=types)
        for col in _CSV_TEXT:
            if col in df:
                df[col] = df[col].astype(object).where(df[col].notna(), None)
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
    if path.suffix.lower() == ".csv" and path.is_file():
        # a CSV of reports has a text column; one of incidents has places with coordinates
        with path.open("r", encoding="utf-8-sig", errors="replace") as fh:
            header = {h.strip() for h in fh.readline().split(",")}
        return {"incident_id", "lat", "lon"} <= header and "text" not in header
    return False


def to_contract(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame with the contract columns first, in order, then ours; dates as ISO text."""
    frame = gdf.copy()
    for col in (*CONTRACT_COLUMNS, *EXTRA_COLUMNS):
        if col not in frame:
            frame[col] = None
    for col in INT_COLUMNS:
        frame[col] = _integers(frame[col])
    for col in ("date_start", "date_end", "published"):
        frame[col] = frame[col].map(_iso)
    for col in LIST_COLUMNS:
        frame[col] = frame[col].map(_as_list).astype(object)
    # the columns of --link, when present: a GeoPackage gives its boolean field back as
    # 1.0/0.0/NaN and CSV as text, and written as such they would stay floats or text
    if "contested" in frame:
        frame["contested"] = _flags(frame["contested"])
    if "event_id" in frame:
        frame["event_id"] = frame["event_id"].astype(object).where(frame["event_id"].notna(), None)
    rest = [c for c in frame.columns if c not in CONTRACT_COLUMNS and c not in EXTRA_COLUMNS]
    rest = [c for c in rest if c != "geometry"]
    return frame[[*CONTRACT_COLUMNS, *EXTRA_COLUMNS, *rest, "geometry"]]


def _integers(values: pd.Series) -> pd.Series:
    """Nullable integers; what is not a whole number within int64 ("1e400", "x") is null."""
    if isinstance(values.dtype, pd.Int64Dtype):
        return values
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.dtype.kind == "f":
        whole = numbers.notna() & np.isfinite(numbers) & (numbers.abs() < 2**63)
        whole &= numbers.where(whole, 0) % 1 == 0
        numbers = numbers.where(whole)
    return pd.Series(pd.array(numbers, dtype="Int64"), index=values.index)


def _flags(values: pd.Series) -> pd.Series:
    """Nullable booleans from booleans, numbers (1.0, 0.0, NaN) or text ("True", "false", "")."""
    if isinstance(values.dtype, pd.BooleanDtype):
        return values
    if values.dtype.kind in "bif":
        return values.astype("boolean")
    words = {"true": True, "1": True, "1.0": True, "false": False, "0": False, "0.0": False}
    out = [
        words.get(v.strip().lower(), pd.NA) if isinstance(v, str)
        else pd.NA if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
        else bool(v)
        for v in values
    ]  # fmt: skip
    return pd.Series(pd.array(out, dtype="boolean"), index=values.index)


def _as_list(value: object) -> list[str]:
    """A list column's value as a list: from a list, an array, or ``;``-joined text."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value if v is not None and str(v)]
    return []


def _joined(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame with its list columns as ``;``-joined text (CSV and GeoPackage)."""
    frame = frame.copy()
    for col in LIST_COLUMNS:
        frame[col] = frame[col].map(lambda v: ";".join(v) if isinstance(v, list) else v)
    return frame


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
