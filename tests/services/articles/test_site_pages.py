"""The static pages (Giới thiệu, Liên hệ, English) on both stores: structured records checked
field by field, prose sanitized; contributors draft, editors publish; readers see only the
published content; a save on an older version is refused; every write audited."""

import pytest

from tests.support.content_version import version

from .conftest import ADMIN

LEADER = {"name": "Nguyễn Minh Quang", "title": "Giám đốc Sở", "phone": "0237 3852 101", "email": "gd@example.vn"}
ABOUT = {
    "title": "Giới thiệu",
    "functions_html": '<p onmouseover="x()">Tham mưu <script>alert(1)</script>quản lý nhà nước.</p>',
    "units": [{"name": "Văn phòng Sở", "head": "Phạm Thị Lan", "head_title": "Chánh Văn phòng"}],
    "leaders": [LEADER],
}


def put(client, key, content, status="published", headers=ADMIN):
    return client.put(f"/api/v1/pages/{key}", json={"status": status, "content": content}, headers=headers)


def test_a_published_page_is_structured_and_sanitized(any_app):
    client = any_app.test_client()
    assert client.get("/api/v1/pages/gioi-thieu").status_code == 404
    before = version(client)
    saved = put(client, "gioi-thieu", ABOUT)
    assert saved.status_code == 200, saved.json
    assert saved.headers["ETag"] == '"1"' and saved.json["status"] == "published"
    page = client.get("/api/v1/pages/gioi-thieu").json
    assert page["functions_html"] == "<p>Tham mưu quản lý nhà nước.</p>"
    assert page["leaders"] == [{**LEADER, "responsibilities": ""}]
    assert page["units"][0]["head"] == "Phạm Thị Lan" and page["units"][0]["email"] == ""
    assert version(client) != before
    contact = {
        "title": "Liên hệ",
        "map_url": "https://www.openstreetmap.org/#map=17/19.8/105.7",
        "office_hours": "Sáng\nChiều",
    }
    assert put(client, "lien-he", contact).status_code == 200
    assert client.get("/api/v1/pages/lien-he").json["office_hours"] == "Sáng\nChiều"
    assert put(client, "en", {"title": "Department of Education and Training"}).status_code == 200
    assert client.get("/api/v1/pages/khong-co").status_code == 404


@pytest.mark.parametrize(
    "content, status, field",
    [
        ({**ABOUT, "leaders": [{"name": "A"}]}, 422, "leaders"),  # a leader's title is required
        ({**ABOUT, "leaders": [{**LEADER, "email": "khong-phai"}]}, 422, "leaders"),
        ({**ABOUT, "units": "Văn phòng"}, 400, "units"),
        ({**ABOUT, "units": [{"name": "x", "fax": "1"}]}, 400, "units"),
        ({**ABOUT, "leaders": [LEADER] * 51}, 422, "leaders"),
        ({**ABOUT, "title": ""}, 422, "title"),
        ({**ABOUT, "map_url": "x"}, 400, "map_url"),  # a field of another page
    ],
)
def test_bad_records_are_refused_by_field(app, content, status, field):
    response = put(app.test_client(), "gioi-thieu", content)
    assert response.status_code == status, response.json
    assert response.json["error"]["field"] == field and not response.json["error"]["message"].isascii()
    assert app.test_client().get("/api/v1/pages/gioi-thieu").status_code == 404


def test_a_bad_map_link_and_status(app):
    client = app.test_client()
    assert put(client, "lien-he", {"title": "Liên hệ", "map_url": "javascript:alert(1)"}).status_code == 422
    assert put(client, "lien-he", {"title": "Liên hệ"}, status="live").status_code == 422
    assert client.put("/api/v1/pages/lien-he", json={"status": "draft"}, headers=ADMIN).status_code == 400


def test_contributors_draft_and_editors_publish(any_desk, staff):
    desk = any_desk
    assert put(desk.client, "gioi-thieu", ABOUT, headers={}).status_code == 401
    assert put(desk.client, "gioi-thieu", ABOUT, headers=staff.headers("exam_officer")).status_code == 403
    assert put(desk.client, "gioi-thieu", ABOUT, headers=staff.headers("editor")).status_code == 200
    since = staff.mark()
    draft = {**ABOUT, "title": "Giới thiệu (bản mới)"}
    contributor = staff.headers("contributor")
    assert put(desk.client, "gioi-thieu", draft, headers=contributor).status_code == 403
    saved = put(desk.client, "gioi-thieu", draft, status="draft", headers=contributor)
    assert saved.status_code == 200 and saved.json["status"] == "draft"
    assert saved.json["draft"]["title"] == "Giới thiệu (bản mới)"
    assert desk.client.get("/api/v1/pages/gioi-thieu").json["title"] == "Giới thiệu"  # readers keep it
    edit = desk.as_("editor").get("/api/v1/pages/gioi-thieu/edit")
    assert edit.status_code == 200 and edit.headers["Cache-Control"] == "private, no-store"
    assert desk.client.get("/api/v1/pages/gioi-thieu/edit").status_code == 401
    # The editor publishes the draft, saving on the version they read.
    stale = {"If-Match": '"1"'}
    assert put(desk.client, "gioi-thieu", draft, headers={**staff.headers("editor"), **stale}).status_code == 412
    current = {"If-Match": edit.headers["ETag"]}
    published = put(desk.client, "gioi-thieu", draft, headers={**staff.headers("editor"), **current})
    assert published.status_code == 200 and published.json["draft"] is None
    assert desk.client.get("/api/v1/pages/gioi-thieu").json["title"] == "Giới thiệu (bản mới)"
    actions = [(entry["action"], entry["user"]) for entry in reversed(staff.audit(since))]
    assert actions == [("page.draft", "ctv"), ("page.published", "bien.tap")]
