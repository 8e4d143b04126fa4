"""Whole answers kept for a few seconds: on results day thousands of visitors open the same
article, album or statistics page, and rendering it again for each (templates, seven backend
answers) is the gateway's largest cost. A kept answer is served as it was, ETag included.

Only what every visitor sees alike is kept: GET answers, 200, complete (not partial), with a
public Cache-Control, for at most PAGE_CACHE_SECONDS (and never longer than the answer's own
max-age). Keyed by path and query string. A write through this worker empties it, so an editor
sees their change at once; other workers and replicas show it within seconds, as the answers' own
Cache-Control already promises browsers."""
import re

from flask import Response, g, request

from .cache import TTLCache

_MAX_AGE = re.compile(r"max-age=(\d+)")
# Never kept: health and metrics must be live, media bytes stream, lookups differ per number.
SKIPPED = re.compile(r"^/(healthz|readyz|metrics|media/)")


class _Kept:
    __slots__ = ("body", "status", "headers")

    def __init__(self, response):
        self.body = response.get_data()
        self.status = response.status_code
        self.headers = [(k, v) for k, v in response.headers.items() if k not in ("X-Request-ID", "Set-Cookie")]


def init_app(app):
    seconds = app.config["PAGE_CACHE_SECONDS"]
    if not app.config["CACHE_ENABLED"] or seconds <= 0:
        return
    cache = app.extensions["page_cache"] = TTLCache(app.config["PAGE_CACHE_ENTRIES"])

    def cacheable_request():
        return request.method == "GET" and not SKIPPED.match(request.path) and "Authorization" not in request.headers

    @app.before_request
    def serve_kept():
        if not cacheable_request():
            return None
        kept = cache.peek(request.full_path)
        if kept is None:
            return None
        g.page_cache_hit = True
        response = Response(kept.body, status=kept.status, headers=kept.headers)
        return response.make_conditional(request)

    @app.after_request
    def keep(response):
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and response.status_code < 400:
            cache.clear()
            return response
        if g.get("page_cache_hit") or not cacheable_request() or response.status_code != 200:
            return response
        # compose.py marks a degraded page after this hook runs, so ask it directly.
        if response.is_streamed or response.direct_passthrough or g.get("partial_backends"):
            return response
        control = response.headers.get("Cache-Control", "")
        age = _MAX_AGE.search(control)
        if "public" not in control or age is None:
            return response
        cache.put(request.full_path, _Kept(response), min(seconds, int(age.group(1))))
        return response

    return cache
