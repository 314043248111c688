"""End-to-end ``mapper extract`` on generated reports: reports/s and peak memory.

    python bench/bench_extract.py                 # 10,000 and 100,000 reports
    python bench/bench_extract.py 2000            # one size

Each size runs in a fresh process (``mapper extract`` on one JSON Lines file, output GeoParquet)
so that the peak resident memory is that run's own.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLACES_AZ = ["Kalbajar", "Lachin", "Tovuz", "Gadabay", "Gazakh", "Sadarak", "Sharur", "Ordubad",
             "Zangilan", "Gubadli", "Dashkasan", "Aghdam village of Tovuz"]  # fmt: skip
PLACES_AM = ["Sotk", "Vardenis", "Jermuk", "Tegh", "Goris", "Chinari", "Berd", "Ijevan",
             "Yeraskh", "Kapan", "Norabak", "Aygepar", "Noyemberyan", "Kornidzor"]  # fmt: skip
WEAPONS = ["small arms", "large-calibre machine guns", "mortars", "grenade launchers",
           "a quadcopter drone", "sniper rifles"]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
FILLER = (
    "The ministry stressed that the responsibility for the tension lies with the other side. "
    "Units of the army are in full control of the operational situation on the border. "
    "Officials urged restraint and called on international partners to take note of the "
    "situation, recalling earlier statements made during negotiations on delimitation. "
    "The press service added that a detailed assessment of the damage will be published later, "
    "and that the commission on border delimitation is expected to meet again next month to "
    "discuss confidence-building measures and the exchange of maps of minefields. "
)


def make_report(i: int, rng: random.Random) -> dict[str, str]:
    """One ministry-style report of about 150 words."""
    month = rng.randrange(12)
    day = rng.randint(1, 27)
    az, am = rng.choice(PLACES_AZ), rng.choice(PLACES_AM)
    origin, target = (am, az) if rng.random() < 0.5 else (az, am)
    hour, minute = rng.randint(10, 23), rng.randint(10, 59)
    text = (
        f"On {MONTHS[month]} {day}-{day + 1}, at about {hour}:{minute}, "
        f"units stationed in the direction of {origin} fired with {rng.choice(WEAPONS)} at the "
        f"positions located in the direction of {target} region. "
        f"{rng.choice(['One serviceman was wounded. ', 'There were no casualties. ', ''])}"
        + FILLER
        + "Both sides have reported similar incidents along the state border in recent weeks."
    )
    return {"id": f"gen-{i}", "text": text, "published": f"2024-{month + 1:02d}-28",
            "source": rng.choice(["APA", "Armenpress", "Trend", "news.am"])}  # fmt: skip


def write_corpus(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(make_report(i, rng)) + "\n")


def run(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus.jsonl", Path(tmp) / "out.parquet"
        write_corpus(corpus, n)
        words = len(make_report(0, random.Random(1))["text"].split())
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_before = before.ru_utime + before.ru_stime
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "mapper", "extract", str(corpus), "-o", str(out)],
            capture_output=True, text=True,
        )  # fmt: skip
        elapsed = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb = usage.ru_maxrss / 1024
        cpu = usage.ru_utime + usage.ru_stime - cpu_before  # on a shared machine, wall > CPU
        if done.returncode:
            print(done.stderr)
            raise SystemExit(done.returncode)
        summary = done.stderr.strip().splitlines()[-1]
        print(f"{n:>8,} reports (~{words} words): {elapsed:7.1f} s, {n / elapsed:7,.0f} reports/s "
              f"(start-up included; CPU {cpu:.1f} s: {n / cpu:,.0f} reports per CPU-second), "
              f"peak RSS {peak_mb:,.0f} MB, load {os.getloadavg()[0]:.1f} | {summary}")  # fmt: skip


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    for n in sizes:
        run(n)


if __name__ == "__main__":
    main()
