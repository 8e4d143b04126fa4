"""The embargo through the gateway, in front of a real exams service served in-process: the JSON
API and the pages say `not_published` with the service's Vietnamese message and a 404, no cache
keeps that answer past the hour (the answer cache not at all, the page cache is emptied when the
service's content version moves at the hour), and the admin token sees the results before."""

import time
from datetime import datetime, timedelta

import pytest

from portal_common.timefmt import VIETNAM
from services import articles, media
from services.exams import create_app as create_exams
from tests.gateway.news.dom import parse
from tests.services.exams.conftest import ADMIN, TOKEN, fixture_bytes
from tests.support.clock import Clock
from tests.support.live import serve_app

from .conftest import UNLIMITED, gateway_for

HOUR = datetime(2026, 7, 16, 8, 0, tzinfo=VIETNAM)
ANNOUNCED = "Kết quả sẽ được công bố lúc 08:00 ngày 16/07/2026."
RESULT = "/api/v1/exams/thpt-2026/results/03028916"
STATS = "/api/v1/exams/thpt-2026/stats"
PAGE = "/tra-cuu-diem-thi?exam=thpt-2026&sbd=03028916"


@pytest.fixture
def clock():
    return Clock(HOUR - timedelta(seconds=30))


@pytest.fixture
def exams_url(tmp_path, clock):
    """A service holding thpt-2026, embargoed until HOUR, and ct2006-2024, published."""
    service = create_exams(
        {
            "DATA_DIR": str(tmp_path / "exams"),
            "ADMIN_TOKEN": TOKEN,
            "EXAMS_LOOKUP_RATE_LIMIT": UNLIMITED,
            "EXAMS_CLOCK": clock,
        }
    )
    client = service.test_client()
    for exam_id, name, query in (
        ("thpt-2026", "national_2025.csv", "?name=Kỳ thi 2026&published_at=2026-07-16T08:00:00%2B07:00"),
        ("ct2006-2024", "ct2006_official.csv", "?name=Kỳ thi 2024"),
    ):
        response = client.put(f"/api/v1/exams/{exam_id}/results{query}", data=fixture_bytes(name), headers=ADMIN)
        assert response.status_code == 200, response.json
    with serve_app(service) as url:
        yield url


@pytest.fixture
def gateway(tmp_path, dead_backends, exams_url, clock):
    return gateway_for(tmp_path / "gateway", dead_backends, exams_url, EXAMS_CLOCK=clock).test_client()


def max_age(response):
    control = response.headers["Cache-Control"]
    assert control.startswith("public, max-age="), control
    return int(control.split("max-age=")[1].split(",")[0])


def test_the_json_api_says_not_published_until_the_hour(gateway, clock):
    for path in (RESULT, STATS):
        response = gateway.get(path)
        assert response.status_code == 404, path
        assert response.json["error"]["code"] == "not_published" and response.json["error"]["message"] == ANNOUNCED
        assert 0 < max_age(response) <= 30
    assert gateway.get("/api/v1/exams/thpt-2026/results/1234").status_code == 400  # malformed: 400 first
    listed = {exam["id"]: exam["published_at"] for exam in gateway.get("/api/v1/exams").json["items"]}
    assert listed == {"thpt-2026": "2026-07-16T08:00:00+07:00", "ct2006-2024": None}
    clock.now = HOUR
    response = gateway.get(RESULT)
    assert response.status_code == 200 and response.json["scores"]["toan"] == 8
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert gateway.get(STATS).status_code == 200


def test_the_admin_token_sees_them_through_the_gateway_never_for_a_shared_cache(gateway):
    for path in (RESULT, STATS):
        response = gateway.get(path, headers=ADMIN)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "private, no-store"
    assert gateway.get(RESULT).status_code == 404  # and the public still does not


