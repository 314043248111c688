"""``mapper extract --workers N | --scheduler ADDRESS``: parts run on a Dask cluster and their
rows stream to the output file as they finish, in the order of a one-core run.

The driver plans parts lazily (a few ahead of the workers), keeps a bounded number of them in
flight, and hands each part's rows to the one-core writer (:func:`mapper.commands.run_extract`:
the same file, atomic rename, summary and exit codes) once every earlier part is written. The
file holds the rows of a one-core run in the same order, and the driver's memory stays flat.
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeAlias

import dask
import geopandas as gpd
import numpy as np
from rich.console import Console

from mapper import settings
from mapper.commands import refuse_output_among_inputs, run_extract
from mapper.errors import InputError, ReportError
from mapper.export import output_format
from mapper.gazetteer import load_gazetteer
from mapper.pipeline import Summary
from mapper.progress import ReportProgress, load_index
from mapper.reports.ids import MAX_TRACKED_IDS
from mapper.reports.parts import Part, count_reports, part_size, plan_parts
from mapper.scale.encode import EncodedPart, PartWriter, rename_reports
from mapper.scale.work import (
    PartResult,
    absorb,
    peak_mb,
    require_dask,
    run_part,
    settings_snapshot,
)

#: a local cluster without a dashboard, its scheduler's HTTP server on any free port (another
#: cluster of the machine may hold the default one) and its logs silent but for errors
LOCAL_CLUSTER: dict[str, Any] = {
    "dashboard_address": None,
    "scheduler_kwargs": {"dashboard_address": ":0"},
    "silence_logs": logging.ERROR,
}
#: the local cluster's workers do not profile their tasks: Dask's profiler keeps a tree of
#: the sampled stacks for each second of the last 1,000 (the pipeline's stacks are deep:
#: ~125 KB a second, so a worker grew by ~120 MB over a run's first 17 minutes, then
#: stopped), and its thread takes the GIL from the task 100 times a second
WORKER_CONFIG: dict[str, Any] = {"distributed.worker.profile.enabled": False}
#: parts in flight per worker thread: enough to keep workers busy while one part lags
_AHEAD = 3
#: most bytes of reports in one part (one task)
_PART_BYTES = 2 * 2**20
#: ids of parts held as a Python set before they join the sorted array of hashes
_MERGE_EVERY = 50_000
#: what the driver writes for a part: a frame, or rows encoded by the worker
Rows: TypeAlias = "gpd.GeoDataFrame | EncodedPart"


def run_extract_dask(
    paths: list[str],
    output: Path,
    *,
    region: str = "caucasus",
    near_km: float | None = None,
    fmt: str | None = None,
    console: Console | None = None,
    verbose: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    partitioned: bool = False,
    part_bytes: int | None = None,
) -> Summary:
    """``mapper extract`` on Dask: the file (or dataset) and summary of a one-core run.

    Parameters
    ----------
    paths, output, region, near_km, fmt, verbose
        As for :func:`mapper.commands.run_extract`.
    workers
        Start a local cluster of this many processes, one thread each (default: one per core).
    scheduler
        Address of a running ``dask.distributed`` scheduler, used instead of ``workers``; its
        workers must see ``paths`` and have the package installed.
    partitioned
        Write a GeoParquet dataset (a folder ``NAME.parquet``, one file per part).
    part_bytes
        About how many bytes of reports make one part (one task); by default about eight
        parts per worker, at most 4 MB.
    """
    distributed = require_dask()
    console = console or Console(stderr=True)
    if settings.online_geocoding:
        msg = "online geocoding runs on one core (one request a second): drop --workers"
        raise InputError(msg)
    engine = DaskFrames(distributed, paths, region, near_km, workers, scheduler, part_bytes)
    if partitioned:
        from mapper.scale.frames import write_dataset

        refuse_output_among_inputs(paths, output)
        summary = engine.run(
            lambda client: write_dataset(client, paths, output, engine, console), console
        )
        _print(summary, console, verbose)
    else:
        # the workers encode their rows as the file holds them: the driver only appends bytes
        engine.encoding = output_format(output, fmt)
        summary = run_extract(
            paths, output, region=region, near_km=near_km, fmt=fmt, console=console,
            verbose=verbose, frames=engine.frames, writer=PartWriter,
        )  # fmt: skip
    if engine.workers and not console.quiet:
        console.print(
            f"on Dask: {engine.workers} worker processes, peak memory per worker "
            f"{engine.peak_mb:,.0f} MB; this process (the writer) {peak_mb():,.0f} MB, "
            f"CPU {_cpu_s():,.1f} s", highlight=False, soft_wrap=True,
        )  # fmt: skip
    return summary


class DaskFrames:
    """The joined frames of ``paths``, computed on a Dask cluster, in one-core order."""

    def __init__(
        self,
        distributed: Any,
        paths: list[str],
        region: str,
        near_km: float | None,
        workers: int | None,
        scheduler: str | None,
        part_bytes: int | None,
    ) -> None:
        self.distributed, self.paths, self.region, self.near_km = (
            distributed, paths, region, near_km,
        )  # fmt: skip
        self.n_workers, self.scheduler, self.part_bytes = workers, scheduler, part_bytes
        self.encoding: str | None = None  # the output's format, when the workers encode rows
        self.workers = 0  # worker processes that ran, once known
        self.peak_mb = 0.0  # the largest peak memory of one of them, MB

    def run(self, work: Any, console: Console) -> Any:
        """``work(client)`` on the cluster, the index built once first; worker memory noted."""
        with self._client(console) as client:
            result = work(client)
            peaks = client.run(peak_mb)
            self.workers, self.peak_mb = len(peaks), max(peaks.values(), default=0.0)
        return result

    def frames(self, summary: Summary, console: Console) -> Iterator[Rows]:
        """Rows of the parts in order (frames, or encoded as ``self.encoding`` says), each
        part's summary added to ``summary``."""
        with self._client(console) as client:
            yield from self._stream(client, summary, console)
            peaks = client.run(peak_mb)
            self.workers, self.peak_mb = len(peaks), max(peaks.values(), default=0.0)

    @contextlib.contextmanager
    def _client(self, console: Console) -> Iterator[Any]:
        load_index(console)
        full = getattr(load_gazetteer(), "full", None)
        if callable(full):
            full()  # the worldwide tier too: built here once, not by every worker at once
        load_gazetteer.cache_clear()  # built and cached: the workers load it, not the driver
        dist = self.distributed
        if self.scheduler:
            try:
                client = dist.Client(self.scheduler, timeout="20s")
            except OSError as exc:
                msg = f"cannot reach the Dask scheduler at {self.scheduler}: {exc}"
                raise InputError(msg) from exc
            with client:
                yield client
            return
        n = self.n_workers or os.cpu_count() or 2
        with (
            dask.config.set(WORKER_CONFIG),  # the nannies hand their config to the workers
            dist.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, **LOCAL_CLUSTER)
            as cluster,
            dist.Client(cluster) as client,
        ):  # fmt: skip
            yield client

    def _stream(self, client: Any, summary: Summary, console: Console) -> Iterator[Rows]:
        snapshot = settings_snapshot()
        slots = sum(client.nthreads().values()) or 1
        # Parts of at most 2 MB (~2,000 reports, a few seconds): a part costs a worker ~30 ms
        # more than its reports, and the last parts leave a worker idle for up to a part's
        # time, so about 16 parts per worker keep both losses near 1 % each.
        self.part_bytes = self.part_bytes or min(_PART_BYTES, part_size(self.paths, 2 * slots))
        parts = plan_parts(self.paths, part_bytes=self.part_bytes)
        ahead = _AHEAD * slots
        done: dict[int, PartResult] = {}
        flying: dict[Any, tuple[int, Part]] = {}
        queue = self.distributed.as_completed()
        submitted = written = 0
        ids = PartIds()

        def submit() -> None:
            nonlocal submitted
            part = next(parts, None)
            if part is not None:
                args = (part, self.region, self.near_km, snapshot, 1000, self.encoding)
                future = client.submit(run_part, *args, pure=False)
                flying[future] = (submitted, part)
                queue.add(future)
                submitted += 1

        for _ in range(ahead):
            submit()
        total = count_reports(self.paths) if console.is_terminal else None
        with ReportProgress(console, total) as bar:
            for future in queue:
                n, part = flying.pop(future)
                try:
                    result = future.result()
                except Exception as exc:  # a worker lost, or a part failing whole: name it
                    problem = f"part failed on a worker: {type(exc).__name__}: {exc}"
                    failed = Summary(errors=[ReportError(part.label, problem)])
                    result = PartResult(None, failed, 0.0)
                future.release()
                done[n] = result
                bar.advance(result.summary.total)
                while written in done:  # in the order of a one-core run
                    ready = done.pop(written)
                    absorb(summary, ready.summary)
                    written += 1
                    if ready.frame is not None:
                        yield ids.claim(ready.frame, summary)
                submit()


