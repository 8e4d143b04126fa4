"""Hostile results files: each is a clear Vietnamese 4xx, changes nothing (the results imported
before still answer), and costs bounded memory and time: entity bombs and external entities in
any XML part of an .xlsx, decompression bombs (gzip, a sheet of spaces), a 100 MB header line, an
oversized cell, an encoding we cannot read, and one import too many at once."""

import gzip
import io
import threading
import time
import tracemalloc

import pytest
import requests

from services.exams import create_app
from tests.support.live import serve_app

from . import xlsx_files
from .conftest import ADMIN, TOKEN, fixture_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KNOWN = "/api/v1/exams/thpt-2025/results/03028916"


def service(tmp_path, **config):
    """A client of an exams service (with `config`) that already holds thpt-2025's results."""
    app = create_app({"DATA_DIR": str(tmp_path / "data"), "ADMIN_TOKEN": TOKEN, **config})
    client = app.test_client()
    assert put(client, fixture_bytes("national_2025.csv")).status_code == 200
    return client


def put(client, body, headers=None, exam_id="thpt-2025"):
    return client.put(f"/api/v1/exams/{exam_id}/results", data=body, headers={**ADMIN, **(headers or {})})


@pytest.fixture
def client(tmp_path):
    return service(tmp_path)


def assert_refused(client, response, status, words):
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    message = response.json["error"]["message"]
    assert words in message, message
    assert client.get(KNOWN).json["scores"]["toan"] == 8, "the results imported before must still answer"
    assert client.get("/api/v1/exams/thpt-2025").json["candidates"] == 5


