"""Staff tokens (portal_common.staff_tokens): what verify accepts and refuses; the service's 401s
for tampered, expired and malformed tokens; revocation at once (disable, password change, role
change) through GET /api/v1/auth/check, and check_with_accounts over real HTTP."""

import base64
import json
import time
import warnings

import jwt
import pytest

from portal_common import staff_tokens
from portal_common.staff_tokens import AccountsUnavailable, InvalidStaffToken
from tests.support.live import serve_app
from tools.processes import free_port

from .conftest import MACHINE, PASSWORD, SIGNING_KEY, audit, bearer, make_user, sign_in, token_for

USER = {"username": "lan", "roles": ["editor"], "categories": ["tin-tuc"], "token_version": 3}
OTHER_KEY = "another-deployments-signing-key-0123456789"


def _segment(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def with_payload(token, **changes):
    """`token` with its claims changed and its old signature kept (a forgery)."""
    header, _, signature = token.split(".")
    return ".".join([header, _segment({**_claims(token), **changes}), signature])


def with_signature_changed(token):
    header, payload, signature = token.split(".")
    middle = len(signature) // 2
    flipped = "A" if signature[middle] != "A" else "B"
    return ".".join([header, payload, signature[:middle] + flipped + signature[middle + 1 :]])


def signed(claims, key=SIGNING_KEY, algorithm="HS256"):
    with warnings.catch_warnings():  # our key is short for HS512: the forgery needs it as it is
        warnings.simplefilter("ignore")
        return jwt.encode(claims, key, algorithm=algorithm)


def good_claims(**changes):
    now = int(time.time())
    base = {"iss": "portal-accounts", "sub": "lan", "roles": ["editor"], "categories": None, "ver": 1}
    return {**base, "iat": now, "exp": now + 3600, "jti": "x", **changes}


def test_issue_and_verify():
    token, expires_at = staff_tokens.issue(SIGNING_KEY, USER, 8)
    assert staff_tokens.looks_like_staff_token(token)
    claims = staff_tokens.verify(SIGNING_KEY, token)
    assert (claims["sub"], claims["roles"], claims["categories"], claims["ver"]) == ("lan", ["editor"], ["tin-tuc"], 3)
    assert claims["exp"] - claims["iat"] == 8 * 3600 and claims["iss"] == "portal-accounts"
    assert expires_at.utcoffset().total_seconds() == 7 * 3600 and int(expires_at.timestamp()) == claims["exp"]
    again, _ = staff_tokens.issue(SIGNING_KEY, USER, 8)
    assert _claims(again)["jti"] != claims["jti"]


@pytest.mark.parametrize(
    "forge, reason",
    [
        (lambda token: with_payload(token, roles=["admin"]), "invalid"),
        (lambda token: with_payload(token, sub="admin"), "invalid"),
        (lambda token: with_payload(token, exp=int(time.time()) + 10**6), "invalid"),
        (with_signature_changed, "invalid"),
        (lambda token: staff_tokens.issue(OTHER_KEY, USER, 8)[0], "invalid"),
        (lambda token: staff_tokens.issue(SIGNING_KEY, USER, 1, now=time.time() - 7200)[0], "expired"),
        (lambda token: signed(good_claims(), algorithm="HS512"), "invalid"),
        (lambda token: jwt.encode(good_claims(), None, algorithm="none"), "invalid"),
        (lambda token: signed(good_claims(iss="someone-else")), "invalid"),
        (lambda token: signed({key: value for key, value in good_claims().items() if key != "ver"}), "invalid"),
        (lambda token: signed(good_claims(ver="1")), "invalid"),
        (lambda token: signed(good_claims(roles="admin")), "invalid"),
        (lambda token: signed(good_claims(iat=int(time.time()) + 3600)), "invalid"),
        (lambda token: "not-a-token", "invalid"),
        (lambda token: "a.b.c", "invalid"),
        (lambda token: token + "." + token, "invalid"),
        (lambda token: "x" * 5000, "invalid"),
        (lambda token: "", "invalid"),
    ],
)
def test_verify_refuses_what_we_did_not_issue_unchanged(forge, reason):
    token, _ = staff_tokens.issue(SIGNING_KEY, USER, 8)
    with pytest.raises(InvalidStaffToken) as refused:
        staff_tokens.verify(SIGNING_KEY, forge(token))
    assert refused.value.reason == reason
    assert refused.value.message == staff_tokens.MESSAGES[reason]


def test_a_missing_or_short_key_is_a_configuration_error_not_a_bad_token():
    for key in (None, "", "too-short"):
        with pytest.raises(ValueError, match="AUTH_SIGNING_KEY"):
            staff_tokens.issue(key, USER, 8)
        with pytest.raises(ValueError, match="AUTH_SIGNING_KEY"):
            staff_tokens.verify(key, "a.b.c")
    with pytest.raises(ValueError):
        staff_tokens.issue(SIGNING_KEY, USER, 0)


def test_header_helpers():
    assert staff_tokens.bearer_token("Bearer abc ") == "abc"
    assert staff_tokens.bearer_token("bearer abc") == "abc"
    assert staff_tokens.bearer_token("Basic abc") is None and staff_tokens.bearer_token("") is None
    assert staff_tokens.is_machine_token("s3cret", "s3cret") and not staff_tokens.is_machine_token("s3cret", None)
    assert not staff_tokens.looks_like_staff_token("test-admin-token")
    assert list(staff_tokens.ROLES) == ["contributor", "editor", "approver", "exam_officer", "admin"]
    assert staff_tokens.ROLES["approver"] == "Lãnh đạo duyệt tin"


def _account(client, username):
    return client.get(f"/api/v1/users/{username}", headers=MACHINE).get_json()


@pytest.mark.parametrize(
    "forge, reason",
    [
        (lambda token: with_payload(token, roles=["admin"]), "invalid"),
        (with_signature_changed, "invalid"),
        (lambda token: staff_tokens.issue(OTHER_KEY, {**USER, "username": "mai"}, 8)[0], "invalid"),
        (
            lambda token: staff_tokens.issue(
                SIGNING_KEY, {"username": "mai", "roles": ["admin"], "token_version": 1}, 1, now=time.time() - 3700
            )[0],
            "expired",
        ),
        (lambda token: "eyJhbGciOi.bad.token", "invalid"),
        (lambda token: "rubbish", "invalid"),
    ],
)
def test_the_service_answers_401_to_bad_tokens(client, forge, reason):
    token = token_for(client, "mai", roles=["admin"])
    bad = forge(token)
    for method, path in (("GET", "/api/v1/auth/check"), ("GET", "/api/v1/users"), ("GET", "/api/v1/audit")):
        response = client.open(path, method=method, headers=bearer(bad))
        assert response.status_code == 401, (path, response.get_json())
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert response.get_json()["error"]["reason"] == reason
    assert client.get("/api/v1/users", headers=bearer(token)).status_code == 200


def test_disabling_ends_the_accounts_tokens_at_once(client):
    token = token_for(client, "nga")
    assert client.patch("/api/v1/users/nga", json={"disabled": True}, headers=MACHINE).status_code == 200
    refused = client.get("/api/v1/auth/check", headers=bearer(token))
    assert refused.status_code == 401 and refused.get_json()["error"]["reason"] == "revoked"
    client.patch("/api/v1/users/nga", json={"disabled": False}, headers=MACHINE)
    assert client.get("/api/v1/auth/check", headers=bearer(token)).status_code == 401  # re-enabling revives none
    fresh = sign_in(client, "nga").get_json()["token"]
    assert client.get("/api/v1/auth/check", headers=bearer(fresh)).status_code == 200


def test_signing_out_ends_that_token_alone_on_every_store(any_app):
    client = any_app.test_client()
    token = token_for(client, "tan")
    other = sign_in(client, "tan").get_json()["token"]  # the same account on another device
    assert client.delete("/api/v1/auth/token").status_code == 401  # no token: nothing to end
    assert client.delete("/api/v1/auth/token", headers=MACHINE).status_code == 401  # not a staff token
    assert client.delete("/api/v1/auth/token", headers=bearer(token)).status_code == 204
    refused = client.get("/api/v1/auth/check", headers=bearer(token))
    assert refused.status_code == 401 and refused.get_json()["error"]["reason"] == "revoked"
    assert "đã đăng xuất" in refused.get_json()["error"]["message"]
    assert client.delete("/api/v1/auth/token", headers=bearer(token)).status_code == 401  # once
    assert client.get("/api/v1/auth/check", headers=bearer(other)).status_code == 200
    [entry] = audit(client, action="auth.sign_out")
    assert (entry["user"], entry["target"]) == ("tan", "tan")


def test_a_password_change_by_an_admin_ends_the_tokens_at_once(client):
    token = token_for(client, "oanh")
    new_password = "Mat-khau-moi-2026-xyz"
    assert client.patch("/api/v1/users/oanh", json={"password": new_password}, headers=MACHINE).status_code == 200
    assert client.get("/api/v1/auth/check", headers=bearer(token)).status_code == 401
    assert sign_in(client, "oanh").status_code == 401
    assert sign_in(client, "oanh", new_password).status_code == 200


def test_a_role_change_ends_the_tokens_a_display_name_change_does_not(client):
    token = token_for(client, "phuong", roles=["editor", "approver"])
    client.patch("/api/v1/users/phuong", json={"display_name": "Phương"}, headers=MACHINE)
    assert client.get("/api/v1/auth/check", headers=bearer(token)).get_json()["user"]["display_name"] == "Phương"
    client.patch("/api/v1/users/phuong", json={"roles": ["editor"]}, headers=MACHINE)
    assert client.get("/api/v1/auth/check", headers=bearer(token)).status_code == 401
    again = sign_in(client, "phuong").get_json()
    assert again["user"]["roles"] == ["editor"] and _claims(again["token"])["roles"] == ["editor"]


def test_ones_own_password_change_answers_a_new_token_and_ends_the_others(client):
    token = token_for(client, "quynh")
    other_session = sign_in(client, "quynh").get_json()["token"]
    wrong = client.post(
        "/api/v1/auth/password",
        json={"current_password": "not-it-at-all", "new_password": "Quynh-doi-mat-khau-1"},
        headers=bearer(token),
    )
    assert wrong.status_code == 422 and wrong.get_json()["error"]["field"] == "current_password"
    weak = client.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "1234567890"},
        headers=bearer(token),
    )
    assert weak.status_code == 422 and weak.get_json()["error"]["field"] == "new_password"
    changed = client.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "Doi-mat-khau-that-2026"},
        headers=bearer(token),
    )
    assert changed.status_code == 200 and set(changed.get_json()) == {"token", "expires_at", "user"}
    for old in (token, other_session):
        assert client.get("/api/v1/auth/check", headers=bearer(old)).status_code == 401
    assert client.get("/api/v1/auth/check", headers=bearer(changed.get_json()["token"])).status_code == 200
    assert sign_in(client, "quynh", "Doi-mat-khau-that-2026").status_code == 200
    (own,) = audit(client, action="user.password")
    assert (own["user"], own["target"], own["detail"]) == ("quynh", "quynh", {"own": True})
    assert client.post("/api/v1/auth/password", json={}, headers=MACHINE).status_code == 401


