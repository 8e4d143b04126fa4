"""Sign-in: the answer's shape, one message for every wrong credential with the same work done
for each, and the throttling the contract asks for (per account from an address, per address,
never an account across addresses)."""

import time
from datetime import datetime, timedelta

import pytest

from portal_common import timefmt
from services.accounts import create_app

from .conftest import PASSWORD, accounts_config, audit, bearer, make_user, sign_in

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
HERE = {"REMOTE_ADDR": "198.51.100.7"}
ELSEWHERE = {"REMOTE_ADDR": "203.0.113.50"}


def limited_app(embedded_config, **limits):
    return create_app(accounts_config(embedded_config, **limits))


def test_a_sign_in_answers_the_contract_shape(client):
    make_user(client, "hoa", roles=["editor", "approver"], display_name="Nguyễn Thị Hoa")
    response = sign_in(client, "hoa")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"token", "expires_at", "user"}
    assert body["user"] == {"username": "hoa", "display_name": "Nguyễn Thị Hoa", "roles": ["editor", "approver"]}
    assert response.headers["Cache-Control"] == "no-store"
    expires = datetime.fromisoformat(body["expires_at"])
    assert body["expires_at"].endswith("+07:00")
    assert timedelta(hours=7, minutes=59) < expires - timefmt.now() <= timedelta(hours=8, seconds=5)
    assert client.get("/api/v1/auth/check", headers=bearer(body["token"])).status_code == 200


def test_the_username_is_matched_without_case_or_surrounding_spaces(client):
    make_user(client, "ngoc.anh")
    assert sign_in(client, "  Ngoc.Anh ").status_code == 200


def test_one_message_for_an_unknown_user_a_wrong_password_and_a_disabled_account(client):
    make_user(client, "khanh")
    make_user(client, "lam")
    client.patch("/api/v1/users/lam", json={"disabled": True}, headers={"Authorization": "Bearer test-admin-token"})
    answers = [
        sign_in(client, "nobody-here"),
        sign_in(client, "khanh", "not-the-password-1"),
        sign_in(client, "lam", PASSWORD),  # the right password of a disabled account
        sign_in(client, "Không Phải Tên!", PASSWORD),
    ]
    for response in answers:
        assert response.status_code == 401
        assert response.get_json() == {"error": {"code": "unauthorized", "message": WRONG}}
        assert response.headers["WWW-Authenticate"] == "Bearer"
    reasons = [entry["detail"]["reason"] for entry in audit(client, action="auth.sign_in_failed")]
    assert reasons == ["unknown_user", "disabled", "wrong_password", "unknown_user"]


def test_an_unknown_user_costs_one_argon2_verification_like_a_wrong_password(app, client, monkeypatch):
    """The loose form of "the same time for both": each path runs argon2's verify exactly once,
    with the same parameters (the dummy hash is made with the current ones)."""
    make_user(client, "minh")
    checker = app.extensions["passwords"]
    calls = []

    class Counting:
        def __init__(self, hasher):
            self.hasher = hasher

        def verify(self, stored_hash, password):
            calls.append(stored_hash.split("$")[3])  # the parameters: m=…,t=…,p=…
            return self.hasher.verify(stored_hash, password)

        def __getattr__(self, name):
            return getattr(self.hasher, name)

    monkeypatch.setattr(checker, "hasher", Counting(checker.hasher))
    for username, password in (("minh", "wrong-password-1"), ("no-such-user", "wrong-password-1"), ("minh", PASSWORD)):
        calls.clear()
        sign_in(client, username, password)
        assert len(calls) == 1, username
        assert calls[0] == "m=1024,t=1,p=1"
    assert checker.dummy_hash.startswith("$argon2id$v=19$m=1024,t=1,p=1$")


@pytest.mark.parametrize(
    "body",
    [
        {"username": "a"},
        {"password": "x"},
        {"username": 5, "password": "x"},
        {"username": "a", "password": ["x"]},
        {"username": "a", "password": "x", "remember": True},
    ],
)
def test_malformed_sign_ins_are_400(client, body):
    response = client.post("/api/v1/auth/token", json=body)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"


def test_a_non_json_sign_in_is_400(client):
    response = client.post("/api/v1/auth/token", data="username=a&password=b")
    assert response.status_code == 400