def test_the_answer_cache_does_not_keep_a_not_published_answer(tmp_path, dead_backends, exams_url, clock):
    # Caches on, and no content-version polling: only the answer cache's own rule is at work.
    app = gateway_for(
        tmp_path / "gateway",
        dead_backends,
        exams_url,
        EXAMS_CLOCK=clock,
        CACHE_ENABLED=True,
        CONTENT_VERSION_INTERVAL=0,
    )
    client = app.test_client()
    assert client.get(RESULT).status_code == 404
    assert client.get(PAGE).status_code == 404
    clock.now = HOUR
    assert client.get(RESULT).status_code == 200
    assert client.get(PAGE).status_code == 200


def test_the_lookup_page_is_a_404_with_the_message_and_the_form(gateway):
    response = gateway.get(PAGE)
    assert response.status_code == 404 and 0 < max_age(response) <= 30
    tree = parse(response.get_data(as_text=True))
    main = tree.find("main")
    assert main.find("p", class_="exam-message").text() == ANNOUNCED
    assert main.find("form") is not None and main.find("table") is None
    # No way to a phổ điểm that is not public yet.
    assert not [a for a in main.find_all("a") if "pho-diem" in a.attrs.get("href", "")]


def test_the_form_says_when_an_embargoed_exam_is_published(gateway, clock):
    options = parse(gateway.get("/tra-cuu-diem-thi").get_data(as_text=True)).find("main").find_all("option")
    assert [option.text() for option in options] == [
        "Kỳ thi 2026 (công bố lúc 08:00 ngày 16/07/2026)",
        "Kỳ thi 2024",
    ]
    clock.now = HOUR
    options = parse(gateway.get("/tra-cuu-diem-thi").get_data(as_text=True)).find("main").find_all("option")
    assert options[0].text() == "Kỳ thi 2026"


def test_the_distribution_page_is_a_404_with_the_message_until_the_hour(gateway, clock):
    response = gateway.get("/tra-cuu-diem-thi/pho-diem/thpt-2026")
    assert response.status_code == 404 and 0 < max_age(response) <= 30
    assert ANNOUNCED in response.get_data(as_text=True)
    clock.now = HOUR
    response = gateway.get("/tra-cuu-diem-thi/pho-diem/thpt-2026?sbd=03028916")
    assert response.status_code == 200 and "Điểm của bạn: 8" in response.get_data(as_text=True)


def test_the_page_cache_is_emptied_at_the_hour_through_the_content_version(tmp_path, exams_url, clock):
    # Every backend up (a degraded page is never kept), pages kept a minute, versions polled often.
    with serve_app(articles.create_app({"DATA_DIR": str(tmp_path / "articles")})) as articles_url:
        with serve_app(media.create_app({"DATA_DIR": str(tmp_path / "media")})) as media_url:
            app = gateway_for(
                tmp_path / "gateway",
                {"ARTICLES_URL": articles_url, "MEDIA_URL": media_url},
                exams_url,
                EXAMS_CLOCK=clock,
                CACHE_ENABLED=True,
                PAGE_CACHE_SECONDS=60,
                CONTENT_VERSION_INTERVAL=0.05,
            )
            client = app.test_client()
            assert "công bố lúc" in client.get("/tra-cuu-diem-thi").get_data(as_text=True)
            assert len(app.extensions["page_cache"]) == 1
            clock.now = HOUR  # no write: only the service's content version tells the gateway
            time.sleep(0.1)  # past the polling interval: the next request finds the version moved
            assert "công bố lúc" not in client.get("/tra-cuu-diem-thi").get_data(as_text=True)


def test_patch_passes_through_the_gateway_with_the_token(gateway):
    body = {"published_at": None}
    assert gateway.patch("/api/v1/exams/thpt-2026", json=body).status_code == 401
    refused = gateway.patch("/api/v1/exams/thpt-2026", json={"published_at": "mai"}, headers=ADMIN)
    assert refused.status_code == 400 and refused.json["error"]["field"] == "published_at"
    response = gateway.patch("/api/v1/exams/thpt-2026", json=body, headers=ADMIN)
    assert response.status_code == 200 and response.json["published_at"] is None
    assert gateway.get(RESULT).status_code == 200
