"""What the map says about itself: its default title, and the legend's symbols and classes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import geopandas as gpd

from mapper.contract import EVENT_TYPES
from mapper.maps.events import CONTESTED_COLOR
from mapper.maps.overlays import BORDER_NEAR, BORDER_OTHER, ZONE_COLOR
from mapper.maps.payload import TYPE_COLORS, TYPE_LABELS, MapPayload

_MAX_BORDERS_IN_TITLE = 3


def default_title(payload: MapPayload, borders: gpd.GeoDataFrame, counts: list[int]) -> str:
    """The borders most incidents lie near, and the dates they span.

    E.g. "India–Pakistan border incidents, 3 Mar 2024 – 11 May 2024".
    """
    best: dict[str, int] = {}
    names = borders["name"] if "name" in borders.columns else [None] * len(borders)
    for name, count in zip(names, counts, strict=True):
        if isinstance(name, str) and count > 0:
            best[name] = max(best.get(name, 0), count)
    ranked = sorted(best, key=lambda n: (-best[n], n))[:_MAX_BORDERS_IN_TITLE]
    # a border with a stray incident or two next to a busy one is not what the map is about
    ranked = [n for n in ranked if best[n] * 4 >= best[ranked[0]]]
    if len(ranked) == 1:
        title = f"{ranked[0]} border incidents"
    elif ranked:
        title = "Border incidents: " + ", ".join(ranked)
    else:
        title = "Border incidents"
    if payload.date_range is not None:
        first, last = (_day(d) for d in payload.date_range[:2])
        title += f", {first}" if first == last else f", {first} – {last}"
    return title


def _day(days: int) -> str:
    date = dt.date(1970, 1, 1) + dt.timedelta(days=int(days))
    return f"{date.day} {date:%b %Y}"


def legend_spec(
    payload: MapPayload, district_bins: list[tuple[int, int, str]], near: float, any_near: bool
) -> dict[str, Any]:
    """The legend's sections of symbols and labels, and a note of what is not shown."""
    types = payload.types_present or list(EVENT_TYPES)
    grey = "#777"
    sections: list[dict[str, Any]] = [
        {
            "title": "Event type",
            "key": "types",
            "items": [
                {"label": TYPE_LABELS[t], "symbol": {"fill": TYPE_COLORS[t], "stroke": "#222"}}
                for t in types
            ],
        },
        {
            "title": "Place",
            "key": "roles",
            "items": [
                {"label": "target (was hit)", "symbol": {"fill": grey, "stroke": "#222"}},
                {
                    "label": "origin (fired from)",
                    "symbol": {"fill": "#fff", "stroke": grey, "weight": 3, "radius": 5},
                },
                {
                    "label": "mentioned only",
                    "symbol": {"fill": grey, "fillOpacity": 0.35, "stroke": grey, "radius": 4},
                },
                {
                    "label": "approximate (district or wider)",
                    "symbol": {"fill": grey, "stroke": "#222", "dash": "3 2", "radius": 7},
                },
                {
                    "label": "larger: more killed and wounded",
                    "symbol": {"fill": grey, "stroke": "#222", "radius": 8.5},
                },
                {
                    "label": "fire from origin to target",
                    "symbol": {"line": True, "stroke": "#D55E00", "weight": 2.5},
                },
            ],
        },
        {
            "title": "Border",
            "key": "border",
            "items": [
                *(
                    [
                        {
                            "label": f"within {near:g} km of a target or origin",
                            "symbol": {"line": True, "stroke": BORDER_NEAR, "weight": 4.5},
                        }
                    ]
                    if any_near
                    else []
                ),
                {
                    "label": "international border",
                    "symbol": {"line": True, "stroke": BORDER_OTHER, "weight": 2.2},
                },
                {
                    "label": f"{near:g} km band along it",
                    "symbol": {
                        "box": True,
                        "fill": ZONE_COLOR,
                        "fillOpacity": 0.2,
                        "stroke": ZONE_COLOR,
                    },  # fmt: skip
                },
            ],
        },
    ]
    if district_bins:
        sections.append(
            {
                "title": "Incidents per district (targets and origins)",
                "key": "districts",
                "items": [
                    {
                        "label": f"{lo}" if lo == hi else f"{lo}–{hi}",
                        "symbol": {"box": True, "fill": color, "stroke": "#6b6b6b"},
                    }
                    for lo, hi, color in district_bins
                ],
            }
        )
    if len(payload.data.get("E", {}).get("lat", ())):
        sections.append(_linked_section(payload))
    note = ""
    if payload.skipped:
        note = f"{payload.skipped:,} places without coordinates are not shown."
    return {"sections": sections, "note": note}


def _linked_section(payload: MapPayload) -> dict[str, Any]:
    """Events told by several reports: their marker, the contested ring, an arrow per side."""
    grey = "#777"
    items: list[dict[str, Any]] = [
        {
            "label": "one event, several reports",
            "symbol": {"fill": grey, "stroke": "#222", "weight": 3, "radius": 7},
        },
        {
            "label": "contested: the accounts disagree",
            "symbol": {"fill": grey, "stroke": CONTESTED_COLOR, "weight": 3.5, "radius": 7},
        },
    ]
    for side in payload.sides:
        label = f"fire as {side['label']} claims it" if side["key"] else "fire, side not known"
        symbol = {"line": True, "stroke": side["color"], "dash": side["dash"], "weight": 2.5}
        items.append({"label": label, "symbol": symbol})
    return {
        "title": "Reports of one event (arrows by claimant's side)",
        "key": "events",
        "items": items,
    }
