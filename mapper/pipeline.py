"""The whole pipeline: reports in, incident GeoDataFrames out, in batches.

reports -> toponyms -> geocoding -> incidents -> spatial -> maps / export
"""

from __future__ import annotations

import signal
import threading
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import geopandas as gpd
import pandas as pd
from rich.console import Console

from mapper.contract import place_row
from mapper.errors import InputError, MapperError, ReportError, ReportTimeout
from mapper.export import (
    empty_incidents,
    to_contract,
)
from mapper.geocoding import resolve_text, unresolved_note
from mapper.incidents import extract_incidents
from mapper.progress import ReportProgress, load_index
from mapper.reports import Report, Skipped, as_reports, read_reports
from mapper.reports.parts import count_reports
from mapper.spatial.border_villages import trust_gazetteer_at_the_border
from mapper.spatial.join import join_layers, near_border
from mapper.spatial.layers import Layers, load_layers

_KEEP_WARNINGS = 1000
#: longest time one report may take before it becomes an error and the others go on, in s
REPORT_TIME_LIMIT_S = 60.0
ReportsOrPaths = Any  # see mapper.reports.as_reports


@dataclass(slots=True)
class Summary:
    """What became of every input report."""

    read: int = 0  # reports read, whatever became of them
    mapped: int = 0  # reports that gave at least one placed incident
    no_place: int = 0  # reports read, with incidents but no place found
    no_incident: int = 0  # reports read that report no incident (no event word)
    places: int = 0  # rows written: one per place of each incident
    errors: list[ReportError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "report: what could not be read"
    warning_count: int = 0  # all of them; ``warnings`` keeps the first _KEEP_WARNINGS
    no_place_ids: list[str] = field(default_factory=list)  # the first _KEEP_WARNINGS of them
    stopped: str | None = None  # why the run stopped before the end, if it did

    def warn(self, notes: list[str]) -> None:
        """Count warnings, keeping the first few thousand so memory stays flat."""
        self.warning_count += len(notes)
        self.warnings += notes[: max(0, _KEEP_WARNINGS - len(self.warnings))]

    @property
    def total(self) -> int:
        """Every input report: read (mapped or not) plus those that failed."""
        return self.read + len(self.errors)

    def lines(self, *, verbose: bool = False) -> list[str]:
        """The summary as printable lines: counts, then what stopped the run, errors, reports
        with no place and warnings (the first few of each; all that are kept if ``verbose``).
        """
        out = [
            f"reports: {self.total}  mapped: {self.mapped}  no place found: {self.no_place}  "
            f"errors: {len(self.errors)}  places: {self.places}  warnings: {self.warning_count}"
            + (f"  no incident: {self.no_incident}" if self.no_incident else "")
        ]
        if self.stopped:
            out.append(f"  stopped: {self.stopped}")
        shown = _KEEP_WARNINGS if verbose else 50
        out += [f"  error: {e}" for e in self.errors[:shown]]
        if len(self.errors) > shown:
            out.append(f"  … and {len(self.errors) - shown} more errors")
        if self.no_place_ids:
            names = self.no_place_ids[: shown if verbose else 10]
            more = f" … and {self.no_place - len(names)} more" if self.no_place > len(names) else ""
            out.append(f"  no place found in: {', '.join(names)}{more}")
        shown = _KEEP_WARNINGS if verbose else 20
        out += [f"  warning: {w}" for w in self.warnings[:shown]]
        if self.warning_count > min(shown, len(self.warnings)):
            hidden = self.warning_count - min(shown, len(self.warnings))
            out.append(f"  … and {hidden} more warnings" + ("" if verbose else " (-v shows them)"))
        return out


def report_rows(report: Report, summary: Summary | None = None) -> list[dict[str, Any]]:
    """Contract rows (before the spatial join) of one report: one per place of each incident.

    What could not be read (a date, the front matter) is counted in ``summary``'s warnings.
    """
    found = resolve_text(report.text)
    resolved = found.resolved
    rows = []
    notes = list(report.warnings) + unresolved_note(found.unresolved)
    incidents = extract_incidents(report, resolved)
    if summary is not None and not incidents:
        summary.no_incident += 1
    for incident in incidents:
        notes += [w for w in incident.warnings if w not in notes]
        rows += [place_row(report, incident, ip) for ip in incident.features()]
    if summary is not None and notes:
        # a stage's own note may name the report already: name it once
        summary.warn([f"{report.id}: {w.removeprefix(f'{report.id}: ')}" for w in notes])
    return rows


def iter_batches(
    items: Iterable[Report | ReportError | Skipped],
    layers: Layers,
    *,
    batch_size: int = 1000,
    near_km: float | None = None,
    summary: Summary | None = None,
    time_limit_s: float | None = REPORT_TIME_LIMIT_S,
) -> Iterator[gpd.GeoDataFrame]:
    """Run the pipeline over a stream of reports, yielding joined GeoDataFrame chunks.

    Memory stays flat whatever the corpus size; the same function can run per partition of a
    Dask bag. Errors (unreadable or failing reports, or one that takes longer than
    ``time_limit_s`` in the main thread) are counted in ``summary``, never raised; inputs
    left out on purpose (:class:`~mapper.reports.Skipped`) are counted as warnings.
    """
    summary = summary if summary is not None else Summary()
    stream = iter(items)
    while chunk := list(islice(stream, batch_size)):
        rows: list[dict[str, Any]] = []
        for item in chunk:
            if isinstance(item, ReportError):
                summary.errors.append(item)
                continue
            if isinstance(item, Skipped):
                summary.warn([str(item)])
                continue
            before = summary.no_incident
            try:
                with _time_limit(time_limit_s):
                    found = report_rows(item, summary)
            except MapperError as exc:
                summary.errors.append(ReportError(item.id, str(exc)))
                continue
            except Exception as exc:  # one bad report never stops the others
                problem = f"processing failed: {type(exc).__name__}: {exc}"
                summary.errors.append(ReportError(item.id, problem))
                continue
            summary.read += 1
            if found:
                summary.mapped += 1
            elif summary.no_incident == before:
                summary.no_place += 1
                if len(summary.no_place_ids) < _KEEP_WARNINGS:
                    summary.no_place_ids.append(item.id)
            rows.extend(found)
        if rows:
            frame = _to_frame(rows, layers, near_km)
            summary.places += len(frame)
            yield frame


def extract(
    reports: ReportsOrPaths,
    *,
    layers: Layers | None = None,
    region: str | None = None,
    near_km: float | None = None,
    summary: Summary | None = None,
    text_column: str = "text",
) -> gpd.GeoDataFrame:
    """Incidents of reports as one GeoDataFrame in the output contract.

    Parameters
    ----------
    reports
        A string of report text or a path (file or folder); a ``Report``; a row as a dict
        (``text``, optional ``id``, ``title``, ``published``, ``source``, ``url``); a
        DataFrame with a text column; or a list of these.
    layers
        Layers to join to (default: the bundled layers of ``region``).
    region
        A bundled region, when ``layers`` is not given.
    near_km
        Keep only places within this distance (km) of an international border.
    summary
        Filled with what became of every report.
    text_column
        The column of a DataFrame (or key of a dict) that holds the text.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per place of each incident, Point geometry, EPSG:4326. A warning says how
        many reports failed or had no place, so an empty or short result is never silent.

    Raises
    ------
    InputError
        For a path that does not exist, an input that holds no reports, or when no report
        could be read (the message names the first problems).
    """
    summary = summary if summary is not None else Summary()
    items = as_reports(reports, text_column=text_column)
    layers = layers or load_layers(region)
    frames = list(iter_batches(items, layers, near_km=near_km, summary=summary))
    if not summary.read:
        problems = "; ".join(str(e) for e in summary.errors[:5]) or "no reports given"
        msg = f"no report could be read: {problems}"
        raise InputError(msg)
    if summary.errors or summary.no_place or summary.no_incident or summary.warning_count:
        warnings.warn(summary.lines()[0], stacklevel=2)
    if not frames:
        return empty_incidents()
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ReportTimeout` in the block after ``seconds`` (main thread only)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    msg = f"took longer than {seconds:g} s, the limit for one report"
    expired = False

    def expire(signum: int, frame: object) -> None:
        nonlocal expired
        expired = True
        raise ReportTimeout(msg)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:
        # the exception was swallowed where it struck (a finaliser, a library's own
        # "except Exception"): the report still ran too long
        raise ReportTimeout(msg)


def _stream(
    paths: list[str],
    layers: Layers,
    near_km: float | None,
    summary: Summary,
    console: Console,
    batch_size: int = 1000,
) -> Iterator[gpd.GeoDataFrame]:
    """Joined frames of the reports in ``paths``, with a progress bar on a terminal."""
    load_index(console)  # before the reports: a fresh index's build is no report's time
    total = count_reports(paths) if console.is_terminal and not console.quiet else None
    with ReportProgress(console, total) as bar:
        reports = read_reports(paths)
        for frame in iter_batches(
            reports, layers, near_km=near_km, summary=summary, batch_size=batch_size
        ):
            bar.advance(summary.total - bar.done)  # reports done, not only read
            yield frame
        bar.advance(summary.total - bar.done)


def _run(
    paths: list[str], layers: Layers, near_km: float | None, summary: Summary, console: Console
) -> gpd.GeoDataFrame:
    frames = list(_stream(paths, layers, near_km, summary, console))
    if not frames:
        return empty_incidents()
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)


def _to_frame(
    rows: list[dict[str, Any]], layers: Layers, near_km: float | None
) -> gpd.GeoDataFrame:
    df = pd.DataFrame(rows)
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs=4326)
    joined = trust_gazetteer_at_the_border(join_layers(gdf, layers, near_km=near_km), layers)
    # A country's or a province's point lies in some district, which says nothing of the place:
    # only a district (or a province that is itself a district polygon) keeps one.
    wide = joined["kind"].eq("country") | (
        joined["kind"].eq("province") & joined["district"].ne(joined["place"])
    )
    joined.loc[wide, ["district", "district_code"]] = None
    return to_contract(near_border(joined, near_km) if near_km is not None else joined)
