"""The article workflow through the gateway, against a real articles service that checks staff
tokens with a real accounts service: the steps and revisions passed on, Authorization and
If-Match passed on, ETag and the service's refusals passed back, the public's shapes untouched
and staff reads never for a shared cache; and every write refused at the gateway itself without a
valid token."""

import pytest

from gateway.api import spec

from .conftest import ADMIN

BASE = "https://sgddt.example.vn"
SUMMARY = {"slug", "title", "category", "published_at", "summary", "url"}
DETAIL = SUMMARY | {"author", "body_html", "print_url", "related"}
EDITORIAL = {"status", "cover", "created_at", "updated_at", "version", "owner", "review", "pending_revision"}
WRITTEN = SUMMARY | {"author", "body_html", "print_url"} | EDITORIAL
ITEM = {"id", "at", "user", "title"}
BODY = {"title": "Hội thao ngành giáo dục", "category": "van-phong", "body_html": "<p>Nội dung</p>"}
WRITE_ROUTES = [
    ("post", "/api/v1/articles"),
    ("patch", "/api/v1/articles/bai"),
    ("delete", "/api/v1/articles/bai"),
    ("post", "/api/v1/articles/bai/submit"),
    ("post", "/api/v1/articles/bai/approve"),
    ("post", "/api/v1/articles/bai/reject"),
    ("post", "/api/v1/articles/bai/unpublish"),
    ("post", "/api/v1/articles/bai/revisions/1/restore"),
    ("get", "/api/v1/articles/bai/revisions"),
    ("get", "/api/v1/articles/bai/revisions/1"),
]


def test_the_workflow_through_the_gateway(staff_client, staff):
    client = staff_client
    contributor, approver = staff.headers("contributor"), staff.headers("approver")
    created = client.post("/api/v1/articles", json=BODY, headers=contributor)
    assert created.status_code == 201 and created.headers["ETag"] == '"1"'
    body = created.get_json()
    assert set(body) == WRITTEN and (body["status"], body["owner"], body["version"]) == ("draft", "ctv", 1)
    assert body["url"] == f"{BASE}/bai-viet/{body['slug']}"
    slug = body["slug"]

    assert client.get(f"/api/v1/articles/{slug}").status_code == 404
    submitted = client.post(f"/api/v1/articles/{slug}/submit", headers=contributor)
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "pending"
    returned = client.post(f"/api/v1/articles/{slug}/reject", json={"comment": "Thêm ảnh."}, headers=approver)
    assert returned.get_json()["review"]["comment"] == "Thêm ảnh." and returned.get_json()["status"] == "draft"
    assert client.post(f"/api/v1/articles/{slug}/submit", headers=contributor).status_code == 200
    approved = client.post(f"/api/v1/articles/{slug}/approve", headers=approver)
    assert approved.status_code == 200 and approved.headers["ETag"] == '"5"'
    assert approved.get_json()["status"] == "published" and set(approved.get_json()) == WRITTEN

    # The public's detail is the contract's, exactly, with the gateway's own validator.
    public = client.get(f"/api/v1/articles/{slug}")
    assert public.status_code == 200 and set(public.get_json()) == DETAIL
    assert public.headers["ETag"] != '"5"' and "public" in public.headers["Cache-Control"]
    # Staff see the editorial fields, in an answer no shared cache keeps.
    private = client.get(f"/api/v1/articles/{slug}", headers=staff.headers("editor"))
    assert set(private.get_json()) == DETAIL | EDITORIAL and private.headers["ETag"] == '"5"'
    assert private.headers["Cache-Control"] == "private, no-store"
    related = client.get(f"/api/v1/articles/{slug}/related", headers=staff.headers("editor"))
    assert related.status_code == 200 and related.headers["Cache-Control"] == "private, no-store"

    # An editor's change of the published article waits; readers keep the published version.
    edited = client.patch(
        f"/api/v1/articles/{slug}",
        json={"title": "Hội thao 2026"},
        headers={**staff.headers("editor"), "If-Match": '"5"'},
    )
    assert edited.status_code == 200 and edited.get_json()["pending_revision"]["id"] == 6
    assert client.get(f"/api/v1/articles/{slug}").get_json()["title"] == "Hội thao ngành giáo dục"
    assert client.post(f"/api/v1/articles/{slug}/approve", headers=approver).get_json()["title"] == "Hội thao 2026"
    assert client.post(f"/api/v1/articles/{slug}/unpublish", headers=approver).get_json()["status"] == "draft"


