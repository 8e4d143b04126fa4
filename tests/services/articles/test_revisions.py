"""Every save of an article keeps a revision (who, when, what: the fields); the list and one
revision read back in the contract's shapes; restoring one makes a new revision, and on a
published article restored by someone without the approver role, a pending one. On every
document backend."""

import pytest

from portal_common.store import get_store
from services.articles.articles import search_words

ITEM = {"id", "at", "user", "title"}
REVISION = ITEM | {
    "display_name",
    "action",
    "comment",
    "restored_from",
    "category",
    "summary",
    "body_html",
    "author",
    "cover",
    "slug",
    "status",
    "published_at",
}


def _history(desk, slug, name="machine", **query):
    response = desk.as_(name).get(f"/api/v1/articles/{slug}/revisions", query_string=query)
    assert response.status_code == 200, response.get_json()
    assert response.headers["Cache-Control"] == "private, no-store"
    return response.get_json()


def test_every_save_keeps_a_revision(any_desk):
    desk = any_desk
    slug = desk.create("contributor", title="Bản một", author="T.V.C")["slug"]
    desk.as_("contributor").patch(f"/api/v1/articles/{slug}", json={"title": "Bản hai"}, headers={"If-Match": '"1"'})
    desk.as_("contributor").post(f"/api/v1/articles/{slug}/submit")
    desk.as_("approver").post(f"/api/v1/articles/{slug}/reject", json={"comment": "Thiếu ảnh."})
    desk.as_("contributor").post(f"/api/v1/articles/{slug}/submit")
    desk.as_("approver").post(f"/api/v1/articles/{slug}/approve")
    history = _history(desk, slug, "contributor")
    assert (history["total"], history["page"], history["pages"]) == (6, 1, 1)
    assert all(set(item) == ITEM for item in history["items"])
    assert [(item["id"], item["user"], item["title"]) for item in history["items"]] == [
        (6, "lanh.dao", "Bản hai"),
        (5, "ctv", "Bản hai"),
        (4, "lanh.dao", "Bản hai"),
        (3, "ctv", "Bản hai"),
        (2, "ctv", "Bản hai"),
        (1, "ctv", "Bản một"),
    ]
    assert history["items"][0]["at"].endswith("+07:00")
    page = _history(desk, slug, per_page=2, page=2)
    assert [item["id"] for item in page["items"]] == [4, 3] and page["pages"] == 3

    actions = [desk.as_("editor").get(f"/api/v1/articles/{slug}/revisions/{n}").get_json() for n in range(1, 7)]
    assert all(set(revision) == REVISION for revision in actions)
    assert [revision["action"] for revision in actions] == ["create", "update", "submit", "reject", "submit", "publish"]
    assert [revision["status"] for revision in actions] == [
        "draft",
        "draft",
        "pending",
        "draft",
        "pending",
        "published",
    ]
    first, returned = actions[0], actions[3]
    assert (first["title"], first["author"], first["display_name"]) == ("Bản một", "T.V.C", "Trần Văn Cộng")
    assert first["body_html"] == "<p>Nội dung thử nghiệm.</p>" and first["published_at"].endswith("+07:00")
    assert returned["comment"] == "Thiếu ảnh." and returned["display_name"] == "Hoàng Văn Duyệt"


def test_restoring_makes_a_new_revision(any_desk):
    desk = any_desk
    approver = desk.as_("approver")
    slug = desk.create("approver", title="Tiêu đề gốc", summary="Tóm tắt gốc")["slug"]
    approver.patch(f"/api/v1/articles/{slug}", json={"title": "Tiêu đề sai", "summary": ""}, headers={"If-Match": "*"})
    restored = approver.post(f"/api/v1/articles/{slug}/revisions/1/restore", headers={"If-Match": '"2"'})
    assert restored.status_code == 200
    body = restored.get_json()
    assert (body["title"], body["summary"], body["status"], body["version"]) == (
        "Tiêu đề gốc",
        "Tóm tắt gốc",
        "published",
        3,
    )
    assert desk.as_(None).get(f"/api/v1/articles/{slug}").get_json()["title"] == "Tiêu đề gốc"
    newest = approver.get(f"/api/v1/articles/{slug}/revisions/3").get_json()
    assert (newest["action"], newest["restored_from"], newest["user"]) == ("restore", 1, "lanh.dao")
    assert [item["id"] for item in _history(desk, slug)["items"]] == [3, 2, 1]


