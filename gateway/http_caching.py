"""Cache-Control and ETag on every public GET answer, and 304 for a matching If-None-Match.

How long an answer may be kept follows how it changes: published exam results and statistics do
not change once published (long), media bytes never change under their URL (the media service
says immutable), article lists and pages change when editors publish (seconds to a minute), and a
degraded page only very briefly (compose.py). A view that sets its own Cache-Control keeps it."""
import re

from flask import request

POLICIES = (
    (re.compile(r"^/(healthz|readyz|metrics)$"), "no-store"),
    (re.compile(r"^/api/v1/exams/[^/]+/(results/[^/]+|stats)$"), "public, max-age=3600"),
    (re.compile(r"^/tra-cuu-diem-thi/pho-diem/"), "public, max-age=3600"),
    (re.compile(r"^/tra-cuu-diem-thi$"), "public, max-age=300"),
    (re.compile(r"^/api/v1/exams$"), "public, max-age=300"),
    (re.compile(r"^/(api/v1/)?(albums|videos|hinh-anh|video)(/|$)"), "public, max-age=60"),
    (re.compile(r"^/(rss\.xml|sitemap\.xml)$"), "public, max-age=300"),
    (re.compile(r"^/api/v1/openapi\.json$"), "public, max-age=3600"),
)
DEFAULT = "public, max-age=30"


def policy_for(path):
    for pattern, value in POLICIES:
        if pattern.match(path):
            return value
    return DEFAULT


def init_app(app):
    @app.after_request
    def cache_headers(response):
        if request.method not in ("GET", "HEAD") or response.status_code not in (200, 203, 404, 410):
            response.headers.setdefault("Cache-Control", "no-store")
            return response
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "public, max-age=30" if response.status_code != 200 else policy_for(request.path)
        if response.is_streamed or response.direct_passthrough:
            return response  # proxied media carries the media service's own ETag and 304s
        if response.status_code == 200 and "no-store" not in response.headers["Cache-Control"]:
            if not response.get_etag()[0]:
                response.add_etag()
            response.make_conditional(request)
        response.vary.add("Accept-Encoding")
        return response
