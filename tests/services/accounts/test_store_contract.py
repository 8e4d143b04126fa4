"""The accounts store's contract, on every document backend (SQLite, MongoDB over the wire, real
MongoDB when MONGO_TEST_URL is set): accounts, token versions, the last active admin, the
compare-and-set rehash, the append-only audit log with its filters and order; and the flows that
rest on them, through HTTP."""

import time

import pytest

from portal_common.store import get_store
from services.accounts.store.errors import LastActiveAdmin, UsernameTaken

from .conftest import MACHINE, PASSWORD, audit, bearer, make_user, sign_in

AT = "2026-06-01T08:00:00+07:00"


def account(username, roles=("editor",), **extra):
    return {
        "username": username,
        "display_name": username.title(),
        "roles": list(roles),
        "categories": None,
        "password_hash": f"hash-of-{username}",
        "disabled": False,
        "token_version": 1,
        "created_at": AT,
        "updated_at": AT,
        "password_changed_at": AT,
        **extra,
    }


@pytest.fixture
def store(any_app):
    with any_app.app_context():
        yield get_store()


def test_create_get_and_list(store):
    created = store.create_user(account("bich", categories=["tin-tuc", "thong-bao"]))
    assert created == account("bich", categories=["tin-tuc", "thong-bao"])
    store.create_user(account("an", roles=("admin", "approver")))
    store.create_user(account("chau"))
    with pytest.raises(UsernameTaken):
        store.create_user(account("an"))
    assert store.get_user("nobody") is None
    first, total = store.list_users(0, 2)
    assert total == 3 and [found["username"] for found in first] == ["an", "bich"]
    rest, _ = store.list_users(2, 2)
    assert [found["username"] for found in rest] == ["chau"]
    assert store.get_user("an")["roles"] == ["admin", "approver"]


def test_update_and_token_version(store):
    store.create_user(account("dung"))
    changed = store.update_user("dung", {"display_name": "Dũng", "updated_at": "2026-06-02T08:00:00+07:00"})
    assert changed["display_name"] == "Dũng" and changed["token_version"] == 1
    disabled = store.update_user("dung", {"disabled": True}, bump_version=True)
    assert disabled["disabled"] is True and disabled["token_version"] == 2
    recategorised = store.update_user("dung", {"categories": ["tin-tuc"], "roles": ["contributor"]}, bump_version=True)
    assert recategorised["categories"] == ["tin-tuc"] and recategorised["roles"] == ["contributor"]
    assert recategorised["token_version"] == 3
    assert store.update_user("dung", {"categories": None})["categories"] is None
    assert store.update_user("nobody", {"disabled": True}) is None


def test_the_last_active_admin_stays(store):
    store.create_user(account("giang", roles=("admin",)))
    store.create_user(account("ha", roles=("admin", "editor")))
    store.create_user(account("khoa", roles=("admin",), disabled=True))
    assert store.active_admin_count() == 2
    assert store.update_user("giang", {"roles": ["editor"]}, bump_version=True)["roles"] == ["editor"]
    assert store.active_admin_count() == 1
    with pytest.raises(LastActiveAdmin):
        store.update_user("ha", {"roles": ["editor"]}, bump_version=True)
    with pytest.raises(LastActiveAdmin):
        store.update_user("ha", {"disabled": True}, bump_version=True)
    kept = store.get_user("ha")
    assert kept["roles"] == ["admin", "editor"] and not kept["disabled"] and kept["token_version"] == 1
    # Other changes to the last admin go through; a disabled admin does not count.
    assert store.update_user("ha", {"display_name": "Hà"})["display_name"] == "Hà"
    assert store.update_user("khoa", {"roles": ["editor"]})["roles"] == ["editor"]
    assert store.active_admin_count() == 1


def test_rehash_never_undoes_a_password_change(store):
    store.create_user(account("lan"))
    assert store.replace_password_hash("lan", "hash-of-lan", "rehashed") is True
    store.update_user("lan", {"password_hash": "changed"}, bump_version=True)
    assert store.replace_password_hash("lan", "rehashed", "stale-rehash") is False
    assert store.get_user("lan")["password_hash"] == "changed"


def test_audit_is_appended_filtered_and_newest_first(store):
    entries = [
        ("auth.sign_in", "minh", "minh"),
        ("user.create", "nga", "minh"),
        ("auth.sign_in_failed", "nga", None),
        ("article.publish", "ke-hoach-2026", "nga"),
    ]
    for action, target, user in entries:
        recorded = store.add_audit(
            {
                "at": AT,
                "user": user,
                "action": action,
                "target": target,
                "request_id": "r1",
                "ip": "203.0.113.9",
                "detail": {"n": 1, "tên": "Giáo dục"},
            }
        )
        assert recorded["id"] and recorded["action"] == action
    found, total = store.audit_entries(limit=10)
    assert total == 4 and [entry["action"] for entry in found] == [action for action, _, _ in reversed(entries)]
    assert found[0]["detail"] == {"n": 1, "tên": "Giáo dục"} and found[0]["ip"] == "203.0.113.9"
    assert [entry["id"] for entry in found] == sorted((entry["id"] for entry in found), reverse=True)
    by_target, total = store.audit_entries(target="nga")
    assert total == 2 and [entry["action"] for entry in by_target] == ["auth.sign_in_failed", "user.create"]
    assert store.audit_entries(user="minh", action="user.create")[1] == 1
    page, total = store.audit_entries(offset=3, limit=2)
    assert total == 4 and [entry["action"] for entry in page] == ["auth.sign_in"]
    assert not hasattr(store, "delete_audit") and not hasattr(store, "update_audit")


def test_sign_in_disable_and_revocation_over_http(any_app):
    client = any_app.test_client()
    make_user(client, "oanh", roles=["admin"])
    make_user(client, "phuc")
    token = sign_in(client, "phuc").get_json()["token"]
    admin = sign_in(client, "oanh").get_json()["token"]
    assert client.get("/api/v1/auth/check", headers=bearer(token)).status_code == 200
    assert client.patch("/api/v1/users/phuc", json={"disabled": True}, headers=bearer(admin)).status_code == 200
    assert client.get("/api/v1/auth/check", headers=bearer(token)).status_code == 401
    assert sign_in(client, "phuc").status_code == 401
    assert client.patch("/api/v1/users/oanh", json={"roles": ["editor"]}, headers=MACHINE).status_code == 409
    kinds = {entry["action"] for entry in audit(client)}
    assert {"user.create", "auth.sign_in", "user.disable", "auth.sign_in_failed"} <= kinds
    assert sign_in(client, "oanh", PASSWORD).status_code == 200


def test_revoked_tokens_are_kept_until_they_would_have_expired(store):
    now = int(time.time())
    store.revoke_token("jti-gone", now - 10)  # already past its expiry
    store.revoke_token("jti-kept", now + 3600)
    assert store.token_revoked("jti-kept") and not store.token_revoked("jti-never")
    store.revoke_token("jti-kept", now + 3600)  # twice is once
    kept = {record["token_id"] for record in store.export_records("revoked_tokens")}
    # SQLite prunes on the next revocation; MongoDB's TTL monitor removes them in its own time.
    assert "jti-kept" in kept and kept <= {"jti-gone", "jti-kept"}
