"""CSV in UTF-8 (a BOM is fine), its delimiter (`,` `;` tab) read off the header line, read one
record at a time with every line bounded: a record (a row, with the lines a quoted cell spans) may
hold at most `line_chars` characters and a cell `cell_chars`. Lines are read with a length limit,
so a 100 MB header line costs one limit's worth of memory, not 100 MB.

The csv module speaks English ("field larger than field limit (131072)"); the uploader reads
Vietnamese, so its errors are said again here."""

import csv
import io
import itertools

from .limits import cell_too_long, line_too_long

# csv.Error's messages, by a part of their text, and what they mean to the uploader.
CSV_ERRORS = (
    ("field larger than field limit", "một ô dài quá giới hạn"),
    ("line contains nul", "có ký tự NUL (tệp nhị phân, không phải văn bản CSV?)"),
    ("new-line character seen in unquoted field", "có ký tự xuống dòng lạ giữa một ô không trong ngoặc kép"),
    ("unexpected end of data", "tệp dừng giữa một ô trong ngoặc kép"),
    ("expected after", "sai dấu ngoặc kép"),
)


def csv_error_reason(error):
    text = str(error).lower()
    for part, reason in CSV_ERRORS:
        if part in text:
            return reason
    return "không đọc được dòng này"


class CsvSource:
    def __init__(self, stream, limits):
        # utf-8-sig drops the BOM Excel writes; an invalid byte is a 400 (see sources.READ_ERRORS).
        self._text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        self._limits = limits
        self._reader = None
        self._record_chars = 0  # characters of the record being read, across its lines
        self._lines_read = 0
        self._record_line = 1  # the line the record being read began on
        self.delimiter = ","

    def _bounded_lines(self):
        """The text's lines for csv.reader, none longer than what is left of the record's allowance."""
        readline = self._text.readline
        limit = self._limits.line_chars
        while True:
            used = self._record_chars
            line = readline(limit - used + 1)
            if not line:
                return
            self._lines_read += 1
            if not used:
                self._record_line = self._lines_read
            used += len(line)
            if used > limit:
                raise line_too_long(self._record_line, limit)
            self._record_chars = used
            yield line

    def header(self):
        lines = self._bounded_lines()
        first = next(lines, "")
        counts = {mark: first.count(mark) for mark in (",", ";", "\t")}
        self.delimiter = max(counts, key=lambda mark: (counts[mark], mark == ","))
        self._reader = csv.reader(itertools.chain([first], lines), delimiter=self.delimiter)
        header = next(self._reader, [])
        if self._record_chars > self._limits.cell_chars:
            self._check_cells(header)
        self._record_chars = 0
        return header

    def _check_cells(self, row):
        limit = self._limits.cell_chars
        if any(len(cell) > limit for cell in row):
            raise cell_too_long(self._record_line, limit)

    def rows(self, plan):
        reader = self._reader
        cell_chars = self._limits.cell_chars
        for row in reader:
            # Only a record longer than one cell's allowance can hold a cell over it: the common
            # case costs one comparison. Then the next record starts its own allowance.
            if self._record_chars > cell_chars:
                self._check_cells(row)
            self._record_chars = 0
            yield reader.line_num, row

    def close(self):
        pass
