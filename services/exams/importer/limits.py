"""The bounds of one import, so that a hostile file costs a clear 4xx and bounded memory, disk and
time, whatever it claims: how many bytes decompression may produce (gzip and the zip parts of an
.xlsx together), how long a line (a CSV record, a sheet row) and a cell may be, how large an .xlsx
may grow on disk. Each is checked as the bytes arrive, so a file stops at the first one it passes."""

from dataclasses import dataclass

from portal_common.errors import ApiError

READ_BYTES = 64 * 1024


@dataclass(frozen=True)
class ImportLimits:
    inflated_bytes: int = 1024 * 1024 * 1024
    line_chars: int = 64 * 1024
    cell_chars: int = 1024
    spooled_bytes: int = 300 * 1024 * 1024

    @classmethod
    def from_config(cls, config):
        return cls(
            inflated_bytes=config["EXAMS_MAX_INFLATED_BYTES"],
            line_chars=config["EXAMS_MAX_LINE_CHARS"],
            cell_chars=config["EXAMS_MAX_CELL_CHARS"],
            spooled_bytes=config["EXAMS_MAX_IMPORT_BYTES"],
        )


def count_words(number):
    """65536 → "65.536", as Vietnamese write numbers."""
    return f"{number:,}".replace(",", ".")


def size_words(count):
    """A byte count as people read it: 1073741824 → "1 GiB", 1536 → "1,5 KiB"."""
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= size:
            return f"{count / size:.1f}".removesuffix(".0").replace(".", ",") + f" {unit}"
    return f"{count} byte"


def too_large(message):
    return ApiError(413, message, code="payload_too_large")


def invalid(message, **extra):
    return ApiError(400, message, code="invalid_file", extra=extra)


def line_too_long(line, limit):
    return invalid(
        f"Dòng {line} dài quá {count_words(limit)} ký tự: đây không phải tệp kết quả thi hợp lệ. "
        "Kết quả cũ được giữ nguyên."
    )


def cell_too_long(line, limit):
    return invalid(f"Một ô ở dòng {line} dài quá {count_words(limit)} ký tự. Kết quả cũ được giữ nguyên.")


class InflatedBudget:
    """The bytes decompression has produced for one import, all layers together; one past the
    limit is a 413 at once, before the parser sees them."""

    def __init__(self, limit):
        self.limit = limit
        self.used = 0

    def spend(self, count):
        self.used += count
        if self.used > self.limit:
            raise too_large(
                f"Dữ liệu sau khi giải nén vượt quá {size_words(self.limit)}; tệp bị từ chối, "
                "kết quả cũ được giữ nguyên."
            )


class CountedReader:
    """A decompressing stream (read(n)) whose output is spent from the budget as it is read."""

    def __init__(self, stream, budget):
        self._stream = stream
        self._budget = budget

    def read(self, size=-1):
        data = self._stream.read(size if size is not None and size > 0 else READ_BYTES)
        self._budget.spend(len(data))
        return data


class ByteCounter:
    """A stream (read(n)) that counts what is read from it: the compressed side of a gzip."""

    def __init__(self, stream):
        self._stream = stream
        self.count = 0

    def read(self, size=-1):
        data = self._stream.read(size)
        self.count += len(data)
        return data
