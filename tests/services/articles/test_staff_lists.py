"""The desk's lists (GET /api/v1/staff/articles and the stores' staff_list) and the autosave that
replaces the member's previous autosave instead of adding a revision (PATCH ?autosave=1). The
store's part on every document backend."""

import pytest

from portal_common.store import get_store
from services.articles import editing
from services.articles.articles import search_words

NOW = 1_700_000_000


def _doc(slug, status="draft", ts=NOW - 1000, owner="ctv", review=None, pending=None, updated=None):
    return {
        "slug": slug,
        "title": f"Bài {slug}",
        "category": "van-phong",
        "summary": "",
        "body_html": "<p>nội dung</p>",
        "author": "",
        "status": status,
        "published_ts": ts,
        "created_ts": ts,
        "updated_ts": updated or ts,
        "cover": None,
        "owner": owner,
        "version": 1,
        "review": review,
        "pending": pending,
    }


@pytest.fixture
def store(any_app):
    with any_app.app_context():
        yield get_store()


def _slugs(found):
    return [doc["slug"] for doc in found[0]]


def test_each_view_holds_its_articles_in_its_order(store):
    returned = {"by": "lanh.dao", "ts": NOW, "comment": "Thiếu ảnh."}
    edit_pending = {"id": 2, "user": "bien.tap", "ts": NOW}
    for doc in (
        _doc("nhap-cu", updated=NOW - 500),
        _doc("nhap-moi", updated=NOW - 100),
        _doc("nhap-khac", owner="ctv.hai", updated=NOW - 50),
        _doc("tra-lai", review=returned, updated=NOW - 10),
        _doc("cho-duyet", status="pending", updated=NOW - 20),
        _doc("da-dang-sua", status="published", ts=NOW - 3000, pending=edit_pending, updated=NOW - 5),
        _doc("hen-gio-xa", status="published", ts=NOW + 7200),
        _doc("hen-gio-gan", status="published", ts=NOW + 60),
        _doc("da-dang", status="published", ts=NOW - 200),
    ):
        store.insert(doc, search_words(doc))
    assert _slugs(store.staff_list("draft", NOW)) == ["nhap-khac", "nhap-moi", "nhap-cu"]
    assert _slugs(store.staff_list("draft", NOW, owner="ctv")) == ["nhap-moi", "nhap-cu"]
    assert _slugs(store.staff_list("returned", NOW)) == ["tra-lai"]
    assert store.staff_list("returned", NOW)[0][0]["review"] == returned
    assert _slugs(store.staff_list("pending", NOW)) == ["da-dang-sua", "cho-duyet"]
    assert _slugs(store.staff_list("scheduled", NOW)) == ["hen-gio-gan", "hen-gio-xa"]
    assert _slugs(store.staff_list("published", NOW)) == ["da-dang", "da-dang-sua"]
    assert store.staff_list("all", NOW, offset=2, limit=3)[1] == 9
    assert len(store.staff_list("all", NOW, offset=2, limit=3)[0]) == 3
    # When its time comes a scheduled article is published, not scheduled.
    assert "hen-gio-gan" in _slugs(store.staff_list("published", NOW + 60))
    assert _slugs(store.staff_list("scheduled", NOW + 60)) == ["hen-gio-xa"]


def test_a_save_that_replaces_drops_the_revision_it_supersedes(store):
    doc = _doc("tu-dong")
    store.insert(doc, search_words(doc), {"ts": NOW, "user": "ctv", "title": "Bài", "action": "create", "fields": {}})
    autosave = {"ts": NOW + 30, "user": "ctv", "title": "Bài", "action": "autosave", "fields": {}}
    store.save("tu-dong", 1, {"title": "Bài 2"}, None, autosave)
    store.save("tu-dong", 2, {"title": "Bài 3"}, None, {**autosave, "ts": NOW + 60}, replaces=True)
    items, total = store.revisions("tu-dong", 0, 10)
    assert [item["id"] for item in items] == [3, 1] and total == 2
    assert store.get("tu-dong")["version"] == 3


def _list(desk, name, **query):
    response = desk.as_(name).get("/api/v1/staff/articles", query_string=query)
    assert response.status_code == 200, response.get_json()
    assert response.headers["Cache-Control"] == "private, no-store"
    return response.get_json()