def test_five_failures_from_one_address_lock_that_pair_not_the_account(client):
    make_user(client, "nam")
    for _ in range(5):
        assert sign_in(client, "nam", "wrong-password-1", HERE).status_code == 401
    locked = sign_in(client, "nam", PASSWORD, HERE)  # even the right password, from here
    assert locked.status_code == 429
    assert 890 <= int(locked.headers["Retry-After"]) <= 900
    assert "15 phút" in locked.get_json()["error"]["message"]
    # Its owner, elsewhere, is not locked out; another account from here is not either.
    assert sign_in(client, "nam", PASSWORD, ELSEWHERE).status_code == 200
    make_user(client, "oanh")
    assert sign_in(client, "oanh", PASSWORD, HERE).status_code == 200
    lockouts = audit(client, action="auth.locked_out")
    assert [(entry["target"], entry["detail"]["scope"], entry["ip"]) for entry in lockouts] == [
        ("nam", "account_address", HERE["REMOTE_ADDR"])
    ]


def test_the_pair_lock_ends_after_its_time(embedded_config):
    client = limited_app(embedded_config, SIGNIN_PAIR_FAILURES=2, SIGNIN_LOCKOUT_SECONDS=1).test_client()
    make_user(client, "phong")
    for _ in range(2):
        sign_in(client, "phong", "wrong-password-1", HERE)
    assert sign_in(client, "phong", PASSWORD, HERE).status_code == 429
    time.sleep(1.1)
    assert sign_in(client, "phong", PASSWORD, HERE).status_code == 200


def test_a_success_forgives_the_pairs_failures(client):
    make_user(client, "quang")
    for _ in range(4):
        sign_in(client, "quang", "wrong-password-1", HERE)
    assert sign_in(client, "quang", PASSWORD, HERE).status_code == 200
    for _ in range(4):
        assert sign_in(client, "quang", "wrong-password-1", HERE).status_code == 401
    assert sign_in(client, "quang", PASSWORD, HERE).status_code == 200


def test_failures_over_many_accounts_lock_the_address(embedded_config):
    client = limited_app(embedded_config, SIGNIN_ADDRESS_FAILURES=6).test_client()
    make_user(client, "son")
    for number in range(6):
        assert sign_in(client, f"guess-{number}", "wrong-password-1", HERE).status_code == 401
    refused = sign_in(client, "son", PASSWORD, HERE)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "từ địa chỉ này" in refused.get_json()["error"]["message"]
    assert sign_in(client, "son", PASSWORD, ELSEWHERE).status_code == 200
    assert [entry["detail"]["scope"] for entry in audit(client, action="auth.locked_out")] == ["address"]


def test_every_attempt_of_an_address_is_bounded(embedded_config):
    client = limited_app(embedded_config, SIGNIN_ATTEMPTS_PER_ADDRESS="3/minute").test_client()
    make_user(client, "tam")
    for _ in range(3):
        assert sign_in(client, "tam", PASSWORD, HERE).status_code == 200
    refused = sign_in(client, "tam", PASSWORD, HERE)
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 60
    assert sign_in(client, "tam", PASSWORD, ELSEWHERE).status_code == 200


def test_the_client_address_is_the_visitors_behind_the_gateway_only(client):
    make_user(client, "uyen")
    via_gateway = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.44"}
    forged = {"REMOTE_ADDR": "198.51.100.99", "HTTP_X_FORWARDED_FOR": "192.0.2.45"}
    sign_in(client, "uyen", PASSWORD, via_gateway)
    sign_in(client, "uyen", PASSWORD, forged)
    assert [entry["ip"] for entry in audit(client, action="auth.sign_in")] == ["198.51.100.99", "192.0.2.44"]


def test_sign_ins_are_recorded(client):
    make_user(client, "vinh")
    sign_in(client, "vinh", environ={"REMOTE_ADDR": "192.0.2.8"})
    sign_in(client, "vinh", "wrong-password-1", {"REMOTE_ADDR": "192.0.2.9"})
    (success,) = audit(client, action="auth.sign_in")
    (failure,) = audit(client, action="auth.sign_in_failed")
    assert (success["user"], success["target"], success["ip"]) == ("vinh", "vinh", "192.0.2.8")
    assert (failure["user"], failure["target"], failure["ip"]) == (None, "vinh", "192.0.2.9")
    assert success["request_id"] and success["at"].endswith("+07:00")
