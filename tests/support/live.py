"""Serving an app on a real loopback port from a thread, for gateway tests that talk HTTP to a
real service without the cost of starting gunicorn."""

import contextlib
import threading

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
