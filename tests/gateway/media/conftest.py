"""The gateway in front of a real media service (served in-process on a loopback port).

`demo_media_url`: one service per module with the demo content, for read-only page tests;
`fresh_media`: an empty service per test, for writes. The gateway's answer cache is on (as in
production), so the tests also see that a write through the gateway is visible at once."""

import os
from urllib.parse import urlsplit

import pytest

from gateway import create_app as create_gateway
from services.media import create_app as create_media
from services.media.demo import load_demo
from tests.support.live import serve_app

TOKEN = "test-admin-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
BASE = "https://cong.example.vn"


def media_service(data_dir, demo=False, **config):
    service = create_media({"DATA_DIR": str(data_dir), "ADMIN_TOKEN": TOKEN, "TESTING": True, **config})
    if demo:
        with service.app_context():
            load_demo(service)
    return service


@pytest.fixture(scope="module")
def demo_media_url(tmp_path_factory):
    with serve_app(media_service(tmp_path_factory.mktemp("media"), demo=True)) as url:
        yield url


@pytest.fixture
def fresh_media(tmp_path):
    service = media_service(tmp_path / "media")
    with serve_app(service) as url:
        yield service, url


def gateway_for(tmp_path, dead_backends, media_url):
    return create_gateway(
        {
            "DATA_DIR": str(tmp_path),
            "ADMIN_TOKEN": TOKEN,
            "TESTING": True,
            **dead_backends,
            "MEDIA_URL": media_url,
            "PUBLIC_BASE_URL": BASE,
        }
    )


@pytest.fixture
def client(tmp_path, dead_backends, demo_media_url):
    return gateway_for(tmp_path, dead_backends, demo_media_url).test_client()


@pytest.fixture
def fresh_client(tmp_path, dead_backends, fresh_media):
    return gateway_for(tmp_path, dead_backends, fresh_media[1]).test_client()


def local(url):
    """The path of one of the portal's absolute URLs, to load it through the test client."""
    assert url.startswith(BASE + "/"), url
    return urlsplit(url).path


def shared_file(shared_data, name):
    with open(os.path.join(shared_data, "media", name), "rb") as handle:
        return handle.read()
