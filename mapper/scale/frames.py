"""``mapper.extract_dask``: incidents as a lazy ``dask_geopandas.GeoDataFrame``, one partition
per part of the reports; and the GeoParquet dataset of ``mapper extract --partitioned``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, overload

import dask
import dask.bag as db
import dask.dataframe as dd
import dask_geopandas
import geopandas as gpd
import pandas as pd
import pyarrow as pa
from dask.delayed import Delayed
from rich.console import Console

from mapper.contract import LIST_COLUMNS
from mapper.errors import ExportError, ReportError
from mapper.pipeline import Summary
from mapper.progress import ReportProgress
from mapper.reports import Report
from mapper.reports.ids import unique_ids
from mapper.reports.parts import count_reports, part_size, plan_parts
from mapper.reports.readers import report_from_row
from mapper.reports.walk import Skipped
from mapper.scale.work import (
    PROGRESS_TOPIC,
    PartResult,
    conform,
    merge_summaries,
    meta,
    run_items,
    run_part,
    settings_snapshot,
)
from mapper.spatial.layers import Layers

Source = str | Path | Iterable[str | Path] | db.Bag | dd.DataFrame


@overload
def extract_dask(
    source: Source,
    *,
    layers: Layers | None = ...,
    region: str | None = ...,
    near_km: float | None = ...,
    text_column: str = ...,
    part_bytes: int | None = ...,
    summary: Literal[False] = ...,
) -> dask_geopandas.GeoDataFrame: ...
@overload
def extract_dask(
    source: Source,
    *,
    layers: Layers | None = ...,
    region: str | None = ...,
    near_km: float | None = ...,
    text_column: str = ...,
    part_bytes: int | None = ...,
    summary: Literal[True],
) -> tuple[dask_geopandas.GeoDataFrame, Delayed]: ...
def extract_dask(
    source: Source,
    *,
    layers: Layers | None = None,
    region: str | None = None,
    near_km: float | None = None,
    text_column: str = "text",
    part_bytes: int | None = None,
    summary: bool = False,
) -> dask_geopandas.GeoDataFrame | tuple[dask_geopandas.GeoDataFrame, Delayed]:
    """Incidents of reports as a lazy GeoDataFrame: the columns of :func:`mapper.extract`.

    Parameters
    ----------
    source
        Paths of report files or folders (cut into parts of about ``part_bytes``: by
        default about eight per worker of the current Dask client, at most 4 MB), a
        ``dask.bag`` of texts, row dicts (``id``, ``text``, ``published``...) or ``Report``s,
        or a Dask DataFrame with a ``text_column`` (other columns as in a CSV row; the index
        is the id of rows without an ``id``).
    layers, region, near_km
        As for :func:`mapper.extract`.
    summary
        Also return a ``Delayed`` :class:`~mapper.pipeline.Summary` of every report; compute
        both in one pass over the reports with :func:`compute`.

    Returns
    -------
    dask_geopandas.GeoDataFrame
        One partition per part of the reports; computed on the current Dask scheduler.
    """
    snapshot = settings_snapshot()
    where: Any = dask.delayed(layers, traverse=False) if layers is not None else region
    results = _results(source, where, near_km, snapshot, text_column, part_bytes)
    frames = [dask.delayed(_frame)(r) for r in results]
    # Text and list columns stay Python objects, as in mapper.extract: Dask's conversion to
    # its string type would turn the lists of ``event_types`` into their text.
    with dask.config.set({"dataframe.convert-string": False}):
        gdf = dd.from_delayed(frames, meta=meta(), verify_meta=False) if frames else _empty()
    if not isinstance(gdf, dask_geopandas.GeoDataFrame):
        gdf = dask_geopandas.from_dask_dataframe(gdf, geometry="geometry")
    if summary:
        return gdf, dask.delayed(merge_summaries)(results)
    return gdf


def compute(gdf: dask_geopandas.GeoDataFrame, summary: Delayed) -> tuple[gpd.GeoDataFrame, Summary]:
    """Compute a frame of :func:`extract_dask` and its summary in one pass over the reports.

    Returns
    -------
    (geopandas.GeoDataFrame, Summary)
        The rows of :func:`mapper.extract` on the same reports, and what became of each.
    """
    # both as Delayed: the parts are shared, each runs once
    frames, done = dask.compute(gdf.to_delayed(), summary)
    if not frames:
        return meta(), done
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326), done


def write_dataset(
    client: Any, paths: list[str], output: Path, engine: Any, console: Console
) -> Summary:
    """Write a GeoParquet dataset (a folder, one file per part) with dask-geopandas.

    It is written beside ``output`` and moved into place at the end, as a one-core file is.
    """
    if output.suffix.lower() not in (".parquet", ".geoparquet"):
        msg = f"{output}: --partitioned writes a GeoParquet dataset: name it NAME.parquet"
        raise ExportError(msg)
    if output.exists() and not output.is_dir():
        msg = f"{output}: a file is in the way of the dataset folder"
        raise ExportError(msg)
    gdf, summary = extract_dask(
        paths, region=engine.region, near_km=engine.near_km, part_bytes=engine.part_bytes,
        summary=True,
    )  # fmt: skip
    tmp = output.with_name(f".{output.name}.partial")
    shutil.rmtree(tmp, ignore_errors=True)
    total = count_reports(paths) if console.is_terminal else None
    with ReportProgress(console, total) as bar:
        client.subscribe_topic(PROGRESS_TOPIC, lambda event: bar.advance(event[1]))
        try:
            write = gdf.to_parquet(tmp, compute=False, write_index=False, schema=_schema())
            _, done = client.compute([write.to_delayed(), summary], sync=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        finally:
            client.unsubscribe_topic(PROGRESS_TOPIC)
    if done.read:
        shutil.rmtree(output, ignore_errors=True)
        tmp.rename(output)
        if not console.quiet:
            files = len(list(output.glob("*.parquet")))
            console.print(f"wrote {done.places} places to {output}/ ({files} files)")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return done


def _results(
    source: Source,
    layers: Any,
    near_km: float | None,
    snapshot: dict[str, object],
    text_column: str,
    part_bytes: int | None,
) -> list[Delayed]:
    run_part_d, run_items_d = dask.delayed(run_part), dask.delayed(run_items)
    if isinstance(source, db.Bag):
        return [
            run_items_d(dask.delayed(_bag_reports)(chunk, i), layers, near_km, snapshot)
            for i, chunk in enumerate(source.to_delayed())
        ]
    if isinstance(source, dd.DataFrame):
        if text_column not in source.columns:
            msg = f"the dataframe has no {text_column!r} column (text_column=)"
            raise ExportError(msg)
        return [
            run_items_d(
                dask.delayed(_frame_reports)(chunk, text_column), layers, near_km, snapshot
            )  # fmt: skip
            for chunk in source.to_delayed()
        ]
    paths = [source] if isinstance(source, str | Path) else list(source)
    part_bytes = part_bytes or part_size(paths, _slots())
    return [
        run_part_d(part, layers, near_km, snapshot)
        for part in plan_parts(paths, part_bytes=part_bytes)
    ]


def _schema() -> pa.Schema:
    """The dataset's Arrow schema: Dask cannot infer text and lists from Python objects."""
    fields = []
    for col, dtype in meta().dtypes.items():
        if col == "geometry":
            kind = pa.binary()  # WKB
        elif col in LIST_COLUMNS:
            kind = pa.list_(pa.string())
        elif pd.api.types.is_object_dtype(dtype):
            kind = pa.string()
        else:
            kind = pa.from_numpy_dtype(getattr(dtype, "numpy_dtype", dtype))
        fields.append(pa.field(str(col), kind))
    return pa.schema(fields)


