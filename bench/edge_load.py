"""Results-day benchmarks with the edge (nginx, deploy/edge/) in front (figures for the README; not
a test):

  .venv/bin/python -m bench.edge_load [--seconds 8] [--rounds 3] [--rows N]

With the 2025 national file (932,334 candidates) in the embedded store, `make run` settings:
1. the import of that file through the gateway's public API, plain and gzip (goal ≤ 20 s each);
2. lookups straight to the gateway against the two-hop ceiling (bare Flask → bare Flask; ≥ 0.8),
   the ceiling's call through urllib3 as the goal was first measured, and again through the
   gateway's own client on gevent (gateway/gevent_reads.py), which a bare front gains from too;
3. lookups through the edge, 100,000 spread numbers, against one bare Flask hop (≥ 0.8);
4. lookups through the edge, 5,000 repeated numbers answered from what it keeps (each asked once
   before the run: the measure is of kept answers), against nginx serving a static file from its
   cache (≥ 0.5);
5. overload: 16× the connections (wrk -c512) against the capacity run: answered 2xx per second /
   capacity (≥ 0.9), no socket errors, the rest 503/429.
Each ratio is the median of --rounds pairs (the baseline run just before the measured one), with
the CPU milliseconds per request of each process, as bench/gateway_load.py does."""

import gzip
import time

import requests

from bench import wrk
from bench.gateway_load import (
    NATIONAL_FILE,
    UNLIMITED,
    WORKERS,
    Measurement,
    load,
    national_setup,
    sample_sbds,
    start_baseline,
)
from tools.processes import APPS, BEHIND_EDGE_ENV, EDGE, GUNICORN_CONFIGS, free_ports, start_portal

EXAM = "thpt-2025-full"


