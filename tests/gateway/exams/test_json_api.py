"""/api/v1 exams through the gateway: the contract's shapes from the real service, errors passed
on, and the results upload streamed through (gzip, beyond the gateway's usual body cap, chunked)."""

import gzip
import io

import requests

from gateway.api import spec
from portal_common.openapi import routes_missing_from
from tests.services.exams import xlsx_files
from tests.services.exams.conftest import ADMIN, fixture_bytes
from tests.support.live import serve_app


def test_exam_list_lookup_and_stats_keep_the_contract(client):
    listing = client.get("/api/v1/exams").json
    assert [(exam["id"], exam["year"], exam["candidates"]) for exam in listing["items"]] == [
        ("thpt-2025", 2025, 5),
        ("ct2006-2024", 2024, 5),
    ]
    assert set(listing["items"][0]) >= {"id", "name", "year", "candidates", "subjects"}
    result = client.get("/api/v1/exams/ct2006-2024/results/01018512")
    assert result.status_code == 200
    body = result.json
    assert set(body) == {"exam", "sbd", "scores", "blocks", "percentiles", "province_percentiles", "language"}
    assert {key: body[key] for key in ("exam", "sbd", "scores", "blocks")} == {
        "exam": "ct2006-2024",
        "sbd": "01018512",
        "scores": {"toan": 7, "ngu_van": 8.5, "ngoai_ngu": 4, "lich_su": 4.5, "dia_li": 8.5, "gdcd": 6.25},
        "blocks": {"A07": 20, "C00": 21.5, "C03": 20, "C04": 24, "C14": 21.75, "C19": 19.25, "C20": 23.25, "D04": 19.5},
    }
    # The contract's percentiles: a key for each subject taken and each block, in % with one decimal.
    assert set(body["percentiles"]) == set(body["scores"]) | set(body["blocks"])
    assert all(0 <= share <= 100 and round(share, 1) == share for share in body["percentiles"].values())
    assert body["language"] == "N4"  # Tiếng Trung: the D04 block
    stats = client.get("/api/v1/exams/thpt-2025/stats").json
    assert stats["subjects"]["toan"]["count"] == 4 and {"score", "count"} == set(
        stats["subjects"]["toan"]["histogram"][0]
    )


def test_published_results_stats_and_the_exam_list_are_kept_a_minute_by_browsers(client):
    # The contract: browsers keep published results at most 60 s (a re-marking must reach them).
    assert client.get("/api/v1/exams/ct2006-2024/results/01018512").headers["Cache-Control"] == "public, max-age=60"
    assert client.get("/api/v1/exams/thpt-2025/stats").headers["Cache-Control"] == "public, max-age=60"
    assert client.get("/api/v1/exams").headers["Cache-Control"] == "public, max-age=60"


def test_errors_come_back_as_json_with_their_status(client):
    assert client.get("/api/v1/exams/thpt-2025/results/1234").status_code == 400
    missing = client.get("/api/v1/exams/thpt-2025/results/99999999")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    assert client.get("/api/v1/exams/khong-co/stats").status_code == 404


