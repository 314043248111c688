"""The ``mapper`` command, run as a user runs it: a real process on real files."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


# --- outputs are replaced safely; the run says what happened (issue 15) ---------------------

FORMATS = [".geojson", ".gpkg", ".csv", ".parquet"]
PLACES = ["Tegh", "Sotk", "Kut", "Verin Shorzha", "Nerkin Hand", "Yeraskh", "Sadarak"]


def _wire(path: Path, n: int) -> Path:
    """A JSON Lines file of ``n`` short team-written reports, each naming one place."""
    lines = []
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        text = f"Mortar fire hit positions near {place} on the night of {i % 27 + 1} May 2024."
        lines.append(json.dumps({"id": f"w{i}", "text": text, "published": "2024-06-01"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _start(*args: str, **kwargs) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mapper", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, **kwargs,
    )  # fmt: skip


def _partials(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".partial-" in p.name]


def _wait_for_rows(folder: Path, timeout_s: float = 120) -> None:
    """Wait until the run's partial output holds its first batch."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if any(p.stat().st_size > 2048 for p in _partials(folder) if p.exists()):
            return
        time.sleep(0.05)
    raise AssertionError("the partial output never got rows")


@pytest.mark.slow
@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=str)
def test_stopping_extract_never_harms_the_earlier_output(tmp_path, suffix, sig):
    # far more reports than run before the signal comes: a run that finished first would
    # rightly replace the earlier output (600 short reports once took long enough; no longer)
    wire = _wire(tmp_path / "wire.jsonl", 20_000)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    earlier = out_dir / f"incidents{suffix}"
    first = _mapper("extract", str(ROOT / "examples" / "reports"), "-o", str(earlier))
    assert first.returncode == 0, first.stderr
    before = earlier.read_bytes()
    run = _start("extract", str(wire), "-o", str(earlier), "--batch-size", "5")
    _wait_for_rows(out_dir)
    run.send_signal(sig)
    _, stderr = run.communicate(timeout=120)
    assert earlier.read_bytes() == before  # never replaced by a partial file, never deleted
    if sig == signal.SIGKILL:
        # nothing can clean up after SIGKILL: the partial file stays, hidden and named so
        # (with SQLite's journal beside a GeoPackage)
        left = _partials(out_dir)
        assert all(p.name.startswith(".incidents.partial-") for p in left)
        assert len([p for p in left if p.suffix == suffix]) == 1
        return
    assert run.returncode == 128 + sig
    assert _partials(out_dir) == []
    reason = "interrupted (Ctrl-C)" if sig == signal.SIGINT else "terminated by SIGTERM"
    assert f"stopped: {reason}; the earlier {earlier} is untouched" in stderr
    assert "reports: " in stderr and "Traceback" not in stderr


