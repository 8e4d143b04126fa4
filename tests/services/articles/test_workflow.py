"""The article workflow end to end, as the staff of a department run it: a contributor's draft,
submitted (chờ duyệt), returned with a comment, corrected, approved; an editor's change of a
published article kept as a pending revision until approved, or returned; scheduling; and the
steps refused when the article is not in a state they apply to. On every document backend, with
a real accounts service checking the tokens (staff.py)."""

import time

import pytest

from portal_common import timefmt

from .conftest import article


def _iso(ts):
    return timefmt.to_iso(timefmt.from_epoch(ts))


def _public_titles(desk, q=None):
    query = f"?q={q}" if q else ""
    return [item["title"] for item in desk.as_(None).get(f"/api/v1/articles{query}").get_json()["items"]]


def test_a_contributors_draft_returned_corrected_and_approved(any_desk):
    desk = any_desk
    contributor, approver = desk.as_("contributor"), desk.as_("approver")
    created = desk.create("contributor", title="Hội thi giáo viên dạy giỏi", author="T.V.C")
    slug = created["slug"]
    assert (created["status"], created["owner"], created["version"]) == ("draft", "ctv", 1)
    assert created["review"] is None and created["pending_revision"] is None and created["author"] == "T.V.C"

    # Not public; its owner, editors and approvers see it; another contributor does not.
    assert desk.as_(None).get(f"/api/v1/articles/{slug}").status_code == 404
    assert desk.as_("contributor2").get(f"/api/v1/articles/{slug}").status_code == 404
    for name in ("contributor", "editor", "approver", "admin", "machine"):
        assert desk.as_(name).get(f"/api/v1/articles/{slug}").status_code == 200, name

    submitted = contributor.post(f"/api/v1/articles/{slug}/submit")
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "pending"
    assert desk.as_(None).get(f"/api/v1/articles/{slug}").status_code == 404

    returned = approver.post(f"/api/v1/articles/{slug}/reject", json={"comment": "Bổ sung số liệu.\nXem lại tên."})
    assert returned.status_code == 200
    body = returned.get_json()
    assert body["status"] == "draft" and body["review"]["by"] == "lanh.dao"
    assert body["review"]["comment"] == "Bổ sung số liệu.\nXem lại tên." and body["review"]["at"].endswith("+07:00")
    # The author finds the comment on the article.
    assert desk.read(slug, "contributor")["review"]["comment"].startswith("Bổ sung số liệu")

    corrected = contributor.patch(
        f"/api/v1/articles/{slug}", json={"body_html": "<p>Có 120 giáo viên dự thi.</p>"}, headers=desk.etag(slug)
    )
    assert corrected.status_code == 200 and corrected.get_json()["status"] == "draft"
    refused = contributor.patch(f"/api/v1/articles/{slug}", json={"status": "published"}, headers=desk.etag(slug))
    assert refused.status_code == 403 and "lãnh đạo duyệt tin" in refused.get_json()["error"]["message"]
    assert contributor.post(f"/api/v1/articles/{slug}/submit").get_json()["status"] == "pending"

    before = int(time.time())
    approved = approver.post(f"/api/v1/articles/{slug}/approve")
    assert approved.status_code == 200
    body = approved.get_json()
    assert body["status"] == "published" and body["review"] is None
    # Dated when readers first see it, not when its draft was begun.
    assert timefmt.to_epoch(timefmt.parse_iso(body["published_at"])) >= before
    public = desk.as_(None).get(f"/api/v1/articles/{slug}")
    assert public.status_code == 200 and public.get_json()["body_html"] == "<p>Có 120 giáo viên dự thi.</p>"
    assert _public_titles(desk) == ["Hội thi giáo viên dạy giỏi"]


def test_an_edit_of_a_published_article_waits_for_approval(any_desk):
    desk = any_desk
    slug = desk.create("machine", title="Lịch thi học kỳ")["slug"]
    editor = desk.as_("editor")
    edited = editor.patch(
        f"/api/v1/articles/{slug}", json={"title": "Lịch thi học kỳ I (sửa đổi)"}, headers=desk.etag(slug)
    )
    assert edited.status_code == 200
    body = edited.get_json()
    # Readers keep the published version; the article says an edit awaits approval.
    assert body["status"] == "published" and body["title"] == "Lịch thi học kỳ" and body["version"] == 2
    assert body["pending_revision"]["id"] == 2 and body["pending_revision"]["user"] == "bien.tap"
    assert desk.as_(None).get(f"/api/v1/articles/{slug}").get_json()["title"] == "Lịch thi học kỳ"
    assert _public_titles(desk, "sua+doi") == []
    proposal = editor.get(f"/api/v1/articles/{slug}/revisions/2").get_json()
    assert proposal["title"] == "Lịch thi học kỳ I (sửa đổi)" and proposal["action"] == "propose"

    # A second change while it waits goes into the same proposal, on top of the first.
    again = editor.patch(f"/api/v1/articles/{slug}", json={"summary": "Từ 15/12."}, headers=desk.etag(slug))
    assert again.get_json()["pending_revision"]["id"] == 3
    third = editor.get(f"/api/v1/articles/{slug}/revisions/3").get_json()
    assert (third["title"], third["summary"]) == ("Lịch thi học kỳ I (sửa đổi)", "Từ 15/12.")

    approved = desk.as_("approver").post(f"/api/v1/articles/{slug}/approve")
    assert approved.status_code == 200
    body = approved.get_json()
    assert body["pending_revision"] is None and body["title"] == "Lịch thi học kỳ I (sửa đổi)"
    assert body["summary"] == "Từ 15/12."
    assert desk.as_(None).get(f"/api/v1/articles/{slug}").get_json()["title"] == "Lịch thi học kỳ I (sửa đổi)"
    assert _public_titles(desk, "sua+doi") == ["Lịch thi học kỳ I (sửa đổi)"]


