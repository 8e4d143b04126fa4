"""Whole public answers are kept for a few seconds and served as they were; degraded pages,
writes, authorised reads and errors are not kept."""

import pytest

from gateway import create_app
from services import articles
from tests.support.live import serve_app


@pytest.fixture
def articles_url(tmp_path):
    app = articles.create_app({"DATA_DIR": str(tmp_path / "articles"), "ADMIN_TOKEN": "t"})
    with serve_app(app) as url:
        yield url


def gateway(tmp_path, dead_backends, **config):
    return create_app({"DATA_DIR": str(tmp_path / "gw"), "TESTING": True, **dead_backends, **config})


def test_a_public_answer_is_served_again_without_the_backend(tmp_path, dead_backends, articles_url):
    app = gateway(tmp_path, dead_backends, ARTICLES_URL=articles_url, CACHE_TTL_ARTICLES=0)
    client = app.test_client()
    first = client.get("/api/v1/categories")
    assert first.status_code == 200
    app.extensions["backends"]["articles"].base_url = dead_backends["ARTICLES_URL"]  # the service is gone
    again = client.get("/api/v1/categories")
    assert again.status_code == 200 and again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    assert client.get("/api/v1/categories", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_degraded_pages_and_errors_are_not_kept(tmp_path, dead_backends):
    app = gateway(tmp_path, dead_backends)
    client = app.test_client()
    assert client.get("/").headers["X-Partial-Content"]
    assert client.get("/khong-co").status_code == 404
    assert len(app.extensions["page_cache"]) == 0


def test_authorised_reads_are_neither_kept_nor_served_from_the_cache(tmp_path, dead_backends, articles_url):
    app = gateway(tmp_path, dead_backends, ARTICLES_URL=articles_url)
    client = app.test_client()
    client.get("/api/v1/categories", headers={"Authorization": "Bearer t"})
    assert len(app.extensions["page_cache"]) == 0


def test_off_switch(tmp_path, dead_backends):
    assert "page_cache" not in gateway(tmp_path, dead_backends, PAGE_CACHE_SECONDS=0).extensions


def test_a_write_through_this_worker_empties_it(tmp_path, dead_backends, articles_url):
    app = gateway(tmp_path, dead_backends, ARTICLES_URL=articles_url, ADMIN_TOKEN="t")
    client = app.test_client()
    client.get("/api/v1/categories")
    assert len(app.extensions["page_cache"]) == 1
    created = client.post(
        "/api/v1/articles",
        json={"title": "Tin mới", "category": "van-phong", "body_html": "<p>x</p>"},
        headers={"Authorization": "Bearer t"},
    )
    assert created.status_code == 201
    assert len(app.extensions["page_cache"]) == 0


def test_a_kept_answer_has_its_own_request_id_log_line_and_head(tmp_path, dead_backends, articles_url, caplog):
    app = gateway(tmp_path, dead_backends, ARTICLES_URL=articles_url)
    client = app.test_client()
    first = client.get("/api/v1/categories")
    caplog.set_level("INFO", logger="portal.access")
    again = client.get("/api/v1/categories", headers={"X-Request-ID": "lop-12a1"})
    assert again.headers["X-Request-ID"] == "lop-12a1"
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    lines = [r for r in caplog.records if r.name == "portal.access" and r.request_id == "lop-12a1"]
    # One line, the cache's: the request went neither through Flask nor to the service.
    assert [(r.fields.get("page_cache"), r.fields["route"], r.fields["status"]) for r in lines] == [
        ("hit", "/api/v1/categories", 200)
    ]
    head = client.head("/api/v1/categories")
    assert head.status_code == 200 and head.get_data() == b"" and head.headers["ETag"] == first.headers["ETag"]


def test_a_kept_answer_that_a_rate_limit_applied_to_is_counted_on_every_replay(tmp_path, dead_backends, articles_url):
    app = gateway(tmp_path, dead_backends, ARTICLES_URL=articles_url, RATE_LIMIT_SEARCH="3/minute")
    client = app.test_client()
    search = {"q": "tuyển sinh"}
    answers = [client.get("/api/v1/articles", query_string=search) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].headers["Retry-After"] and answers[3].get_json()["error"]["code"] == "too_many_requests"
    assert len(app.extensions["page_cache"]) == 1  # the 2nd and 3rd were replays, counted all the same
    # Another client has its own allowance, and the kept answer serves it.
    other = client.get("/api/v1/articles", query_string=search, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200 and other.get_data() == answers[0].get_data()


def test_a_forged_host_never_appears_in_an_answer_nor_multiplies_the_entries(tmp_path, dead_backends, articles_url):
    app = gateway(tmp_path, dead_backends, ARTICLES_URL=articles_url)
    client = app.test_client()
    forged = client.get("/rss.xml", headers={"Host": "evil.example"})
    honest = client.get("/rss.xml")  # the test client's Host, localhost: a loopback name is believed
    assert forged.status_code == honest.status_code == 200
    assert "evil.example" not in forged.get_data(as_text=True)
    assert "<link>http://127.0.0.1/</link>" in forged.get_data(as_text=True)  # this gateway's own address
    assert "<link>http://localhost/</link>" in honest.get_data(as_text=True)
    # Every untrusted Host gives the same links, so they share one kept answer (no cache flooding).
    again = client.get("/rss.xml", headers={"Host": "another.evil.example"})
    assert again.get_data() == forged.get_data()
    assert len(app.extensions["page_cache"]) == 2


def test_past_its_fresh_time_one_request_renders_again_while_the_others_get_the_kept_copy(
    tmp_path, dead_backends, articles_url, caplog
):
    app = gateway(tmp_path, dead_backends, ARTICLES_URL=articles_url, CACHE_TTL_ARTICLES=0)
    client = app.test_client()
    first = client.get("/api/v1/categories")
    middleware = app.extensions["page_cache_middleware"]
    [(key, (_, kept))] = middleware.cache._entries.items()
    kept.fresh_until = 0  # as if PAGE_CACHE_SECONDS had passed (the answer's max-age has not)
    caplog.set_level("INFO", logger="portal.access")

    def how_served(request_id):
        # The gateway's line is the last with this id (a rendering also has the service's).
        lines = [r for r in caplog.records if r.name == "portal.access" and r.request_id == request_id]
        return lines[-1].fields.get("page_cache", "rendered")

    assert middleware._claim_refresh(key)  # another visitor's request is rendering it again
    during = client.get("/api/v1/categories", headers={"X-Request-ID": "during"})
    assert during.get_data() == first.get_data() and how_served("during") == "hit"
    middleware._release_refresh(key)

    client.get("/api/v1/categories", headers={"X-Request-ID": "refresher"})
    assert how_served("refresher") == "rendered"  # nobody was refreshing: this one did
    client.get("/api/v1/categories", headers={"X-Request-ID": "after"})
    assert how_served("after") == "hit"  # and its answer is fresh again
