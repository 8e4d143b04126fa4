"""The desk's "Văn bản" against real services (accounts, documents) on loopback ports: editors
and admins see it in the menu and use it, others do not; a document is created with its files
(the upload the desk's script sends, with the CSRF header), edited with a replaced document
named by its số ký hiệu, given a file and relieved of one, and deleted — each write in the
documents service made with the member's own token."""

import io

import pytest

from gateway import create_app
from services import accounts
from services.documents import create_app as create_documents
from services.documents.demo_pdf import text_pdf
from tests.conftest import TEST_ADMIN_TOKEN
from tests.gateway.desk.conftest import CHEAP_ARGON2, MACHINE, PASSWORD, SIGNING_KEY, STAFF, csrf_of, meta_csrf_of
from tests.gateway.desk.conftest import sign_in as desk_sign_in
from tests.support.live import serve_app
from tools.processes import free_port


@pytest.fixture
def desk(tmp_path):
    """(gateway app, documents app): both checking tokens with one real accounts service."""
    base = {"ADMIN_TOKEN": TEST_ADMIN_TOKEN, "AUTH_SIGNING_KEY": SIGNING_KEY, "TESTING": True}
    accounts_app = accounts.create_app({**base, "DATA_DIR": str(tmp_path / "accounts"), **CHEAP_ARGON2})
    client = accounts_app.test_client()
    for username, (display_name, roles) in STAFF.items():
        body = {"username": username, "password": PASSWORD, "display_name": display_name, "roles": roles}
        assert client.post("/api/v1/users", json=body, headers=MACHINE).status_code == 201
    with serve_app(accounts_app) as accounts_url:
        documents_app = create_documents(
            {**base, "DATA_DIR": str(tmp_path / "documents"), "ACCOUNTS_URL": accounts_url}
        )
        with serve_app(documents_app) as documents_url:
            dead = {f"{name}_URL": f"http://127.0.0.1:{free_port()}" for name in ("ARTICLES", "MEDIA", "EXAMS")}
            gateway = create_app(
                {
                    **base,
                    "DATA_DIR": str(tmp_path / "gw"),
                    **dead,
                    "ACCOUNTS_URL": accounts_url,
                    "DOCUMENTS_URL": documents_url,
                }
            )
            gateway.extensions["test_accounts_app"] = accounts_app
            yield gateway, documents_app


def _signed_in(gateway, username):
    client = gateway.test_client()
    assert desk_sign_in(client, username).status_code == 302
    return client


def _upload(client, path, page, fields=None, files=()):
    """What static/desk/media.js sends: the form's fields and files, the CSRF header, JSON wanted."""
    data = {**(fields or {}), "file": [(io.BytesIO(content), name) for content, name in files]}
    headers = {"X-CSRFToken": meta_csrf_of(page), "Accept": "application/json"}
    return client.post(path, data=data, headers=headers, content_type="multipart/form-data")


FIELDS = {
    "number": "1024/QĐ-SGDĐT",
    "type": "Quyết định",
    "issuer": "Sở Giáo dục và Đào tạo",
    "signer": "Trần Thị Hồng",
    "issued_on": "2024-03-15",
    "effective_on": "",
    "expires_on": "",
    "field": "Tuyển sinh",
    "summary": "Quyết định ban hành Kế hoạch tuyển sinh vào lớp 10 năm học 2024-2025",
}


def test_only_editors_and_admins_have_it(desk):
    gateway, _ = desk
    for username in ("bien-tap", "quan-tri"):
        page = _signed_in(gateway, username).get("/quan-tri/van-ban")
        assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"
        assert 'href="/quan-tri/van-ban"' in page.get_data(as_text=True)
    for username in ("cong-tac", "khao-thi"):
        client = _signed_in(gateway, username)
        assert client.get("/quan-tri/van-ban").status_code == 403
        assert 'href="/quan-tri/van-ban"' not in client.get("/quan-tri/").get_data(as_text=True)
    assert gateway.test_client().get("/quan-tri/van-ban").status_code == 302  # to the sign-in page


