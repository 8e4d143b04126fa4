"""Results published at a set hour: PATCH sets published_at; until then lookups and statistics
answer 404 `not_published` with the time in Vietnamese, cacheable no longer than until then; the
admin token sees them; the content version moves at the hour. "Now" is a clock the test moves
(EXAMS_CLOCK)."""

from datetime import datetime, timedelta

import pytest

from portal_common.timefmt import VIETNAM
from services.exams import create_app
from tests.support.clock import Clock
from tests.support.content_version import version

from .conftest import ADMIN, TOKEN, fixture_bytes

HOUR = datetime(2026, 7, 16, 8, 0, tzinfo=VIETNAM)
ANNOUNCED = "Kết quả sẽ được công bố lúc 08:00 ngày 16/07/2026."
RESULT = "/api/v1/exams/thpt-2025/results/03028916"
STATS = "/api/v1/exams/thpt-2025/stats"


@pytest.fixture
def clock():
    return Clock(HOUR - timedelta(hours=2))


@pytest.fixture
def client(tmp_path, clock):
    app = create_app({"DATA_DIR": str(tmp_path / "data"), "ADMIN_TOKEN": TOKEN, "EXAMS_CLOCK": clock})
    client = app.test_client()
    response = client.put("/api/v1/exams/thpt-2025/results", data=fixture_bytes("national_2025.csv"), headers=ADMIN)
    assert response.status_code == 200, response.json
    return client


def embargo(client, published_at="2026-07-16T08:00:00+07:00"):
    response = client.patch("/api/v1/exams/thpt-2025", json={"published_at": published_at}, headers=ADMIN)
    assert response.status_code == 200, response.json
    return response.json


def max_age(response):
    control = response.headers["Cache-Control"]
    assert control.startswith("public, max-age="), control
    return int(control.split("max-age=")[1].split(",")[0])


def test_before_the_hour_results_and_stats_are_not_published(client):
    embargo(client)
    for path in (RESULT, STATS, "/api/v1/exams/thpt-2025/results/99999999"):
        response = client.get(path)
        assert response.status_code == 404, path
        error = response.json["error"]
        assert error["code"] == "not_published" and error["message"] == ANNOUNCED
        assert error["published_at"] == "2026-07-16T08:00:00+07:00"


def test_the_hour_is_said_in_vietnam_time_whatever_offset_it_was_set_in(client):
    assert embargo(client, "2026-07-16T01:00:00Z")["published_at"] == "2026-07-16T08:00:00+07:00"
    assert client.get(RESULT).json["error"]["message"] == ANNOUNCED


def test_at_the_hour_they_are_public_with_no_write(client, clock):
    embargo(client)
    clock.now = HOUR - timedelta(seconds=1)
    assert client.get(RESULT).status_code == 404
    clock.now = HOUR
    response = client.get(RESULT)
    assert response.status_code == 200 and response.json["scores"]["toan"] == 8
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert client.get(STATS).status_code == 200 and client.get(STATS).headers["Cache-Control"] == "public, max-age=60"


def test_a_not_published_answer_is_kept_no_longer_than_until_the_hour(client, clock):
    embargo(client)
    clock.now = HOUR - timedelta(seconds=30)
    for path in (RESULT, STATS):
        response = client.get(path)
        assert max_age(response) == 30 and "must-revalidate" in response.headers["Cache-Control"]
    clock.now = HOUR - timedelta(seconds=0.5)  # less than a second: not kept at all
    assert client.get(RESULT).headers["Cache-Control"] == "no-store"
    # Hours ahead, still a minute at most: the hour may be moved earlier.
    clock.now = HOUR - timedelta(hours=5)
    assert max_age(client.get(RESULT)) == 60


def test_a_malformed_number_is_a_400_before_the_embargo(client):
    embargo(client)
    response = client.get("/api/v1/exams/thpt-2025/results/1234")
    assert response.status_code == 400 and response.json["error"]["field"] == "sbd"
    assert client.get("/api/v1/exams/khong-co/results/03028916").json["error"]["code"] == "not_found"


def test_the_admin_token_sees_them_before_the_hour_never_cached(client):
    embargo(client)
    for path in (RESULT, STATS):
        response = client.get(path, headers=ADMIN)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "private, no-store"
    assert client.get(RESULT, headers=ADMIN).json["scores"]["toan"] == 8
    for wrong in ({"Authorization": "Bearer nope"}, {"Authorization": "Basic Zm9vOmJhcg=="}):
        assert client.get(RESULT, headers=wrong).json["error"]["code"] == "not_published"


