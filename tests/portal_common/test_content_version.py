"""The content version's counter, on every document backend (SQLite in DATA_DIR, MongoDB over the
wire, a real MongoDB when MONGO_TEST_URL is set): it starts at 0, every bump counts, and every
worker (another thread, another process) sees the same counter. Then the route and the write hook
on a bare app: writes bump it, refused writes and reads do not, and a bump that fails leaves the
write's answer alone."""

import logging
import multiprocessing
import os
import threading

import pytest
from flask import jsonify, request

from portal_common import content_version
from portal_common.app import create_base_app
from portal_common.auth import admin_required
from portal_common.errors import ApiError
from tests.conftest import TEST_ADMIN_TOKEN
from tests.support.content_version import version

ADMIN = {"Authorization": f"Bearer {TEST_ADMIN_TOKEN}"}


def test_starts_at_0_and_each_bump_counts_per_service(backend_config):
    assert content_version.current(backend_config, "articles") == 0
    assert content_version.bump(backend_config, "articles") == 1
    assert content_version.bump(backend_config, "articles") == 2
    assert content_version.current(backend_config, "articles") == 2
    assert content_version.current(backend_config, "media") == 0


def _read_in_another_thread(config, service):
    seen = []
    reader = threading.Thread(target=lambda: seen.append(content_version.current(config, service)))
    reader.start()
    reader.join(30)
    return seen[0]


def _bump_in_a_worker(config, service, count):
    for _ in range(count):
        content_version.bump(config, service)
    os._exit(0)  # a forked worker leaves without running the parent's pytest teardown


def test_two_workers_see_the_same_counter(backend_config):
    content_version.bump(backend_config, "exams")
    # Another thread has its own SQLite connection (or pooled socket) and sees the bump.
    assert _read_in_another_thread(backend_config, "exams") == 1
    # Another process, as a second gunicorn worker or a replica: its bumps are seen here.
    worker = multiprocessing.get_context("fork").Process(target=_bump_in_a_worker, args=(backend_config, "exams", 3))
    worker.start()
    worker.join(60)
    assert worker.exitcode == 0
    assert content_version.current(backend_config, "exams") == 4
    assert _read_in_another_thread(backend_config, "exams") == 4


def test_concurrent_bumps_from_threads_all_count(backend_config):
    threads, per_thread = 8, 25
    start = threading.Barrier(threads)
    failures = []

    def bump_many():
        start.wait()
        try:
            for _ in range(per_thread):
                content_version.bump(backend_config, "media")
        except Exception as error:  # reported below: a lost or failed bump is the failure
            failures.append(error)

    workers = [threading.Thread(target=bump_many) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert failures == []
    assert content_version.current(backend_config, "media") == threads * per_thread


def test_sqlite_counter_lives_in_its_own_small_file(embedded_config):
    content_version.bump(embedded_config, "articles")
    assert os.path.exists(os.path.join(embedded_config["DATA_DIR"], "content-version.sqlite3"))


# The route and the write hook, on a bare app with one write route.


@pytest.fixture
def app(embedded_config):
    app = create_base_app(__name__, "versioned", test_config=embedded_config)
    things = []

    @app.post("/api/v1/things")
    @admin_required
    def make_thing():
        body = request.get_json(silent=True) or {}
        if "name" not in body:
            raise ApiError(400, "Thiếu 'name'.", field="name")
        things.append(body["name"])
        return jsonify(name=body["name"]), 201

    @app.get("/api/v1/things")
    def list_things():
        return jsonify(items=things)

    content_version.init_app(app, extra=lambda: str(len(things)))
    return app


def test_a_successful_write_changes_the_version_and_extra_is_appended(client):
    assert version(client) == "0.0"
    assert client.post("/api/v1/things", json={"name": "a"}, headers=ADMIN).status_code == 201
    assert version(client) == "1.1"


def test_refused_writes_and_reads_leave_the_version(client):
    before = version(client)
    assert client.post("/api/v1/things", json={"name": "a"}).status_code == 401
    assert client.post("/api/v1/things", json={}, headers=ADMIN).status_code == 400
    assert client.delete("/api/v1/things", headers=ADMIN).status_code == 405
    assert client.post("/api/v1/nowhere", headers=ADMIN).status_code == 404
    assert client.get("/api/v1/things").status_code == 200
    assert version(client) == before


def test_a_failed_bump_keeps_the_write_successful_and_is_logged(app, client, embedded_config, caplog):
    # A directory where the counter's file should be: SQLite cannot open it, for real.
    os.makedirs(os.path.join(embedded_config["DATA_DIR"], "content-version.sqlite3"))
    with caplog.at_level(logging.ERROR, logger="portal_common.content_version"):
        response = client.post("/api/v1/things", json={"name": "a"}, headers=ADMIN)
    assert response.status_code == 201 and response.json == {"name": "a"}
    failures = [r for r in caplog.records if r.name == "portal_common.content_version"]
    assert len(failures) == 1 and failures[0].exc_info is not None


def test_the_polled_route_writes_no_access_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        version(client)
        client.get("/api/v1/things")
    routes = [r.fields["route"] for r in caplog.records if r.name == "portal.access"]
    assert routes == ["/api/v1/things"]
