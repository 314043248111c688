"""Progress display of long runs: a bar of reports (total, rate, time left) and the index load.

Shown on a terminal only; elsewhere (pipes, CI logs) nothing is drawn.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

from mapper import settings
from mapper.gazetteer import load_gazetteer
from mapper.gazetteer.cache import fallback_cache_dir


class ReportProgress:
    """A bar of reports done: ``N/TOTAL``, percent, reports/s and time left when the total is
    known, a count and rate otherwise. Use as a context manager; ``advance`` per report(s)."""

    def __init__(self, console: Console, total: int | None, description: str = "reports") -> None:
        self.total = total
        self._bar: Progress | None = None
        if console.is_terminal:
            counted = MofNCompleteColumn() if total is not None else TextColumn("{task.completed}")
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                counted,
                TaskProgressColumn(),
                TextColumn("{task.fields[rate]}"),
                TextColumn("{task.fields[left]}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )  # fmt: skip
            self._task = self._bar.add_task(description, total=total, rate="", left="")
        self._start = time.perf_counter()
        self.done = 0

    def __enter__(self) -> ReportProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more reports done."""
        self.done += n
        if self._bar is None:
            return
        # over the whole run: reports come in batches, so a recent-window rate would jump
        elapsed = time.perf_counter() - self._start
        speed = self.done / elapsed if elapsed > 0.5 and self.done else 0.0
        rate = f"{speed:,.0f} reports/s" if speed else ""
        total = max(self.total, self.done) if self.total is not None else None
        left = ""
        if speed and total is not None:
            seconds = int((total - self.done) / speed)
            left = f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d} left"
        self._bar.update(self._task, completed=self.done, total=total, rate=rate, left=left)


def load_index(console: Console) -> None:
    """Load the gazetteer index before the reports, saying so while it loads: on a fresh
    cache it is built first, which takes a while, once."""
    before = _cached()
    start = time.perf_counter()
    if not console.is_terminal or console.quiet:
        load_gazetteer()
    else:
        with Progress(
            SpinnerColumn(),
            TextColumn("gazetteer index: loading (built once on a fresh cache, ~1 min)"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            bar.add_task("index", total=None)
            load_gazetteer()
    if _cached() - before and not console.quiet:
        took = time.perf_counter() - start
        console.print(f"built the gazetteer index in {took:.0f} s (cached for the next runs)")


def _cached() -> set[str]:
    """Paths in the cache folder and its fallback (a new one: the index was built)."""
    found: set[str] = set()
    for folder in (Path(settings.cache_dir), fallback_cache_dir()):
        with contextlib.suppress(OSError):
            found.update(str(p) for p in folder.iterdir())
    return found
