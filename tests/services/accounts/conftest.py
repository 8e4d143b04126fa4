"""Fixtures for the accounts service, as in Flask's tutorial: `app`, `client`, `runner`, plus
helpers to create accounts and sign in through the real HTTP routes.

`app` runs on the embedded SQLite store; `any_app` on every document backend (the contract).
argon2 runs with cheap parameters (the real ones are checked in test_passwords.py), and the
signing key is fixed so that tests can forge tokens with it."""

import pytest

from services.accounts import create_app
from tests.conftest import TEST_ADMIN_TOKEN

MACHINE = {"Authorization": f"Bearer {TEST_ADMIN_TOKEN}"}
SIGNING_KEY = "test-signing-key-0123456789-abcdefghijklmnop"
CHEAP_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024, "ARGON2_PARALLELISM": 1}
PASSWORD = "Tra-cuu-diem-thi-2026"


def accounts_config(base, **extra):
    return {**base, "AUTH_SIGNING_KEY": SIGNING_KEY, **CHEAP_ARGON2, **extra}


@pytest.fixture
def app(embedded_config):
    return create_app(accounts_config(embedded_config))


@pytest.fixture
def any_app(backend_config):
    return create_app(accounts_config(backend_config))


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def make_user(client, username, roles=("editor",), password=PASSWORD, **fields):
    body = {"username": username, "password": password, "display_name": fields.pop("display_name", username.title())}
    body.update(roles=list(roles), **fields)
    response = client.post("/api/v1/users", json=body, headers=MACHINE)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def sign_in(client, username, password=PASSWORD, environ=None):
    return client.post(
        "/api/v1/auth/token", json={"username": username, "password": password}, environ_base=environ or {}
    )


def token_for(client, username, roles=("editor",), password=PASSWORD):
    """A fresh account with `roles`, signed in: its token."""
    make_user(client, username, roles, password)
    response = sign_in(client, username, password)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["token"]


def audit(client, **filters):
    response = client.get("/api/v1/audit", query_string={"per_page": 100, **filters}, headers=MACHINE)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]
