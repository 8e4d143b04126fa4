"""Saves carry a version: every article answer has its ETag; a save made on an older version is a
412 naming both versions and who saved the newer one, never a silent overwrite; staff must say
which version they saved on (428 without), the machine token's integrations need not. Two saves
on one version: exactly one 412, also when they arrive at once (threads, over HTTP, on every
document backend)."""

import threading

import pytest
import requests

from tests.support.live import serve_app

from .conftest import article


def test_every_article_answer_carries_its_version(desk):
    machine, approver = desk.as_("machine"), desk.as_("approver")
    created = desk.as_("contributor").post("/api/v1/articles", json=article())
    assert created.headers["ETag"] == '"1"' and created.get_json()["version"] == 1
    slug = created.get_json()["slug"]
    answers = [
        desk.as_(None).get(f"/api/v1/articles/{slug}", headers={"Authorization": "Bearer x"}),
        desk.as_("contributor").patch(f"/api/v1/articles/{slug}", json={"title": "Hai"}, headers={"If-Match": '"1"'}),
        machine.post(f"/api/v1/articles/{slug}/submit"),
        approver.post(f"/api/v1/articles/{slug}/reject", json={"comment": "Sửa."}),
        machine.post(f"/api/v1/articles/{slug}/submit"),
        approver.post(f"/api/v1/articles/{slug}/approve"),
        machine.get(f"/api/v1/articles/{slug}"),
        desk.as_("editor").patch(f"/api/v1/articles/{slug}", json={"title": "Bảy"}, headers={"If-Match": '"6"'}),
        approver.post(f"/api/v1/articles/{slug}/unpublish"),
        desk.as_("editor").post(f"/api/v1/articles/{slug}/revisions/2/restore", headers={"If-Match": '"8"'}),
        desk.as_(None).get(f"/api/v1/articles/{slug}"),
    ]
    statuses = [response.status_code for response in answers]
    assert statuses == [404, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404], statuses
    versions = [int(response.headers["ETag"].strip('"')) for response in answers if response.status_code == 200]
    assert versions == [2, 3, 4, 5, 6, 6, 7, 8, 9]
    bodies = [response.get_json()["version"] for response in answers[1:-1]]
    assert bodies == versions


def test_a_save_on_an_older_version_is_412_and_names_both(any_desk):
    desk = any_desk
    slug = desk.create("contributor", title="Kế hoạch")["slug"]
    # Two editors open version 1; the first saves, the second saves on what it opened.
    first = desk.as_("editor").patch(f"/api/v1/articles/{slug}", json={"title": "Bản Hoa"}, headers={"If-Match": '"1"'})
    assert first.status_code == 200 and first.headers["ETag"] == '"2"'
    second = desk.as_("approver").patch(
        f"/api/v1/articles/{slug}", json={"title": "Bản Duyệt"}, headers={"If-Match": '"1"'}
    )
    assert second.status_code == 412 and second.headers["ETag"] == '"2"'
    error = second.get_json()["error"]
    assert error["code"] == "precondition_failed"
    assert (error["your_version"], error["current_version"], error["saved_by"]) == (1, 2, "bien.tap")
    assert error["saved_at"].endswith("+07:00")
    message = error["message"]
    assert "phiên bản 1" in message and "phiên bản hiện tại là 2" in message
    assert "Nguyễn Thị Hoa (bien.tap)" in message and "chưa được lưu" in message
    assert desk.read(slug)["title"] == "Bản Hoa" and desk.read(slug)["version"] == 2


