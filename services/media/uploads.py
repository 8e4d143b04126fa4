"""Multipart uploads parsed as they arrive: werkzeug's streaming parser writes each file part
into a temporary file on disk (never the whole upload in memory); a part that grows past the
route's cap is dropped at once and the rest of the body read and discarded, so the client sees a
clean 413. The client's file name is never used."""

import hashlib
import os
import tempfile

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.wsgi import get_input_stream

from portal_common.errors import ApiError

# Room for the multipart boundaries, part headers and a title around the files themselves.
ENVELOPE_BYTES = 1024 * 1024
# Also bounds werkzeug's parse buffer (it reads 64 KiB at a time), so keep it well above that.
TEXT_FIELD_BYTES = 256 * 1024
# A refused body up to this size is read to its end before answering 413.
DRAIN_MAX = 1024 * 1024 * 1024
CHUNK = 256 * 1024


def tmp_dir():
    """Where uploads and the files made from them are spooled: on disk, not a RAM-backed /tmp."""
    directory = current_app.config.get("MEDIA_UPLOAD_TMP_DIR") or os.path.join(current_app.config["DATA_DIR"], "tmp")
    os.makedirs(directory, exist_ok=True)
    return directory


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


class Upload:
    """The parsed form: `fields` (text) and `files` (name → FileStorage); close() frees the
    temporary files."""

    def __init__(self, fields, files):
        self.fields = fields
        self.files = files

    def text(self, name, default=""):
        return (self.fields.get(name) or default).strip()

    def file(self, name, required=True):
        parts = self.files.getlist(name)
        if len(parts) > 1:
            raise ApiError(400, f"Chỉ gửi một tệp trong trường '{name}'.", field=name)
        if not parts:
            if required:
                raise ApiError(400, f"Thiếu tệp trong trường '{name}' (multipart/form-data).", field=name)
            return None
        return parts[0].stream

    def close(self):
        for part in self.files.values():
            part.close()


def parse_upload(file_cap, total_cap):
    """Parse this request's multipart body; each file part at most `file_cap` bytes, the whole
    body at most `total_cap` (+ envelope). Raises ApiError 413/415/400."""
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "Gửi tệp dạng multipart/form-data.")
    limit = total_cap + ENVELOPE_BYTES
    # Bounded by Content-Length (or the end of a chunked body): reading it never blocks past the body.
    stream = get_input_stream(request.environ, max_content_length=None)
    if request.content_length is not None and request.content_length > limit:
        _drain(stream, request.content_length)
        raise too_large(file_cap)
    directory = tmp_dir()

    def stream_factory(total_content_length, content_type, filename, content_length=None):
        return CappedTempFile(file_cap, directory)

    parser = FormDataParser(
        stream_factory=stream_factory, max_form_memory_size=TEXT_FIELD_BYTES, max_form_parts=20, silent=True
    )
    try:
        _, fields, files = parser.parse(
            LimitedStream(stream, limit), request.mimetype, request.content_length, request.mimetype_params
        )
    except (ApiError, RequestEntityTooLarge):
        _drain(stream, request.content_length)
        raise too_large(file_cap) from None
    return Upload(fields, files)


def _drain(stream, declared):
    """Read and drop the rest of a refused body, so the client (the gateway, mid-send) reads our
    413 instead of a reset connection. Past DRAIN_MAX the connection is simply dropped."""
    if declared is not None and declared > DRAIN_MAX:
        return
    while stream.read(CHUNK):
        pass


class LimitedStream:
    """Stops the parser after `limit` bytes (a chunked body has no Content-Length to check)."""

    def __init__(self, stream, limit):
        self.stream, self.left = stream, limit

    def read(self, size=-1):
        if self.left <= 0:
            raise RequestEntityTooLarge()
        data = self.stream.read(self.left if size < 0 else min(size, self.left + 1))
        self.left -= len(data)
        if self.left < 0:
            raise RequestEntityTooLarge()
        return data


def file_size(stream):
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


class HashingReader:
    """Reads through `stream` while hashing (sha256) and counting, so the checksum costs no
    second pass over a large upload."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.stream.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data

    def hexdigest(self):
        return self.digest.hexdigest()
