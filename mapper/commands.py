"""What the ``mapper`` commands run: files in, files out, and a summary printed.

``run_extract`` streams the pipeline's batches (:func:`mapper.pipeline.iter_batches`) to an
output file, ``run_map`` draws them, ``run_events`` links incidents files into events. Every
output is written whole or not at all (:mod:`mapper.atomic`); the summary is printed even when
a run is stopped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from tempfile import TemporaryDirectory

import geopandas as gpd
import pandas as pd
from rich.console import Console

from mapper.atomic import left_as_it_was, replacing
from mapper.errors import InputError, Interrupted, MapperError
from mapper.export import IncidentWriter, is_incidents_file, read_incidents
from mapper.pipeline import Summary, _run, _stream
from mapper.reports.walk import SUFFIXES
from mapper.spatial.layers import Layers, load_layers


def run_extract(
    paths: list[str],
    output: Path,
    *,
    region: str = "caucasus",
    near_km: float | None = None,
    fmt: str | None = None,
    console: Console | None = None,
    verbose: bool = False,
    summary: Summary | None = None,
    frames: Callable[[Summary, Console], Iterator[gpd.GeoDataFrame]] | None = None,
    batch_size: int = 1000,
    link_events: bool = False,
    writer: type[IncidentWriter] = IncidentWriter,
) -> Summary:
    """``mapper extract``: reports to an incidents file, with a progress bar and a summary.

    With ``link_events``, incidents of different reports on one event share an ``event_id``
    (:func:`mapper.linking.link`; the incidents are then held in memory until linked).

    ``frames`` gives the joined frames in order and fills the summary, in place of this
    process reading ``paths`` (:mod:`mapper.scale` runs them on a Dask cluster); ``writer``
    writes what they give (:mod:`mapper.scale` gives rows its workers encoded).

    The file is written beside ``output`` and renamed into place at the end; if the run is
    interrupted or fails, ``output`` is left as it was and the summary so far is printed with
    the reason. ``output`` ``"-"`` writes GeoJSON (or ``fmt``: CSV) to standard output.
    """
    console = console or Console(stderr=True)
    summary = summary if summary is not None else Summary()
    refuse_output_among_inputs(paths, output)
    layers = load_layers(region)
    out = writer(output, fmt)  # created now: an unwritable output fails before any work
    try:
        with out:
            # Batches go to the file as they come: memory stays flat whatever the corpus size.
            source = frames or (lambda s, c: _stream(paths, layers, near_km, s, c, batch_size))
            stream = source(summary, console)
            for frame in _linked(stream, layers, console) if link_events else stream:
                out.write(frame)
            if not summary.read and str(output) != "-":
                out.discard()
    except (KeyboardInterrupt, Exception) as exc:
        reason, kept = _reason(exc), out.kept()
        summary.stopped = reason if kept in reason else f"{reason}; {kept}"
        _print_summary(summary, console, verbose)
        raise
    if summary.read and str(output) != "-":
        console.print(f"wrote {out.rows} places to {output}", highlight=False, soft_wrap=True)
    if not summary.total:
        where = ", ".join(paths)
        summary.stopped = f"no reports found in {where} (files ending {' '.join(sorted(SUFFIXES))})"
    _print_summary(summary, console, verbose)
    return summary


def refuse_output_among_inputs(paths: list[str], output: Path | str) -> None:
    """Raise :class:`InputError` when the output file is one of the input files.

    Writing would replace the reports being read; an output inside an input folder is fine
    (earlier outputs found there are skipped, see :mod:`mapper.reports.walk`).
    """
    if str(output) == "-" or not Path(output).exists():
        return
    for path in paths:
        if path != "-" and os.path.exists(path) and os.path.samefile(path, output):
            msg = f"{output} is also an input: writing it would replace the reports"
            raise InputError(msg)


def run_map(
    paths: list[str],
    output: Path,
    *,
    region: str | None = None,
    offline: bool = False,
    tiles: bool | None = None,
    near_km: float | None = None,
    png: Path | None = None,
    title: str | None = None,
    console: Console | None = None,
    verbose: bool = False,
    link_events: bool = False,
) -> Summary:
    """``mapper map``: reports (or incidents files) to an HTML map, a PNG still, or both.

    With ``link_events``, reports read here are linked first (one marker per event, each
    account's arrows); incidents files written by ``mapper extract --link`` are linked already.

    The map's layers follow the incidents unless ``region`` names them; an ``output`` ending
    in ``.png`` writes only the still (the page is made in a temporary folder). Each file is
    written beside its target and renamed in once all are done: if the run is interrupted or
    fails, the targets are left as they were and the summary so far is printed.
    """
    console = console or Console(stderr=True)
    summary = Summary()
    only_png = output.suffix.lower() == ".png"
    targets = [p for p in (output, png) if p is not None]
    try:
        if paths and all(p != "-" and is_incidents_file(p) for p in paths):
            frames = [read_incidents(p) for p in paths]
            gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)
            reports = int(gdf["report_id"].nunique()) if len(gdf) else 0
            summary.read, summary.mapped, summary.places = reports or len(paths), reports, len(gdf)
        else:
            layers_ = load_layers(region)
            gdf = _run(paths, layers_, None, summary, console)
            if link_events and len(gdf):
                gdf = next(_linked([gdf], layers_, console))
        if summary.read:
            # drawing (folium, jinja) is imported by the command that draws: extract starts
            # faster
            from mapper.maps import build_map, save_map, screenshot

            layers = load_layers(region) if region else None
            fmap = build_map(
                gdf, layers, offline=offline, tiles=tiles, near_km=near_km, title=title
            )
            # each file is written beside its target and renamed in at the end (mapper.atomic)
            with TemporaryDirectory() as tmp, replacing(*targets) as partials:
                page = Path(tmp) / "map.html" if only_png else partials[0]
                save_map(fmap, page, offline=offline)
                # every page draws its bundled basemap first (online tiles are only a layer to
                # switch to), so the still is made from this very page, with no network
                for still in dict.fromkeys(partials[0:] if only_png else partials[1:]):
                    screenshot(page, still)
            if not only_png:
                console.print(f"wrote a map of {len(gdf)} places to {output}")
            for still in dict.fromkeys(targets[0:] if only_png else targets[1:]):
                console.print(f"wrote {still} (a still of the map)")
    except (KeyboardInterrupt, Exception) as exc:
        summary.stopped = f"{_reason(exc)}; {left_as_it_was(targets)}"
        _print_summary(summary, console, verbose)
        raise
    _print_summary(summary, console, verbose)
    return summary


def run_events(
    paths: list[str], output: Path, *, region: str = "caucasus", console: Console | None = None
) -> int:
    """``mapper events``: incidents files to an events file (one row per linked event)."""
    from mapper.linking import events, link, write_events  # scipy: only where linking runs

    console = console or Console(stderr=True)
    frames = [read_incidents(p) for p in paths]
    gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=4326)
    table = events(link(gdf, load_layers(region)))
    write_events(table, output)
    console.print(
        f"wrote {len(table)} events of {gdf['incident_id'].nunique()} incidents to {output}",
        highlight=False,
    )
    return len(table)


def _linked(
    frames: Iterable[gpd.GeoDataFrame], layers: Layers, console: Console
) -> Iterator[gpd.GeoDataFrame]:
    """All frames as one, linked: linking needs every incident at once (memory grows)."""
    from mapper.linking import link  # scipy: only where linking runs

    if kept := list(frames):
        gdf = link(gpd.GeoDataFrame(pd.concat(kept, ignore_index=True), crs=4326), layers)
        linked = gdf.loc[gdf["event_id"].notna(), ["incident_id", "event_id"]]
        console.print(
            f"linked {linked['incident_id'].nunique()} incidents into "
            f"{linked['event_id'].nunique()} events",
            highlight=False,
        )
        yield gdf


def _print_summary(summary: Summary, console: Console, verbose: bool = False) -> None:
    if console.quiet:
        for line in summary.lines()[1:] if summary.stopped or summary.errors else ():
            if line.startswith(("  stopped", "  error")):  # -q still shows what went wrong
                print(line, file=console.file)
        return
    for line in summary.lines(verbose=verbose):
        console.print(line, highlight=False, markup=False, soft_wrap=True)


def _reason(exc: BaseException) -> str:
    """Why a run stopped, in words."""
    if isinstance(exc, Interrupted):
        return f"terminated by {exc}"
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted (Ctrl-C)"
    if isinstance(exc, MapperError):
        return str(exc)
    return f"failed: {type(exc).__name__}: {exc}"
