"""/media/<key>: media bytes through the gateway, streamed from the media service
(gateway/streamed_bytes.py)."""

from portal_common.errors import ApiError
from portal_common.objects import validate_key
from portal_common.route_policy import route_policy

from ..streamed_bytes import stream_bytes
from . import pages


@pages.route("/media/<path:key>", methods=["GET", "HEAD"])
# The service's own Cache-Control (immutable bytes) passes through; streamed, never page-cached.
@route_policy(page_cache=False)
def media_bytes(key):
    try:
        validate_key(key)  # also keeps "../" from reaching other service routes
    except ValueError:
        raise ApiError(404, "Không tìm thấy tệp.") from None
    return stream_bytes("media", "/media/" + key)
