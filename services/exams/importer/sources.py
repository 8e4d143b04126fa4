"""Turning a byte stream into rows: gzip by its magic bytes or Content-Encoding, .xlsx by its
magic bytes or Content-Type (xlsx_source), else CSV in UTF-8 (csv_source). Everything is
streamed under the import's limits (limits.py): what gzip inflates is counted as it comes out.

A source yields (line number, [cells as text]) after its header."""

import csv
import gzip
import io
import zlib

from portal_common.errors import ApiError

from .csv_source import CsvSource, csv_error_reason
from .limits import ByteCounter, CountedReader, ImportLimits, InflatedBudget, invalid
from .xlsx_source import XlsxSource

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
XLSX_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
}
# Content-Encoding values taken; x-gzip is gzip's old name (RFC 9110 8.4.1.3).
GZIP_ENCODINGS = {"gzip", "x-gzip"}
PLAIN_ENCODINGS = {"", "identity"}
CHUNK = 1024 * 1024


class _Prefixed(io.RawIOBase):
    """A raw stream over `read(n)` with bytes already taken from it put back in front."""

    def __init__(self, prefix, read):
        self._prefix = prefix
        self._read = read

    def readable(self):
        return True

    def readinto(self, buffer):
        if self._prefix:
            count = min(len(buffer), len(self._prefix))
            buffer[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        data = self._read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _peek(stream, size=4):
    """(first `size` bytes, a buffered stream that still starts with them)."""
    head = b""
    while len(head) < size:
        data = stream.read(size - len(head))
        if not data:
            break
        head += data
    return head, io.BufferedReader(_Prefixed(head, stream.read), CHUNK)


def checked_encoding(content_encoding):
    """The Content-Encoding, lower-cased; anything but gzip or none is a 415 before a byte is read
    (an encoding we ignored would be imported as if it were the plain file)."""
    encoding = (content_encoding or "").strip().lower()
    if encoding not in GZIP_ENCODINGS | PLAIN_ENCODINGS:
        raise ApiError(
            415,
            f"Không nhận Content-Encoding '{encoding[:40]}': chỉ gzip hoặc không nén. Kết quả cũ được giữ nguyên.",
            code="unsupported_media_type",
        )
    return encoding


def open_rows(stream, content_type=None, content_encoding=None, tmp_dir=None, limits=None):
    """A Source over `stream` (binary, with read(n)). Raises a 400 ApiError when the bytes are
    not what they claim to be, a 413 past a limit, a 415 for an encoding it cannot read."""
    limits = limits or ImportLimits()
    encoding = checked_encoding(content_encoding)
    budget = InflatedBudget(limits.inflated_bytes)
    head, stream = _peek(stream)
    gzipped = None  # the compressed bytes read, when the body is gzip
    if encoding in GZIP_ENCODINGS or head.startswith(GZIP_MAGIC):
        if not head.startswith(GZIP_MAGIC):
            raise invalid("Content-Encoding: gzip nhưng dữ liệu không phải gzip.")
        gzipped = ByteCounter(stream)
        head, stream = _peek(CountedReader(gzip.GzipFile(fileobj=gzipped, mode="rb"), budget))
    mime = (content_type or "").split(";")[0].strip().lower()
    if head.startswith(ZIP_MAGIC) or mime in XLSX_TYPES:
        if not head.startswith(ZIP_MAGIC):
            raise invalid("Tệp được gửi như .xlsx nhưng không phải tệp Excel (.xlsx) hợp lệ.")
        return XlsxSource(stream, limits, budget, tmp_dir, gzipped)
    if not head:
        raise invalid("Tệp rỗng.")
    return CsvSource(stream, limits)


# What a broken file raises while it is read, and what the uploader is told.
READ_ERRORS = {
    EOFError: "Tệp gzip bị cắt cụt (thiếu phần cuối).",
    gzip.BadGzipFile: "Dữ liệu gzip hỏng.",
    zlib.error: "Dữ liệu gzip hỏng.",
    UnicodeDecodeError: "Tệp CSV phải mã hóa UTF-8.",
    csv.Error: "Tệp CSV hỏng",
}


def read_error(error, line=None):
    """A 400 ApiError for an exception in READ_ERRORS raised while reading."""
    for kind, message in READ_ERRORS.items():
        if isinstance(error, kind):
            if kind is csv.Error:
                where = f" ở dòng {line}" if line else ""
                message = f"{message}{where}: {csv_error_reason(error)}."
            return invalid(message)
    return None
