"""More places when the user wants them: GeoNames' per-country dumps and the user's files.

``mapper gazetteer fetch AF PK`` downloads GeoNames' public dump of each country (all its
features: villages, hills, passes, rivers, temples, border posts), verifies it and keeps it
with the index; ``mapper gazetteer add FILE`` keeps a file of the user's (a GeoNames dump or
a CSV ``name,lat,lon,kind,country``). Kept files are indexed beside the bundled sources in
every later process. Nothing is downloaded unless ``settings.online_geocoding`` is on.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import time
import zipfile
from pathlib import Path

import requests

from mapper import settings
from mapper.errors import GazetteerError
from mapper.gazetteer.loading import load_gazetteer, places_dir
from mapper.gazetteer.overlay import check_place_file

__all__ = ["add_file", "fetch_countries", "kept_files"]

#: a dump larger than this is refused (allCountries.zip is 400 MB; India's is 40 MB)
MAX_BYTES = 200_000_000


def kept_files() -> list[Path]:
    """The place files kept with the index (fetched dumps and added files)."""
    folder = places_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".txt"))


def add_file(path: str | Path) -> Path:
    """Keep a place file with the index for every later process; returns the kept copy.

    Parameters
    ----------
    path
        A GeoNames dump (``.txt``, 19 tab-separated columns) or a CSV with columns
        ``name,lat,lon,kind,country`` (see :func:`mapper.gazetteer.add_places`).

    Raises
    ------
    GazetteerError
        The file is missing or not in one of these formats (named in the message).
    """
    src = Path(path)
    if not src.is_file():
        msg = f"place file not found: {src}"
        raise GazetteerError(msg)
    check_place_file(src)
    dest = places_dir() / src.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src.resolve() != dest.resolve():
        shutil.copyfile(src, dest)
    load_gazetteer.cache_clear()
    return dest


def fetch_countries(codes: list[str]) -> list[Path]:
    """Download, verify and keep GeoNames' dump of each country (ISO alpha-2 codes).

    The files come from ``settings.geonames_dump_url`` (``CODE.zip``); each must be a zip
    holding ``CODE.txt`` in the 19-column format, its rows of that country.

    Raises
    ------
    GazetteerError
        Online access is off (``settings.online_geocoding``), a code is not a country
        code, or a download fails or does not verify.
    """
    wanted = [c.strip().upper() for c in codes]
    bad = [c for c in wanted if not re.fullmatch(r"[A-Z]{2}", c)]
    if bad:
        msg = f"not a country code (two letters, e.g. AF): {', '.join(bad)}"
        raise GazetteerError(msg)
    if not settings.online_geocoding:
        msg = ("downloading GeoNames dumps needs online access, which is off: pass --online "
               "(or set MAPPER_ONLINE=1); offline, add a dump you have with "
               "`mapper gazetteer add FILE`")  # fmt: skip
        raise GazetteerError(msg)
    out = [_fetch_one(cc) for cc in wanted]
    load_gazetteer.cache_clear()
    return out


def _fetch_one(cc: str) -> Path:
    url = f"{settings.geonames_dump_url.rstrip('/')}/{cc}.zip"
    try:
        resp = requests.get(url, timeout=settings.online_timeout, stream=True,
                            headers={"User-Agent": settings.user_agent})  # fmt: skip
        resp.raise_for_status()
        body = io.BytesIO()
        for chunk in resp.iter_content(1 << 20):
            body.write(chunk)
            if body.tell() > MAX_BYTES:
                msg = f"{url}: larger than {MAX_BYTES // 1_000_000} MB"
                raise GazetteerError(msg)
    except requests.RequestException as exc:
        msg = f"cannot download {url}: {exc}"
        raise GazetteerError(msg) from exc
    data = body.getvalue()
    text = _verify(data, cc, url)
    dest = places_dir() / f"{cc}.txt"
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(dest)
    meta = {"url": url, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
            "rows": text.count("\n"), "fetched": time.strftime("%Y-%m-%dT%H:%M:%S%z")}  # fmt: skip
    dest.with_suffix(".json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return dest


def _verify(data: bytes, cc: str, url: str) -> str:
    """The dump's text, once it reads as GeoNames' dump of country ``cc``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            text = zf.read(f"{cc}.txt").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        msg = f"{url} is not GeoNames' dump of {cc} (a zip holding {cc}.txt): {exc}"
        raise GazetteerError(msg) from exc
    lines = text.splitlines()
    if not lines:
        msg = f"{url}: {cc}.txt is empty"
        raise GazetteerError(msg)
    for n, line in enumerate(lines, start=1):
        cols = line.split("\t")
        if len(cols) != 19 or not cols[0].isdigit():
            msg = f"{url}: {cc}.txt line {n} is not a GeoNames row (19 columns, an id first)"
            raise GazetteerError(msg)
    foreign = sum(1 for line in lines if line.split("\t")[8] not in (cc, ""))
    if foreign > len(lines) // 10:
        msg = f"{url}: {foreign} of {len(lines)} rows are not of {cc}"
        raise GazetteerError(msg)
    return text if text.endswith("\n") else text + "\n"
