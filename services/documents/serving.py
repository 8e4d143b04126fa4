"""A document's file: GET and HEAD /files/<document_id>/<n>, served by
portal_common.object_serving (strong ETag, 304, Last-Modified, single byte ranges, If-Range)
with its lenient Range reading (werkzeug's parse_range_header: a header it cannot parse, or one
asking for several ranges, gets the whole file, as RFC 9110 allows), and Content-Disposition
naming the file as it was uploaded, Vietnamese included (RFC 6266 with the RFC 5987 `filename*`,
and an ASCII `filename` for old clients). A file's key is never reused (a new upload gets a new
key), so its bytes are immutable."""

from urllib.parse import quote

from flask import Blueprint

from portal_common.errors import ApiError
from portal_common.object_serving import lenient_range, serve_object
from portal_common.store import get_store

from .folding import ascii_name
from .objects import get_objects

bp = Blueprint("document_files", __name__)


def content_disposition(name):
    return f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


@bp.route("/files/<document_id>/<int:n>", methods=["GET", "HEAD"])
def document_file(document_id, n):
    record = get_store().get(document_id)
    found = next((file for file in record["files"] if file["n"] == n), None) if record else None
    if found is None:
        raise ApiError(404, "Không tìm thấy tệp.")
    extra = {"Content-Disposition": content_disposition(found["name"])}
    return serve_object(get_objects(), found["key"], found, lenient_range, extra)
