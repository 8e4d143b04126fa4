"""Workbooks made by hand, part by part, for the import's tests: a small good one, and the hostile
ones (a DTD with nested or external entities in any part, a sheet with megabytes of spaces written
through zipfile's streaming writer so the test holds only a chunk of it)."""

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = f"{RELATIONSHIPS}/officeDocument"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
PACKAGE_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
    f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
# Shared strings 0 and 1 are the header; 2 is a long note no cell uses (a workbook may carry one).
SHARED = (
    f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
    "<si><t>SBD</t></si><si><r><t>TO</t></r><r><t>AN</t></r><rPh><t>ignored</t></rPh></si>"
    f"<si><t>{'Ghi chú dài. ' * 200}</t></si></sst>"
)
HEADER_ROW = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
# 01017985 as a number cell (it lost its zero), and a score with float noise.
DATA_ROWS = (
    '<row r="2"><c r="A2"><v>1017985</v></c><c r="B2"><v>6.9999999999999991</v></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>12345678</t></is></c>'
    '<c r="B3" t="inlineStr"><is><t>8,5</t></is></c></row>'
)
GOOD_SHEET = (
    f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
    f"<sheetData>{HEADER_ROW}{DATA_ROWS}</sheetData></worksheet>"
)

LAUGHS = "".join(
    f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' if level else '<!ENTITY lol0 "lol">' for level in range(10)
)
BILLION_LAUGHS_DTD = f"<!DOCTYPE lolz [{LAUGHS}]>"
EXTERNAL_ENTITY_DTD = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
PARTS = {
    "sheet": "xl/worksheets/sheet1.xml",
    "sharedStrings": "xl/sharedStrings.xml",
    "workbook": "xl/workbook.xml",
    "workbook rels": "xl/_rels/workbook.xml.rels",
    "package rels": "_rels/.rels",
}


def parts(sheet=GOOD_SHEET, **replaced):
    """{member name: XML text} of the good workbook, with `sheet` and any part of PARTS replaced
    (keyword: the PARTS key with spaces as underscores)."""
    members = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/sharedStrings.xml": SHARED,
        "xl/worksheets/sheet1.xml": sheet,
    }
    for key, text in replaced.items():
        members[PARTS[key.replace("_", " ")]] = text
    return members


def workbook(members=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (members or parts()).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def with_dtd(part, dtd, entity):
    """The good workbook with `dtd` at the top of `part` and `&entity;` used in it where text goes."""
    xml = parts()[PARTS[part]]
    declaration, _, rest = xml.partition("?>")
    if part == "sheet":
        rest = rest.replace("<v>1017985</v>", f"<v>&{entity};</v>")
    elif part == "sharedStrings":
        rest = rest.replace("<t>SBD</t>", f"<t>SBD&{entity};</t>")
    elif part == "workbook":
        rest = rest.replace('name="Sheet1"', f'name="&{entity};"')
    else:
        rest = rest.replace('Target="', f'Target="&{entity};', 1)
    members = parts()
    members[PARTS[part]] = f"{declaration}?>{dtd}{rest}"
    return workbook(members)


def streamed_sheet(head, filler, repeat, tail, level=zipfile.ZIP_DEFLATED):
    """A workbook whose sheet is `head` + `filler` × `repeat` + `tail`, written through zipfile's
    streaming writer: megabytes of sheet, one `filler` held at a time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", level) as archive:
        for name, text in parts().items():
            if name != PARTS["sheet"]:
                archive.writestr(name, text)
        with archive.open(PARTS["sheet"], "w") as member:
            member.write(head.encode())
            for _ in range(repeat):
                member.write(filler)
            member.write(tail.encode())
    return buffer.getvalue()
