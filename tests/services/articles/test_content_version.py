"""The articles service's content version (polled by the gateway to drop its caches): every
successful write changes it, refused writes and reads do not, and a scheduled article changes it
the moment it goes public, with no write."""

import time

from portal_common import timefmt
from services.articles import articles
from tests.support.content_version import (
    assert_polling_writes_no_access_log_line,
    assert_the_demo_load_changes_the_version,
    version,
)

from .conftest import ADMIN, article


def test_each_successful_write_changes_the_version(any_app):
    client = any_app.test_client()
    seen = [version(client)]
    created = client.post("/api/v1/articles", json=article(slug="tin-moi"), headers=ADMIN)
    assert created.status_code == 201
    seen.append(version(client))
    assert client.patch("/api/v1/articles/tin-moi", json={"title": "Tin đã sửa"}, headers=ADMIN).status_code == 200
    seen.append(version(client))
    assert client.delete("/api/v1/articles/tin-moi", headers=ADMIN).status_code == 204
    seen.append(version(client))
    assert len(set(seen)) == 4


def test_refused_writes_and_reads_leave_the_version(client, post):
    post(slug="co-san")
    before = version(client)
    assert client.post("/api/v1/articles", json=article()).status_code == 401
    assert client.post("/api/v1/articles", data="không phải JSON", headers=ADMIN).status_code == 400
    assert client.post("/api/v1/articles", json=article(category="khong-co"), headers=ADMIN).status_code == 422
    assert client.patch("/api/v1/articles/khong-co", json={"title": "x"}, headers=ADMIN).status_code == 404
    assert client.delete("/api/v1/articles/khong-co", headers=ADMIN).status_code == 404
    assert client.get("/api/v1/articles").status_code == 200
    assert client.get("/api/v1/articles/co-san").status_code == 200
    assert version(client) == before


def test_a_scheduled_article_changes_the_version_when_it_goes_public(app, client):
    publish_at = articles.now_ts() + 3600
    scheduled = article(slug="hen-gio", published_at=timefmt.to_iso(timefmt.from_epoch(publish_at)))
    assert client.post("/api/v1/articles", json=scheduled, headers=ADMIN).status_code == 201
    with app.test_request_context():
        before = articles.latest_publication(now=publish_at - 1)
        after = articles.latest_publication(now=publish_at)
    assert before != after == str(publish_at)


def test_the_served_version_moves_on_its_own_when_a_scheduled_time_passes(client):
    publish_at = articles.now_ts() + 2  # at least a second ahead, whatever the fraction now
    scheduled = article(slug="sap-dang", published_at=timefmt.to_iso(timefmt.from_epoch(publish_at)))
    assert client.post("/api/v1/articles", json=scheduled, headers=ADMIN).status_code == 201
    before = version(client)
    assert articles.now_ts() < publish_at
    deadline = time.monotonic() + 5
    while version(client) == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert articles.now_ts() >= publish_at
    assert version(client) != before


def test_the_demo_load_from_the_command_line_changes_the_version(runner, client):
    assert_the_demo_load_changes_the_version(runner, client)


def test_polling_the_version_writes_no_access_log_line(client, caplog):
    assert_polling_writes_no_access_log_line(client, caplog)
