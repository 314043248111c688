"""The offline gazetteer as a geopy ``Geocoder``: one more backend of geopy's shape."""

from __future__ import annotations

import math

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from mapper.gazetteer.loading import load_gazetteer
from mapper.gazetteer.lookup import Candidate
from mapper.geocoding.resolve import rank_candidates


def _location(c: Candidate) -> Location:
    address = ", ".join(p for p in (c.name, c.admin1 or "", c.country) if p)
    raw = {f: getattr(c, f) for f in Candidate.__slots__}
    return Location(address, Point(c.lat, c.lon), raw)


class OfflineGeocoder(Geocoder):
    """geopy-compatible geocoder backed by the offline gazetteer; it never opens a socket.

    >>> OfflineGeocoder().geocode("Karvachar").raw["name"]
    'Kalbajar'
    """

    def __init__(self, *, country_bias: str | None = None) -> None:
        super().__init__(user_agent="border-incident-mapper (offline)")
        self.country_bias = country_bias

    def geocode(  # type: ignore[override]
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: object = DEFAULT_SENTINEL,
        country_codes: str | list[str] | None = None,
    ) -> Location | list[Location] | None:
        """Geocode a place name; ``country_codes`` restricts to those countries."""
        codes = [country_codes] if isinstance(country_codes, str) else country_codes or []
        codes = [c.upper() for c in codes]
        ranked = rank_candidates(query, codes[0] if codes else self.country_bias)
        if codes:
            ranked = [c for c in ranked if c.country in codes]
        if not ranked:
            return None
        return _location(ranked[0]) if exactly_one else [_location(c) for c in ranked]

    def reverse(  # type: ignore[override]
        self,
        query: object,
        *,
        exactly_one: bool = True,
        timeout: object = DEFAULT_SENTINEL,
    ) -> Location | list[Location] | None:
        """The nearest places of the core tier to a point (``"lat, lon"``, tuple or Point)."""
        point = Point(query)
        rows = load_gazetteer().rows
        scale = math.cos(math.radians(point.latitude))
        ranked = sorted(
            (r for r in rows if r[2] == "settlement"),
            key=lambda r: (r[3] - point.latitude) ** 2 + ((r[4] - point.longitude) * scale) ** 2,
        )[: 1 if exactly_one else 10]
        if not ranked:
            return None
        locs = [_location(Candidate(*r)) for r in ranked]
        return locs[0] if exactly_one else locs
