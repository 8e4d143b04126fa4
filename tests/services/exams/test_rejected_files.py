"""A file that is not a results file is a 400 with a clear message, and the exam keeps the results
it had (or is not created)."""

import gzip
import io
import zipfile

import pytest

from .conftest import fixture_bytes

GOOD = "national_2025.csv"


def known_result(client):
    return client.get("/api/v1/exams/thpt-2025/results/03000001")


@pytest.fixture
def imported(client, put_results):
    assert put_results("thpt-2025", GOOD).status_code == 200
    before = known_result(client).json
    stats = client.get("/api/v1/exams/thpt-2025/stats").json
    return before, stats


def _zip_not_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


REFUSED = {
    "no SBD column": (b"TOAN,VAN\n8,7\n", {}, "số báo danh"),
    "no known subject": (b"SBD,HOTEN,NGAYSINH\n12345678,A,B\n", {}, "môn thi"),
    "header only": (b"SBD,TOAN,VAN\n", {}, "không có dòng kết quả hợp lệ"),
    "every row bad": (b"SBD,TOAN\n123,5\nabc,6\n", {}, "không có dòng kết quả hợp lệ"),
    "empty body": (b"", {}, "rỗng"),
    "wrong delimiter": (b"SBD|TOAN|VAN\n12345678|5|6\n", {}, "dấu phân cách"),
    "truncated gzip": (gzip.compress(fixture_bytes(GOOD) * 20)[:-40], {"Content-Encoding": "gzip"}, "cắt cụt"),
    "gzip header but not gzip": (fixture_bytes(GOOD), {"Content-Encoding": "gzip"}, "không phải gzip"),
    "text sent as xlsx": (
        fixture_bytes(GOOD),
        {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        ".xlsx",
    ),
    "zip that is not a workbook": (_zip_not_xlsx(), {}, ".xlsx"),
    "not utf-8": ("SBD,TOAN\n12345678,5\n".encode("utf-16"), {}, "UTF-8"),
    "duplicate subject columns": (b"SBD,TOAN,Toan\n12345678,5,6\n", {}, "trùng"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_file_is_400_and_changes_nothing(client, put_results, imported, case):
    body, headers, words = REFUSED[case]
    response = put_results("thpt-2025", body, headers=headers)
    assert response.status_code == 400, response.json
    assert response.json["error"]["code"] == "invalid_file"
    assert words in response.json["error"]["message"]
    before, stats = imported
    assert known_result(client).json == before
    assert client.get("/api/v1/exams/thpt-2025/stats").json == stats
    assert client.get("/api/v1/exams/thpt-2025").json["candidates"] == 5


def test_refused_first_import_creates_no_exam(client, put_results):
    assert put_results("new-2025", b"SBD,TOAN\n").status_code == 400
    assert client.get("/api/v1/exams/new-2025").status_code == 404
    assert client.get("/api/v1/exams").json["items"] == []


def test_all_bad_rows_are_listed_with_their_lines(put_results):
    response = put_results("thpt-2025", b"SBD,TOAN\n1,5\n2,5\n")
    assert response.status_code == 400
    error = response.json["error"]
    assert [row["line"] for row in error["rejected"]] == [2, 3] and error["rejected_total"] == 2


def test_report_of_bad_rows_is_capped(put_results):
    body = "SBD,TOAN\n" + "".join(f"{10000000 + n},11\n" for n in range(1500)) + "12345678,5\n"
    response = put_results("thpt-2025", body.encode())
    assert response.status_code == 200
    assert response.json["imported"] == 1 and response.json["rejected_total"] == 1500
    assert len(response.json["rejected"]) == 1000 and response.json["rejected"][-1]["line"] == 1001


def test_body_over_the_import_cap_is_413_and_changes_nothing(tmp_path):
    from services.exams import create_app

    from .conftest import ADMIN

    app = create_app(
        {"DATA_DIR": str(tmp_path / "data"), "ADMIN_TOKEN": "test-admin-token", "EXAMS_MAX_IMPORT_BYTES": 100}
    )
    client = app.test_client()
    small = client.put("/api/v1/exams/cap-2025/results", data=b"SBD,TOAN\n12345678,5\n", headers=ADMIN)
    assert small.status_code == 200
    big = client.put("/api/v1/exams/cap-2025/results", data=fixture_bytes(GOOD), headers=ADMIN)
    assert big.status_code == 413
    assert client.get("/api/v1/exams/cap-2025/results/12345678").json["scores"] == {"toan": 5}


def test_import_beyond_the_default_request_cap_is_accepted(put_results):
    # The service's ordinary request cap is 2 MiB; the results route lifts it for itself.
    rows = "".join(f"{10000000 + n},{n % 10}.25,{(n * 7) % 10}.5\n" for n in range(150_000))
    body = ("SBD,TOAN,VAN\n" + rows).encode()
    assert len(body) > 2 * 1024 * 1024
    response = put_results("big-2025", body)
    assert response.status_code == 200 and response.json["imported"] == 150_000
