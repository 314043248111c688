"""Every error the package raises on purpose."""

from __future__ import annotations

import signal


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

    def __reduce__(self) -> tuple[type[ReportError], tuple[str, str]]:
        # picklable, to travel from a Dask worker or another process
        return type(self), (self.report, self.problem)


class GazetteerError(MapperError):
    """The gazetteer or one of its inputs cannot be loaded."""


class CacheError(GazetteerError):
    """A cached file is missing, damaged or of the wrong shape (it is rebuilt), or no cache
    folder can be written, neither the configured one nor the per-user fallback."""


class GeocoderError(MapperError):
    """An online geocoder failed (timeout, refusal, bad answer)."""


class ExportError(MapperError):
    """An output file cannot be written (unknown format, bad path)."""


class MapError(MapperError):
    """A map cannot be built or rendered."""


class InputError(MapperError):
    """The inputs of a run are unusable as given (a missing path, the output among them)."""


class ReportTimeout(MapperError):
    """One report took longer than the per-report time limit."""


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal; ``signum`` names it (SIGINT, SIGTERM, SIGHUP).

    A ``KeyboardInterrupt``, so that it passes every ``except Exception`` and unwinds the
    writers, which remove their partial files on the way out.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)
