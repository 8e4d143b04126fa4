"""The accounts API through the gateway: passed on to a real accounts service as sent, with the
visitor's address (its throttling and audit log count the visitor, not the gateway); sign-in
limited per address at the gateway too; writes without a token refused before any body goes on;
POST /api/v1/audit never offered; nothing kept by any cache, and a sign-in empties none."""

import pytest

from gateway import create_app
from gateway.backends import CONTENT_BACKENDS
from services import accounts
from tests.conftest import TEST_ADMIN_TOKEN
from tests.support.live import serve_app

SIGNING_KEY = "gateway-accounts-signing-key-0123456789-abc"
CHEAP_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024, "ARGON2_PARALLELISM": 1}
PASSWORD = "Tra-cuu-diem-thi-2026"
MACHINE = {"Authorization": f"Bearer {TEST_ADMIN_TOKEN}"}


@pytest.fixture
def accounts_app(tmp_path):
    config = {"DATA_DIR": str(tmp_path / "accounts"), "ADMIN_TOKEN": TEST_ADMIN_TOKEN, "AUTH_SIGNING_KEY": SIGNING_KEY}
    return accounts.create_app({**config, **CHEAP_ARGON2, "TESTING": True})


@pytest.fixture
def accounts_url(accounts_app):
    body = {"username": "quan-tri", "password": PASSWORD, "display_name": "Quản trị", "roles": ["admin"]}
    assert accounts_app.test_client().post("/api/v1/users", json=body, headers=MACHINE).status_code == 201
    with serve_app(accounts_app) as url:
        yield url


def gateway(tmp_path, dead_backends, accounts_url, **config):
    return create_app(
        {
            "DATA_DIR": str(tmp_path / "gw"),
            "TESTING": True,
            "ADMIN_TOKEN": TEST_ADMIN_TOKEN,
            "AUTH_SIGNING_KEY": SIGNING_KEY,
            **dead_backends,
            "ACCOUNTS_URL": accounts_url,
            **config,
        }
    )


@pytest.fixture
def client(tmp_path, dead_backends, accounts_url):
    return gateway(tmp_path, dead_backends, accounts_url).test_client()


def sign_in(client, password=PASSWORD, address="198.51.100.1"):
    return client.post(
        "/api/v1/auth/token",
        json={"username": "quan-tri", "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_sign_in_then_the_users_api_and_the_audit_log_through_the_gateway(client, accounts_app):
    signed_in = sign_in(client)
    assert signed_in.status_code == 200, signed_in.get_json()
    assert signed_in.headers["Cache-Control"] == "no-store"
    assert set(signed_in.get_json()) == {"token", "expires_at", "user"}
    admin = {"Authorization": f"Bearer {signed_in.get_json()['token']}"}
    assert client.get("/api/v1/auth/check", headers=admin).get_json()["user"]["username"] == "quan-tri"
    body = {"username": "bien-tap", "password": PASSWORD, "display_name": "Biên tập", "roles": ["editor"]}
    created = client.post("/api/v1/users", json=body, headers=admin)
    assert created.status_code == 201 and created.headers["Location"] == "/api/v1/users/bien-tap"
    changed = client.patch("/api/v1/users/bien-tap", json={"roles": ["editor", "approver"]}, headers=admin)
    assert changed.status_code == 200 and changed.get_json()["roles"] == ["editor", "approver"]
    listed = client.get("/api/v1/users", query_string={"per_page": 10}, headers=admin)
    assert listed.status_code == 200 and listed.headers["Cache-Control"] == "no-store"
    assert [user["username"] for user in listed.get_json()["items"]] == ["bien-tap", "quan-tri"]
    assert client.get("/api/v1/users/bien-tap", headers=admin).get_json()["display_name"] == "Biên tập"
    entries = client.get("/api/v1/audit", query_string={"user": "quan-tri"}, headers=admin)
    assert entries.status_code == 200 and entries.headers["Cache-Control"] == "no-store"
    # The visitor's address, passed on in X-Forwarded-For, not the gateway's.
    sign_ins = [entry for entry in entries.get_json()["items"] if entry["action"] == "auth.sign_in"]
    assert sign_ins and sign_ins[0]["ip"] == "198.51.100.1"
    roles = client.get("/api/v1/roles")
    assert roles.status_code == 200 and "public" in roles.headers["Cache-Control"]
    assert [role["key"] for role in roles.get_json()["items"]][-1] == "admin"


def test_the_services_answers_and_challenge_come_back_as_they_are(client):
    wrong = sign_in(client, password="not-the-password")
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"] == "Bearer"
    assert wrong.get_json()["error"]["message"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert wrong.headers["Cache-Control"] == "no-store"
    anonymous = client.get("/api/v1/users")
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"] == "Bearer"
    assert client.post("/api/v1/auth/token", data=b"not json", content_type="application/json").status_code == 400


def test_failed_sign_ins_are_counted_per_visitor_address(tmp_path, dead_backends, accounts_url):
    client = gateway(tmp_path, dead_backends, accounts_url).test_client()
    # Five failures for one account from one address lock that pair out (the contract)…
    for _ in range(5):
        assert sign_in(client, password="not-the-password", address="203.0.113.5").status_code == 401
    locked = sign_in(client, address="203.0.113.5")
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    # …and not the account's owner elsewhere: the service sees each visitor's own address.
    assert sign_in(client, address="203.0.113.99").status_code == 200


def test_sign_in_is_limited_per_address_at_the_gateway(tmp_path, dead_backends, accounts_url):
    client = gateway(tmp_path, dead_backends, accounts_url, RATE_LIMIT_SIGN_IN="2/minute").test_client()
    assert [sign_in(client).status_code for _ in range(2)] == [200, 200]
    limited = sign_in(client)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert limited.get_json()["error"]["code"] == "too_many_requests" and limited.headers["Cache-Control"] == "no-store"
    assert sign_in(client, address="198.51.100.2").status_code == 200  # another visitor is not affected


def test_writes_without_a_token_are_refused_before_the_service_and_the_audit_write_is_never_offered(
    tmp_path, dead_backends
):
    client = gateway(tmp_path, dead_backends, dead_backends["ACCOUNTS_URL"]).test_client()
    for method, path in (("post", "/api/v1/users"), ("patch", "/api/v1/users/x"), ("post", "/api/v1/auth/password")):
        refused = getattr(client, method)(path, json={})
        assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer", path
    assert client.post("/api/v1/audit", json={"action": "x"}, headers=MACHINE).status_code == 405
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "post" not in spec["paths"]["/api/v1/audit"] and "get" in spec["paths"]["/api/v1/audit"]
    assert "security" not in spec["paths"]["/api/v1/auth/token"]["post"]
    assert sign_in(client).status_code == 503  # the accounts service down: the gateway says so


def test_nothing_of_accounts_is_cached_and_a_sign_in_empties_no_cache(tmp_path, dead_backends, accounts_url):
    app = gateway(tmp_path, dead_backends, accounts_url)
    assert app.config["CACHE_TTL_ACCOUNTS"] == 0 and "accounts" not in CONTENT_BACKENDS
    assert "accounts" not in app.extensions["content_versions"].backends  # its version is never polled
    cleared = []
    app.extensions["page_cache"].clear = lambda: cleared.append(True)
    client = app.test_client()
    assert sign_in(client).status_code == 200
    assert cleared == []
    client.get("/api/v1/roles")
    assert len(app.extensions["page_cache"]) == 0
