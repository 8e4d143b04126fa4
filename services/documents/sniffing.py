"""What an attached file is, judged from its bytes, never from its name or the client's
Content-Type: PDF, DOC and XLS (OLE2 compound files, told apart by their streams with olefile),
DOCX, XLSX and ODT (zips, told apart by the parts they must hold). A zip that is none of these is
refused; so is one carrying macros (vbaProject.bin: a .docm dressed as a .docx), and one whose
entries would unpack to far more than it weighs (a zip bomb): the service itself never unpacks
one, but every clerk who downloads it would."""

import zipfile
from dataclasses import dataclass

import olefile

from portal_common.errors import ApiError

# A PDF's header may follow up to 1 KB of junk (ISO 32000-1, 7.5.2; readers accept it).
PDF_WINDOW = 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", "pdf", "PDF")
DOC = FileType("application/msword", "doc", "Word")
XLS = FileType("application/vnd.ms-excel", "xls", "Excel")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel")
ODT = FileType("application/vnd.oasis.opendocument.text", "odt", "ODT")
TYPES = (PDF, DOC, XLS, DOCX, XLSX, ODT)
CONTENT_TYPES = tuple(kind.content_type for kind in TYPES)
ACCEPTED = "Chỉ nhận tệp PDF, DOC, DOCX, XLS, XLSX hoặc ODT."


def _refused(message=ACCEPTED, status=415):
    return ApiError(status, message, field="file")


def sniff(stream, limits):
    """The FileType of the seekable `stream` (left at 0); ApiError 415/422 when it is not one
    we accept. `limits`: max_unzipped, max_ratio, max_entries (zip bombs)."""
    stream.seek(0)
    head = stream.read(PDF_WINDOW)
    stream.seek(0)
    try:
        if b"%PDF-" in head:
            return PDF
        if head.startswith(OLE_MAGIC):
            return _ole_type(stream)
        if head.startswith(ZIP_MAGIC):
            return _zip_type(stream, limits)
    finally:
        stream.seek(0)
    raise _refused()


def _ole_type(stream):
    try:
        with olefile.OleFileIO(stream) as ole:
            if ole.exists("WordDocument"):
                return DOC
            if ole.exists("Workbook") or ole.exists("Book"):
                return XLS
    except Exception:  # olefile raises a variety of errors on a damaged file
        raise _refused("Tệp Word/Excel bị hỏng, không đọc được.", 422) from None
    raise _refused()


def _zip_type(stream, limits):
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refused("Tệp nén bị hỏng, không đọc được.", 422) from None
    with archive:
        entries = archive.infolist()
        _refuse_bomb(entries, limits)
        names = {entry.filename for entry in entries}
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            # A .docm/.xlsm in a .docx's clothes: its macros would run on every clerk's machine.
            raise _refused("Không nhận văn bản có macro (VBA); hãy lưu lại dạng DOCX/XLSX thường.")
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
        if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
            return XLSX
        if "mimetype" in names and "content.xml" in names:
            try:
                with archive.open("mimetype") as entry:
                    if entry.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE:
                        return ODT
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
                raise _refused("Tệp ODT bị hỏng, không đọc được.", 422) from None
    raise _refused("Tệp nén này không phải văn bản Word (DOCX), Excel (XLSX) hay ODT.")


def _refuse_bomb(entries, limits):
    if len(entries) > limits["max_entries"]:
        raise _refused("Tệp nén có quá nhiều thành phần.", 422)
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    if unpacked > limits["max_unzipped"] or unpacked > max(packed, 1) * limits["max_ratio"]:
        raise _refused("Tệp nén giải nén ra quá lớn (nghi là “bom nén”), không nhận.", 422)
