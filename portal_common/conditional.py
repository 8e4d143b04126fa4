"""ETag and 304 for answers that may be kept: written once for the gateway (gateway/http_caching.py)
and the services whose answers reach visitors without it (the exams lookups the edge sends
straight to the exams service), so both doors answer alike."""

from flask import request


def make_validatable(response):
    """Give a keepable 200 GET answer an ETag (unless it has one), answer 304 to a matching
    If-None-Match, and say it varies by encoding. Streamed answers keep their own validators."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.is_streamed or response.direct_passthrough:
        return response
    control = response.headers.get("Cache-Control", "")
    if "no-store" in control or "private" in control:
        return response
    if not response.get_etag()[0]:
        response.add_etag()
    response.make_conditional(request)
    response.vary.add("Accept-Encoding")
    return response


def init_app(app):
    app.after_request(make_validatable)
