"""Who may write documents (editors and admins, checked against a real accounts service), what
a bad input answers (a clear Vietnamese 400/404/409/415 in the contract's JSON, never a 500), the
content version moving on every successful write only, and the demo content loading once."""

import contextlib

import pytest

from portal_common import staff_tokens
from portal_common.store import get_store
from services import accounts
from services.documents import create_app
from services.documents.demo import DOCUMENTS, load_demo
from tests.conftest import TEST_ADMIN_TOKEN
from tests.support.content_version import assert_the_demo_load_changes_the_version, version
from tests.support.live import serve_app

from .conftest import AUTH, create, created, fields, pdf_part, stored_keys

SIGNING_KEY = "documents-test-signing-key-0123456789-abcdef"
CHEAP_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024, "ARGON2_PARALLELISM": 1}


@pytest.fixture(scope="module")
def staff(tmp_path_factory):
    """The documents service checking tokens with a real accounts service; tokens per role."""
    base = {
        "DATA_DIR": str(tmp_path_factory.mktemp("roles")),
        "ADMIN_TOKEN": TEST_ADMIN_TOKEN,
        "AUTH_SIGNING_KEY": SIGNING_KEY,
        "TESTING": True,
    }
    accounts_app = accounts.create_app({**base, **CHEAP_ARGON2})
    with contextlib.ExitStack() as stack:
        accounts_url = stack.enter_context(serve_app(accounts_app))
        app = create_app({**base, "ACCOUNTS_URL": accounts_url})
        tokens = {}
        for role in ("contributor", "editor", "approver", "admin"):
            body = {"username": role, "password": "Van-ban-so-142-KH", "display_name": role, "roles": [role]}
            assert accounts_app.test_client().post("/api/v1/users", json=body, headers=AUTH).status_code == 201
            with accounts_app.app_context():
                user = get_store().get_user(role)
            tokens[role] = {"Authorization": "Bearer " + staff_tokens.issue(SIGNING_KEY, user, 8)[0]}
        yield app, tokens


def test_editors_and_admins_write_others_are_refused(staff):
    app, tokens = staff
    client = app.test_client()
    form = {**fields(number="7/QĐ-SGDĐT"), "file": [pdf_part()]}
    assert client.post("/api/v1/documents", data=form, content_type="multipart/form-data").status_code == 401
    for role in ("contributor", "approver"):
        form = {**fields(number="7/QĐ-SGDĐT"), "file": [pdf_part()]}
        response = client.post("/api/v1/documents", data=form, headers=tokens[role], content_type="multipart/form-data")
        assert response.status_code == 403, role
    form = {**fields(number="7/QĐ-SGDĐT"), "file": [pdf_part()]}
    response = client.post("/api/v1/documents", data=form, headers=tokens["editor"], content_type="multipart/form-data")
    assert response.status_code == 201, response.json
    path = f"/api/v1/documents/{response.json['id']}"
    assert client.patch(path, json={"summary": "Sửa"}, headers=tokens["contributor"]).status_code == 403
    assert client.patch(path, json={"summary": "Sửa"}, headers=tokens["admin"]).status_code == 200
    assert client.delete(path).status_code == 401
    assert client.delete(path, headers=tokens["editor"]).status_code == 204


@pytest.mark.parametrize(
    "overrides, field, words",
    [
        ({"number": None}, "number", "Thiếu số ký hiệu"),
        ({"number": "//--"}, "number", "chữ hoặc số"),
        ({"summary": None}, "summary", "Thiếu trích yếu"),
        ({"issued_on": "26/02/2019"}, "issued_on", "YYYY-MM-DD"),
        ({"issued_on": "2019-02-30"}, "issued_on", "ngày có thật"),
        ({"effective_on": "2019-01-01"}, "effective_on", "trước ngày ban hành"),
        ({"expires_on": "2019-01-01"}, "expires_on", "trước ngày có hiệu lực"),
        ({"type": "x" * 101}, "type", "tối đa 100"),
        ({"related": "khong-phai-ma"}, "related", "không hợp lệ"),
        ({"replaces": "0" * 32}, "replaces", "Không tìm thấy văn bản"),
        ({"summary": "\x00\x01\x0b"}, "summary", "Thiếu trích yếu"),  # control characters only
    ],
)
def test_bad_fields_are_400_naming_the_field(app, client, overrides, field, words):
    response = create(client, **overrides)
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == field
    assert words is None or words in response.json["error"]["message"]
    assert stored_keys(app) == set()


