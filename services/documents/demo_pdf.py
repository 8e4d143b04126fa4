"""Small PDFs with real text in them, made with pypdf's writer: a page per paragraph list, in the
standard Helvetica font (no font file to embed). The demo's attachments and the tests' use them.
Helvetica's encoding has no Vietnamese letters, so the text is written without diacritics — as
many scanned-then-OCRed PDFs are, and search folds diacritics anyway."""

import io

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from .folding import fold

A4 = (595, 842)


def _escaped(line):
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _ascii(line):
    return fold(line).upper() if line.isupper() else _keep_case_fold(line)


def _keep_case_fold(line):
    return (
        "".join(fold(char) if char.islower() else fold(char).upper() for char in line)
        .encode("ascii", "ignore")
        .decode("ascii")
    )


def text_pdf(pages):
    """A PDF of `pages`, each a list of lines; returns its bytes."""
    writer = PdfWriter()
    for lines in pages:
        page = writer.add_blank_page(*A4)
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        commands = ["BT", "/F1 12 Tf", "16 TL", "56 780 Td"]
        for line in lines:
            commands.append(f"({_escaped(_ascii(line))}) Tj T*")
        commands.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(commands).encode("ascii"))
        page.replace_contents(stream)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def blank_pdf():
    """A PDF with one empty page: like a scan, it has no text."""
    writer = PdfWriter()
    writer.add_blank_page(*A4)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
