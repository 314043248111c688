"""Accuracy per border: the development set (`../shared/devset`) and TR-News resolution.

    .venv/bin/python bench/bench_accuracy.py                  # devset per border + TR-News
    .venv/bin/python bench/bench_accuracy.py --skip-resolve   # devset only
    .venv/bin/python bench/bench_accuracy.py --json           # one JSON object

Everything goes through the ``mapper`` command and the shared scorers in fresh processes (no
import of the package), in a temporary folder: the devset and corpus texts never enter the repo.
Per-border figures: ``score.py`` run on each border's reports and on the output features of
those reports. "linking": pairwise precision/recall of event linking (issue 17) on the team's
report pairs and on the devset's real pairs (see ``linking_figures``).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BORDERS = ("AM-AZ", "IL-LB", "RU-UA", "AF-PK", "IN-CN")
COLUMNS = (
    "gold_places",
    "mention_recall",
    "recall_at_tol",
    "precision",
    "role_acc",
    "date_coverage",
    "event_type_recall",
    "event_type_precision",
    "casualty_exact",
)
SHORT = ("gold", "m_rec", "rec@tol", "prec", "role", "dates", "et_rec", "et_prec", "cas")

Timings = list[tuple[str, float]]


def mapper_cmd() -> list[str]:
    """The ``mapper`` entry point next to this interpreter (the venv's), else the one on PATH."""
    here = Path(sys.executable).parent / "mapper"
    found = str(here) if here.exists() else shutil.which("mapper")
    if not found:
        sys.exit("error: no `mapper` command next to this Python nor on PATH")
    return [found]


def run(label: str, cmd: list[str], timings: Timings) -> str:
    """Run one step in a fresh process, record its wall time; its stdout (exit on failure)."""
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    timings.append((label, time.perf_counter() - t))
    if proc.returncode != 0:
        sys.exit(
            f"error: {label} failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}"
        )
    return proc.stdout


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def score(devset: Path, gold: Path, out: Path, label: str, timings: Timings) -> dict[str, Any]:
    stdout = run(
        label, [sys.executable, str(devset / "score.py"), str(gold), str(out), "--json"], timings
    )
    figures: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    return figures


def devset_figures(devset: Path, tmp: Path, timings: Timings) -> dict[str, dict[str, Any]]:
    """Overall and per-border figures of ``score.py`` on ``mapper extract`` output."""
    gold_path = devset / "reports.jsonl"
    inp, out = tmp / "in.jsonl", tmp / "out.geojson"
    run(
        "devset: to_input.py",
        [sys.executable, str(devset / "to_input.py"), str(gold_path), str(inp)],
        timings,
    )
    # --link adds event_id and contested (read by the "linking" figures; score.py ignores them)
    cmd = [*mapper_cmd(), "extract", str(inp), "-o", str(out), "--link"]
    run("devset: mapper extract --link", cmd, timings)
    figures = {"all": score(devset, gold_path, out, "devset: score.py (all)", timings)}

    reports = read_jsonl(gold_path)
    collection = json.loads(out.read_text(encoding="utf-8"))
    features = collection.get("features", [])
    for border in BORDERS:
        mine = [r for r in reports if r.get("border") == border]
        ids = {str(r["id"]) for r in mine}
        kept = [f for f in features if str((f.get("properties") or {}).get("report_id")) in ids]
        sub = {**collection, "features": kept}
        write_jsonl(tmp / f"gold-{border}.jsonl", mine)
        (tmp / f"out-{border}.geojson").write_text(
            json.dumps(sub, ensure_ascii=False), encoding="utf-8"
        )
        label = f"devset: score.py ({border})"
        figures[border] = score(
            devset, tmp / f"gold-{border}.jsonl", tmp / f"out-{border}.geojson", label, timings
        )
        figures[border]["reports"] = len(mine)
        figures[border].update(incident_figures(kept, len(mine)))
    figures["all"]["reports"] = len(reports)
    figures["all"].update(incident_figures(features, len(reports)))
    return {b: figures[b] for b in (*BORDERS, "all")}


def incident_figures(features: list[dict[str, Any]], reports: int) -> dict[str, Any]:
    """Incidents per report, reports with no incident row, and the share of incidents dated
    only by their report's publication (``date_prec`` 3 with no date in the text)."""
    incidents: dict[str, dict[str, Any]] = {}
    for f in features:
        p = f.get("properties") or {}
        incidents.setdefault(str(p.get("incident_id")), p)
    mapped = {str(p.get("report_id")) for p in incidents.values()}
    week = sum(1 for p in incidents.values() if p.get("date_prec") == 3)
    return {
        "incidents": len(incidents),
        "no_incident_rows": reports - len(mapped),
        "published_dated": round(week / len(incidents), 3) if incidents else 0,
    }


def resolve_figures(corpus: Path, tmp: Path, timings: Timings) -> dict[str, Any]:
    """``mapper resolve`` on the gold spans, scored by ``score_resolve.py`` (fields + misses)."""
    out = tmp / "resolved.jsonl"
    run("TR-News: mapper resolve", [*mapper_cmd(), "resolve", str(corpus), "-o", str(out)], timings)
    scorer = corpus.parent / "score_resolve.py"
    cmd = [sys.executable, str(scorer), str(corpus), str(out), "--misses", "15"]
    stdout = run("TR-News: score_resolve.py", cmd, timings)
    lines = stdout.strip().splitlines()
    res: dict[str, Any] = {}
    for key, value in re.findall(r"(\S+)=(\S+)", lines[0]):
        res[key] = int(value) if value.isdigit() else float(value)
    res["lines"] = lines
    return res


def population_baseline() -> str:
    """The naive "most populous candidate" baseline: skipped, not cheap through the command line.

    The CLI has no baseline mode; it would take one ``mapper geocode`` process per distinct span
    name (381 in TR-News, about 1.1 s each: some 7 minutes); importing the package is off limits.
    """
    return (
        "population baseline: skipped (no CLI mode; one `mapper geocode` process per name, ~7 min)"
    )


# Gold place kinds as UCDP precision codes, for the devset's gold incidents (linker alone).
GOLD_PREC = {"settlement": 1, "landmark": 2, "district": 3, "province": 4, "region": 5,
             "natural": 7}  # fmt: skip
TEAM_PAIRS = ROOT / "tests" / "data" / "linking"


def report_pairs(ids: list[str], events_of: dict[str, set[str]]) -> set[frozenset[str]]:
    """Pairs of reports (of ``ids``) that share an event."""
    return {
        frozenset((a, b))
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if events_of.get(a, set()) & events_of.get(b, set())
    }


def pairwise(pred: set[frozenset[str]], gold: set[frozenset[str]]) -> dict[str, Any]:
    tp = len(pred & gold)
    return {
        "gold_pairs": len(gold),
        "linked_pairs": len(pred),
        "tp": tp,
        "precision": round(tp / len(pred), 3) if pred else None,
        "recall": round(tp / len(gold), 3) if gold else None,
        "false_links": sorted(" ~ ".join(sorted(p)) for p in pred - gold),
        "missed": sorted(" ~ ".join(sorted(p)) for p in gold - pred),
    }


def events_of_features(path: Path) -> tuple[dict[str, set[str]], dict[str, bool]]:
    """Report -> its event ids, and event -> contested, from an incidents GeoJSON."""
    events: dict[str, set[str]] = {}
    contested: dict[str, bool] = {}
    for f in json.loads(path.read_text(encoding="utf-8")).get("features", []):
        p = f.get("properties") or {}
        if p.get("event_id"):
            events.setdefault(str(p["report_id"]), set()).add(p["event_id"])
            contested[p["event_id"]] = bool(p.get("contested"))
    return events, contested


def devset_gold_pairs(reports: list[dict[str, Any]]) -> set[frozenset[str]]:
    """The devset's real pairs: reports of one ``cluster`` whose ``incident_dates`` overlap."""
    return {
        frozenset((a["id"], b["id"]))
        for i, a in enumerate(reports)
        for b in reports[i + 1 :]
        if a["cluster"] == b["cluster"] and set(a["incident_dates"]) & set(b["incident_dates"])
    }


def gold_incidents(reports: list[dict[str, Any]], path: Path) -> None:
    """The devset's gold as an incidents file: one incident per report and gold date, with the
    report's gold places (those with coordinates), kinds, casualties and claimant. No text."""
    features = []
    for r in reports:
        for k, day in enumerate(sorted(set(r["incident_dates"])) or [None], 1):
            for p in r["places"]:
                if p.get("lat") is None:
                    continue
                props = {
                    "report_id": r["id"], "incident_id": f"{r['id']}#{k}",
                    "place": p.get("canonical") or p["mention"], "kind": p["kind"],
                    "where_prec": GOLD_PREC.get(p["kind"], 2), "lat": p["lat"],
                    "lon": p["lon"], "country": p["country"], "district": p.get("admin1"),
                    "role": p["role"] if p["role"] in ("target", "origin") else "location",
                    "date_start": day, "date_end": day,
                    "event_type": (r["event_types"] or ["other"])[0],
                    "event_types": ";".join(r["event_types"]), "killed": r["killed"],
                    "wounded": r["wounded"], "claimant": r["claimant"],
                    "published": r["published"],
                }  # fmt: skip
                point = {"type": "Point", "coordinates": [p["lon"], p["lat"]]}
                features.append({"type": "Feature", "properties": props, "geometry": point})
    collection = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")


def linking_figures(devset: Path, tmp: Path, timings: Timings) -> dict[str, Any]:
    """Pairwise precision/recall of event linking (issue 17): report pairs put into one event.

    - team: ``mapper extract --link`` on the team's report pairs (``tests/data/linking``);
      also whether each linked gold event is rightly contested or not;
    - devset, end to end: the devset's own ``mapper extract --link`` output (every stage's
      errors included) against its real pairs;
    - devset, gold incidents: ``mapper events`` on the devset's gold places, dates, kinds and
      casualties (the linker alone).
    """
    out: dict[str, Any] = {}
    gold = json.loads((TEAM_PAIRS / "events.json").read_text(encoding="utf-8"))
    team_ids = [r["id"] for r in read_jsonl(TEAM_PAIRS / "reports.jsonl")]
    team_out = tmp / "team-linked.geojson"
    cmd = [*mapper_cmd(), "extract", str(TEAM_PAIRS / "reports.jsonl"), "-o", str(team_out)]
    run("linking: mapper extract --link (team pairs)", [*cmd, "--link"], timings)
    events_of, contested = events_of_features(team_out)
    team_gold = {frozenset((a, b)) for e in gold["events"] for a in e for b in e if a < b}
    out["team"] = pairwise(report_pairs(team_ids, events_of), team_gold)
    right = total = 0
    for event in gold["events"]:
        shared = set.intersection(*(events_of.get(r, set()) for r in event))
        if shared:
            total += 1
            should = any(r in gold["contested"] for r in event)
            right += all(contested[e] == should for e in shared)
    out["team"]["contested_right"] = f"{right} of {total} linked events"

    reports = read_jsonl(devset / "reports.jsonl")
    dev_ids = [r["id"] for r in reports]
    dev_gold = devset_gold_pairs(reports)
    events_of, _ = events_of_features(tmp / "out.geojson")
    out["devset_end_to_end"] = pairwise(report_pairs(dev_ids, events_of), dev_gold)
    gold_path, events_csv = tmp / "gold-incidents.geojson", tmp / "gold-events.csv"
    gold_incidents(reports, gold_path)
    cmd = [*mapper_cmd(), "events", str(gold_path), "-o", str(events_csv), "--region", "world"]
    run("linking: mapper events (devset gold incidents)", cmd, timings)
    events_of = {}
    with events_csv.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for rid in row["reports"].split(";"):
                events_of.setdefault(rid, set()).add(row["event_id"])
    out["devset_gold_incidents"] = pairwise(report_pairs(dev_ids, events_of), dev_gold)
    return out


def linking_lines(figures: dict[str, Any]) -> list[str]:
    names = {
        "team": "team pairs (tests/data/linking), end to end",
        "devset_end_to_end": "devset real pairs, end to end",
        "devset_gold_incidents": "devset real pairs, gold incidents (the linker alone)",
    }
    lines = ["Linking (issue 17): report pairs put into one event; targets P >= 0.85, R >= 0.75"]
    for key, label in names.items():
        f = figures[key]
        p = "n/a" if f["precision"] is None else f"{f['precision']:.3f}"
        r = "n/a" if f["recall"] is None else f"{f['recall']:.3f}"
        lines.append(
            f"  {label}: precision {p}  recall {r}  "
            f"({f['tp']} of {f['linked_pairs']} links right, {f['gold_pairs']} gold pairs)"
        )
        if "contested_right" in f:
            lines.append(f"    contested right: {f['contested_right']}")
        lines += [f"    false link: {x}" for x in f["false_links"]]
        lines += [f"    missed: {x}" for x in f["missed"]]
    return lines


def table(figures: dict[str, dict[str, Any]]) -> str:
    rows: list[tuple[str, ...]] = [("border", "reports", *SHORT)]
    for border, f in figures.items():
        rows.append((border, str(f["reports"]), *(str(f[c]) for c in COLUMNS)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]

    def fmt(row: tuple[str, ...]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )

    lines = [fmt(rows[0]), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows[1:])]
    lines.append("(" + ", ".join(f"{s}={c}" for s, c in zip(SHORT, COLUMNS, strict=True)) + ")")
    lines.append("")
    lines.append("incidents per border (reports with no incident row; share dated by publication):")
    for border, f in figures.items():
        lines.append(
            f"  {border:6} {f['incidents']:4} incidents  {f['no_incident_rows']:3} without rows  "
            f"{f['published_dated']:.3f} publication-dated"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = ROOT.parent / "shared"
    ap.add_argument(
        "--devset",
        type=Path,
        default=shared / "devset",
        help="folder with reports.jsonl, to_input.py and score.py",
    )
    ap.add_argument(
        "--corpus",
        type=Path,
        default=shared / "corpora" / "trnews.jsonl",
        help="gold-span corpus (JSON Lines, score_resolve.py beside it) or its folder",
    )
    ap.add_argument("--skip-resolve", action="store_true", help="skip the TR-News resolution step")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    args = ap.parse_args()
    devset = args.devset.resolve()
    corpus = args.corpus.resolve()
    if corpus.is_dir():
        corpus = corpus / "trnews.jsonl"

    timings: Timings = []
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-accuracy-") as d:
        tmp = Path(d)
        result["devset"] = devset_figures(devset, tmp, timings)
        if not args.skip_resolve:
            result["resolve"] = resolve_figures(corpus, tmp, timings)
            result["population_baseline"] = population_baseline()
        result["linking"] = linking_figures(devset, tmp, timings)
    result["timings_s"] = {label: round(s, 2) for label, s in timings}

    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"Devset ({devset}): score.py figures per border\n")
    print(table(result["devset"]))
    if "resolve" in result:
        print(f"\nResolution, gold spans ({corpus.name}):")
        for line in result["resolve"]["lines"]:
            print("  " + line)
        print("  " + result["population_baseline"])
    print("\n" + "\n".join(linking_lines(result["linking"])))
    print("\nWall time per step (fresh process each, start-up included):")
    width = max(len(label) for label in result["timings_s"])
    for label, s in result["timings_s"].items():
        print(f"  {label.ljust(width)}  {s:7.2f} s")


if __name__ == "__main__":
    main()
