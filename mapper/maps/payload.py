"""The compact payload the map page receives: incidents as columns of numbers and a string table.

Sending the browser only the properties a popup shows, with short keys, rounded coordinates and
each distinct string once, keeps a 100,000-incident map small and quick to parse. Strings stay
raw here; the page puts them in with ``textContent`` (see static/core.js), and
:func:`script_json` makes the JSON safe inside a ``<script>`` element.
"""

from __future__ import annotations

import base64
import gzip
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import geopandas as gpd
import numpy as np
import orjson
import pandas as pd

from mapper.contract import EVENT_TYPES, ROLES
from mapper.errors import MapError
from mapper.maps.events import event_columns

#: colour of each event type (Okabe-Ito palette: tells apart for colour-blind readers)
TYPE_COLORS = {
    "small_arms_fire": "#E69F00",
    "shelling": "#D55E00",
    "drone_strike": "#CC79A7",
    "casualty": "#000000",
    "incursion": "#0072B2",
    "other": "#7F7F7F",
}
TYPE_LABELS = {
    "small_arms_fire": "Small-arms fire",
    "shelling": "Shelling",
    "drone_strike": "Drone strike",
    "casualty": "Casualties",
    "incursion": "Incursion",
    "other": "Other",
}
PRECISION_TEXT = {
    3: "somewhere in the district",
    4: "somewhere in the province",
    5: "along a border section or between places",
    6: "somewhere in the country",
    7: "water or airspace",
}
_MAX_ARROWS_PER_INCIDENT = 16


@dataclass(slots=True)
class MapPayload:
    """What the page needs about the incidents, ready for JSON."""

    data: dict[str, Any]
    n_rows: int
    n_incidents: int
    skipped: int
    bounds: tuple[float, float, float, float] | None
    types_present: list[str]
    date_range: tuple[int, int, int] | None  # first day, last day, undated incidents
    district_counts: dict[str, int] = field(default_factory=dict)
    #: arrow style of each claimant side among linked events (``maps.events.side_styles``)
    sides: list[dict[str, str]] = field(default_factory=list)


def safe_url(value: object) -> str | None:
    """Return ``value`` if it is an absolute http(s) URL that is safe as a link, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or any(ch.isspace() or ord(ch) < 32 or ch in "<>\"'`" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def script_json(obj: object) -> str:
    """JSON for inline ``<script>``: no ``</script>``, ``<!--`` or line separators can break out."""
    text = orjson.dumps(obj, option=orjson.OPT_SERIALIZE_NUMPY).decode()
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def pack(data: object) -> str:
    """The payload as base64 of gzipped JSON (the page unpacks it with DecompressionStream)."""
    raw = orjson.dumps(data, option=orjson.OPT_SERIALIZE_NUMPY)
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name]
    return pd.Series([None] * len(df), index=df.index, dtype=object)


def _text(series: pd.Series) -> pd.Series:
    """Strings, with missing values and empty strings as None."""
    text = series.astype("string")
    blank = text.isna() | (text.str.strip() == "")
    return text.astype(object).where(~blank.to_numpy(dtype=bool), None)


class _Strings:
    """A table of distinct strings; columns refer to it by index (-1: missing)."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._index: dict[str, int] = {}

    def codes(self, series: pd.Series) -> list[int]:
        codes, uniques = pd.factorize(_text(series), use_na_sentinel=True)
        table = np.array([self._add(u) for u in uniques] + [-1], dtype=np.int64)
        return table[codes].tolist()

    def _add(self, value: str) -> int:
        idx = self._index.get(value)
        if idx is None:
            idx = self._index[value] = len(self.values)
            self.values.append(value)
        return idx


def _days(series: pd.Series) -> np.ndarray:
    """ISO dates (or dates, timestamps) as float day numbers since 1970-01-01, NaN when absent."""
    ts = pd.to_datetime(series.astype(object).where(series.notna(), None), errors="coerce")
    values = ts.to_numpy(dtype="datetime64[ns]")
    days = values.astype("datetime64[D]").astype("int64").astype(float)
    days[np.isnat(values)] = np.nan
    return days


def _ints(series: pd.Series) -> list[int | None]:
    nums = pd.to_numeric(series, errors="coerce")
    return [None if pd.isna(v) else int(v) for v in nums]


