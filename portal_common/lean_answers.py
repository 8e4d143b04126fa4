"""What the lean WSGI paths share (services/exams/lean_lookup.py, gateway/exams/lean_lookup.py):
each answers one hot route without Flask's per-request machinery, and must shape its answers as
Flask and werkzeug do, so that a client cannot tell which path answered (each has a test that
runs every case through both)."""

from werkzeug.http import HTTP_STATUS_CODES


def status_line(status):
    """The WSGI status line as werkzeug writes it: "304 NOT MODIFIED"."""
    return f"{status} {HTTP_STATUS_CODES[status].upper()}"


def json_bytes(app, value):
    """As jsonify writes it: the app's own JSON provider (its ensure_ascii and key order), compact
    outside debug, with a closing newline."""
    return (app.json.dumps(value, separators=(",", ":")) + "\n").encode()


def with_defaults(headers, defaults):
    """`headers` (name, value) pairs, then each of `defaults` whose name is not among them, as the
    after_request hooks' `headers.setdefault` adds them (an answer's own header wins)."""
    present = {name.lower() for name, _ in headers}
    return [*headers, *((name, value) for name, value in defaults if name.lower() not in present)]
