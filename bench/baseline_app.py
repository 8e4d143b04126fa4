"""The baseline for the gateway benchmarks: a bare Flask endpoint under the same gunicorn
settings, answering a small JSON body like an exam lookup's, with no storage and no plumbing."""
from flask import Flask, jsonify


def create_app():
    app = Flask(__name__)

    @app.get("/lookup/<sbd>")
    def lookup(sbd):
        return jsonify(exam="thpt-2025", sbd=sbd, scores={"toan": 8.5, "ngu_van": 7.25, "ngoai_ngu": 9.0}, blocks={"D01": 24.75})

    @app.get("/healthz")
    def healthz():
        return "ok"

    return app
