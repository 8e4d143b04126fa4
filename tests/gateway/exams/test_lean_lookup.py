"""The gateway's lean lookup path (gateway/exams/lean_lookup.py) answers exactly as the Flask route
and its hooks do: every case a visitor can meet, sent to a gateway with it and to one without it
(GATEWAY_LEAN_LOOKUP=0) in front of one real exams service, must give the same status, body and
headers (but the request id and the date). And it must really be the lean path that answers:
Flask's request_started never fires on its gateway for the cases it takes, while it does for those
it leaves to Flask (a token, a preflight, a malformed number, a Range)."""

import logging
import re
from datetime import datetime, timedelta

import pytest
from flask import request_started

from portal_common.timefmt import VIETNAM
from services.exams import create_app as create_exams
from tests.services.exams.conftest import ADMIN, TOKEN, fixture_bytes
from tests.support.clock import Clock
from tests.support.live import serve_app

from .conftest import UNLIMITED, gateway_for

HOUR = datetime(2026, 7, 16, 8, 0, tzinfo=VIETNAM)
KNOWN = "/api/v1/exams/thpt-2025/results/03028916"
EMBARGOED = "/api/v1/exams/thpt-2026/results/03028916"
NOT_COMPARED = ("X-Request-ID", "Date")  # each answer's own; Date is checked to be there


@pytest.fixture
def clock():
    return Clock(HOUR - timedelta(seconds=30))


def exams_service(data_dir, clock, limit=UNLIMITED, **extra):
    """thpt-2025 published, thpt-2026 embargoed until HOUR."""
    service = create_exams(
        {
            "DATA_DIR": str(data_dir),
            "ADMIN_TOKEN": TOKEN,
            "EXAMS_LOOKUP_RATE_LIMIT": limit,
            "EXAMS_CLOCK": clock,
            **extra,
        }
    )
    client = service.test_client()
    for exam_id, query in (
        ("thpt-2025", "?name=Kỳ thi 2025"),
        ("thpt-2026", "?name=Kỳ thi 2026&published_at=2026-07-16T08:00:00%2B07:00"),
    ):
        response = client.put(
            f"/api/v1/exams/{exam_id}/results{query}", data=fixture_bytes("national_2025.csv"), headers=ADMIN
        )
        assert response.status_code == 200, response.json
    return service


@pytest.fixture
def exams_url(tmp_path, clock):
    with serve_app(exams_service(tmp_path / "exams", clock)) as url:
        yield url


class Doors:
    """A gateway with the lean path and one without, in front of the same exams service."""

    def __init__(self, tmp_path, dead_backends, exams_url, clock, **extra):
        config = {"EXAMS_CLOCK": clock, **extra}
        self.lean_app = gateway_for(tmp_path / "lean", dead_backends, exams_url, **config)
        self.full_app = gateway_for(tmp_path / "full", dead_backends, exams_url, GATEWAY_LEAN_LOOKUP=False, **config)
        self.lean, self.full = self.lean_app.test_client(), self.full_app.test_client()
        self.flask_seen = []
        request_started.connect(lambda sender, **_: self.flask_seen.append(sender), self.lean_app, weak=False)

    def same(self, path, method="GET", headers=None, lean_answers=True, normalise=None, **environ):
        """Send the request through both; assert the same answer and who answered; the lean one."""
        before = len(self.flask_seen)
        mine = self.lean.open(path, method=method, headers=headers or {}, **environ)
        theirs = self.full.open(path, method=method, headers=headers or {}, **environ)
        assert seen_as(mine, normalise) == seen_as(theirs, normalise), path
        assert ("Date" in mine.headers) is ("Date" in theirs.headers), path
        assert (len(self.flask_seen) == before) is lean_answers, "who answered"
        return mine


def seen_as(response, normalise=None):
    normalise = normalise or (lambda text: text)
    headers = sorted((name, normalise(value)) for name, value in response.headers if name not in NOT_COMPARED)
    return response.status_code, normalise(response.get_data(as_text=True)), headers