def _tiny_disk_run(tmp_path: Path, earlier: bytes, wire: Path) -> tuple[int, str, bytes, list]:
    """Run extract into a 1 MB tmpfs that already holds an earlier output; report what is
    left there. Needs a mount namespace (root); the caller skips otherwise."""
    script = tmp_path / "on_tiny_disk.py"
    script.write_text(
        f"""
import json, subprocess, sys
from pathlib import Path
disk = Path({str(tmp_path / "disk")!r})
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], check=True)
out = disk / "incidents.geojson"
out.write_bytes(Path({str(tmp_path / "earlier.geojson")!r}).read_bytes())
done = subprocess.run([sys.executable, "-m", "mapper", "extract", {str(wire)!r}, "-o", str(out),
                       "--batch-size", "50"], capture_output=True, text=True, cwd={str(ROOT)!r})
print(json.dumps([done.returncode, done.stderr, out.read_bytes().hex(),
                  sorted(p.name for p in disk.iterdir())]))
""",
        encoding="utf-8",
    )
    (tmp_path / "disk").mkdir()
    (tmp_path / "earlier.geojson").write_bytes(earlier)
    done = subprocess.run(
        ["unshare", "-m", sys.executable, str(script)], capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    code, stderr, data, names = json.loads(done.stdout)
    return code, stderr, bytes.fromhex(data), names


@pytest.mark.slow
def test_a_full_disk_is_a_clear_error_and_the_earlier_file_stays(tmp_path):
    earlier = _mapper(
        "extract", str(ROOT / "examples" / "reports"), "-o", str(tmp_path / "e.geojson")
    )
    assert earlier.returncode == 0
    before = (tmp_path / "e.geojson").read_bytes()
    wire = _wire(tmp_path / "wire.jsonl", 3000)  # some MB of GeoJSON: more than the disk holds
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode == 0:
        code, stderr, after, names = _tiny_disk_run(tmp_path, before, wire)
    else:  # no mount namespace here: a file-size limit makes the writer fail halfway instead
        out = tmp_path / "limited"
        out.mkdir()
        (out / "incidents.geojson").write_bytes(before)
        limit = len(before) + 200_000

        def small_files() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        done = subprocess.run(
            [sys.executable, "-m", "mapper", "extract", str(wire), "-o",
             str(out / "incidents.geojson"), "--batch-size", "50"],
            capture_output=True, text=True, cwd=ROOT, preexec_fn=small_files, timeout=600,
        )  # fmt: skip
        code, stderr = done.returncode, done.stderr
        after, names = (out / "incidents.geojson").read_bytes(), sorted(os.listdir(out))
    assert code == 2, stderr
    assert "writing failed" in stderr and "untouched" in stderr and "Traceback" not in stderr
    assert after == before and names == ["incidents.geojson"]


def test_an_output_that_is_an_input_is_refused_up_front(tmp_path):
    wire = tmp_path / "same.csv"
    wire.write_text(f'id,text\nr1,"{SEED}"\n', encoding="utf-8")
    before = wire.read_bytes()
    done = _mapper("extract", str(wire), "-o", str(wire))
    assert done.returncode == 2 and "is also an input" in done.stderr
    assert wire.read_bytes() == before


def test_earlier_outputs_in_an_input_folder_are_not_read_as_reports(tmp_path):
    (tmp_path / "a.txt").write_text("Shelling near Sotk\n\n" + SEED, encoding="utf-8")
    for suffix in (".csv", ".json"):
        out = tmp_path / f"incidents{suffix}"
        first = _mapper("extract", str(tmp_path), "-o", str(out))
        assert first.returncode == 0, first.stderr
        again = _mapper("extract", str(tmp_path), "-o", str(out))
        assert again.returncode == 0 and "errors: 0" in again.stderr, again.stderr
        assert "reports: 1  mapped: 1" in again.stderr
    assert "incidents.csv: an incidents file written by mapper extract" in again.stderr
    named = _mapper("extract", str(tmp_path / "incidents.csv"), "-o", str(tmp_path / "x.csv"))
    assert "errors: 1" in named.stderr  # named, it is read (and its rows have no text column)


def test_an_unwritable_output_fails_before_any_report_is_read(tmp_path):
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    done = _mapper("extract", str(tmp_path / "a.txt"), "-o", "/proc/incidents.geojson")
    assert done.returncode == 2 and "cannot write in /proc" in done.stderr
    assert "reports:" not in done.stderr and "Traceback" not in done.stderr


def test_closed_standard_input_is_an_error_not_a_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "mapper", "extract", "-", "-o", str(tmp_path / "x.csv")],
        capture_output=True, text=True, cwd=ROOT, timeout=300, preexec_fn=lambda: os.close(0),
    )  # fmt: skip
    assert done.returncode == 1 and "standard input is closed" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "x.csv").exists()


MEASURE = (
    "import resource, sys\n"
    "from mapper.cli import main\n"
    "sys.argv = ['mapper', *sys.argv[1:]]\n"
    "try:\n    main()\n"
    "finally:\n"
    "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    print(f'maxrss_kb={peak}', file=sys.stderr)\n"
)


def _peak_mb(stderr: str) -> float:
    return int(stderr.rsplit("maxrss_kb=", 1)[1].split()[0]) / 1024


@pytest.mark.slow
def _measured(stdin, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", MEASURE, "extract", "-", "-o", str(out)],
        stdin=stdin, capture_output=True, text=True, cwd=ROOT, timeout=600,
    )  # fmt: skip


def test_200_mb_over_standard_input_keeps_memory_flat(tmp_path):
    # Peaks are compared with the same run on a small input: the gazetteer's memory-mapped
    # index counts in the peak as far as the reports' names touch it.
    out = tmp_path / "x.csv"
    small = tmp_path / "small.txt"
    small.write_text("Shelling near Sotk was reported by the ministry.\n" * 1000)
    with small.open("rb") as stdin:
        base = _peak_mb(_measured(stdin, out).stderr)
    feed = subprocess.Popen(
        ["sh", "-c", "yes 'Shelling near Sotk was reported by the ministry.' | head -c 200000000"],
        stdout=subprocess.PIPE,
    )
    done = _measured(feed.stdout, out)
    feed.stdout.close()
    feed.wait()
    assert done.returncode == 1 and "the limit for one report" in done.stderr
    assert _peak_mb(done.stderr) < base + 80, (base, done.stderr[-300:])
    # one JSON Lines row too long to hold is named, and the rows around it are read
    rows = tmp_path / "rows.jsonl"
    head = json.dumps({"id": "before", "text": SEED}) + "\n"
    tail = json.dumps({"id": "after", "text": SEED}) + "\n"
    rows.write_text(head + tail, encoding="utf-8")
    with rows.open("rb") as stdin:
        base = _peak_mb(_measured(stdin, out).stderr)
    huge = '{"id": "huge", "text": "' + "Shelling near Sotk. " * 2_000_000 + '"}\n'
    rows.write_text(head + huge + tail, encoding="utf-8")
    with rows.open("rb") as stdin:
        done = _measured(stdin, out)
    assert done.returncode == 0, done.stderr
    assert "reports: 3  mapped: 2" in done.stderr and "<stdin>:2: line of 38.1 MB" in done.stderr
    # the 38 MB line may be held once while it is measured, never the 200 MB of input
    assert _peak_mb(done.stderr) < base + 120, (base, done.stderr[-300:])


