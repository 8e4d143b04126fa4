"""Every header style and every "not taken" form, imported through PUT …/results, with exact
scores and block totals for real rows (taken from the 2025 national file and the official sheet)."""

import gzip
import io

import openpyxl
import pytest

from .conftest import fixture_bytes


def lookup(client, exam_id, sbd):
    response = client.get(f"/api/v1/exams/{exam_id}/results/{sbd}")
    assert response.status_code == 200, response.json
    return response.json


def test_national_2025_file_minus_one_is_not_taken_and_bad_rows_are_reported(client, put_results):
    response = put_results("thpt-2025", "national_2025.csv", "?name=Kỳ thi tốt nghiệp THPT năm 2025")
    assert response.status_code == 200, response.json
    report = response.json
    assert report["exam"] == "thpt-2025" and report["imported"] == 5
    assert report["rejected_total"] == 4
    assert [row["line"] for row in report["rejected"]] == [7, 8, 9, 10]
    reasons = [row["reason"] for row in report["rejected"]]
    assert "3000002" in reasons[0] and "8 chữ số" in reasons[0]
    assert "VAN" in reasons[1] and "0–10" in reasons[1]
    assert "TOAN" in reasons[2] and "abc" in reasons[2]
    assert "lặp lại" in reasons[3]

    first = lookup(client, "thpt-2025", "03000001")
    assert set(first) == {"exam", "sbd", "scores", "blocks", "percentiles", "province_percentiles", "language"}
    assert set(first["percentiles"]) == set(first["scores"]) | set(first["blocks"])
    assert first["language"] is None  # the national file has no language column
    assert {key: first[key] for key in ("exam", "sbd", "scores", "blocks")} == {
        "exam": "thpt-2025",
        "sbd": "03000001",
        "scores": {"toan": 4.5, "ngu_van": 7, "dia_li": 4.75, "gdkt_pl": 6.25},
        # GDKT&PL stands in for GDCD in the C14/C20 blocks (2018 curriculum).
        "blocks": {"C04": 16.25, "C14": 17.75, "C20": 18},
    }
    # The duplicate row (line 10) did not overwrite the first one.
    assert first["scores"]["toan"] == 4.5


def test_blocks_are_exact_sums_in_hundredths(client, put_results):
    put_results("thpt-2025", "national_2025.csv")
    result = lookup(client, "thpt-2025", "03028916")
    assert result["scores"] == {
        "toan": 8,
        "ngu_van": 7.5,
        "ngoai_ngu": 4.2,
        "vat_li": 5.5,
        "hoa_hoc": 7.25,
        "sinh_hoc": 4.25,
    }
    # No language column: ngoai_ngu counts as English, so the A01/D blocks are there.
    assert result["blocks"] == {
        "A00": 20.75,
        "A01": 17.7,
        "A02": 17.75,
        "B00": 19.5,
        "B08": 16.45,
        "C01": 21,
        "C02": 22.75,
        "D01": 19.7,
        "D07": 19.45,
        "D08": 16.45,
    }
    # A two-decimal Ngữ văn score that is not on the 0.05 grid stays exact.
    assert lookup(client, "thpt-2025", "06000245")["scores"]["ngu_van"] == 6.66
    # All subjects not taken: known candidate, no scores.
    assert lookup(client, "thpt-2025", "28002888") == {
        "exam": "thpt-2025",
        "sbd": "28002888",
        "scores": {},
        "blocks": {},
        "percentiles": {},
        "province_percentiles": {},
        "language": None,
    }


def test_official_sheet_empty_is_not_taken_and_language_code_picks_the_d_block(client, put_results):
    response = put_results("ct2006-2025", "ct2006_official.csv")
    assert response.status_code == 200 and response.json["imported"] == 5 and response.json["rejected"] == []
    chinese = lookup(client, "ct2006-2025", "01018512")
    assert chinese["scores"] == {"toan": 7, "ngu_van": 8.5, "ngoai_ngu": 4, "lich_su": 4.5, "dia_li": 8.5, "gdcd": 6.25}
    assert chinese["blocks"] == {
        "A07": 20,
        "C00": 21.5,
        "C03": 20,
        "C04": 24,
        "C14": 21.75,
        "C19": 19.25,
        "C20": 23.25,
        "D04": 19.5,
    }
    english = lookup(client, "ct2006-2025", "01017988")
    assert english["scores"] == {"toan": 8.2, "ngu_van": 7, "ngoai_ngu": 8.6, "vat_li": 5.75, "hoa_hoc": 4.25}
    assert english["blocks"]["D01"] == 23.8 and english["blocks"]["A01"] == 22.55 and "D04" not in english["blocks"]
    # The same candidate in both 2025 files has the same scores (SOURCES.md cross-check).
    assert lookup(client, "ct2006-2025", "03028933")["scores"] == {
        "toan": 7.2,
        "ngu_van": 7.5,
        "ngoai_ngu": 7.2,
        "lich_su": 7,
        "dia_li": 7.25,
        "gdcd": 8.25,
    }


