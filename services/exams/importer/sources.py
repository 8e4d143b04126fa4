"""Turning a byte stream into rows: gzip by its magic bytes or Content-Encoding, .xlsx by its
magic bytes or Content-Type, else CSV in UTF-8 with its delimiter (`,` `;` tab) read off the
header line. Everything is streamed; an .xlsx that arrives over HTTP is spooled to a temporary
file first, since a zip archive is read from its end.

A source yields (line number, [cells as text]) after its header."""

import csv
import gzip
import io
import itertools
import shutil
import tempfile
import zipfile
import zlib

from portal_common.errors import ApiError

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
XLSX_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
}
CHUNK = 1024 * 1024


def invalid(message, **extra):
    return ApiError(400, message, code="invalid_file", extra=extra)


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


def open_rows(stream, content_type=None, content_encoding=None, tmp_dir=None):
    """A Source over `stream` (binary, with read(n)). Raises a 400 ApiError when the bytes are
    not what they claim to be."""
    head, stream = _peek(stream)
    if (content_encoding or "").strip().lower() == "gzip" or head.startswith(GZIP_MAGIC):
        if not head.startswith(GZIP_MAGIC):
            raise invalid("Content-Encoding: gzip nhưng dữ liệu không phải gzip.")
        head, stream = _peek(gzip.GzipFile(fileobj=stream, mode="rb"))
    mime = (content_type or "").split(";")[0].strip().lower()
    if head.startswith(ZIP_MAGIC) or mime in XLSX_TYPES:
        if not head.startswith(ZIP_MAGIC):
            raise invalid("Tệp được gửi như .xlsx nhưng không phải tệp Excel (.xlsx) hợp lệ.")
        return XlsxSource(stream, tmp_dir)
    if not head:
        raise invalid("Tệp rỗng.")
    return CsvSource(stream)


class CsvSource:
    def __init__(self, stream):
        # utf-8-sig drops the BOM Excel writes; an invalid byte is a 400 (see read errors).
        self._text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        self._reader = None
        self.delimiter = ","

    def header(self):
        first = self._text.readline()
        counts = {mark: first.count(mark) for mark in (",", ";", "\t")}
        self.delimiter = max(counts, key=lambda mark: (counts[mark], mark == ","))
        self._reader = csv.reader(itertools.chain([first], self._text), delimiter=self.delimiter)
        return next(self._reader, [])

    def rows(self, plan):
        reader = self._reader
        for row in reader:
            yield reader.line_num, row

    def close(self):
        pass


class XlsxSource:
    def __init__(self, stream, tmp_dir):
        self._file = tempfile.TemporaryFile(dir=tmp_dir, prefix="exam-import-", suffix=".xlsx")
        shutil.copyfileobj(stream, self._file, CHUNK)
        self._file.seek(0)
        try:
            import openpyxl

            self._book = openpyxl.load_workbook(self._file, read_only=True, data_only=True)
        except Exception as error:  # zip that is not a workbook: openpyxl raises several kinds
            self._file.close()
            raise invalid(f"Không đọc được tệp .xlsx ({type(error).__name__}).") from None
        self._rows = self._book.worksheets[0].iter_rows(values_only=True)
        self.delimiter = None

    def header(self):
        return list(next(self._rows, ()))

    def rows(self, plan):
        sbd = plan.sbd
        for number, values in enumerate(self._rows, start=2):
            cells = [_cell_text(value) for value in values]
            if len(cells) < plan.width:  # read-only sheets may leave out trailing empty cells
                cells.extend([""] * (plan.width - len(cells)))
            value = values[sbd] if sbd < len(values) else None
            # A number cell lost the SBD's leading zero (01017985 → 1017985): put it back.
            if isinstance(value, int) and 0 <= value < 10**8:
                cells[sbd] = f"{value:08d}"
            yield number, cells

    def close(self):
        self._book.close()
        self._file.close()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float):
        hundredths = round(value * 100)
        # 8.499999999 from a spreadsheet formula is 8.5; a real third decimal stays and is refused.
        if abs(value * 100 - hundredths) < 1e-6:
            return f"{hundredths / 100:g}"
        return repr(value)
    return str(value)


# What a broken file raises while it is read, and what the uploader is told.
READ_ERRORS = {
    EOFError: "Tệp gzip bị cắt cụt (thiếu phần cuối).",
    gzip.BadGzipFile: "Dữ liệu gzip hỏng.",
    zlib.error: "Dữ liệu gzip hỏng.",
    UnicodeDecodeError: "Tệp CSV phải mã hóa UTF-8.",
    csv.Error: "Tệp CSV hỏng",
    zipfile.BadZipFile: "Tệp .xlsx hỏng.",
}


def read_error(error, line=None):
    """A 400 ApiError for an exception in READ_ERRORS raised while reading."""
    for kind, message in READ_ERRORS.items():
        if isinstance(error, kind):
            if kind is csv.Error:
                message = f"{message} ở dòng {line}: {error}." if line else f"{message}: {error}."
            return invalid(message)
    return None