def test_a_pending_revision_returned_leaves_the_published_version(any_desk):
    desk = any_desk
    slug = desk.create("machine", title="Tuyển sinh lớp 10")["slug"]
    desk.as_("editor").patch(f"/api/v1/articles/{slug}", json={"title": "Tuyển sinh sai"}, headers=desk.etag(slug))
    returned = desk.as_("approver").post(f"/api/v1/articles/{slug}/reject", json={"comment": "Sai tiêu đề."})
    assert returned.status_code == 200
    body = returned.get_json()
    assert (body["status"], body["title"], body["pending_revision"]) == ("published", "Tuyển sinh lớp 10", None)
    assert body["review"]["comment"] == "Sai tiêu đề."
    assert desk.as_(None).get(f"/api/v1/articles/{slug}").get_json()["title"] == "Tuyển sinh lớp 10"
    # Nothing awaits approval any more.
    assert desk.as_("approver").post(f"/api/v1/articles/{slug}/approve").status_code == 409


def test_unpublishing_keeps_the_edit_that_waited_as_the_draft(any_desk):
    desk = any_desk
    slug = desk.create("machine", title="Thông báo nghỉ Tết")["slug"]
    desk.as_("editor").patch(
        f"/api/v1/articles/{slug}", json={"title": "Thông báo nghỉ Tết 2027"}, headers=desk.etag(slug)
    )
    unpublished = desk.as_("approver").post(f"/api/v1/articles/{slug}/unpublish")
    assert unpublished.status_code == 200
    body = unpublished.get_json()
    assert (body["status"], body["title"], body["pending_revision"]) == ("draft", "Thông báo nghỉ Tết 2027", None)
    assert desk.as_(None).get(f"/api/v1/articles/{slug}").status_code == 404
    assert _public_titles(desk) == []


def test_scheduling_and_rescheduling(any_desk):
    desk = any_desk
    approver = desk.as_("approver")
    slug = desk.create("contributor", title="Khai giảng năm học")["slug"]
    later = int(time.time()) + 3600
    scheduled = approver.post(f"/api/v1/articles/{slug}/approve", json={"published_at": _iso(later)})
    assert scheduled.status_code == 200
    assert scheduled.get_json()["status"] == "published" and scheduled.get_json()["published_at"] == _iso(later)
    # Published with a future time: invisible until then, the staff see it.
    assert desk.as_(None).get(f"/api/v1/articles/{slug}").status_code == 404
    assert desk.as_("contributor").get(f"/api/v1/articles/{slug}").status_code == 200
    assert approver.post(f"/api/v1/articles/{slug}/approve").status_code == 409
    sooner = approver.post(f"/api/v1/articles/{slug}/approve", json={"published_at": _iso(later - 7200)})
    assert sooner.status_code == 200 and desk.as_(None).get(f"/api/v1/articles/{slug}").status_code == 200


def test_a_proposed_publication_time_still_ahead_is_kept_at_approval(any_desk):
    desk = any_desk
    later = int(time.time()) + 86400
    slug = desk.create("contributor", published_at=_iso(later), status="pending")["slug"]
    approved = desk.as_("approver").post(f"/api/v1/articles/{slug}/approve", json={})
    assert approved.get_json()["published_at"] == _iso(later)
    past = desk.create("contributor", title="Tin cũ", published_at="2019-02-26T08:00:00+07:00")["slug"]
    before = int(time.time())
    published = desk.as_("approver").post(f"/api/v1/articles/{past}/approve").get_json()["published_at"]
    assert timefmt.to_epoch(timefmt.parse_iso(published)) >= before


def test_statuses_on_create(any_desk):
    desk = any_desk
    assert desk.create("contributor", title="Một")["status"] == "draft"
    assert desk.create("editor", title="Hai")["status"] == "draft"
    assert desk.create("contributor", title="Ba", status="pending")["status"] == "pending"
    # Who may publish publishes by default (the machine token's integrations, as before).
    assert desk.create("approver", title="Bốn")["status"] == "published"
    assert desk.create("machine", title="Năm")["status"] == "published"
    for name in ("contributor", "editor"):
        refused = desk.as_(name).post("/api/v1/articles", json=article(title="Sáu", status="published"))
        assert refused.status_code == 403 and "lãnh đạo duyệt tin" in refused.get_json()["error"]["message"]
    assert sorted(_public_titles(desk)) == ["Bốn", "Năm"]


