"""``mapper extract`` on one core and on Dask: reports/s, peak memory per process, speed-up.

    python bench/bench_scale.py                     # 100,000 and 1,000,000 reports, 1 and 2 workers
    python bench/bench_scale.py 20000 --workers 1 2 --no-one-core
    python bench/bench_scale.py 1000000 --timeout 3600

Each run is a fresh ``mapper extract`` process on one JSON Lines file of generated reports
(bench_extract's generator), output GeoParquet, start-up included. ``one core`` is the plain
run; ``N workers`` a local Dask cluster of N processes (``--workers N``), whose peak memory
per worker the run prints. The machine's load is printed with each run: other work on the
cores slows the runs, and with it the speed-up.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_extract import write_corpus

_PEAK = re.compile(r"peak memory per worker ([\d,]+) MB")
# the driver (scheduler, client and the file's writer) says its own peak and CPU
_DRIVER = re.compile(r"this process \(the writer\) ([\d,]+) MB, CPU ([\d,.]+) s")


def run(corpus: Path, out: Path, workers: int | None, timeout: float) -> dict[str, float] | None:
    extra = ["--workers", str(workers)] if workers else []
    load = os.getloadavg()[0]
    cpu_before = _children_cpu()
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mapper", "extract", str(corpus), "-o", str(out), *extra],
            capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu_before  # the run's processes, workers included
    if done.returncode:
        print(done.stderr)
        raise SystemExit(done.returncode)
    peak = _PEAK.search(done.stderr)
    # one core: the run's own process; Dask: each worker's, as the run prints it
    rss = float(peak[1].replace(",", "")) if peak else _children_peak_mb()
    driver = _DRIVER.search(done.stderr)
    driver_mb, driver_cpu = (_num(driver[1]), _num(driver[2])) if driver else (rss, cpu)
    summary = next(line for line in done.stderr.splitlines() if line.startswith("reports:"))
    reports = int(summary.split()[1])
    return {"elapsed": elapsed, "rate": reports / elapsed, "peak": rss, "load": load, "cpu": cpu,
            "driver_mb": driver_mb, "driver_cpu": driver_cpu}  # fmt: skip


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--no-one-core", action="store_true", help="skip the plain run")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per run")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            write_corpus(corpus, n)
            size = corpus.stat().st_size / 2**20
            print(f"\n{n:,} reports ({size:,.0f} MB of JSON Lines)")
            rates: dict[int, float] = {}
            for workers in ([None] if not args.no_one_core else []) + args.workers:
                result = run(corpus, Path(tmp) / "out.parquet", workers, args.timeout)
                name = f"{workers} worker{'s' if workers != 1 else ''}" if workers else "one core"
                if result is None:
                    print(f"  {name:>10}: stopped after {args.timeout:,.0f} s (--timeout)")
                    continue
                if workers:
                    rates[workers] = result["rate"]
                print(f"  {name:>10}: {result['elapsed']:8.1f} s  {result['rate']:7,.0f} reports/s"
                      f"  peak {result['peak']:6,.0f} MB per process"
                      f"  CPU {result['cpu']:7.0f} s ({result['cpu'] / result['elapsed']:.2f} cores"
                      f" busy)  (load {result['load']:.2f} at start)")  # fmt: skip
                if workers:  # what the writer takes from the workers' cores
                    share = result["driver_cpu"] / result["cpu"]
                    print(f"  {'':>10}  driver: peak {result['driver_mb']:,.0f} MB, CPU "
                          f"{result['driver_cpu']:,.1f} s ({share:.1%} of the run's)")  # fmt: skip
            for workers, rate in sorted(rates.items()):
                if workers != 1 and 1 in rates:
                    print(f"  speed-up with {workers} workers: {rate / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
