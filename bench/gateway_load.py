"""Gateway benchmarks on loopback with wrk (figures for the README; not a test).

  .venv/bin/python -m bench.gateway_load [--seconds 10] [--rows N]

1. exam lookup JSON through the gateway, with the 2025 national file (932,334 candidates) loaded
   into the embedded store: requests/s against a bare gunicorn+Flask endpoint under the same
   worker settings (goal ≥ 0.5), p50/p99, errors (goal 0);
2. the article page through the gateway with the answer cache off (cold, goal ≥ 0.25 of the
   baseline) and on (warm, goal ≥ 0.8);
3. fan-out: every backend delayed by 200 ms (test switch) → home page latency (goal ≤ 250 ms).

The portal runs as `make run` runs it (gunicorn, GUNICORN_WORKERS=2, embedded storage)."""
import argparse
import gzip
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

import requests

from bench import wrk
from tools.processes import ROOT, Process, free_port, start_portal
from tools.run_portal import load_demo_content

SHARED = os.environ.get("PORTAL_SHARED_DATA") or os.path.join(os.path.dirname(ROOT), "shared", "data")
NATIONAL_FILE = os.path.join(SHARED, "exams", "thpt2025_61tinh.csv.gz")
EXAM = "thpt-2025-full"
UNLIMITED = {"RATE_LIMIT_EXAM_LOOKUP": "100000000/minute", "RATE_LIMIT_SEARCH": "100000000/minute", "EXAMS_LOOKUP_RATE_LIMIT": "100000000/minute"}


def sample_sbds(path, count, rows=None):
    with gzip.open(path, "rt", encoding="utf-8") as source:
        next(source)
        numbers = [line.split(",", 1)[0] for index, line in enumerate(source) if rows is None or index < rows]
    return random.Random(7).sample(numbers, min(count, len(numbers)))


def import_national(data_dir, token, rows):
    path = NATIONAL_FILE
    if rows:
        path = os.path.join(data_dir, "slice.csv")
        with gzip.open(NATIONAL_FILE, "rt", encoding="utf-8") as source, open(path, "w", encoding="utf-8") as out:
            for index, line in enumerate(source):
                if index > rows:
                    break
                out.write(line)
    env = {**os.environ, "DATA_DIR": data_dir, "ADMIN_TOKEN": token, "PYTHONPATH": ROOT}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "services.exams", "import-results", EXAM, path, "--name", "THPT 2025 (61 tỉnh)"],
        env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def start_baseline(workers_env):
    port = free_port()
    env = {**os.environ, **workers_env, "PYTHONPATH": ROOT}
    process = Process("baseline", port, env)
    process.popen = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:portal_common.gunicorn_conf", "bench.baseline_app:create_app()"],
        cwd=ROOT, env={**env, "PORT": str(port)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    return process.wait_healthy()


def home_latency(url, rounds=20):
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        requests.get(url + "/", timeout=10)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def first_article_slug(url):
    return requests.get(url + "/api/v1/articles", params={"per_page": 1}, timeout=5).json()["items"][0]["slug"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rows", type=int, default=None, help="import only this many rows (quick runs)")
    options = parser.parse_args()
    if not wrk.available():
        sys.exit("wrk is not installed: apt-get install wrk")
    if not os.path.exists(NATIONAL_FILE):
        sys.exit(f"{NATIONAL_FILE} not found (set PORTAL_SHARED_DATA)")

    workers = {"GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "4"}
    data_dir = tempfile.mkdtemp(prefix="bench-gateway-")
    token = "bench-token"
    print(f"data: {data_dir}")
    load_demo_content(data_dir, token)
    seconds = import_national(data_dir, token, options.rows)
    print(f"imported {options.rows or 932334} candidates in {seconds:.1f} s (CLI, embedded store)")
    sbds = sample_sbds(NATIONAL_FILE, 5000, options.rows)

    baseline = start_baseline(workers)
    results = []
    try:
        base = wrk.run(baseline.url, options.seconds, options.connections, paths=[f"/lookup/{s}" for s in sbds])
        results.append(("baseline: bare gunicorn+Flask JSON", base, None))

        portal = start_portal(data_dir, token, _ports(), {**workers, **UNLIMITED})
        try:
            url = portal["gateway"].url
            lookup = wrk.run(url, options.seconds, options.connections, paths=[f"/api/v1/exams/{EXAM}/results/{s}" for s in sbds])
            results.append(("exam lookup JSON via gateway (1 M loaded)", lookup, 0.5))
            slug = first_article_slug(url)
            warm = wrk.run(url + f"/bai-viet/{slug}", options.seconds, options.connections)
            results.append(("article page via gateway, warm cache", warm, 0.8))
        finally:
            for process in portal.values():
                process.stop()

        portal = start_portal(data_dir, token, _ports(), {**workers, **UNLIMITED, "CACHE_ENABLED": "0"})
        try:
            cold = wrk.run(portal["gateway"].url + f"/bai-viet/{slug}", options.seconds, options.connections)
            results.append(("article page via gateway, cache off (cold)", cold, 0.25))
        finally:
            for process in portal.values():
                process.stop()

        delayed = {**workers, **UNLIMITED, "PORTAL_TEST_SWITCHES": "1", "PORTAL_TEST_DELAY_MS": "200", "CACHE_ENABLED": "0"}
        portal = start_portal(data_dir, token, _ports(), delayed)
        try:
            # The gateway itself is not delayed: only the services are.
            portal["gateway"].stop()
            gateway_env = {**portal["gateway"].env, "PORTAL_TEST_SWITCHES": "0"}
            portal["gateway"] = Process("gateway", portal["gateway"].port, gateway_env, portal["gateway"].log_path).start().wait_healthy()
            fan_out_ms = home_latency(portal["gateway"].url)
        finally:
            for process in portal.values():
                process.stop()
        # The baseline again: on these shared machines one run of it can differ by 2× from the
        # next, so the ratios use the mean of a run before and a run after the portal's.
        base_after = wrk.run(baseline.url, options.seconds, options.connections, paths=[f"/lookup/{s}" for s in sbds])
    finally:
        baseline.stop()
    print(f"baseline runs: {base['rps']:.0f} and {base_after['rps']:.0f} req/s")
    base = {**base, "rps": (base["rps"] + base_after["rps"]) / 2}
    results[0] = ("baseline: bare gunicorn+Flask JSON (mean of two runs)", base, None)

    print()
    print("| measurement | req/s | ratio to baseline (goal) | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    for name, figures, goal in results:
        ratio = figures["rps"] / base["rps"]
        goal_text = "" if goal is None else f"{ratio:.2f} (≥ {goal})"
        print(f"| {name} | {figures['rps']:.0f} | {goal_text} | {figures['p50_ms']:.1f} | {figures['p99_ms']:.1f} | {figures['errors']} |")
    print(f"| home page, every backend delayed 200 ms: median latency | | | {fan_out_ms:.0f} (goal ≤ 250) | | |")


def _ports():
    return {name: free_port() for name in ("gateway", "articles", "media", "exams")}


if __name__ == "__main__":
    main()
