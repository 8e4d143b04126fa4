"""The service's HTTP API: every endpoint, its success and its refusals."""

import pytest

from .conftest import ADMIN, article

LIST_KEYS = {"items", "page", "per_page", "total", "pages"}
SUMMARY_KEYS = {"slug", "title", "category", "published_at", "summary", "cover"}


def test_categories(client):
    body = client.get("/api/v1/categories").json
    assert body["items"][0] == {"slug": "van-phong", "name": "Văn phòng", "order": 1}


def test_create_returns_201_the_article_and_its_location(client):
    response = client.post(
        "/api/v1/articles",
        json=article(
            title="Kế hoạch năm 2019", author="T.T.T", published_at="2019-02-26T08:00:00+07:00", summary="Tóm tắt"
        ),
        headers=ADMIN,
    )
    assert response.status_code == 201
    body = response.json
    assert body["slug"] == "ke-hoach-nam-2019" and body["published_at"] == "2019-02-26T08:00:00+07:00"
    assert body["author"] == "T.T.T" and body["status"] == "published" and body["summary"] == "Tóm tắt"
    assert body["created_at"].endswith("+07:00") and body["updated_at"] == body["created_at"]
    assert response.headers["Location"] == "/api/v1/articles/ke-hoach-nam-2019"


def test_same_title_gets_a_suffix_and_editing_the_title_keeps_the_slug(client, post):
    assert post(title="Tin mới")["slug"] == "tin-moi"
    assert post(title="Tin  mới!")["slug"] == "tin-moi-2"
    assert post(title="TIN MỚI")["slug"] == "tin-moi-3"
    edited = client.patch("/api/v1/articles/tin-moi", json={"title": "Tin đã sửa"}, headers=ADMIN).json
    assert edited["slug"] == "tin-moi" and edited["title"] == "Tin đã sửa"


def test_caller_given_slug_is_validated_and_unique(client, post):
    assert post(slug="tin-rieng")["slug"] == "tin-rieng"
    response = client.post("/api/v1/articles", json=article(slug="tin-rieng"), headers=ADMIN)
    assert response.status_code == 409 and response.json["error"]["field"] == "slug"
    response = client.post("/api/v1/articles", json=article(slug="Tin Riêng"), headers=ADMIN)
    assert response.status_code == 422 and response.json["error"]["field"] == "slug"


def test_summary_defaults_to_the_opening_of_the_body(post):
    assert post(body_html="<p>Đoạn <b>mở đầu</b>.</p><p>Đoạn hai.</p>")["summary"] == "Đoạn mở đầu. Đoạn hai."


def test_body_is_sanitized_on_write(client, post):
    created = post(
        body_html=(
            '<p onclick="x()">Chữ<script>alert(1)</script>'
            '<a href="javascript:alert(1)">l</a><img src="/a.jpg" onerror="x"></p>'
        )
    )
    stored = client.get(f"/api/v1/articles/{created['slug']}").json["body_html"]
    for gone in ("script", "onclick", "onerror", "javascript"):
        assert gone not in stored
    assert '<img src="/a.jpg">' in stored


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"category": "van-phong", "body_html": "<p>x</p>"}, 400, "title"),
        ({"title": "T", "body_html": "<p>x</p>"}, 400, "category"),
        ({"title": "T", "category": "van-phong"}, 400, "body_html"),
        (article(title=5), 400, "title"),
        (article(title="  "), 422, "title"),
        (article(category="khong-co"), 422, "category"),
        (article(body_html="<script>alert(1)</script>"), 422, "body_html"),
        (article(status="hidden"), 422, "status"),
        (article(published_at="26/02/2019"), 422, "published_at"),
        (article(published_at="9999-12-31T23:59:59-12:00"), 422, "published_at"),
        (article(cover="javascript:alert(1)"), 422, "cover"),
        (article(title="x" * 301), 422, "title"),
        (article(colour="red"), 400, "colour"),
    ],
)
def test_bad_create_names_the_field_and_stores_nothing(client, body, status, field):
    response = client.post("/api/v1/articles", json=body, headers=ADMIN)
    assert response.status_code == status
    assert response.json["error"]["field"] == field
    assert client.get("/api/v1/articles").json["total"] == 0


