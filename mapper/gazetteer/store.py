"""Compact storage of the gazetteer index: numpy arrays in ``.npy`` files, memory-mapped.

Nothing here is a Python object per place or per name: rows are columns, names and keys are
UTF-8 blobs with offsets, and a key is found by its 64-bit hash (binary search in a sorted
array). A loaded index costs a few MB of private memory whatever its size, loads in
milliseconds, and the pages are shared by every process that maps the same files (Dask
workers on one machine).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mapper.errors import CacheError
from mapper.gazetteer.store_checks import COLUMNS, check_arrays

#: kinds of place, in the order of the ``kind`` column's codes
KINDS = ("settlement", "district", "province", "country", "natural", "region")

#: per-key flags
SCAN = 1  # worth looking for in running text
CORE = 2  # scanned by the former "core" tier (a profile's region, big cities, countries)
#: per-posting flags (a name reaches a place ...)
CURATED = 1  # ... through the hand-made alias table or a user's file
DEMONYM = 2  # ... as the adjective or demonym of a country ("Russian")
ABBREVIATION = 4  # ... as an abbreviation or short form ("U.S.", "J&K")
SCANNED = 8  # ... as a name worth looking for in text (the key's SCAN comes from these)

#: longest name, in words, that is looked for in running text
MAX_SCAN_WORDS = 6

_WORD = re.compile(r"[a-z0-9]+")
# words joined by single spaces: no key crosses the end of one (keys match whole words)
_CHUNK = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
#: chunks and runs of words whose keys are remembered (about 100 bytes each)
_MEMO_SIZE = 200_000
_NONE: tuple[tuple[int, int, str, int], ...] = ()


def _runs(chunk: str) -> list[tuple[int, int]]:
    """Start and end of every run of 1 to ``MAX_SCAN_WORDS`` words of a chunk (words joined
    by single spaces), by first word then length."""
    starts, ends, at = [], [], 0
    for word in chunk.split(" "):
        starts.append(at)
        at += len(word)
        ends.append(at)
        at += 1
    n = len(starts)
    return [(starts[i], ends[k]) for i in range(n) for k in range(i, min(i + MAX_SCAN_WORDS, n))]


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a folded key (Python's ``hash`` changes per process)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


@dataclass(frozen=True, slots=True)
class Row:
    """One place as the builder collects it (field order of ``Candidate`` less the flags)."""

    name: str
    geonameid: int | None
    kind: str
    lat: float
    lon: float
    country: str | None
    where_prec: int
    population: int = 0
    admin1: str | None = None
    feature_code: str | None = None
    source: str = "geonames"
    admin2: int | None = None

    def __getitem__(self, i: int) -> object:
        # rows were tuples in the field order of Candidate: row[0] is the name
        return getattr(self, self.__slots__[i])  # type: ignore[attr-defined]


class _Strings:
    """A table of distinct short strings (codes, sources) stored as one JSON list."""

    def __init__(self, values: Sequence[str] = ()) -> None:
        self.values = list(values)
        self.index = {v: i for i, v in enumerate(self.values)}

    def code(self, value: str | None) -> int:
        if value is None:
            return -1
        i = self.index.get(value)
        if i is None:
            i = self.index[value] = len(self.values)
            self.values.append(value)
        return i

    def get(self, code: int) -> str | None:
        return None if code < 0 else self.values[code]


def _blob(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [t.encode() for t in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(), offsets


def write_store(
    path: Path,
    rows: Sequence[Row],
    keys: Sequence[str],
    key_flags: np.ndarray,
    postings: np.ndarray,
    groups: dict[str, list[str]] | None = None,
) -> None:
    """Write an index to the folder ``path`` (atomically: a reader never sees half of it).

    Parameters
    ----------
    rows
        Every place.
    keys, key_flags
        The folded names and their flags (``SCAN``), by key number.
    postings
        Array of shape (3, n): key number, row number, posting flags (one per pair).
    groups
        Named lists of keys (the scanned keys of each country), read back by ``group``.
    """
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    strings = _Strings()
    cols: dict[str, np.ndarray] = {
        "gid": np.array([r.geonameid or 0 for r in rows], dtype=np.int64),
        "kind": np.array([KINDS.index(r.kind) for r in rows], dtype=np.uint8),
        "lat": np.array([r.lat for r in rows], dtype=np.float64),
        "lon": np.array([r.lon for r in rows], dtype=np.float64),
        "country": np.array([strings.code(r.country) for r in rows], dtype=np.int32),
        "prec": np.array([r.where_prec for r in rows], dtype=np.uint8),
        "pop": np.array([r.population for r in rows], dtype=np.int64),
        "admin1": np.array([strings.code(r.admin1) for r in rows], dtype=np.int32),
        "fcode": np.array([strings.code(r.feature_code) for r in rows], dtype=np.int32),
        "source": np.array([strings.code(r.source) for r in rows], dtype=np.int32),
        "admin2": np.array([r.admin2 or 0 for r in rows], dtype=np.int64),
    }
    cols["names"], cols["name_off"] = _blob(r.name for r in rows)
    hashes = np.fromiter((key_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
    order = np.argsort(hashes, kind="stable")
    where = np.empty(len(keys), dtype=np.int64)
    where[order] = np.arange(len(keys))
    cols["hash"] = hashes[order]
    cols["keys"], cols["key_off"] = _blob(keys[i] for i in order.tolist())
    cols["key_flags"] = np.asarray(key_flags, dtype=np.uint8)[order]
    pos = where[postings[0]]
    by = np.lexsort((postings[1], pos))
    cols["post_start"] = np.searchsorted(pos[by], np.arange(len(keys) + 1)).astype(np.int64)
    cols["post_row"] = postings[1][by].astype(np.int32)
    cols["post_flags"] = postings[2][by].astype(np.uint8)
    spans: dict[str, tuple[int, int]] = {}
    flat: list[str] = []
    for g, members in sorted((groups or {}).items()):
        spans[g] = (len(flat), len(flat) + len(members))
        flat += sorted(members)
    cols["group_keys"], cols["group_off"] = _blob(flat)
    for name, arr in cols.items():
        np.save(tmp / f"{name}.npy", arr, allow_pickle=False)
    meta = {"strings": strings.values, "groups": spans}
    (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    old = path.with_name(f"{path.name}.{os.getpid()}.old")
    if path.exists():
        path.rename(old)
    try:
        tmp.rename(path)
    except OSError:  # another process wrote the same index first: theirs is as good
        shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def _bytes(arr: np.ndarray) -> memoryview:
    # a view of the mapped bytes: slicing it copies nothing
    return memoryview(arr.data).cast("B") if len(arr) else memoryview(b"")  # type: ignore[arg-type]


def _load(path: Path) -> np.ndarray:
    try:
        # a plain ndarray over the mapped pages: np.memmap's item access is 5x slower
        return np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray)
    except ValueError:  # an empty array cannot be mapped
        return np.load(path, allow_pickle=False)


class Store:
    """A memory-mapped index written by :func:`write_store`.

    Raises
    ------
    CacheError
        If a file is missing, unreadable, of another dtype or shape than the index needs,
        or its numbers contradict the other files' (a damaged or half-copied cache).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        a: dict[str, np.ndarray] = {}
        try:
            for name in COLUMNS:
                a[name] = _load(path / f"{name}.npy")
            meta = json.loads((path / "meta.json").read_text("utf-8"))
            self.strings = _Strings(meta["strings"])
            self.groups: dict[str, tuple[int, int]] = {
                k: (int(v[0]), int(v[1])) for k, v in meta["groups"].items()
            }
        except Exception as exc:  # any file that cannot be read back is a damaged cache
            bad = f"{name}.npy" if len(a) < len(COLUMNS) else "meta.json"
            msg = f"{path / bad}: {type(exc).__name__}: {exc}"
            raise CacheError(msg) from None
        check_arrays(path, a, len(self.strings.values), self.groups, len(KINDS))
        self.a = a
        self.n_rows = len(a["gid"])
        self.n_keys = len(a["hash"])
        self._names = _bytes(a["names"])
        self._keys = _bytes(a["keys"])
        self._memo: dict[str, int] = {}  # run of words -> its key's flags (0: no key)
        self._chunks: dict[str, tuple[tuple[int, int, str, int], ...]] = {}
        self._last: tuple[str, list[tuple[int, int, str, int]]] = ("", [])

    def row(self, i: int) -> Row:
        """Row ``i`` as a :class:`Row`."""
        a, s = self.a, self.strings
        lo, hi = int(a["name_off"][i]), int(a["name_off"][i + 1])
        return Row(
            bytes(self._names[lo:hi]).decode(),
            int(a["gid"][i]) or None,
            KINDS[int(a["kind"][i])],
            float(a["lat"][i]),
            float(a["lon"][i]),
            s.get(int(a["country"][i])),
            int(a["prec"][i]),
            int(a["pop"][i]),
            s.get(int(a["admin1"][i])),
            s.get(int(a["fcode"][i])),
            s.get(int(a["source"][i])) or "",
            int(a["admin2"][i]) or None,
        )

    def row_tuples(self) -> list[tuple]:
        """Every row as a tuple in the field order of ``Candidate`` (flags False)."""
        a, get = self.a, self.strings.get
        off = a["name_off"].tolist()
        raw = bytes(self._names)
        names = [raw[off[i] : off[i + 1]].decode() for i in range(self.n_rows)]
        kinds = [KINDS[k] for k in a["kind"].tolist()]
        table = self.strings.values
        cc = [table[c] if c >= 0 else None for c in a["country"].tolist()]
        a1 = [table[c] if c >= 0 else None for c in a["admin1"].tolist()]
        fc = [table[c] if c >= 0 else None for c in a["fcode"].tolist()]
        src = [get(c) or "" for c in a["source"].tolist()]
        return [
            (n, g or None, k, la, lo, c, p, po, ad1, f, s, False, ad2 or None, False)
            for n, g, k, la, lo, c, p, po, ad1, f, s, ad2 in zip(
                names, a["gid"].tolist(), kinds, a["lat"].tolist(), a["lon"].tolist(), cc,
                a["prec"].tolist(), a["pop"].tolist(), a1, fc, src, a["admin2"].tolist(),
                strict=True,
            )
        ]  # fmt: skip

    def key_at(self, j: int) -> str:
        """The folded key stored at position ``j``."""
        lo, hi = int(self.a["key_off"][j]), int(self.a["key_off"][j + 1])
        return bytes(self._keys[lo:hi]).decode()

    def find(self, key: str) -> int:
        """Position of ``key`` in the key arrays, or -1."""
        return self._find(key, key_hash(key))

    def _find(self, key: str, h: int) -> int:
        hashes = self.a["hash"]
        j = int(np.searchsorted(hashes, np.uint64(h)))
        while j < self.n_keys and int(hashes[j]) == h:
            if self.key_at(j) == key:
                return j
            j += 1
        return -1

    def postings(self, j: int) -> list[tuple[int, int]]:
        """(row, flags) of the key at position ``j``."""
        lo, hi = int(self.a["post_start"][j]), int(self.a["post_start"][j + 1])
        rows = self.a["post_row"][lo:hi].tolist()
        flags = self.a["post_flags"][lo:hi].tolist()
        return list(zip(rows, flags, strict=True))

    def scan(self, folded: str, flag: int = SCAN) -> Iterator[tuple[int, int, str]]:
        """Every scannable key in ``folded`` text: (start, end, key), ``folded[start:end] == key``.

        A key matches whole words only, separated by single spaces, as a padded
        Aho-Corasick word would: the text's words are joined into runs of up to
        ``MAX_SCAN_WORDS`` and each run is looked up by hash, all runs in one search.
        """
        for start, end, key, key_flags in self._hits(folded):
            if key_flags & flag:
                yield start, end, key

    def _hits(self, folded: str) -> list[tuple[int, int, str, int]]:
        # a report is scanned two or three times (core, then its countries): the last text's
        # hits are kept; and the same chunks of words recur across reports ("the other
        # side", "in the direction of"): each chunk's hits are remembered
        last = self._last
        if last[0] == folded:
            return last[1]
        chunks = [(m.start(), m.group()) for m in _CHUNK.finditer(folded)]
        memo = self._chunks
        known = [memo.get(c) for _, c in chunks]
        missing = [c for (_, c), f in zip(chunks, known, strict=True) if f is None]
        new = self._add_chunks(missing) if missing else {}
        found = [new[c] if f is None else f for (_, c), f in zip(chunks, known, strict=True)]
        hits = [(at + s, at + e, key, f)
                for (at, _), chunk_hits in zip(chunks, found, strict=True)
                for s, e, key, f in chunk_hits]  # fmt: skip
        self._last = (folded, hits)
        return hits

    def _add_chunks(self, chunks: list[str]) -> dict[str, tuple[tuple[int, int, str, int], ...]]:
        # chunks not seen before: their runs of words, looked up (known runs from memory)
        memo = self._chunks
        if len(memo) > _MEMO_SIZE:  # common chunks come back at once; memory stays flat
            memo.clear()
        runs = {c: _runs(c) for c in chunks}
        texts = [c[s:e] for c, spans in runs.items() for s, e in spans]
        flags = list(map(self._memo.get, texts))
        if None in flags:
            self._look_up([n for n, f in enumerate(flags) if f is None], texts, flags)
        n = 0
        for c, spans in runs.items():
            hits = [(s, e, c[s:e], f) for (s, e), f in zip(spans, flags[n : n + len(spans)],
                                                            strict=True) if f]  # fmt: skip
            memo[c] = tuple(hits) if hits else _NONE
            n += len(spans)
        return {c: memo[c] for c in runs}

    def _look_up(self, todo: list[int], texts: list[str], found: list[int | None]) -> None:
        # runs not seen before: one vectorised binary search by hash, then the key itself
        memo = self._memo
        if len(memo) > _MEMO_SIZE:  # common runs come back at once; memory stays flat
            memo.clear()
        if not self.n_keys:
            for n in todo:
                found[n] = memo[texts[n]] = 0
            return
        table, flags = self.a["hash"], self.a["key_flags"]
        hashes = np.fromiter((key_hash(texts[n]) for n in todo), dtype=np.uint64, count=len(todo))
        pos = np.searchsorted(table, hashes)
        pos[pos >= self.n_keys] = self.n_keys - 1
        same = (table[pos] == hashes).tolist()
        for n, p, h, hit in zip(todo, pos.tolist(), hashes.tolist(), same, strict=True):
            f = 0
            while hit and p < self.n_keys and int(table[p]) == h:
                if self.key_at(p) == texts[n]:
                    f = int(flags[p])
                    break
                p += 1
            found[n] = memo[texts[n]] = f

    def group(self, name: str) -> tuple[str, ...]:
        """The keys of the group ``name`` (empty when there is none)."""
        lo, hi = self.groups.get(name, (0, 0))
        off = self.a["group_off"]
        raw = bytes(_bytes(self.a["group_keys"])[int(off[lo]) : int(off[hi])]) if hi else b""
        base = int(off[lo])
        return tuple(raw[int(off[j]) - base : int(off[j + 1]) - base].decode()
                     for j in range(lo, hi))  # fmt: skip

    def iter_keys(self) -> Iterator[tuple[str, int]]:
        """Every (key, key flags) of the index (slow: for building side tables)."""
        raw = bytes(self._keys)
        off = self.a["key_off"]
        flags = self.a["key_flags"]
        for j in range(self.n_keys):
            yield raw[off[j] : off[j + 1]].decode(), int(flags[j])
