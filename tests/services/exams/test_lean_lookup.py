"""Results day's lean path (services/exams/lean_lookup.py) answers exactly as the Flask view does:
every case a visitor can meet, sent to an app with it and to one without it over the same store,
must give the same status, body and headers (but the request id and the date). And it must really
be the lean path that answers: Flask's request_started never fires for the cases it takes, while
it does for those it leaves to Flask (a token, a preflight, a malformed number)."""

from datetime import datetime, timedelta

import pytest
from flask import request_started

from portal_common import metrics
from portal_common.timefmt import VIETNAM
from services.exams import create_app
from tests.support.clock import Clock

from .conftest import ADMIN, TOKEN, fixture_bytes

HOUR = datetime(2026, 7, 16, 8, 0, tzinfo=VIETNAM)
KNOWN = "/api/v1/exams/thpt-2025/results/03028916"
NOT_COMPARED = ("X-Request-ID", "Date")  # each answer's own; Date is checked to be there


@pytest.fixture
def clock():
    return Clock(HOUR + timedelta(hours=1))


@pytest.fixture
def doors(backend_config, clock):
    """(lean app's client, full app's client, Flask requests seen by the lean app) on one store."""
    config = {**backend_config, "EXAMS_CLOCK": clock, "EXAMS_LOOKUP_RATE_LIMIT": "1000/minute"}
    lean = create_app(config)
    full = create_app({**config, "EXAMS_LEAN_LOOKUP": False})
    imported = full.test_client().put(
        "/api/v1/exams/thpt-2025/results", data=fixture_bytes("national_2025.csv"), headers=ADMIN
    )
    assert imported.status_code == 200, imported.json
    seen = []
    request_started.connect(lambda sender, **_: seen.append(sender), lean, weak=False)
    return lean.test_client(), full.test_client(), seen


def seen_as(response):
    headers = sorted((name, value) for name, value in response.headers if name not in NOT_COMPARED)
    return response.status_code, response.get_data(), headers


def assert_same(doors, path, method="GET", headers=None, lean_answers=True):
    lean, full, seen = doors
    before = len(seen)
    mine = lean.open(path, method=method, headers=headers or {})
    theirs = full.open(path, method=method, headers=headers or {})
    assert seen_as(mine) == seen_as(theirs), path
    assert ("Date" in mine.headers) is ("Date" in theirs.headers), path
    assert (len(seen) == before) is lean_answers, "who answered"
    return mine


def test_a_published_result_and_its_head_and_304_are_the_same(doors):
    answer = assert_same(doors, KNOWN)
    assert answer.status_code == 200 and answer.json["percentiles"] and answer.headers["ETag"]
    assert answer.headers["Cache-Control"] == "public, max-age=60"
    assert_same(doors, KNOWN, method="HEAD")
    revalidated = assert_same(doors, KNOWN, headers={"If-None-Match": answer.headers["ETag"]})
    assert revalidated.status_code == 304 and revalidated.get_data() == b""
    assert_same(doors, KNOWN, headers={"If-None-Match": '"other"'})


def test_unknown_numbers_and_exams_are_the_same_404(doors):
    assert assert_same(doors, "/api/v1/exams/thpt-2025/results/99999999").status_code == 404
    assert assert_same(doors, "/api/v1/exams/thpt-1990/results/03028916").json["error"]["field"] == "exam_id"


def test_an_embargoed_exam_is_the_same_not_published_404(doors, clock):
    lean, _full, _seen = doors
    patched = lean.patch("/api/v1/exams/thpt-2025", json={"published_at": HOUR.isoformat()}, headers=ADMIN)
    assert patched.status_code == 200
    clock.now = HOUR - timedelta(seconds=30)
    refused = assert_same(doors, KNOWN)
    assert refused.status_code == 404 and refused.json["error"]["code"] == "not_published"
    assert refused.headers["Cache-Control"] == "public, max-age=30, must-revalidate"
    # An officer's token sees it before the hour: Flask's view answers that one.
    assert assert_same(doors, KNOWN, headers=ADMIN, lean_answers=False).status_code == 200
    clock.now = HOUR
    assert assert_same(doors, KNOWN).status_code == 200


def test_what_the_lean_path_leaves_to_flask_is_answered_alike(doors):
    assert assert_same(doors, "/api/v1/exams/thpt-2025/results/0302891", lean_answers=False).status_code == 400
    assert assert_same(doors, "/api/v1/exams/THPT/results/03028916", lean_answers=False).status_code == 404
    preflight = {"Origin": "https://truong.example.vn", "Access-Control-Request-Method": "GET"}
    assert_same(doors, KNOWN, method="OPTIONS", headers=preflight, lean_answers=False)


def test_a_cors_request_is_answered_alike_by_the_lean_path(doors):
    cors = assert_same(doors, KNOWN, headers={"Origin": "https://truong.example.vn"})
    assert cors.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in cors.headers["Access-Control-Expose-Headers"]


def test_a_caller_request_id_is_kept_and_each_answer_is_counted_and_logged(doors, caplog):
    lean, _full, _seen = doors
    counter = metrics.REQUESTS.labels("exams", "/api/v1/exams/<exam_id>/results/<sbd>", "GET", "200")
    before = counter._value.get()
    with caplog.at_level("INFO", logger="portal.access"):
        answer = lean.get(KNOWN, headers={"X-Request-ID": "phu-huynh-42"})
    assert answer.headers["X-Request-ID"] == "phu-huynh-42"
    assert lean.get(KNOWN, headers={"X-Request-ID": "bad id!"}).headers["X-Request-ID"] != "bad id!"
    assert counter._value.get() == before + 2
    (line, *_) = [record for record in caplog.records if record.name == "portal.access"]
    assert line.request_id == "phu-huynh-42" and line.fields["route"] == "/api/v1/exams/<exam_id>/results/<sbd>"
    assert line.fields["status"] == 200 and line.fields["path"] == KNOWN


def test_both_paths_count_against_one_allowance(embedded_config):
    app = create_app({**embedded_config, "EXAMS_LOOKUP_RATE_LIMIT": "3/minute"})
    client = app.test_client()
    client.put("/api/v1/exams/thpt-2025/results", data=fixture_bytes("national_2025.csv"), headers=ADMIN)
    cors = {"Origin": "https://truong.example.vn"}
    assert [client.get(KNOWN).status_code, client.get(KNOWN, headers=cors).status_code] == [200, 200]
    assert client.get(KNOWN).status_code == 200
    refused = client.get(KNOWN)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert refused.json["error"]["code"] == "rate_limited" or refused.json["error"]["message"].startswith("Quá nhiều")
    assert client.get(KNOWN, headers=cors).status_code == 429


def test_it_can_be_turned_off(embedded_config):
    app = create_app({**embedded_config, "EXAMS_LEAN_LOOKUP": False, "ADMIN_TOKEN": TOKEN})
    assert type(app.wsgi_app).__name__ != "LeanLookup"
