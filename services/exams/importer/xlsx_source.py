"""An .xlsx results file: spooled to a temporary file (a zip is read from its end), its first
worksheet found through the package's relationships, its shared strings and rows read by
xlsx_sheet as the parts are inflated (xml_parts), never a part whole in memory.

The archive itself is checked before zipfile reads it: zipfile reads the whole central directory
into memory, one object per member, so a directory over MAX_DIRECTORY_BYTES (a workbook's is a
few KB) or in ZIP64 form (only needed past 65,535 members or 4 GB) is refused first.

An .xlsx sent gzipped is spooled as it inflates; its parts are compressed already, so gzip shrinks
a real one little (1.15× for a deflated workbook, 9.5× for one with stored parts): inflating more
than MAX_GZIP_RATIO times what was sent is a bomb, refused before it fills the disk."""

import posixpath
import struct
import tempfile
import zipfile

from .limits import READ_BYTES, invalid, size_words, too_large
from .xlsx_sheet import SharedStrings, SheetRows
from .xml_parts import ZIP_READ_ERRORS, Names, local_name, parse_part, read_part

MAX_DIRECTORY_BYTES = 1024 * 1024
MAX_GZIP_RATIO = 32
GZIP_SLACK_BYTES = 1024 * 1024
END_OF_DIRECTORY = b"PK\x05\x06"
END_RECORD = struct.Struct("<4s4H2LH")
NOT_A_WORKBOOK = "Không đọc được tệp .xlsx: không tìm thấy trang tính nào trong tệp."


class Relationships:
    """Target for a .rels part: {Id: (Type, Target)} in document order."""

    def __init__(self):
        self.names = Names("rels")
        self.found = {}

    def start(self, tag, attrib):
        if tag not in self.names.seen:
            self.names.add(tag)
        if local_name(tag) == "Relationship" and len(self.found) < 1000:
            self.found[attrib.get("Id", "")] = (attrib.get("Type", ""), attrib.get("Target", ""))

    def start_ns(self, prefix, uri):
        self.names.start_ns(prefix, uri)

    def of_type(self, kind):
        """Targets whose type ends with /`kind` (transitional and strict Open XML alike)."""
        return [target for rel_type, target in self.found.values() if rel_type.endswith("/" + kind)]


class SheetList:
    """Target for workbook.xml: the relationship ids of its sheets, in the workbook's order."""

    def __init__(self):
        self.names = Names("workbook")
        self.ids = []

    def start(self, tag, attrib):
        if tag not in self.names.seen:
            self.names.add(tag)
        if local_name(tag) == "sheet" and len(self.ids) < 1000:
            self.ids.extend(value for key, value in attrib.items() if local_name(key) == "id")

    def start_ns(self, prefix, uri):
        self.names.start_ns(prefix, uri)


def spool(stream, limit, tmp_dir, gzipped=None):
    """The stream copied to a temporary file (gone when closed), at most `limit` bytes (413), and
    when `gzipped` (the compressed bytes' counter) at most MAX_GZIP_RATIO times what it read."""
    file = tempfile.TemporaryFile(dir=tmp_dir, prefix="exam-import-", suffix=".xlsx")
    try:
        written = 0
        while chunk := stream.read(READ_BYTES):
            written += len(chunk)
            if written > limit:
                raise too_large(f"Tệp .xlsx lớn hơn {size_words(limit)}. Kết quả cũ được giữ nguyên.")
            if gzipped is not None and written > MAX_GZIP_RATIO * gzipped.count + GZIP_SLACK_BYTES:
                raise too_large(
                    "Tệp .xlsx nén gzip giải nén ra lớn bất thường (một .xlsx vốn đã nén). Kết quả cũ được giữ nguyên."
                )
            file.write(chunk)
        file.seek(0)
        return file
    except BaseException:
        file.close()
        raise


