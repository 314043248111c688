"""Read reports: text, Markdown, HTML, JSON Lines, JSON, CSV; folders and stdin."""

from mapper.reports.inputs import as_reports
from mapper.reports.readers import (
    Report,
    parse_published,
    read_reports,
    read_text_report,
    report_from_row,
)
from mapper.reports.walk import Skipped

__all__ = [
    "Report",
    "Skipped",
    "as_reports",
    "parse_published",
    "read_reports",
    "read_text_report",
    "report_from_row",
]