def test_embargoed_exams_are_listed_with_their_time(client):
    assert client.get("/api/v1/exams/thpt-2025").json["published_at"] is None
    embargo(client)
    listed = client.get("/api/v1/exams").json["items"]
    assert [(exam["id"], exam["published_at"]) for exam in listed] == [("thpt-2025", "2026-07-16T08:00:00+07:00")]
    assert set(listed[0]) == {"id", "name", "year", "candidates", "subjects", "imported_at", "published_at"}
    assert client.get("/api/v1/exams/thpt-2025").json == listed[0]


def test_null_publishes_at_once(client):
    embargo(client)
    assert embargo(client, None)["published_at"] is None
    assert client.get(RESULT).status_code == 200


def test_the_content_version_moves_when_an_embargo_ends(client, clock):
    embargo(client)
    before = version(client)
    assert version(client) == before  # reads and time before the hour leave it
    clock.now = HOUR
    assert version(client) != before


def test_patch_changes_name_and_year_and_keeps_the_results(client):
    response = client.patch("/api/v1/exams/thpt-2025", json={"name": " Kỳ thi 2025 ", "year": 2024}, headers=ADMIN)
    assert response.status_code == 200
    assert (response.json["name"], response.json["year"], response.json["candidates"]) == ("Kỳ thi 2025", 2024, 5)
    assert client.patch("/api/v1/exams/thpt-2025", json={}, headers=ADMIN).json == response.json
    assert client.get(RESULT).status_code == 200


@pytest.mark.parametrize(
    "body, field",
    [
        ({"published_at": "2026-07-16T08:00:00"}, "published_at"),  # no offset: whose 08:00?
        ({"published_at": "16/07/2026 08:00"}, "published_at"),
        ({"published_at": "2026-07-16"}, "published_at"),
        ({"published_at": 1784163600}, "published_at"),
        ({"published_at": "9999-12-31T23:00:00-12:00"}, "published_at"),  # past datetime's range in Vietnam
        ({"year": "2025"}, "year"),
        ({"year": 1800}, "year"),
        ({"year": True}, "year"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": 5}, "name"),
        ({"publish_at": "2026-07-16T08:00:00+07:00"}, "publish_at"),  # a typo must not pass unnoticed
    ],
)
def test_patch_refuses_bad_values_naming_the_field(client, body, field):
    response = client.patch("/api/v1/exams/thpt-2025", json=body, headers=ADMIN)
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == field
    assert client.get("/api/v1/exams/thpt-2025").json["published_at"] is None


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"2026-07-16"', b"null"])
def test_patch_refuses_a_body_that_is_not_a_json_object(client, body):
    response = client.patch("/api/v1/exams/thpt-2025", data=body, headers={**ADMIN, "Content-Type": "application/json"})
    assert response.status_code == 400 and "JSON" in response.json["error"]["message"]


def test_patch_of_an_unknown_exam_is_404_and_needs_the_token(client):
    body = {"published_at": None}
    assert client.patch("/api/v1/exams/khong-co", json=body, headers=ADMIN).status_code == 404
    assert client.patch("/api/v1/exams/thpt-2025", json=body).status_code == 401
    assert client.patch("/api/v1/exams/thpt-2025", json=body, headers={"Authorization": "Bearer x"}).status_code == 401


def test_an_offset_whose_plus_became_a_space_in_the_query_string_is_read(client):
    response = client.put(
        "/api/v1/exams/thpt-2026/results?published_at=2026-07-16T08:00:00+07:00",  # '+' unencoded
        data=fixture_bytes("national_2025.csv"),
        headers=ADMIN,
    )
    assert response.status_code == 200, response.json
    assert client.get("/api/v1/exams/thpt-2026").json["published_at"] == "2026-07-16T08:00:00+07:00"


def test_a_first_import_can_arrive_embargoed_and_a_reimport_keeps_the_embargo(client):
    response = client.put(
        "/api/v1/exams/thpt-2026/results?published_at=2026-07-16T08:00:00%2B07:00",
        data=fixture_bytes("national_2025.csv"),
        headers=ADMIN,
    )
    assert response.status_code == 200, response.json
    assert client.get("/api/v1/exams/thpt-2026/results/03028916").json["error"]["code"] == "not_published"
    client.put("/api/v1/exams/thpt-2026/results", data=fixture_bytes("ct2006_official.csv"), headers=ADMIN)
    assert client.get("/api/v1/exams/thpt-2026").json["published_at"] == "2026-07-16T08:00:00+07:00"
    refused = client.put(
        "/api/v1/exams/thpt-2026/results?published_at=tomorrow", data=fixture_bytes("national_2025.csv"), headers=ADMIN
    )
    assert refused.status_code == 400 and refused.json["error"]["field"] == "published_at"
