"""Reports in parts (mapper.reports.parts): byte ranges of JSON Lines and CSV files read apart
give exactly the reports of a whole read, with the same ids and ``file:line`` names."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import time

import pytest
from rich.console import Console

from mapper.progress import ReportProgress
from mapper.reports import read_reports
from mapper.reports.parts import count_reports, plan_parts, read_part

PLACES = ["Tovuz", "Sotk", "Kapan", "Jermuk", "Gazakh", "Ijevan", "Berd", "Kalbajar"]


def _key(item):
    if hasattr(item, "text"):
        return (item.id, item.text, item.path, item.title, item.published, item.warnings)
    return ("error", str(item))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A JSON Lines file with blank, broken and id-less lines and a last line without a
    newline; a CSV file with quoted newlines, CRLF rows, blank rows and a row too long;
    and one-report files."""
    folder = tmp_path_factory.mktemp("parts")
    rng = random.Random(5)
    lines = []
    for i in range(800):
        roll, place = rng.random(), rng.choice(PLACES)
        if roll < 0.03:
            lines.append("")
        elif roll < 0.05:
            lines.append('{"id": "broken", "text": ')
        elif roll < 0.08:
            lines.append(json.dumps({"text": f"Gunfire was heard near {place} overnight."}))
        else:
            text = (
                f"Report {i}: mortar fire hit {place}. "
                + "Officials urged calm. " * rng.randrange(9)
            )
            lines.append(json.dumps({"id": f"j{i}", "text": text, "published": "2024-03-02"}))
    (folder / "wire.jsonl").write_text("\r\n".join(lines[:50]) + "\n" + "\n".join(lines[50:]))
    buffer = io.StringIO(newline="")
    out = csv.writer(buffer)
    out.writerow(["id", "title", "text"])
    for i in range(800):
        roll, place = rng.random(), rng.choice(PLACES)
        if roll < 0.03:
            buffer.write("\r\n")
        elif roll < 0.1:
            out.writerow(
                [f"c{i}", "Quote", f'The ministry said:\n"Units fired at {place}."\r\nEnd.']
            )
        elif roll < 0.12:
            out.writerow([f"c{i}", "Bad", "one", "two", "three"])
        else:
            out.writerow(
                [f"c{i}", "Digest", f"Shelling near {place}, report {i}." * rng.randrange(1, 6)]
            )
    (folder / "digest.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    for place in PLACES[:3]:
        (folder / f"{place.lower()}.md").write_text(f"# {place}\n\nShelling near {place}.\n")
    return folder


@pytest.mark.parametrize("part_bytes", [500, 4096, 30_000, 2**22])
@pytest.mark.parametrize("which", ["wire.jsonl", "digest.csv", "."])
def test_parts_give_the_reports_of_a_whole_read(corpus, which, part_bytes):
    paths = [str(corpus / which), str(corpus / "missing.txt")]
    whole = [_key(r) for r in read_reports(paths)]
    parts = list(plan_parts(paths, part_bytes=part_bytes))
    assert [_key(r) for p in parts for r in read_part(p)] == whole
    if part_bytes == 500:
        assert len(parts) > 20
        assert any(p.source and p.first_line > 1 for p in parts)
    counted = sum(p.count or 0 for p in parts)
    reports = sum(1 for r in read_reports(paths) if hasattr(r, "text") or ":" in str(r))
    assert counted == count_reports(paths)
    assert abs(counted - reports) <= len(whole) * 0.01 + 2  # blank rows are not counted


def test_a_json_array_leaves_the_total_unknown(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"id": "a", "text": "Fire at Tegh."}]))
    (tmp_path / "b.txt").write_text("Fire at Berd.")
    assert count_reports([tmp_path / "b.txt"]) == 1
    assert count_reports([tmp_path]) is None


def test_progress_shows_total_rate_and_time_left():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=160)
    with ReportProgress(console, 40) as bar:
        bar.advance(10)
        time.sleep(0.6)  # a rate is shown after half a second
        bar.advance(10)
        bar._bar.refresh()  # draw now, as the bar's timer would
        shown = out.getvalue()
    last = shown.rsplit("\r", 1)[-1]
    assert "20/40" in last and "50%" in last and "reports/s" in last
    # 20 reports in ~0.6 s: the other 20 in about as long again
    assert re.search(r"0:00:0[01] left", last), last


def test_progress_without_a_terminal_draws_nothing():
    out = io.StringIO()
    with ReportProgress(Console(file=out, force_terminal=False), None) as bar:
        bar.advance(5)
    assert out.getvalue() == "" and bar.done == 5