def test_a_restore_by_an_editor_on_a_published_article_waits_for_approval(any_desk):
    desk = any_desk
    slug = desk.create("machine", title="Đã đăng")["slug"]
    desk.as_("machine").patch(f"/api/v1/articles/{slug}", json={"title": "Đã đăng, sửa"})
    restored = desk.as_("editor").post(f"/api/v1/articles/{slug}/revisions/1/restore", headers={"If-Match": '"2"'})
    body = restored.get_json()
    assert restored.status_code == 200 and body["title"] == "Đã đăng, sửa" and body["pending_revision"]["id"] == 3
    assert desk.as_("editor").get(f"/api/v1/articles/{slug}/revisions/3").get_json()["title"] == "Đã đăng"
    desk.as_("approver").post(f"/api/v1/articles/{slug}/approve")
    assert desk.as_(None).get(f"/api/v1/articles/{slug}").get_json()["title"] == "Đã đăng"


def test_a_restore_keeps_the_status_address_and_time(desk):
    slug = desk.create("contributor", title="Nháp", published_at="2030-01-01T08:00:00+07:00")["slug"]
    machine = desk.as_("machine")
    machine.patch(f"/api/v1/articles/{slug}", json={"slug": "dia-chi-moi", "published_at": "2031-01-01T08:00:00+07:00"})
    machine.post("/api/v1/articles/dia-chi-moi/approve")
    restored = machine.post("/api/v1/articles/dia-chi-moi/revisions/1/restore").get_json()
    assert (restored["slug"], restored["status"], restored["published_at"]) == (
        "dia-chi-moi",
        "published",
        "2031-01-01T08:00:00+07:00",
    )
    # The history followed the article to its new address.
    assert [item["id"] for item in _history(desk, "dia-chi-moi")["items"]] == [4, 3, 2, 1]
    assert desk.as_("machine").get(f"/api/v1/articles/{slug}/revisions").status_code == 404


@pytest.mark.parametrize("path", ["revisions/9", "revisions/0", "revisions/" + "9" * 40, "revisions/9/restore"])
def test_an_unknown_revision_is_404(desk, path):
    slug = desk.create("contributor")["slug"]
    call = desk.as_("machine")
    response = (
        call.post(f"/api/v1/articles/{slug}/{path}")
        if path.endswith("restore")
        else call.get(f"/api/v1/articles/{slug}/{path}")
    )
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    assert desk.read(slug)["version"] == 1


def test_revisions_of_an_unknown_article_and_without_a_token(desk):
    assert desk.as_("machine").get("/api/v1/articles/khong-co/revisions").status_code == 404
    assert desk.as_("machine").get("/api/v1/articles/khong-co/revisions/1").status_code == 404
    slug = desk.create("contributor")["slug"]
    for headers in ({}, {"Authorization": "Bearer sai"}):
        response = desk.client.get(f"/api/v1/articles/{slug}/revisions", headers=headers)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
    assert desk.as_("machine").get(f"/api/v1/articles/{slug}/revisions?per_page=101").status_code == 400


def test_an_article_stored_before_revisions_gets_its_first_state_kept(any_desk):
    """Articles written before this release have no revision: their first save keeps the state
    before it as revision 1 (a baseline), so that it can be restored."""
    desk = any_desk
    old = {
        "slug": "bai-cu",
        "title": "Bài cũ",
        "category": "van-phong",
        "summary": "Tóm tắt cũ",
        "body_html": "<p>Cũ</p>",
        "author": "T.T.T",
        "status": "published",
        "published_ts": 1_551_142_800,
        "created_ts": 1_551_142_800,
        "updated_ts": 1_551_142_800,
        "cover": None,
    }
    with desk.app.app_context():
        get_store().insert(old, search_words(old))
    assert _history(desk, "bai-cu")["items"] == []
    article = desk.read("bai-cu", "editor")
    assert (article["version"], article["owner"], article["review"], article["pending_revision"]) == (
        1,
        None,
        None,
        None,
    )
    desk.as_("machine").patch("/api/v1/articles/bai-cu", json={"title": "Bài cũ, sửa"})
    assert [(item["id"], item["user"]) for item in _history(desk, "bai-cu")["items"]] == [(2, "ADMIN_TOKEN"), (1, None)]
    baseline = desk.as_("machine").get("/api/v1/articles/bai-cu/revisions/1").get_json()
    assert (baseline["action"], baseline["title"], baseline["at"]) == (
        "baseline",
        "Bài cũ",
        "2019-02-26T08:00:00+07:00",
    )
    desk.as_("machine").post("/api/v1/articles/bai-cu/revisions/1/restore")
    assert desk.as_(None).get("/api/v1/articles/bai-cu").get_json()["title"] == "Bài cũ"


def test_a_deleted_article_takes_its_history_with_it(desk):
    slug = desk.create("contributor")["slug"]
    desk.as_("machine").patch(f"/api/v1/articles/{slug}", json={"title": "Hai"})
    assert desk.as_("editor").delete(f"/api/v1/articles/{slug}").status_code == 204
    assert desk.as_("machine").get(f"/api/v1/articles/{slug}/revisions").status_code == 404
    again = desk.create("contributor", slug=slug)
    assert again["version"] == 1 and _history(desk, slug)["total"] == 1
