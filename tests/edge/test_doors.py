"""The exam lookup through both doors: the gateway directly, and the edge, which sends it straight
to the exams service (the route declares pass_through="exams"). Each test runs once per door with
the same assertions: the answer, its Cache-Control and Vary, CORS, the security headers, request
ids, the error shapes, the per-client limit and the answers of a dead or frozen service must be
what the gateway gives, through either door."""

import re
import signal

import pytest

from portal_common.route_policy import policy_for
from portal_common.security import CORS_EXPOSED, security_headers
from tests.edge.conftest import (
    LOOKUP_LIMIT,
    Door,
    fresh_number,
    log_lines,
    lookup_path,
    new_request_id,
    wait_until,
)

FRESH_ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture(scope="module")
def declared(tmp_path_factory):
    """The lookup route's policy, as the gateway declares it."""
    from deploy.edge.render import gateway_app

    app = gateway_app(str(tmp_path_factory.mktemp("gateway")))
    return policy_for(app, "exams_api.result")


def unknown_number():
    return "9" + fresh_number()[1:]


def assert_portal_headers(response):
    for name, value in security_headers().items():
        assert response.headers.get(name) == value, name
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert set(response.headers["Access-Control-Expose-Headers"].split(", ")) == set(CORS_EXPOSED)
    assert response.headers["X-Request-ID"]


def assert_error(response, status, code):
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    assert response.headers["Cache-Control"] == "no-store"
    assert_portal_headers(response)
    return error


def test_a_lookup_is_answered_with_the_gateways_headers(door, declared):
    number = fresh_number()
    response = door.client().get(lookup_path(number), headers={"Origin": "https://truong.example.vn"})
    assert response.status_code == 200
    body = response.json()
    assert body["exam"] == "thpt-2025" and body["sbd"] == number
    assert body["scores"] and isinstance(body["blocks"], dict)
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == declared.cache
    assert response.headers["Vary"] == "Accept-Encoding"
    assert_portal_headers(response)


def test_lookup_refusals_are_the_contracts_json(door):
    client = door.client()
    malformed = assert_error(client.get(lookup_path("1100")), 400, "bad_request")
    assert malformed["field"] == "sbd"
    unknown = assert_error(client.get(lookup_path(unknown_number())), 404, "not_found")
    assert unknown["field"] == "sbd"
    assert_error(client.get(lookup_path(fresh_number(), exam="thpt-1999")), 404, "not_found")


def test_a_lookup_revalidates_with_its_etag(door):
    client, path = door.client(), lookup_path()
    first = client.get(path)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.content


def test_head_is_answered_like_get(door, declared):
    response = door.client().request("HEAD", lookup_path())
    assert response.status_code == 200 and not response.content
    assert response.headers["Cache-Control"] == declared.cache


