"""Accuracy per border: the development set (`../shared/devset`) and TR-News resolution.

    .venv/bin/python bench/bench_accuracy.py                  # devset per border + TR-News
    .venv/bin/python bench/bench_accuracy.py --skip-resolve   # devset only
    .venv/bin/python bench/bench_accuracy.py --json           # one JSON object

Everything goes through the ``mapper`` command and the shared scorers in fresh processes (no
import of the package), in a temporary folder: the devset and corpus texts never enter the repo.
Per-border figures: ``score.py`` run on each border's reports and on the output features of
those reports. "linking" (pairwise precision/recall of event linking, issue 17) is a stub.
"""

from __future__ import annotations

import argparse
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
    run("devset: mapper extract", [*mapper_cmd(), "extract", str(inp), "-o", str(out)], timings)
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


def linking_figures(timings: Timings) -> dict[str, Any] | str:
    """Hook for "linking": pairwise precision/recall of event linking (issue 17).

    To fill in once ``mapper events`` exists: run it on the devset input and score pairs of
    reports put into one event against the gold ``cluster`` field (pairs in the same cluster).
    """
    helptext = run("mapper --help", [*mapper_cmd(), "--help"], timings)
    # a command row: "│ events   ..." (rich) or "  events  ..." (plain); not a wrapped help line
    if not re.search(r"^[^\w\s]?\s{0,3}events\b", helptext, re.MULTILINE):
        return "linking: not measured yet"
    return "linking: `mapper events` exists, but its scoring is not written yet (issue 17)"


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
        result["linking"] = linking_figures(timings)
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
    print("\n" + str(result["linking"]))
    print("\nWall time per step (fresh process each, start-up included):")
    width = max(len(label) for label in result["timings_s"])
    for label, s in result["timings_s"].items():
        print(f"  {label.ljust(width)}  {s:7.2f} s")


if __name__ == "__main__":
    main()
