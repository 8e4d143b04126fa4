"""Immutable stored bytes served over HTTP, for the services that keep files (media, documents):
GET and HEAD with Content-Type, a strong ETag (the sha256 of the bytes), 304 on If-None-Match,
Cache-Control (keys are never reused, so immutable), Last-Modified, and single byte ranges (206,
or 416 with `Content-Range: bytes */size`; If-Range honoured). Bytes are streamed from object
storage chunk by chunk, never loaded whole.

Two Range readings, each service choosing its own: `strict_range` (media: a malformed or
unsatisfiable byte range is a 416) and `lenient_range` (documents: werkzeug's parse_range_header;
a header it cannot parse gets the whole file). Both ignore other units and several ranges at once
(the whole object, 200, as RFC 9110 allows)."""

import logging
import re

from flask import Response, request
from werkzeug.http import http_date, parse_etags, parse_range_header

from .errors import ApiError
from .objects import ObjectNotFound
from .timefmt import parse_iso

log = logging.getLogger(__name__)

IMMUTABLE = "public, max-age=31536000, immutable"
# RFC 9110's int-range and suffix-range: ASCII digits (\d would take any script's), optional
# spaces and tabs around them.
_RANGE = re.compile(r"[ \t]*([0-9]*)[ \t]*-[ \t]*([0-9]*)[ \t]*")
# Larger than any object can be (far below 10**18): a position of more digits than this is only
# ever compared with the size, never converted (int() raises past 4,300 digits: that was a 500).
BEYOND_ANY_SIZE = 10**18
_MAX_DIGITS = len(str(BEYOND_ANY_SIZE)) - 1


class Unsatisfiable(Exception):
    pass


def _position(digits):
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= _MAX_DIGITS else BEYOND_ANY_SIZE


def strict_range(header, size):
    """(start, end) inclusive for a single byte range, None to serve the whole object; raises
    Unsatisfiable for a malformed or unsatisfiable byte range. Never raises anything else."""
    if not header:
        return None
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes":
        return None
    if "," in spec:
        return None
    match = _RANGE.fullmatch(spec)
    if not match or (match.group(1) == "" and match.group(2) == ""):
        raise Unsatisfiable
    first, last = match.groups()
    if first == "":  # the last N bytes; more than the size is the whole object (RFC 9110 14.1.1)
        suffix = _position(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    start = _position(first)
    if last != "" and _position(last) < start:
        raise Unsatisfiable
    if start >= size:
        raise Unsatisfiable
    end = size - 1 if last == "" else min(_position(last), size - 1)
    return start, end


def lenient_range(header, size):
    """(start, end) inclusive, None for the whole object (also for a header werkzeug cannot
    parse); raises Unsatisfiable for a byte range past the end."""
    parsed = parse_range_header(header)
    if parsed is None or parsed.units != "bytes" or len(parsed.ranges) != 1:
        return None
    bounds = parsed.range_for_length(size)
    if bounds is None:
        raise Unsatisfiable
    return bounds[0], bounds[1] - 1


def etag_matches(header, etag):
    return header is not None and parse_etags(header).contains_weak(etag)


def serve_object(objects, key, found, read_range, headers=None):
    """The answer to this GET or HEAD for the object `key`, registered as `found` (its checksum,
    content_type, created_at and size); `headers` adds the service's own (Content-Disposition)."""
    etag = found["checksum"]
    headers = {
        "Content-Type": found["content_type"],
        "ETag": f'"{etag}"',
        "Cache-Control": IMMUTABLE,
        "Last-Modified": http_date(parse_iso(found["created_at"])),
        "Accept-Ranges": "bytes",
        **(headers or {}),
        "X-Content-Type-Options": "nosniff",
    }
    if etag_matches(request.headers.get("If-None-Match"), etag):
        return Response(status=304, headers=headers)
    size = found["size"]
    wanted = None
    if_range = request.headers.get("If-Range")
    # If-Range: the range only holds for the version the client has (a strong match); else the
    # whole new object.
    if not if_range or etag_matches(if_range, etag) and not if_range.startswith("W/"):
        try:
            wanted = read_range(request.headers.get("Range"), size)
        except Unsatisfiable:
            headers["Content-Range"] = f"bytes */{size}"
            headers.pop("Content-Type")
            return Response(status=416, headers=headers)
    status, start, end = (200, 0, size - 1) if wanted is None else (206, *wanted)
    if status == 206:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(end - start + 1 if size else 0)
    if request.method == "HEAD" or size == 0:
        return Response(status=status, headers=headers)
    try:
        chunks = objects.read(key, start, end)
    except ObjectNotFound:  # registered but gone from storage: say so in the log, 404 the caller
        log.error("object registered but missing from storage", extra={"fields": {"key": key}})
        raise ApiError(404, "Không tìm thấy tệp.") from None
    return Response(chunks, status=status, headers=headers, direct_passthrough=True)
