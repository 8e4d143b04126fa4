"""The gateway's pool of connections to one backend is a bound: however many visitors a gevent
worker holds at once, no more than BACKEND_POOL_SIZE calls reach the service together, and a
call that waited its read timeout for a connection is a 504 that does not count against the
backend's circuit (the backend did nothing wrong)."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from gateway.backends import Backend, BackendTimeout, close
from gateway.breaker import CLOSED, CircuitBreaker
from tests.support.live import serve_app, slow_service


def test_no_more_calls_reach_the_backend_than_the_pool_holds():
    app, state = slow_service(0.1)
    with serve_app(app) as url:
        backend = Backend("articles", url, 0.5, 5.0, pool_size=2)
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: backend.read_answer("/slow"), range(8)))
    assert [answer.status for answer in answers] == [200] * 8
    assert state["most"] == 2


def test_waiting_past_the_read_timeout_for_a_connection_is_a_504_not_a_failure_of_the_backend():
    app, _ = slow_service(0)
    with serve_app(app) as url:
        breaker = CircuitBreaker(threshold=1, cooldown=60)
        backend = Backend("articles", url, 0.5, 0.3, pool_size=1, breaker=breaker)
        in_flight = backend.calls._get_conn()  # the only connection, out as if a call held it
        try:
            started = time.monotonic()
            with pytest.raises(BackendTimeout):
                backend.read_answer("/slow")
            assert time.monotonic() - started >= 0.3
        finally:
            backend.calls._put_conn(in_flight)
        assert breaker.state == CLOSED
        assert backend.read_answer("/slow").status == 200


def test_writes_and_streamed_bytes_are_bounded_too_on_their_own_pool():
    """Transfers (writes, uploads, media bytes) queue on their own bounded pool, so a crowd of
    videos neither floods the service nor takes the connections pages need."""
    app, state = slow_service(0.1)
    with serve_app(app) as url:
        backend = Backend("media", url, 0.5, 5.0, pool_size=1, transfer_pool_size=2)
        with ThreadPoolExecutor(6) as pool:
            statuses = list(pool.map(lambda _: backend.send("GET", "/slow").status, range(6)))
        assert statuses == [200] * 6
        assert state["most"] == 2
        streamed = backend.send("GET", "/slow", stream=True)
        in_flight = backend.calls._get_conn()  # every page connection is out …
        try:
            assert backend.transfers.num_connections >= 1 and streamed.status == 200  # … transfers still go
        finally:
            backend.calls._put_conn(in_flight)
            close(streamed)