def test_if_match_reaches_the_service_and_its_412_comes_back(staff_client, staff):
    client = staff_client
    editor = staff.headers("editor")
    slug = client.post("/api/v1/articles", json=BODY, headers=editor).get_json()["slug"]
    first = client.patch(f"/api/v1/articles/{slug}", json={"title": "Một"}, headers={**editor, "If-Match": '"1"'})
    assert first.status_code == 200 and first.headers["ETag"] == '"2"'
    stale = client.patch(f"/api/v1/articles/{slug}", json={"title": "Hai"}, headers={**editor, "If-Match": '"1"'})
    assert stale.status_code == 412 and stale.headers["ETag"] == '"2"'
    error = stale.get_json()["error"]
    assert (error["your_version"], error["current_version"], error["saved_by"]) == (1, 2, "bien.tap")
    assert "phiên bản hiện tại là 2" in error["message"]
    missing = client.patch(f"/api/v1/articles/{slug}", json={"title": "Ba"}, headers=editor)
    assert missing.status_code == 428 and missing.get_json()["error"]["code"] == "precondition_required"
    stale_delete = client.delete(f"/api/v1/articles/{slug}", headers={**editor, "If-Match": '"1"'})
    assert stale_delete.status_code == 412
    assert client.delete(f"/api/v1/articles/{slug}", headers={**editor, "If-Match": '"2"'}).status_code == 204


def test_revisions_and_restore_through_the_gateway(staff_client, staff):
    client = staff_client
    approver = staff.headers("approver")
    slug = client.post("/api/v1/articles", json=BODY, headers=approver).get_json()["slug"]
    client.patch(f"/api/v1/articles/{slug}", json={"title": "Sai"}, headers={**approver, "If-Match": '"1"'})
    listed = client.get(f"/api/v1/articles/{slug}/revisions?per_page=1", headers=approver)
    assert listed.status_code == 200 and listed.headers["Cache-Control"] == "private, no-store"
    body = listed.get_json()
    assert set(body) == {"items", "page", "per_page", "total", "pages"} and body["total"] == 2
    assert [set(item) for item in body["items"]] == [ITEM] and body["items"][0]["user"] == "lanh.dao"
    first = client.get(f"/api/v1/articles/{slug}/revisions/1", headers=approver)
    assert first.status_code == 200 and first.get_json()["title"] == BODY["title"]
    assert first.headers["Cache-Control"] == "private, no-store"
    restored = client.post(f"/api/v1/articles/{slug}/revisions/1/restore", headers={**approver, "If-Match": '"2"'})
    assert restored.status_code == 200 and restored.get_json()["title"] == BODY["title"]
    assert restored.headers["ETag"] == '"3"' and set(restored.get_json()) == WRITTEN
    assert client.get(f"/api/v1/articles/{slug}/revisions/9", headers=approver).status_code == 404
    # The service's refusals pass back: a contributor's look at another's history, a role's limit.
    assert client.get(f"/api/v1/articles/{slug}/revisions", headers=staff.headers("contributor")).status_code == 403
    assert client.post(f"/api/v1/articles/{slug}/unpublish", headers=staff.headers("editor")).status_code == 403


@pytest.mark.parametrize("method, path", WRITE_ROUTES)
def test_the_gateway_refuses_without_a_valid_token_before_calling_the_service(tmp_path, dead_backends, method, path):
    from .conftest import gateway_for

    # The articles service is down: a 401 proves the gateway refused by itself (a 503, that it tried).
    client = gateway_for(tmp_path, dead_backends, dead_backends["ARTICLES_URL"]).test_client()
    for headers in ({}, {"Authorization": "Bearer sai"}, {"Authorization": "Bearer a.b.c"}):
        response = getattr(client, method)(path, json={"comment": "x"}, headers=headers)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer", (headers, path)
    # With a good one it tries, and says the service is down.
    assert getattr(client, method)(path, json={}, headers=ADMIN).status_code == 503


def test_openapi_schemas_match_the_staff_answers(staff_client, staff):
    schemas = spec()["components"]["schemas"]
    assert set(schemas["ArticleWritten"]["required"]) == WRITTEN
    assert set(schemas["ArticleDetail"]["required"]) == DETAIL
    assert set(schemas["ArticleDetail"]["properties"]) == DETAIL | EDITORIAL
    assert set(schemas["ArticleRevisionItem"]["required"]) == ITEM
    assert schemas["ArticleInput"]["properties"]["status"]["enum"] == ["draft", "pending", "published"]
    editor = staff.headers("editor")
    slug = staff_client.post("/api/v1/articles", json=BODY, headers=editor).get_json()["slug"]
    revision = staff_client.get(f"/api/v1/articles/{slug}/revisions/1", headers=editor).get_json()
    assert set(schemas["ArticleRevision"]["required"]) == set(revision)
