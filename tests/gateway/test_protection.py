"""Rate limits, security headers, CORS and request caps on the gateway."""

import pytest

from gateway import create_app


@pytest.fixture
def limited_client(tmp_path, dead_backends):
    app = create_app(
        {
            "DATA_DIR": str(tmp_path),
            "TESTING": True,
            "RATE_LIMIT_SEARCH": "3/minute",
            "RATE_LIMIT_EXAM_LOOKUP": "2/minute",
            **dead_backends,
        }
    )
    return app.test_client()


def test_search_page_is_limited_per_client_with_a_page_and_retry_after(limited_client):
    statuses = [limited_client.get("/tim-kiem?q=giao+duc").status_code for _ in range(4)]
    assert statuses[:3] != [429] * 3 and statuses[3] == 429
    limited = limited_client.get("/tim-kiem?q=giao+duc")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.mimetype == "text/html"
    assert "Quá nhiều yêu cầu" in limited.get_data(as_text=True)
    # Another client is not affected.
    other = limited_client.get("/tim-kiem?q=giao+duc", environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other.status_code != 429


def test_exam_lookup_json_is_limited_with_a_json_429(limited_client):
    for _ in range(2):
        limited_client.get("/api/v1/exams/thpt-2025/results/01000001")
    limited = limited_client.get("/api/v1/exams/thpt-2025/results/01000002")
    assert limited.status_code == 429
    assert limited.json["error"]["code"] == "too_many_requests"
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.headers["Cache-Control"] == "no-store"


def test_the_lookup_form_without_a_number_is_not_counted(limited_client):
    for _ in range(5):
        assert limited_client.get("/tra-cuu-diem-thi").status_code != 429


def test_rate_limits_cover_the_lookup_search_and_sign_in_routes(app):
    limited = set(app.extensions["rate_limited_endpoints"])
    assert {"exams_api.result", "exams_pages.lookup", "news_pages.search_page", "news_api.articles"} <= limited
    assert "accounts_api.sign_in" in limited  # a POST: limits count every method but a preflight


def test_security_headers_on_pages_and_api(client):
    for path in ("/", "/api/v1/"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_cors_lets_any_origin_read_the_api_without_credentials(client):
    response = client.get("/api/v1/", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options(
        "/api/v1/", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 200 and "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/", headers={"Origin": "https://example.org"}).headers


def test_oversized_body_is_413_json(client):
    response = client.post("/api/v1/", data=b"x" * (3 * 1024 * 1024))
    assert response.status_code in (405, 413)
    assert response.is_json


def test_api_answers_carry_etag_and_304(client):
    first = client.get("/api/v1/openapi.json")
    assert first.status_code == 200 and first.headers["ETag"]
    assert client.get("/api/v1/openapi.json", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_a_cors_preflight_is_never_counted_against_a_limit(limited_client):
    preflight = {"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    for _ in range(5):
        assert limited_client.options("/api/v1/exams/thpt-2025/results/01000001", headers=preflight).status_code == 200
    assert limited_client.get("/api/v1/exams/thpt-2025/results/01000001").status_code != 429
