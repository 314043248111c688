"""Write ``mapper/data/neighbours.tsv``: the countries that share a land border, from the
bundled world layer (``geodata/world.gpkg``, layer ``borders``: Natural Earth's boundary lines,
``country_a`` / ``country_b``).

Run from the project root::

    python geodata/neighbours.py

The place finder reads the table to look for the places of a report's neighbouring countries
too (a report from South Sudan that names Abyei, in Sudan, without naming Sudan). A test
checks that the table still says what the layer says.
"""

from __future__ import annotations

from pathlib import Path

import pyogrio

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "mapper" / "data" / "neighbours.tsv"
HEADER = (
    "# Countries that share a land border (ISO alpha-2), one pair a line, sorted. Derived from\n"
    "# the bundled world layer (geodata/world.gpkg, Natural Earth boundary lines) by\n"
    "# `python geodata/neighbours.py`; do not edit by hand. Read by mapper.toponyms.scope.\n"
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


def main() -> None:
    rows = pairs()
    OUT.write_text(HEADER + "".join(f"{a}\t{b}\n" for a, b in rows), encoding="utf-8")
    print(f"wrote {len(rows)} pairs to {OUT}")


if __name__ == "__main__":
    main()
