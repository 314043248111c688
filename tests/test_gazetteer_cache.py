"""The gazetteer's cache folder: damaged files, unwritable folders, processes starting together.

Every test runs real ``mapper`` processes on a real index built once for the module by two
processes started together on a fresh cache (which is itself the test of concurrent builds).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mapper.errors import CacheError
from mapper.gazetteer.store import Store

ROOT = Path(__file__).resolve().parent.parent
BUILDING = "mapper: building the gazetteer index"
KALBAJAR = "586268"  # the town's GeoNames id, first for "Karvachar"


def _env(cache: Path, tmp: Path) -> dict[str, str]:
    # TMPDIR: the per-user fallback cache lives under it, so each test has its own
    return {**os.environ, "MAPPER_CACHE": str(cache), "TMPDIR": str(tmp)}


def _geocode(env: dict[str, str], prefix: tuple[str, ...] = ()) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*prefix, sys.executable, "-m", "mapper", "geocode", "Karvachar", "--limit", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
    )  # fmt: skip


def _done(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=900)
    return proc.returncode, out, err


@pytest.fixture(scope="module")
def race(tmp_path_factory):
    """Two processes started at once on a fresh cache: (cache, [(code, stdout, stderr)])."""
    base = tmp_path_factory.mktemp("race")
    cache, tmp = base / "cache", base / "tmp"
    tmp.mkdir()
    procs = [_geocode(_env(cache, tmp)) for _ in range(2)]
    return cache, [_done(p) for p in procs]


@pytest.fixture
def index(race, tmp_path):
    """A private copy of the module's real index: (cache folder, index folder)."""
    built = next(race[0].glob("gazetteer-*"))
    cache = tmp_path / "cache"
    cache.mkdir()
    shutil.copytree(built, cache / built.name)
    return cache, cache / built.name


@pytest.mark.slow
def test_two_processes_on_a_fresh_cache_build_once_and_agree(race):
    cache, results = race
    for code, out, err in results:
        assert code == 0, err
        assert KALBAJAR in out and "Traceback" not in err
    assert sum(err.count(BUILDING) for _, _, err in results) == 1  # one built, one waited
    folders = sorted(p.name for p in cache.iterdir() if p.name.startswith("gazetteer-"))
    assert len(folders) == 1 and not folders[0].endswith((".tmp", ".old"))
    Store(cache / folders[0])  # complete and consistent


def _header_size(path: Path) -> int:
    with path.open("rb") as fh:
        version = np.lib.format.read_magic(fh)
        read = (
            np.lib.format.read_array_header_1_0
            if version == (1, 0)
            else (np.lib.format.read_array_header_2_0)
        )
        read(fh)  # the header's end is the data's start
        return fh.tell()


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garbage(path: Path, keep: int = 0) -> None:
    data = path.read_bytes()
    noise = np.random.default_rng(15).integers(0, 256, len(data) - keep, dtype=np.uint8)
    path.write_bytes(data[:keep] + noise.tobytes())


