"""border-incident mapper: written reports of border incidents in, maps out.

The public API (imported lazily, so that the command line starts fast)::

    import mapper
    gdf = mapper.extract("examples/reports")          # GeoDataFrame, the output contract
    lazy = mapper.extract_dask("big.jsonl")           # dask_geopandas.GeoDataFrame (Dask)
    layers = mapper.load_layers("caucasus")          # countries, borders, districts
    m = mapper.build_map(gdf, layers)                 # folium.Map
    mapper.write(gdf, "incidents.gpkg")               # GeoJSON, GeoPackage, CSV, GeoParquet
    linked = mapper.link(gdf)                         # event_id, contested across reports
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "extract": "mapper.pipeline",
    "extract_dask": "mapper.scale",
    "iter_batches": "mapper.pipeline",
    "Summary": "mapper.pipeline",
    "load_layers": "mapper.spatial",
    "Layers": "mapper.spatial",
    "read_reports": "mapper.reports",
    "Report": "mapper.reports",
    "geocode_text": "mapper.geocoding",
    "OfflineGeocoder": "mapper.geocoding",
    "extract_incidents": "mapper.incidents",
    "join_layers": "mapper.spatial",
    "build_map": "mapper.maps",
    "save_map": "mapper.maps",
    "write": "mapper.export",
    "link": "mapper.linking",
    "events": "mapper.linking",
    "write_events": "mapper.linking",
    "read_incidents": "mapper.export",
    "settings": "mapper.settings",
}
__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        module = importlib.import_module(_API[name])
        return module if name == "settings" else getattr(module, name)
    msg = f"module 'mapper' has no attribute {name!r}"
    raise AttributeError(msg)
