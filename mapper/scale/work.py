"""What a Dask worker runs: one part of the reports through the pipeline's batch function.

Nothing here imports Dask, so a part runs the same in any process; the worker keeps the
gazetteer index and the layers loaded between parts (one load per process).
"""

from __future__ import annotations

import dataclasses
import functools
import resource
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import geopandas as gpd
import pandas as pd

from mapper import settings
from mapper.contract import BOOL_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS
from mapper.errors import MapperError, ReportError
from mapper.export import empty_incidents, to_contract
from mapper.gazetteer import load_gazetteer
from mapper.pipeline import _KEEP_WARNINGS as KEEP
from mapper.pipeline import Summary, iter_batches
from mapper.reports import Report, Skipped
from mapper.reports.parts import Part, read_part
from mapper.scale.encode import ENCODED, EncodedPart, encode_batches
from mapper.spatial.layers import Layers, load_layers

#: settings that change what the gazetteer index holds or where it is
_INDEX_SETTINGS = ("cache_dir", "geodata_dir", "gazetteer_files")
#: topic of the events by which workers tell the client how many reports each part held
PROGRESS_TOPIC = "mapper-reports-done"
_EXTRA = "pip install 'border-incident-mapper[dask]'"


@dataclass(slots=True)
class PartResult:
    """What one part gave: its rows (None if none; encoded in the output's format when asked
    for one), its summary, the worker's peak memory."""

    frame: gpd.GeoDataFrame | EncodedPart | None
    summary: Summary
    peak_mb: float


def require_dask() -> ModuleType:
    """``dask.distributed``, or a :class:`MapperError` saying which extra to install."""
    try:
        import dask_geopandas  # noqa: F401
        import distributed
    except ImportError as exc:
        msg = f"Dask is not installed ({exc.name} missing): {_EXTRA}"
        raise MapperError(msg) from exc
    return distributed


def settings_snapshot() -> dict[str, object]:
    """The driver's settings, to be applied on workers (set at run time or from the env)."""
    plain = (str, int, float, bool, Path, tuple, dict, type(None))
    return {
        k: v
        for k, v in vars(settings).items()
        if not k.startswith("_") and k != "annotations" and isinstance(v, plain)
    }


def apply_settings(snapshot: dict[str, object]) -> None:
    """Make this process's settings the driver's; reload the index if where it lives changed."""
    stale = any(getattr(settings, k, None) != snapshot.get(k) for k in _INDEX_SETTINGS)
    for key, value in snapshot.items():
        setattr(settings, key, value)
    if stale:
        load_gazetteer.cache_clear()


def run_part(
    part: Part,
    layers: Layers | str | None,
    near_km: float | None,
    snapshot: dict[str, object],
    batch_size: int = 1000,
    encoding: str | None = None,
) -> PartResult:
    """Run the pipeline over one part of the reports (in any process).

    With ``encoding`` (a format of :data:`mapper.scale.encode.ENCODED`) the rows come back
    as the output file holds them, so the process that writes the file only appends them.
    """
    return run_items(read_part(part), layers, near_km, snapshot, batch_size, encoding)


def run_items(
    items: Iterable[Report | ReportError | Skipped],
    layers: Layers | str | None,
    near_km: float | None,
    snapshot: dict[str, object],
    batch_size: int = 1000,
    encoding: str | None = None,
) -> PartResult:
    """Run the pipeline over reports already read (rows of a bag or a dataframe); with
    ``encoding``, its rows encoded as :func:`run_part` says."""
    apply_settings(snapshot)
    loaded = layers if isinstance(layers, Layers) else _layers(layers)
    summary = Summary()
    batches = iter_batches(items, loaded, batch_size=batch_size, near_km=near_km, summary=summary)
    frame: gpd.GeoDataFrame | EncodedPart | None
    if encoding in ENCODED:
        frame = encode_batches(batches, encoding)  # batch by batch: no frame of the whole part
    else:
        frames = list(batches)
        frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326) if frames else None
    _tell_progress(summary.total)
    return PartResult(frame, summary, peak_mb())


def peak_mb() -> float:
    """Peak resident memory of this process, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def merge_summaries(parts: Iterable[Summary | PartResult]) -> Summary:
    """One summary of parts' summaries, in order: what a one-core run of them all gives."""
    total = Summary()
    for part in parts:
        absorb(total, part.summary if isinstance(part, PartResult) else part)
    return total


def absorb(total: Summary, part: Summary) -> None:
    """Add the summary of the next part to ``total``: counts added, lists joined (those kept
    to a length, as a one-core run keeps them: the first ones)."""
    for f in dataclasses.fields(Summary):
        mine, theirs = getattr(total, f.name), getattr(part, f.name)
        if isinstance(mine, int) and not isinstance(mine, bool):
            setattr(total, f.name, mine + theirs)
        elif f.name == "errors":  # all of them, as one core keeps them
            mine += theirs
        elif isinstance(mine, list):  # warnings, ids: the first few thousand, counted apart
            mine += theirs[: max(0, KEEP - len(mine))]
        elif theirs and not mine:
            setattr(total, f.name, theirs)


def meta() -> gpd.GeoDataFrame:
    """The empty frame of the output contract with its column types (Dask's ``meta``)."""
    frame = to_contract(empty_incidents())
    for col in frame.columns:
        if col in FLOAT_COLUMNS:
            frame[col] = frame[col].astype("float64")
        elif col in BOOL_COLUMNS:
            frame[col] = frame[col].astype("bool")
        elif col not in INT_COLUMNS and col != "geometry":
            frame[col] = frame[col].astype(object)  # text, or lists: kept as Python objects
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=4326)


def conform(frame: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """A part's rows with the contract's columns in order (``meta()`` when it has none)."""
    empty = meta()
    if frame is None or frame.empty:
        return empty
    out = to_contract(frame)[list(empty.columns)]
    text = [c for c, t in empty.dtypes.items() if pd.api.types.is_object_dtype(t)]
    out[text] = out[text].astype(object)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=4326)


def _tell_progress(reports: int) -> None:
    """Tell the client how many reports a part held, when it runs on a Dask worker."""
    try:
        from distributed import get_worker  # only on a worker: Dask is optional

        get_worker().log_event(PROGRESS_TOPIC, reports)
    except (ImportError, ValueError):
        return  # not on a worker (a local scheduler, or no Dask)


@functools.lru_cache(maxsize=4)
def _layers(region: str | None) -> Layers:
    return load_layers(region)
