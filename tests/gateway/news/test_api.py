"""The public JSON for news, exactly the contract's shapes, and writes through the gateway."""

import pytest

from gateway.api import spec
from portal_common.openapi import flask_path_to_openapi

from .conftest import ADMIN, SEED

BASE = "https://sgddt.example.vn"
SUMMARY = {"slug", "title", "category", "published_at", "summary", "url"}
DETAIL = SUMMARY | {"author", "body_html", "print_url", "related"}


def test_categories_are_slug_and_name(client):
    items = client.get("/api/v1/categories").json["items"]
    assert items[0] == {"slug": "van-phong", "name": "Văn phòng"} and len(items) == 10
    assert all(set(item) == {"slug", "name"} for item in items)


def test_list_shape_and_absolute_urls(client):
    body = client.get("/api/v1/articles?category=van-phong&page=2&per_page=5").json
    assert set(body) == {"items", "page", "per_page", "total", "pages"}
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (2, 5, 61, 13)
    for item in body["items"]:
        assert set(item) == SUMMARY
        assert item["url"] == f"{BASE}/bai-viet/{item['slug']}" and item["published_at"].endswith("+07:00")


def test_search_without_diacritics_through_the_gateway(client):
    found = client.get("/api/v1/articles?q=TRUYEN+THONG+giao+duc+dao+tao").json["items"]
    assert found[0]["slug"] == SEED


@pytest.mark.parametrize("query, status", [("per_page=101", 400), ("page=0", 400), ("category=khong-co", 404)])
def test_list_errors_are_json(client, query, status):
    response = client.get(f"/api/v1/articles?{query}")
    assert response.status_code == status and response.mimetype == "application/json" and "error" in response.json


def test_detail_shape(client):
    body = client.get(f"/api/v1/articles/{SEED}").json
    assert set(body) == DETAIL
    assert body["author"] == "T.T.T" and body["print_url"] == f"{BASE}/bai-viet/{SEED}/in"
    assert body["published_at"] == "2019-02-26T08:00:00+07:00" and "ừong" in body["body_html"]
    assert len(body["related"]) == 10 and all(set(item) == SUMMARY for item in body["related"])
    assert all(
        item["category"] == "van-phong" and item["published_at"] < body["published_at"] for item in body["related"]
    )


def test_related_and_missing(client):
    body = client.get(f"/api/v1/articles/{SEED}/related?page=6").json
    assert body["page"] == 6 and body["total"] == 60 and len(body["items"]) == 10
    assert client.get("/api/v1/articles/khong-co").status_code == 404
    assert client.get("/api/v1/articles/khong-co/related").json["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "method, path",
    [("post", "/api/v1/articles"), ("patch", f"/api/v1/articles/{SEED}"), ("delete", f"/api/v1/articles/{SEED}")],
)
def test_writes_are_refused_at_the_gateway_without_the_token(tmp_path, dead_backends, method, path):
    from .conftest import gateway_for

    # The articles service is down: a 401 proves the gateway refused before calling it (a 503 would
    # say it tried). No token and a wrong one are both 401, with the challenge.
    client = gateway_for(tmp_path, dead_backends, dead_backends["ARTICLES_URL"]).test_client()
    call = getattr(client, method)
    for headers in ({}, {"Authorization": "Bearer sai"}, {"Authorization": "Bearer a.b.c"}):
        response = call(path, json={"title": "x"}, headers=headers)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"


def test_create_publish_edit_delete_through_the_gateway(fresh_client):
    created = fresh_client.post(
        "/api/v1/articles",
        json={
            "title": "Đào tạo giáo viên",
            "category": "giao-duc-mam-non",
            "body_html": "<p>Nội dung</p>",
            "status": "draft",
            "author": "N.V.H",
        },
        headers=ADMIN,
    )
    assert created.status_code == 201 and created.headers["Location"] == "/api/v1/articles/dao-tao-giao-vien"
    body = created.json
    assert body["url"] == f"{BASE}/bai-viet/dao-tao-giao-vien" and body["status"] == "draft"
    assert fresh_client.get("/api/v1/articles/dao-tao-giao-vien").status_code == 404
    published = fresh_client.patch(
        "/api/v1/articles/dao-tao-giao-vien",
        json={"status": "published", "title": "Đào tạo giáo viên mầm non"},
        headers=ADMIN,
    )
    assert published.status_code == 200 and published.json["slug"] == "dao-tao-giao-vien"
    assert fresh_client.get("/api/v1/articles?q=dao+tao").json["items"][0]["title"] == "Đào tạo giáo viên mầm non"
    deleted = fresh_client.delete("/api/v1/articles/dao-tao-giao-vien", headers=ADMIN)
    assert deleted.status_code == 204 and deleted.data == b""
    assert fresh_client.get("/api/v1/articles/dao-tao-giao-vien").status_code == 404


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"title": "x", "body_html": "<p>x</p>"}, 400, "category"),
        ({"title": "x", "category": "khong-co", "body_html": "<p>x</p>"}, 422, "category"),
        ({"title": "x", "category": "van-phong", "body_html": "<p>x</p>", "status": "an"}, 422, "status"),
    ],
)
def test_bad_writes_name_the_field(fresh_client, body, status, field):
    response = fresh_client.post("/api/v1/articles", json=body, headers=ADMIN)
    assert response.status_code == status and response.json["error"]["field"] == field
    assert fresh_client.get("/api/v1/articles").json["total"] == 0


def test_non_json_write_is_400(fresh_client):
    response = fresh_client.post(
        "/api/v1/articles", data="title=x", headers={**ADMIN, "Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 400 and response.mimetype == "application/json"


def test_openapi_describes_every_news_route(app):
    document = spec()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("news_api."):
            path = flask_path_to_openapi(rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert method.lower() in document["paths"].get(path, {}), (method, path)


def test_openapi_schemas_match_the_answers(client):
    schemas = spec()["components"]["schemas"]
    assert set(schemas["ArticleSummary"]["required"]) == SUMMARY
    assert set(schemas["ArticleDetail"]["required"]) == DETAIL
    assert set(schemas["NewsCategory"]["required"]) == {"slug", "name"}
