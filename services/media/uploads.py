"""The media service's uploads, parsed as they arrive by portal_common.uploads: a part that grows
past the route's cap is dropped at once (CappedTempFile) and the rest of the body read and
discarded, so the client sees a clean 413. The client's file name is never used."""

import tempfile

from flask import request

from portal_common.errors import ApiError
from portal_common.uploads import ENVELOPE_BYTES, Upload, parse_multipart, spool_dir

# A photo or a video, an optional poster, a title and a few fields: more parts than this is abuse.
MAX_PARTS = 20


def tmp_dir():
    return spool_dir("MEDIA_UPLOAD_TMP_DIR")


def too_large(cap):
    shown = f"{cap // (1024 * 1024)} MB" if cap >= 1024 * 1024 else f"{cap // 1024} KB"
    return ApiError(413, f"Tệp quá lớn (tối đa {shown}).", field="file")


class CappedTempFile:
    """A temporary file that refuses to grow past `cap` bytes."""

    def __init__(self, cap, directory):
        self.cap = cap
        self.size = 0
        self.file = tempfile.TemporaryFile("w+b", dir=directory)

    def write(self, data):
        self.size += len(data)
        if self.size > self.cap:
            self.file.close()
            raise too_large(self.cap)
        return self.file.write(data)

    def __getattr__(self, name):
        return getattr(self.file, name)


def parse_upload(file_cap, total_cap):
    """Parse this request's multipart body; each file part at most `file_cap` bytes, the whole
    body at most `total_cap` (+ envelope). Raises ApiError 413/415."""
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "Gửi tệp dạng multipart/form-data.")
    directory = tmp_dir()

    def stream_factory(total_content_length, content_type, filename, content_length=None):
        return CappedTempFile(file_cap, directory)

    fields, files = parse_multipart(
        total_cap + ENVELOPE_BYTES, lambda: too_large(file_cap), stream_factory, MAX_PARTS, silent=True
    )
    return Upload(fields, files)
