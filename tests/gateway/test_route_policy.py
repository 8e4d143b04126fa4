"""What a route is — cache life, page-cache eligibility, rate limit — is declared on the route,
and the layers that act on it keep no tables of URLs of their own."""

import pathlib
import re

from portal_common.route_policy import is_declared, policy_for

GATEWAY = pathlib.Path(__file__).resolve().parents[2] / "gateway"
# A compiled pattern over paths or URL rules ("^/api", "/tra-cuu") is a URL table in disguise.
URL_PATTERN = re.compile(r"re\.compile\(r?[\"']\^?/")


def test_every_public_get_declares_its_policy(app):
    undeclared = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static" and not is_declared(app, rule.endpoint)
    ]
    assert undeclared == []


def test_the_layers_read_the_declared_policy(app, client):
    assert policy_for(app, "exams_api.result").limit == "exam-lookup"
    assert policy_for(app, "media_pages.media_bytes").page_cache is False
    assert client.get("/healthz").headers["Cache-Control"] == "no-store"
    assert client.get("/api/v1/openapi.json").headers["Cache-Control"] == "public, max-age=3600"
    # A backend that is down: the 503 is never kept, whatever the route declares.
    assert client.get("/api/v1/exams").headers["Cache-Control"] == "no-store"


def test_no_url_tables_remain_outside_the_routes():
    offenders = [
        f"{path.relative_to(GATEWAY)}: {line.strip()}"
        for path in GATEWAY.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if URL_PATTERN.search(line)
    ]
    assert offenders == []