def _slots() -> int:
    """Worker threads of the current Dask client; this machine's cores without one."""
    try:
        from distributed import get_client

        return sum(get_client().nthreads().values()) or 1
    except (ImportError, ValueError):
        return os.cpu_count() or 1


def _frame(result: PartResult) -> pd.DataFrame:
    return conform(result.frame)


def _empty() -> dd.DataFrame:
    return dd.from_pandas(meta(), npartitions=1)


def _bag_reports(items: list[object], partition: int) -> list[Report | ReportError | Skipped]:
    out: list[Report | ReportError | Skipped] = []
    for k, item in enumerate(items, start=1):
        id = f"{partition}:{k}"
        if isinstance(item, Report):
            out.append(item)
        elif isinstance(item, str):
            out.append(report_from_row({"text": item}, f"text:{id}", f"text {id}"))
        elif isinstance(item, dict):
            row = {str(key).lower(): v for key, v in item.items()}
            out.append(report_from_row(row, f"row:{id}", f"row {id}"))
        else:
            out.append(ReportError(f"item {id}", f"a {type(item).__name__}, not a text or row"))
    return list(unique_ids(out))


def _frame_reports(chunk: pd.DataFrame, text_column: str) -> list[Report | ReportError | Skipped]:
    rows = chunk.rename(columns={text_column: "text"}) if text_column != "text" else chunk
    clean = rows.astype(object).where(rows.notna(), None)
    out = []
    for index, row in zip(clean.index, clean.to_dict(orient="records"), strict=True):
        fields = {str(k).lower(): v for k, v in row.items() if v is not None}
        out.append(report_from_row(fields, str(index), f"row {index}"))
    return list(unique_ids(out))