def test_create_needs_a_json_object(client):
    assert client.post("/api/v1/articles", data="x", headers=ADMIN).status_code == 400
    assert client.post("/api/v1/articles", json=[1], headers=ADMIN).status_code == 400


@pytest.mark.parametrize(
    "method, path",
    [("post", "/api/v1/articles"), ("patch", "/api/v1/articles/a"), ("delete", "/api/v1/articles/a")],
)
def test_writes_need_a_valid_token(client, method, path):
    """No token and a wrong one are both 401 with the challenge (the contract's "Authorization")."""
    call = getattr(client, method)
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic Zm9vOmJhcg=="}):
        response = call(path, json=article(), headers=headers)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
        assert response.json["error"]["code"] == "unauthorized"


# The public's questions (Hỏi đáp) need no token: a signed form token, a honeypot and a
# per-address limit guard them (test_questions.py).
PUBLIC_WRITE_ROUTES = {"/api/v1/questions"}


def test_every_write_route_is_guarded(app):
    for rule in app.url_map.iter_rules():
        if rule.rule in PUBLIC_WRITE_ROUTES:
            assert rule.methods & {"PATCH", "PUT", "DELETE"} == set(), rule.rule
            continue
        if rule.methods & {"POST", "PATCH", "PUT", "DELETE"} and rule.rule.startswith("/api/"):
            assert getattr(app.view_functions[rule.endpoint], "admin_required", False), rule.rule


def test_list_is_newest_first_and_paginated(client, post):
    for day in range(1, 6):
        post(title=f"Tin ngày {day}", published_at=f"2019-03-0{day}T08:00:00+07:00")
    post(title="Mầm non", category="giao-duc-mam-non", published_at="2019-03-10T08:00:00+07:00")
    body = client.get("/api/v1/articles?category=van-phong&page=2&per_page=2").json
    assert set(body) == LIST_KEYS and (body["page"], body["per_page"], body["total"], body["pages"]) == (2, 2, 5, 3)
    assert [item["title"] for item in body["items"]] == ["Tin ngày 3", "Tin ngày 2"]
    assert set(body["items"][0]) == SUMMARY_KEYS
    assert client.get("/api/v1/articles").json["items"][0]["title"] == "Mầm non"
    assert client.get("/api/v1/articles?page=9").json["items"] == []


@pytest.mark.parametrize(
    "query",
    [
        "per_page=101",
        "per_page=0",
        "page=0",
        "page=x",
        "page=" + "9" * 30,
        "q=" + "a" * 201,
        "q=" + "+".join("w%d" % i for i in range(13)),
    ],
)
def test_bad_list_parameters_are_400(client, query):
    response = client.get(f"/api/v1/articles?{query}")
    assert response.status_code == 400 and response.json["error"]["field"] in {"page", "per_page", "q"}


def test_unknown_category_list_is_404(client):
    assert client.get("/api/v1/articles?category=khong-co").status_code == 404


def test_drafts_and_scheduled_are_not_public_until_published(client, post):
    post(title="Bản nháp giáo dục", status="draft")
    post(title="Hẹn giờ giáo dục", published_at="2099-01-01T08:00:00+07:00")
    assert client.get("/api/v1/articles").json["total"] == 0
    assert client.get("/api/v1/articles?q=giao+duc").json["total"] == 0
    assert client.get("/api/v1/articles/ban-nhap-giao-duc").status_code == 404
    assert client.get("/api/v1/articles/hen-gio-giao-duc").status_code == 404
    assert (
        client.get("/api/v1/articles/ban-nhap-giao-duc", headers={"Authorization": "Bearer wrong"}).status_code == 404
    )
    # The editor may preview it.
    assert client.get("/api/v1/articles/ban-nhap-giao-duc", headers=ADMIN).json["status"] == "draft"
    published = client.patch("/api/v1/articles/ban-nhap-giao-duc", json={"status": "published"}, headers=ADMIN)
    assert published.status_code == 200 and published.json["status"] == "published"
    assert client.get("/api/v1/articles/ban-nhap-giao-duc").status_code == 200
    assert [item["slug"] for item in client.get("/api/v1/articles").json["items"]] == ["ban-nhap-giao-duc"]


