"""Attached files: the type judged from the bytes (whatever the name or Content-Type says), the
refusals (not a document, a zip that is not one, a zip bomb, a damaged file, over the size cap,
empty), the text of PDFs (a scan kept without text, a malformed PDF kept, never a 500), and the
bytes served with Range, ETag, 304, 416, If-Range and the Vietnamese file name."""

import hashlib
from urllib.parse import quote

import pytest

from services.documents import create_app

from .conftest import body_of, create, created, stored_keys
from .files import blank_pdf, docm, docx, odt, ole_file, plain_zip, text_pdf, xlsx, zip_bomb


@pytest.mark.parametrize(
    "data, name, content_type",
    [
        (text_pdf([["Van ban"]]), "a.pdf", "application/pdf"),
        (b"junk before the header\n" + text_pdf([["Van ban"]]), "a.pdf", "application/pdf"),
        (ole_file("WordDocument"), "cong-van.doc", "application/msword"),
        (ole_file("Workbook"), "bang-diem.xls", "application/vnd.ms-excel"),
        (docx(), "a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (xlsx(), "a.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (odt(), "a.odt", "application/vnd.oasis.opendocument.text"),
        # The name lies: the bytes decide, and the name gets the right extension.
        (docx(), "bao-cao.pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_types_sniffed_from_the_bytes(client, data, name, content_type):
    document = created(client, files=[(data, name)])
    file = document["files"][0]
    assert file["content_type"] == content_type
    assert file["name"].rsplit(".", 1)[1] == {
        "application/pdf": "pdf",
        "application/msword": "doc",
        "application/vnd.ms-excel": "xls",
        "application/vnd.oasis.opendocument.text": "odt",
    }.get(content_type, "docx" if "word" in content_type else "xlsx")
    assert body_of(client.get(file["url"])) == data


@pytest.mark.parametrize(
    "data, status, words",
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, 415, "Chỉ nhận tệp PDF"),
        (b"<html><script>alert(1)</script></html>", 415, "Chỉ nhận tệp PDF"),
        (plain_zip(), 415, "không phải văn bản Word"),
        (zip_bomb(), 422, "bom nén"),
        (docm(), 415, "macro"),
        (b"PK\x03\x04 not really a zip", 422, "bị hỏng"),
        (ole_file("Something"), 415, "Chỉ nhận tệp PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, 422, "bị hỏng"),
        (b"", 400, "rỗng"),
    ],
)
def test_refused_files_leave_nothing(app, client, data, status, words):
    response = create(client, files=[(text_pdf([["ok"]]), "ok.pdf"), (data, "tep.docx")])
    assert response.status_code == status, response.json
    assert words in response.json["error"]["message"] and response.json["error"]["field"] == "file"
    assert stored_keys(app) == set()  # the good file sent with it was removed again
    assert client.get("/api/v1/documents").json["total"] == 0


def test_size_cap_from_the_settings(embedded_config):
    client = create_app({**embedded_config, "DOCUMENTS_MAX_FILE_BYTES": 4096}).test_client()
    big = text_pdf([["x" * 80] * 40] * 6)
    assert len(big) > 4096
    response = create(client, files=[(big, "lon.pdf")])
    assert response.status_code == 413 and "4 KB" in response.json["error"]["message"]
    assert create(client, files=[(text_pdf([["nho"]]), "nho.pdf")]).status_code == 201


def test_too_many_files(embedded_config):
    client = create_app({**embedded_config, "DOCUMENTS_MAX_FILES": 2}).test_client()
    response = create(client, files=[(text_pdf([["a"]]), f"{n}.pdf") for n in range(3)])
    assert response.status_code == 400 and "Tối đa 2 tệp" in response.json["error"]["message"]


def test_scanned_and_malformed_pdfs_are_kept_without_text(client):
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + b"\x00\xff" * 500
    document = created(client, files=[(blank_pdf(), "scan.pdf"), (broken, "hong.pdf")])
    assert [(f["content_type"], f["has_text"]) for f in document["files"]] == [("application/pdf", False)] * 2


def test_pdf_text_is_capped(embedded_config):
    client = create_app({**embedded_config, "DOCUMENTS_MAX_TEXT_CHARS": 30}).test_client()
    created(client, files=[(text_pdf([["dau trang van ban", "cuoi trang xa xoi lam"]]), "a.pdf")])
    assert client.get("/api/v1/documents", query_string={"q": "dau trang"}).json["total"] == 1
    assert client.get("/api/v1/documents", query_string={"q": "xa xoi"}).json["total"] == 0


@pytest.fixture
def served(any_client):
    data = text_pdf([["Noi dung van ban"] * 30] * 3)
    document = created(any_client, files=[(data, "Kế hoạch số 142-KH-BGDĐT (bản chính).pdf")])
    return any_client, document["files"][0], data


def test_whole_file_with_validators(served):
    client, file, data = served
    response = client.get(file["url"])
    assert response.status_code == 200 and body_of(response) == data
    etag = f'"{hashlib.sha256(data).hexdigest()}"'
    assert response.headers["ETag"] == etag
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["Last-Modified"]
    # filename* keeps the Vietnamese (RFC 5987); filename is its ASCII stand-in for old clients.
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="ke-hoach-so-142-kh-bgddt-ban-chinh.pdf"; ')
    assert "filename*=UTF-8''" + quote("Kế hoạch số 142-KH-BGDĐT (bản chính).pdf", safe="") in disposition
    assert client.get(file["url"], headers={"If-None-Match": etag}).status_code == 304
    assert client.get(file["url"], headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    head = client.head(file["url"])
    assert head.status_code == 200 and head.headers["Content-Length"] == str(len(data)) and not head.data


def test_ranges(served):
    client, file, data = served
    size = len(data)
    cases = {
        "bytes=0-99": (206, data[:100], f"bytes 0-99/{size}"),
        "bytes=100-": (206, data[100:], f"bytes 100-{size - 1}/{size}"),
        "bytes=-50": (206, data[-50:], f"bytes {size - 50}-{size - 1}/{size}"),
        f"bytes=10-{size * 9}": (206, data[10:], f"bytes 10-{size - 1}/{size}"),
    }
    for header, (status, body, content_range) in cases.items():
        response = client.get(file["url"], headers={"Range": header})
        assert (response.status_code, response.headers["Content-Range"]) == (status, content_range), header
        assert body_of(response) == body
    unsatisfiable = client.get(file["url"], headers={"Range": f"bytes={size}-"})
    assert unsatisfiable.status_code == 416 and unsatisfiable.headers["Content-Range"] == f"bytes */{size}"
    # Not understood, or several ranges: the whole file, as RFC 9110 allows.
    for header in ("bytes=0-1,5-9", "items=0-5", "bytes=abc", "bytes=" + "9" * 5000 + "-"):
        response = client.get(file["url"], headers={"Range": header})
        assert response.status_code == 200 and body_of(response) == data, header[:20]


def test_if_range(served):
    client, file, data = served
    etag = f'"{hashlib.sha256(data).hexdigest()}"'
    same = client.get(file["url"], headers={"Range": "bytes=0-9", "If-Range": etag})
    assert same.status_code == 206 and body_of(same) == data[:10]
    changed = client.get(file["url"], headers={"Range": "bytes=0-9", "If-Range": '"another"'})
    assert changed.status_code == 200 and body_of(changed) == data


def test_client_paths_never_reach_the_name(client):
    document = created(client, files=[(text_pdf([["a"]]), "../../etc/Quyết định.pdf"), (docx(), "Báo cáo")])
    assert [f["name"] for f in document["files"]] == ["Quyết định.pdf", "Báo cáo.docx"]


def test_unknown_files_are_404(client):
    document = created(client)
    for path in (f"/files/{document['id']}/9", "/files/" + "0" * 32 + "/1", f"/files/{document['id']}/x"):
        response = client.get(path)
        assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
