"""Reports per second of reading and incident extraction on generated reports.

Run: ``python bench/bench_incidents.py [N]`` (default 3000 reports). Prints reports/s for
reading a JSON Lines file, for extraction alone (places already resolved), and for
read + geocode_text + extract_incidents end to end.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapper.geocoding import geocode_text  # noqa: E402
from mapper.incidents import extract_incidents  # noqa: E402
from mapper.reports import Report, read_reports  # noqa: E402

AZ = ["Kalbajar", "Lachin", "Zangilan", "Gazakh", "Sofulu", "Sadarak", "Gubadli", "Shusha"]
AM = ["Basarkechar", "Tegh", "Sotk", "Goris", "Berkaber", "Yeraskh", "Chinari", "Ijevan"]
TEMPLATES = [
    "Armenian units fire at Azerbaijani positions in {az} region\n\n"
    "On December {d}-{d2}, Armenian units fired at the positions of the Azerbaijani army in {az} "
    "region from their positions in {am} region. The units of the Azerbaijani army took adequate "
    "retaliatory measures. There were no casualties, the Ministry of Defense of Azerbaijan said.",
    "The Ministry of Defence of Armenia reports that on December {d}, from 14:35 to 15:30, units "
    "of the Azerbaijani armed forces opened fire from small arms at Armenian combat positions near "
    "the village of {am}. One serviceman was wounded. Private Arman Petrosyan, a native of Gyumri, "
    "is in stable condition.\n\nAlso, at 22:10, an Azerbaijani drone attacked positions near "
    "{am2}. There were no casualties.",
    "BAKU, Dec {d} (Reuters) - Azerbaijan's Defence Ministry said on Monday that Armenian forces "
    "fired mortars last night at Azerbaijani positions in the {az} district from the direction of "
    "{am}. Two Azerbaijani soldiers were wounded, the ministry said. Armenia's Defence Ministry "
    "denied the claim. Baku and Yerevan have traded accusations of ceasefire violations for years.",
    "An EU Monitoring Mission (EUMA) patrol heard bursts of automatic gunfire near {am} on Monday "
    "evening. The patrol, 70 km south of Dilijan at the time, observed no damage.",
    "On Thursday, the village of {az} came under fire from large-caliber weapons from the "
    "direction of the Armenian village of {am}, APA reports. {n} civilians were injured.",
]
NUMBERS = ["Two", "Three", "Four", "Twenty-one", "5"]


def generate(n: int, seed: int = 7) -> list[dict[str, str]]:
    """Return ``n`` report rows built from the templates with random places and dates."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        d = rng.randint(1, 27)
        text = rng.choice(TEMPLATES).format(
            az=rng.choice(AZ), am=rng.choice(AM), am2=rng.choice(AM), d=d, d2=d + 1,
            n=rng.choice(NUMBERS),
        )  # fmt: skip
        rows.append({"id": f"gen-{i}", "published": f"2023-12-{d + 1:02d}", "text": text})
    return rows


def main(n: int = 3000) -> None:
    rows = generate(n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reports.jsonl"
        path.write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
        geocode_text("Kalbajar")  # load the gazetteer before timing

        t = time.perf_counter()
        reports = [r for r in read_reports([path]) if isinstance(r, Report)]
        read_s = time.perf_counter() - t

        resolved = [geocode_text(r.text) for r in reports]
        t = time.perf_counter()
        incidents = sum(
            len(extract_incidents(r, m)) for r, m in zip(reports, resolved, strict=True)
        )
        extract_s = time.perf_counter() - t

        t = time.perf_counter()
        total = 0
        for report in read_reports([path]):
            if isinstance(report, Report):
                total += len(extract_incidents(report, geocode_text(report.text)))
        full_s = time.perf_counter() - t

    print(f"reports: {len(reports)}, incidents: {incidents}, date: {dt.date.today()}")
    print(f"read JSON Lines:                 {len(reports) / read_s:10.0f} reports/s")
    print(f"extract_incidents (resolved):    {len(reports) / extract_s:10.0f} reports/s")
    print(f"read + geocode_text + extract:   {len(reports) / full_s:10.0f} reports/s")
    assert total == incidents


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
