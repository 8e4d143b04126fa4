"""The gateway in front of a real articles service (served in-process on a loopback port).

`demo_articles_url`: one service per module with the demo content, for the read-only page tests.
`app`/`client`: the gateway pointed at it (no answer cache, generous search limit).
`fresh_articles_url`: an empty service per test, for writes.
`staff_client`: the gateway in front of an empty articles service that checks staff tokens with a
real accounts service (`staff`, one per module, tests/services/articles/staff.py)."""

import pytest

from gateway import create_app as create_gateway
from services.articles import create_app as create_articles
from services.articles.demo import load_demo
from tests.services.articles.staff import SIGNING_KEY, articles_config, served_staff
from tests.support.live import serve_app
from tools.processes import free_port

TOKEN = "test-admin-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
SEED = "ke-hoach-truyen-thong-ve-giao-duc-va-dao-tao-nam-2019"


def _service(data_dir, demo, staff=None):
    config = {"DATA_DIR": str(data_dir), "ADMIN_TOKEN": TOKEN, "TESTING": True}
    # Without `staff`, its audit entries go nowhere (refused at once, and logged).
    config = articles_config(config, staff) if staff else {**config, "ACCOUNTS_URL": f"http://127.0.0.1:{free_port()}"}
    service = create_articles(config)
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


def gateway_for(tmp_path, dead_backends, articles_url, **extra):
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
            # The gateway checks a staff token's signature before passing a write on.
            "AUTH_SIGNING_KEY": SIGNING_KEY,
            **extra,
        }
    )


@pytest.fixture
def app(tmp_path, dead_backends, demo_articles_url):
    return gateway_for(tmp_path, dead_backends, demo_articles_url)


@pytest.fixture
def fresh_client(tmp_path, dead_backends, fresh_articles_url):
    return gateway_for(tmp_path, dead_backends, fresh_articles_url).test_client()


@pytest.fixture(scope="module")
def staff(tmp_path_factory):
    with served_staff(tmp_path_factory.mktemp("accounts")) as served:
        yield served


@pytest.fixture
def staff_client(tmp_path, dead_backends, staff):
    with serve_app(_service(tmp_path / "articles", demo=False, staff=staff)) as url:
        yield gateway_for(tmp_path, dead_backends, url).test_client()
