"""/van-ban/<id>/tep/<n>: a document's file through the gateway, streamed from the documents
service as media bytes are (gateway/streamed_bytes.py), plus the service's Content-Disposition
(the file's Vietnamese name)."""

from portal_common.errors import ApiError
from portal_common.route_policy import route_policy

from ..streamed_bytes import ANSWERED, stream_bytes
from . import pages

DOCUMENT_ANSWERED = (*ANSWERED, "Content-Disposition")


@pages.route("/van-ban/<document_id>/tep/<int:n>", methods=["GET", "HEAD"])
# The service's own Cache-Control (immutable bytes) passes through; streamed, never page-cached.
@route_policy(page_cache=False)
def document_file(document_id, n):
    if not (len(document_id) == 32 and all(c in "0123456789abcdef" for c in document_id)):
        raise ApiError(404, "Không tìm thấy tệp.")
    return stream_bytes("documents", f"/files/{document_id}/{n}", DOCUMENT_ANSWERED)