def _js_offsets(snippet: str | None, mention: str | None) -> tuple[int, int]:
    """Where ``mention`` sits in ``snippet``, in UTF-16 units as JavaScript counts; (-1, -1)."""
    if not snippet or not mention:
        return -1, -1
    start = snippet.find(mention)
    if start < 0:
        low = snippet.lower()
        if len(low) == len(snippet):
            start = low.find(mention.lower())
    if start < 0:
        return -1, -1
    end = start + len(mention)
    if snippet.isascii():
        return start, end
    return _utf16_len(snippet[:start]), _utf16_len(snippet[:end])


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _points(incidents: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int]:
    """The rows that have a point, in EPSG:4326, and how many rows had none."""
    gdf = incidents
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    geom = gdf.geometry
    has = geom.notna() & ~geom.is_empty
    kinds = set(geom[has].geom_type.unique())
    if kinds - {"Point"}:
        bad = gdf[has & (geom.geom_type != "Point")].iloc[0]
        report = bad.get("report_id", "?") if hasattr(bad, "get") else "?"
        msg = (
            f"incident geometries must be Points, found {sorted(kinds - {'Point'})} "
            f"(first in report {report!r})"
        )
        raise MapError(msg)
    return gdf[has], int((~has).sum())


def build_payload(incidents: gpd.GeoDataFrame) -> MapPayload:
    """Turn the incidents GeoDataFrame (the output contract) into the page's payload."""
    if not isinstance(incidents, gpd.GeoDataFrame):
        msg = f"incidents must be a GeoDataFrame, got {type(incidents).__name__}"
        raise MapError(msg)
    gdf, skipped = _points(incidents)
    gdf = gdf.reset_index(drop=True)
    n = len(gdf)
    strings = _Strings()

    iid = _text(_column(gdf, "incident_id"))
    iid = iid.where(iid.notna(), pd.Series([f"row {i}" for i in range(n)], dtype=object))
    inc_codes, inc_uniques = pd.factorize(iid)
    first = gdf[~iid.duplicated()]  # factorize numbers incidents by first row: same order

    etype = _text(_column(gdf, "event_type")).fillna("other")
    etype = etype.where(etype.isin(EVENT_TYPES), "other")
    role = _text(_column(gdf, "role")).fillna("location")
    role = role.where(role.isin(ROLES), "location")
    prec = pd.to_numeric(_column(gdf, "where_prec"), errors="coerce").fillna(1).astype(int)
    bkm = pd.to_numeric(_column(gdf, "border_km"), errors="coerce").round(1)

    snippets = _text(_column(gdf, "snippet"))
    mentions = _text(_column(gdf, "mention"))
    offsets = [_js_offsets(s, m) for s, m in zip(snippets, mentions, strict=True)]

    ds = _days(_column(first, "date_start"))
    de = _days(_column(first, "date_end"))
    de = np.where(np.isnan(de), ds, de)
    url_codes, url_values = pd.factorize(_text(_column(first, "url")))
    safe = np.array([safe_url(u) for u in url_values] + [None], dtype=object)
    urls = pd.Series(safe[url_codes], dtype=object)

    type_index = {t: k for k, t in enumerate(EVENT_TYPES)}
    role_index = {r: k for k, r in enumerate(ROLES)}
    data: dict[str, Any] = {
        "lat": gdf.geometry.y.round(5).tolist(),
        "lon": gdf.geometry.x.round(5).tolist(),
        "t": etype.map(type_index).tolist(),
        "r": role.map(role_index).tolist(),
        "p": prec.tolist(),
        "bk": [None if pd.isna(v) else float(v) for v in bkm],
        "pl": strings.codes(_column(gdf, "place")),
        "di": strings.codes(_column(gdf, "district")),
        "dc": strings.codes(_column(gdf, "district_code")),
        "co": strings.codes(_column(gdf, "country")),
        "sn": strings.codes(snippets),
        "h0": [o[0] for o in offsets],
        "h1": [o[1] for o in offsets],
        "i": inc_codes.tolist(),
        "ds": [None if np.isnan(v) else int(v) for v in ds],
        "de": [None if np.isnan(v) else int(v) for v in de],
        "tm": _type_masks(_column(first, "event_types"), etype[~iid.duplicated()]),
        "dp": _ints(_column(first, "date_prec")),
        # linked accounts (mapper extract --link): the event an incident belongs to, and
        # whether its accounts disagree; absent columns give nulls
        "ev": strings.codes(_column(first, "event_id")),
        "ct": _flags(_column(first, "contested")),
        "k": _ints(_column(first, "killed")),
        "w": _ints(_column(first, "wounded")),
        "c": strings.codes(_column(first, "claimant")),
        "so": strings.codes(_column(first, "source")),
        "ti": strings.codes(_column(first, "title")),
        "u": strings.codes(urls),
        "rid": strings.codes(_column(first, "report_id")),
        "iid": strings.codes(pd.Series(list(inc_uniques), dtype=object)),
        # a whole country is no end of an arrow: a line to its centre says nothing
        "a": _arrow_pairs(inc_codes, role.where(prec < 6, "location").to_numpy()),
    }
    linked, sides = event_columns(gdf, inc_codes, strings.codes)
    data.update(linked)
    data["s"] = strings.values

    dated = ~np.isnan(ds)
    date_range = None
    if dated.any():
        date_range = (int(np.nanmin(ds)), int(np.nanmax(de)), int((~dated).sum()))
    bounds = None
    if n:
        x0, y0, x1, y1 = gdf.total_bounds
        bounds = (float(y0), float(x0), float(y1), float(x1))
    present = [t for t in EVENT_TYPES if (etype == t).any()]
    return MapPayload(
        data=data,
        n_rows=n,
        n_incidents=len(inc_uniques),
        skipped=skipped,
        bounds=bounds,
        types_present=present,
        date_range=date_range,
        district_counts=_district_counts(gdf, iid),
        sides=sides,
    )