def test_create_edit_files_and_delete(desk):
    gateway, documents_app = desk
    client = _signed_in(gateway, "bien-tap")
    page = client.get("/quan-tri/van-ban")
    assert 'data-upload-url="/quan-tri/van-ban"' in page.get_data(as_text=True)
    pdf = text_pdf([["Ke hoach tuyen sinh lop 10"]])
    created = _upload(client, "/quan-tri/van-ban", page, FIELDS, [(pdf, "QĐ 1024.pdf"), (pdf, "Phụ lục.pdf")])
    assert created.status_code == 201, created.json
    document_id = created.json["id"]
    refused = _upload(client, "/quan-tri/van-ban", page, {**FIELDS, "number": "1/QĐ"}, [(b"GIF89a...", "anh.pdf")])
    assert refused.status_code == 415 and "Chỉ nhận tệp PDF" in refused.json["error"]["message"]
    no_csrf = client.post("/quan-tri/van-ban", data={**FIELDS, "file": [(io.BytesIO(pdf), "x.pdf")]})
    assert no_csrf.status_code == 400

    listed = client.get("/quan-tri/van-ban?q=1024+QD").get_data(as_text=True)
    assert "1024/QĐ-SGDĐT" in listed and f"/quan-tri/van-ban/{document_id}" in listed
    # Its replacement, then the replaced one named by its number in the form.
    newer = _upload(
        client,
        "/quan-tri/van-ban",
        page,
        {**FIELDS, "number": "2050/QĐ-SGDĐT", "issued_on": "2025-03-01"},
        [(pdf, "a.pdf")],
    ).json
    edit_page = client.get(f"/quan-tri/van-ban/{newer['id']}")
    form = {**FIELDS, "number": "2050/QĐ-SGDĐT", "issued_on": "2025-03-01", "effective_on": "2025-03-15"}
    form.update(replaces="1024 QD SGDDT", related="", csrf_token=csrf_of(edit_page))
    saved = client.post(f"/quan-tri/van-ban/{newer['id']}/sua", data=form, follow_redirects=True)
    assert "Đã lưu văn bản." in saved.get_data(as_text=True)
    with documents_app.test_client() as service:
        old = service.get(f"/api/v1/documents/{document_id}").json
        assert old["status"] == "expired" and [d["number"] for d in old["replaced_by"]] == ["2050/QĐ-SGDĐT"]
    form.update(replaces="999/KHONG-CO")
    missing = client.post(f"/quan-tri/van-ban/{newer['id']}/sua", data=form, follow_redirects=True)
    assert "không tìm thấy văn bản số “999/KHONG-CO”" in missing.get_data(as_text=True)

    page = client.get(f"/quan-tri/van-ban/{document_id}")
    text = page.get_data(as_text=True)
    assert "QĐ 1024.pdf" in text and "Phụ lục.pdf" in text and "KB" in text
    added = _upload(client, f"/quan-tri/van-ban/{document_id}/tep", page, files=[(pdf, "Bổ sung.pdf")])
    assert added.status_code == 201 and len(added.json["files"]) == 3
    removed = client.post(
        f"/quan-tri/van-ban/{document_id}/tep/1/xoa", data={"csrf_token": csrf_of(page)}, follow_redirects=True
    )
    assert "Đã xóa tệp." in removed.get_data(as_text=True)
    with documents_app.test_client() as service:
        names = [f["name"] for f in service.get(f"/api/v1/documents/{document_id}").json["files"]]
        assert names == ["Phụ lục.pdf", "Bổ sung.pdf"]
    deleted = client.post(
        f"/quan-tri/van-ban/{document_id}/xoa", data={"csrf_token": csrf_of(page)}, follow_redirects=True
    )
    assert "Đã xóa văn bản" in deleted.get_data(as_text=True)
    assert documents_app.test_client().get(f"/api/v1/documents/{document_id}").status_code == 404
    assert client.get(f"/quan-tri/van-ban/{document_id}").status_code == 404
    # The documents service recorded each write as the member's, not the gateway's.
    audit = (
        gateway.extensions["test_accounts_app"]
        .test_client()
        .get("/api/v1/audit", query_string={"user": "bien-tap", "per_page": 100}, headers=MACHINE)
    )
    actions = [entry["action"] for entry in audit.json["items"]]
    assert actions.count("documents_api.create_document") == 2
    assert {"documents_api.update_document", "documents_api.add_files", "documents_api.delete_file"} <= set(actions)
    assert "documents_api.delete_document" in actions
