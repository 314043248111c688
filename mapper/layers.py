"""Border, country and district layers: bundled regions or the user's own files."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd


@dataclass(frozen=True, slots=True)
class Layers:
    """The three layers every later stage joins to, in EPSG:4326.

    countries: ``name``, ``iso_a2``, ``iso_a3``, geometry (polygons)
    districts: ``name`` (English), ``name_local``, ``iso_3166_2``, ``country`` (alpha-2),
        ``geonameid``, ``type``, ``province``, ``aliases`` ("|"-joined), geometry (polygons)
    borders: ``country_a``, ``country_b`` (alpha-2, sorted), ``name``, ``section``,
        ``length_km``, geometry (lines)
    """

    countries: gpd.GeoDataFrame
    borders: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    region: str


def load_layers(region: str | None = None) -> Layers:
    """Load the bundled layers of ``region`` (default: ``settings.default_region``)."""
    raise NotImplementedError
