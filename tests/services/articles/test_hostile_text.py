"""Text an editor's tools put into articles: lone surrogates and deep nesting are refused with a
400 before the store sees them (they were 500s from SQLite and nh3); control characters — a
vertical tab per Word line break — are taken out of every text field on write."""

import json

import pytest

from .conftest import ADMIN, article

JSON = {**ADMIN, "Content-Type": "application/json"}


@pytest.mark.parametrize(
    "raw, field",
    [
        (json.dumps(article(title="\ud800")), "title"),
        (json.dumps(article(body_html="<p>\udc00</p>")), "body_html"),
        (json.dumps(article(summary="a\ud83d")), "summary"),
        (json.dumps(article(author="\udfff")), "author"),
        (json.dumps({**article(), "\ud800": "x"}), None),
        (json.dumps(article(title=["\ud800"])), "title"),
        ('{"title": ' + "[" * 100 + "]" * 100 + "}", "title"),
        ("[" * 50_000 + "]" * 50_000, None),
    ],
)
def test_lone_surrogates_and_deep_nesting_are_400_and_store_nothing(any_app, raw, field):
    client = any_app.test_client()
    response = client.post("/api/v1/articles", data=raw, headers=JSON)
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_request"
    assert response.json["error"].get("field") == field
    assert client.get("/api/v1/articles").json["total"] == 0


def test_a_patch_with_a_lone_surrogate_is_400(client, post):
    slug = post()["slug"]
    response = client.patch(f"/api/v1/articles/{slug}", data='{"title": "\\ud800"}', headers=JSON)
    assert response.status_code == 400 and response.json["error"]["field"] == "title"
    assert client.get(f"/api/v1/articles/{slug}").json["title"] == "Tin thử nghiệm"


def test_control_characters_are_stripped_from_every_text_field(any_app):
    client = any_app.test_client()
    created = client.post(
        "/api/v1/articles",
        json=article(
            title="Kế hoạch\x0bnăm 2019\x00",
            summary="Dòng một\x0bdòng hai\x01",
            author="T.T.T\x0c",
            body_html="<p>Đoạn\x0bmột&#11;&#x1;\x00 hai\x85</p>",
            cover="/media/anh.jpg\x00",
        ),
        headers=ADMIN,
    )
    assert created.status_code == 201, created.json
    stored = client.get(f"/api/v1/articles/{created.json['slug']}").json
    assert stored["title"] == "Kế hoạch năm 2019" and created.json["slug"] == "ke-hoach-nam-2019"
    assert stored["summary"] == "Dòng một\ndòng hai" and stored["author"] == "T.T.T"
    assert stored["body_html"] == "<p>Đoạn\nmột\n hai\n</p>" and stored["cover"] == "/media/anh.jpg"
    patched = client.patch(
        f"/api/v1/articles/{stored['slug']}", json={"title": "Tin\x1b[31m đỏ", "summary": ""}, headers=ADMIN
    ).json
    assert patched["title"] == "Tin[31m đỏ" and patched["summary"] == "Đoạn một hai"


def test_a_title_of_control_characters_only_is_empty(client):
    response = client.post("/api/v1/articles", json=article(title="\x0b\x00\x01"), headers=ADMIN)
    assert response.status_code == 422 and response.json["error"]["field"] == "title"
