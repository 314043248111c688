"""Resolve mentions to places in the report's context (offline geocoder, online fallback)."""

from mapper.geocoding.resolve import (
    Place,
    ResolvedMention,
    TextPlaces,
    geocode_text,
    rank_candidates,
    resolve_spans,
    resolve_text,
    unresolved_note,
)

__all__ = [
    "OfflineGeocoder",
    "Place",
    "ResolvedMention",
    "TextPlaces",
    "geocode_text",
    "rank_candidates",
    "resolve_spans",
    "resolve_text",
    "unresolved_note",
]


def __getattr__(name: str) -> object:
    # geopy (and requests under it) costs 0.2 s to import: only OfflineGeocoder's users pay
    if name == "OfflineGeocoder":
        from mapper.geocoding.geocoder import OfflineGeocoder

        return OfflineGeocoder
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
