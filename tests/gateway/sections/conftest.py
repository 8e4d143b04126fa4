"""The gateway in front of a real articles service (served in-process on a loopback port) with
the sections' demo content: the site settings and logo, the static pages, answered questions.

`articles_service`: one per module (the Flask app and its URL); its form tokens must be at least
1 s old (so the tests can wait that long), and its per-address limit is generous unless a test
makes its own service. `app`/`client`: the gateway pointed at it, without answer or page cache
(`cached_client` has both)."""

import contextlib

import pytest

from services.articles import create_app as create_articles
from services.articles.demo import load_demo
from tests.gateway.news.conftest import gateway_for
from tests.support.live import serve_app
from tools.processes import free_port

TOKEN = "test-admin-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
SERVICE = {"QUESTIONS_FORM_MIN_SECONDS": 1, "QUESTIONS_RATE_LIMIT": "1000/minute"}


@contextlib.contextmanager
def served_articles(data_dir, **config):
    service = create_articles(
        {
            "DATA_DIR": str(data_dir),
            "ADMIN_TOKEN": TOKEN,
            "TESTING": True,
            "ACCOUNTS_URL": f"http://127.0.0.1:{free_port()}",
            **SERVICE,
            **config,
        }
    )
    with service.app_context():
        load_demo(service)
    with serve_app(service) as url:
        yield service, url


@pytest.fixture(scope="module")
def articles_service(tmp_path_factory):
    with served_articles(tmp_path_factory.mktemp("articles")) as served:
        yield served


@pytest.fixture
def app(tmp_path, dead_backends, articles_service):
    return gateway_for(tmp_path, dead_backends, articles_service[1])


@pytest.fixture
def cached_app(tmp_path, dead_backends, articles_service):
    """With the answer and page caches, and real (empty) media and exams services, so that the
    sidebar is complete: a page that lost a section is never page-cached."""
    from services.exams import create_app as create_exams
    from services.media import create_app as create_media

    others = {
        name: factory({"DATA_DIR": str(tmp_path / name), "ADMIN_TOKEN": TOKEN, "TESTING": True})
        for name, factory in (("media", create_media), ("exams", create_exams))
    }
    with serve_app(others["media"]) as media_url, serve_app(others["exams"]) as exams_url:
        backends = {**dead_backends, "MEDIA_URL": media_url, "EXAMS_URL": exams_url}
        yield gateway_for(tmp_path, backends, articles_service[1], CACHE_ENABLED=True)
