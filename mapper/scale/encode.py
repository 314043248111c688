"""Rows in the output's own format, made on the workers, so that the driver only appends.

On a machine with as many workers as cores the driver's CPU is taken from the workers: the
one-core writer's per-row work (the contract's conversions, GeoJSON features, CSV text) costs
it 15-125 µs a report. Here a worker turns each batch into what the writer would have written
(CSV text, GeoJSON feature bytes, Arrow tables for GeoParquet) with the writer's own
functions, and :class:`PartWriter` appends those bytes in order: the file is the one-core
file. A GeoPackage is written by GDAL from frames, so its parts stay frames.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow import compute as pc

from mapper.contract import LIST_COLUMNS
from mapper.errors import ExportError
from mapper.export import IncidentWriter, _features, _geoparquet_schema, _joined, to_contract

#: formats whose parts the workers encode (GPKG is written from frames by GDAL)
ENCODED = ("GeoJSON", "CSV", "GeoParquet")


@dataclass(slots=True)
class EncodedPart:
    """One part's rows as the output format holds them, and the report ids they belong to.

    ``payload`` is GeoJSON features joined by commas, CSV text with its header line, or the
    Arrow tables of its batches (one row group each, as one core writes them).
    """

    format: str
    payload: bytes | list[pa.Table]
    rows: int
    ids: list[str]  # report ids with rows, each once, in the order of the rows


def encode_batches(frames: Iterable[gpd.GeoDataFrame], fmt: str) -> EncodedPart:
    """The batches of one part encoded as :class:`~mapper.export.IncidentWriter` writes them.

    Parameters
    ----------
    frames
        The joined frames of :func:`mapper.pipeline.iter_batches`, in order.
    fmt
        One of :data:`ENCODED`.

    Returns
    -------
    EncodedPart
        What the writer appends for these frames.
    """
    chunks: list[bytes] = []
    tables: list[pa.Table] = []
    ids: dict[str, None] = {}
    rows = 0
    for gdf in frames:
        frame = to_contract(gdf)
        ids.update(dict.fromkeys(frame["report_id"].astype(str)))
        rows += len(frame)
        if fmt == "GeoJSON":
            chunks += [orjson.dumps(f) for f in _features(frame)]
        elif fmt == "CSV":  # the header once, as the part's first line: the driver keeps one
            text = _joined(frame).drop(columns="geometry").to_csv(index=False, header=not chunks)
            chunks.append(text.encode())
        elif fmt == "GeoParquet":
            tables.append(pa.table(frame.to_arrow(index=False, geometry_encoding="WKB")))
        else:
            msg = f"{fmt}: parts are encoded as one of {', '.join(ENCODED)}"
            raise ExportError(msg)
    if fmt == "GeoParquet":
        return EncodedPart(fmt, tables, rows, list(ids))
    return EncodedPart(fmt, (b"," if fmt == "GeoJSON" else b"").join(chunks), rows, list(ids))


def rename_reports(part: EncodedPart, renames: dict[str, str]) -> EncodedPart:
    """``part`` with report ids renamed (``ID`` -> ``ID~2``) in ``report_id`` and as the
    start of ``incident_id``, as :class:`mapper.scale.stream.PartIds` decides.

    Rare (an id repeated in two parts), so done by the driver: it decodes this part only.
    """

    def incident(report: str, incident: str) -> str:
        new = renames.get(report)
        return new + incident[len(report) :] if new and incident.startswith(report) else incident

    ids = [renames.get(i, i) for i in part.ids]
    if isinstance(part.payload, list):
        tables = []
        for table in part.payload:
            reports = table.column("report_id").to_pylist()
            incidents = [
                incident(r, i) if i is not None else None
                for r, i in zip(reports, table.column("incident_id").to_pylist(), strict=True)
            ]
            table = _replace(table, "incident_id", incidents)
            tables.append(_replace(table, "report_id", [renames.get(r, r) for r in reports]))
        return EncodedPart(part.format, tables, part.rows, ids)
    if part.format == "GeoJSON":
        features = orjson.loads(b"[" + part.payload + b"]")
        for feature in features:
            props = feature["properties"]
            report = props["report_id"]
            props["incident_id"] = incident(report, props["incident_id"])
            props["report_id"] = renames.get(report, report)
        # orjson gives back the bytes it read: floats in their shortest form, keys in order
        payload = b",".join(orjson.dumps(f) for f in features)
        return EncodedPart(part.format, payload, part.rows, ids)
    # CSV: pandas wrote it with the csv module's minimal quoting and "\n" line ends
    lines = list(csv.reader(io.StringIO(part.payload.decode(), newline="")))
    header = lines[0]
    rid, iid = header.index("report_id"), header.index("incident_id")
    for line in lines[1:]:
        line[iid] = incident(line[rid], line[iid])
        line[rid] = renames.get(line[rid], line[rid])
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(lines)
    return EncodedPart(part.format, out.getvalue().encode(), part.rows, ids)


class PartWriter(IncidentWriter):
    """The one-core writer that also appends parts the workers encoded (and frames)."""

    def write(self, gdf: gpd.GeoDataFrame | EncodedPart) -> None:  # type: ignore[override]
        """Append a batch of incident rows, or an encoded part's bytes as they are."""
        if not isinstance(gdf, EncodedPart):
            super().write(gdf)
            return
        if gdf.format != self.format:
            msg = f"{self.path}: a part encoded as {gdf.format}, the file is {self.format}"
            raise ExportError(msg)
        try:
            self._append(gdf)
        except OSError as exc:
            self.discard()
            msg = f"{self.path}: writing failed ({exc.strerror or exc}); {self.kept()}"
            raise ExportError(msg) from None

    def _append(self, part: EncodedPart) -> None:
        first = self.rows == 0 and not self._started
        if isinstance(part.payload, list):  # GeoParquet: each batch a row group, as on one core
            for table in part.payload:
                self._write_table(table)
                self._started = True
            self.rows += part.rows
            return
        if not part.payload or (not part.rows and not first):
            return  # no rows: only the first part's CSV header is wanted
        assert self._fh is not None
        if self.format == "GeoJSON":
            if first:
                self._fh.write(b'{"type":"FeatureCollection","features":[')
            self._fh.write((b"," if self.rows else b"") + part.payload)
        else:  # CSV: every part starts with the header line; the file has it once
            start = 0 if first else part.payload.index(b"\n") + 1
            self._fh.write(memoryview(part.payload)[start:])
        self._started = True
        self.rows += part.rows

    def _write_table(self, table: pa.Table) -> None:
        # as IncidentWriter._write does for a batch: the first table's schema is the file's,
        # but a column with no value in it (Arrow's null type) is typed as text here, since a
        # later part's values could not be cast to null (a part can be a few reports)
        if self._parquet is None:
            fields = [_typed(f) for f in table.schema]
            self._schema = _geoparquet_schema(pa.schema(fields, metadata=table.schema.metadata))
            self._parquet = pq.ParquetWriter(self.partial or self.path, self._schema)
        assert self._schema is not None
        self._parquet.write_table(table.cast(self._schema))


def _typed(field: pa.Field) -> pa.Field:
    if not pa.types.is_null(field.type):
        return field
    text = pa.list_(pa.string()) if field.name in LIST_COLUMNS else pa.large_string()
    return field.with_type(text)


def _replace(table: pa.Table, column: str, values: list[str | None]) -> pa.Table:
    at = table.schema.get_field_index(column)
    kind = table.schema.field(at).type
    return table.set_column(at, table.schema.field(at), pc.cast(pa.array(values), kind))