@pytest.fixture
def doors(tmp_path, dead_backends, exams_url, clock):
    return Doors(tmp_path, dead_backends, exams_url, clock)


def test_a_published_result_its_head_and_its_304_are_the_same(doors):
    answer = doors.same(KNOWN)
    assert answer.status_code == 200 and answer.json["scores"] and answer.headers["ETag"]
    assert answer.headers["Cache-Control"] == "public, max-age=60"
    assert answer.headers["Content-Security-Policy"] and answer.headers["Access-Control-Allow-Origin"] == "*"
    head = doors.same(KNOWN, method="HEAD")
    assert head.get_data() == b"" and head.headers["Content-Length"] == answer.headers["Content-Length"]
    revalidated = doors.same(KNOWN, headers={"If-None-Match": answer.headers["ETag"]})
    assert revalidated.status_code == 304 and revalidated.get_data() == b""
    assert "Content-Type" not in revalidated.headers and revalidated.headers["ETag"] == answer.headers["ETag"]
    assert doors.same(KNOWN, headers={"If-None-Match": '"other"'}).status_code == 200
    assert doors.same(KNOWN, headers={"Origin": "https://bao.example.vn"}).status_code == 200
    # A staff member's desk cookie changes nothing on the public API (no session is touched).
    assert doors.same(KNOWN, headers={"Cookie": "session=abc; other=1"}).status_code == 200


def test_unknown_numbers_and_exams_are_the_same_404(doors):
    missing = doors.same("/api/v1/exams/thpt-2025/results/99999999")
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == "no-store"
    assert doors.same("/api/v1/exams/thpt-1990/results/03028916").json["error"]["field"] == "exam_id"


def test_an_embargoed_result_is_kept_no_longer_than_the_hour_on_both(doors, clock):
    refused = doors.same(EMBARGOED)
    assert refused.status_code == 404 and refused.json["error"]["code"] == "not_published"
    assert refused.headers["Cache-Control"] == "public, max-age=30, must-revalidate"
    clock.now = HOUR
    assert doors.same(EMBARGOED).status_code == 200


def test_what_the_lean_path_leaves_to_flask_is_answered_there(doors):
    staff = doors.same(EMBARGOED, headers=ADMIN, lean_answers=False)
    assert staff.status_code == 200 and staff.headers["Cache-Control"] == "private, no-store"
    preflight = {"Origin": "https://bao.example.vn", "Access-Control-Request-Method": "GET"}
    assert doors.same(KNOWN, method="OPTIONS", headers=preflight, lean_answers=False).status_code == 200
    assert doors.same("/api/v1/exams/thpt-2025/results/1234", lean_answers=False).status_code == 400
    assert doors.same(KNOWN, headers={"Range": "bytes=0-9"}, lean_answers=False).status_code == 200
    # werkzeug's make_conditional answers 412 to an If-Match that does not match.
    assert doors.same(KNOWN, headers={"If-Match": '"x"'}, lean_answers=False).status_code == 412


# Two limit windows opened a few milliseconds apart may end a second apart (Retry-After, message).
SECONDS = re.compile(r"\b\d{1,2}\b")


def without_seconds(text):
    return SECONDS.sub("N", text)


