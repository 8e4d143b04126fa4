"""What an outside probe could do to the gateway, and no longer can: trip a breaker with requests
anyone may send, read ops routes, forge its client address, get English or cacheable errors, pass
an 8 KB X-Forwarded-For on; and what results day needs: a crowd beyond the queue turned away at
once with Retry-After (and a page that retries by itself), not served slowly to everyone."""

import threading

import pytest
from flask import Flask, jsonify, request

from gateway.backends import Backend, BackendBusy, BackendDown
from gateway.breaker import CLOSED, CircuitBreaker
from tests.support.live import serve_app


def service_answering(status):
    app = Flask(__name__)
    seen = {}

    @app.route("/x", methods=["GET", "POST"])
    def x():
        seen["xff"] = request.headers.get("X-Forwarded-For")
        return jsonify(error={"code": "e", "message": "m"}), status

    return app, seen


@pytest.mark.parametrize("status", [500, 501])
def test_a_500_is_one_requests_fault_and_never_moves_the_breaker(status):
    app, _ = service_answering(status)
    with serve_app(app) as url:
        breaker = CircuitBreaker(threshold=2, cooldown=60)
        backend = Backend("media", url, 0.5, 2.0, pool_size=2, breaker=breaker)
        for _ in range(12):
            with pytest.raises(BackendDown):
                backend.read_answer("/x")
        assert breaker.state == CLOSED


def test_an_unhealthy_answer_does_move_it():
    app, _ = service_answering(503)
    with serve_app(app) as url:
        breaker = CircuitBreaker(threshold=2, cooldown=60)
        backend = Backend("media", url, 0.5, 2.0, pool_size=2, breaker=breaker)
        for _ in range(2):
            with pytest.raises(BackendDown):
                backend.read_answer("/x")
        assert breaker.state != CLOSED


def test_failed_writes_do_not_move_the_breaker_that_protects_readers(dead_backends):
    breaker = CircuitBreaker(threshold=1, cooldown=60)
    backend = Backend("exams", dead_backends["EXAMS_URL"], 0.5, 2.0, pool_size=2, breaker=breaker)
    for _ in range(3):
        with pytest.raises(BackendDown):
            backend.send("PUT", "/x", body=b"data")
    assert breaker.state == CLOSED
    with pytest.raises(BackendDown):
        backend.read_answer("/x")
    assert breaker.state != CLOSED


def test_beyond_the_pool_and_its_queue_callers_are_turned_away_at_once():
    release = threading.Event()
    app = Flask(__name__)

    @app.get("/slow")
    def slow():
        release.wait(10)
        return jsonify(ok=True)

    with serve_app(app) as url:
        backend = Backend("exams", url, 0.5, 10.0, pool_size=1, transfer_pool_size=1, queue_limit=1)
        waiting = [threading.Thread(target=backend.read_answer, args=("/slow",), kwargs={"ttl": 0}) for _ in range(3)]
        for thread in waiting:
            thread.start()
        try:
            for _ in range(100):  # until the three are in (pools 1 + 1, queue 1)
                if backend._admitted == 3:
                    break
                threading.Event().wait(0.02)
            with pytest.raises(BackendBusy) as busy:
                backend.read_answer("/slow", ttl=0)
            assert busy.value.status == 503 and busy.value.headers["Retry-After"] == "2"
            assert 2 <= int(busy.value.headers["Refresh"]) <= 4
            assert "nhiều người truy cập" in busy.value.message
            assert backend.breaker.state == CLOSED
        finally:
            release.set()
            for thread in waiting:
                thread.join(10)


def test_ops_routes_answer_only_ops(client):
    assert client.get("/metrics").status_code == 200  # the test client comes from 127.0.0.1
    for path in ("/metrics", "/readyz", "/healthz"):
        outside = client.get(path, environ_base={"REMOTE_ADDR": "203.0.113.9"})
        assert outside.status_code == 404 and outside.headers["Cache-Control"] == "no-store", path


def test_errors_are_in_vietnamese_and_never_kept(client):
    missing = client.get("/api/v1/khong-co")
    assert missing.status_code == 404 and missing.json["error"]["message"] == "Không tìm thấy địa chỉ này."
    assert missing.headers["Cache-Control"] == "no-store"
    page = client.get("/khong-co-trang-nay")
    assert page.status_code == 404 and "Không tìm thấy" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    wrong_method = client.delete("/api/v1/categories")
    assert wrong_method.status_code == 405 and "DELETE" in wrong_method.json["error"]["message"]
    assert "not allowed" not in wrong_method.get_data(as_text=True)


def test_the_slash_redirect_is_relative_and_in_vietnamese(client):
    moved = client.get("/api/v1/", headers={"Host": "evil.example"})  # the API root has a slash
    assert moved.status_code == 200
    redirected = client.get("/api/v1", headers={"Host": "evil.example"})
    assert redirected.status_code == 308
    assert redirected.headers["Location"] == "/api/v1/"
    assert "evil.example" not in redirected.get_data(as_text=True)
    assert "Redirecting" not in redirected.get_data(as_text=True)


def test_only_the_client_address_goes_to_the_services(tmp_path, dead_backends):
    from gateway import create_app

    app, seen = service_answering(200)
    with serve_app(app) as url:
        gateway = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, **dead_backends, "EXAMS_URL": url})
        forged = {"X-Forwarded-For": "1.2.3.4, " + "9" * 8000}
        with gateway.test_request_context("/", headers=forged, environ_base={"REMOTE_ADDR": "198.51.100.4"}):
            from gateway.proxy import client_headers

            headers = client_headers()
        assert headers["X-Forwarded-For"] == "198.51.100.4"
