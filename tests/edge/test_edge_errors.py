"""The edge's own answers: the visitor's address and request id carried to the processes behind
it, its refusals (413, 414, 431, 400, a flood, a dead gateway) in the portal's shape — JSON on
/api/, a small Vietnamese page elsewhere, with the security headers — and the lookups still
answered by the exams service while the gateway is down."""

import json
import re
import uuid

import pytest

from deploy.edge.render import ERROR_TEXTS
from portal_common.security import security_headers
from tests.edge.conftest import (
    LOOKUP_LIMIT,
    fresh_address,
    log_lines,
    lookup_path,
    new_request_id,
    raw_answers,
    raw_request,
    requests_seen,
    wait_until,
)


def assert_edge_refusal(status, headers, body, answered, kind):
    code, title, message = ERROR_TEXTS[answered]
    assert status == answered
    assert headers["cache-control"] == "no-store"
    assert re.fullmatch(r"[0-9a-f]{32}|t-[0-9a-f]{32}", headers["x-request-id"])
    for name, value in security_headers().items():
        assert headers[name.lower()] == value, name
    text = body.decode("utf-8")
    if kind == "json":
        assert headers["content-type"] == "application/json; charset=utf-8"
        assert json.loads(text) == {"error": {"code": code, "message": message}}
        assert headers["access-control-allow-origin"] == "*"
    else:
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert '<html lang="vi">' in text and f"<h1>{title}</h1>" in text and message in text


def test_a_visitors_own_x_forwarded_for_does_not_make_them_another_client(edge, portal):
    client = edge.client()
    ids = []
    for n in range(LOOKUP_LIMIT):
        ids.append(new_request_id())
        forged = {"X-Forwarded-For": f"10.{n}.0.1", "X-Request-ID": ids[-1]}
        assert client.get(lookup_path(), headers=forged).status_code == 200
    limited = client.get(lookup_path(), headers={"X-Forwarded-For": "10.99.0.1"})
    assert limited.status_code == 429
    logged = {line.get("client") for line in log_lines(portal, "exams") if line.get("request_id") in ids}
    assert logged == {client.address}
    # A header too long to pass on is dropped, not a refusal: the visitor is still just themselves.
    other = edge.client()
    answered = other.get(lookup_path(), headers={"X-Forwarded-For": ", ".join(["10.0.0.1"] * 700)})
    assert answered.status_code == 200


def test_the_gateway_sees_the_visitor_and_the_id_the_edge_made(edge, portal):
    client = edge.client()
    response = client.get(f"/?edge-probe={uuid.uuid4().hex}")
    made = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)  # nginx's $request_id
    [line] = requests_seen(portal, "gateway", [made])
    assert line["client"] == client.address


def test_a_body_over_the_cap_is_refused_with_a_json_413(portal):
    request = (
        "PUT /api/v1/exams/thpt-2030/results HTTP/1.1\r\nHost: portal\r\n"
        "Content-Type: text/csv\r\nContent-Length: 4294967296\r\nConnection: close\r\n\r\n"
    )
    assert_edge_refusal(*raw_request(portal.ports["edge"], request.encode()), 413, "json")


def test_a_request_line_too_long_is_a_json_414(portal):
    # nginx cannot tell the path of a line it could not read: JSON, since /api/ must never get a page.
    for path in (f"/api/v1/exams?{'a' * 9000}", f"/tim-kiem?q={'a' * 9000}"):
        request = f"GET {path} HTTP/1.1\r\nHost: portal\r\nConnection: close\r\n\r\n"
        assert_edge_refusal(*raw_request(portal.ports["edge"], request.encode()), 414, "json")


@pytest.mark.parametrize("path, kind", [("/api/v1/exams", "json"), ("/tin-tuc", "html")])
def test_headers_too_large_are_a_431_and_a_malformed_request_a_400(portal, path, kind):
    port = portal.ports["edge"]
    too_large = f"GET {path} HTTP/1.1\r\nHost: portal\r\nCookie: {'a' * 9000}\r\nConnection: close\r\n\r\n"
    assert_edge_refusal(*raw_request(port, too_large.encode()), 431, kind)
    twice = f"GET {path} HTTP/1.1\r\nHost: portal\r\nHost: other\r\nConnection: close\r\n\r\n"
    assert_edge_refusal(*raw_request(port, twice.encode()), 400, kind)


def test_a_flood_from_one_address_is_turned_away_with_a_429(portal):
    # 600 requests pipelined on one connection (for a file the edge keeps) reach nginx within
    # milliseconds: past the burst (400) the rest are refused, the last two in the portal's shape.
    flood = b"GET /static/portal.css HTTP/1.1\r\nHost: portal\r\n\r\n" * 600
    last = (
        b"GET /api/v1/exams HTTP/1.1\r\nHost: portal\r\n\r\nGET / HTTP/1.1\r\nHost: portal\r\nConnection: close\r\n\r\n"
    )
    answers = raw_answers(portal.ports["edge"], flood + last, timeout=10, source=(fresh_address(), 0))
    statuses = [status for status, _, _ in answers]
    assert statuses[:300] == [200] * 300 and statuses[-10:] == [429] * 10
    for (status, headers, body), kind in zip(answers[-2:], ("json", "html"), strict=True):
        assert_edge_refusal(status, headers, body, 429, kind)
        assert int(headers["retry-after"]) > 0
    # Another address is not affected.
    assert (
        raw_request(portal.ports["edge"], b"GET /_edge/healthz HTTP/1.1\r\nHost: portal\r\nConnection: close\r\n\r\n")[
            0
        ]
        == 200
    )


def test_a_dead_gateway_is_a_503_in_the_portals_shape_and_lookups_still_answer(edge, portal):
    gateway = portal.processes["gateway"]
    gateway.stop()
    try:
        client = edge.client()
        for path, kind in ((f"/api/v1/exams?p={uuid.uuid4().hex}", "json"), (f"/tin-tuc?p={uuid.uuid4().hex}", "html")):
            response = client.get(path)
            headers = {name.lower(): value for name, value in response.headers.items()}
            assert_edge_refusal(response.status_code, headers, response.content, 503, kind)
            assert int(response.headers["Retry-After"]) > 0
        # The lookups go straight to the exams service: results day survives the gateway.
        lookup = client.get(lookup_path())
        assert lookup.status_code == 200 and lookup.json()["scores"]
    finally:
        portal.start(["gateway"])
    assert wait_until(lambda: edge.client().get(f"/?p={uuid.uuid4().hex}").status_code == 200, 15)
