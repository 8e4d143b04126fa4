"""Exams service benchmark (figures for docs/exams.md; not a test).

  .venv/bin/python -m bench.exams_import_lookup [--seconds 10] [--connections 32]

1. import the 2025 national file (932,334 candidates, ../shared/data) into the embedded store,
   in a child process of its own: time, rows/s, the child's peak RSS (goal ≤ 20 s on 2 cores);
2. lookups by SBD straight to the exams service under gunicorn, random numbers of the file,
   with wrk: requests/s, p50/p99, errors, beside a bare gunicorn+Flask JSON endpoint under the
   same worker settings (GUNICORN_WORKERS=2, GUNICORN_THREADS=4).
Through the gateway: bench/gateway_load.py."""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from bench import wrk
from bench.gateway_load import NATIONAL_FILE, sample_sbds, start_baseline
from tools.processes import ROOT, Process, free_port

EXAM = "thpt-2025"
WORKERS = {"GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "4"}


def child_import(data_dir):
    """Runs in the child: import the file, print the figures as JSON."""
    from portal_common.store import get_store
    from services.exams import create_app
    from services.exams.importer import import_results

    app = create_app({"DATA_DIR": data_dir})
    with app.app_context(), open(NATIONAL_FILE, "rb") as stream:
        started = time.perf_counter()
        report = import_results(get_store(), EXAM, stream, name="Kỳ thi tốt nghiệp THPT năm 2025 (61 tỉnh)")
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rows": report["imported"],
                "rejected": report["rejected_total"],
                "peak_rss_mb": peak_mb,
            }
        )
    )


def run_import(data_dir):
    output = subprocess.run(
        [sys.executable, "-m", "bench.exams_import_lookup", "--child-import", data_dir],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def start_exams(data_dir):
    port = free_port()
    env = {
        **os.environ,
        **WORKERS,
        "DATA_DIR": data_dir,
        "PYTHONPATH": ROOT,
        "EXAMS_LOOKUP_RATE_LIMIT": "100000000/minute",
        "LOG_LEVEL": "WARNING",
    }
    return Process("exams", port, env, os.path.join(data_dir, "exams.log")).start().wait_healthy()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--child-import", metavar="DATA_DIR", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child_import:
        return child_import(options.child_import)
    if not os.path.exists(NATIONAL_FILE):
        print(f"skipped: {NATIONAL_FILE} not found (set PORTAL_SHARED_DATA)")
        return
    data_dir = tempfile.mkdtemp(prefix="bench-exams-")
    figures = run_import(data_dir)
    size_mb = os.path.getsize(os.path.join(data_dir, "exams.sqlite3")) / 1024 / 1024
    print(
        f"import: {figures['rows']} rows ({figures['rejected']} rejected) in {figures['seconds']:.1f} s = "
        f"{figures['rows'] / figures['seconds']:,.0f} rows/s; peak RSS {figures['peak_rss_mb']:.0f} MB; "
        f"database {size_mb:.0f} MB"
    )
    if not wrk.available():
        print("lookups skipped: wrk is not installed (apt-get install wrk)")
        return
    sbds = sample_sbds(NATIONAL_FILE, 5000)
    rows = []
    baseline = start_baseline(WORKERS)
    try:
        base = wrk.run(baseline.url, options.seconds, options.connections, paths=[f"/lookup/{s}" for s in sbds])
        rows.append(("bare gunicorn+Flask JSON (baseline)", base))
    finally:
        baseline.stop()
    service = start_exams(data_dir)
    try:
        lookup = wrk.run(
            service.url, options.seconds, options.connections, paths=[f"/api/v1/exams/{EXAM}/results/{s}" for s in sbds]
        )
        rows.append(("lookup via the exams service (932,334 loaded)", lookup))
    finally:
        service.stop()
    print()
    print("| measurement | req/s | ratio to baseline | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    for name, result in rows:
        print(
            f"| {name} | {result['rps']:.0f} | {result['rps'] / base['rps']:.2f} "
            f"| {result['p50_ms']:.1f} | {result['p99_ms']:.1f} | {result['errors']} |"
        )


if __name__ == "__main__":
    main()
