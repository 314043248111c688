"""Resolving given mention spans, for evaluation (``mapper resolve``).

Each line of the input is ``{id, text, spans: [[start, end], ...]}``; each line of the output
``{id, results: [{start, end, name, geonameid, lat, lon, country} | null, ...]}``. A province is
written at a point inside its area, as GeoNames and the geoparsing corpora place it, not at
the seat that incident rows use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

import orjson

from mapper.data import read_table
from mapper.geocoding.resolve import Place, resolve_spans


def resolve_span_lines(
    lines: Iterable[bytes], out: BinaryIO, on_error: Callable[[int, Exception], None]
) -> int:
    """Resolve every line of span JSON Lines and write one result line each.

    Parameters
    ----------
    lines
        The input's lines.
    out
        Where the result lines go.
    on_error
        Called with the line number and the error of a line that cannot be read; that line
        is left out.

    Returns
    -------
    int
        The number of lines left out.
    """
    centres: dict[str, tuple[float, float]] = {}  # read on the first province
    errors = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = orjson.loads(line)
            places = resolve_spans(row["text"], [tuple(s) for s in row["spans"]])
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            on_error(n, exc)
            errors += 1
            continue
        results = list(_results(row["spans"], places, centres))
        out.write(orjson.dumps({"id": row.get("id"), "results": results}) + b"\n")
    return errors


def _results(
    spans: list[list[int]], places: list[Place | None], centres: dict[str, tuple[float, float]]
) -> Iterator[dict[str, Any] | None]:
    for (start, end), p in zip(spans, places, strict=True):
        if p is None:
            yield None
            continue
        lat, lon = _area_point(p, centres)
        yield {"start": start, "end": end, "name": p.name, "geonameid": p.geonameid,
               "lat": lat, "lon": lon, "country": p.country or None}  # fmt: skip


def _area_point(place: Place, centres: dict[str, tuple[float, float]]) -> tuple[float, float]:
    if place.kind != "province" or place.where_prec != 4:
        return place.lat, place.lon
    if not centres:  # derived from the world layer by geodata/derived.py: no geopandas here
        centres.update(
            (code, (float(lat), float(lon))) for code, lat, lon in read_table("unit_points.tsv")
        )
    return centres.get(place.admin1 or "", (place.lat, place.lon))
