"""The user's places laid on top of the cached index in one process (``add_places``).

Adding a file costs a read of that file, not a rebuild of the whole index: its places get
row numbers after the cached ones, and its names are looked up and scanned beside them.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from mapper.errors import GazetteerError
from mapper.gazetteer import sources
from mapper.gazetteer.store import _WORD, MAX_SCAN_WORDS, Row

if TYPE_CHECKING:
    from mapper.gazetteer.lookup import Gazetteer


def check_place_file(path: Path) -> None:
    """Fail early, naming the file, on a file that is neither a place CSV nor a GeoNames dump."""
    if path.suffix.lower() == ".csv":
        for r in sources.read_alias_table(path):
            if r.get("lat") or r.get("lon") or not (r.get("geonameid") or r.get("canonical")):
                sources.table_row(r, path)
        return
    try:
        with path.open(encoding="utf-8") as fh:
            first = fh.readline().rstrip("\n").split("\t")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read place file {path}: {exc}"
        raise GazetteerError(msg) from exc
    if len(first) != 19:
        msg = f"{path}: line 1 has {len(first)} columns, a GeoNames dump has 19"
        raise GazetteerError(msg)


class Overlay:
    """Rows and names of the user's files, numbered after the cached index's rows.

    It holds no reference to the gazetteer, so it can be pickled and cached.
    """

    def __init__(self, gaz: Gazetteer, paths: list[Path]) -> None:
        from mapper.gazetteer.build import add_table  # the builder, only when needed
        from mapper.gazetteer.builder import Builder

        base = gaz.store.n_rows
        b = Builder()

        def known(key: str, gid: int | None, kind: str, cc: str | None) -> int | None:
            # a name for a cached place: a negative number -(row + 1), mapped back below
            for i, _f in gaz._postings(key):
                r = gaz.row(i)
                if r.kind == kind and (r.geonameid == gid if gid else r.country == cc):
                    return -(i + 1)
            return None

        for path in paths:
            if path.suffix.lower() == ".csv":
                add_table(b, path, known)
            else:
                for row, names in sources.read_geonames_dump(path, sources.admin1_codes()):
                    b.place(row, names)
        self.rows: list[Row] = b.rows
        self.postings: dict[str, dict[int, int]] = {
            k: {(base + i if i >= 0 else -i - 1): f for i, f in v.items()}
            for k, v in b.postings().items()
        }
        self.scanned = frozenset(b.scanned())
        by_cc: dict[str, set[str]] = defaultdict(set)
        for k in self.scanned:
            for i in self.postings[k]:
                cc = gaz.row(i).country if i < base else self.rows[i - base].country
                if cc:
                    by_cc[cc].add(k)
        self.groups: dict[str, tuple[str, ...]] = {c: tuple(sorted(v)) for c, v in by_cc.items()}

    def scan(self, folded: str) -> list[tuple[int, int, str]]:  # the user's: core and all
        """The user's scanned names in ``folded`` text: (start, end, key), whole words."""
        out = []
        words = [(m.start(), m.end()) for m in _WORD.finditer(folded)]
        for i, (start, _end) in enumerate(words):
            for k in range(i, min(i + MAX_SCAN_WORDS, len(words))):
                if k > i and words[k][0] != words[k - 1][1] + 1:
                    break
                key = folded[start : words[k][1]]
                if key in self.scanned:
                    out.append((start, words[k][1], key))
        return out
