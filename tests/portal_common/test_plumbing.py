"""The plumbing every process shares: JSON errors, request ids, health, the admin token, metrics."""

import json
import logging

import pytest
from flask import jsonify

from portal_common.app import create_base_app
from portal_common.auth import admin_required
from portal_common.errors import ApiError
from portal_common.health import add_readiness_check


@pytest.fixture
def app(tmp_path):
    app = create_base_app(__name__, "plumbing-test", test_config={"DATA_DIR": str(tmp_path), "ADMIN_TOKEN": "s3cret"})

    @app.post("/api/v1/things")
    @admin_required
    def make_thing():
        return jsonify(ok=True), 201

    @app.get("/api/v1/things")
    def list_things():
        return jsonify(items=[])

    @app.get("/api/v1/fail")
    def fail():
        raise ApiError(422, "Trường 'title' là bắt buộc.", field="title")

    @app.get("/api/v1/crash")
    def crash():
        raise RuntimeError("boom")

    return app


@pytest.fixture
def client(app):
    return app.test_client()


def test_unknown_route_is_json_404(client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_wrong_method_is_json_405_with_allow(client):
    response = client.delete("/api/v1/fail")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.json["error"]["code"] == "method_not_allowed"


def test_api_error_names_the_field(client):
    response = client.get("/api/v1/fail")
    assert response.status_code == 422
    assert response.json == {
        "error": {"code": "unprocessable_entity", "message": "Trường 'title' là bắt buộc.", "field": "title"}
    }


def test_unexpected_exception_is_json_without_trace(client):
    response = client.get("/api/v1/crash")
    assert response.status_code == 500
    assert "boom" not in response.get_data(as_text=True)
    assert response.json["error"]["code"] == "internal_error"


def test_request_id_is_kept_or_made(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32
    # A header that could forge log lines is replaced, not echoed.
    forged = client.get("/healthz", headers={"X-Request-ID": 'x" injected'}).headers["X-Request-ID"]
    assert forged != 'x" injected' and len(forged) == 32


def test_one_json_log_line_per_request_with_its_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        client.get("/api/v1/things", headers={"X-Request-ID": "trace-me"})
    records = [r for r in caplog.records if r.name == "portal.access"]
    assert len(records) == 1
    assert records[0].request_id == "trace-me"
    assert records[0].fields["status"] == 200 and records[0].fields["route"] == "/api/v1/things"
    from portal_common.logging_setup import JsonFormatter

    line = json.loads(JsonFormatter("x").format(records[0]))
    assert line["request_id"] == "trace-me" and line["status"] == 200


def test_health_routes_polled_by_machines_write_no_access_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        assert client.get("/metrics").status_code == 200
    assert [r.fields["route"] for r in caplog.records if r.name == "portal.access"] == ["/metrics"]


def test_admin_token_missing_wrong_right(client):
    missing = client.post("/api/v1/things")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == "Bearer"
    wrong = client.post("/api/v1/things", headers={"Authorization": "Bearer nope"})
    # A token that is not ours is a 401 (the contract): 403 is for a valid token without the role.
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"] == "Bearer"
    assert client.post("/api/v1/things", headers={"Authorization": "Basic s3cret"}).status_code == 401
    assert client.post("/api/v1/things", headers={"Authorization": "Bearer s3cret"}).status_code == 201


def test_writes_closed_when_no_token_configured(tmp_path):
    app = create_base_app(__name__, "no-token", test_config={"DATA_DIR": str(tmp_path), "ADMIN_TOKEN": None})

    @app.post("/w")
    @admin_required
    def write():
        return "", 204

    assert app.test_client().post("/w", headers={"Authorization": "Bearer "}).status_code == 401
    assert app.test_client().post("/w", headers={"Authorization": "Bearer anything"}).status_code == 401


def test_readyz_names_the_part_that_is_down(app, client):
    assert client.get("/readyz").status_code == 200

    def broken():
        raise ConnectionError("storage unreachable")

    add_readiness_check(app, "storage", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["storage"]["status"] == "down"
    assert "storage unreachable" in response.json["checks"]["storage"]["error"]


def test_metrics_count_requests_by_route(client):
    client.get("/healthz")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'portal_http_requests_total{method="GET",route="/healthz",service="plumbing-test",status="200"}' in text


def test_body_over_the_cap_is_413_json(tmp_path):
    app = create_base_app(__name__, "cap", test_config={"DATA_DIR": str(tmp_path), "MAX_CONTENT_LENGTH": 10})

    @app.post("/api/v1/echo")
    def echo():
        from flask import request

        return jsonify(len=len(request.get_data()))

    response = app.test_client().post("/api/v1/echo", data=b"x" * 100)
    assert response.status_code == 413 and response.json["error"]["code"] == "payload_too_large"
