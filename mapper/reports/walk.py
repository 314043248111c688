"""Which files a run reads, and the id each one's reports get.

Folders are walked recursively; every entry that could not be looked at (an unreadable
folder, a dangling link) is an error naming it, and an earlier run's output found in a folder
is a :class:`Skipped` note rather than a failed report. Ids are file stems, made path-based
where two files of one run share a stem, so that no two reports of a run share an id.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from mapper.errors import ReportError

#: file endings read when walking folders; a file named explicitly is read whatever its ending
SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson"}
    | {".json", ".csv", ".tsv"}
)
_OUTPUT_REASON = "an incidents file written by mapper extract, not reports (name it to read it)"
#: the first bytes of a CSV written by ``mapper extract`` (its contract's first columns)
_OUTPUT_CSV = b"report_id,incident_id,mention"


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input left out on purpose (an earlier run's output in a folder), and why."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Source:
    """One file to read: its path, the name shown for it and the id (stem) of its reports."""

    path: Path
    name: str
    stem: str
    note: str | None = None  # said of every report of the file (a name that is not UTF-8)


def display(path: str | os.PathLike[str]) -> str:
    """A path as printable text: bytes that are not UTF-8 shown as ``\\xNN`` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def list_sources(paths: list[str | Path]) -> list[Source | ReportError | Skipped | str]:
    """The files of ``paths`` in order, with errors and skips in place; ``"-"`` kept as is.

    Stems shared by two files of the run become paths relative to the folder given (or the
    path as given), so ``a/report.txt`` and ``b/report.md`` are ``a/report`` and ``b/report``.
    """
    found: list[tuple[Path, Path | None] | ReportError | Skipped | str] = []
    for item in paths:
        if str(item) == "-":
            found.append("-")
            continue
        path = Path(item)
        if path.is_dir():
            found += _walk(path)
        elif path.exists():
            found.append((path, None))
        elif path.is_symlink():
            found.append(
                ReportError(display(path), f"dangling link to {display(os.readlink(path))}")
            )
        else:
            found.append(ReportError(display(path), "no such file or folder"))
    files = [f for f in found if isinstance(f, tuple)]
    stems = Counter(_clean_stem(p) for p, _ in files)
    relative = Counter(_relative(p, base, suffix=False) for p, base in files)
    out: list[Source | ReportError | Skipped | str] = []
    for entry in found:
        if not isinstance(entry, tuple):
            out.append(entry)
            continue
        path, base = entry
        stem = _clean_stem(path)
        if stems[stem] > 1:
            stem = _relative(path, base, suffix=False)
            if relative[stem] > 1:
                stem = _relative(path, base, suffix=True)
        name = display(path)
        note = None if name == str(path) else "file name is not UTF-8: shown with \\x escapes"
        out.append(Source(path, name, stem, note))
    return out


def _walk(root: Path) -> list[tuple[Path, Path | None] | ReportError | Skipped]:
    """Report files under ``root`` in path order (hidden entries skipped), with what could not
    be read in its place."""
    out: list[tuple[Path, Path | None] | ReportError | Skipped] = []
    keys: list[str] = []  # each entry's path, to sort by
    seen: set[tuple[int, int]] = set()

    def unreadable(exc: OSError) -> None:
        where = display(exc.filename or root)
        out.append(ReportError(where, f"cannot read folder: {exc.strerror or exc}"))
        keys.append(str(exc.filename or root))

    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=True):
        try:
            st = os.stat(folder)
        except OSError as exc:
            out.append(ReportError(display(folder), f"cannot read folder: {exc.strerror}"))
            keys.append(folder)
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:  # a link back up the tree: walked already
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            path = Path(folder, name)
            if not path.exists():
                target = display(os.readlink(path)) if path.is_symlink() else "?"
                out.append(ReportError(display(path), f"dangling link to {target}"))
            elif not path.is_file():
                out.append(ReportError(display(path), "not a regular file"))
            elif _is_output(path):
                out.append(Skipped(display(path), _OUTPUT_REASON))
            else:
                out.append((path, root))
            keys += [str(path)] * (len(out) - len(keys))
    order = sorted(range(len(out)), key=lambda i: Path(keys[i]).parts)
    return [out[i] for i in order]


def _is_output(path: Path) -> bool:
    """Whether a CSV or JSON file found in a folder is an earlier run's incidents file."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False  # reading it will say what is wrong
    if suffix == ".csv":
        return head.lstrip(b"\xef\xbb\xbf").startswith(_OUTPUT_CSV)
    return b'"FeatureCollection"' in head and b'"incident_id"' in head


def _clean_stem(path: Path) -> str:
    return display(path.stem)


def _relative(path: Path, base: Path | None, *, suffix: bool) -> str:
    rel = path.relative_to(base) if base is not None else path
    if not suffix:
        rel = rel.with_suffix("")
    return display(rel.as_posix())
