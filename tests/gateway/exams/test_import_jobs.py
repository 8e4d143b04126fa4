"""Import jobs through the gateway: the POST streams through to the service (larger than the
gateway's own body cap), the job and the list are passed on with the portal's absolute `url`,
never kept by a cache, and need a token at the gateway."""

import gzip
import time

from tests.services.exams.conftest import ADMIN, fixture_bytes


def _finished(client, url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        response = client.get(url, headers=ADMIN)
        assert response.status_code == 200, response.json
        if response.json["state"] in ("done", "failed"):
            return response
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def test_a_job_through_the_gateway_keeps_the_contract(fresh_app):
    client = fresh_app.test_client()
    rows = "".join(f"{10000000 + n},{n % 10}.25,{(n * 7) % 10}.5\n" for n in range(130_000))
    body = ("SBD,TOAN,VAN\n" + rows + "abc,1,1\n").encode()
    assert len(body) > 2 * 1024 * 1024  # past the gateway's MAX_REQUEST_BYTES: streamed through
    started = client.post(
        "/api/v1/exams/thi-thu-2026/imports?name=Thi thử 2026", data=body, headers={**ADMIN, "Content-Type": "text/csv"}
    )
    assert started.status_code == 202, started.json
    assert set(started.json) == {"job", "state", "url"}
    assert started.json["url"] == f"http://localhost/api/v1/exams/thi-thu-2026/imports/{started.json['job']}"
    path = started.json["url"].removeprefix("http://localhost")
    job = _finished(client, path)
    assert job.headers["Cache-Control"] == "private, no-store"
    assert {"job", "state", "rows", "imported", "rejected", "rejected_total", "started_at", "finished_at"} <= set(
        job.json
    )
    assert (job.json["state"], job.json["imported"], job.json["rejected_total"]) == ("done", 130_000, 1)
    assert job.json["rejected"][0]["line"] == 130_002 and job.json["url"].startswith("http://localhost/")
    assert client.get("/api/v1/exams/thi-thu-2026").json["name"] == "Thi thử 2026"
    listed = client.get("/api/v1/exam-imports?exam=thi-thu-2026", headers=ADMIN)
    assert listed.headers["Cache-Control"] == "private, no-store"
    assert [item["job"] for item in listed.json["items"]] == [started.json["job"]]
    assert listed.json["items"][0]["url"] == started.json["url"]


def test_a_gzipped_job_and_a_failed_one(fresh_app):
    client = fresh_app.test_client()
    gzipped = {**ADMIN, "Content-Type": "text/csv", "Content-Encoding": "gzip"}
    packed = gzip.compress(fixture_bytes("national_2025.csv"))
    url = client.post("/api/v1/exams/thpt-2025/imports", data=packed, headers=gzipped).json["url"]
    assert _finished(client, url.removeprefix("http://localhost")).json["imported"] == 5
    url = client.post("/api/v1/exams/thpt-2025/imports", data=packed[:-20], headers=gzipped).json["url"]
    failed = _finished(client, url.removeprefix("http://localhost")).json
    assert failed["state"] == "failed" and "gzip" in failed["reason"]
    assert client.get("/api/v1/exams/thpt-2025/results/03028916").json["scores"]["toan"] == 8


def test_job_routes_need_a_token_at_the_gateway(fresh_app):
    client = fresh_app.test_client()
    assert client.post("/api/v1/exams/thpt-2025/imports", data=b"SBD,TOAN\n12345678,5\n").status_code == 401
    assert client.get("/api/v1/exams/thpt-2025/imports/abc").status_code == 401
    assert client.get("/api/v1/exam-imports").status_code == 401
    missing = client.get("/api/v1/exams/thpt-2025/imports/abc", headers=ADMIN)
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
