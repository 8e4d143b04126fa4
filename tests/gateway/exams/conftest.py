"""The gateway in front of a real exams service (served in-process on a loopback port).

`exams_url`: one service per module with the small fixture files imported, for reads.
`app`/`client`: the gateway pointed at it (no answer cache, generous limits).
`fresh_exams_url`: an empty service per test, for uploads."""

import pytest

from gateway import create_app as create_gateway
from services.exams import create_app as create_exams
from tests.services.exams.conftest import ADMIN, TOKEN, fixture_bytes
from tests.support.live import serve_app

UNLIMITED = "100000/minute"


def _service(data_dir, files=()):
    service = create_exams(
        {"DATA_DIR": str(data_dir), "ADMIN_TOKEN": TOKEN, "TESTING": True, "EXAMS_LOOKUP_RATE_LIMIT": UNLIMITED}
    )
    client = service.test_client()
    for exam_id, name, query in files:
        response = client.put(f"/api/v1/exams/{exam_id}/results{query}", data=fixture_bytes(name), headers=ADMIN)
        assert response.status_code == 200, response.json
    return service


@pytest.fixture(scope="module")
def exams_url(tmp_path_factory):
    files = [
        ("thpt-2025", "national_2025.csv", "?name=Kỳ thi tốt nghiệp THPT năm 2025"),
        ("ct2006-2024", "ct2006_official.csv", "?name=Kỳ thi chương trình 2006"),
    ]
    with serve_app(_service(tmp_path_factory.mktemp("exams"), files)) as url:
        yield url


@pytest.fixture
def fresh_exams_url(tmp_path):
    with serve_app(_service(tmp_path / "exams")) as url:
        yield url


def gateway_for(tmp_path, dead_backends, exams_url, **extra):
    return create_gateway(
        {
            "DATA_DIR": str(tmp_path),
            "ADMIN_TOKEN": TOKEN,
            "TESTING": True,
            **dead_backends,
            "EXAMS_URL": exams_url,
            "CACHE_ENABLED": False,
            "RATE_LIMIT_EXAM_LOOKUP": UNLIMITED,
            **extra,
        }
    )


@pytest.fixture
def app(tmp_path, dead_backends, exams_url):
    return gateway_for(tmp_path, dead_backends, exams_url)


@pytest.fixture
def fresh_app(tmp_path, dead_backends, fresh_exams_url):
    return gateway_for(tmp_path, dead_backends, fresh_exams_url)
