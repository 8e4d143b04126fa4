"""Uploads (photos, videos, exam results files) streamed on to a service as they arrive, never
held by the gateway: written once for every upload route.

The gateway's body cap is lifted to UPLOAD_MAX_BYTES for these routes only (the services enforce
their real caps and answer 413 themselves), and the body is sent under the upload timeout, since
a service may read it slower than it arrives."""

from flask import current_app, request

from .backends import backend
from .proxy import forward_json, query_args

CHUNK = 256 * 1024


class _RequestBody:
    """The request body as a file for urllib3, which sends it in pieces with the Content-Length
    the client gave (not chunked)."""

    def __init__(self, stream):
        self.stream = stream

    def read(self, size=-1):
        return self.stream.read(size if size and size > 0 else CHUNK)


def forward_upload(
    backend_name, method, path, *, passed_headers=("Content-Type",), args=(), transform=None, extra_headers=None
):
    """`extra_headers`: sent besides, e.g. a desk view's member_headers() (the member's token,
    which the browser never holds)."""
    request.max_content_length = current_app.config["UPLOAD_MAX_BYTES"]
    stream = request.stream
    headers = {name: request.headers[name] for name in passed_headers if name in request.headers}
    headers.update(extra_headers or {})
    if request.content_length is not None:
        headers["Content-Length"] = str(request.content_length)
        body = _RequestBody(stream)
    else:  # sent chunked by the client: passed on chunked
        body = iter(lambda: stream.read(CHUNK), b"")
    timeout = backend(backend_name).timeout(read=current_app.config["UPLOAD_TIMEOUT"], slow_body=True)
    return forward_json(
        backend_name,
        method,
        path,
        params=query_args(*args),
        body=body,
        headers=headers,
        timeout=timeout,
        transform=transform,
    )
