"""The cache folder of the gazetteer index: which one, and opening or building an index in it.

Every process maps the index from ``settings.cache_dir``. Three things can go wrong there,
and none of them may stop a run or change an answer:

- a damaged index (a cut or overwritten file, another dtype, a missing array): it is found
  when opened (:class:`~mapper.gazetteer.store.Store` checks shapes and ranges), said in one
  line and rebuilt;
- a folder that cannot be written (read-only, or a file where the folder should be): an
  index already there is still read; a new one goes to a per-user temporary folder, which
  a warning names with the configured one;
- processes starting together on a fresh cache: one builds while the others wait on a lock
  file, then all map the same index (two builds at once would double the time and memory,
  and one could move the folder away while another opens it).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from mapper import settings
from mapper.errors import CacheError
from mapper.gazetteer.store import Store

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the build's atomic rename still holds
    fcntl = None  # type: ignore[assignment]

#: the lock file, one per cache folder: builds are rare, so one at a time is no loss
LOCK_NAME = "gazetteer.lock"

_warned: set[str] = set()


def fallback_cache_dir() -> Path:
    """The per-user temporary cache, used when ``settings.cache_dir`` cannot be written.

    Under the system's temporary folder (``TMPDIR``), named for the user, so that two users
    of one machine never share (or tamper with) each other's index.
    """
    try:
        user = str(os.getuid())
    except AttributeError:  # Windows
        user = os.environ.get("USERNAME", "user")
    return Path(tempfile.gettempdir()) / f"border-incident-mapper-{user}"


def writable_cache_dir() -> Path:
    """``settings.cache_dir`` if a file can be written there, else :func:`fallback_cache_dir`.

    The fallback is announced once per process, on standard error, naming both folders.

    Raises
    ------
    CacheError
        If neither folder can be written.
    """
    wanted = Path(settings.cache_dir)
    problem = _unwritable(wanted)
    if problem is None:
        return wanted
    fallback = fallback_cache_dir()
    other = _unwritable(fallback, private=True)
    if other is not None:
        msg = f"cannot write the cache in {wanted} ({problem}) nor in {fallback} ({other})"
        raise CacheError(msg)
    _warn(f"cache folder {wanted} is not writable ({problem}); using {fallback} instead")
    return fallback


def open_index(name: str, build: Callable[[Path], None]) -> Store:
    """The index folder ``name`` of the cache, opened; built first if missing or damaged.

    Parameters
    ----------
    name
        Folder name of the index in the cache (``gazetteer-FINGERPRINT``).
    build
        Writes a complete index to the folder it is given (replacing a damaged one).

    Returns
    -------
    Store
        The index, checked; from the configured cache, else from the fallback.

    Raises
    ------
    CacheError
        If no cache folder can be written, or a fresh build still reads back damaged.
    """
    # the fast path, every run: the configured cache holds a sound index (read-only or not)
    store, damaged = _try_open(Path(settings.cache_dir) / name)
    if store is not None:
        return store
    folder = writable_cache_dir()
    path = folder / name
    with _locked(folder):
        # another process may have built it while this one waited for the lock; the
        # fallback may hold one from an earlier run
        store, problem = _try_open(path)
        if store is None:
            if problem or damaged:
                _warn(f"the cached gazetteer index is damaged ({problem or damaged}); "
                      f"rebuilding it in {folder}")  # fmt: skip
            build(path)
            store, problem = _try_open(path)
    if store is None:
        msg = f"the gazetteer index just built in {path} reads back damaged: {problem}"
        raise CacheError(msg)
    return store


def _try_open(path: Path) -> tuple[Store | None, str | None]:
    """The index at ``path`` and None, or None and why it is damaged (None: not there)."""
    if not path.exists():
        return None, None
    if not (path / "meta.json").is_file():
        # the build writes meta.json last and renames the whole folder: no stamp, no index
        return None, f"{path / 'meta.json'} is missing"
    try:
        return Store(path), None
    except CacheError as exc:
        return None, str(exc)


def _unwritable(folder: Path, *, private: bool = False) -> str | None:
    """Why no file can be created in ``folder`` (made if missing), or None if one can.

    Tried for real: permission bits say nothing for root, nor for a read-only mount.
    ``private`` folders are made for this user alone and refused if someone else owns them.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700 if private else 0o777)
        if private and hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
            return "owned by another user"
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the cache folder's build lock (released by the kernel if the process dies)."""
    if fcntl is None:
        yield
        return
    with (folder / LOCK_NAME).open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"mapper: waiting for another process building the gazetteer index in "
                  f"{folder} ...", file=sys.stderr, flush=True)  # fmt: skip
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _warn(message: str) -> None:
    # one line, once per process: a run of many batches must not repeat it
    if message not in _warned:
        _warned.add(message)
        print(f"mapper: warning: {message}", file=sys.stderr, flush=True)
