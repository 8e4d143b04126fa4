"""Fixtures for the articles service, as in Flask's tutorial: `app`, `client`, `runner`.

`app` runs on the embedded SQLite store; `any_app` on every document backend (the contract).
Their accounts service is a port nobody listens on (the audit log's entries are refused at once
and logged); the workflow's tests serve a real one (staff.py)."""

import pytest

from services.articles import create_app
from tests.conftest import TEST_ADMIN_TOKEN
from tools.processes import free_port

TOKEN = TEST_ADMIN_TOKEN
ADMIN = {"Authorization": f"Bearer {TOKEN}"}


def nowhere():
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def app(embedded_config):
    return create_app({**embedded_config, "ACCOUNTS_URL": nowhere()})


@pytest.fixture
def any_app(backend_config):
    return create_app({**backend_config, "ACCOUNTS_URL": nowhere()})


def article(**fields):
    """A valid create body; `fields` override or add."""
    body = {"title": "Tin thử nghiệm", "category": "van-phong", "body_html": "<p>Nội dung thử nghiệm.</p>"}
    body.update(fields)
    return {name: value for name, value in body.items() if value is not None}


@pytest.fixture
def post(client):
    def create(**fields):
        response = client.post("/api/v1/articles", json=article(**fields), headers=ADMIN)
        assert response.status_code == 201, response.json
        return response.json

    return create


@pytest.fixture(scope="module")
def staff(tmp_path_factory):
    """A real accounts service (one per module) with an account for each role (staff.py)."""
    from .staff import served_staff

    with served_staff(tmp_path_factory.mktemp("accounts")) as served:
        yield served


@pytest.fixture
def staff_app(embedded_config, staff):
    """The articles service on SQLite, checking staff tokens with `staff`'s accounts service."""
    from .staff import articles_config

    return create_app(articles_config(embedded_config, staff))


@pytest.fixture
def any_staff_app(backend_config, staff):
    """The same on every document backend."""
    from .staff import articles_config

    return create_app(articles_config(backend_config, staff))


class Desk:
    """Calls on an articles app as one caller or another: `desk.as_("editor").patch(...)`."""

    def __init__(self, app, staff):
        self.app, self.staff = app, staff
        self.client = app.test_client()

    def as_(self, name, **extra_headers):
        desk = self

        class Caller:
            def __getattr__(self, method):
                def call(path, headers=None, **kwargs):
                    sent = {**desk.staff.headers(name), **extra_headers, **(headers or {})}
                    return getattr(desk.client, method)(path, headers=sent, **kwargs)

                return call

        return Caller()

    def create(self, name="contributor", **fields):
        response = self.as_(name).post("/api/v1/articles", json=article(**fields))
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def read(self, slug, name="machine"):
        response = self.as_(name).get(f"/api/v1/articles/{slug}")
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def version(self, slug):
        return self.read(slug)["version"]

    def etag(self, slug):
        return {"If-Match": f'"{self.version(slug)}"'}

    def put_in(self, slug, status):
        """Bring an article to `status` with the machine token."""
        machine = self.as_("machine")
        if status == "pending":
            assert machine.post(f"/api/v1/articles/{slug}/submit").status_code == 200
        elif status == "published":
            assert machine.post(f"/api/v1/articles/{slug}/approve").status_code == 200


@pytest.fixture
def desk(staff_app, staff):
    return Desk(staff_app, staff)


@pytest.fixture
def any_desk(any_staff_app, staff):
    return Desk(any_staff_app, staff)
