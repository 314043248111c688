"""The ``mapper`` command, run as a user runs it: a real process on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = (
    "On December 9-10, Armenian units fired at the positions of the Azerbaijani army in "
    "Kalbajar region from their positions in Basarkechar region."
)


def _mapper(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapper", *args],
        capture_output=True, text=True, input=stdin, cwd=ROOT, timeout=300,
    )  # fmt: skip


def test_extract_writes_geojson_and_prints_a_summary(tmp_path):
    (tmp_path / "a.txt").write_text("Fire near Sotk\n\n" + SEED, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    out = tmp_path / "incidents.geojson"
    done = _mapper("extract", str(tmp_path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "reports: 2  mapped: 1  no place found: 0  errors: 1" in done.stderr
    assert "b" in done.stderr and "binary" in done.stderr.lower()
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert {"origin", "target"} <= {f["properties"]["role"] for f in features}


def test_extract_reads_standard_input(tmp_path):
    out = tmp_path / "stdin.csv"
    done = _mapper("extract", "-", "-o", str(out), stdin=SEED)
    assert done.returncode == 0, done.stderr
    assert "Kalbajar" in out.read_text(encoding="utf-8")


def test_extract_exits_non_zero_when_nothing_could_be_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    done = _mapper("extract", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "x.geojson"))
    assert done.returncode != 0
    assert "empty" in done.stderr
    missing = _mapper("extract", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "y.geojson"))
    assert missing.returncode != 0 and "missing.txt" in missing.stderr


def test_unknown_output_format_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    done = _mapper("extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out.xlsx"))
    assert done.returncode == 2 and "unknown output format" in done.stderr


def test_layers_prints_the_region():
    done = _mapper("layers", "--region", "caucasus")
    assert done.returncode == 0, done.stderr
    assert "districts" in done.stdout and "158" in done.stdout
    bad = _mapper("layers", "--region", "atlantis")
    assert bad.returncode == 2 and "unknown region" in bad.stderr


def test_geocode_prints_ranked_candidates():
    done = _mapper("geocode", "Karvachar")
    assert done.returncode == 0, done.stderr
    assert "Kalbajar" in done.stdout


def test_resolve_follows_the_span_contract(tmp_path):
    spans = tmp_path / "spans.jsonl"
    start = SEED.index("Kalbajar")
    units = SEED.index("units")  # not a place name anywhere
    row = {"id": "s1", "text": SEED, "spans": [[start, start + 8], [units, units + 5]]}
    spans.write_text(json.dumps(row) + "\n", encoding="utf-8")
    done = _mapper("resolve", str(spans))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["id"] == "s1" and len(out["results"]) == 2
    first = out["results"][0]
    assert set(first) == {"start", "end", "name", "geonameid", "lat", "lon", "country"}
    assert first["name"] == "Kalbajar" and first["country"] == "AZ"
    assert out["results"][1] is None


def test_map_from_reports_then_from_the_incidents_file(tmp_path):
    reports = ROOT / "examples" / "reports"
    html = tmp_path / "map.html"
    done = _mapper("map", str(reports), "--offline", "-o", str(html))
    assert done.returncode == 0, done.stderr
    page = html.read_text(encoding="utf-8")
    assert '<script src="http' not in page and "Natural Earth" in page and "GeoNames" in page
    incidents = tmp_path / "incidents.geojson"
    assert _mapper("extract", str(reports), "-o", str(incidents)).returncode == 0
    again = _mapper("map", str(incidents), "-o", str(tmp_path / "again.html"))
    assert again.returncode == 0, again.stderr
    assert "reports: 21  mapped: 21" in again.stderr
    assert (tmp_path / "again.html").stat().st_size > 10_000