def test_other_refusals(client):
    assert create(client, files=[]).status_code == 400  # no file
    response = client.post("/api/v1/documents", json=fields(), headers=AUTH)
    assert response.status_code == 415 and "multipart" in response.json["error"]["message"]
    document = created(client)
    path = f"/api/v1/documents/{document['id']}"
    for body, field in (({"colour": "đỏ"}, "colour"), ({"issued_on": 2019}, "issued_on"), ({"number": ""}, "number")):
        response = client.patch(path, json=body, headers=AUTH)
        assert response.status_code == 400 and response.json["error"]["field"] == field, body
    assert client.patch(path, data="[", headers={**AUTH, "Content-Type": "application/json"}).status_code == 400
    assert client.patch(path, json={"replaces": [document["id"]]}, headers=AUTH).status_code == 400
    missing = "/api/v1/documents/" + "0" * 32
    assert client.get(missing).status_code == 404
    assert client.patch(missing, json={"summary": "x"}, headers=AUTH).status_code == 404
    assert client.delete(missing, headers=AUTH).status_code == 404
    assert client.post(missing + "/files", data={"file": [pdf_part()]}, headers=AUTH).status_code == 404


@pytest.mark.parametrize(
    "args, field",
    [
        ({"year": "19"}, "year"),
        ({"year": "２０１９"}, "year"),
        ({"status": "active"}, "status"),
        ({"page": "0"}, "page"),
        ({"per_page": "101"}, "per_page"),
        ({"q": "x" * 201}, "q"),
        ({"type": "x" * 201}, "type"),
    ],
)
def test_bad_list_arguments_are_400(client, args, field):
    response = client.get("/api/v1/documents", query_string=args)
    assert response.status_code == 400 and response.json["error"]["field"] == field


def test_each_successful_write_moves_the_content_version(client):
    seen = [version(client)]
    document = created(client)
    seen.append(version(client))
    path = f"/api/v1/documents/{document['id']}"
    assert client.patch(path, json={"summary": "Trích yếu mới"}, headers=AUTH).status_code == 200
    seen.append(version(client))
    assert client.post(path + "/files", data={"file": [pdf_part()]}, headers=AUTH).status_code == 201
    seen.append(version(client))
    assert client.delete(path + "/files/1", headers=AUTH).status_code == 200
    seen.append(version(client))
    before_refusals = version(client)
    assert client.patch(path, json={"number": ""}, headers=AUTH).status_code == 400
    assert client.delete(path + "/files/2", headers=AUTH).status_code == 409
    assert client.get(path).status_code == 200
    assert version(client) == before_refusals
    assert client.delete(path, headers=AUTH).status_code == 204
    seen.append(version(client))
    assert len(set(seen)) == 6


def test_demo_loads_once_and_cites_142(app, client, runner):
    with app.app_context():
        first = load_demo(app)
        second = load_demo(app)
    assert f"{len(DOCUMENTS)} văn bản mới" in first and "0 văn bản mới" in second
    listed = client.get("/api/v1/documents", query_string={"per_page": 100}).json
    assert listed["total"] == len(DOCUMENTS)
    found = client.get("/api/v1/documents", query_string={"q": "142 KH BGDDT"}).json["items"]
    assert found[0]["number"] == "142/KH-BGDĐT" and found[0]["files"][0]["content_type"] == "application/pdf"
    assert {item["status"] for item in listed["items"]} == {"in_force", "not_yet", "expired"}
    old = client.get("/api/v1/documents", query_string={"q": "1024/QĐ-SGDĐT"}).json["items"][0]
    assert client.get(f"/api/v1/documents/{old['id']}").json["replaced_by"][0]["number"] == "2050/QĐ-SGDĐT"
    # The PDFs' text is searchable: the signer's name is only in the file and the field.
    assert client.get("/api/v1/documents", query_string={"q": "du lieu trinh dien"}).json["total"] == len(DOCUMENTS)
    assert_the_demo_load_changes_the_version(runner, client)