DAMAGE = {
    "truncated array": ("post_row.npy", _truncate),
    "wrong dtype": ("lat.npy", lambda p: np.save(p, np.load(p).astype(np.float32))),
    "wrong shape": ("gid.npy", lambda p: np.save(p, np.load(p)[:-1])),
    "array of two dimensions": ("kind.npy", lambda p: np.save(p, np.load(p).reshape(-1, 1))),
    "garbage bytes": ("names.npy", _garbage),
    "garbage after a sound header": ("keys.npy", lambda p: _garbage(p, _header_size(p))),
    "garbage offsets after a sound header": (
        "key_off.npy", lambda p: _garbage(p, _header_size(p))),
    "stamp says ready, array missing": ("hash.npy", Path.unlink),
    "garbage stamp": ("meta.json", lambda p: p.write_bytes(b"{\x00garbage")),
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("damage", DAMAGE)
def test_every_kind_of_damage_is_found_and_named(index, damage):
    _cache, folder = index
    name, harm = DAMAGE[damage]
    Store(folder)  # sound before
    harm(folder / name)
    with pytest.raises(CacheError, match=name.replace(".", r"\.")):
        Store(folder)


@pytest.mark.slow
def test_a_damaged_index_is_rebuilt_with_a_one_line_warning(index, tmp_path):
    cache, folder = index
    _truncate(folder / "post_row.npy")
    (folder / "lat.npy").unlink()
    code, out, err = _done(_geocode(_env(cache, tmp_path)))
    assert code == 0, err
    assert KALBAJAR in out and "Traceback" not in err
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "damaged" in warnings[0] and ".npy" in warnings[0], err
    assert BUILDING in err
    Store(folder)  # rebuilt in place, sound
    again = _done(_geocode(_env(cache, tmp_path)))
    assert again[0] == 0 and KALBAJAR in again[1] and again[2] == ""  # no warning, no build


def _read_only(folder: Path) -> tuple[str, ...]:
    """A command prefix under which ``folder`` cannot be written, for root too.

    chmod is enough for other users; root writes through permission bits, so there the
    folder is bind-mounted read-only in a mount namespace of the command's own.
    """
    folder.chmod(0o555)
    try:
        (folder / ".probe").write_bytes(b"")
    except PermissionError:
        return ()
    (folder / ".probe").unlink()
    if not shutil.which("unshare"):
        pytest.skip("running as root, where chmod does not stop writes, and no unshare")
    mount = f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder}"
    check = subprocess.run(["unshare", "-m", "sh", "-c", f"{mount} && ! touch {folder}/.x"],
                           capture_output=True, check=False)  # fmt: skip
    if check.returncode != 0:
        pytest.skip(f"root without a mount namespace: {check.stderr.decode().strip()}")
    return ("unshare", "-m", "sh", "-c", f'{mount} && exec "$@"', "sh")


@pytest.mark.slow
def test_a_read_only_cache_holding_an_index_is_read_in_place(index, tmp_path):
    cache, _folder = index
    prefix = _read_only(cache)
    try:
        code, out, err = _done(_geocode(_env(cache, tmp_path / "tmp"), prefix))
    finally:
        cache.chmod(0o755)
    assert code == 0 and KALBAJAR in out, err
    assert err == ""  # no build, no fallback, nothing to say
    assert not (tmp_path / "tmp").exists()


@pytest.mark.slow
def test_an_unwritable_cache_falls_back_to_a_per_user_temp_cache(tmp_path):
    cache, tmp = tmp_path / "cache", tmp_path / "tmp"
    cache.mkdir()
    tmp.mkdir()
    fallback = tmp / f"border-incident-mapper-{os.getuid()}"
    prefix = _read_only(cache)
    try:
        first = _done(_geocode(_env(cache, tmp), prefix))
        second = _done(_geocode(_env(cache, tmp), prefix))
    finally:
        cache.chmod(0o755)
    for code, out, err in (first, second):
        assert code == 0 and KALBAJAR in out and "Traceback" not in err, err
        said = [line for line in err.splitlines() if "warning" in line]
        assert len(said) == 1 and str(cache) in said[0] and str(fallback) in said[0], err
    assert BUILDING in first[2] and BUILDING not in second[2]  # the fallback is kept
    assert list(cache.iterdir()) == []
    assert fallback.stat().st_mode & 0o077 == 0  # the user's alone
    Store(next(fallback.glob("gazetteer-*")))
    # a file where the cache folder should be: the same fallback, with no second build
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, out, err = _done(_geocode(_env(blocker / "cache", tmp)))
    assert code == 0 and KALBAJAR in out and BUILDING not in err, err
    assert str(blocker / "cache") in err and str(fallback) in err


def test_no_writable_cache_at_all_is_one_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    # the fallback's place taken by a file too
    (tmp_path / f"border-incident-mapper-{os.getuid()}").write_text("not a folder either")
    code, _out, err = _done(_geocode(_env(blocker / "cache", tmp_path)))
    assert code == 2 and "Traceback" not in err
    assert "cannot write the cache" in err and str(blocker / "cache") in err
