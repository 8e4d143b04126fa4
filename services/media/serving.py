"""Media bytes: GET and HEAD /media/<key>, served by portal_common.object_serving (ETag, 304,
immutable Cache-Control, Last-Modified, single byte ranges) with its strict Range reading: a
malformed or unsatisfiable byte range is a 416. With MEDIA_PRESIGNED_URLS=1 on S3 the answer is
a 302 to a short-lived presigned URL instead, which the S3 server serves with Range itself."""

from flask import Blueprint, Response, current_app

from portal_common.errors import ApiError
from portal_common.object_serving import serve_object, strict_range
from portal_common.store import get_store

from .objects import get_objects

bp = Blueprint("media_bytes", __name__)


@bp.route("/media/<path:key>", methods=["GET", "HEAD"])
def media(key):
    found = get_store().get_object(key)
    if found is None:
        raise ApiError(404, "Không tìm thấy tệp.")
    config = current_app.config
    objects = get_objects()
    if config.get("MEDIA_PRESIGNED_URLS"):
        url = objects.presigned_get_url(key, config["MEDIA_PRESIGNED_EXPIRES"])
        if url:
            return Response(status=302, headers={"Location": url, "Cache-Control": "private, max-age=60"})
    return serve_object(objects, key, found, strict_range)