def test_the_gateways_own_limit_answers_the_same_429(tmp_path, dead_backends, exams_url, clock):
    doors = Doors(tmp_path, dead_backends, exams_url, clock, RATE_LIMIT_EXAM_LOOKUP="2/minute")
    statuses = [doors.same(KNOWN, normalise=without_seconds).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = doors.lean.get(KNOWN)
    assert limited.json["error"]["code"] == "too_many_requests" and int(limited.headers["Retry-After"]) > 0
    assert limited.headers["Cache-Control"] == "no-store"


def test_the_services_own_limit_reaches_the_caller_the_same(tmp_path, dead_backends, clock):
    with serve_app(exams_service(tmp_path / "limited", clock, limit="1/minute")) as url:
        doors = Doors(tmp_path, dead_backends, url, clock)
        # Each door's visitor from an address of its own: the service counts them apart.
        first = [doors.lean.get(KNOWN, environ_base={"REMOTE_ADDR": "198.51.100.1"}) for _ in range(2)]
        second = [doors.full.get(KNOWN, environ_base={"REMOTE_ADDR": "198.51.100.2"}) for _ in range(2)]
    assert [seen_as(answer, without_seconds) for answer in first] == [
        seen_as(answer, without_seconds) for answer in second
    ]
    assert first[1].status_code == 429 and first[1].headers["Retry-After"]


def test_a_dead_or_busy_service_is_the_same_503(tmp_path, dead_backends, clock):
    dead = Doors(tmp_path / "dead", dead_backends, dead_backends["EXAMS_URL"], clock)
    down = dead.same(KNOWN)
    assert down.status_code == 503 and down.json["error"]["backend"] == "exams"
    assert down.headers["Cache-Control"] == "no-store"
    crowded = {"BACKEND_POOL_SIZE": 0, "BACKEND_TRANSFER_POOL_SIZE": 0, "BACKEND_QUEUE_LIMIT": 0}
    busy_doors = Doors(tmp_path / "busy", dead_backends, dead_backends["EXAMS_URL"], clock, **crowded)
    jitter = re.compile(r"^\d+$")  # Refresh: each visitor a little apart
    busy = busy_doors.same(KNOWN, normalise=lambda text: jitter.sub("N", text))
    assert busy.status_code == 503 and busy.headers["Retry-After"] and busy.headers["Refresh"]


def test_the_page_cache_keeps_lean_answers_and_counts_their_replays(tmp_path, dead_backends, exams_url, clock):
    doors = Doors(
        tmp_path, dead_backends, exams_url, clock, CACHE_ENABLED=True, CONTENT_VERSION_INTERVAL=0,
        RATE_LIMIT_EXAM_LOOKUP="2/minute",
    )  # fmt: skip
    first = doors.lean.get(KNOWN)
    replayed = doors.lean.get(KNOWN)
    assert first.status_code == replayed.status_code == 200 and replayed.get_data() == first.get_data()
    assert doors.flask_seen == []
    # The limit that applied is marked for the page cache: the third, a replay, is over it.
    assert doors.lean.get(KNOWN).status_code == 429


def test_one_access_log_line_and_the_request_id_reach_the_service(doors, caplog):
    caplog.set_level(logging.INFO, logger="portal.access")
    answer = doors.lean.get(KNOWN, headers={"X-Request-ID": "trace-lean-1"})
    assert answer.headers["X-Request-ID"] == "trace-lean-1"
    lines = [record for record in caplog.records if getattr(record, "request_id", None) == "trace-lean-1"]
    # One from the gateway, one from the exams service (the id was passed on).
    assert len(lines) == 2
    routes = {record.fields["route"] for record in lines}
    assert routes == {"/api/v1/exams/<exam_id>/results/<sbd>"}
    assert all(record.fields["status"] == 200 for record in lines)


def test_the_visitor_reaches_a_service_that_believes_only_the_gateways_secret(tmp_path, dead_backends, clock, caplog):
    # Loopback is not trusted here: the service believes X-Forwarded-For only with PROXY_SECRET.
    service = exams_service(tmp_path / "secret", clock, TRUSTED_PROXY_NETWORKS="203.0.113.0/24", PROXY_SECRET="s3cret")
    with serve_app(service) as url:
        doors = Doors(tmp_path, dead_backends, url, clock, PROXY_SECRET="s3cret")
        caplog.set_level(logging.INFO, logger="portal.access")
        doors.same(KNOWN, environ_base={"REMOTE_ADDR": "198.51.100.9"}, headers={"X-Request-ID": "trace-secret"})
    clients = [record.fields["client"] for record in caplog.records if record.request_id == "trace-secret"]
    # Each door's line and the service's line for it: the service saw the visitor, not loopback.
    assert clients == ["198.51.100.9"] * 4
