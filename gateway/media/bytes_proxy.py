"""/media/<key>: media bytes through the gateway, streamed from the media service chunk by chunk
(never held whole). The browser's Range, If-None-Match and If-Range go to the service; its status
(200, 206, 302 to a presigned URL, 304, 416) and the headers that matter come back."""

from flask import Response, request

from portal_common.errors import ApiError
from portal_common.objects import validate_key
from portal_common.route_policy import route_policy

from ..backends import backend, close
from . import pages

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


@pages.route("/media/<path:key>", methods=["GET", "HEAD"])
# The service's own Cache-Control (immutable bytes) passes through; streamed, never page-cached.
@route_policy(page_cache=False)
def media_bytes(key):
    try:
        validate_key(key)  # also keeps "../" from reaching other service routes
    except ValueError:
        raise ApiError(404, "Không tìm thấy tệp.") from None
    headers = {name: request.headers[name] for name in ASKED if name in request.headers}
    media = backend("media")
    timeout = media.timeout(read=max(READ_TIMEOUT, media.read_timeout))
    answer = media.send(request.method, "/media/" + key, headers=headers, stream=True, timeout=timeout)
    if answer.status not in PASSED_STATUSES:
        close(answer)
        raise ApiError(
            404 if answer.status == 404 else 502, "Không tìm thấy tệp." if answer.status == 404 else "Lỗi tải tệp."
        )
    passed = {name: answer.headers[name] for name in ANSWERED if name in answer.headers}
    if request.method == "HEAD" or answer.status in (302, 304, 416):
        close(answer)
        return Response(status=answer.status, headers=passed)

    def body():
        try:
            yield from answer.stream(CHUNK, decode_content=False)
        finally:
            close(answer)

    return Response(body(), status=answer.status, headers=passed, direct_passthrough=True)
