"""Multipart uploads parsed as they arrive, for the services that take files (media, documents):
werkzeug's streaming parser writes each file part into a temporary file on disk (under DATA_DIR,
not a RAM-backed /tmp; never the whole upload in memory), the body as a whole is capped before
and while it is read (a chunked body has no Content-Length to check), and a refused body is read
to its end first, so the gateway, mid-send, reads the service's 413 rather than a reset
connection. The client's file name is never used as a path. Each service keeps its own caps,
messages and per-part checks."""

import hashlib
import os
import tempfile

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.wsgi import get_input_stream

from .errors import ApiError

# Room for the multipart boundaries, part headers and text fields around the files themselves.
ENVELOPE_BYTES = 1024 * 1024
# Also bounds werkzeug's parse buffer (it reads 64 KiB at a time), so keep it well above that.
TEXT_FIELD_BYTES = 256 * 1024
# A refused body up to this size is read to its end before answering 413.
DRAIN_MAX = 1024 * 1024 * 1024
CHUNK = 256 * 1024


def spool_dir(setting):
    """Where uploads (and the files made from them) are spooled: the folder the service's
    `setting` names, else DATA_DIR/tmp; on disk, not a RAM-backed /tmp."""
    config = current_app.config
    directory = config.get(setting) or os.path.join(config["DATA_DIR"], "tmp")
    os.makedirs(directory, exist_ok=True)
    return directory


def parse_multipart(limit, refused, stream_factory, max_parts, silent):
    """(fields, files) of this request's multipart body, at most `limit` bytes in all.
    `refused()` makes the service's 413, raised (after draining the body) when the body is
    longer, or when `stream_factory`'s file refuses to grow (it raises ApiError). `silent`: a
    malformed body parses as empty (werkzeug's choice) rather than a 400."""
    # Bounded by Content-Length (or the end of a chunked body): reading it never blocks past the body.
    stream = get_input_stream(request.environ, max_content_length=None)
    if request.content_length is not None and request.content_length > limit:
        _drain(stream, request.content_length)
        raise refused()
    parser = FormDataParser(
        stream_factory=stream_factory, max_form_memory_size=TEXT_FIELD_BYTES, max_form_parts=max_parts, silent=silent
    )
    try:
        _, fields, files = parser.parse(
            LimitedStream(stream, limit), request.mimetype, request.content_length, request.mimetype_params
        )
    except (ApiError, RequestEntityTooLarge):
        _drain(stream, request.content_length)
        raise refused() from None
    except ValueError:  # only when not silent
        raise ApiError(400, "Dữ liệu multipart không hợp lệ.") from None
    return fields, files


def temp_file(directory):
    """A stream factory for parse_multipart: each file part in its own temporary file."""

    def stream_factory(total_content_length, content_type, filename, content_length=None):
        return tempfile.TemporaryFile("w+b", dir=directory)

    return stream_factory


class Upload:
    """The parsed form: `fields` (text) and `files` (name → FileStorage); close() frees the
    temporary files."""

    def __init__(self, fields, files):
        self.fields = fields
        self.files = files

    def text(self, name, default=""):
        return (self.fields.get(name) or default).strip()

    def parts(self, name="file"):
        return self.files.getlist(name)

    def file(self, name, required=True):
        """The one file sent in `name` (its stream), None when optional and absent."""
        parts = self.parts(name)
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
    """The size of a seekable upload, left at its start."""
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
