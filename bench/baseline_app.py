"""The baseline for the gateway benchmarks: a bare Flask endpoint under the same gunicorn
settings, answering a small JSON body like an exam lookup's, with no storage and no plumbing.

With UPSTREAM_URL set it is also the ceiling of the gateway's design on this machine: `/via/<sbd>`
passes the lookup on to the bare endpoint of another process (one pooled urllib3 call, like the
gateway's) and `/fan-out` makes five such calls at once, as an article page does. No gateway
built as a Flask process in front of Flask services can beat these."""

import json
import os
from concurrent.futures import ThreadPoolExecutor

import urllib3
from flask import Flask, Response, jsonify

FAN_OUT_CALLS = 5


def create_app():
    app = Flask(__name__)
    upstream = os.environ.get("UPSTREAM_URL")
    pool = urllib3.connection_from_url(upstream, maxsize=32, block=True) if upstream else None
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
