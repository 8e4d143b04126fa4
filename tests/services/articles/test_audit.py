"""Each write on an article is in the audit log — creation, change, proposal, submission,
publication, return, unpublishing, restore, deletion — with who, the article, and what: the
entries read back from the real accounts service the service posted them to. A refused write
records nothing; an audit log that cannot be reached never fails the write."""

import logging

from .conftest import ADMIN, article


def _entries(staff, since, slug):
    return [(entry["action"], entry["user"]) for entry in reversed(staff.audit(since, target=slug))]


def test_every_step_of_the_workflow_is_recorded(any_desk, staff):
    desk = any_desk
    since = staff.mark()
    slug = desk.create("contributor", title="Hội nghị tổng kết")["slug"]
    desk.as_("contributor").patch(f"/api/v1/articles/{slug}", json={"title": "Hội nghị"}, headers={"If-Match": '"1"'})
    desk.as_("contributor").post(f"/api/v1/articles/{slug}/submit")
    desk.as_("approver").post(f"/api/v1/articles/{slug}/reject", json={"comment": "Thêm ảnh."})
    desk.as_("contributor").post(f"/api/v1/articles/{slug}/submit")
    desk.as_("approver").post(f"/api/v1/articles/{slug}/approve")
    desk.as_("editor").patch(f"/api/v1/articles/{slug}", json={"title": "Hội nghị 2026"}, headers={"If-Match": '"6"'})
    desk.as_("approver").post(f"/api/v1/articles/{slug}/approve")
    desk.as_("approver").post(f"/api/v1/articles/{slug}/revisions/1/restore", headers={"If-Match": '"8"'})
    desk.as_("approver").post(f"/api/v1/articles/{slug}/unpublish")
    desk.as_("editor").delete(f"/api/v1/articles/{slug}")
    assert _entries(staff, since, slug) == [
        ("article.create", "ctv"),
        ("article.update", "ctv"),
        ("article.submit", "ctv"),
        ("article.reject", "lanh.dao"),
        ("article.submit", "ctv"),
        ("article.publish", "lanh.dao"),
        ("article.propose", "bien.tap"),
        ("article.publish", "lanh.dao"),
        ("article.restore", "lanh.dao"),
        ("article.unpublish", "lanh.dao"),
        ("article.delete", "bien.tap"),
    ]
    entries = {entry["id"]: entry for entry in staff.audit(since, target=slug)}
    by_action = {}
    for entry in sorted(entries.values(), key=lambda entry: entry["id"]):
        by_action.setdefault(entry["action"], []).append(entry)
    assert by_action["article.reject"][0]["detail"]["comment"] == "Thêm ảnh."
    first_publication, second = by_action["article.publish"]
    assert first_publication["detail"]["own"] is False and first_publication["detail"]["scheduled"] is False
    assert second["detail"]["pending_revision"] == 7 and second["detail"]["title"] == "Hội nghị 2026"
    assert by_action["article.update"][0]["detail"]["fields"] == ["title"]
    assert by_action["article.restore"][0]["detail"]["restored_from"] == 1
    assert by_action["article.delete"][0]["detail"]["status"] == "draft"
    assert all(entry["request_id"] and entry["at"].endswith("+07:00") for entry in entries.values())


def test_a_create_that_submits_or_publishes_records_that_too(desk, staff):
    since = staff.mark()
    pending = desk.create("contributor", title="Gửi duyệt ngay", status="pending")["slug"]
    own = desk.create("approver", title="Đăng ngay")["slug"]
    machine = desk.create("machine", title="Từ hệ thống khác")["slug"]
    assert _entries(staff, since, pending) == [("article.create", "ctv"), ("article.submit", "ctv")]
    assert _entries(staff, since, own) == [("article.create", "lanh.dao"), ("article.publish", "lanh.dao")]
    # An approver's own article, published by them: recorded as such.
    assert staff.audit(since, target=own, action="article.publish")[0]["detail"]["own"] is True
    assert _entries(staff, since, machine) == [("article.create", "ADMIN_TOKEN"), ("article.publish", "ADMIN_TOKEN")]


def test_a_refused_write_records_nothing(desk, staff):
    slug = desk.create("contributor")["slug"]
    since = staff.mark()
    assert desk.as_("contributor").post(f"/api/v1/articles/{slug}/approve").status_code == 403
    assert desk.as_("editor").patch(f"/api/v1/articles/{slug}", json={"title": "x"}).status_code == 428
    assert desk.as_("editor").post(f"/api/v1/articles/{slug}/reject", json={"comment": "x"}).status_code == 403
    assert desk.as_("machine").post(f"/api/v1/articles/{slug}/unpublish").status_code == 409
    assert staff.audit(since) == []


def test_an_audit_log_out_of_reach_never_fails_the_write(client, caplog):
    """`client`'s service has its accounts service on a port nobody listens on."""
    caplog.set_level(logging.WARNING, logger="portal_common.audit")
    created = client.post("/api/v1/articles", json=article(status="draft"), headers=ADMIN)
    assert created.status_code == 201
    slug = created.get_json()["slug"]
    assert client.post(f"/api/v1/articles/{slug}/approve", headers=ADMIN).status_code == 200
    assert client.delete(f"/api/v1/articles/{slug}", headers=ADMIN).status_code == 204
    unrecorded = [record for record in caplog.records if record.name == "portal_common.audit"]
    assert len(unrecorded) == 3 and all("not recorded" in record.getMessage() for record in unrecorded)
