"""Checks of a gazetteer index read back from the cache: dtypes, shapes, offsets, ranges.

Apart from ``store`` so that the format and its reader stay small; nothing here maps or
writes a file.
"""

from __future__ import annotations

import codecs
from collections import Counter
from pathlib import Path

import numpy as np

from mapper.errors import CacheError

#: every array of an index and its dtype (what ``write_store`` writes, nothing else is read)
COLUMNS: dict[str, type] = {
    "gid": np.int64, "kind": np.uint8, "lat": np.float64, "lon": np.float64,
    "country": np.int32, "prec": np.uint8, "pop": np.int64, "admin1": np.int32,
    "fcode": np.int32, "source": np.int32, "admin2": np.int64, "names": np.uint8,
    "name_off": np.int64, "hash": np.uint64, "keys": np.uint8, "key_off": np.int64,
    "key_flags": np.uint8, "post_start": np.int64, "post_row": np.int32,
    "post_flags": np.uint8, "group_keys": np.uint8, "group_off": np.int64,
}  # fmt: skip
_ROW_COLUMNS = ("gid", "kind", "lat", "lon", "country", "prec", "pop", "admin1", "fcode",
                "source", "admin2")  # fmt: skip


def check_arrays(
    path: Path,
    a: dict[str, np.ndarray],
    n_strings: int,
    groups: dict[str, tuple[int, int]],
    n_kinds: int,
) -> None:
    """Raise :class:`CacheError` unless the arrays fit together as ``write_store`` wrote them.

    Vectorised over whole columns (a few ms): a cut, swapped or overwritten file must give a
    rebuild, never an index that answers with another place's name or crashes on look-up.
    """
    # the count most files agree on: the one file that differs is the damaged one
    n_rows = _most_common([*(len(a[n]) for n in _ROW_COLUMNS), len(a["name_off"]) - 1])
    n_keys = _most_common([len(a["hash"]), len(a["key_flags"]), len(a["key_off"]) - 1,
                           len(a["post_start"]) - 1])  # fmt: skip
    n_groups = len(a["group_off"]) - 1
    lengths = {**dict.fromkeys(_ROW_COLUMNS, n_rows), "name_off": n_rows + 1,
               "hash": n_keys, "key_flags": n_keys, "key_off": n_keys + 1, "post_start": n_keys + 1,
               "post_flags": len(a["post_row"])}  # fmt: skip
    problems = {
        name: f"dtype {arr.dtype}, not {np.dtype(COLUMNS[name])}"
        for name, arr in a.items()
        if arr.dtype != COLUMNS[name] or arr.ndim != 1
    }
    problems.update({
        name: f"{len(a[name])} entries, not {n}" for name, n in lengths.items()
        if name not in problems and len(a[name]) != n
    })  # fmt: skip
    if problems:
        name, problem = next(iter(problems.items()))
        msg = f"{path / name}.npy: {problem}"
        raise CacheError(msg)
    checks = {
        "name_off": _offsets(a["name_off"], len(a["names"])),
        "key_off": _offsets(a["key_off"], len(a["keys"])),
        "post_start": _offsets(a["post_start"], len(a["post_row"])),
        "group_off": _offsets(a["group_off"], len(a["group_keys"])) and all(
            0 <= lo <= hi <= n_groups for lo, hi in groups.values()),
        "hash": not n_keys or bool(np.all(a["hash"][1:] >= a["hash"][:-1])),
        "post_row": not len(a["post_row"]) or (
            int(a["post_row"].min()) >= 0 and int(a["post_row"].max()) < n_rows),
        "kind": not n_rows or int(a["kind"].max()) < n_kinds,
        "lat": bool(np.all(np.abs(a["lat"]) <= 90)),
        "lon": bool(np.all(np.abs(a["lon"]) <= 180)),
    }  # fmt: skip
    for name in ("names", "keys"):  # text overwritten with other bytes is seldom UTF-8
        checks[name] = _utf8(a[name])
    for name in ("country", "admin1", "fcode", "source"):  # codes into meta.json's strings
        checks[name] = not n_rows or -1 <= int(a[name].min()) <= int(a[name].max()) < n_strings
    for name, ok in checks.items():
        if not ok:
            msg = f"{path / name}.npy: values out of range for the other files"
            raise CacheError(msg)


def _most_common(counts: list[int]) -> int:
    return Counter(counts).most_common(1)[0][0]


def _utf8(blob: np.ndarray) -> bool:
    try:
        codecs.utf_8_decode(memoryview(blob.data).cast("B") if len(blob) else b"", "strict", True)
    except UnicodeDecodeError:
        return False
    return True


def _offsets(off: np.ndarray, size: int) -> bool:
    # offsets into a blob start at 0, never go back, and end at the blob's end
    return bool(len(off) and off[0] == 0 and off[-1] == size and np.all(off[1:] >= off[:-1]))
