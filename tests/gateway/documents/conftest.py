"""The gateway in front of a real documents service (served in-process on a loopback port).

`demo_documents_url`: one service per module with the demo content, for read-only tests;
`fresh_documents`: an empty service per test, for writes. The gateway's answer cache is on (as
in production), so the tests also see that a write through the gateway is visible at once."""

import pytest

from gateway import create_app as create_gateway
from services.documents import create_app as create_documents
from services.documents.demo import load_demo
from tests.conftest import TEST_ADMIN_TOKEN
from tests.support.live import serve_app
from tools.processes import free_port

ADMIN = {"Authorization": f"Bearer {TEST_ADMIN_TOKEN}"}
BASE = "https://cong.example.vn"


def documents_service(data_dir, demo=False, **config):
    service = create_documents({"DATA_DIR": str(data_dir), "ADMIN_TOKEN": TEST_ADMIN_TOKEN, "TESTING": True, **config})
    if demo:
        with service.app_context():
            load_demo(service)
    return service


@pytest.fixture(scope="module")
def demo_documents_url(tmp_path_factory):
    with serve_app(documents_service(tmp_path_factory.mktemp("documents"), demo=True)) as url:
        yield url


@pytest.fixture
def fresh_documents(tmp_path):
    with serve_app(documents_service(tmp_path / "documents")) as url:
        yield url


def gateway_for(tmp_path, documents_url, **config):
    dead = {f"{name}_URL": f"http://127.0.0.1:{free_port()}" for name in ("ARTICLES", "MEDIA", "EXAMS", "ACCOUNTS")}
    return create_gateway(
        {
            "DATA_DIR": str(tmp_path),
            "ADMIN_TOKEN": TEST_ADMIN_TOKEN,
            "TESTING": True,
            **dead,
            "DOCUMENTS_URL": documents_url,
            "PUBLIC_BASE_URL": BASE,
            **config,
        }
    )


@pytest.fixture
def client(tmp_path, demo_documents_url):
    return gateway_for(tmp_path, demo_documents_url).test_client()


@pytest.fixture
def dead_client(tmp_path):
    return gateway_for(tmp_path, f"http://127.0.0.1:{free_port()}").test_client()


def local(url):
    """A public URL as the test client asks for it (its path and query)."""
    assert url.startswith(BASE + "/"), url
    return url[len(BASE) :]


def body_of(response):
    return b"".join(response.response) if response.is_streamed else response.data
