"""Fixtures for the articles service, as in Flask's tutorial: `app`, `client`, `runner`.

`app` runs on the embedded SQLite store; `any_app` on every document backend (the contract)."""

import pytest

from services.articles import create_app
from tests.conftest import TEST_ADMIN_TOKEN

TOKEN = TEST_ADMIN_TOKEN
ADMIN = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def app(embedded_config):
    return create_app(embedded_config)


@pytest.fixture
def any_app(backend_config):
    return create_app(backend_config)


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
