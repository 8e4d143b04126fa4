"""The audit log: entries other services post (and portal_common.audit, their client), the
admin's reading with filters, newest first, and its append-only storage."""

import logging
import sqlite3

import pytest
from flask import Flask, g

from portal_common import audit as audit_client
from portal_common.store import get_store
from tests.conftest import TEST_ADMIN_TOKEN
from tests.support.live import serve_app
from tools.processes import free_port

from .conftest import MACHINE, SIGNING_KEY, audit, bearer, make_user, sign_in


def post(client, body, headers=None):
    return client.post("/api/v1/audit", json=body, headers={**MACHINE, **(headers or {})})


def test_a_posted_entry_is_dated_here_and_answered(client):
    response = post(
        client,
        {
            "action": "article.publish",
            "target": "ke-hoach-tuyen-sinh-2026",
            "user": "hoa",
            "request_id": "req-1234",
            "client": "203.0.113.7",
            "detail": {"title": "Kế hoạch tuyển sinh"},
        },
    )
    assert response.status_code == 201
    entry = response.get_json()
    assert set(entry) == {"id", "at", "user", "action", "target", "request_id", "ip", "detail"}
    assert entry["at"].endswith("+07:00") and entry["ip"] == "203.0.113.7" and entry["request_id"] == "req-1234"
    assert audit(client) == [entry]


def test_defaults_the_request_id_to_the_callers_and_takes_ip_for_client(client):
    entry = post(client, {"action": "album.create", "ip": "2001:db8::1"}, {"X-Request-ID": "from-gateway-77"})
    assert entry.get_json()["request_id"] == "from-gateway-77" and entry.get_json()["ip"] == "2001:db8::1"
    bare = post(client, {"action": "album.create"}).get_json()
    assert bare["ip"] is None and bare["user"] is None and bare["target"] is None  # not the calling service's address


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({}, 400, "action"),
        ({"action": 5}, 400, "action"),
        ({"action": "Article Publish"}, 422, "action"),
        ({"action": "a" * 65}, 422, "action"),
        ({"action": "x.y", "at": "2020-01-01T00:00:00+07:00"}, 400, "at"),
        ({"action": "x.y", "client": "not-an-ip"}, 422, "client"),
        ({"action": "x.y", "ip": 12}, 422, "ip"),
        ({"action": "x.y", "detail": ["a"]}, 400, "detail"),
        ({"action": "x.y", "detail": {"big": "x" * 9000}}, 422, "detail"),
        ({"action": "x.y", "request_id": "bad id with spaces"}, 422, "request_id"),
        ({"action": "x.y", "target": "t" * 301}, 422, "target"),
        ({"action": "x.y", "user": ["hoa"]}, 400, "user"),
    ],
)
def test_a_posted_entry_is_checked(client, body, status, field):
    response = post(client, body)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]["field"] == field


def test_reading_filters_and_pages_newest_first(client):
    for number in range(5):
        post(
            client, {"action": "article.update", "target": f"bai-{number % 2}", "user": "an" if number < 3 else "binh"}
        )
    everything = client.get("/api/v1/audit", headers=MACHINE).get_json()
    assert everything["total"] == 5 and [item["id"] for item in everything["items"]] == [5, 4, 3, 2, 1]
    by_user = client.get("/api/v1/audit?user=binh", headers=MACHINE).get_json()
    assert [item["id"] for item in by_user["items"]] == [5, 4]
    both = client.get("/api/v1/audit?user=an&target=bai-0", headers=MACHINE).get_json()
    assert [item["id"] for item in both["items"]] == [3, 1]
    page = client.get("/api/v1/audit?per_page=2&page=3", headers=MACHINE).get_json()
    assert [item["id"] for item in page["items"]] == [1] and page["pages"] == 3
    assert client.get("/api/v1/audit?action=" + "x" * 301, headers=MACHINE).status_code == 400
    assert client.get("/api/v1/audit?action=nothing.like.it", headers=MACHINE).get_json()["total"] == 0


