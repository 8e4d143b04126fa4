"""The baseline for the gateway benchmarks: a bare Flask endpoint under the same gunicorn
settings, answering a small JSON body like an exam lookup's, with no storage and no plumbing.

With UPSTREAM_URL set it is also the ceiling of the gateway's design on this machine: `/via/<sbd>`
passes the lookup on to the bare endpoint of another process (one pooled urllib3 call, as the
results-day goal's ceiling was first measured) and `/fan-out` makes five such calls at once, as an
article page does. No gateway built as a Flask process in front of Flask services can beat these
with the same client. BASELINE_CLIENT=gevent makes the calls through the gateway's own reads on
gevent (gateway/gevent_reads.py): the ceiling with the client the gateway uses."""

import json
import os
from concurrent.futures import ThreadPoolExecutor

import urllib3
from flask import Flask, Response, jsonify

from gateway.gevent_reads import GeventReads

FAN_OUT_CALLS = 5


def create_app():
    app = Flask(__name__)
    upstream = os.environ.get("UPSTREAM_URL")
    pool = None
    if upstream and os.environ.get("BASELINE_CLIENT") == "gevent":
        pool = GeventReads(upstream, 32, connect_timeout=0.5, read_timeout=10)
    elif upstream:
        pool = urllib3.connection_from_url(upstream, maxsize=32, block=True)
    executor = ThreadPoolExecutor(16)

    def call(sbd):
        return pool.request("GET", f"/lookup/{sbd}", retries=False).data

    @app.get("/lookup/<sbd>")
    def lookup(sbd):
        return jsonify(
            exam="thpt-2025", sbd=sbd, scores={"toan": 8.5, "ngu_van": 7.25, "ngoai_ngu": 9.0}, blocks={"D01": 24.75}
        )

    @app.get("/via/<sbd>")
    def via(sbd):
        return Response(call(sbd), mimetype="application/json")

    @app.get("/fan-out")
    def fan_out():
        bodies = list(executor.map(call, [f"{n:08d}" for n in range(FAN_OUT_CALLS)]))
        items = "".join(f"<li>{json.loads(body)['sbd']}</li>" for body in bodies)
        return f"<!doctype html><title>fan-out</title><ul>{items}</ul>"

    @app.get("/healthz")
    def healthz():
        return "ok"

    return app
