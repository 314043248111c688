"""The whole pipeline: reports in, incident GeoDataFrames out, in batches.

reports -> toponyms -> geocoding -> incidents -> spatial -> maps / export
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from mapper.contract import place_row
from mapper.errors import MapperError, ReportError
from mapper.export import (
    IncidentWriter,
    empty_incidents,
    is_incidents_file,
    read_incidents,
    to_contract,
)
from mapper.geocoding import geocode_text
from mapper.incidents import extract_incidents
from mapper.maps import build_map, save_map, screenshot
from mapper.reports import Report, read_reports
from mapper.spatial.border_villages import trust_gazetteer_at_the_border
from mapper.spatial.join import join_layers, near_border
from mapper.spatial.layers import Layers, load_layers

_KEEP_WARNINGS = 1000
ReportsOrPaths = str | Path | Report | Iterable[str | Path | Report]


@dataclass(slots=True)
class Summary:
    """What became of every input report."""

    read: int = 0  # reports read, whatever became of them
    mapped: int = 0  # reports that gave at least one placed incident
    no_place: int = 0  # reports read, with no place found
    places: int = 0  # rows written: one per place of each incident
    errors: list[ReportError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "report: what could not be read"
    warning_count: int = 0  # all of them; ``warnings`` keeps the first _KEEP_WARNINGS

    def warn(self, notes: list[str]) -> None:
        """Count warnings, keeping the first few thousand so memory stays flat."""
        self.warning_count += len(notes)
        self.warnings += notes[: max(0, _KEEP_WARNINGS - len(self.warnings))]

    @property
    def total(self) -> int:
        """Every input report: read (mapped or not) plus those that failed."""
        return self.read + len(self.errors)

    def lines(self) -> list[str]:
        """The summary as printable lines, errors last."""
        out = [
            f"reports: {self.total}  mapped: {self.mapped}  no place found: {self.no_place}  "
            f"errors: {len(self.errors)}  places: {self.places}  warnings: {self.warning_count}"
        ]
        out += [f"  error: {e}" for e in self.errors[:50]]
        if len(self.errors) > 50:
            out.append(f"  … and {len(self.errors) - 50} more errors")
        out += [f"  warning: {w}" for w in self.warnings[:20]]
        if self.warning_count > 20:
            out.append(f"  … and {self.warning_count - 20} more warnings")
        return out


def report_rows(report: Report, summary: Summary | None = None) -> list[dict[str, Any]]:
    """Contract rows (before the spatial join) of one report: one per place of each incident.

    What could not be read (a date, the front matter) is counted in ``summary``'s warnings.
    """
    resolved = geocode_text(report.text)
    rows = []
    notes = list(report.warnings)
    for incident in extract_incidents(report, resolved):
        notes += [w for w in incident.warnings if w not in notes]
        rows += [place_row(report, incident, ip) for ip in incident.places]
    if summary is not None and notes:
        summary.warn([f"{report.id}: {w}" for w in notes])
    return rows


def iter_batches(
    items: Iterable[Report | ReportError],
    layers: Layers,
    *,
    batch_size: int = 1000,
    near_km: float | None = None,
    summary: Summary | None = None,
) -> Iterator[gpd.GeoDataFrame]:
    """Run the pipeline over a stream of reports, yielding joined GeoDataFrame chunks.

    Memory stays flat whatever the corpus size; the same function can run per partition of a
    Dask bag. Errors (unreadable or failing reports) are counted in ``summary``, never raised.
    """
    summary = summary if summary is not None else Summary()
    stream = iter(items)
    while chunk := list(islice(stream, batch_size)):
        rows: list[dict[str, Any]] = []
        for item in chunk:
            if isinstance(item, ReportError):
                summary.errors.append(item)
                continue
            try:
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
            else:
                summary.no_place += 1
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
) -> gpd.GeoDataFrame:
    """Incidents of reports as one GeoDataFrame in the output contract.

    Parameters
    ----------
    reports
        Report objects, paths of report files or folders, or a mix.
    layers
        Layers to join to (default: the bundled layers of ``region``).
    region
        A bundled region, when ``layers`` is not given.
    near_km
        Keep only places within this distance (km) of an international border.
    summary
        Filled with what became of every report.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per place of each incident, Point geometry, EPSG:4326.
    """
    layers = layers or load_layers(region)
    frames = list(iter_batches(_as_reports(reports), layers, near_km=near_km, summary=summary))
    if not frames:
        return empty_incidents()
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)


def run_extract(
    paths: list[str],
    output: Path,
    *,
    region: str = "caucasus",
    near_km: float | None = None,
    console: Console | None = None,
) -> Summary:
    """``mapper extract``: reports to an incidents file, with a progress bar and a summary."""
    console = console or Console(stderr=True)
    layers = load_layers(region)
    summary = Summary()
    # Batches go to the file as they come: memory stays flat whatever the corpus size.
    with IncidentWriter(output) as out:
        for frame in _stream(paths, layers, near_km, summary, console):
            out.write(frame)
        if not summary.read:
            out.discard()
    if summary.read:
        console.print(f"wrote {out.rows} places to {output}")
    _print_summary(summary, console)
    return summary


def run_map(
    paths: list[str],
    output: Path,
    *,
    region: str = "caucasus",
    offline: bool = False,
    near_km: float | None = None,
    png: Path | None = None,
    title: str | None = None,
    console: Console | None = None,
) -> Summary:
    """``mapper map``: reports (or incidents files) to an HTML map."""
    console = console or Console(stderr=True)
    layers = load_layers(region)
    summary = Summary()
    if paths and all(p != "-" and is_incidents_file(p) for p in paths):
        frames = [read_incidents(p) for p in paths]
        gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)
        reports = int(gdf["report_id"].nunique()) if len(gdf) else 0
        summary.read, summary.mapped, summary.places = reports or len(paths), reports, len(gdf)
    else:
        gdf = _run(paths, layers, None, summary, console)
    if summary.read:
        fmap = build_map(gdf, layers, offline=offline, near_km=near_km, title=title)
        save_map(fmap, output, offline=offline)
        console.print(f"wrote a map of {len(gdf)} places to {output}")
        if png is not None:
            screenshot(output, png)
            console.print(f"wrote {png}")
    _print_summary(summary, console)
    return summary


def _print_summary(summary: Summary, console: Console) -> None:
    for line in summary.lines():
        console.print(line, highlight=False, markup=False, soft_wrap=True)


def _stream(
    paths: list[str], layers: Layers, near_km: float | None, summary: Summary, console: Console
) -> Iterator[gpd.GeoDataFrame]:
    """Joined frames of the reports in ``paths``, with a progress bar on a terminal."""
    progress = (
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed} reports"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )  # fmt: skip
        if console.is_terminal
        else nullcontext()
    )
    with progress as bar:
        task = bar.add_task("reading reports", total=None) if bar else None

        def counted() -> Iterator[Report | ReportError]:
            for item in read_reports(paths):
                if bar is not None and task is not None:
                    bar.advance(task)
                yield item

        yield from iter_batches(counted(), layers, near_km=near_km, summary=summary)


def _run(
    paths: list[str], layers: Layers, near_km: float | None, summary: Summary, console: Console
) -> gpd.GeoDataFrame:
    frames = list(_stream(paths, layers, near_km, summary, console))
    if not frames:
        return empty_incidents()
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)


def _as_reports(reports: ReportsOrPaths) -> Iterator[Report | ReportError]:
    if isinstance(reports, str | Path | Report):
        reports = [reports]
    paths: list[str | Path] = []
    for item in reports:
        if isinstance(item, Report):
            if paths:
                yield from read_reports(paths)
                paths = []
            yield item
        else:
            paths.append(item)
    if paths:
        yield from read_reports(paths)


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