def test_article_detail_has_body_author_and_first_related_page(client, post):
    for day in range(1, 4):
        post(title=f"Tin {day}", author="T.T.T", published_at=f"2019-03-0{day}T08:00:00+07:00")
    body = client.get("/api/v1/articles/tin-3").json
    assert body["author"] == "T.T.T" and body["body_html"] == "<p>Nội dung thử nghiệm.</p>"
    assert body["related"]["total"] == 2 and [item["slug"] for item in body["related"]["items"]] == ["tin-2", "tin-1"]


def test_related_endpoint_paginates(client, post):
    for day in range(1, 8):
        post(title=f"Tin {day}", published_at=f"2019-03-0{day}T08:00:00+07:00")
    body = client.get("/api/v1/articles/tin-7/related?page=2&per_page=2").json
    assert [item["slug"] for item in body["items"]] == ["tin-4", "tin-3"] and body["pages"] == 3
    assert client.get("/api/v1/articles/khong-co/related").status_code == 404
    assert client.get("/api/v1/articles/tin-7/related?per_page=101").status_code == 400
    assert client.get("/api/v1/articles/tin-7/related?page=" + "9" * 30).status_code == 400


def test_search_ignores_case_and_diacritics(client, post):
    post(title="Giáo dục mầm non", published_at="2019-03-01T08:00:00+07:00")
    post(title="Hội nghị", body_html="<p>Công tác đào tạo giáo viên.</p>", published_at="2019-03-02T08:00:00+07:00")
    assert [i["slug"] for i in client.get("/api/v1/articles?q=giao+duc").json["items"]] == ["giao-duc-mam-non"]
    assert [i["slug"] for i in client.get("/api/v1/articles?q=DAO+TAO").json["items"]] == ["hoi-nghi"]
    assert [i["slug"] for i in client.get("/api/v1/articles?q=giáo").json["items"]] == ["giao-duc-mam-non", "hoi-nghi"]
    assert client.get("/api/v1/articles?q=giao+duc&category=giao-duc-mam-non").json["total"] == 0
    assert client.get("/api/v1/articles?q=%21%21").json["total"] == 0
    assert client.get("/api/v1/articles?q=+").json["total"] == 2


def test_patch_validates_changes_and_404s(client, post):
    post(title="Tin")
    assert client.patch("/api/v1/articles/tin", json={"category": "khong-co"}, headers=ADMIN).status_code == 422
    assert client.patch("/api/v1/articles/tin", json={}, headers=ADMIN).status_code == 400
    assert client.patch("/api/v1/articles/khong-co", json={"title": "x"}, headers=ADMIN).status_code == 404
    moved = client.patch(
        "/api/v1/articles/tin",
        json={"slug": "tin-khac", "body_html": "<p>Đào tạo</p><script>x</script>"},
        headers=ADMIN,
    ).json
    assert moved["slug"] == "tin-khac" and moved["body_html"] == "<p>Đào tạo</p>"
    assert client.get("/api/v1/articles?q=dao+tao").json["items"][0]["slug"] == "tin-khac"


def test_delete(client, post):
    post(title="Tin")
    assert client.delete("/api/v1/articles/tin", headers=ADMIN).status_code == 204
    assert client.get("/api/v1/articles/tin").status_code == 404
    assert client.delete("/api/v1/articles/tin", headers=ADMIN).status_code == 404


def test_sitemap_entries(client, post):
    post(title="Tin", published_at="2019-03-01T08:00:00+07:00")
    post(title="Nháp", status="draft")
    body = client.get("/api/v1/sitemap").json
    assert body["total"] == 1 and body["per_page"] == 1000
    assert body["items"] == [
        {
            "slug": "tin",
            "category": "van-phong",
            "published_at": "2019-03-01T08:00:00+07:00",
            "updated_at": body["items"][0]["updated_at"],
        }
    ]
    assert client.get("/api/v1/sitemap?per_page=1001").status_code == 400


def test_openapi_describes_every_route(app, client):
    from portal_common.openapi import routes_missing_from
    from services.articles.openapi import spec

    assert routes_missing_from(app, spec()) == []
    assert client.get("/api/v1/openapi.json").json["openapi"].startswith("3.")


def test_readyz(client):
    assert client.get("/readyz").json["checks"]["storage"]["backend"] == "sqlite"
