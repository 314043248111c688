"""The ``mapper`` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.table import Table

from mapper import settings
from mapper.errors import MapperError
from mapper.geocoding import rank_candidates, resolve_spans
from mapper.maps import preview_layers_map, save_map
from mapper.pipeline import run_extract, run_map
from mapper.spatial import describe, load_layers

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn written reports of border incidents into maps.",
)
_err = Console(stderr=True)
_out = Console()


def _fail(exc: Exception, code: int = 2) -> None:
    _err.print(f"[red]error:[/red] {exc}", highlight=False)
    raise typer.Exit(code)


@app.command()
def layers(
    region: Annotated[str, typer.Option(help="bundled region: caucasus or world")] = "caucasus",
    html: Annotated[Path | None, typer.Option(help="write an HTML preview map here")] = None,
) -> None:
    """Print the bundled layers of a region; optionally write a preview map."""

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


@app.command()
def geocode(
    name: Annotated[str, typer.Argument(help="a place name, in any spelling or script")],
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 code to prefer")] = None,
    limit: Annotated[int, typer.Option(help="how many candidates to print")] = 10,
) -> None:
    """Print the ranked gazetteer candidates for a name."""

    found = rank_candidates(name, country=country)[:limit]
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


@app.command()
def resolve(
    spans: Annotated[Path, typer.Argument(help="JSON Lines: {id, text, spans: [[start, end]...]}")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="default: stdout")] = None,
) -> None:
    """Resolve given mention spans to places (no finding step), for evaluation."""

    out = output.open("wb") if output else sys.stdout.buffer
    errors = 0
    with spans.open("rb") as lines:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = orjson.loads(line)
                places = resolve_spans(row["text"], [tuple(s) for s in row["spans"]])
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                _err.print(f"{spans}:{n}: {exc}")
                errors += 1
                continue
            results = [
                None
                if p is None
                else {"start": s[0], "end": s[1], "name": p.name, "geonameid": p.geonameid,
                      "lat": p.lat, "lon": p.lon, "country": p.country or None}
                for s, p in zip(row["spans"], places, strict=True)
            ]  # fmt: skip
            out.write(orjson.dumps({"id": row.get("id"), "results": results}) + b"\n")
    if output:
        out.close()
    if errors:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="report files or folders; - for stdin")],
    output: Annotated[Path, typer.Option("-o", "--output", help=".geojson .gpkg .csv .parquet")],
    region: Annotated[str, typer.Option(help="bundled layers to join to")] = "caucasus",
    near_km: Annotated[
        float | None, typer.Option(help="keep only places this close to a border (km)")
    ] = None,
    online: Annotated[bool, typer.Option(help="fall back to online geocoders")] = False,
) -> None:
    """Find incidents in reports and write them (GeoJSON, GeoPackage, CSV, GeoParquet)."""

    settings.online_geocoding = online or settings.online_geocoding
    try:
        summary = run_extract(paths, output, region=region, near_km=near_km, console=_err)
    except MapperError as exc:
        _fail(exc)
    if summary.read == 0:
        raise typer.Exit(1)


@app.command(name="map")
def map_(
    paths: Annotated[list[str], typer.Argument(help="reports, or an incidents file from extract")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")] = Path(
        "map.html"
    ),
    region: Annotated[str, typer.Option(help="bundled layers to draw and join to")] = "caucasus",
    offline: Annotated[bool, typer.Option(help="one self-contained file, no network")] = False,
    near_km: Annotated[
        float | None, typer.Option(help="draw a buffer zone this wide along the borders (km)")
    ] = None,
    png: Annotated[
        Path | None, typer.Option(help="also save a screenshot (headless Chromium)")
    ] = None,
    title: Annotated[str | None, typer.Option(help="title shown on the map")] = None,
) -> None:
    """Draw an interactive Leaflet map of the incidents in reports."""

    try:
        summary = run_map(
            paths, output, region=region, offline=offline, near_km=near_km, png=png,
            title=title, console=_err,
        )  # fmt: skip
    except MapperError as exc:
        _fail(exc)
    if summary.read == 0:
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the ``mapper`` console script."""
    app()


if __name__ == "__main__":
    main()
