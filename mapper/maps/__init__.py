"""Draw incidents as a self-contained Leaflet map (folium), and stills of it."""

from mapper.maps.map import build_map, preview_layers_map, save_map, screenshot

__all__ = [
    "build_map",
    "preview_layers_map",
    "save_map",
    "screenshot",
]
