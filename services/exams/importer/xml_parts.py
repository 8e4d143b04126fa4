"""The XML parts of an .xlsx (rels, workbook, shared strings, the sheet), each parsed as it is
inflated, through defusedxml's parser, with bounded memory whatever the part holds:

- a DTD is refused outright (DTDForbidden): nested entities (billion laughs) and external
  entities need one, and no spreadsheet writes one;
- every inflated byte is spent from the import's budget before the parser sees it;
- expat keeps an unfinished tag whole until its '>' arrives, so a part whose parse lags the bytes
  fed by more than MAX_PENDING_BYTES (a tag, comment or attribute that never ends) is refused;
- expat and ElementTree keep every distinct element, attribute and namespace-prefix name for the
  whole parse, so a part naming more than MAX_NAMES is refused (a sheet uses a few dozen).

A target (ElementTree's parser target: start, end, data) gets the events; `Names` is its guard."""

import lzma
import zipfile
import zlib

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import XMLParser

from .limits import READ_BYTES, invalid

MAX_PENDING_BYTES = 1024 * 1024
MAX_NAMES = 1000
# What a broken or unusual zip member raises while it is read: a bad CRC or stream, a method
# zipfile cannot inflate, an encrypted member, a name the archive does not have.
ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    OSError,
)
DTD_REFUSED = (
    "Tệp .xlsx có khai báo DTD hoặc thực thể XML (entity), dạng tệp có thể gây hại, nên không được nhập. "
    "Hãy mở tệp bằng Excel, lưu lại rồi gửi lại. Kết quả cũ được giữ nguyên."
)


class Names:
    """Counts the distinct names a part uses; one past MAX_NAMES is a 400."""

    def __init__(self, part):
        self.part = part
        self.seen = set()

    def add(self, name):
        self.seen.add(name)
        if len(self.seen) > MAX_NAMES:
            raise invalid(f"Tệp .xlsx hỏng: phần {self.part} dùng quá nhiều tên thẻ XML khác nhau.")

    def start_ns(self, prefix, uri):
        # A namespace prefix is a name expat keeps too; targets pass theirs here.
        if prefix not in self.seen:
            self.add(prefix)


def local_name(tag):
    """ "{http://…/main}row" → "row"."""
    return tag[tag.rfind("}") + 1 :]


def parse_part(archive, name, target, budget):
    """Feed the member `name` of `archive` to `target`, a chunk at a time; yields after each chunk
    so that a caller can take what the target gathered (the sheet's rows) as the part is read."""
    parser = XMLParser(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    fed = 0
    try:
        with archive.open(name) as member:
            while True:
                chunk = member.read(READ_BYTES)
                if not chunk:
                    break
                budget.spend(len(chunk))
                parser.feed(chunk)
                fed += len(chunk)
                if fed - parser.parser.CurrentByteIndex > MAX_PENDING_BYTES:
                    raise invalid(f"Tệp .xlsx hỏng: phần {name} có một thẻ XML dài bất thường.")
                yield
        parser.close()
    except DefusedXmlException:
        raise invalid(DTD_REFUSED) from None
    except SyntaxError:  # ElementTree's ParseError: not well-formed XML
        raise invalid(f"Tệp .xlsx hỏng: phần {name} không phải XML hợp lệ.") from None
    except ZIP_READ_ERRORS:
        raise invalid(f"Tệp .xlsx hỏng: không đọc được phần {name}.") from None


def read_part(archive, name, target, budget):
    """parse_part, to the end."""
    for _ in parse_part(archive, name, target, budget):
        pass