def test_the_embedded_log_refuses_updates_and_deletes(app, client):
    post(client, {"action": "article.delete", "target": "bai-cu"})
    with app.app_context():
        conn = get_store().conn
        for statement in ("UPDATE audit SET action = 'nothing'", "DELETE FROM audit"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
    assert audit(client)[0]["action"] == "article.delete"


def test_every_kind_of_own_entry(client):
    make_user(client, "quan.tri", roles=["admin"])
    make_user(client, "cuong")
    sign_in(client, "cuong")
    sign_in(client, "cuong", "wrong-password-1")
    for _ in range(4):
        sign_in(client, "cuong", "wrong-password-1")
    token = sign_in(client, "quan.tri").get_json()["token"]
    for change in (
        {"roles": ["editor", "approver"]},
        {"categories": ["tin-tuc"]},
        {"display_name": "Cường"},
        {"password": "Mat-khau-moi-2026-z"},
        {"disabled": True},
        {"disabled": False},
    ):
        assert client.patch("/api/v1/users/cuong", json=change, headers=bearer(token)).status_code == 200
    kinds = {entry["action"] for entry in audit(client)}
    assert kinds == {
        "user.create",
        "auth.sign_in",
        "auth.sign_in_failed",
        "auth.locked_out",
        "user.roles",
        "user.categories",
        "user.display_name",
        "user.password",
        "user.disable",
        "user.enable",
    }


def other_service(config):
    """A stand-in for another service (articles, media…): a Flask app with the settings
    portal_common.audit reads."""
    other = Flask("other-service")
    other.config.update(config)
    return other


def test_the_client_records_with_the_acting_user(app):
    client = app.test_client()
    make_user(client, "dieu", roles=["editor"])
    token = sign_in(client, "dieu").get_json()["token"]
    with serve_app(app) as url:
        other = other_service({"ACCOUNTS_URL": url, "ADMIN_TOKEN": TEST_ADMIN_TOKEN, "AUTH_SIGNING_KEY": SIGNING_KEY})
        staff_request = {"headers": bearer(token), "environ_base": {"REMOTE_ADDR": "192.0.2.30"}}
        with other.test_request_context("/api/v1/articles", method="POST", **staff_request):
            g.request_id = "write-req-1"
            assert audit_client.record("article.create", "bai-moi", {"title": "Bài mới"}) is True
        machine_request = {"headers": MACHINE, "environ_base": {"REMOTE_ADDR": "192.0.2.31"}}
        with other.test_request_context("/api/v1/videos", method="POST", **machine_request):
            assert audit_client.record("video.create", 42) is True
        with other.app_context():
            assert audit_client.record("exam.import", "thpt-2026", user="cli") is True
    video, article = audit(client, action="video.create") + audit(client, action="article.create")
    assert (article["user"], article["target"], article["ip"]) == ("dieu", "bai-moi", "192.0.2.30")
    assert article["request_id"] == "write-req-1" and article["detail"] == {"title": "Bài mới"}
    assert (video["user"], video["target"], video["ip"]) == ("ADMIN_TOKEN", "42", "192.0.2.31")
    assert audit(client, action="exam.import")[0]["user"] == "cli"


def test_the_client_never_fails_the_write(app, caplog):
    caplog.set_level(logging.WARNING)
    down = other_service({"ACCOUNTS_URL": f"http://127.0.0.1:{free_port()}", "ADMIN_TOKEN": TEST_ADMIN_TOKEN})
    with down.test_request_context("/api/v1/articles", method="POST"):
        assert audit_client.record("article.create", "bai") is False
    without_token = other_service({"ACCOUNTS_URL": "http://127.0.0.1:9"})
    with without_token.app_context():
        assert audit_client.record("article.create", "bai") is False
    with serve_app(app) as url:
        refused = other_service({"ACCOUNTS_URL": url, "ADMIN_TOKEN": "not-the-machine-token"})
        with refused.app_context():
            assert audit_client.record("article.create", "bai") is False
        wrong_action = other_service({"ACCOUNTS_URL": url, "ADMIN_TOKEN": TEST_ADMIN_TOKEN})
        with wrong_action.app_context():
            assert audit_client.record("Not An Action", "bai") is False
            assert audit_client.record("article.create", "bai", {"unserialisable": object()}) is True
    messages = [record.getMessage() for record in caplog.records if record.name == "portal_common.audit"]
    assert messages.count("audit entry not recorded: the accounts service could not be reached") == 1
    assert messages.count("audit entry refused by the accounts service") == 2
    assert "audit entry not recorded: ADMIN_TOKEN is not set" in messages
