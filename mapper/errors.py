"""Every error the package raises on purpose."""

from __future__ import annotations


class MapperError(Exception):
    """Base class of the package's errors."""


class LayerError(MapperError):
    """A layer file is missing, empty, unreadable or has no CRS; or a region is unknown."""


class ReportError(MapperError):
    """A report cannot be read or parsed; the message names the report."""

    def __init__(self, report: str, problem: str) -> None:
        self.report = report
        self.problem = problem
        super().__init__(f"{report}: {problem}")


class GazetteerError(MapperError):
    """The gazetteer or one of its inputs cannot be loaded."""


class GeocoderError(MapperError):
    """An online geocoder failed (timeout, refusal, bad answer)."""


class ExportError(MapperError):
    """An output file cannot be written (unknown format, bad path)."""


class MapError(MapperError):
    """A map cannot be built or rendered."""
