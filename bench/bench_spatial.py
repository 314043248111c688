"""Time of the spatial join (country, district, border distance) for random points.

python bench/bench_spatial.py [N]      # default 1,000,000 points in the South Caucasus
"""

from __future__ import annotations

import sys
import time

import geopandas as gpd
import numpy as np

from mapper.spatial import border_index, join_layers, load_layers, locate


def main(n: int = 1_000_000) -> None:
    layers = load_layers("caucasus")
    rng = np.random.default_rng(42)
    lon, lat = rng.uniform(43.0, 50.0, n), rng.uniform(38.0, 42.0, n)
    t = time.perf_counter()
    gdf = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    print(f"{n:,} points made in {time.perf_counter() - t:.2f} s")
    for label, fn in (
        ("countries", lambda: locate(lon, lat, layers.countries)),
        ("districts", lambda: locate(lon, lat, layers.districts)),
        ("border index", lambda: border_index(layers)),
        ("border distance", lambda: border_index(layers).nearest(lon, lat)),
    ):
        t = time.perf_counter()
        fn()
        print(f"  {label:16} {time.perf_counter() - t:6.2f} s")
    t = time.perf_counter()
    out = join_layers(gdf, layers)
    elapsed = time.perf_counter() - t
    print(f"join_layers, {n:,} points: {elapsed:.2f} s ({n / elapsed:,.0f} points/s)")
    print(f"  in a country: {out['country'].notna().mean():.1%}, "
          f"median border_km {out['border_km'].median():.1f}")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
