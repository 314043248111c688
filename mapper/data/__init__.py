"""Word lists and tables as data files, and the one loader that reads them.

Each file holds one list, one entry a line, with ``#`` comment lines at the top saying what
it is for. ``.txt`` files are word lists; ``.tsv`` files are tables (tab-separated, the first
column the key). Lists are read once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["read_lines", "read_table", "read_words"]


@cache
def read_lines(name: str) -> tuple[str, ...]:
    """The non-blank, non-comment lines of the data file ``name``.

    Parameters
    ----------
    name : str
        File name under ``mapper/data`` (e.g. ``"common_words.txt"``).

    Returns
    -------
    tuple of str
        The lines, stripped, in file order.
    """
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def read_words(name: str) -> frozenset[str]:
    """A word list (one entry a line) as a set."""
    return frozenset(read_lines(name))


@cache
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated table: one tuple of stripped cells per line."""
    return tuple(tuple(c.strip() for c in line.split("\t")) for line in read_lines(name))
