"""The offline gazetteer: index sources, build and cache, look-up of names to candidate places."""

from mapper.gazetteer.loading import KEEP_CACHED, add_places, alias_table_path, load_gazetteer
from mapper.gazetteer.lookup import Candidate, Gazetteer

__all__ = [
    "KEEP_CACHED",
    "Candidate",
    "Gazetteer",
    "add_places",
    "alias_table_path",
    "load_gazetteer",
]
