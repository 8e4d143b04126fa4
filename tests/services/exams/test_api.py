"""The exams service's HTTP surface: auth on writes, 400/404 on lookups, the per-client rate
limit (429 with Retry-After, keyed by the address the gateway forwards), lists and the spec."""

import pytest

from portal_common.openapi import routes_missing_from
from services.exams import create_app
from services.exams.openapi import spec

from .conftest import ADMIN, fixture_bytes

CSV = fixture_bytes("national_2025.csv")


def test_import_needs_the_admin_token(client):
    assert client.put("/api/v1/exams/thpt-2025/results", data=CSV).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert client.put("/api/v1/exams/thpt-2025/results", data=CSV, headers=wrong).status_code == 401
    assert client.get("/api/v1/exams").json["items"] == []


@pytest.mark.parametrize("exam_id", ["THPT-2025", "thpt_2025", "-thpt", "thpt--2025", "a" * 65])
def test_import_refuses_a_malformed_exam_id(put_results, exam_id):
    response = put_results(exam_id, "national_2025.csv")
    assert response.status_code == 400 and response.json["error"]["field"] == "exam_id"


def test_year_defaults_to_the_number_in_the_id_else_is_required(client, put_results):
    assert put_results("ky-thi-thu", "national_2025.csv").status_code == 400
    assert put_results("ky-thi-thu", "national_2025.csv", "?year=2024").status_code == 200
    assert put_results("hsg-2023-vong-2", "national_2025.csv").status_code == 200
    assert put_results("bad-year-2025", "national_2025.csv", "?year=20x5").status_code == 400
    years = {exam["id"]: exam["year"] for exam in client.get("/api/v1/exams").json["items"]}
    assert years == {"ky-thi-thu": 2024, "hsg-2023-vong-2": 2023}


def test_list_and_detail_follow_the_contract(client, put_results):
    put_results("thpt-2024", "ct2006_official.csv", "?name=Kỳ thi 2024")
    put_results("thpt-2025", "national_2025.csv", "?name=Kỳ thi tốt nghiệp THPT năm 2025")
    body = client.get("/api/v1/exams").json
    assert [exam["id"] for exam in body["items"]] == ["thpt-2025", "thpt-2024"]  # newest first
    assert body["total"] == 2 and body["page"] == 1 and body["pages"] == 1
    first = body["items"][0]
    assert {"id", "name", "year", "candidates", "subjects"} <= set(first)
    assert first["name"] == "Kỳ thi tốt nghiệp THPT năm 2025" and first["year"] == 2025 and first["candidates"] == 5
    assert first["subjects"] == [
        "toan",
        "ngu_van",
        "ngoai_ngu",
        "vat_li",
        "hoa_hoc",
        "sinh_hoc",
        "lich_su",
        "dia_li",
        "gdcd",
        "gdkt_pl",
    ]
    assert client.get("/api/v1/exams/thpt-2025").json == first
    assert client.get("/api/v1/exams/khong-co").status_code == 404
    assert client.get("/api/v1/exams?per_page=101").status_code == 400


def test_reimport_keeps_the_name_unless_given(client, put_results):
    put_results("thpt-2025", "national_2025.csv", "?name=Tên đầu")
    put_results("thpt-2025", "ct2006_official.csv")
    assert client.get("/api/v1/exams/thpt-2025").json["name"] == "Tên đầu"
    # The re-import replaced every result: a number only in the first file is gone.
    assert client.get("/api/v1/exams/thpt-2025/results/03000001").status_code == 404
    assert client.get("/api/v1/exams/thpt-2025/results/01018512").status_code == 200


@pytest.mark.parametrize("sbd", ["0300001", "030000011", "0300000a", "%20%2003000001"])
def test_malformed_sbd_is_400(client, put_results, sbd):
    put_results("thpt-2025", "national_2025.csv")
    response = client.get(f"/api/v1/exams/thpt-2025/results/{sbd}")
    assert response.status_code == 400 and response.json["error"]["field"] == "sbd"


