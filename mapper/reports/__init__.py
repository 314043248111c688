"""Read reports: text, Markdown, HTML, JSON Lines, JSON, CSV; folders and stdin."""

from mapper.reports.readers import Report, parse_published, read_reports, read_text_report

__all__ = [
    "Report",
    "parse_published",
    "read_reports",
    "read_text_report",
]
