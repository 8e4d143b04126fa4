"""The gateway's JSON reads on gevent workers (gateway/gevent_reads.py) behave as urllib3's do:
the same answers, the same failures sorted the same way (refused → 503 and counted, late → 504,
5xx → 503), the pool a bound, and a wait for a connection past the read timeout a 504 that does
not count against the backend. The suite runs without gevent's patches, so each test makes the
Backend choose the gevent reads and runs its callers as greenlets of this thread."""

import socket
import threading
import time

import gevent
import pytest
from flask import Flask, jsonify, request

from gateway import gevent_reads
from gateway.backends import Backend, BackendDown, BackendTimeout
from gateway.breaker import CLOSED, OPEN, CircuitBreaker
from tests.support.live import serve_app, slow_service


@pytest.fixture
def on_gevent(monkeypatch):
    monkeypatch.setattr(gevent_reads, "available", lambda: True)


def service():
    app = Flask(__name__)
    state = {"seen": []}

    @app.get("/answer/<int:status>")
    def answer(status):
        state["seen"].append(dict(request.headers))
        body = jsonify(status=status, text="Kết quả")
        body.status_code = status
        body.headers["ETag"] = '"v1"'
        return body

    return app, state


def test_the_backend_reads_through_geventhttpclient_when_gevent_patched_the_sockets(on_gevent):
    backend = Backend("exams", "http://127.0.0.1:9", 0.5, 1.0, pool_size=2)
    assert isinstance(backend.reads, gevent_reads.GeventReads)


def test_an_answer_is_the_same_as_through_urllib3(monkeypatch):
    app, state = service()
    answers = {}
    with serve_app(app) as url:
        for transport in ("gevent", "urllib3"):
            monkeypatch.setattr(gevent_reads, "available", lambda transport=transport: transport == "gevent")
            backend = Backend("exams", url, 0.5, 2.0, pool_size=2)
            answers[transport] = [
                backend.read_answer("/answer/200", headers={"X-Forwarded-For": "203.0.113.9"}),
                backend.read_answer("/answer/404", decode=False),
            ]
    assert answers["gevent"] == answers["urllib3"]
    found, missing = answers["gevent"]
    assert found.status == 200 and found.body == {"status": 200, "text": "Kết quả"}
    assert found.headers == {"ETag": '"v1"', "Content-Type": "application/json"}
    assert missing.status == 404 and isinstance(missing.body, bytes)
    assert [seen["X-Forwarded-For"] for seen in state["seen"][::2]] == ["203.0.113.9"] * 2


def test_a_refused_connection_is_a_503_that_counts_against_the_backend(on_gevent):
    breaker = CircuitBreaker(threshold=1, cooldown=60)
    backend = Backend("exams", "http://127.0.0.1:9", 0.5, 1.0, pool_size=2, breaker=breaker)
    with pytest.raises(BackendDown):
        backend.read_answer("/answer/200")
    assert breaker.state == OPEN


def test_a_late_answer_is_a_504(on_gevent):
    app, _ = slow_service(1.0)
    with serve_app(app) as url:
        backend = Backend("exams", url, 0.5, 0.2, pool_size=2)
        started = time.monotonic()
        with pytest.raises(BackendTimeout):
            backend.read_answer("/slow")
        assert 0.2 <= time.monotonic() - started < 0.9


def test_an_unhealthy_status_is_a_503(on_gevent):
    app, _ = service()
    with serve_app(app) as url:
        backend = Backend("exams", url, 0.5, 2.0, pool_size=2)
        with pytest.raises(BackendDown):
            backend.read_answer("/answer/503")
        assert backend.read_answer("/answer/200").status == 200  # the connection is usable after


def test_no_more_calls_reach_the_backend_than_the_pool_holds(on_gevent):
    app, state = slow_service(0.1)
    with serve_app(app) as url:
        backend = Backend("exams", url, 0.5, 5.0, pool_size=2)
        callers = [gevent.spawn(backend.read_answer, "/slow") for _ in range(8)]
        gevent.joinall(callers, raise_error=True)
    assert [caller.value.status for caller in callers] == [200] * 8
    assert state["most"] == 2


def test_waiting_past_the_read_timeout_for_a_connection_is_a_504_not_a_failure_of_the_backend(on_gevent):
    app, _ = service()
    with serve_app(app) as url:
        breaker = CircuitBreaker(threshold=1, cooldown=60)
        backend = Backend("exams", url, 0.5, 0.3, pool_size=1, breaker=breaker)
        in_flight = backend.reads.free.get()  # the only connection, out as if a call held it
        try:
            started = time.monotonic()
            with pytest.raises(BackendTimeout):
                backend.read_answer("/answer/200")
            assert time.monotonic() - started >= 0.3
        finally:
            backend.reads.free.put(in_flight)
        assert breaker.state == CLOSED
        assert backend.read_answer("/answer/200").status == 200


def test_a_target_with_what_a_visitor_may_type_is_sent_percent_encoded_as_urllib3_sends_it(monkeypatch):
    app = Flask(__name__)
    seen = []

    @app.get("/search")
    def search():
        seen.append(request.full_path)
        return jsonify(q=request.args["q"])

    answers = []
    with serve_app(app) as url:
        for transport in ("gevent", "urllib3"):
            monkeypatch.setattr(gevent_reads, "available", lambda transport=transport: transport == "gevent")
            answers.append(Backend("articles", url, 0.5, 2.0, pool_size=1).read_answer('/search?q=Hà Nội "x"'))
    assert answers[0] == answers[1] and answers[0].body == {"q": 'Hà Nội "x"'}
    assert seen[0] == seen[1]


def test_a_request_the_service_closes_on_unanswered_is_sent_three_times_at_most(on_gevent):
    """A request that kills the worker serving it must not be sent on to kill all the others:
    geventhttpclient sends it again as many times as its client has connections, plus one (one
    client of 32 connections sent it 34 times); the gateway's clients have one each."""
    listener = socket.create_server(("127.0.0.1", 0))
    received = []

    def close_unanswered():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:  # the listener was closed: the test is over
                return
            received.append(connection.recv(65536))
            connection.close()

    threading.Thread(target=close_unanswered, daemon=True).start()
    try:
        backend = Backend("exams", f"http://127.0.0.1:{listener.getsockname()[1]}", 0.5, 2.0, pool_size=32)
        with pytest.raises(BackendDown):
            backend.read_answer("/api/v1/exams/x/results/01000001")
        time.sleep(0.1)
    finally:
        listener.close()
    assert 1 <= len(received) <= 3
