"""/api/v1/documents through the gateway, in the contract's shapes exactly (absolute URLs from
PUBLIC_BASE_URL; files through the gateway with Range, ETag, 304 and the Vietnamese name), the
search and filters passed on, writes streamed through and visible at once."""

import hashlib
import io
from urllib.parse import quote

from services.documents.demo_pdf import text_pdf

from .conftest import ADMIN, BASE, body_of, gateway_for, local

LIST_ITEM = {
    "id",
    "number",
    "type",
    "issuer",
    "signer",
    "issued_on",
    "effective_on",
    "expires_on",
    "field",
    "summary",
    "status",
    "files",
    "url",
}


def _search(client, **args):
    response = client.get("/api/v1/documents", query_string=args)
    assert response.status_code == 200, response.json
    return response.json


def test_list_in_the_contract_shape(client):
    body = _search(client)
    assert set(body) == {"items", "page", "per_page", "total", "pages"}
    assert body["total"] == 7 and body["per_page"] == 20
    item = body["items"][0]
    assert set(item) == LIST_ITEM
    assert item["url"] == f"{BASE}/van-ban/{item['id']}"
    assert set(item["files"][0]) == {"name", "url", "size", "content_type"}
    assert item["files"][0]["url"] == f"{BASE}/van-ban/{item['id']}/tep/1"
    issued = [document["issued_on"] for document in body["items"]]
    assert issued == sorted(issued, reverse=True)
    assert client.get("/api/v1/documents").headers["Cache-Control"] == "public, max-age=60"


def test_search_and_filters_pass_through(client):
    assert [d["number"] for d in _search(client, q="142 KH BGDDT")["items"]] == ["142/KH-BGDĐT"]
    assert [d["number"] for d in _search(client, q="142/kh-bgdđt")["items"]] == ["142/KH-BGDĐT"]
    assert {d["number"] for d in _search(client, q="tuyen sinh lop 10")["items"]} == {"1024/QĐ-SGDĐT", "2050/QĐ-SGDĐT"}
    assert [d["number"] for d in _search(client, type="Thông tư")["items"]] == ["29/2024/TT-BGDĐT"]
    assert [d["status"] for d in _search(client, status="expired")["items"]] == ["expired"] * 3
    facets = client.get("/api/v1/documents/facets").json
    assert "Kế hoạch" in facets["types"] and 2019 in facets["years"]
    refused = client.get("/api/v1/documents", query_string={"status": "còn hiệu lực"})
    assert refused.status_code == 400 and refused.json["error"]["field"] == "status"


def test_detail_links_and_file_bytes(client):
    replaced = _search(client, q="1024/QĐ-SGDĐT")["items"][0]
    detail = client.get(local(replaced["url"]).replace("/van-ban/", "/api/v1/documents/")).json
    assert detail["status"] == "expired"
    replacing = detail["replaced_by"][0]
    assert replacing["number"] == "2050/QĐ-SGDĐT" and replacing["url"].startswith(BASE + "/van-ban/")
    file = detail["files"][0]
    whole = client.get(local(file["url"]))
    data = body_of(whole)
    assert whole.status_code == 200 and len(data) == file["size"] and data.startswith(b"%PDF-")
    assert whole.headers["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    assert "filename*=UTF-8''" + quote(file["name"], safe="") in whole.headers["Content-Disposition"]
    part = client.get(local(file["url"]), headers={"Range": "bytes=0-7"})
    assert (
        part.status_code == 206
        and body_of(part) == data[:8]
        and part.headers["Content-Range"].endswith(f"/{len(data)}")
    )
    assert client.get(local(file["url"]), headers={"If-None-Match": whole.headers["ETag"]}).status_code == 304
    assert client.get(local(file["url"]), headers={"Range": f"bytes={len(data)}-"}).status_code == 416
    assert client.get(local(file["url"]).replace("/tep/1", "/tep/9")).status_code == 404
    assert client.get("/van-ban/khong-co/tep/1").status_code == 404
    assert client.get("/api/v1/documents/" + "0" * 32).status_code == 404


def test_writes_through_the_gateway_are_seen_at_once(tmp_path, fresh_documents):
    client = gateway_for(tmp_path, fresh_documents).test_client()
    assert _search(client)["total"] == 0  # now in the answer cache
    form = {
        "number": "12/KH-SGDĐT",
        "type": "Kế hoạch",
        "issuer": "Sở Giáo dục và Đào tạo",
        "issued_on": "2025-09-05",
        "summary": "Kế hoạch tổ chức khai giảng năm học mới",
        "file": [(io.BytesIO(text_pdf([["Khai giang nam hoc moi"]])), "Kế hoạch khai giảng.pdf")],
    }
    assert client.post("/api/v1/documents", data=form, content_type="multipart/form-data").status_code == 401
    form["file"] = [(io.BytesIO(text_pdf([["Khai giang nam hoc moi"]])), "Kế hoạch khai giảng.pdf")]
    created = client.post("/api/v1/documents", data=form, headers=ADMIN, content_type="multipart/form-data")
    assert created.status_code == 201, created.json
    assert created.json["url"] == f"{BASE}/van-ban/{created.json['id']}"
    assert [d["number"] for d in _search(client)["items"]] == ["12/KH-SGDĐT"]
    path = f"/api/v1/documents/{created.json['id']}"
    changed = client.patch(path, json={"field": "Giáo dục mầm non"}, headers=ADMIN)
    assert changed.status_code == 200 and changed.json["field"] == "Giáo dục mầm non"
    assert _search(client, field="Giáo dục mầm non")["total"] == 1
    added = client.post(
        path + "/files",
        data={"file": [(io.BytesIO(text_pdf([["Phu luc"]])), "Phụ lục.pdf")]},
        headers=ADMIN,
        content_type="multipart/form-data",
    )
    assert added.status_code == 201 and [f["name"] for f in added.json["files"]] == [
        "Kế hoạch khai giảng.pdf",
        "Phụ lục.pdf",
    ]
    assert client.delete(path + "/files/1", headers=ADMIN).json["files"][0]["name"] == "Phụ lục.pdf"
    refused = client.post(
        path + "/files",
        data={"file": [(io.BytesIO(b"MZ\x90\x00"), "virus.pdf")]},
        headers=ADMIN,
        content_type="multipart/form-data",
    )
    assert refused.status_code == 415 and refused.json["error"]["field"] == "file"
    assert client.delete(path, headers=ADMIN).status_code == 204
    assert _search(client)["total"] == 0
    assert client.get(path).status_code == 404