class PartIds:
    """Report ids with rows, over the parts: an id that an earlier part used is renamed
    ``ID~N`` in a later one, as one core renames a repeated id, so two reports never become
    one on the map. (Within a part, the reader renames them itself.)

    The ids are kept as 64-bit hashes in a sorted array (8 bytes an id, not a Python string
    and a dict entry: about 100), so the driver's memory grows by 8 MB a million reports;
    past :data:`MAX_TRACKED_IDS`, as on one core, repeats are no longer looked for. Two
    different ids whose hashes collide (about one run in 10^7 at a million ids) would give
    the later one a needless ``~2`` and a warning that says so.
    """

    def __init__(self) -> None:
        self._sorted = np.empty(0, dtype=np.int64)  # hashes of earlier parts' ids
        self._recent: set[int] = set()  # ... and of the latest ones, merged in now and then

    def __len__(self) -> int:
        return len(self._sorted) + len(self._recent)

    def __contains__(self, id: str) -> bool:
        h = hash(id)
        if h in self._recent:
            return True
        at = int(np.searchsorted(self._sorted, h))
        return at < len(self._sorted) and int(self._sorted[at]) == h

    def claim(self, rows: Rows, summary: Summary) -> Rows:
        """``rows`` with the ids earlier parts used renamed (a warning says so)."""
        ids = rows.ids if isinstance(rows, EncodedPart) else list(rows["report_id"].unique())
        mine = set(ids)
        renames: dict[str, str] = {}
        for id in ids:
            if id in self:
                n = 2
                while f"{id}~{n}" in self or f"{id}~{n}" in mine:
                    n += 1
                renames[id] = new = f"{id}~{n}"
                mine.add(new)
                summary.warn([f"{new}: duplicate id {id!r} (used in an earlier part of the "
                              f"input): renamed {new!r}"])  # fmt: skip
        self._add([renames.get(id, id) for id in ids])
        if not renames:
            return rows
        if isinstance(rows, EncodedPart):
            return rename_reports(rows, renames)
        frame = rows.copy()
        old = frame["report_id"]
        frame["report_id"] = old.map(lambda v: renames.get(v, v))
        frame["incident_id"] = [
            renames[r] + i[len(r) :] if r in renames and i.startswith(r) else i
            for r, i in zip(old, frame["incident_id"], strict=True)
        ]
        return frame

    def _add(self, ids: list[str]) -> None:
        room = MAX_TRACKED_IDS - len(self)
        self._recent.update(hash(id) for id in ids[: max(0, room)])
        if len(self._recent) > _MERGE_EVERY:  # a sorted array: 8 bytes an id
            merged = np.concatenate([self._sorted, np.fromiter(self._recent, np.int64)])
            self._sorted, self._recent = np.unique(merged), set()


def _cpu_s() -> float:
    """CPU seconds (user and system) of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _print(summary: Summary, console: Console, verbose: bool) -> None:
    if console.quiet:
        return
    for line in summary.lines(verbose=verbose):
        console.print(line, highlight=False, markup=False, soft_wrap=True)
