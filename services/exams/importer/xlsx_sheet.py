"""The cells of an .xlsx: its shared strings and its first sheet's rows, read as parser targets
(xml_parts) with every text bounded as it arrives: a cell over `cell_chars`, a row over
`line_chars` or past Excel's last column is refused before it is kept.

Values come out as openpyxl's read-only mode gave them (the import used it before): text as str,
numbers as int or float, booleans as bool, an empty cell as None."""

from array import array

from .limits import cell_too_long, invalid, line_too_long, size_words, too_large
from .xml_parts import Names, local_name

# Excel's last column is XFD.
MAX_COLUMNS = 16_384
# A national file written with every SBD as text has ~1 M distinct strings of 8 characters.
MAX_SHARED_STRINGS = 4_000_000
MAX_SHARED_BYTES = 64 * 1024 * 1024


class SharedStrings:
    """The workbook's string table, packed (one UTF-8 buffer and the end of each string): a
    million strings cost ~13 MB, not the ~60 MB of as many str objects. A string over the cell
    allowance is kept as a mark only; it is refused if, and where, a cell of the sheet uses it
    (another sheet may hold long notes)."""

    def __init__(self, cell_chars):
        self.cell_chars = cell_chars
        self.buffer = bytearray()
        self.ends = array("I")  # 4 bytes each: the buffer stays under MAX_SHARED_BYTES
        self.oversized = bytearray()
        self.names = Names("sharedStrings")
        self.pieces = None  # the texts of the <si> being read
        self.chars = 0
        self.in_text = False  # inside a <t> of it, phonetic guides (<rPh>) left out
        self.phonetic = False

    def start(self, tag, attrib):
        names = self.names
        if tag not in names.seen:
            names.add(tag)
        for key in attrib:
            if key not in names.seen:
                names.add(key)
        name = local_name(tag)
        if name == "si":
            self.pieces, self.chars = [], 0
        elif name == "t":
            self.in_text = self.pieces is not None and not self.phonetic
        elif name == "rPh":
            self.phonetic = True

    def start_ns(self, prefix, uri):
        self.names.start_ns(prefix, uri)

    def data(self, text):
        if self.in_text:
            self.chars += len(text)
            if self.chars <= self.cell_chars:
                self.pieces.append(text)

    def end(self, tag):
        name = local_name(tag)
        if name == "t":
            self.in_text = False
        elif name == "si" and self.pieces is not None:
            self._keep("".join(self.pieces), self.chars > self.cell_chars)
            self.pieces = None
        elif name == "rPh":
            self.phonetic = False

    def _keep(self, text, oversized):
        if len(self.ends) >= MAX_SHARED_STRINGS:
            raise too_large("Tệp .xlsx có quá nhiều chuỗi văn bản khác nhau. Kết quả cũ được giữ nguyên.")
        self.buffer += b"" if oversized else text.encode("utf-8")
        if len(self.buffer) > MAX_SHARED_BYTES:
            raise too_large(
                f"Bảng chuỗi văn bản của tệp .xlsx lớn hơn {size_words(MAX_SHARED_BYTES)}. Kết quả cũ được giữ nguyên."
            )
        self.ends.append(len(self.buffer))
        self.oversized.append(oversized)

    def text(self, index, line):
        if not 0 <= index < len(self.ends):
            raise invalid(f"Tệp .xlsx hỏng: một ô ở dòng {line} trỏ tới chuỗi văn bản không có.")
        if self.oversized[index]:
            raise cell_too_long(line, self.cell_chars)
        start = self.ends[index - 1] if index else 0
        return self.buffer[start : self.ends[index]].decode("utf-8")


def column_index(reference):
    """ "AB12" → 27 (0-based); None when the reference has no column letters."""
    index = 0
    letters = 0
    for char in reference:
        if "A" <= char <= "Z":
            index = index * 26 + (ord(char) - 64)
            letters += 1
            if letters > 3:
                return MAX_COLUMNS
        else:
            break
    return index - 1 if letters else None


def _number(text):
    """A number cell's text as openpyxl read it: int without '.', 'e' or 'E', else float;
    anything else stays text."""
    try:
        if "." in text or "e" in text or "E" in text:
            value = float(text)
            return value if value - value == 0 else text  # inf and nan are not scores
        return int(text)
    except ValueError:
        return text


