"""Gateway benchmarks on loopback with wrk (figures for the README; not a test).

  .venv/bin/python -m bench.gateway_load [--seconds 8] [--rounds 3] [--rows N]

1. exam lookup JSON through the gateway, with the 2025 national file (932,334 candidates) loaded
   into the embedded store: requests/s against a bare gunicorn+Flask endpoint under the gateway's
   worker settings (goal ≥ 0.5), p50/p99, errors (goal 0);
2. the article page through the gateway with the answer caches on (warm, goal ≥ 0.8 of the
   baseline) and off (cold, goal ≥ 0.25);
3. fan-out: every backend delayed by 200 ms (test switch) → home page latency (goal ≤ 250 ms).

Each ratio is the median of --rounds pairs (a baseline run, then the measured run), because the
machine's own speed drifts between runs; beside it, the CPU milliseconds each process spent per
request, which drift much less. The portal runs as `make run` runs it (gunicorn, 2 workers each,
embedded storage)."""

import argparse
import gzip
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time

import requests

from bench import wrk
from bench.cpu import group_cpu_seconds
from tools.processes import GUNICORN_CONFIGS, ROOT, Process, free_port, free_ports, start_portal
from tools.run_portal import load_demo_content

SHARED = os.environ.get("PORTAL_SHARED_DATA") or os.path.join(os.path.dirname(ROOT), "shared", "data")
NATIONAL_FILE = os.path.join(SHARED, "exams", "thpt2025_61tinh.csv.gz")
EXAM = "thpt-2025-full"
UNLIMITED = {
    "RATE_LIMIT_EXAM_LOOKUP": "100000000/minute",
    "RATE_LIMIT_SEARCH": "100000000/minute",
    "EXAMS_LOOKUP_RATE_LIMIT": "100000000/minute",
}


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
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "services.exams",
            "import-results",
            EXAM,
            path,
            "--name",
            "THPT 2025 (61 tỉnh)",
        ],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def start_baseline(
    workers_env, config="python:portal_common.gunicorn_conf", name="baseline", upstream=None, client="urllib3"
):
    """The bare endpoint under gunicorn `config` (a process's own settings) and `workers_env`;
    with `upstream` (another baseline process) it can also pass calls on (bench/baseline_app.py),
    through `client` ("urllib3", or "gevent": the gateway's reads)."""
    port = free_port()
    env = {**os.environ, **workers_env, "PYTHONPATH": ROOT, "BASELINE_CLIENT": client}
    if upstream:
        env["UPSTREAM_URL"] = upstream.url
    process = Process(name, port, env)
    process.popen = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", config, "bench.baseline_app:create_app()"],
        cwd=ROOT,
        env={**env, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return process.wait_healthy()


def load(url, options, paths=None, processes=()):
    """wrk's figures for `url`, plus the CPU milliseconds per request each of `processes` spent."""
    before = {p.name: group_cpu_seconds(p.popen.pid) for p in processes}
    figures = wrk.run(url, options.seconds, options.connections, paths=paths)
    requests_done = max(1, figures["requests"])
    figures["cpu_ms"] = {
        p.name: (group_cpu_seconds(p.popen.pid) - before[p.name]) * 1000 / requests_done for p in processes
    }
    return figures


def home_latency(url, rounds=20):
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        requests.get(url + "/", timeout=10)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def first_article_slug(url):
    return requests.get(url + "/api/v1/articles", params={"per_page": 1}, timeout=5).json()["items"][0]["slug"]


CACHE_SERIES = re.compile(
    r'^(portal_page_cache_total\{result="(\w+)"\}'
    r'|portal_backend_cache_total\{backend="exams",result="(\w+)"\}) ([0-9.e+]+)$',
    re.M,
)


def cache_counts(url):
    """The gateway's cache counters (all workers): page cache hit/refresh/miss, exams answers."""
    counts = {}
    for _, page, backend, value in CACHE_SERIES.findall(requests.get(url + "/metrics", timeout=5).text):
        key = f"page_{page}" if page else f"exams_{backend}"
        counts[key] = counts.get(key, 0) + float(value)
    return counts


def answered_by(before, after):
    """Where the lookups between two cache_counts were answered, as text."""
    delta = {key: after.get(key, 0) - before.get(key, 0) for key in after}
    total = sum(delta.get(f"page_{r}", 0) for r in ("hit", "refresh", "miss", "limited")) or 1
    page = delta.get("page_hit", 0)
    backend = delta.get("exams_hit", 0)
    service = total - page - backend
    return f"page cache {page / total:.0%}, answer cache {backend / total:.0%}, exams service {service / total:.0%}"


def _ratio(pair):
    base, target = pair
    return target["rps"] / base["rps"]


class Measurement:
    """One row of the table: the target's runs, each paired with a baseline run just before it,
    so that a ratio compares two runs minutes apart at most, never a slow moment with a fast one."""

    def __init__(self, name, goal, goal_text):
        self.name, self.goal, self.goal_text = name, goal, goal_text
        self.pairs = []  # (baseline figures, target figures)

    def add(self, base, target, note=""):
        target["note"] = note
        self.pairs.append((base, target))
        print(
            f"  {self.name}: {target['rps']:.0f} req/s against {base['rps']:.0f} "
            f"({_ratio((base, target)):.2f}×) {note}",
            flush=True,
        )

    def ratios(self):
        return sorted(map(_ratio, self.pairs))

    def median_pair(self):
        ordered = sorted(self.pairs, key=_ratio)
        return ordered[len(ordered) // 2]

    def row(self):
        ratios = self.ratios()
        base, target = self.median_pair()
        spread = f" ({ratios[0]:.2f}–{ratios[-1]:.2f})" if len(ratios) > 1 else ""
        median = statistics.median(ratios)
        met = "✔" if median >= self.goal else "✘"
        cpu = ", ".join(f"{name} {ms:.2f}" for name, ms in target["cpu_ms"].items() if ms >= 0.05)
        errors = sum(target["errors"] for _, target in self.pairs)
        return (
            f"| {self.name} | {target['rps']:.0f} vs {base['rps']:.0f} | **{median:.2f}×**{spread} "
            f"(≥ {self.goal_text}) {met} | {target['p50_ms']:.1f} | {target['p99_ms']:.1f} | {errors} "
            f"| {cpu} (bare: {next(iter(base['cpu_ms'].values()), 0):.2f}) | {target['note']} |"
        )


# `make run`'s sizing, for every process a benchmark starts.
WORKERS = {"GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "4"}


def national_setup(prefix):
    """What the lookup benchmarks (this one, bench/edge_load.py) start from: their options, and a
    fresh data folder with the demo content and the national file imported. (options, data_dir, token)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--rounds", type=int, default=3, help="pairs of runs per measurement; the median ratio is reported"
    )
    parser.add_argument("--rows", type=int, default=None, help="import only this many rows (quick runs)")
    options = parser.parse_args()
    if not wrk.available():
        sys.exit("wrk is not installed: apt-get install wrk")
    if not os.path.exists(NATIONAL_FILE):
        sys.exit(f"{NATIONAL_FILE} not found (set PORTAL_SHARED_DATA)")
    data_dir = tempfile.mkdtemp(prefix=prefix)
    token = "bench-token"
    print(f"data: {data_dir}")
    load_demo_content(data_dir, token)
    seconds = import_national(data_dir, token, options.rows)
    print(f"imported {options.rows or 932334} candidates in {seconds:.1f} s (CLI, embedded store)")
    return options, data_dir, token


def main():
    options, data_dir, token = national_setup("bench-gateway-")
    workers = WORKERS
    # Two lookup loads: numbers that repeat (5,000 of them: a class or a school looking up its
    # own, a candidate pressing F5), which the gateway's caches may answer, and 100,000 numbers,
    # nearly all different within a run, which only the exams service can.
    spread_sbds = sample_sbds(NATIONAL_FILE, 100_000, options.rows)
    sbds = spread_sbds[:5000]
    base_paths = [f"/lookup/{s}" for s in sbds]

    # The bare endpoint runs under the gateway's own gunicorn settings (gevent, 2 workers): the
    # ratio is the cost of the gateway's work, not of a different server setup. Behind it, for
    # the design's ceiling, another bare endpoint runs as a service does (gthread).
    upstream = start_baseline(workers, GUNICORN_CONFIGS["exams"], name="upstream")
    baseline = start_baseline(workers, GUNICORN_CONFIGS["gateway"], upstream=upstream)
    bare_processes = [baseline, upstream]
    ceiling_lookup = Measurement(
        "ceiling: bare Flask passing the lookup to a bare Flask endpoint (two hops, no plumbing)", 0.5, "0.5"
    )
    ceiling_page = Measurement("ceiling: bare Flask page making five parallel calls to bare endpoints", 0.25, "0.25")
    lookup = Measurement("exam lookup JSON via the gateway, 5,000 numbers that repeat", 0.5, "0.5")
    spread = Measurement("exam lookup JSON via the gateway, 100,000 numbers (nearly no repeats)", 0.5, "0.5")
    warm = Measurement("article page via the gateway, caches warm", 0.8, "0.8")
    cold = Measurement("article page via the gateway, caches off (cold)", 0.25, "0.25")
    try:
        portal = start_portal(data_dir, token, _ports(), {**workers, **UNLIMITED})
        try:
            url = portal["gateway"].url
            slug = first_article_slug(url)
            watched = (portal["gateway"], portal["exams"])
            for _ in range(options.rounds):
                for measurement, numbers in ((lookup, sbds), (spread, spread_sbds)):
                    base = load(baseline.url, options, base_paths, [baseline])
                    before = cache_counts(url)
                    figures = load(url, options, [f"/api/v1/exams/{EXAM}/results/{s}" for s in numbers], watched)
                    measurement.add(base, figures, answered_by(before, cache_counts(url)))
                base = load(baseline.url, options, base_paths, [baseline])
                warm.add(base, load(url + f"/bai-viet/{slug}", options, processes=[portal["gateway"]]))
                base = load(baseline.url, options, base_paths, [baseline])
                ceiling_lookup.add(base, load(baseline.url, options, [f"/via/{s}" for s in sbds], bare_processes))
                base = load(baseline.url, options, base_paths, [baseline])
                ceiling_page.add(base, load(baseline.url + "/fan-out", options, processes=bare_processes))
        finally:
            for process in portal.values():
                process.stop()

        portal = start_portal(data_dir, token, _ports(), {**workers, **UNLIMITED, "CACHE_ENABLED": "0"})
        try:
            for _ in range(options.rounds):
                base = load(baseline.url, options, base_paths, [baseline])
                cold.add(
                    base, load(portal["gateway"].url + f"/bai-viet/{slug}", options, processes=list(portal.values()))
                )
        finally:
            for process in portal.values():
                process.stop()

        delayed = {
            **workers,
            **UNLIMITED,
            "PORTAL_TEST_SWITCHES": "1",
            "PORTAL_TEST_DELAY_MS": "200",
            "CACHE_ENABLED": "0",
        }
        portal = start_portal(data_dir, token, _ports(), delayed)
        try:
            # The gateway itself is not delayed: only the services are.
            portal["gateway"].stop()
            gateway_env = {**portal["gateway"].env, "PORTAL_TEST_SWITCHES": "0"}
            portal["gateway"] = (
                Process("gateway", portal["gateway"].port, gateway_env, portal["gateway"].log_path)
                .start()
                .wait_healthy()
            )
            fan_out_ms = home_latency(portal["gateway"].url)
        finally:
            for process in portal.values():
                process.stop()
    finally:
        baseline.stop()
        upstream.stop()

    print()
    print(
        "| measurement | req/s (median pair) | ratio: median (range) of the pairs (goal) "
        "| p50 ms | p99 ms | errors | CPU ms per request | answered by |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for measurement in (lookup, spread, ceiling_lookup, warm, cold, ceiling_page):
        print(measurement.row())
    print(
        f"| home page, every backend delayed 200 ms: median latency | "
        f"| {fan_out_ms:.0f} ms (≤ 250) {'✔' if fan_out_ms <= 250 else '✘'} | | | | | |"
    )


def _ports():
    names = ("gateway", "articles", "media", "exams", "accounts")
    return dict(zip(names, free_ports(len(names)), strict=True))


if __name__ == "__main__":
    main()
