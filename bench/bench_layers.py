"""Load time of each bundled region (cold, in a fresh process, after imports) and file sizes.

python bench/bench_layers.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from mapper import settings
from mapper.spatial import REGIONS

_CHILD = """
import time
import geopandas, pyogrio  # imports are not part of the figure
from mapper.spatial import load_layers
t = time.perf_counter()
layers = load_layers({region!r})
print(time.perf_counter() - t, len(layers.countries), len(layers.borders), len(layers.districts))
"""


def main(runs: int = 5) -> None:
    label = f"load ms (median of {runs})"
    print(f"{'region':10} {'file MB':>8} {label:>24}  rows c/b/d")
    for region in REGIONS:
        path = settings.geodata_dir / f"{region}.gpkg"
        times, rows = [], ""
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", _CHILD.format(region=region)],
                capture_output=True, text=True, check=True,
            ).stdout.split()  # fmt: skip
            times.append(float(out[0]) * 1000)
            rows = "/".join(out[1:])
        size = path.stat().st_size / 1e6
        print(f"{region:10} {size:8.2f} {statistics.median(times):24.1f}  {rows}")


if __name__ == "__main__":
    main()
