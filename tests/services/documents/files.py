"""Attachments for the tests, built here: PDFs with and without text (pypdf's writer, the
service's own demo_pdf), OLE2 compound files with a Word or an Excel stream (a minimal CFB
writer: no library writes them), Office Open XML and ODF zips, a zip that is none of these, and
a zip bomb."""

import io
import struct
import zipfile

from services.documents.demo_pdf import blank_pdf, text_pdf

__all__ = ["blank_pdf", "text_pdf", "ole_file", "docx", "docm", "xlsx", "odt", "plain_zip", "zip_bomb"]

SECTOR = 512
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _entry(name, kind, child=NO_STREAM, start=END, size=0):
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", NO_STREAM, NO_STREAM, child)
        + bytes(16 + 4 + 8 + 8)
        + struct.pack("<IQ", start, size)
    )


def ole_file(stream_name, size=4096):
    """A compound file holding one stream `stream_name` ("WordDocument", "Workbook") of `size`
    bytes (≥ 4096, so it lives in ordinary sectors, not the mini stream)."""
    sectors = -(-size // SECTOR)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )
    fat = [FAT_SECTOR, END] + [2 + i + 1 for i in range(sectors - 1)] + [END]
    fat_sector = b"".join(struct.pack("<I", value) for value in fat).ljust(SECTOR, b"\xff")
    directory = _entry("Root Entry", 5, child=1) + _entry(stream_name, 2, start=2, size=size)
    directory += _entry("", 0) * 2
    data = (b"portal test " * (size // 12 + 1))[:size].ljust(sectors * SECTOR, b"\0")
    return header + fat_sector + directory + data


def _zip(entries):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return output.getvalue()


CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx():
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<w:document/>", "_rels/.rels": "<r/>"})


def xlsx():
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": "<workbook/>"})


def docm():
    """A Word document with macros, named and zipped like a DOCX."""
    return _zip(
        {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<w:document/>", "word/vbaProject.bin": b"\xd0\xcf"}
    )


def odt():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return output.getvalue()


def plain_zip():
    return _zip({"readme.txt": "không phải văn bản", "photo.jpg": "x" * 100})


def zip_bomb(unpacked=20 * 1024 * 1024):
    """A DOCX in every way but one: its document.xml unpacks to `unpacked` bytes of zeros."""
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"\0" * unpacked, "_rels/.rels": "<r/>"})