class SheetRows:
    """Target for the first sheet: gathers finished rows as (row number, [values]) in `done`."""

    def __init__(self, strings, limits):
        self.strings = strings
        self.cell_chars = limits.cell_chars
        self.line_chars = limits.line_chars
        self.names = Names("worksheet")
        self.local = {}  # tag → local name; as bounded as the names
        self.done = []
        self.in_data = False
        self.row = None
        self.row_number = 0
        self.row_chars = 0
        self.column = 0
        self.cell_type = None
        self.pieces = None  # text of the <v> or inline <t> being read
        self.chars = 0  # characters of the cell being read
        self.inline = None  # texts of an inline string's runs
        self.phonetic = False  # inside a phonetic guide (<rPh>), which is not the text
        self.value_text = None  # the cell's <v>

    def take(self):
        done, self.done = self.done, []
        return done

    def start_ns(self, prefix, uri):
        self.names.start_ns(prefix, uri)

    def start(self, tag, attrib):
        name = self.local.get(tag)
        if name is None:
            self.names.add(tag)
            name = self.local[tag] = local_name(tag)
        seen = self.names.seen
        for key in attrib:
            if key not in seen:
                self.names.add(key)
        if name == "c":
            if self.row is None:
                return
            reference = attrib.get("r")
            column = column_index(reference) if reference else None
            self.column = self.column + 1 if column is None else column
            if self.column >= MAX_COLUMNS:
                raise invalid(f"Dòng {self.row_number} có ô vượt quá cột cuối của Excel (XFD).")
            self.cell_type = attrib.get("t", "n")
            self.inline = self.pieces = self.value_text = None
            self.chars = 0  # the whole cell's, across an inline string's runs
        elif name == "v" or (name == "t" and self.inline is not None and not self.phonetic):
            if self.row is not None:
                self.pieces = []
        elif name == "is":
            if self.row is not None:
                self.inline = []
        elif name == "rPh":
            self.phonetic = True
        elif name == "row":
            if self.in_data:
                self._open_row(attrib.get("r"))
        elif name == "sheetData":
            self.in_data = True

    def data(self, text):
        if self.pieces is not None:
            self.chars += len(text)
            if self.chars > self.cell_chars:
                raise cell_too_long(self.row_number, self.cell_chars)
            self.pieces.append(text)

    def end(self, tag):
        name = self.local.get(tag) or local_name(tag)
        if name == "v":
            self.value_text = "".join(self.pieces) if self.pieces is not None else None
            self.pieces = None
        elif name == "t":
            if self.pieces is not None and self.inline is not None:
                self.inline.append("".join(self.pieces))
            self.pieces = None
        elif name == "c":
            if self.row is not None:
                self._close_cell()
        elif name == "rPh":
            self.phonetic = False
        elif name == "row":
            if self.row is not None:
                self.done.append((self.row_number, self.row))
                self.row = None
        elif name == "sheetData":
            self.in_data = False

    def _open_row(self, reference):
        if reference is None:
            number = self.row_number + 1
        elif reference.isdigit() and len(reference) <= 7:
            number = int(reference)
        else:
            raise invalid(f"Tệp .xlsx hỏng: số dòng '{reference[:20]}' không hợp lệ.")
        self.row_number, self.row, self.row_chars, self.column = number, [], 0, -1
        self.value_text = None

    def _close_cell(self):
        kind = self.cell_type
        text = self.value_text
        if kind == "inlineStr":
            value = "".join(self.inline or ())
        elif text is None:
            value = None
        elif kind == "s":
            index = text.strip()
            value = self.strings.text(int(index) if index.isascii() and index.isdigit() else -1, self.row_number)
        elif kind == "n":
            value = _number(text)
        elif kind == "b":
            value = text.strip() == "1"
        else:  # "str" (a formula's text), "e" (an error such as #N/A), "d" (an ISO date)
            value = text
        self.value_text, self.inline = None, None
        if value is not None:
            self.row_chars += len(value) if isinstance(value, str) else len(text)
            if self.row_chars > self.line_chars:
                raise line_too_long(self.row_number, self.line_chars)
        row = self.row
        if self.column >= len(row):
            row.extend([None] * (self.column - len(row)))
            row.append(value)
        else:
            row[self.column] = value
