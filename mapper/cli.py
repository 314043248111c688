"""The ``mapper`` command."""

from __future__ import annotations

import re
import signal
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperCommand

from mapper import __version__, settings
from mapper.errors import Interrupted, MapperError
from mapper.gazetteer import load_gazetteer
from mapper.geocoding import rank_candidates

# The drawing and joining stages (folium, geopandas, dask: a second of imports) and the
# downloader (requests, 0.1 s) load in the commands that use them, so that `mapper resolve`
# and `mapper geocode` start at once and `mapper extract` imports only what it runs.


class _Readable(TyperCommand):
    """A command whose help and usage lines show ``PATH...``, not typer's raw type labels
    (``{PATH}...``, ``<list[str]>``)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        inner = type(formatter)(width=formatter.width)
        super().format_help(ctx, inner)
        formatter.write(_tidy(inner.getvalue()))

    def get_usage(self, ctx: Any) -> str:
        return _tidy(super().get_usage(ctx))


def _tidy(text: str) -> str:
    text = re.sub(r"\{(\w+)\}\.\.\.", r"\1...", text)
    return re.sub(r" <(?:list\[\w+\]|str|int|float|bool|path)>", "", text)


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: "-o, --output FILE", not "<path>" and "<list[str]>"
    help="Turn written reports of border incidents into maps.",
)
_err = Console(stderr=True)
_out = Console()

#: exit codes (README "Exit codes"): 130, 143 and 129 are 128 + the signal's number
EXIT_OK, EXIT_NOTHING_READ, EXIT_USAGE, EXIT_SOME_FAILED = 0, 1, 2, 3
EXIT_INTERRUPTED = 128 + signal.SIGINT

# Shared option types, so that every command validates a value the same way.
PathsArg = Annotated[
    list[str],
    typer.Argument(metavar="PATH", help="report files or folders; - for standard input"),
]
NearKm = Annotated[
    float | None,
    typer.Option(min=0, metavar="KM", help="keep only places this close to a border (km)"),
]
Region = Annotated[str, typer.Option(metavar="REGION", help="bundled layers: caucasus or world")]
Quiet = Annotated[
    bool, typer.Option("-q", "--quiet", help="print only errors (no progress, no summary)")
]
Verbose = Annotated[
    bool, typer.Option("-v", "--verbose", help="print every error, warning and unmapped report")
]


def _fail(exc: Exception, code: int = EXIT_USAGE) -> None:
    _err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        print(f"mapper {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="print the version"),
    ] = None,
) -> None:
    """Turn written reports of border incidents into maps."""


@app.command(cls=_Readable)
def layers(
    region: Annotated[str, typer.Option(help="bundled region: caucasus or world")] = "caucasus",
    html: Annotated[Path | None, typer.Option(help="write an HTML preview map here")] = None,
) -> None:
    """Print the bundled layers of a region; optionally write a preview map."""
    from mapper.maps import preview_layers_map, save_map
    from mapper.spatial import describe, load_layers

    try:
        loaded = load_layers(region)
    except MapperError as exc:
        _fail(exc)
    table = Table(title=f"layers of region {loaded.region}")
    for col in ("layer", "rows", "summary"):
        table.add_column(col)
    for name, rows, summary in describe(loaded):
        table.add_row(name, str(rows), summary)
    _out.print(table)
    if html is not None:
        # offline: one self-contained file that opens without network, like `map --offline`
        try:
            save_map(preview_layers_map(loaded, offline=True), html, offline=True)
        except MapperError as exc:
            _fail(exc)
        _out.print(f"wrote {html}")


@app.command(cls=_Readable)
def geocode(
    name: Annotated[str, typer.Argument(help="a place name, in any spelling or script")],
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 code to prefer")] = None,
    limit: Annotated[int, typer.Option(help="how many candidates to print")] = 10,
) -> None:
    """Print the ranked gazetteer candidates for a name."""

    try:
        found = rank_candidates(name, country=country)[:limit]
    except MapperError as exc:  # e.g. no cache folder can be written for the index
        _fail(exc)
    if not found:
        _err.print(f"no place called {name!r} in the gazetteer")
        raise typer.Exit(1)
    header = ("#", "name", "kind", "country", "admin1", "lat", "lon", "geonameid", "population")
    rows = [
        (str(i), c.name, c.kind, c.country or "", c.admin1 or "", f"{c.lat:.4f}", f"{c.lon:.4f}",
         str(c.geonameid or ""), str(c.population))
        for i, c in enumerate(found, 1)
    ]  # fmt: skip
    if not _out.is_terminal:  # tab-separated for pipes and scripts
        for row in (header, *rows):
            print("\t".join(row))
        return
    table = Table()
    for col in header:
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    _out.print(table)


@app.command(cls=_Readable)
def resolve(
    spans: Annotated[Path, typer.Argument(help="JSON Lines: {id, text, spans: [[start, end]...]}")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="default: stdout")] = None,
) -> None:
    """Resolve given mention spans to places (no finding step), for evaluation.

    A province is written at a point inside its area, as GeoNames places it, not at the seat
    that incident rows use.
    """
    try:
        load_gazetteer()  # before any output: an index that cannot be built is one error
    except MapperError as exc:
        _fail(exc)
    from mapper.geocoding.spans import resolve_span_lines

    out = output.open("wb") if output else sys.stdout.buffer
    with spans.open("rb") as lines:
        errors = resolve_span_lines(lines, out, lambda n, exc: _err.print(f"{spans}:{n}: {exc}"))
    if output:
        out.close()
    if errors:
        raise typer.Exit(1)


gazetteer_app = typer.Typer(no_args_is_help=True, help="Add places to the offline gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("add", cls=_Readable)
def gazetteer_add(
    files: Annotated[list[Path], typer.Argument(help="GeoNames dumps (XX.txt) or CSV files")],
) -> None:
    """Keep place files with the index: a GeoNames dump or CSV name,lat,lon,kind,country."""
    from mapper.gazetteer.fetch import add_file

    try:
        kept = [add_file(f) for f in files]
        gaz = load_gazetteer()
    except MapperError as exc:
        _fail(exc)
    _out.print(f"kept {', '.join(p.name for p in kept)}: the gazetteer has {gaz.n_rows:,} places")


@gazetteer_app.command("fetch", cls=_Readable)
def gazetteer_fetch(
    countries: Annotated[list[str], typer.Argument(help="ISO alpha-2 codes, e.g. AF PK")],
    online: Annotated[bool, typer.Option(help="allow the download (else MAPPER_ONLINE=1)")] = False,
) -> None:
    """Download GeoNames' dump of each country (villages, hills, posts), verify and index it."""
    from mapper.gazetteer.fetch import fetch_countries

    settings.online_geocoding = online or settings.online_geocoding
    try:
        kept = fetch_countries(countries)
        gaz = load_gazetteer()
    except MapperError as exc:
        _fail(exc)
    _out.print(
        f"fetched {', '.join(p.name for p in kept)}: the gazetteer has {gaz.n_rows:,} places"
    )


