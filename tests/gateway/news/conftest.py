"""The gateway in front of a real articles service (served in-process on a loopback port).

`demo_articles_url`: one service per module with the demo content, for the read-only page tests.
`app`/`client`: the gateway pointed at it (no answer cache, generous search limit).
`fresh_articles_url`: an empty service per test, for writes."""

import pytest

from gateway import create_app as create_gateway
from services.articles import create_app as create_articles
from services.articles.demo import load_demo
from tests.support.live import serve_app

TOKEN = "test-admin-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
SEED = "ke-hoach-truyen-thong-ve-giao-duc-va-dao-tao-nam-2019"


def _service(data_dir, demo):
    service = create_articles({"DATA_DIR": str(data_dir), "ADMIN_TOKEN": TOKEN, "TESTING": True})
    if demo:
        with service.app_context():
            load_demo(service)
    return service


@pytest.fixture(scope="module")
def demo_articles_url(tmp_path_factory):
    with serve_app(_service(tmp_path_factory.mktemp("articles"), demo=True)) as url:
        yield url


@pytest.fixture
def fresh_articles_url(tmp_path):
    with serve_app(_service(tmp_path / "articles", demo=False)) as url:
        yield url


def gateway_for(tmp_path, dead_backends, articles_url):
    return create_gateway(
        {
            "DATA_DIR": str(tmp_path),
            "ADMIN_TOKEN": TOKEN,
            "TESTING": True,
            **dead_backends,
            "ARTICLES_URL": articles_url,
            "CACHE_ENABLED": False,
            "RATE_LIMIT_SEARCH": "10000/minute",
            "PUBLIC_BASE_URL": "https://sgddt.example.vn",
        }
    )


@pytest.fixture
def app(tmp_path, dead_backends, demo_articles_url):
    return gateway_for(tmp_path, dead_backends, demo_articles_url)


@pytest.fixture
def fresh_client(tmp_path, dead_backends, fresh_articles_url):
    return gateway_for(tmp_path, dead_backends, fresh_articles_url).test_client()