def test_the_machine_token_is_held_to_an_if_match_it_sends(desk):
    slug = desk.create("machine")["slug"]
    machine = desk.as_("machine")
    assert machine.patch(f"/api/v1/articles/{slug}", json={"title": "Không cần If-Match"}).status_code == 200
    stale = machine.patch(f"/api/v1/articles/{slug}", json={"title": "Cũ"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412 and stale.get_json()["error"]["saved_by"] == "ADMIN_TOKEN"


@pytest.mark.parametrize("route", ["patch", "restore"])
def test_staff_must_say_which_version_they_saved_on(desk, route):
    slug = desk.create("contributor")["slug"]
    editor = desk.as_("editor")
    if route == "patch":
        response = editor.patch(f"/api/v1/articles/{slug}", json={"title": "Không biết phiên bản"})
    else:
        response = editor.post(f"/api/v1/articles/{slug}/revisions/1/restore")
    assert response.status_code == 428 and response.headers["ETag"] == '"1"'
    error = response.get_json()["error"]
    assert error["code"] == "precondition_required" and "If-Match" in error["message"]
    assert desk.read(slug)["version"] == 1


@pytest.mark.parametrize(
    "if_match, status",
    [
        ('"1"', 200),
        ('W/"1"', 200),  # nginx's gzip weakens the ETags it compresses
        ("*", 200),
        ('"7", "1"', 200),
        (' "1" ', 200),
        ('"2"', 412),
        ('"x"', 412),
        ('W/"0"', 412),
        ("1", 400),
        ("", 400),
        ('"1" "2"', 400),
        ('"1", *', 400),
    ],
)
def test_if_match_forms(desk, if_match, status):
    slug = desk.create("contributor")["slug"]
    response = desk.as_("editor").patch(f"/api/v1/articles/{slug}", json={"title": "T"}, headers={"If-Match": if_match})
    assert response.status_code == status, response.get_json()
    assert desk.read(slug)["version"] == (2 if status == 200 else 1)


def test_the_other_steps_honour_an_if_match_they_are_given(desk):
    machine = desk.as_("machine")
    slug = desk.create("contributor")["slug"]
    machine.patch(f"/api/v1/articles/{slug}", json={"title": "Hai"})
    stale = {"If-Match": '"1"'}
    assert machine.post(f"/api/v1/articles/{slug}/submit", headers=stale).status_code == 412
    assert machine.post(f"/api/v1/articles/{slug}/approve", headers=stale).status_code == 412
    assert machine.delete(f"/api/v1/articles/{slug}", headers=stale).status_code == 412
    assert desk.read(slug)["status"] == "draft"
    assert machine.post(f"/api/v1/articles/{slug}/submit", headers={"If-Match": '"2"'}).status_code == 200
    assert machine.post(f"/api/v1/articles/{slug}/reject", json={"comment": "x"}, headers=stale).status_code == 412
    assert machine.delete(f"/api/v1/articles/{slug}", headers={"If-Match": '"3"'}).status_code == 204


def test_a_proposal_moves_the_version_so_a_second_proposal_on_the_old_one_is_412(desk):
    slug = desk.create("machine")["slug"]
    version = {"If-Match": '"1"'}
    first = desk.as_("editor").patch(f"/api/v1/articles/{slug}", json={"title": "Đề xuất một"}, headers=version)
    assert first.status_code == 200 and first.get_json()["pending_revision"]["id"] == 2
    other_editor = desk.as_("admin").patch(f"/api/v1/articles/{slug}", json={"title": "Đề xuất hai"}, headers=version)
    assert other_editor.status_code == 412 and other_editor.get_json()["error"]["saved_by"] == "bien.tap"
    assert desk.as_("editor").get(f"/api/v1/articles/{slug}/revisions/2").get_json()["title"] == "Đề xuất một"


def test_saves_made_at_once_on_one_version_exactly_one_wins(any_staff_app, staff):
    """Eight editors' saves on version 1 at the same moment, over HTTP to the served service: one
    200, seven 412, and the article holds the one that won."""
    with serve_app(any_staff_app) as url:
        machine = staff.headers("machine")
        created = requests.post(f"{url}/api/v1/articles", json=article(status="draft"), headers=machine, timeout=10)
        slug = created.json()["slug"]
        names = ["editor", "approver", "admin", "machine"] * 2
        barrier, answers = threading.Barrier(len(names)), [None] * len(names)

        def save(number):
            headers = {**staff.headers(names[number]), "If-Match": '"1"'}
            barrier.wait()
            answers[number] = requests.patch(
                f"{url}/api/v1/articles/{slug}", json={"title": f"Bản {number}"}, headers=headers, timeout=30
            )

        threads = [threading.Thread(target=save, args=(number,)) for number in range(len(names))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses == [200] + [412] * (len(names) - 1), statuses
        winner = next(number for number, answer in enumerate(answers) if answer.status_code == 200)
        final = requests.get(f"{url}/api/v1/articles/{slug}", headers=machine, timeout=10).json()
        assert final["title"] == f"Bản {winner}" and final["version"] == 2
        history = requests.get(f"{url}/api/v1/articles/{slug}/revisions", headers=machine, timeout=10).json()
        assert [item["id"] for item in history["items"]] == [2, 1]
        assert all(answer.json()["error"]["current_version"] == 2 for answer in answers if answer.status_code == 412)