@app.command(cls=_Readable)
def extract(
    paths: PathsArg,
    output: Annotated[
        str,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help=".geojson .gpkg .csv .parquet, or - for standard output (GeoJSON or CSV)",
        ),
    ],  # fmt: skip
    region: Region = "caucasus",
    near_km: NearKm = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", metavar="EXT", help="format of -o -: geojson or csv"),
    ] = None,
    online: Annotated[bool, typer.Option(help="fall back to online geocoders")] = False,
    strict: Annotated[
        bool, typer.Option(help=f"exit {EXIT_SOME_FAILED} when any report could not be read")
    ] = False,
    batch_size: Annotated[
        int, typer.Option(min=1, metavar="N", help="reports per batch written to the output")
    ] = 1000,
    quiet: Quiet = False,
    verbose: Verbose = False,
    workers: Annotated[
        int | None,
        typer.Option(min=1, metavar="N", help="run on a local Dask cluster of N processes"),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(metavar="ADDRESS", help="run on the dask.distributed scheduler at ADDRESS"),
    ] = None,
    partitioned: Annotated[
        bool,
        typer.Option(help="with -o NAME.parquet: a GeoParquet dataset, a file per part (Dask)"),
    ] = False,
    link: Annotated[
        bool, typer.Option("--link", help="link reports of one event: event_id, contested")
    ] = False,
) -> None:
    """Find incidents in reports and write them (GeoJSON, GeoPackage, CSV, GeoParquet).

    Exit codes: 0 reports were read (errors, if any, are in the summary); 1 no report could
    be read; 2 usage error (bad option, unwritable output, output among the inputs); 3 with
    --strict, some reports could not be read; 130 interrupted, 143 terminated (the earlier
    output file is then left untouched).
    """
    from mapper import scale
    from mapper.commands import run_extract

    settings.online_geocoding = online or settings.online_geocoding
    _err.quiet = quiet
    try:
        if link and (workers or scheduler or partitioned):
            msg = "--link needs every incident at once: extract on Dask, then `mapper events`"
            raise MapperError(msg)
        if workers or scheduler or partitioned:  # on Dask: the [dask] extra
            summary = scale.run_extract_dask(
                paths, Path(output), region=region, near_km=near_km, fmt=fmt, console=_err,
                verbose=verbose, workers=workers, scheduler=scheduler, partitioned=partitioned,
            )  # fmt: skip
        else:
            summary = run_extract(
                paths, Path(output), region=region, near_km=near_km, fmt=fmt, console=_err,
                verbose=verbose, batch_size=batch_size, link_events=link,
            )  # fmt: skip
    except MapperError as exc:
        _fail(exc)
    if summary.read == 0:
        raise typer.Exit(EXIT_NOTHING_READ)
    if strict and summary.errors:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command(cls=_Readable)