def test_ranges_are_checked_the_same_way_by_every_command(tmp_path):
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    for command, out in (("extract", "x.geojson"), ("map", "x.html")):
        done = _mapper(
            command, str(tmp_path / "a.txt"), "-o", str(tmp_path / out), "--near-km", "-3"
        )
        assert done.returncode == 2 and "--near-km" in done.stderr, (command, done.stderr)
        assert not (tmp_path / out).exists()


def test_an_empty_folder_says_so(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK")
    done = _mapper("extract", str(tmp_path), "-o", str(tmp_path / "x.geojson"))
    assert done.returncode == 1
    assert f"no reports found in {tmp_path}" in done.stderr and ".txt" in done.stderr


def test_version_quiet_verbose_and_readable_help(tmp_path):
    version = _mapper("--version")
    assert version.returncode == 0 and version.stdout.strip().startswith("mapper 0.")
    (tmp_path / "quiet.txt").write_text("Shelling was heard overnight.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Shelling near Sotk on Monday.", encoding="utf-8")
    out = str(tmp_path / "x.csv")
    quiet = _mapper("extract", str(tmp_path), "-o", out, "-q")
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""
    loud = _mapper("extract", str(tmp_path), "-o", out, "-v")
    assert "no place found in: quiet" in loud.stderr
    # a stage's note names the report once
    assert "warning: a: relative date 'on Monday'" in loud.stderr and "a: a:" not in loud.stderr
    helped = _mapper("extract", "--help")
    assert "PATH..." in helped.stdout and "<list[str]>" not in helped.stdout
    assert "{PATH" not in helped.stdout and "Exit codes" in helped.stdout


def test_output_to_standard_output(tmp_path):
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    done = _mapper("extract", str(tmp_path / "a.txt"), "-o", "-")
    assert done.returncode == 0, done.stderr
    assert {f["properties"]["role"] for f in json.loads(done.stdout)["features"]} == {
        "origin", "target"
    }  # fmt: skip
    csv_out = _mapper("extract", str(tmp_path / "a.txt"), "-o", "-", "--format", "csv")
    assert csv_out.stdout.startswith("report_id,incident_id,mention,")
    assert "wrote" not in csv_out.stderr and "reports: 1" in csv_out.stderr


def test_map_reads_an_incidents_file_with_numbers_out_of_range(tmp_path):
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    incidents = tmp_path / "incidents.geojson"
    assert _mapper("extract", str(tmp_path / "a.txt"), "-o", str(incidents)).returncode == 0
    doc = json.loads(incidents.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["wounded"] = "1e400"
    incidents.write_text(json.dumps(doc), encoding="utf-8")
    done = _mapper("map", str(incidents), "--offline", "-o", str(tmp_path / "map.html"))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr


# --- a folder of hostile inputs runs to the end, and the summary names every one -------------


def _unprivileged() -> list[str]:
    """A command prefix that makes permissions bind (root otherwise reads every folder)."""
    if os.geteuid() != 0:
        return []
    probe = subprocess.run(
        ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "true"],
        capture_output=True,
    )
    if probe.returncode != 0:
        pytest.skip("root, and setpriv cannot drop the capability to read any folder")
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


def _hostile_folder(root: Path) -> None:
    (root / "a").mkdir()
    (root / "b").mkdir()
    (root / "a" / "report.txt").write_text("Shelling near Sotk on 3 May 2024.", encoding="utf-8")
    (root / "b" / "report.md").write_text("Mortar fire hit Tegh on 4 May 2024.", encoding="utf-8")
    (root / os.fsdecode(b"caf\xe9.txt")).write_text("Drone over Kut on 5 May 2024.")
    depth = 450_000  # a 5 MB page nested 450,000 deep
    (root / "deep.html").write_text(
        "<html><body>" + "<div>" * depth + "Gunfire near Yeraskh." + "</div>" * depth
    )
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    levels += [
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    (root / "bomb.md").write_text(
        "---\n" + "\n".join(levels) + "\ntitle: *i\n---\nShots near Nerkin Hand on 6 May 2024.\n"
    )
    (root / "wire.csv").write_text(
        'id,text\nc1,"Shots near Tegh\nc2,Mortar fire near Sotk on 7 May 2024.\n'
        f'c3,"{"x" * (11 * 2**20)}"\nc4,Drone over Kut on 8 May 2024.\n'
    )
    (root / "rows.jsonl").write_bytes(
        b'{"id": "j1", "text": "Shots near Tegh on 9 May 2024."}\n'
        b'{"id": "j1", "text": "Shots near Sotk \xe9 on 9 May 2024."}\n'
    )
    (root / "gone.txt").symlink_to(root / "nowhere.txt")
    (root / "locked").mkdir()
    (root / "locked" / "hidden.txt").write_text("Shots near Kut.", encoding="utf-8")
    (root / "locked").chmod(0)
    (root / "incidents.csv").write_text("report_id,incident_id,mention\nx,x#1,Kut\n")


@pytest.mark.slow
def test_a_folder_of_hostile_inputs_runs_to_the_end_and_names_each(tmp_path):
    prefix = _unprivileged()
    root = tmp_path / "in"
    root.mkdir()
    _hostile_folder(root)
    out = tmp_path / "out.geojson"
    os.chmod(tmp_path, 0o755)
    started = time.monotonic()
    try:
        done = subprocess.run(
            [*prefix, sys.executable, "-c", MEASURE, "extract", str(root), "-o", str(out), "-v"],
            capture_output=True, text=True, cwd=ROOT, timeout=600,
        )  # fmt: skip
    finally:
        (root / "locked").chmod(0o755)
    seconds = time.monotonic() - started
    err = done.stderr
    assert done.returncode == 0, err
    assert "Traceback" not in err
    assert seconds < 120 and _peak_mb(err) < 1200, (seconds, _peak_mb(err))
    # every input is named: read, warned about or an error
    expected = [
        f"error: {root}/locked: cannot read folder: Permission denied",
        f"error: {root}/gone.txt: dangling link to {root}/nowhere.txt",
        f"error: {root}/wire.csv:2: malformed row",
        f"error: {root}/wire.csv:4: a cell is larger than the limit",
        "warning: caf\\xe9: file name is not UTF-8",
        "warning: deep: HTML nested more than 1000 elements deep",
        "warning: bomb: front matter cannot be read (YAML: ",
        "warning: j1~2: duplicate id 'j1'",
        "warning: j1~2: line 2 is not UTF-8 (byte 0xe9",
        f"warning: {root}/incidents.csv: an incidents file written by mapper extract",
    ]
    for line in expected:
        assert line in err, line
    ids = {f["properties"]["report_id"] for f in json.loads(out.read_text())["features"]}
    assert {"a/report", "b/report", "caf\\xe9", "deep", "bomb", "c2", "c4", "j1", "j1~2"} <= ids
    assert "reports: 13  mapped: 9  no place found: 0  errors: 4" in err


def _outside_traffic(log: str) -> list[str]:
    """strace lines where a process looked a name up or reached an address off the machine.

    A UDP ``connect`` alone sends nothing (Chromium asks the kernel for a route to learn
    whether IPv6 works) and is allowed; a TCP connect, a send, or a DNS or nscd socket is not.
    """
    bad = []
    for line in log.splitlines():
        local = 'inet_addr("127.' in line or '"::1"' in line
        lookup = "nscd/socket" in line or "systemd/resolve" in line or "htons(53)" in line
        tcp = "connect(" in line and "<TCP" in line and "AF_INET" in line
        send = ("sendto(" in line or "sendmsg(" in line) and "sin" in line
        if lookup or ((tcp or send) and not local):
            bad.append(line)
    return bad


@pytest.mark.slow
@pytest.mark.browser
def test_png_makes_no_request_off_the_machine(tmp_path):
    from mapper.maps.browser import CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("no network namespace can be made here")
    if subprocess.run(["strace", "-V"], capture_output=True).returncode != 0:
        pytest.skip("no strace (.ci/run installs it)")
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    log = tmp_path / "strace.log"
    # In a namespace of its own nothing can leave the machine whatever Chromium tries, and
    # strace records every try: before Chromium's network was locked, an online map gave
    # dozens of DNS look-ups here (connects to the resolver's port 53).
    setup = "ip link set lo up"
    command = [
        "strace", "-f", "-qq", "-yy", "-e", "trace=connect,sendto,sendmsg", "-o", str(log),
        sys.executable, "-m", "mapper", "map", str(tmp_path / "a.txt"),
        "-o", str(tmp_path / "map.html"), "--png", str(tmp_path / "map.png"),
    ]  # fmt: skip
    done = subprocess.run(
        ["unshare", "-n", "sh", "-c", f'{setup} && exec "$@"', "sh", *command],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"
    text = log.read_text(errors="replace")
    assert "connect(" in text  # the trace did see the browser's own (local) sockets
    assert _outside_traffic(text) == []