def test_the_lists_through_the_api_a_contributor_sees_only_its_own(desk):
    mine = desk.create("contributor", title="Bài của cộng tác viên")["slug"]
    other = desk.create("contributor2", title="Bài của người khác")["slug"]
    assert [item["slug"] for item in _list(desk, "contributor", view="draft")["items"]] == [mine]
    # Asking for someone else's changes nothing for a contributor.
    assert [item["slug"] for item in _list(desk, "contributor", view="draft", owner="ctv.hai")["items"]] == [mine]
    assert {item["slug"] for item in _list(desk, "approver", view="draft")["items"]} == {mine, other}
    assert [item["slug"] for item in _list(desk, "editor", view="draft", owner="ctv.hai")["items"]] == [other]
    item = _list(desk, "approver", view="draft", owner="ctv")["items"][0]
    assert "body_html" not in item and item["owner"] == "ctv" and item["status"] == "draft"
    desk.as_("contributor").post(f"/api/v1/articles/{mine}/submit")
    assert [item["slug"] for item in _list(desk, "approver", view="pending")["items"]] == [mine]
    desk.as_("approver").post(f"/api/v1/articles/{mine}/reject", json={"comment": "Bổ sung nguồn tin."})
    returned = _list(desk, "contributor", view="returned")["items"]
    assert [item["slug"] for item in returned] == [mine]
    assert returned[0]["review"]["comment"] == "Bổ sung nguồn tin."


def test_the_lists_refuse_the_public_and_bad_views(desk):
    assert desk.as_(None).get("/api/v1/staff/articles").status_code == 401
    assert desk.as_("exam_officer").get("/api/v1/staff/articles").status_code == 403
    bad = desk.as_("editor").get("/api/v1/staff/articles", query_string={"view": "khac"})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "view"


def _autosave(desk, slug, title, name="contributor"):
    response = desk.as_(name).patch(
        f"/api/v1/articles/{slug}", query_string={"autosave": "1"}, json={"title": title}, headers=desk.etag(slug)
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _revision_ids(desk, slug):
    listed = desk.as_("machine").get(f"/api/v1/articles/{slug}/revisions").get_json()
    return [item["id"] for item in listed["items"]]


def test_autosaves_replace_the_members_previous_autosave(desk, monkeypatch):
    slug = desk.create("contributor", title="Bản đầu")["slug"]
    for number in range(1, 6):
        saved = _autosave(desk, slug, f"Bản tự lưu {number}")
    # Five autosaves: the version moved five times (a colleague's save on an older one is a 412),
    # the history holds the create and one autosave, with the last content.
    assert saved["version"] == 6
    assert _revision_ids(desk, slug) == [6, 1]
    latest = desk.as_("machine").get(f"/api/v1/articles/{slug}/revisions/6").get_json()
    assert latest["action"] == "autosave" and latest["title"] == "Bản tự lưu 5"
    # A real save is a revision of its own, and the next autosave starts a new one.
    desk.as_("contributor").patch(f"/api/v1/articles/{slug}", json={"title": "Bản lưu"}, headers=desk.etag(slug))
    _autosave(desk, slug, "Sau khi lưu")
    assert _revision_ids(desk, slug) == [8, 7, 6, 1]
    # Another member's autosave never replaces this one's.
    _autosave(desk, slug, "Biên tập viên sửa", name="editor")
    assert _revision_ids(desk, slug) == [9, 8, 7, 6, 1]
    # Past the window, an autosave is a new revision again.
    monkeypatch.setattr(editing, "AUTOSAVE_COALESCE_SECONDS", -1)
    _autosave(desk, slug, "Lâu sau", name="editor")
    assert _revision_ids(desk, slug) == [10, 9, 8, 7, 6, 1]


def test_autosave_is_for_drafts_only(desk):
    slug = desk.create("contributor", title="Gửi rồi")["slug"]
    desk.as_("contributor").post(f"/api/v1/articles/{slug}/submit")
    refused = desk.as_("contributor").patch(
        f"/api/v1/articles/{slug}", query_string={"autosave": "1"}, json={"title": "x"}, headers=desk.etag(slug)
    )
    assert refused.status_code == 409
    bad = desk.as_("contributor").patch(
        f"/api/v1/articles/{slug}", query_string={"autosave": "yes"}, json={"title": "x"}, headers=desk.etag(slug)
    )
    assert bad.status_code == 400