def test_an_approver_may_approve_their_own_article(any_desk):
    desk = any_desk
    slug = desk.create("approver", title="Bài của lãnh đạo", status="draft")["slug"]
    assert desk.as_("approver").post(f"/api/v1/articles/{slug}/submit").status_code == 200  # its owner
    assert desk.as_("approver").post(f"/api/v1/articles/{slug}/approve").get_json()["status"] == "published"


def test_status_changes_through_a_save(any_desk):
    desk = any_desk
    contributor, editor = desk.as_("contributor"), desk.as_("editor")
    slug = desk.create("contributor")["slug"]
    submitted = contributor.patch(f"/api/v1/articles/{slug}", json={"status": "pending"}, headers=desk.etag(slug))
    assert submitted.get_json()["status"] == "pending"
    withdrawn = contributor.patch(f"/api/v1/articles/{slug}", json={"status": "draft"}, headers=desk.etag(slug))
    assert withdrawn.get_json()["status"] == "draft"
    # A proposed time on a draft is no publication.
    planned = editor.patch(
        f"/api/v1/articles/{slug}", json={"published_at": "2030-01-01T08:00:00+07:00"}, headers=desk.etag(slug)
    )
    assert planned.status_code == 200 and planned.get_json()["status"] == "draft"
    desk.put_in(slug, "published")
    for change in ({"status": "draft"}, {"status": "pending"}, {"published_at": "2031-01-01T08:00:00+07:00"}):
        refused = editor.patch(f"/api/v1/articles/{slug}", json=change, headers=desk.etag(slug))
        assert refused.status_code == 403, change
    # The same status, or the same time, is no change: the edit is a proposal.
    same = editor.patch(
        f"/api/v1/articles/{slug}",
        json={"status": "published", "published_at": desk.read(slug)["published_at"], "title": "Mới"},
        headers=desk.etag(slug),
    )
    assert same.status_code == 200 and same.get_json()["pending_revision"] is not None
    # The machine token publishes and unpublishes through a save, without If-Match (integrations).
    machine = desk.as_("machine")
    other = desk.create("contributor", title="Khác")["slug"]
    assert machine.patch(f"/api/v1/articles/{other}", json={"status": "published"}).get_json()["status"] == "published"
    assert machine.patch(f"/api/v1/articles/{other}", json={"status": "draft"}).get_json()["status"] == "draft"


@pytest.mark.parametrize(
    "status, step, body",
    [
        ("pending", "submit", None),
        ("published", "submit", None),
        ("draft", "reject", {"comment": "x"}),
        ("published", "reject", {"comment": "x"}),
        ("draft", "unpublish", None),
        ("pending", "unpublish", None),
        ("published", "approve", None),
    ],
)
def test_a_step_that_does_not_apply_is_409_and_changes_nothing(desk, status, step, body):
    slug = desk.create("contributor")["slug"]
    desk.put_in(slug, status)
    before = desk.read(slug)
    response = desk.as_("machine").post(f"/api/v1/articles/{slug}/{step}", json=body)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "conflict"
    assert desk.read(slug) == before


@pytest.mark.parametrize(
    "body, status, field",
    [
        (None, 400, None),
        ({}, 400, "comment"),
        ({"comment": 5}, 400, "comment"),
        ({"comment": " \n\x0b "}, 422, "comment"),
        ({"comment": "x" * 2001}, 422, "comment"),
        ({"comment": "x", "ly_do": "y"}, 400, "ly_do"),
    ],
)
def test_a_return_needs_a_comment(desk, body, status, field):
    slug = desk.create("contributor", status="pending")["slug"]
    response = desk.as_("approver").post(f"/api/v1/articles/{slug}/reject", json=body)
    assert response.status_code == status and response.get_json()["error"].get("field") == field
    assert desk.read(slug)["status"] == "pending"


@pytest.mark.parametrize(
    "kwargs, status",
    [
        ({"json": {"published_at": "26/02/2019"}}, 422),
        ({"json": {"published_at": "9999-01-01T00:00:00+07:00"}}, 422),
        ({"json": {"published_at": 5}}, 400),
        ({"json": {"status": "published"}}, 400),
        ({"json": [1]}, 400),
        ({"data": "không phải JSON", "content_type": "application/json"}, 400),
    ],
)
def test_a_bad_approval_body_is_refused(desk, kwargs, status):
    slug = desk.create("contributor", status="pending")["slug"]
    assert desk.as_("approver").post(f"/api/v1/articles/{slug}/approve", **kwargs).status_code == status
    assert desk.read(slug)["status"] == "pending"


def test_steps_on_an_unknown_article_are_404(desk):
    for step, body in (("submit", None), ("approve", None), ("reject", {"comment": "x"}), ("unpublish", None)):
        assert desk.as_("machine").post(f"/api/v1/articles/khong-co/{step}", json=body).status_code == 404