def test_unknown_candidate_and_unknown_exam_are_404(client, put_results):
    put_results("thpt-2025", "national_2025.csv")
    unknown = client.get("/api/v1/exams/thpt-2025/results/99999999")
    assert unknown.status_code == 404 and unknown.json["error"]["code"] == "not_found"
    assert "99999999" in unknown.json["error"]["message"]
    no_exam = client.get("/api/v1/exams/thpt-1999/results/03000001")
    assert no_exam.status_code == 404 and no_exam.json["error"]["field"] == "exam_id"
    assert client.get("/api/v1/exams/thpt-1999/stats").status_code == 404


def test_stats_shape(client, put_results):
    put_results("thpt-2025", "national_2025.csv")
    stats = client.get("/api/v1/exams/thpt-2025/stats").json
    assert stats["exam"] == "thpt-2025" and stats["candidates"] == 5
    toan = stats["subjects"]["toan"]
    # 4.5, 8, 7.2, 4.5 (28002888 took nothing)
    assert toan["count"] == 4 and toan["mean"] == 6.05 and toan["median"] == 5.85
    assert sum(bin["count"] for bin in toan["histogram"]) == 4
    assert toan["histogram"][0] == {"score": 0, "count": 0} and toan["histogram"][-1]["score"] == 10
    assert "A00" in stats["blocks"] and stats["blocks"]["A00"]["count"] == 1


@pytest.fixture
def limited(tmp_path):
    app = create_app(
        {"DATA_DIR": str(tmp_path / "data"), "ADMIN_TOKEN": "test-admin-token", "EXAMS_LOOKUP_RATE_LIMIT": "3/minute"}
    )
    client = app.test_client()
    client.put("/api/v1/exams/thpt-2025/results", data=CSV, headers=ADMIN)
    return client


def test_lookups_beyond_the_limit_are_429_with_retry_after(limited):
    for _ in range(3):
        assert limited.get("/api/v1/exams/thpt-2025/results/03000001").status_code == 200
    response = limited.get("/api/v1/exams/thpt-2025/results/03000001")
    assert response.status_code == 429
    assert response.json["error"]["code"] == "too_many_requests"
    assert 0 < int(response.headers["Retry-After"]) <= 60
    # 404s count too: guessing numbers is what the limit is for.
    assert limited.get("/api/v1/exams/thpt-2025/results/99999999").status_code == 429
    # Only lookups are limited.
    assert limited.get("/api/v1/exams/thpt-2025/stats").status_code == 200
    assert limited.get("/api/v1/exams").status_code == 200


def test_the_limit_is_per_client_address_from_the_gateway(limited):
    def lookup(client_ip):
        # The gateway appends the address it saw to X-Forwarded-For; we trust that one hop.
        headers = {"X-Forwarded-For": f"203.0.113.99, {client_ip}"}
        return limited.get("/api/v1/exams/thpt-2025/results/03000001", headers=headers).status_code

    assert [lookup("198.51.100.1") for _ in range(4)] == [200, 200, 200, 429]
    assert lookup("198.51.100.2") == 200
    # A forged address in front of the gateway's does not buy a fresh count.
    forged = {"X-Forwarded-For": "1.2.3.4, 198.51.100.1"}
    assert limited.get("/api/v1/exams/thpt-2025/results/03000001", headers=forged).status_code == 429


def test_every_api_route_is_in_the_openapi_document(app, client):
    assert routes_missing_from(app, spec()) == []
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.") and "/api/v1/exams/{exam_id}/results/{sbd}" in document["paths"]


def test_replicas_with_the_shared_store_count_one_client_together(tmp_path, redis_server):
    def replica(number):
        app = create_app(
            {
                "DATA_DIR": str(tmp_path / f"replica-{number}"),
                "ADMIN_TOKEN": "test-admin-token",
                "EXAMS_LOOKUP_RATE_LIMIT": "3/minute",
                "RATELIMIT_STORAGE_URI": redis_server.url,
            }
        )
        client = app.test_client()
        client.put("/api/v1/exams/thpt-2025/results", data=CSV, headers=ADMIN)
        return client

    replicas = [replica(0), replica(1)]
    headers = {"X-Forwarded-For": "198.51.100.20"}
    statuses = [
        replicas[n % 2].get("/api/v1/exams/thpt-2025/results/03000001", headers=headers).status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
