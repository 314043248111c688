"""Join places to countries, districts and border lines; distance to the border."""

from mapper.spatial.join import LineIndex, border_index, join_layers, locate, near_border
from mapper.spatial.layers import (
    REGIONS,
    Layers,
    bundled_path,
    derive_borders,
    describe,
    load_layers,
)

__all__ = [
    "REGIONS",
    "Layers",
    "LineIndex",
    "border_index",
    "bundled_path",
    "derive_borders",
    "describe",
    "join_layers",
    "load_layers",
    "locate",
    "near_border",
]
