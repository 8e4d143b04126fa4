"""Serving an app on a real loopback port from a thread, for gateway tests that talk HTTP to a
real service without the cost of starting gunicorn."""

import contextlib
import threading
import time

from flask import Flask, jsonify
from werkzeug.serving import make_server


@contextlib.contextmanager
def serve_app(app):
    """Yields the base URL of `app` served by a threaded werkzeug server; stops it afterwards."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


def slow_service(seconds):
    """An app whose GET /slow answers after `seconds`, and the most calls it held at once
    (state["most"]): what a client's pool lets through together."""
    app = Flask(__name__)
    state = {"now": 0, "most": 0}
    lock = threading.Lock()

    @app.get("/slow")
    def slow():
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(seconds)
        with lock:
            state["now"] -= 1
        return jsonify(ok=True)

    return app, state
