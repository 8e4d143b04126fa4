"""Fixtures for the exams service, as in Flask's tutorial: `app`, `client`, `runner`, plus
`put_results` to import a file through the real HTTP route.

`app` runs on the embedded SQLite store; `any_app` on every document backend (the contract)."""

import os

import pytest

from services.exams import create_app
from tests.conftest import TEST_ADMIN_TOKEN

TOKEN = TEST_ADMIN_TOKEN
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def fixture_bytes(name):
    with open(os.path.join(FIXTURES, name), "rb") as source:
        return source.read()


@pytest.fixture
def app(embedded_config):
    return create_app(embedded_config)


@pytest.fixture
def any_app(backend_config):
    return create_app(backend_config)


def put(client, exam_id, body, query="", headers=None):
    return client.put(
        f"/api/v1/exams/{exam_id}/results{query}",
        data=body,
        headers={**ADMIN, "Content-Type": "text/csv", **(headers or {})},
    )


@pytest.fixture
def put_results(client):
    """put_results(exam_id, body or fixture name, query='', headers=None) → response."""

    def send(exam_id, body, query="", headers=None):
        if isinstance(body, str):
            body = fixture_bytes(body)
        return put(client, exam_id, body, query, headers)

    return send