def check_directory(file):
    """Refuse an archive whose central directory zipfile should not be asked to hold."""
    file.seek(0, 2)
    size = file.tell()
    tail_size = min(size, END_RECORD.size + 65535)  # the record, then a comment of up to 64 KiB
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    file.seek(0)
    at = tail.rfind(END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < END_RECORD.size:
        raise invalid("Tệp .xlsx hỏng (không phải tệp zip hoàn chỉnh).")
    _, _, _, _, members, directory_bytes, _, _ = END_RECORD.unpack_from(tail, at)
    if members == 0xFFFF or directory_bytes == 0xFFFFFFFF or directory_bytes > MAX_DIRECTORY_BYTES:
        raise invalid("Tệp .xlsx có quá nhiều phần bên trong để là một bảng kết quả thi.")


def _resolve(base_part, target):
    """A relationship's target as a member name: relative to the part's folder, or absolute."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _rels_of(part):
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _read_rels(archive, part, budget):
    relationships = Relationships()
    if _rels_of(part) in archive.NameToInfo:
        read_part(archive, _rels_of(part), relationships, budget)
    return relationships


def workbook_parts(archive, budget):
    """(the first worksheet's member name, the shared strings' member name or None)."""
    package = Relationships()
    if "_rels/.rels" in archive.NameToInfo:
        read_part(archive, "_rels/.rels", package, budget)
    documents = package.of_type("officeDocument")
    workbook = _resolve("", documents[0]) if documents else "xl/workbook.xml"
    if workbook not in archive.NameToInfo:
        raise invalid(NOT_A_WORKBOOK)
    relationships = _read_rels(archive, workbook, budget)
    sheets = SheetList()
    read_part(archive, workbook, sheets, budget)
    worksheet = None
    for sheet_id in sheets.ids:  # the first worksheet, as openpyxl's worksheets[0] (chartsheets skipped)
        rel_type, target = relationships.found.get(sheet_id, ("", ""))
        if rel_type.endswith("/worksheet"):
            worksheet = _resolve(workbook, target)
            break
    if worksheet is None or worksheet not in archive.NameToInfo:
        raise invalid(NOT_A_WORKBOOK)
    strings = relationships.of_type("sharedStrings")
    shared = _resolve(workbook, strings[0]) if strings else None
    return worksheet, (shared if shared in archive.NameToInfo else None)


class XlsxSource:
    def __init__(self, stream, limits, budget, tmp_dir, gzipped=None):
        self._file = spool(stream, limits.spooled_bytes, tmp_dir, gzipped)
        self._archive = None
        self._rows = iter(())
        try:
            check_directory(self._file)
            try:
                self._archive = zipfile.ZipFile(self._file)
            except ZIP_READ_ERRORS:
                raise invalid("Tệp .xlsx hỏng (không đọc được tệp zip).") from None
            worksheet, shared = workbook_parts(self._archive, budget)
            strings = SharedStrings(limits.cell_chars)
            if shared:
                read_part(self._archive, shared, strings, budget)
            self._rows = self._sheet_rows(worksheet, strings, limits, budget)
        except BaseException:
            self.close()
            raise
        self.delimiter = None

    def _sheet_rows(self, worksheet, strings, limits, budget):
        sheet = SheetRows(strings, limits)
        for _ in parse_part(self._archive, worksheet, sheet, budget):
            yield from sheet.take()
        yield from sheet.take()

    def header(self):
        _, values = next(self._rows, (1, []))
        return list(values)

    def rows(self, plan):
        sbd = plan.sbd
        for number, values in self._rows:
            cells = [_cell_text(value) for value in values]
            if len(cells) < plan.width:  # rows leave out trailing empty cells
                cells.extend([""] * (plan.width - len(cells)))
            value = values[sbd] if sbd < len(values) else None
            # A number cell lost the SBD's leading zero (01017985 → 1017985): put it back.
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**8:
                cells[sbd] = f"{value:08d}"
            yield number, cells

    def close(self):
        if hasattr(self._rows, "close"):  # rows left half read: close the sheet's member first
            self._rows.close()
        if self._archive is not None:
            self._archive.close()
        self._file.close()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float):
        if not abs(value) < 1e12:  # far from a score, and too big to round in hundredths
            return repr(value)
        hundredths = round(value * 100)
        # 8.499999999 from a spreadsheet formula is 8.5; a real third decimal stays and is refused.
        if abs(value * 100 - hundredths) < 1e-6:
            return f"{hundredths / 100:g}"
        return repr(value)
    return str(value)
