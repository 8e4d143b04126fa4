"""Broken results files, sent straight to the exams service and through the gateway: each gets a
clear report (a 400 saying why, or a 200 listing the rejected lines) and a refused file changes
nothing: a candidate looked up before reads the same scores after, the exam keeps its count."""

import csv
import gzip
import io
import zipfile

import pytest

from services.exams.demo import DEMO_EXAM, DEMO_FILE

from .inprocess import ADMIN

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def demo_lines():
    with open(DEMO_FILE, encoding="utf-8") as source:
        return source.read().splitlines()


def known_candidate():
    return demo_lines()[1].split(",")[0]


def snapshot(site, sbd):
    client = site.client("exams")
    exam = client.get(f"/api/v1/exams/{DEMO_EXAM}").get_json()
    result = client.get(f"/api/v1/exams/{DEMO_EXAM}/results/{sbd}")
    assert result.status_code == 200, result.get_data(as_text=True)
    return {"candidates": exam["candidates"], "imported_at": exam.get("imported_at"), "result": result.get_json()}


def put(site, via, exam_id, body, content_type=CSV, encoding=None):
    headers = {**ADMIN, "Content-Type": content_type}
    if encoding:
        headers["Content-Encoding"] = encoding
    client = site.client("gateway" if via == "gateway" else "exams")
    return client.put(f"/api/v1/exams/{exam_id}/results", data=body, headers=headers)


def whole_file():
    return ("\n".join(demo_lines()) + "\n").encode("utf-8")


def truncated_gzip():
    packed = gzip.compress(whole_file())
    return packed[: len(packed) // 2]


def wrong_delimiter():
    return ("\n".join(line.replace(",", ";") for line in demo_lines()) + "\n").encode("utf-8")


def header_only():
    return (demo_lines()[0] + "\n").encode("utf-8")


def zip_that_is_not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "không phải bảng tính")
    return out.getvalue()


REFUSED = {
    # name: (body, content type, content encoding)
    "truncated gzip": (truncated_gzip, CSV, "gzip"),
    "gzip header, not gzip": (whole_file, CSV, "gzip"),
    "header only": (header_only, CSV, None),
    "empty body": (lambda: b"", CSV, None),
    "csv sent as xlsx": (whole_file, XLSX, None),
    "zip that is not a workbook": (zip_that_is_not_a_workbook, XLSX, None),
    "binary noise": (lambda: bytes(range(256)) * 64, CSV, None),
    "not a results header": (lambda: "ho_ten,lop\nNguyễn Văn A,12A1\n".encode(), CSV, None),
}


@pytest.mark.parametrize("via", ["service", "gateway"])
@pytest.mark.parametrize("case", list(REFUSED))
def test_a_refused_file_is_a_clear_400_and_changes_nothing(site, via, case):
    make_body, content_type, encoding = REFUSED[case]
    sbd = known_candidate()
    before = snapshot(site, sbd)
    response = put(site, via, DEMO_EXAM, make_body(), content_type, encoding)
    assert response.status_code == 400, (
        f"{case} via {via}: {response.status_code} {response.get_data(as_text=True)[:300]}"
    )
    message = response.get_json()["error"]["message"]
    assert len(message.strip()) >= 5, f"{case}: the refusal should say why, got {message!r}"
    assert snapshot(site, sbd) == before, f"{case} via {via} changed the results"


@pytest.mark.parametrize("via", ["service", "gateway"])
def test_a_wrong_delimiter_is_refused_or_read_correctly(site, via):
    """A semicolon CSV (what Excel writes in a Vietnamese locale) is either refused as a whole or
    read right; never imported as garbage."""
    sbd = known_candidate()
    before = snapshot(site, sbd)
    response = put(site, via, DEMO_EXAM, wrong_delimiter())
    after = snapshot(site, sbd)
    if response.status_code == 400:
        assert response.get_json()["error"]["message"]
        assert after == before
    else:
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.get_json()["imported"] == before["candidates"]
        assert after["result"] == before["result"] and after["candidates"] == before["candidates"]


def scores_file(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(demo_lines()[0].split(","))
    for sbd, toan, van in rows:
        writer.writerow([sbd, "11", toan, van] + ["-1"] * 11 + ["0"])
    return out.getvalue()


@pytest.mark.parametrize("via", ["service", "gateway"])
def test_decimal_commas_are_read_or_reported_by_line(site, via):
    exam = f"proof-comma-{via}-2025"
    first = put(site, via, exam, scores_file([("99000001", "5", "5"), ("99000002", "6", "6")]).encode())
    assert first.status_code == 200, first.get_data(as_text=True)
    # Line 2: quoted "8,5" (a Vietnamese decimal comma); line 3: unquoted, which splits the row.
    body = scores_file([("99000001", "8,5", "7,25")]) + "99000002,11,8,5,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,0\n"
    response = put(site, via, exam, body.encode())
    assert response.status_code == 200, response.get_data(as_text=True)
    report = response.get_json()
    client = site.client("exams")
    looked_up = client.get(f"/api/v1/exams/{exam}/results/99000001").get_json()
    assert looked_up["scores"]["toan"] == 8.5 and looked_up["scores"]["ngu_van"] == 7.25, looked_up
    assert report["imported"] == 1
    assert [row["line"] for row in report["rejected"]] == [3], report
    assert report["rejected"][0]["reason"], "the rejected line says why"
    # The file replaced the exam's results as a whole: the split row is not half-imported.
    assert client.get(f"/api/v1/exams/{exam}/results/99000002").status_code == 404
