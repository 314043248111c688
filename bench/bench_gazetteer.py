"""Gazetteer benchmark: index build, cold start, mentions and reports per second.

Run: ``python bench/bench_gazetteer.py [--reports 10000]``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = (
    "On December 9-10, Armenian units fired at the positions of the Azerbaijani army in "
    "Kalbajar region from their positions in Basarkechar region."
)
PLACES = ["Kalbajar", "Lachin", "Tovuz", "Gadabay", "Sotk", "Kut", "Norabak", "Jermuk",
          "Vardenis", "Chinari", "Movses", "Aygepar", "Berd", "Ijevan", "Goris", "Kapan",
          "Yeraskh", "Sadarak", "Heydarabad", "Gazakh", "Tavush", "Syunik", "Dondar Gushchu",
          "Aghdam", "Alibeyli", "Nerkin Karmiraghbyur", "Voskepar", "Baghanis", "Tegh"]  # fmt: skip
TEMPLATES = [
    "Units of the {adj} armed forces fired at positions in {p} region from {q}.",
    "The ministry said the village of {p} came under mortar fire on Thursday night.",
    "Shots were heard in the direction of {p} and {q}, residents told reporters.",
    "{adj} officials denied the claim and said the situation near {p} remained calm.",
    "According to the statement, a serviceman was wounded near {p} at about 22:40.",
    "The defence ministry in Yerevan and the ministry in Baku traded accusations again.",
    "Observers of the European Union mission patrolled the area on Monday and Tuesday.",
    "No casualties were reported, and the fire was suppressed by retaliatory action.",
    "The {adj} side used small arms, large-calibre machine guns and mortars.",
]


def _reports(n: int, rng: random.Random) -> list[str]:
    out = []
    for _ in range(n):
        sents = []
        while sum(len(s.split()) for s in sents) < 150:
            t = rng.choice(TEMPLATES)
            sents.append(t.format(adj=rng.choice(["Armenian", "Azerbaijani"]),
                                  p=rng.choice(PLACES), q=rng.choice(PLACES)))  # fmt: skip
        out.append(" ".join(sents))
    return out


def _run(code: str, env: dict[str, str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=ROOT)  # fmt: skip
    return time.perf_counter() - t0, res.stdout.strip()


def _dump_rows(n: int, rng: random.Random) -> str:
    """``n`` rows in GeoNames' 19-column dump format, like a country's: mostly villages and
    natural features, a name and two or three alternate names each."""
    classes = [("P", "PPL")] * 5 + [("T", "HLL"), ("T", "MT"), ("H", "STM"), ("S", "PSTB"),
                                    ("L", "AREA"), ("A", "ADM3"), ("R", "RD")]  # fmt: skip
    syll = ["ka", "la", "ri", "bad", "pur", "gar", "shi", "na", "dar", "kot", "zai", "tan"]
    lines = []
    for i in range(n):
        name = "".join(rng.choice(syll) for _ in range(rng.randint(2, 4))).title()
        alts = ",".join(name + s for s in ("", "i", " Kalay")[: rng.randint(1, 3)])
        fcl, fcode = rng.choice(classes)
        lat, lon = 29 + rng.random() * 8, 61 + rng.random() * 10
        lines.append("\t".join([str(9_000_000 + i), name, name, alts, f"{lat:.5f}", f"{lon:.5f}",
                                fcl, fcode, "AF", "", "18", "", "", "", "0", "", "1500",
                                "Asia/Kabul", "2024-01-01"]))  # fmt: skip
    return "\n".join(lines) + "\n"


def _country_dump(env: dict[str, str], cache: Path, n: int = 100_000) -> None:
    """What a country's dump adds: ``mapper gazetteer add`` of ``n`` generated rows."""
    dump = cache / "AF.txt"
    dump.write_text(_dump_rows(n, random.Random(3)), encoding="utf-8")
    mb = dump.stat().st_size / 1e6
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mapper", "gazetteer", "add", str(dump)], env=env,
                   check=True, capture_output=True, cwd=ROOT)  # fmt: skip
    t_add = time.perf_counter() - t0
    cached = sum(f.stat().st_size for f in cache.glob("places-*.pickle")) / 1e6
    load = ("import time, resource; t=time.perf_counter(); from mapper.gazetteer import "
            "load_gazetteer; g=load_gazetteer(); print(f'{time.perf_counter()-t:.2f} {g.n_rows} '"
            "f'{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}')")  # fmt: skip
    _, out = _run(load, env)
    secs, rows, rss = out.split()
    print(f"a country dump of {n:,} rows ({mb:.1f} MB): `gazetteer add` {t_add:.1f} s; later "
          f"processes load it in {secs} s ({cached:.0f} MB cached), peak RSS {rss} MB; "
          f"{rows} places in all")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=10_000)
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        env_fresh = dict(env, MAPPER_CACHE=tmp)
        build = ("import time, resource; t=time.perf_counter(); from mapper.gazetteer import "
                 "load_gazetteer; g=load_gazetteer(); s=g.store; "
                 "n=int((s.a['key_flags'] & 1).sum()); "
                 "print(f'{time.perf_counter()-t:.2f} {s.n_rows} {s.n_keys} {n} "
                 "{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}')")  # fmt: skip
        _, out = _run(build, env_fresh)
        secs, rows, keys, scanned, peak = out.split()
        size = sum(f.stat().st_size for f in Path(tmp).glob("gazetteer-*/*")) / 1e6
        print(f"index build (fresh cache, child process): {secs} s, peak {peak} MB; "
              f"{rows} places, {keys} names, {scanned} scanned in text; "
              f"{size:.0f} MB on disk")  # fmt: skip
        cold = ("import time, resource; t=time.perf_counter(); from mapper.geocoding import "
                f"geocode_text; t1=time.perf_counter(); r=geocode_text({SEED!r}); "
                "t2=time.perf_counter(); print(f'{t1-t:.3f} {t2-t1:.3f} {len(r)} '"
                "f'{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}')")  # fmt: skip
        runs = [_run(cold, env_fresh) for _ in range(3)]
        best = min(runs, key=lambda r: r[0])
        imp, res, n, rss = best[1].split()
        print(f"cold start, fresh process, seed sentence ({n} places): {best[0]:.2f} s wall "
              f"incl. interpreter; imports {imp} s, load+resolve {res} s; peak RSS {rss} MB "
              "(best of 3)")  # fmt: skip
        _country_dump(env_fresh, Path(tmp))
    sys.path.insert(0, str(ROOT))
    from mapper.geocoding import geocode_text
    from mapper.toponyms import find_mentions

    reports = _reports(args.reports, random.Random(7))
    geocode_text(SEED)
    words = sum(len(r.split()) for r in reports)
    t0 = time.perf_counter()
    mentions = sum(len(find_mentions(r)) for r in reports)
    t_find = time.perf_counter() - t0
    t0 = time.perf_counter()
    places = sum(len(geocode_text(r)) for r in reports)
    t_all = time.perf_counter() - t0
    other = (
        "SRINAGAR, Sept 23 (Himalayan Wire) - Pakistani troops fired at Indian posts in Poonch "
        "district from Kotli district; residents of Mendhar heard the firing."
    )
    t0 = time.perf_counter()
    geocode_text(other)  # first report of another border
    t_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_other = 500
    for _ in range(n_other):
        geocode_text(other)
    t_other = (time.perf_counter() - t0) / n_other
    print(f"another border (India-Pakistan): first report {t_first:.2f} s, then "
          f"{1 / t_other:,.0f} reports/s")  # fmt: skip
    from mapper.gazetteer import add_places

    with tempfile.TemporaryDirectory() as tmp:
        user = Path(tmp) / "mine.csv"
        user.write_text("name,lat,lon,kind,country\nHill 1582,40.61,45.52,natural,AZ\n")
        t0 = time.perf_counter()
        add_places(user)
        print(
            f"add_places (one-row CSV laid on the cached index): {time.perf_counter() - t0:.2f} s"
        )
    print(f"{len(reports)} generated reports, {words / len(reports):.0f} words each")
    print(f"finding: {mentions / t_find:,.0f} mentions/s, {len(reports) / t_find:,.0f} reports/s")
    print(f"finding + resolving: {places / t_all:,.0f} places/s, {len(reports) / t_all:,.0f} "
          "reports/s (single core)")  # fmt: skip


if __name__ == "__main__":
    main()