def test_other_methods_and_the_cors_preflight_are_the_gateways(door):
    client = door.client()
    refused = client.request("POST", lookup_path(), json={})
    assert refused.status_code == 405 and refused.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in refused.headers["Allow"]
    preflight = client.request(
        "OPTIONS", lookup_path(), headers={"Origin": "https://x.example", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


def test_a_visitors_request_id_is_passed_to_the_service_or_a_fresh_one_made(door, portal):
    client = door.client()
    mine = new_request_id()
    response = client.get(lookup_path(), headers={"X-Request-ID": mine})
    assert response.status_code == 200 and response.headers["X-Request-ID"] == mine
    assert wait_until(lambda: any(line.get("request_id") == mine for line in log_lines(portal, "exams")), 5)

    for bad in ("has space", "x" * 129, "semi;colon"):
        replaced = client.get(lookup_path(), headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert replaced != bad and FRESH_ID.match(replaced)


def test_each_client_has_its_own_allowance_counted_by_the_service(door, portal):
    """The service's limit counts the visitor (the address the door saw), not the door."""
    first, second = door.client(), door.client()
    ids = []
    for _ in range(LOOKUP_LIMIT):
        ids.append(new_request_id())
        assert first.get(lookup_path(), headers={"X-Request-ID": ids[-1]}).status_code == 200
    limited = first.get(lookup_path())
    error = assert_error(limited, 429, "too_many_requests")
    assert error["message"].startswith("Quá nhiều yêu cầu")
    assert int(limited.headers["Retry-After"]) > 0
    assert second.get(lookup_path()).status_code == 200  # another visitor is not affected

    # X-Forwarded-For reached the service: it logged the visitor's own address.
    def logged():
        return {line.get("client") for line in log_lines(portal, "exams") if line.get("request_id") in ids}

    assert wait_until(lambda: logged() == {first.address}, 5), logged()


def test_a_dead_service_is_a_503_in_the_contracts_shape(door, portal):
    exams = portal.processes["exams"]
    exams.signal(signal.SIGKILL)
    exams.popen.wait(10)
    try:
        assert_error(door.client().get(lookup_path()), 503, "unavailable")
    finally:
        portal.restart("exams")
    client = door.client()
    assert wait_until(lambda: client.get(lookup_path()).status_code == 200, 15)


def test_a_frozen_service_is_a_504_in_the_contracts_shape(door, portal):
    exams = portal.processes["exams"]
    client = door.client()
    exams.signal(signal.SIGSTOP)
    try:
        response = client.get(lookup_path(), timeout=10)
        assert_error(response, 504, "timeout")
        assert response.elapsed.total_seconds() < 5
    finally:
        exams.signal(signal.SIGCONT)
    assert wait_until(lambda: door.client().get(lookup_path()).status_code == 200, 15)


def test_media_ranges_are_answered_alike(door):
    client = door.client()
    video = client.get("/api/v1/videos").json()["items"][0]
    path = "/media/" + video["url"].split("/media/", 1)[1]
    part = client.get(path, headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 1000-1999/{video['size']}"
    assert len(part.content) == 1000
    assert "immutable" in part.headers["Cache-Control"]
    whole = client.get(path)
    assert whole.status_code == 200 and len(whole.content) == video["size"]
    assert whole.content[1000:2000] == part.content
    beyond = client.get(path, headers={"Range": f"bytes={video['size'] + 10}-"})
    assert beyond.status_code == 416


# -- the same answers, compared ---------------------------------------------------------------

# The headers a lookup's answer carries for its reader, compared between the doors. Not compared:
# Date, Server, Connection, X-Cache-Status (the edge's own). The ETag is the same: the exams
# service makes it (portal_common/conditional.py) and the gateway passes it on; only weakened
# ("W/…") where the edge gzips the answer, as HTTP requires of a compressed representation, and a
# weak ETag still revalidates (test_a_lookup_revalidates_with_its_etag).
COMPARED = (
    "ETag",
    "Content-Type",
    "Cache-Control",
    "Vary",
    "Allow",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    "X-Request-ID",
    *security_headers(),
)


def _seen(response):
    body = response.json() if response.content else None
    headers = {name: response.headers.get(name) for name in COMPARED}
    if headers["ETag"]:
        headers["ETag"] = headers["ETag"].removeprefix("W/")
    return response.status_code, body, headers


def test_the_answers_are_the_same_through_both_doors(portal):
    cases = [
        lookup_path(),
        lookup_path("1100"),
        lookup_path("11000x01"),
        lookup_path(unknown_number()),
        lookup_path(fresh_number(), exam="thpt-1999"),
    ]
    for path in cases:
        gateway = Door("gateway", portal.url).client()
        edge = Door("edge", portal.edge_url).client()
        for headers in ({}, {"Origin": "https://truong.example.vn"}):
            sent = {**headers, "X-Request-ID": new_request_id()}
            assert _seen(edge.get(path, headers=sent)) == _seen(gateway.get(path, headers=sent)), path


@pytest.fixture(scope="module")
def embargoed_exam(portal):
    """An exam imported (through the edge, so the upload streams through it) for 2099."""
    with open("services/exams/demo_data/thpt2025_sample.csv", "rb") as source:
        rows = b"".join(source.readlines()[:40])
    imported = (
        Door("edge", portal.edge_url)
        .client()
        .request(
            "PUT",
            "/api/v1/exams/thpt-2099/results",
            params={"name": "Kỳ thi thử 2099", "published_at": "2099-07-16T08:00:00+07:00"},
            data=rows,
            headers={**portal.auth, "Content-Type": "text/csv"},
        )
    )
    assert imported.status_code == 200, imported.text
    assert imported.json()["imported"] == 39
    return "thpt-2099"


def test_an_embargoed_result_is_refused_alike_and_kept_no_longer_than_the_gateway_says(door, embargoed_exam):
    response = door.client().get(lookup_path("11000001", exam=embargoed_exam))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_published"
    assert response.headers["Cache-Control"] == "public, max-age=60, must-revalidate"
    assert_portal_headers(response)


def test_a_read_with_the_admin_token_is_the_gateways_and_never_kept(door, portal, embargoed_exam):
    client = door.client()
    for exam in (embargoed_exam, "thpt-2025"):
        response = client.get(lookup_path("11000001", exam=exam), headers=portal.auth)
        assert response.status_code == 200, response.text
        assert response.headers["Cache-Control"] == "private, no-store"
        assert response.headers.get("X-Cache-Status") in (None, "BYPASS")
