"""Fixtures the whole suite shares: real storage servers (started once per session, lazily, so a
run that needs none starts none) and the parametrized storage backends every contract suite
runs against."""

import os
import sys
import uuid

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.support.servers import MongoWireServer, RedisServer, S3Server  # noqa: E402

TEST_ADMIN_TOKEN = "test-admin-token"


def _embedded(tmp_path):
    return {"DATA_DIR": str(tmp_path / "data"), "ADMIN_TOKEN": TEST_ADMIN_TOKEN, "TESTING": True}


SHARED_DATA = os.environ.get("PORTAL_SHARED_DATA") or os.path.join(os.path.dirname(ROOT), "shared", "data")


@pytest.fixture(scope="session")
def s3_server():
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def mongo_server():
    server = MongoWireServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


def _fresh_name(prefix):
    return f"{prefix}{uuid.uuid4().hex[:12]}"


DOCUMENT_BACKENDS = ["sqlite", "mongo-wire"] + (["mongo-real"] if os.environ.get("MONGO_TEST_URL") else [])


@pytest.fixture(params=DOCUMENT_BACKENDS)
def backend_config(request, tmp_path):
    """Settings for a service on each document backend: the embedded SQLite store, MongoDB over
    the wire (nx-27017), and a real MongoDB when MONGO_TEST_URL is set. Each test gets a fresh
    database."""
    config = _embedded(tmp_path)
    if request.param == "mongo-wire":
        config["MONGO_URL"] = request.getfixturevalue("mongo_server").url(_fresh_name("t"))
    elif request.param == "mongo-real":
        # MONGO_TEST_URL names a server, without a database: mongodb://host:27017
        config["MONGO_URL"] = os.environ["MONGO_TEST_URL"].rstrip("/") + "/" + _fresh_name("t")
    yield config
    if "MONGO_URL" in config:
        import pymongo

        from portal_common.mongo import close_all

        close_all()
        client = pymongo.MongoClient(config["MONGO_URL"])
        client.drop_database(client.get_default_database().name)
        client.close()


OBJECT_BACKENDS = ["files", "s3"]


@pytest.fixture(params=OBJECT_BACKENDS)
def objects_config(request, tmp_path):
    """Object storage settings on each backend: files under DATA_DIR, and a fresh bucket on the
    real S3 server."""
    if request.param != "s3":
        yield {}
        return
    server = request.getfixturevalue("s3_server")
    bucket = _fresh_name("b")
    yield server.config(bucket)
    server.drop_bucket(bucket)


@pytest.fixture
def embedded_config(tmp_path):
    """A service on the embedded default (SQLite and files under a fresh DATA_DIR)."""
    return _embedded(tmp_path)


# As in Flask's tutorial: each folder's conftest.py gives `app`; these serve whichever it is.
@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def shared_data():
    """../shared/data when present; tests that need it skip, saying why, when it is absent."""
    if not os.path.isdir(SHARED_DATA):
        pytest.skip(f"shared data not found at {SHARED_DATA} (set PORTAL_SHARED_DATA)")
    return SHARED_DATA
