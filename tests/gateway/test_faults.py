"""Fault tests on the real processes (gunicorn, embedded storage, demo content): a dead backend
costs only its part of a page, its JSON is 503, /readyz names it, and the gateway recovers by
itself when the backend is back; a frozen backend gives 504 within the read timeout; the breaker
opens and closes."""

import re
import signal
import time

import pytest
import requests

from tests.support.portal import RunningPortal

READ_TIMEOUT = 1.0
COOLDOWN = 2.0


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    running = RunningPortal(
        tmp_path_factory.mktemp("faults"),
        extra_env={
            "BACKEND_READ_TIMEOUT": str(READ_TIMEOUT),
            "BREAKER_FAILURES": "3",
            "BREAKER_COOLDOWN": str(COOLDOWN),
            # The answer cache would hide the faults this module is about.
            "CACHE_ENABLED": "0",
        },
    ).start()
    yield running
    running.stop()


def get(portal, path, **kwargs):
    return requests.get(portal.url + path, timeout=10, **kwargs)


def wait_until(predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def failures(portal, backend, kind):
    text = get(portal, "/metrics").text
    match = re.search(rf'portal_backend_failures_total{{backend="{backend}",kind="{kind}"}} ([0-9.]+)', text)
    return float(match.group(1)) if match else 0.0


def test_everything_up(portal):
    assert get(portal, "/readyz").status_code == 200
    home = get(portal, "/")
    assert home.status_code == 200 and "X-Partial-Content" not in home.headers
    assert "Nội dung tạm thời không khả dụng" not in home.text


def test_killed_backend_degrades_its_part_and_recovers_without_a_gateway_restart(portal):
    portal.processes["media"].signal(signal.SIGKILL)
    portal.processes["media"].popen.wait(10)
    try:
        home = get(portal, "/")
        assert home.status_code == 200
        assert home.headers["X-Partial-Content"] == "media"
        assert "max-age=5" in home.headers["Cache-Control"]
        assert "Nội dung tạm thời không khả dụng" in home.text
        assert "Tin mới" in home.text  # the rest of the page is there

        videos = get(portal, "/api/v1/videos")
        assert videos.status_code == 503
        assert videos.json()["error"]["code"] == "unavailable"

        ready = get(portal, "/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["media"]["status"] == "down"
        assert ready.json()["checks"]["articles"]["status"] == "ok"
    finally:
        portal.start(["media"])
    # Back within the breaker's cool-down plus a probe, with the same gateway process.
    assert wait_until(lambda: get(portal, "/api/v1/videos").status_code == 200, timeout=COOLDOWN * 3 + 5)
    assert "X-Partial-Content" not in get(portal, "/").headers
    assert get(portal, "/readyz").status_code == 200


def test_frozen_backend_times_out_in_its_own_section(portal):
    exams = portal.processes["exams"]
    exams.signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        response = get(portal, "/api/v1/exams")
        elapsed = time.monotonic() - started
        assert response.status_code == 504
        assert response.json()["error"]["code"] == "timeout"
        assert elapsed < READ_TIMEOUT + 2  # the read timeout, not a hang

        home = get(portal, "/")
        assert home.status_code == 200
        assert home.headers["X-Partial-Content"] == "exams"
        assert "Tin mới" in home.text
    finally:
        exams.signal(signal.SIGCONT)
    assert wait_until(lambda: get(portal, "/api/v1/exams").status_code == 200, timeout=COOLDOWN * 3 + 5)


def test_breaker_opens_after_consecutive_failures_and_closes_after_recovery(portal):
    articles = portal.processes["articles"]
    articles.signal(signal.SIGSTOP)
    try:
        before = failures(portal, "articles", "circuit_open")
        for _ in range(3):  # three timeouts open the circuit
            assert get(portal, "/api/v1/categories").status_code in (503, 504)
        started = time.monotonic()
        fast = get(portal, "/api/v1/categories")
        assert fast.status_code == 503
        assert "Retry-After" in fast.headers
        assert time.monotonic() - started < READ_TIMEOUT  # answered without waiting on the backend
        assert failures(portal, "articles", "circuit_open") > before
        metrics = get(portal, "/metrics").text
        assert 'portal_backend_circuit_state{backend="articles"} 2.0' in metrics
    finally:
        articles.signal(signal.SIGCONT)
    assert wait_until(lambda: get(portal, "/api/v1/categories").status_code == 200, timeout=COOLDOWN * 3 + 5)
    assert 'portal_backend_circuit_state{backend="articles"} 0.0' in get(portal, "/metrics").text


def test_etag_gives_304(portal):
    first = get(portal, "/api/v1/categories")
    assert first.status_code == 200 and first.headers["ETag"]
    assert "max-age" in first.headers["Cache-Control"]
    again = get(portal, "/api/v1/categories", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    page = get(portal, "/")
    assert get(portal, "/", headers={"If-None-Match": page.headers["ETag"]}).status_code == 304


def test_request_id_reaches_the_backend_logs(portal):
    get(portal, "/", headers={"X-Request-ID": "trace-faults-1"})
    time.sleep(0.3)
    for name in ("gateway", "articles", "media", "exams"):
        assert "trace-faults-1" in portal.log(name), name
