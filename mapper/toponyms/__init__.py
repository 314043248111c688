"""Find place mentions in text: gazetteer names, cues ("X region", "village of X") and demonyms."""

from mapper.toponyms.finder import Scan, find_demonyms, find_mentions, scan_text
from mapper.toponyms.mention import Demonym, Mention
from mapper.toponyms.scope import Scope, report_scope

__all__ = [
    "Demonym",
    "Mention",
    "Scan",
    "Scope",
    "find_demonyms",
    "find_mentions",
    "report_scope",
    "scan_text",
]
