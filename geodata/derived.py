"""Write the tables the package derives from the bundled world layer (``geodata/world.gpkg``):

- ``mapper/data/neighbours.tsv``: the countries that share a land border (layer ``borders``:
  Natural Earth's boundary lines, ``country_a`` / ``country_b``). The place finder looks for the
  places of a report's neighbouring countries too (Abyei, in Sudan, in a report from South Sudan
  that does not name Sudan).
- ``mapper/data/unit_points.tsv``: a point inside each first-order unit (layer ``districts``,
  by ISO 3166-2 code), where ``mapper resolve`` writes a province, as GeoNames and the
  geoparsing corpora place one; read without geopandas, so a fresh process starts fast.

Run from the project root::

    python geodata/derived.py

A test checks that the tables still say what the layer says.
"""

from __future__ import annotations

from pathlib import Path

import pyogrio

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "mapper" / "data"
NEIGHBOURS_HEADER = (
    "# Countries that share a land border (ISO alpha-2), one pair a line, sorted. Derived from\n"
    "# the bundled world layer (geodata/world.gpkg, Natural Earth boundary lines) by\n"
    "# `python geodata/derived.py`; do not edit by hand. Read by mapper.toponyms.scope.\n"
)
POINTS_HEADER = (
    "# A point inside each first-order unit (ISO 3166-2 code, lat, lon), the representative\n"
    "# point of its polygon in the bundled world layer (geodata/world.gpkg, Natural Earth), by\n"
    "# `python geodata/derived.py`; do not edit by hand. Read by mapper.geocoding.spans.\n"
)


def pairs(path: Path = HERE / "world.gpkg") -> list[tuple[str, str]]:
    """The sorted, distinct pairs of countries the layer's border lines separate."""
    table = pyogrio.read_dataframe(
        path, layer="borders", columns=["country_a", "country_b"], read_geometry=False
    )
    out = {
        tuple(sorted((a, b)))
        for a, b in zip(table["country_a"], table["country_b"], strict=True)
        if isinstance(a, str) and isinstance(b, str) and len(a) == 2 and len(b) == 2 and a != b
    }
    return sorted(out)  # type: ignore[arg-type]


def unit_points(path: Path = HERE / "world.gpkg") -> list[tuple[str, str, str]]:
    """(code, lat, lon) of a point inside each first-order unit, rounded to 5 decimals, by
    code; the last polygon of a code that has several (as ``mapper.spatial.layers``)."""
    units = pyogrio.read_dataframe(path, layer="districts", columns=["iso_3166_2"])
    points = units.geometry.representative_point()
    out: dict[str, tuple[str, str, str]] = {}
    for code, pt in zip(units["iso_3166_2"], points, strict=True):
        if isinstance(code, str):
            out[code] = (code, repr(round(pt.y, 5)), repr(round(pt.x, 5)))
    return sorted(out.values())


def main() -> None:
    rows = pairs()
    (DATA / "neighbours.tsv").write_text(
        NEIGHBOURS_HEADER + "".join(f"{a}\t{b}\n" for a, b in rows), encoding="utf-8"
    )
    points = unit_points()
    (DATA / "unit_points.tsv").write_text(
        POINTS_HEADER + "".join("\t".join(p) + "\n" for p in points), encoding="utf-8"
    )
    print(f"wrote {len(rows)} neighbour pairs and {len(points)} unit points to {DATA}")


if __name__ == "__main__":
    main()
