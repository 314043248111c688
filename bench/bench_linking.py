"""Linking at scale: ``mapper.link`` on 100,000 generated incidents (issue 17: under 10 s).

    .venv/bin/python bench/bench_linking.py [--incidents 100000] [--years 3] [--seed 1]

Incidents are generated along real borders of the bundled world layers (Armenia–Azerbaijan,
Israel–Lebanon, Russia–Ukraine, Afghanistan–Pakistan, India–Pakistan, India–China), each
stretch in proportion to its length, over three years: an origin on one side and a target on
the other, up to ~15 km from the line, precisions mostly exact (55% settlements, 20% near a
place, 15% districts, 10% provinces), one or two kinds, a claimant of either side. A third
are second accounts of an earlier incident by a report of the other side: places moved by
~5 km, roles swapped, the date moved a day at times, other casualty figures. Printed: the
time of ``link`` alone (the frame is built first), its events, and how many planted second
accounts it put with their original.
"""

from __future__ import annotations

import argparse
import time

import geopandas as gpd
import numpy as np
import pandas as pd

import mapper

BORDERS = (("AM", "AZ"), ("IL", "LB"), ("RU", "UA"), ("AF", "PK"), ("IN", "PK"), ("CN", "IN"))
NAMES = {"AM": "Armenia", "AZ": "Azerbaijan", "IL": "Israel", "LB": "Lebanon", "RU": "Russia",
         "UA": "Ukraine", "AF": "Afghanistan", "PK": "Pakistan", "IN": "India",
         "CN": "China"}  # fmt: skip
KINDS = np.array(["small_arms_fire", "shelling", "drone_strike", "casualty", "incursion", "other"])
KM = 1 / 111.0  # degrees of latitude per km


def generate(n: int, years: int, seed: int) -> tuple[gpd.GeoDataFrame, dict[str, str]]:
    """Incident rows, and each planted second account's incident -> its original's."""
    rng = np.random.default_rng(seed)
    layers = mapper.load_layers("world")
    lines = [layers.border_between(a, b).geometry.union_all() for a, b in BORDERS]
    lengths = np.array([line.length for line in lines])
    second = rng.random(n) < 1 / 3
    second[0] = False
    of = np.arange(n)
    of[second] = (rng.random(second.sum()) * np.flatnonzero(second)).astype(int)
    of = of[of]  # a second account of a second account is one of the original
    stretch = rng.choice(len(lines), n, p=lengths / lengths.sum())[of]
    at = rng.random(n)[of]
    mids = np.array([lines[s].interpolate(f, normalized=True).coords[0] for s, f in
                     zip(stretch, at, strict=True)])  # fmt: skip
    day = np.datetime64("2023-01-01") + rng.integers(0, years * 365, n)[of]
    day = day + np.where(second & (rng.random(n) < 0.3), rng.integers(-1, 2, n), 0)
    report = np.where(second, n + np.arange(n), np.arange(n) // 2)  # originals: two a report
    rows = []
    for k, role in enumerate(("origin", "target")):
        side = (k + second) % 2  # a second account swaps origin and target
        off = rng.normal(0, 8 * KM, (n, 2))[of] + second[:, None] * rng.normal(0, 4 * KM, (n, 2))
        prec = rng.choice([1, 2, 3, 4], n, p=[0.55, 0.2, 0.15, 0.1])
        a, b = np.array(BORDERS)[stretch].T
        country = np.where(side == 0, a, b)
        lat, lon = mids[:, 1] + off[:, 0], mids[:, 0] + off[:, 1]
        rows.append(pd.DataFrame({
            "report_id": [f"r{r}" for r in report],
            "incident_id": [f"r{r}#{i}" for i, r in enumerate(report)],
            "place": [f"p{o}-{k}" for o in of], "where_prec": prec, "lat": lat, "lon": lon,
            "country": country,
            "district": [f"{c}-{int(y * 4)}-{int(x * 4)}"
                         for c, y, x in zip(country, lat, lon, strict=True)],
            "district_code": None, "role": np.where(second, ("target", "origin")[k], role),
            "date_start": day.astype(str), "date_end": day.astype(str),
            "event_type": KINDS[rng.integers(0, 3, n)[of]],
            "killed": rng.integers(0, 3, n), "wounded": None,
            "claimant": [f"Ministry of Defence of {NAMES[(a, b)[(i + s) % 2]]}" for i, (a, b), s in
                         zip(range(n), np.array(BORDERS)[stretch], second, strict=True)],
            "source": None,
        }))  # fmt: skip
    df = pd.concat(rows, ignore_index=True)
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs=4326)
    planted = {f"r{report[i]}#{i}": f"r{report[of[i]]}#{of[i]}" for i in np.flatnonzero(second)}
    return gdf, planted


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    t = time.perf_counter()
    gdf, planted = generate(args.incidents, args.years, args.seed)
    print(f"generated {args.incidents:,} incidents ({len(gdf):,} rows) in "
          f"{time.perf_counter() - t:.1f} s")  # fmt: skip
    mapper.link(gdf.head(100))  # imports and caches outside the timing
    t, cpu = time.perf_counter(), time.process_time()
    linked = mapper.link(gdf)
    took, cpu = time.perf_counter() - t, time.process_time() - cpu
    first = linked.drop_duplicates("incident_id").set_index("incident_id")["event_id"]
    found = sum(
        1 for s, o in planted.items() if pd.notna(first.at[s]) and first.at[s] == first.at[o]
    )
    contested = int(linked.drop_duplicates("event_id")["contested"].sum())
    print(f"link: {took:.2f} s for {args.incidents:,} incidents (target: under 10 s); "
          f"CPU {cpu:.2f} s")  # fmt: skip
    print(f"  {first.dropna().nunique():,} events of {first.notna().sum():,} incidents, "
          f"{contested:,} contested")  # fmt: skip
    print(f"  planted second accounts put with their original: {found:,} of {len(planted):,}")


if __name__ == "__main__":
    main()