def import_through_gateway(url, token, exam_id, body, encoding=None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    if encoding:
        headers["Content-Encoding"] = encoding
    started = time.perf_counter()
    answer = requests.put(f"{url}/api/v1/exams/{exam_id}/results", data=body, headers=headers, timeout=600)
    seconds = time.perf_counter() - started
    answer.raise_for_status()
    return seconds, answer.json()["imported"]


def warm_up(url, paths, connections):
    """One GET of each path, so that the measured run is of answers the edge keeps (a published
    lookup for its 60 s, under the exams service's content version), then 5 s of the measured
    load, discarded (its connections warmed). The slow first seconds once seen after the fill
    were the edge keeping a copy per Accept-Encoding (requests sends gzip, wrk nothing), each
    replacing the other; it keeps one now (deploy/edge/render.py, NOT_FOLLOWED)."""
    with requests.Session() as session:
        for path in paths:
            session.get(url + path, timeout=10)
    wrk.run(url, 5, connections, paths=paths)


def statuses_under_overload(url, paths, seconds, connections):
    """wrk with many connections; (2xx per second, socket errors, non-2xx)."""
    figures = wrk.run(url, seconds, connections, threads=4, paths=paths)
    good = figures["requests"] - figures["non_2xx"]
    return good / seconds, figures["socket_errors"], figures["non_2xx"], figures


def main():
    options, data_dir, token = national_setup("bench-edge-")
    workers = WORKERS
    spread_sbds = sample_sbds(NATIONAL_FILE, 100_000, options.rows)
    repeated = spread_sbds[:5000]

    upstream = start_baseline(workers, GUNICORN_CONFIGS["exams"], name="upstream")
    baseline = start_baseline(workers, GUNICORN_CONFIGS["gateway"], upstream=upstream)
    same_client = start_baseline(
        workers, GUNICORN_CONFIGS["gateway"], name="same-client", upstream=upstream, client="gevent"
    )
    base_paths = [f"/lookup/{s}" for s in repeated]
    ports = dict(zip((*APPS, EDGE), free_ports(len(APPS) + 1), strict=True))
    # wrk is one client address: the edge's per-address flood guards would turn it away.
    unguarded = {"EDGE_FLOOD_RATE": "10000000", "EDGE_FLOOD_BURST": "10000000", "EDGE_FLOOD_CONNECTIONS": "60000"}
    env = {**workers, **UNLIMITED, **BEHIND_EDGE_ENV, **unguarded}
    rows = []
    try:
        portal = start_portal(data_dir, token, ports, env, names=[*APPS, EDGE])
        try:
            gateway, edge = portal["gateway"].url, portal[EDGE].url
            with gzip.open(NATIONAL_FILE, "rb") as source:
                plain = source.read()
            with open(NATIONAL_FILE, "rb") as source:
                packed = source.read()
            plain_s, plain_rows = import_through_gateway(gateway, token, "thpt-2025-plain", plain)
            gzip_s, gzip_rows = import_through_gateway(gateway, token, "thpt-2025-gzip", packed, "gzip")
            print(
                f"through the gateway: plain {len(plain) / 1e6:.0f} MB {plain_rows} rows in {plain_s:.1f} s; "
                f"gzip {len(packed) / 1e6:.0f} MB in {gzip_s:.1f} s",
                flush=True,
            )
            del plain, packed

            lookup_paths = [f"/api/v1/exams/{EXAM}/results/{s}" for s in spread_sbds]
            repeated_paths = [f"/api/v1/exams/{EXAM}/results/{s}" for s in repeated]
            two_hops = Measurement("lookup via the gateway, spread numbers / bare Flask → bare Flask", 0.8, "0.8")
            two_hops_same_client = Measurement(
                "the same / bare Flask → bare Flask, the call through the gateway's client", 0.8, "0.8"
            )
            via_edge = Measurement("lookup via the edge, spread numbers / one bare Flask hop", 0.8, "0.8")
            edge_hits = Measurement(
                "lookup via the edge, repeated numbers / nginx serving a cached static file", 0.5, "0.5"
            )
            watched = [portal[name] for name in ("gateway", "exams")]
            requests.get(edge + "/static/portal.css", timeout=5)  # now in the edge's cache
            for _ in range(options.rounds):
                via_paths = [f"/via/{s}" for s in repeated]
                ceiling = load(baseline.url, options, via_paths, [baseline, upstream])
                ceiling_same_client = load(same_client.url, options, via_paths, [same_client, upstream])
                through_gateway = load(gateway, options, lookup_paths, watched)
                two_hops.add(ceiling, through_gateway)
                two_hops_same_client.add(ceiling_same_client, through_gateway)
                bare = load(baseline.url, options, base_paths, [baseline])
                via_edge.add(bare, load(edge, options, lookup_paths, [portal[EDGE], *watched]))
                static = load(edge + "/static/portal.css", options, processes=[portal[EDGE]])
                warm_up(edge, repeated_paths, options.connections)
                edge_hits.add(static, load(edge, options, repeated_paths, [portal[EDGE], *watched]))
            rows += [two_hops, two_hops_same_client, via_edge, edge_hits]

            capacity = load(edge, options, lookup_paths, [])
            served, socket_errors, turned_away, figures = statuses_under_overload(
                edge, lookup_paths, options.seconds, options.connections * 16
            )
            overload = (
                f"| 16× the connections (wrk -c{options.connections * 16}) through the edge: 2xx per second / "
                f"capacity (-c{options.connections}) | {served:.0f} vs {capacity['rps']:.0f} | "
                f"**{served / capacity['rps']:.2f}×** (≥ 0.9) {'✔' if served / capacity['rps'] >= 0.9 else '✘'} "
                f"| socket errors {socket_errors} {figures['socket_error_kinds'] or ''}, "
                f"turned away (503/429) {turned_away} of {figures['requests']} |"
            )
        finally:
            for process in portal.values():
                process.stop()
    finally:
        baseline.stop()
        same_client.stop()
        upstream.stop()

    print()
    print(
        f"| import through the gateway (932,334 rows) | plain {plain_s:.1f} s, gzip {gzip_s:.1f} s | ≤ 20 s "
        f"{'✔' if max(plain_s, gzip_s) <= 20 else '✘'} |"
    )
    print("| measurement | req/s (median pair) | ratio (goal) | p50 ms | p99 ms | errors | CPU ms per request | |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(row.row())
    print(overload)


if __name__ == "__main__":
    main()
