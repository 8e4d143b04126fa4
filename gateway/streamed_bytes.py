"""Stored bytes through the gateway (media's /media/<key>, documents' files), streamed from the
service chunk by chunk (never held whole). The browser's Range, If-None-Match and If-Range go to
the service; its status (200, 206, 302 to a presigned URL, 304, 416) and the headers that matter
come back. Any other status of the service is a 404 (its 404) or a 502."""

from flask import Response, request

from portal_common.errors import ApiError

from .backends import backend, close

ASKED = ("Range", "If-None-Match", "If-Range")
ANSWERED = (
    "Content-Type",
    "Content-Length",
    "Content-Range",
    "Accept-Ranges",
    "ETag",
    "Cache-Control",
    "Last-Modified",
    "Location",
    "X-Content-Type-Options",
)
PASSED_STATUSES = (200, 206, 302, 304, 416)
CHUNK = 64 * 1024
# Between two chunks of a large video the service may wait on object storage.
READ_TIMEOUT = 30


def stream_bytes(backend_name, path, answered=ANSWERED):
    """This GET or HEAD passed on to `path` of the backend, its answer streamed back with the
    `answered` headers."""
    headers = {name: request.headers[name] for name in ASKED if name in request.headers}
    service = backend(backend_name)
    timeout = service.timeout(read=max(READ_TIMEOUT, service.read_timeout))
    answer = service.send(request.method, path, headers=headers, stream=True, timeout=timeout)
    if answer.status not in PASSED_STATUSES:
        close(answer)
        missing = answer.status == 404
        raise ApiError(404 if missing else 502, "Không tìm thấy tệp." if missing else "Lỗi tải tệp.")
    passed = {name: answer.headers[name] for name in answered if name in answer.headers}
    if request.method == "HEAD" or answer.status in (302, 304, 416):
        close(answer)
        return Response(status=answer.status, headers=passed)

    def body():
        try:
            yield from answer.stream(CHUNK, decode_content=False)
        finally:
            close(answer)

    return Response(body(), status=answer.status, headers=passed, direct_passthrough=True)