def _flags(series: pd.Series) -> list[int | None]:
    """1, 0 or None for true, false or missing (also "true"/"false" text from CSV)."""
    out: list[int | None] = []
    for v in series:
        if isinstance(v, str):
            v = {"true": True, "1": True, "false": False, "0": False}.get(v.strip().lower())
        out.append(None if v is None or v is pd.NA or v != v else int(bool(v)))
    return out


def _type_masks(lists: pd.Series, principal: pd.Series) -> list[int]:
    """Per incident, a bit per event type it reports (``event_types``, else ``event_type``).

    ``event_types`` is a list in GeoJSON and GeoParquet and ``;``-joined text in CSV and
    GeoPackage; the filters match an incident on any of its kinds.
    """
    bit = {t: 1 << k for k, t in enumerate(EVENT_TYPES)}
    out = []
    for kinds, main in zip(lists, principal, strict=True):
        if isinstance(kinds, str):
            kinds = kinds.split(";")
        mask = bit.get(main, bit["other"])
        if isinstance(kinds, list | tuple | np.ndarray):
            for kind in kinds:
                mask |= bit.get(str(kind).strip(), 0)
        out.append(mask)
    return out


def _arrow_pairs(inc_codes: np.ndarray, roles: np.ndarray) -> list[int]:
    """Flat [origin row, target row, ...] for every origin-target pair within one incident."""
    order = np.argsort(inc_codes, kind="stable")
    pairs: list[int] = []
    codes = inc_codes[order]
    bounds = np.flatnonzero(np.diff(codes)) + 1
    for group in np.split(order, bounds):
        if len(group) < 2:
            continue
        origins = [int(i) for i in group if roles[i] == "origin"]
        targets = [int(i) for i in group if roles[i] == "target"]
        count = 0
        for o in origins:
            for t in targets:
                if count >= _MAX_ARROWS_PER_INCIDENT:
                    break
                pairs += [o, t]
                count += 1
    return pairs


def _district_counts(gdf: pd.DataFrame, iid: pd.Series) -> dict[str, int]:
    """Distinct incidents per district code (falling back to the district's name)."""
    key = _text(_column(gdf, "district_code"))
    key = key.where(key.notna(), _text(_column(gdf, "district")))
    frame = pd.DataFrame({"key": key, "iid": iid}).dropna()
    if frame.empty:
        return {}
    return {str(k): int(v) for k, v in frame.groupby("key")["iid"].nunique().items()}
