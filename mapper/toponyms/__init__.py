"""Find place mentions in text: gazetteer names, cues ("X region", "village of X") and demonyms."""

from mapper.toponyms.finder import Demonym, Mention, find_demonyms, find_mentions

__all__ = [
    "Demonym",
    "Mention",
    "find_demonyms",
    "find_mentions",
]
