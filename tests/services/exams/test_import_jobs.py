"""Imports as jobs (POST …/imports → 202, GET …/imports/<job>), on every document backend: a job
with bad rows and its report, a failed job changing nothing, the caps and guards of the PUT, the
list of jobs, and a job whose process was killed mid-import reported failed with its reason."""

import gzip
import json
import os
import subprocess
import sys
import time

import pytest

from portal_common.store import get_store
from services.exams import create_app
from services.exams.jobs import INTERRUPTED

from .conftest import ADMIN, fixture_bytes

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


@pytest.fixture
def client(any_app):
    return any_app.test_client()


def start(client, exam_id, body, query="", headers=None):
    return client.post(
        f"/api/v1/exams/{exam_id}/imports{query}",
        data=body,
        headers={**ADMIN, "Content-Type": "text/csv", **(headers or {})},
    )


def finished(client, url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(url, headers=ADMIN).json
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.02)
    raise AssertionError(f"the job did not finish: {job}")


def test_a_job_with_bad_rows_imports_the_good_ones_and_reports_the_rest(client):
    response = start(client, "thpt-2025", fixture_bytes("national_2025.csv"), "?name=Kỳ thi 2025")
    assert response.status_code == 202
    started = response.json
    assert set(started) == {"job", "state", "url"} and started["state"] in ("queued", "running", "done")
    assert started["url"] == f"/api/v1/exams/thpt-2025/imports/{started['job']}"
    assert response.headers["Cache-Control"] == "private, no-store"
    job = finished(client, started["url"])
    assert job["state"] == "done", job
    assert (job["imported"], job["rejected_total"], job["rows"]) == (5, 4, 9)
    assert [row["line"] for row in job["rejected"]] == [7, 8, 9, 10]
    assert "lặp lại" in job["rejected"][3]["reason"]
    assert job["started_at"] <= job["finished_at"] and job["finished_at"].endswith("+07:00")
    assert job["reason"] is None and job["user"] == "ADMIN_TOKEN"
    assert client.get("/api/v1/exams/thpt-2025/results/03028916").json["blocks"]["A00"] == 20.75
    assert client.get("/api/v1/exams/thpt-2025").json["name"] == "Kỳ thi 2025"
    listed = client.get("/api/v1/exam-imports", headers=ADMIN).json["items"]
    assert [(item["job"], item["state"], item["rejected_total"]) for item in listed] == [(started["job"], "done", 4)]
    assert client.get("/api/v1/exam-imports?exam=khac", headers=ADMIN).json["items"] == []


def test_a_gzipped_job_and_rejected_lines_kept_beyond_the_puts_thousand(any_app, client):
    bad = "".join(f"abc{n},5\n" for n in range(1500))
    body = gzip.compress(("sbd,toan\n01000001,5\n" + bad).encode())
    job = finished(client, start(client, "thi-thu-2025", body, headers={"Content-Encoding": "gzip"}).json["url"])
    assert job["state"] == "done" and job["imported"] == 1
    assert job["rejected_total"] == 1500 and len(job["rejected"]) == 1500
    any_app.config["EXAMS_JOB_MAX_REJECTED"] = 10
    job = finished(client, start(client, "thi-thu-2025", body, headers={"Content-Encoding": "gzip"}).json["url"])
    assert job["rejected_total"] == 1500 and len(job["rejected"]) == 10


def test_a_failed_job_changes_nothing(any_app, client):
    first = finished(client, start(client, "thpt-2025", fixture_bytes("national_2025.csv")).json["url"])
    before = client.get("/api/v1/exams/thpt-2025").json
    broken = gzip.compress(b"SBD,TOAN\n" + b"01000001,5\n" * 10)[:-12]  # a truncated gzip
    job = finished(client, start(client, "thpt-2025", broken).json["url"])
    assert job["state"] == "failed" and "gzip" in job["reason"] and job["imported"] == 0
    not_results = finished(client, start(client, "thpt-2025", b"hello\nworld\n").json["url"])
    assert not_results["state"] == "failed" and not_results["reason"]
    assert client.get("/api/v1/exams/thpt-2025").json == before
    assert client.get("/api/v1/exams/thpt-2025/results/03028916").json["scores"]["toan"] == 8
    assert client.get("/api/v1/exams/thpt-2025/results/01000001").status_code == 404
    assert first["state"] == "done"
    with any_app.app_context():
        assert _generations(get_store()) == 1
    # Spooled files are gone once their jobs end.
    assert os.listdir(os.path.join(any_app.config["DATA_DIR"], "exam-imports")) == []