def gzip_stream(*pieces, repeat=1, level=6):
    """gzip of pieces[0] + pieces[1] × repeat + …, compressed a piece at a time."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=level) as packed:
        packed.write(pieces[0])
        for _ in range(repeat):
            for piece in pieces[1:]:
                packed.write(piece)
    return buffer.getvalue()


def test_a_hand_made_workbook_imports_as_openpyxl_read_it(client):
    response = put(client, xlsx_files.workbook(), {"Content-Type": XLSX}, exam_id="xlsx-2025")
    assert response.status_code == 200 and response.json["imported"] == 2, response.json
    assert client.get("/api/v1/exams/xlsx-2025/results/01017985").json["scores"] == {"toan": 7}
    assert client.get("/api/v1/exams/xlsx-2025/results/12345678").json["scores"] == {"toan": 8.5}


@pytest.mark.parametrize("part", sorted(xlsx_files.PARTS))
@pytest.mark.parametrize(
    "dtd, entity",
    [(xlsx_files.BILLION_LAUGHS_DTD, "lol9"), (xlsx_files.EXTERNAL_ENTITY_DTD, "xxe")],
    ids=["billion laughs", "external entity"],
)
def test_a_dtd_in_any_part_of_an_xlsx_is_refused(client, part, dtd, entity):
    response = put(client, xlsx_files.with_dtd(part, dtd, entity), {"Content-Type": XLSX})
    assert_refused(client, response, 400, "DTD")
    assert response.json["error"]["code"] == "invalid_file"


def test_a_sheet_of_spaces_past_the_inflated_cap_stops_there(tmp_path):
    client = service(tmp_path, EXAMS_MAX_INFLATED_BYTES=4 * 1024 * 1024)
    head = xlsx_files.GOOD_SHEET.split("<sheetData>")[0] + "<sheetData>"
    body = xlsx_files.streamed_sheet(head, b" " * 65536, 128, "</sheetData></worksheet>")  # 8 MiB of spaces
    assert len(body) < 64 * 1024
    assert_refused(client, put(client, body), 413, "giải nén vượt quá 4 MiB")


def test_the_inflated_cap_defaults_to_a_gigabyte(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path / "data")})
    assert app.config["EXAMS_MAX_INFLATED_BYTES"] == 1024**3
    assert app.config["EXAMS_MAX_LINE_CHARS"] == 64 * 1024 and app.config["EXAMS_MAX_CELL_CHARS"] == 1024


@pytest.mark.parametrize(
    "head, filler, tail, words",
    [
        # Spaces inside a cell: the cell's allowance.
        ('<row r="2"><c r="A2" t="inlineStr"><is><t>', b" " * 65536, "</t></is></c></row>", "Một ô ở dòng 2"),
        # An inline string of many short runs: the cell's allowance counts them all.
        ('<row r="2"><c r="A2" t="inlineStr"><is>', b"<r><t>12345678</t></r>", "</is></c></row>", "Một ô ở dòng 2"),
        # Spaces inside a tag, which expat would keep whole until its '>'.
        ('<row r="2"><c r="A2"', b" " * 65536, "><v>1</v></c></row>", "thẻ XML dài bất thường"),
        # Ten thousand small cells: the row's allowance.
        ('<row r="2">', b'<c t="inlineStr"><is><t>12345678</t></is></c>', "</row>", "Dòng 2 dài quá"),
    ],
    ids=["in a cell", "in inline runs", "in a tag", "a long row"],
)
def test_a_sheet_with_a_huge_cell_tag_or_row_stops_at_its_allowance(client, head, filler, tail, words):
    sheet_head = xlsx_files.GOOD_SHEET.split("<sheetData>")[0] + "<sheetData>" + xlsx_files.HEADER_ROW + head
    repeat = 64 if len(filler) > 1000 else 10_000
    body = xlsx_files.streamed_sheet(sheet_head, filler, repeat, tail + "</sheetData></worksheet>")
    tracemalloc.start()
    try:
        response = put(client, body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_refused(client, response, 400, words)
    assert peak < 16 * 1024 * 1024, f"peak {peak} bytes"


def test_a_long_shared_string_is_refused_where_a_cell_uses_it(client):
    sheet = xlsx_files.GOOD_SHEET.replace("<v>1</v></c></row>", "<v>2</v></c></row>", 1)  # the header's B1 → the note
    assert_refused(client, put(client, xlsx_files.workbook(xlsx_files.parts(sheet))), 400, "Một ô ở dòng 1")


def test_too_many_distinct_tag_names_are_refused(client):
    names = "".join(f"<x{number}/>" for number in range(2000))
    sheet = xlsx_files.GOOD_SHEET.replace("<sheetData>", f"<junk>{names}</junk><sheetData>")
    assert_refused(client, put(client, xlsx_files.workbook(xlsx_files.parts(sheet))), 400, "quá nhiều tên thẻ")


def test_a_gzip_bomb_that_claims_to_be_an_xlsx_stops_before_it_fills_the_disk(client):
    body = gzip_stream(b"PK\x03\x04", b"\0" * (1024 * 1024), repeat=256, level=9)  # 256 MiB inflated
    assert len(body) < 512 * 1024
    assert_refused(client, put(client, body, {"Content-Encoding": "gzip"}), 413, "lớn bất thường")


def test_a_gzip_csv_past_the_inflated_cap_is_413(tmp_path):
    client = service(tmp_path, EXAMS_MAX_INFLATED_BYTES=1024 * 1024)
    body = gzip_stream(b"SBD,TOAN\n", b"12345678,5\n", repeat=200_000)  # 2.2 MB of CSV
    assert_refused(client, put(client, body, {"Content-Encoding": "gzip"}), 413, "giải nén vượt quá 1 MiB")


def test_a_100_mb_header_line_is_refused_after_reading_one_line_allowance(client):
    body = gzip_stream(b"SBD,", b"x" * (1024 * 1024), repeat=100)
    assert len(body) < 256 * 1024
    tracemalloc.start()
    try:
        response = put(client, body, {"Content-Encoding": "gzip"})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_refused(client, response, 400, "Dòng 1 dài quá 65.536 ký tự")
    assert peak < 16 * 1024 * 1024, f"peak {peak} bytes"


def test_a_quoted_cell_spanning_many_lines_counts_against_its_row(client):
    body = b'SBD,TOAN\n12345678,"' + b"5\n" * 40_000 + b'"\n'
    assert_refused(client, put(client, body), 400, "Dòng 2 dài quá 65.536 ký tự")


def test_a_cell_over_its_allowance_is_refused(client):
    body = b"SBD,TOAN,GHI_CHU\n12345678,5," + b"y" * 2000 + b"\n"
    assert_refused(client, put(client, body), 400, "Một ô ở dòng 2 dài quá 1.024 ký tự")


def test_the_csv_modules_own_errors_are_said_in_vietnamese(tmp_path):
    # With the allowances raised past csv's own field limit (128 KiB), csv speaks first.
    client = service(tmp_path, EXAMS_MAX_LINE_CHARS=1024 * 1024, EXAMS_MAX_CELL_CHARS=1024 * 1024)
    body = b"SBD,TOAN\n12345678," + b"9" * 200_000 + b"\n"
    response = put(client, body)
    assert_refused(client, response, 400, "Tệp CSV hỏng ở dòng 2: một ô dài quá giới hạn")
    assert "field" not in response.json["error"]["message"]


@pytest.mark.parametrize("encoding", ["br", "deflate", "gzip, br", "compress"])
def test_an_encoding_other_than_gzip_is_415(client, encoding):
    response = put(client, fixture_bytes("ct2006_official.csv"), {"Content-Encoding": encoding})
    assert_refused(client, response, 415, "Content-Encoding")
    assert response.json["error"]["code"] == "unsupported_media_type"


def test_identity_and_x_gzip_are_read(client):
    assert put(client, fixture_bytes("national_2025.csv"), {"Content-Encoding": "identity"}).status_code == 200
    packed = gzip.compress(fixture_bytes("national_2025.csv"))
    assert put(client, packed, {"Content-Encoding": "x-gzip"}).status_code == 200


def test_one_import_too_many_is_503_at_once_and_lookups_go_on(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path / "data"), "ADMIN_TOKEN": TOKEN})
    first_part_sent, go_on = threading.Event(), threading.Event()
    answers = {}

    def held_upload():
        """A results file that stops after its first line until the test lets it go on."""
        lines = fixture_bytes("ct2006_official.csv").splitlines(keepends=True)
        yield lines[0]
        first_part_sent.set()
        go_on.wait(10)
        yield b"".join(lines[1:])

    with serve_app(app) as url:
        assert put(app.test_client(), fixture_bytes("national_2025.csv")).status_code == 200

        def first_import():
            answers["first"] = requests.put(
                f"{url}/api/v1/exams/ct2006-2025/results", data=held_upload(), headers=ADMIN, timeout=30
            )

        importing = threading.Thread(target=first_import)
        importing.start()
        try:
            assert first_part_sent.wait(10)
            time.sleep(0.2)  # the service has the first import's request by now
            second = requests.put(
                f"{url}/api/v1/exams/thpt-2025/results",
                data=fixture_bytes("national_2025.csv"),
                headers=ADMIN,
                timeout=5,
            )
            assert second.status_code == 503, second.text
            assert "Đang có một lượt nhập điểm khác" in second.json()["error"]["message"]
            assert int(second.headers["Retry-After"]) > 0
            assert requests.get(f"{url}{KNOWN}", timeout=5).json()["scores"]["toan"] == 8  # lookups go on
        finally:
            go_on.set()
            importing.join(10)
        assert answers["first"].status_code == 200, answers["first"].text
        again = requests.put(
            f"{url}/api/v1/exams/thpt-2025/results", data=fixture_bytes("national_2025.csv"), headers=ADMIN, timeout=5
        )
        assert again.status_code == 200  # the slot was given back
