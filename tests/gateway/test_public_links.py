"""Absolute links (canonical, og:url, JSON `url`, RSS, the sitemap) never come from an untrusted
Host (the contract; #17 item 7): PUBLIC_BASE_URL when set, else only a loopback Host is believed
(a developer's browser, a test client), and any other gives this gateway's own loopback address."""

import pytest

from gateway import create_app
from gateway.urls import base_for
from services import articles
from tests.support.live import serve_app

TOKEN = "t"
EVIL = "evil.example"


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    """A real articles service holding one published article: (its URL, the article)."""
    app = articles.create_app({"DATA_DIR": str(tmp_path_factory.mktemp("articles")), "ADMIN_TOKEN": TOKEN})
    client = app.test_client()
    category = client.get("/api/v1/categories").json["items"][0]["slug"]
    body = {"title": "Kế hoạch tuyển sinh", "category": category, "body_html": "<p>Nội dung</p>", "status": "published"}
    created = client.post("/api/v1/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert created.status_code == 201, created.get_json()
    with serve_app(app) as url:
        yield url, created.get_json()


def _gateway(tmp_path, dead_backends, articles_url, **config):
    return create_app(
        {"DATA_DIR": str(tmp_path), "TESTING": True, **dead_backends, "ARTICLES_URL": articles_url, **config}
    )


def _answers(client, item, headers):
    """Every answer that carries absolute links, by what it is."""
    slug, category = item["slug"], item["category"]
    return {
        "category page (canonical)": client.get(f"/chuyen-muc/{category}", headers=headers),
        "article page (canonical, og:url)": client.get(f"/bai-viet/{slug}", headers=headers),
        "print view (canonical)": client.get(f"/bai-viet/{slug}/in", headers=headers),
        "JSON list (url)": client.get("/api/v1/articles", headers=headers),
        "JSON article (url, print_url)": client.get(f"/api/v1/articles/{slug}", headers=headers),
        "RSS": client.get("/rss.xml", headers=headers),
        "sitemap": client.get("/sitemap.xml", headers=headers),
    }


def test_a_forged_host_appears_in_no_link(tmp_path, dead_backends, article):
    url, item = article
    client = _gateway(tmp_path, dead_backends, url).test_client()
    for what, answer in _answers(client, item, {"Host": EVIL}).items():
        text = answer.get_data(as_text=True)
        assert answer.status_code == 200, (what, answer.status_code, text[:300])
        assert EVIL not in text, what
        assert f"http://127.0.0.1/bai-viet/{item['slug']}" in text or what.startswith("category"), what
    page = client.get(f"/bai-viet/{item['slug']}", headers={"Host": EVIL}).get_data(as_text=True)
    assert f'property="og:url" content="http://127.0.0.1/bai-viet/{item["slug"]}"' in page
    category_page = client.get(f"/chuyen-muc/{item['category']}", headers={"Host": EVIL}).get_data(as_text=True)
    assert f'rel="canonical" href="http://127.0.0.1/chuyen-muc/{item["category"]}"' in category_page
    json_item = client.get("/api/v1/articles", headers={"Host": EVIL}).get_json()["items"][0]
    assert json_item["url"] == f"http://127.0.0.1/bai-viet/{item['slug']}"


def test_public_base_url_wins_over_any_host(tmp_path, dead_backends, article):
    url, item = article
    public = "https://sgddt.example.vn"
    client = _gateway(tmp_path, dead_backends, url, PUBLIC_BASE_URL=public + "/").test_client()
    for host in (EVIL, "localhost:8000"):
        for what, answer in _answers(client, item, {"Host": host}).items():
            text = answer.get_data(as_text=True)
            assert answer.status_code == 200 and host not in text.replace(public, ""), (what, host)
            assert public + "/" in text, (what, host)
    json_item = client.get("/api/v1/articles", headers={"Host": EVIL}).get_json()["items"][0]
    assert json_item["url"] == f"{public}/bai-viet/{item['slug']}"


def test_a_loopback_host_is_the_developers_own_and_is_used(tmp_path, dead_backends, article):
    url, item = article
    client = _gateway(tmp_path, dead_backends, url).test_client()
    for host in ("localhost:8000", "127.0.0.1:8080", "[::1]:8000", "LOCALHOST"):
        json_item = client.get("/api/v1/articles", headers={"Host": host}).get_json()["items"][0]
        assert json_item["url"] == f"http://{host.lower()}/bai-viet/{item['slug']}", host


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "localhost.evil.example",
        "127.0.0.1.evil.example",
        "evil.example#@localhost",
        "localhost:80@evil.example",
        "localhost:8000/evil",
        "127.0.0.2",
        "[::1].evil.example",
        "",
    ],
)
def test_only_a_bare_loopback_name_and_port_is_believed(host):
    environ = {"HTTP_HOST": host, "wsgi.url_scheme": "http", "SERVER_PORT": "8000"}
    assert base_for(None, environ) == "http://127.0.0.1:8000"
    assert base_for(None, {**environ, "SERVER_PORT": "80"}) == "http://127.0.0.1"
    assert base_for("https://portal.example.vn/", environ) == "https://portal.example.vn"