def test_the_service_limit_reaches_the_caller_as_429(tmp_path, dead_backends):
    from services.exams import create_app

    from .conftest import gateway_for

    service = create_app(
        {"DATA_DIR": str(tmp_path / "s"), "ADMIN_TOKEN": "test-admin-token", "EXAMS_LOOKUP_RATE_LIMIT": "2/minute"}
    )
    service.test_client().put("/api/v1/exams/thpt-2025/results", data=fixture_bytes("national_2025.csv"), headers=ADMIN)
    with serve_app(service) as url:
        client = gateway_for(tmp_path, dead_backends, url).test_client()
        statuses = [client.get("/api/v1/exams/thpt-2025/results/03000001").status_code for _ in range(3)]
        limited = client.get("/api/v1/exams/thpt-2025/results/03000001")
        # Another visitor (another address at the gateway) is counted apart.
        other = client.get("/api/v1/exams/thpt-2025/results/03000001", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert statuses == [200, 200, 429]
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert other.status_code == 200


def test_upload_needs_the_token_at_the_gateway(fresh_app):
    client = fresh_app.test_client()
    assert client.put("/api/v1/exams/thpt-2025/results", data=b"SBD,TOAN\n12345678,5\n").status_code == 401


def test_gzip_upload_larger_than_the_gateway_cap_streams_through(fresh_app):
    rows = "".join(f"{10000000 + n},{n % 10}.25,{(n * 7) % 10}.5,{(n * 3) % 10}.75\n" for n in range(120_000))
    plain = ("SBD,TOAN,VAN,NGOAI_NGU\n" + rows).encode()
    assert len(plain) > 2 * 1024 * 1024
    client = fresh_app.test_client()
    response = client.put(
        "/api/v1/exams/thpt-2025/results?name=Thi thử",
        data=plain,
        headers={**ADMIN, "Content-Type": "text/csv"},
    )
    assert response.status_code == 200 and response.json["imported"] == 120_000, response.json
    packed = gzip.compress(fixture_bytes("national_2025.csv"))
    response = client.put(
        "/api/v1/exams/thpt-2025/results",
        data=packed,
        headers={**ADMIN, "Content-Type": "text/csv", "Content-Encoding": "gzip"},
    )
    assert response.status_code == 200 and response.json["imported"] == 5
    assert client.get("/api/v1/exams/thpt-2025").json["name"] == "Thi thử"
    refused = client.put("/api/v1/exams/thpt-2025/results", data=b"TOAN\n5\n", headers=ADMIN)
    assert refused.status_code == 400 and refused.json["error"]["code"] == "invalid_file"


def test_chunked_upload_without_length_streams_through(fresh_app):
    def chunks():
        body = fixture_bytes("ct2006_official.csv")
        for start in range(0, len(body), 50):
            yield body[start : start + 50]

    with serve_app(fresh_app) as gateway_url:
        response = requests.put(
            f"{gateway_url}/api/v1/exams/ct2006-2025/results", data=chunks(), headers=ADMIN, timeout=30
        )
        assert response.status_code == 200 and response.json()["imported"] == 5
        assert (
            requests.get(f"{gateway_url}/api/v1/exams/ct2006-2025/results/01018512", timeout=10).json()["blocks"]["D04"]
            == 19.5
        )


def test_gateway_spec_describes_the_exam_routes(app):
    assert [route for route in routes_missing_from(app, spec()) if "exams" in route[1]] == []


def _gzip_bomb_as_xlsx():
    """gzip of zip magic bytes and 64 MiB of zeros, compressed a megabyte at a time (~64 KB)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as packed:
        packed.write(b"PK\x03\x04")
        for _ in range(64):
            packed.write(bytes(1024 * 1024))
    return buffer.getvalue()


def test_hostile_uploads_are_refused_through_the_gateway_and_change_nothing(fresh_app):
    client = fresh_app.test_client()
    csv = {**ADMIN, "Content-Type": "text/csv"}
    response = client.put("/api/v1/exams/thpt-2025/results", data=fixture_bytes("national_2025.csv"), headers=csv)
    assert response.status_code == 200
    refusals = [
        (fixture_bytes("ct2006_official.csv"), {**csv, "Content-Encoding": "br"}, 415, "unsupported_media_type"),
        (xlsx_files.with_dtd("sheet", xlsx_files.BILLION_LAUGHS_DTD, "lol9"), ADMIN, 400, "invalid_file"),
        (_gzip_bomb_as_xlsx(), {**csv, "Content-Encoding": "gzip"}, 413, "payload_too_large"),
    ]
    for body, headers, status, code in refusals:
        response = client.put("/api/v1/exams/thpt-2025/results", data=body, headers=headers)
        assert response.status_code == status and response.json["error"]["code"] == code, response.json
    assert client.get("/api/v1/exams/thpt-2025/results/03028916").json["scores"]["toan"] == 8