def _generations(store):
    if hasattr(store, "conn"):
        return store.conn.execute("SELECT count(*) FROM generations").fetchone()[0]
    return store.db.exam_generations.count_documents({})


def test_jobs_are_the_officers_and_judged_before_the_body(any_app, client):
    body = fixture_bytes("national_2025.csv")
    assert client.post("/api/v1/exams/thpt-2025/imports", data=body).status_code == 401
    assert client.get("/api/v1/exam-imports").status_code == 401
    assert start(client, "THPT", body).json["error"]["field"] == "exam_id"
    assert start(client, "thi-thu", body).json["error"]["field"] == "year"
    assert start(client, "thpt-2025", body, "?published_at=mai").json["error"]["field"] == "published_at"
    assert start(client, "thpt-2025", body, headers={"Content-Encoding": "br"}).status_code == 415
    assert start(client, "thpt-2025", b"").status_code == 400
    any_app.config["EXAMS_MAX_IMPORT_BYTES"] = 100
    too_big = start(client, "thpt-2025", body)
    assert too_big.status_code == 413 and too_big.json["error"]["code"] == "payload_too_large"
    assert client.get("/api/v1/exam-imports", headers=ADMIN).json["items"] == []
    assert client.get("/api/v1/exams/thpt-2025/imports/khong-co", headers=ADMIN).status_code == 404


def test_a_job_for_one_exam_is_not_found_under_another(client):
    url = start(client, "thpt-2025", fixture_bytes("national_2025.csv")).json["url"]
    finished(client, url)
    other = url.replace("thpt-2025", "thpt-2024")
    response = client.get(other, headers=ADMIN)
    assert response.status_code == 404 and "lượt nhập" in response.json["error"]["message"]


def test_a_job_whose_process_was_killed_is_reported_failed(backend_config):
    """The child starts a job of 400,000 rows and is killed with SIGKILL once the job has read some:
    no thread is left to say so, and the next reader finds its heartbeat stale."""
    config = {**backend_config, "EXAMS_JOB_HEARTBEAT_SECONDS": 0.1}
    client = create_app({**config, "EXAMS_JOB_STALE_SECONDS": 1.0}).test_client()
    finished(client, start(client, "thpt-2025", fixture_bytes("national_2025.csv")).json["url"])
    before = client.get("/api/v1/exams/thpt-2025").json
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.services.exams.job_child", json.dumps(config), "thpt-2025", "400000"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        said = json.loads(child.stdout.readline())
    finally:
        child.kill()
        child.wait()
    assert "url" in said, said  # it was running when it died
    running = client.get(said["url"], headers=ADMIN).json
    assert running["state"] == "running" and running["rows"] > 0  # not stale yet
    time.sleep(1.3)
    job = client.get(said["url"], headers=ADMIN).json
    assert job["state"] == "failed" and job["reason"] == INTERRUPTED and job["finished_at"]
    assert client.get(said["url"], headers=ADMIN).json == job  # recorded, not just reported
    assert client.get("/api/v1/exams/thpt-2025").json == before
    assert client.get("/api/v1/exams/thpt-2025/results/10000001").status_code == 404
    # The exam's next import drops what the dead one left half written.
    finished(client, start(client, "thpt-2025", fixture_bytes("national_2025.csv")).json["url"])
    app = create_app(config)
    with app.app_context():
        assert _generations(get_store()) == 1
