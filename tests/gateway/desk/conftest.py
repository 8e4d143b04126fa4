"""Desk fixtures: a real accounts service on a loopback port (its users made with the machine
token), and a gateway pointed at it; the other backends are dead unless a test starts them."""

import re

import pytest

from gateway import create_app
from services import accounts, articles
from tests.conftest import TEST_ADMIN_TOKEN
from tests.support.live import serve_app

SIGNING_KEY = "desk-tests-signing-key-0123456789-abcdefgh"
CHEAP_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024, "ARGON2_PARALLELISM": 1}
PASSWORD = "Soan-thao-tin-bai-2026"
MACHINE = {"Authorization": f"Bearer {TEST_ADMIN_TOKEN}"}
# The staff the tests sign in as: username → (display name, roles).
STAFF = {
    "quan-tri": ("Quản trị viên", ["admin"]),
    "cong-tac": ("Trần Văn Cộng", ["contributor"]),
    "duyet-tin": ("Lê Thị Duyệt", ["approver"]),
    "bien-tap": ("Nguyễn Thị Biên", ["editor"]),
    "khao-thi": ("Vũ Khảo Thí", ["exam_officer"]),
}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@pytest.fixture
def accounts_config(tmp_path):
    return {
        "DATA_DIR": str(tmp_path / "accounts"),
        "ADMIN_TOKEN": TEST_ADMIN_TOKEN,
        "AUTH_SIGNING_KEY": SIGNING_KEY,
        "TESTING": True,
        **CHEAP_ARGON2,
    }


@pytest.fixture
def accounts_app(accounts_config):
    app = accounts.create_app(accounts_config)
    client = app.test_client()
    for username, (display_name, roles) in STAFF.items():
        body = {"username": username, "password": PASSWORD, "display_name": display_name, "roles": roles}
        assert client.post("/api/v1/users", json=body, headers=MACHINE).status_code == 201
    return app


@pytest.fixture
def accounts_url(accounts_app):
    with serve_app(accounts_app) as url:
        yield url


@pytest.fixture
def articles_app(tmp_path, accounts_url):
    """A real articles service that checks the members' tokens with the accounts service above
    and writes its audit entries there."""
    config = {
        "DATA_DIR": str(tmp_path / "articles"),
        "ADMIN_TOKEN": TEST_ADMIN_TOKEN,
        "AUTH_SIGNING_KEY": SIGNING_KEY,
        "ACCOUNTS_URL": accounts_url,
        "TESTING": True,
    }
    return articles.create_app(config)


@pytest.fixture
def articles_url(articles_app):
    with serve_app(articles_app) as url:
        yield url


@pytest.fixture
def make_gateway(tmp_path, dead_backends, accounts_url):
    def make(**config):
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

    return make


@pytest.fixture
def app(make_gateway):
    return make_gateway()


def csrf_of(response):
    found = _CSRF.search(response.get_data(as_text=True))
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def meta_csrf_of(response):
    found = _META.search(response.get_data(as_text=True))
    assert found, "the page has no csrf-token meta tag"
    return found.group(1)


def sign_in(client, username="quan-tri", password=PASSWORD, next_path=None):
    form = client.get("/quan-tri/dang-nhap")
    data = {"username": username, "password": password, "csrf_token": csrf_of(form)}
    if next_path:
        data["next"] = next_path
    return client.post("/quan-tri/dang-nhap", data=data)
