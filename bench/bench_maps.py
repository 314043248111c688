"""Benchmark of mapper.maps.map: HTML size, build time and time until Chromium has drawn the map.

Run: ``python bench/bench_maps.py [N ...]`` (default 1000 10000 100000). Incidents are made up
along the Armenia-Azerbaijan border (real settlements, jittered), joined to the bundled layers
like the pipeline does, with a sentence of their own each. The offline map is measured: it is
the one that has to carry everything in one file, with the incident list and the time histogram.
Targets at 100,000: HTML < 20 MB, drawn < 5 s. Also timed: one event type switched off, and the
timeline set to 90 days (markers, arrows, shading, border stretches, counts, list, histogram).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from mapper.contract import EVENT_TYPES
from mapper.maps import build_map, save_map
from mapper.maps.browser import chromium, wait_ready
from mapper.spatial import join_layers, load_layers

# settlements on both sides of the border (lat, lon), each row one place name of the reports
PLACES = [
    ("Vardenis", 40.1833, 45.7333), ("Sotk", 40.2030, 45.9390), ("Tegh", 39.5589, 46.4811),
    ("Berd", 40.8808, 45.3917), ("Ijevan", 40.8756, 45.1492), ("Chinari", 40.9500, 45.3300),
    ("Jermuk", 39.8417, 45.6722), ("Yeraskh", 39.7700, 44.8000), ("Sadarak", 39.7167, 44.8833),
    ("Tovuz", 40.9925, 45.6284), ("Gazakh", 41.0928, 45.3656), ("Kalbajar", 40.1067, 46.0386),
    ("Lachin", 39.6406, 46.5464), ("Goris", 39.5078, 46.3383), ("Kapan", 39.2075, 46.4058),
    ("Aghdam", 40.9800, 45.5600), ("Nerkin Karmiraghbyur", 40.9700, 45.4600),
]  # fmt: skip
ROLES = np.array(["target", "origin", "location"])


def make_incidents(n: int, layers, seed: int = 7) -> gpd.GeoDataFrame:
    """``n`` rows in the output contract: about two places per incident."""
    rng = np.random.default_rng(seed)
    names = np.array([p[0] for p in PLACES])
    coords = np.array([(p[1], p[2]) for p in PLACES])
    k = rng.integers(0, len(PLACES), n)
    lat = coords[k, 0] + rng.normal(0, 0.05, n)
    lon = coords[k, 1] + rng.normal(0, 0.05, n)
    inc = np.arange(n) // 2
    n_inc = int(inc[-1]) + 1
    start = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 1800, n_inc), unit="D")
    etype = np.array(EVENT_TYPES)[rng.integers(0, len(EVENT_TYPES), n_inc)]
    role = np.where(np.arange(n) % 2 == 0, "origin", "target")
    role = np.where(rng.random(n) < 0.1, "location", role)
    place = names[k]
    snippet = [
        f"On {start[i].strftime('%d %B %Y')} units fired towards {place[r]} "
        f"(report {i}); {int(rng.integers(0, 3))} servicemen were wounded."
        for r, i in enumerate(inc)
    ]
    df = pd.DataFrame(
        {
            "report_id": [f"bench-{i // 3}" for i in inc],
            "incident_id": [f"bench-{i // 3}#{i % 3 + 1}" for i in inc],
            "mention": place,
            "place": place,
            "geonameid": None,
            "kind": "settlement",
            "where_prec": np.where(rng.random(n) < 0.15, 3, 1),
            "lat": lat,
            "lon": lon,
            "role": role,
            "date_start": start[inc].strftime("%Y-%m-%d"),
            "date_end": None,
            "event_type": etype[inc],
            "killed": np.where(rng.random(n) < 0.1, 1, None),
            "wounded": None,
            "claimant": np.where(
                k % 2 == 0, "Ministry of Defence of Armenia", "Ministry of Defence of Azerbaijan"
            ),
            "source": "Bench Wire",
            "title": [f"Bench report {i // 3}" for i in inc],
            "url": [f"https://example.org/bench/{i // 3}" for i in inc],
            "snippet": snippet,
        }
    )
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs=4326)
    return join_layers(gdf, layers)


def measure(n: int, layers, browser, workdir: Path) -> dict[str, float]:
    incidents = make_incidents(n, layers)
    t0 = time.perf_counter()
    m = build_map(incidents, offline=True, title=f"{n:,} incidents")
    path = save_map(m, workdir / f"map_{n}.html", offline=True)
    build_s = time.perf_counter() - t0
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    t1 = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load", timeout=120_000)
    wait_ready(page, timeout_s=120)
    wall_s = time.perf_counter() - t1
    drawn_s = page.evaluate("window.mapperReadyAt") / 1000
    marks = page.evaluate(
        "Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, m.startTime]))"
    )
    dcl = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    listed = page.evaluate("mapperMaps[0].panel.items.length")
    bars = page.evaluate("document.querySelectorAll('.mt-bar').length")
    # what a reader does next: one event type off (markers, arrows, heat, shading, borders,
    # counts, list and histogram all follow), then a step of the timeline
    filter_s = page.evaluate(
        "(() => { const t = performance.now(); mapperMaps[0].toggle('types', 1, false);"
        " return (performance.now() - t) / 1000; })()"
    )
    r = page.evaluate("mapperMaps[0].opts.range")
    step_s = page.evaluate(
        f"(() => {{ const t = performance.now(); mapperMaps[0].timeline.setRange({r[0]}, "
        f"{r[0] + 90}); return (performance.now() - t) / 1000; }})()"
    )
    page.close()
    return {
        "n": n,
        "mb": path.stat().st_size / 1e6,
        "build_s": build_s,
        "drawn_s": drawn_s,
        "wall_s": wall_s,
        "parsed_s": dcl / 1000,
        "unpacked_s": marks.get("mapper-unpacked", float("nan")) / 1000,
        "built_s": marks.get("mapper-built", float("nan")) / 1000,
        "filter_s": filter_s,
        "step_s": step_s,
        "listed": listed,
        "bars": bars,
    }


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 10_000, 100_000]
    layers = load_layers("caucasus")
    print(
        f"{'incidents':>10} {'HTML MB':>8} {'build s':>8} {'drawn s':>8} {'wall s':>7}"
        f"   in the page: {'parsed':>6} {'unpacked':>8} {'markers made':>12}"
        f" {'type off':>8} {'90 days':>7} {'listed':>7} {'bars':>5}"
    )
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        for n in sizes:
            r = measure(n, layers, browser, Path(tmp))
            print(
                f"{r['n']:>10,} {r['mb']:>8.2f} {r['build_s']:>8.2f} {r['drawn_s']:>8.2f}"
                f" {r['wall_s']:>7.2f}                {r['parsed_s']:>6.2f} {r['unpacked_s']:>8.2f}"
                f" {r['built_s']:>12.2f} {r['filter_s']:>8.2f} {r['step_s']:>7.2f}"
                f" {r['listed']:>7,} {r['bars']:>5}",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