def test_lower_case_ascii_with_dash_minus_one_and_empty(client, put_results):
    response = put_results("thpt-2019", "lower_ascii.csv")
    assert response.status_code == 200 and response.json["imported"] == 4, response.json
    first = lookup(client, "thpt-2019", "44000001")
    assert first["scores"] == {"toan": 8.2, "ngu_van": 6.5, "ngoai_ngu": 9, "vat_li": 7.75, "hoa_hoc": 8}
    # The file's own block columns are ignored; ours are computed.
    assert first["blocks"]["A00"] == 23.95 and first["blocks"]["D01"] == 23.7
    second = lookup(client, "thpt-2019", "44000002")
    assert second["scores"] == {"toan": 5.4, "ngu_van": 7.25, "lich_su": 6.5, "dia_li": 8, "gdcd": 9.25}
    # A language column that is empty for a candidate who took no language: no D blocks.
    assert second["blocks"] == {
        "A07": 19.9,
        "C00": 21.75,
        "C03": 19.15,
        "C04": 20.65,
        "C14": 21.9,
        "C19": 23,
        "C20": 24.5,
    }
    french = lookup(client, "thpt-2019", "44000003")
    assert french["blocks"]["D03"] == 15.4 and "D01" not in french["blocks"]
    perfect = lookup(client, "thpt-2019", "44000004")
    assert perfect["scores"] == {"toan": 10, "ngu_van": 9.5, "ngoai_ngu": 10} and perfect["blocks"]["D01"] == 29.5


def test_semicolon_file_with_decimal_comma_and_crlf(client, put_results):
    response = put_results("hk-2024", "semicolon_comma.csv")
    assert response.status_code == 200 and response.json["imported"] == 2, response.json
    assert lookup(client, "hk-2024", "45000001")["scores"] == {"toan": 8.5, "ngu_van": 7.25, "ngoai_ngu": 6.8}
    assert lookup(client, "hk-2024", "45000002")["scores"] == {"toan": 9}


def test_tab_file_with_bom_and_loose_vietnamese_headers(client, put_results):
    response = put_results("thu-2025", "tab_bom.csv")
    assert response.status_code == 200 and response.json["imported"] == 1, response.json
    assert lookup(client, "thu-2025", "46000001")["scores"] == {
        "toan": 7.5,
        "ngu_van": 8,
        "tin_hoc": 9.1,
        "gdkt_pl": 8.75,
        "cong_nghe_nong_nghiep": 6.5,
    }


def test_gzip_by_content_encoding_and_by_magic_bytes(client, put_results):
    body = gzip.compress(fixture_bytes("national_2025.csv"))
    assert put_results("thpt-2025", body, headers={"Content-Encoding": "gzip"}).json["imported"] == 5
    assert put_results("thpt-2026", body).json["imported"] == 5
    assert lookup(client, "thpt-2026", "03028933")["scores"]["gdcd"] == 8.25


def _xlsx(rows, numeric=False):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_text_cells_and_with_number_cells(client, put_results):
    text_rows = [line.split(",") for line in fixture_bytes("ct2006_official.csv").decode().splitlines()]
    response = put_results("xlsx-2025", _xlsx(text_rows), headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 200 and response.json["imported"] == 5, response.json
    assert lookup(client, "xlsx-2025", "01018512")["blocks"]["D04"] == 19.5
    # Number cells: the SBD lost its leading zero and a score carries float noise.
    numbers = [["SOBAODANH", "Toán", "Văn"], [1017985, 9, None], [1017988, 8.2, 6.999999999999]]
    response = put_results("xlsx-2024", _xlsx(numbers))
    assert response.status_code == 200 and response.json["imported"] == 2, response.json
    assert lookup(client, "xlsx-2024", "01017988")["scores"] == {"toan": 8.2, "ngu_van": 7}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("-", None),
        ("-1", None),
        ("", None),
        (" ", None),
        ("0", 0),
        ("10", 10),
        ("8,5", 8.5),
        ("8.50", 8.5),
        ("6.58", 6.58),
    ],
)
def test_each_score_form(client, put_results, text, expected):
    response = put_results("form-2025", f'SBD;TOAN;VAN\n12345678;"{text}";5\n'.encode())
    assert response.status_code == 200 and response.json["imported"] == 1, response.json
    scores = lookup(client, "form-2025", "12345678")["scores"]
    assert scores.get("toan") == expected


@pytest.mark.parametrize("text", ["10.25", "-2", "8.555", "7a", "1e1", "٨"])
def test_each_refused_score(put_results, text):
    response = put_results("form-2025", f"SBD,TOAN,VAN\n12345678,{text},5\n12345679,5,5\n".encode())
    assert response.status_code == 200
    assert response.json["imported"] == 1 and response.json["rejected"][0]["line"] == 2