def test_the_check_answers_the_account_as_it_is(client):
    make_user(client, "son", roles=["contributor"], categories=["tin-tuc", "thong-bao"])
    token = sign_in(client, "son").get_json()["token"]
    answer = client.get("/api/v1/auth/check", headers=bearer(token))
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert answer.get_json() == {
        "user": {
            "username": "son",
            "display_name": "Son",
            "roles": ["contributor"],
            "categories": ["thong-bao", "tin-tuc"],
        }
    }
    assert client.get("/api/v1/auth/check", headers=MACHINE).status_code == 401  # not a staff token
    assert client.get("/api/v1/auth/check").status_code == 401


def test_check_with_accounts_over_http(app):
    staff_tokens.forget_checks()
    client = app.test_client()
    token = token_for(client, "tuan", roles=["exam_officer"])
    expired, _ = staff_tokens.issue(
        SIGNING_KEY, {**_account(client, "tuan"), "token_version": 1}, 1, now=time.time() - 4000
    )
    with serve_app(app) as url:
        user = staff_tokens.check_with_accounts(url, token, timeout=5)
        assert user == {"username": "tuan", "display_name": "Tuan", "roles": ["exam_officer"], "categories": None}
        client.patch("/api/v1/users/tuan", json={"disabled": True}, headers=MACHINE)
        # Kept at most a second (CHECK_CACHE_SECONDS): within the contract's 5 s.
        time.sleep(staff_tokens.CHECK_CACHE_SECONDS + 0.1)
        with pytest.raises(InvalidStaffToken) as refused:
            staff_tokens.check_with_accounts(url, token, timeout=5)
        assert refused.value.reason == "revoked"
        with pytest.raises(InvalidStaffToken) as refused:
            staff_tokens.check_with_accounts(url, expired, timeout=5)
        assert refused.value.reason == "expired"
        with pytest.raises(InvalidStaffToken):
            staff_tokens.check_with_accounts(url, "test-admin-token", timeout=5)
    with pytest.raises(AccountsUnavailable):
        staff_tokens.check_with_accounts(f"http://127.0.0.1:{free_port()}", token, timeout=1)


def test_check_with_accounts_keeps_a_valid_answer_for_a_second_at_most(app, monkeypatch):
    staff_tokens.forget_checks()
    client = app.test_client()
    token = token_for(client, "uyen")
    with serve_app(app) as url:
        staff_tokens.check_with_accounts(url, token, timeout=5)
        calls = []
        real_get = staff_tokens.requests.Session.get
        monkeypatch.setattr(
            staff_tokens.requests.Session, "get", lambda self, *a, **k: calls.append(1) or real_get(self, *a, **k)
        )
        staff_tokens.check_with_accounts(url, token, timeout=5)
        assert calls == []
        time.sleep(staff_tokens.CHECK_CACHE_SECONDS + 0.1)
        staff_tokens.check_with_accounts(url, token, timeout=5)
        assert calls == [1]
