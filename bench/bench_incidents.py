"""Reports per second of reading and incident extraction on generated reports.

Run: ``python bench/bench_incidents.py [N]`` (default 3000 reports). Prints reports/s for
reading a JSON Lines file, for extraction alone (places already resolved), and for
read + geocode_text + extract_incidents end to end; then seconds of extraction for inputs
built to make patterns backtrack or rescan (each should stay under 0.5 s).
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


def pathological() -> dict[str, str]:
    """Inputs that would make careless patterns backtrack or rescan: each must stay < 0.5 s."""
    places = " ".join(AZ + AM)
    return {
        "50,000 blanks in a sentence": "Units fired at" + " " * 50_000 + "Lachin from Goris.",
        "114 kB without a full stop": ("units stationed in Tegh fired at Lachin and " * 2600),
        "80 kB of number words": "twenty one two three four " * 3000 + "soldiers were wounded.",
        "5,000 mentions in one sentence": "Armenian units fired at " + ", ".join(AZ * 625) + ".",
        "5,000 mentions, no fire verb first": "Posts in " + ", ".join(AZ * 625) + " were hit.",
        "long appositions": (
            "Troops stationed in Kalbajar, the district Armenia calls Karvachar, "
            + "known in Armenia by its former name Karvachar, " * 2000
            + "fired at Vardenis."
        ),
        "negations everywhere": ("no not never fire " * 10_000) + "near Tegh.",
        "words without places": (places + " the the of of in in ") * 1500 + ".",
        "possessive countries": ("Azerbaijan's Armenia's " * 5000) + "army fired at Tegh.",
        "states that might speak": ("Azerbaijan Baku the government of Armenia " * 3000)
        + "said that units fired at Tegh.",
        "tolls and qualifiers": ("the death toll of at least more than up to " * 3000)
        + "killing at least 3 soldiers.",
        "incursion words": ("troops advanced moved entered crossed the state " * 3000)
        + "border near Kut.",
    }


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

    print("pathological inputs (extraction alone, places already resolved):")
    for name, text in pathological().items():
        report = Report(id="p", text=text, published=dt.date(2023, 12, 11))
        resolved = geocode_text(text)
        t = time.perf_counter()
        extract_incidents(report, resolved)
        took = time.perf_counter() - t
        print(f"  {name:38} {len(text) / 1000:6.0f} kB {len(resolved):6d} places {took:7.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
