"""What the map's legend says: event types, roles, border symbols and district classes."""

from __future__ import annotations

from typing import Any

from mapper.contract import EVENT_TYPES
from mapper.maps.overlays import BORDER_NEAR, BORDER_OTHER, ZONE_COLOR
from mapper.maps.payload import TYPE_COLORS, TYPE_LABELS, MapPayload


def legend_spec(
    payload: MapPayload,
    title: str | None,
    district_rows: list[tuple[str, str]],
    near: float,
    any_near: bool,
) -> dict[str, Any]:
    """The legend control's content: sections of symbols and labels, and a note."""
    types = payload.types_present or list(EVENT_TYPES)
    sections: list[dict[str, Any]] = [
        {
            "title": "Event type",
            "items": [
                {
                    "label": TYPE_LABELS[t],
                    "symbol": {"fill": TYPE_COLORS[t], "stroke": "#222", "radius": 6},
                }
                for t in types
            ],
        },
        {
            "title": "Role of the place",
            "items": [
                {"label": "target (was hit)", "symbol": {"fill": "#777", "stroke": "#222"}},
                {
                    "label": "origin (fired from)",
                    "symbol": {"fill": "#fff", "stroke": "#777", "weight": 3, "radius": 5},
                },
                {
                    "label": "location (mentioned)",
                    "symbol": {"fill": "#777", "fillOpacity": 0.35, "stroke": "#777", "radius": 4},
                },
                {
                    "label": "approximate (district or wider)",
                    "symbol": {"fill": "#777", "stroke": "#222", "dash": "3 2", "radius": 8},
                },
                {
                    "label": "fire from origin to target",
                    "symbol": {"line": True, "stroke": "#D55E00", "weight": 2.5},
                },
            ],
        },
        {
            "title": "Border",
            "items": [
                *(
                    [
                        {
                            "label": f"border with incidents within {near:g} km",
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
                    "label": f"within {near:g} km of the border",
                    "symbol": {
                        "box": True,
                        "fill": ZONE_COLOR,
                        "fillOpacity": 0.2,
                        "stroke": ZONE_COLOR,
                    },
                },
            ],
        },
    ]
    if district_rows:
        sections.append(
            {
                "title": "Incidents per district",
                "items": [
                    {
                        "label": label,
                        "symbol": {"box": True, "fill": color, "stroke": "#6b6b6b"},
                    }
                    for color, label in district_rows
                ],
            }
        )
    note = f"{payload.n_incidents:,} incidents at {payload.n_rows:,} places."
    if payload.skipped:
        note += f" {payload.skipped:,} places without coordinates are not shown."
    note += " Click a marker for the report."
    return {"title": title or "Border incidents", "sections": sections, "note": note}