def events(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="INCIDENTS", help="incidents files written by mapper extract"),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help=".csv .geojson .gpkg .parquet")],
    region: Annotated[
        str, typer.Option(metavar="REGION", help="bundled layers that say which districts touch")
    ] = "caucasus",
    quiet: Quiet = False,
) -> None:
    """Link incidents of different reports into events; write one row per event."""
    from mapper.commands import run_events

    _err.quiet = quiet
    try:
        run_events(paths, output, region=region, console=_err)
    except MapperError as exc:
        _fail(exc)


@app.command(name="map", cls=_Readable)
def map_(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="reports, or incidents files from extract"),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="map.html, or map.png for a still only")
    ] = Path("map.html"),
    region: Annotated[
        str | None,
        typer.Option(metavar="REGION", help="bundled layers (default: those covering the data)"),
    ] = None,
    offline: Annotated[bool, typer.Option(help="never ask the network (no online tiles)")] = False,
    tiles: Annotated[
        bool | None,
        typer.Option(help="offer online tiles as an extra base layer (default: unless --offline)"),
    ] = None,
    near_km: Annotated[
        float | None,
        typer.Option(
            min=0, metavar="KM", help="highlight border this close to targets and origins (km)"
        ),
    ] = None,
    png: Annotated[
        Path | None, typer.Option(help="also save a still PNG (needs the browser extra)")
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="title on the map (default: the borders and dates)")
    ] = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
    link: Annotated[
        bool, typer.Option("--link", help="link reports of one event: one marker per event")
    ] = False,
) -> None:
    """Draw an interactive map of the incidents in reports: one self-contained HTML file."""
    from mapper.commands import run_map

    _err.quiet = quiet
    try:
        summary = run_map(
            paths, output, region=region, offline=offline, tiles=tiles, near_km=near_km,
            png=png, title=title, console=_err, verbose=verbose, link_events=link,
        )  # fmt: skip
    except MapperError as exc:
        _fail(exc)
    if summary.read == 0:
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the ``mapper`` console script.

    SIGTERM and SIGHUP stop a run the way Ctrl-C does (outputs unwound, summary printed);
    the exit code is then 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM).
    """
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    try:
        app()  # typer turns a KeyboardInterrupt (and so Interrupted) into exit 130
    except SystemExit as exc:
        if exc.code == EXIT_INTERRUPTED and _stopped_by:
            sys.exit(128 + _stopped_by[-1])
        raise


_stopped_by: list[int] = []


def _stop(signum: int, frame: object) -> None:
    _stopped_by.append(signum)
    for other in (signal.SIGTERM, signal.SIGHUP):  # a second one must not cut the clean-up
        signal.signal(other, signal.SIG_IGN)
    raise Interrupted(signum)


if __name__ == "__main__":
    main()
